use super::*;
use crate::diag::{Position, Severity};

/// A site in memory: output files, origins and source texts.
#[derive(Default)]
struct Fixture {
    files: Vec<OutputFile>,
    static_files: Vec<PathBuf>,
    origins: BTreeMap<PathBuf, PageOrigin>,
    texts: BTreeMap<PathBuf, Arc<str>>,
    base_url: Option<&'static str>,
    listed_urls: Vec<String>,
}

impl Fixture {
    fn page(mut self, path: &str, body: &str) -> Self {
        self.files.retain(|f| f.path != Path::new(path));
        self.files.push(OutputFile {
            path: path.into(),
            bytes: format!("<!DOCTYPE html><html><body>\n{body}\n</body></html>\n")
                .into_bytes()
                .into(),
        });
        self
    }

    fn file(mut self, path: &str, text: &str) -> Self {
        self.files.push(OutputFile {
            path: path.into(),
            bytes: std::sync::Arc::new(text.as_bytes().to_vec()),
        });
        self
    }

    fn origin(mut self, page: &str, template: &'static str, sources: &[&str]) -> Self {
        self.origins.insert(
            page.into(),
            PageOrigin {
                template,
                sources: sources.iter().map(PathBuf::from).collect(),
            },
        );
        self
    }

    fn text(mut self, file: &str, text: &str) -> Self {
        self.texts.insert(file.into(), text.into());
        self
    }

    fn run(&self) -> LinkReport {
        check(&LinkInput {
            files: &self.files,
            static_files: &self.static_files,
            origins: &self.origins,
            texts: &self.texts,
            base_url: self.base_url,
            listed_urls: &self.listed_urls,
            collect_external: true,
        })
    }
}

fn site() -> Fixture {
    Fixture {
        static_files: vec!["img/a.png".into()],
        ..Fixture::default()
    }
    .page(
        "index.html",
        "<h2 id=\"why\">Why</h2><a href=\"timeline/index.html#e1\">e</a><img src=\"img/a.png\">",
    )
    .page(
        "timeline/index.html",
        "<li id=\"e1\"><a href=\"../index.html#why\">x</a> <a href=\"#e1\">#</a></li>",
    )
    .origin("index.html", "explainer.html", &["content/index.md"])
    .origin(
        "timeline/index.html",
        "timeline.html",
        &["content/timeline/e1.md"],
    )
}

fn position(d: &Diagnostic) -> (String, Option<Position>) {
    let l = d.location.as_ref().expect("a location");
    (l.file.display().to_string(), l.position)
}

fn at(line: usize, column: usize) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn a_sound_site_has_no_problems() {
    let r = site().run();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!((r.pages, r.links), (2, 4));
}

#[test]
fn raw_html_in_content_is_reported_at_its_line() {
    let md = "+++\ntitle = \"x\"\n+++\nSee <a href=\"nope.html\">this</a>.\n";
    let r = site()
        .page(
            "background/x/index.html",
            "<p>See <a href=\"nope.html\">this</a>.</p>",
        )
        .origin(
            "background/x/index.html",
            "background.html",
            &["content/background/x.md"],
        )
        .text("content/background/x.md", md)
        .run();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("nope.html"))
        .expect("the broken link");
    assert!(d.is_error());
    assert_eq!(
        d.message,
        "broken link `nope.html`: `background/x/nope.html` is not in the output"
    );
    assert_eq!(position(d), ("content/background/x.md".into(), at(4, 14)));
}

#[test]
fn broken_fragments_suggest_the_nearest_id() {
    let md = "Back to [why](../index.html#wyh) and <a href='#nowhere'>here</a>.\n";
    let r = site()
        .page(
            "timeline/index.html",
            "<li id=\"e1\"><a href=\"../index.html#wyh\">why</a> <a href='#nowhere'>here</a></li>",
        )
        .text("content/timeline/e1.md", md)
        .run();
    let msgs: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "broken link `../index.html#wyh`: `index.html` has no element with id `wyh`",
            "broken link `#nowhere`: `timeline/index.html` has no element with id `nowhere`",
        ]
    );
    assert_eq!(
        r.diagnostics[0].hint.as_deref(),
        Some("did you mean `#why`?")
    );
    assert_eq!(
        position(&r.diagnostics[0]),
        ("content/timeline/e1.md".into(), at(1, 15))
    );
    assert_eq!(
        position(&r.diagnostics[1]),
        ("content/timeline/e1.md".into(), at(1, 47))
    );
}

#[test]
fn a_template_override_is_named_with_its_line() {
    let nav = "<nav>\n<a href=\"{{ page.root }}about.html\">About</a>\n</nav>\n";
    let r = site()
        .page(
            "index.html",
            "<h2 id=\"why\"></h2><a href=\"about.html\">About</a>",
        )
        .page(
            "background/x/index.html",
            "<a href=\"../../about.html\">About</a>",
        )
        .origin("background/x/index.html", "background.html", &[])
        .text("templates/partials/nav.html", nav)
        .run();
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(
        position(d),
        ("templates/partials/nav.html".into(), at(2, 25))
    );
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .ends_with("(also on 1 other page)"),
        "{:?}",
        d.hint
    );
}

#[test]
fn a_built_in_template_is_named_with_the_output_line() {
    let r = site()
        .page(
            "glossary/index.html",
            "<p>\n<a href=\"#letter-q\">Q</a></p>",
        )
        .origin("glossary/index.html", "glossary.html", &[])
        .run();
    assert_eq!(r.diagnostics.len(), 1);
    let d = &r.diagnostics[0];
    let loc = d.location.as_ref().unwrap();
    assert_eq!(loc.file, Path::new("templates/glossary.html"));
    assert_eq!(loc.position, None);
    let hint = d.hint.as_deref().unwrap();
    assert!(
        hint.contains("on line 3 of `glossary/index.html`")
            && hint.contains("templates/glossary.html` or a template it includes"),
        "{hint}"
    );
}

#[test]
fn root_absolute_and_protocol_relative_urls_are_reported() {
    let md = "[a](/timeline/index.html#e1) [b](//cdn.example.org/x.js)\n";
    let r = site()
        .page(
            "background/x/index.html",
            "<a href=\"/timeline/index.html#e1\">a</a><a href=\"//cdn.example.org/x.js\">b</a>",
        )
        .origin(
            "background/x/index.html",
            "background.html",
            &["content/background/x.md"],
        )
        .text("content/background/x.md", md)
        .run();
    assert_eq!(r.diagnostics.len(), 2, "{:?}", r.diagnostics);
    let abs = &r.diagnostics[0];
    assert!(abs.is_error() && abs.message.starts_with("root-absolute link"));
    assert_eq!(
        abs.hint.as_deref(),
        Some("write it relative to the page (`background/x/index.html`): `../../timeline/index.html#e1`")
    );
    let proto = &r.diagnostics[1];
    assert_eq!(proto.severity, Severity::Warning);
    assert_eq!(
        position(proto),
        ("content/background/x.md".into(), at(1, 34))
    );
}

#[test]
fn folder_links_warn_and_missing_folders_fail() {
    let md = "[t](../timeline/) [u](../timeline) [n](../nowhere/) [up](../../x.html)\n";
    let r = site()
        .page(
            "background/index.html",
            "<a href=\"../timeline/\">t</a><a href=\"../timeline\">u</a><a href=\"../nowhere/\">n</a><a href=\"../../x.html\">up</a>",
        )
        .origin(
            "background/index.html",
            "background_index.html",
            &["content/background/a.md"],
        )
        .text("content/background/a.md", md)
        .run();
    let got: Vec<(Severity, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Severity::Warning,
                "link to the folder `../timeline/`: opened from disk it shows a file listing, not the page"
            ),
            (
                Severity::Warning,
                "link to the folder `../timeline`: opened from disk it shows a file listing, not the page"
            ),
            (
                Severity::Error,
                "broken link `../nowhere/`: `nowhere` is not in the output"
            ),
            (
                Severity::Error,
                "broken link `../../x.html`: it leads above the site's root folder"
            ),
        ]
    );
    assert_eq!(
        r.diagnostics[0].hint.as_deref(),
        Some("link to `../timeline/index.html` instead")
    );
}

#[test]
fn urls_under_base_url_are_internal_and_may_name_folders() {
    let mut f = site().page(
        "background/index.html",
        "<link rel=\"canonical\" href=\"https://example.org/d/timeline/\"><a href=\"https://example.org/d/gone.html\">g</a>",
    );
    f.base_url = Some("https://example.org/d/");
    let r = f.run();
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert!(r.diagnostics[0]
        .message
        .contains("`gone.html` is not in the output"));
    assert!(r.external.is_empty());
}

#[test]
fn stylesheets_srcset_and_suggestions() {
    let r = site()
        .file(
            "style.css",
            "/* url(skip.png) */ .a { background: url(\"img/b.png\") } .f { filter: url(#f) }",
        )
        .page(
            "timeline/index.html",
            "<li id=\"e1\"><img srcset=\"../img/a.png 1x, ../img/aa.png 2x\"></li>",
        )
        .run();
    let msgs: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "broken link `img/b.png`: `img/b.png` is not in the output",
            "broken link `../img/aa.png`: `img/aa.png` is not in the output",
        ],
        "{:?}",
        r.diagnostics
    );
    assert_eq!(
        r.diagnostics[0].location.as_ref().unwrap().file,
        Path::new("templates/style.css")
    );
    let hint = r.diagnostics[1].hint.as_deref().unwrap();
    assert!(
        hint.starts_with("did you mean `../img/a.png`? Links are relative to the page they are on (`timeline/index.html`); it is on line 2"),
        "{hint}"
    );
}

#[test]
fn external_urls_are_collected_with_their_uses() {
    let sources = "[[source]]\nid = \"S1\"\nurl = \"https://example.org/report\"\n";
    let md =
        "See [the site](https://example.org/a#part) and mail <a href=\"mailto:a@b.c\">us</a>.\n";
    let r = site()
        .page(
            "index.html",
            "<h2 id=\"why\"></h2><a href=\"https://example.org/a#part\">a</a><a href=\"mailto:a@b.c\">m</a><a href=\"https://example.org/report\">r</a>",
        )
        .text("content/index.md", md)
        .text("content/sources.toml", sources)
        .run();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let urls: Vec<&str> = r.external.iter().map(|e| e.url.as_str()).collect();
    assert_eq!(
        urls,
        ["https://example.org/a", "https://example.org/report"]
    );
    assert_eq!(
        r.external[0].uses,
        [Use {
            file: "content/index.md".into(),
            span: Some(15..41),
        }]
    );
    assert_eq!(
        r.external[1].uses[0].file,
        Path::new("content/sources.toml")
    );
}
