//! `dossier build` on the valid fixture site: what a reader of the output sees.
//!
//! HTML is checked with a parser (scraper), never by substring, and against the contract
//! of CONTENT.md (ids from file names, order rules, relative links), not against the
//! details of the built-in templates.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use common::{resolve_href, sel, snapshot, text, Run, Site};
use scraper::{ElementRef, Html};

/// The valid fixture built into `<tmp>/out`.
struct Built {
    sandbox: Site,
    run: Run,
    tree: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn new(args: &[&str]) -> Built {
        Built::from(Site::fixture("valid"), args)
    }

    fn from(sandbox: Site, args: &[&str]) -> Built {
        let run = sandbox.build("out", args);
        run.assert_code(0);
        let tree = snapshot(&sandbox.path("out"));
        Built { sandbox, run, tree }
    }

    fn page(&self, path: &str) -> Html {
        let bytes = self
            .tree
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not written; output: {:?}", self.tree.keys()));
        Html::parse_document(std::str::from_utf8(bytes).expect("pages are UTF-8"))
    }

    fn pages(&self) -> Vec<(String, Html)> {
        common::html_pages(&self.tree)
            .into_iter()
            .map(|p| {
                let html = self.page(&p);
                (p, html)
            })
            .collect()
    }
}

/// The element whose `id` is exactly `id` (attribute selector: ids may start with a digit).
fn by_id<'a>(doc: &'a Html, id: &str) -> Option<ElementRef<'a>> {
    doc.select(&sel("[id]"))
        .find(|e| e.value().id() == Some(id))
}

fn ids(doc: &Html) -> Vec<String> {
    doc.select(&sel("[id]"))
        .filter_map(|e| e.value().id().map(str::to_string))
        .collect()
}

const SECTIONS: [&str; 4] = [
    "index.html",
    "background/index.html",
    "timeline/index.html",
    "glossary/index.html",
];

#[test]
fn valid_site_builds_every_page_without_warnings() {
    let b = Built::new(&[]);
    assert!(
        !b.run.stderr.contains("warning") && !b.run.stderr.contains("error"),
        "a valid site builds silently apart from its summary:\n{}",
        b.run.stderr
    );
    for f in [
        "index.html",
        "background/index.html",
        "background/history-of-the-lease/index.html",
        "background/who-is-who/index.html",
        "timeline/index.html",
        "glossary/index.html",
    ] {
        assert!(
            b.tree.contains_key(f),
            "{f} missing from {:?}",
            b.tree.keys()
        );
    }
    assert!(
        !b.tree[&common::asset(&b.tree, "style.css")].is_empty(),
        "style.css is the built-in stylesheet"
    );
}

#[test]
fn every_page_has_one_h1_and_relative_nav_to_the_four_sections() {
    let b = Built::new(&[]);
    let pages = b.pages();
    assert!(pages.len() >= 6, "{:?}", b.tree.keys());
    for (path, doc) in &pages {
        let h1s: Vec<String> = doc.select(&sel("h1")).map(text).collect();
        assert_eq!(h1s.len(), 1, "{path} has h1s {h1s:?}");

        let mut reached = BTreeSet::new();
        for a in doc.select(&sel("nav a[href]")) {
            let href = a.value().attr("href").unwrap();
            if let Some((target, None)) = resolve_href(path, href) {
                if SECTIONS.contains(&target.as_str()) {
                    assert!(
                        href.ends_with("index.html") && !href.starts_with('/'),
                        "{path}: nav link `{href}` must be relative and end in index.html"
                    );
                    reached.insert(target);
                }
            }
        }
        let missing: Vec<&str> = SECTIONS
            .iter()
            .filter(|s| !reached.contains(**s))
            .copied()
            .collect();
        assert!(
            missing.is_empty(),
            "{path}: nav does not link to {missing:?}"
        );

        for e in doc.select(&sel("[href], [src]")) {
            for attr in ["href", "src"] {
                if let Some(v) = e.value().attr(attr) {
                    assert!(
                        !v.starts_with('/'),
                        "{path}: {attr}=\"{v}\" is root-absolute; links must work under any prefix"
                    );
                }
            }
        }
    }
}

#[test]
fn every_internal_link_resolves_to_a_file_and_an_id() {
    let b = Built::new(&[]);
    let pages: BTreeMap<String, Html> = b.pages().into_iter().collect();
    let page_ids: BTreeMap<&String, BTreeSet<String>> = pages
        .iter()
        .map(|(p, doc)| (p, ids(doc).into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (path, doc) in &pages {
        for e in doc.select(&sel("[href], [src]")) {
            for attr in ["href", "src"] {
                let Some(v) = e.value().attr(attr) else {
                    continue;
                };
                let Some((target, fragment)) = resolve_href(path, v) else {
                    continue;
                };
                checked += 1;
                assert!(
                    b.tree.contains_key(&target),
                    "{path}: {attr}=\"{v}\" points at {target}, which was not written"
                );
                if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                    let ids = page_ids
                        .get(&target)
                        .unwrap_or_else(|| panic!("{path}: `{v}` has a #fragment on a non-page"));
                    assert!(
                        ids.contains(&frag),
                        "{path}: {attr}=\"{v}\": {target} has no id `{frag}`"
                    );
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} internal links found");
}

#[test]
fn element_ids_are_unique_on_every_page() {
    let b = Built::new(&[]);
    for (path, doc) in b.pages() {
        let mut seen = BTreeSet::new();
        for id in ids(&doc) {
            assert!(seen.insert(id.clone()), "{path}: id `{id}` is used twice");
        }
    }
}

#[test]
fn timeline_lists_events_oldest_first_grouped_by_year() {
    let b = Built::new(&[]);
    let doc = b.page("timeline/index.html");
    // (id = file slug, <time datetime> exactly as written)
    let expected = [
        ("lease-talks-begin", "2020"), // from `Lease Talks Begin.md`
        ("2023-budget", "2023"),
        ("2023-03-report", "2023-03"),
        ("2023-03-01-dredging-starts", "2023-03-01"),
        ("2024-03-council-vote", "2024-03-14"),
    ];
    let wanted: BTreeSet<&str> = expected.iter().map(|(id, _)| *id).collect();
    let order: Vec<String> = ids(&doc)
        .into_iter()
        .filter(|id| wanted.contains(id.as_str()))
        .collect();
    assert_eq!(
        order,
        expected
            .iter()
            .map(|(id, _)| id.to_string())
            .collect::<Vec<_>>(),
        "events oldest first; a partial date before the full dates of its period"
    );

    // (node of the year group, its heading); the node type comes from scraper's tree.
    let mut groups: Vec<(_, String)> = Vec::new();
    for (id, datetime) in expected {
        let event = by_id(&doc, id).unwrap();
        let time = event
            .select(&sel("time[datetime]"))
            .next()
            .unwrap_or_else(|| panic!("event {id} has no <time datetime>"));
        assert_eq!(time.value().attr("datetime"), Some(datetime), "event {id}");

        // The year group: the nearest ancestor holding an h2, whose h2 names the year.
        let group = event
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find_map(|a| a.select(&sel("h2")).next().map(|h| (a.id(), text(h))))
            .unwrap_or_else(|| panic!("event {id} is not under a year heading"));
        assert_eq!(group.1, &datetime[..4], "event {id} sits under its year");
        if groups.last().map(|g| g.0) != Some(group.0) {
            assert!(
                groups.iter().all(|g| g.0 != group.0),
                "year {} is split in two",
                group.1
            );
            groups.push(group);
        }
    }
    let years: Vec<&str> = groups.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(years, ["2020", "2023", "2024"]);
}

#[test]
fn timeline_shows_end_dates_and_display_dates() {
    let b = Built::new(&[]);
    let doc = b.page("timeline/index.html");
    let when = |id: &str| {
        text(
            by_id(&doc, id)
                .unwrap()
                .select(&sel("time[datetime]"))
                .next()
                .unwrap(),
        )
    };
    // date = 2023-03-01, end_date = "2023-03-04": each end is its own <time>.
    let meta = by_id(&doc, "2023-03-01-dredging-starts")
        .unwrap()
        .select(&sel(".event-meta"))
        .next()
        .unwrap();
    assert!(text(meta).starts_with("1–4 March 2023"), "{}", text(meta));
    let ends: Vec<(&str, String)> = meta
        .select(&sel("time[datetime]"))
        .map(|t| (t.attr("datetime").unwrap(), text(t)))
        .collect();
    assert_eq!(
        ends,
        [
            ("2023-03-01", "1".into()),
            ("2023-03-04", "4 March 2023".into())
        ]
    );
    // display_date replaces the computed text; datetime keeps the real date.
    assert_eq!(when("2024-03-council-vote"), "Mid-March 2024");
    assert_eq!(when("2023-03-report"), "March 2023");
    assert_eq!(when("lease-talks-begin"), "2020");
}

#[test]
fn glossary_is_alphabetical_ignoring_case_with_ids_from_file_names() {
    let b = Built::new(&[]);
    let doc = b.page("glossary/index.html");
    // `dredging` is lower-case: a byte-wise sort would put it last.
    let expected = [
        ("dredging", "dredging", vec!["Dredging"]),
        ("harbour-authority", "Harbour Authority", vec!["HA"]),
        ("port-tribunal", "Port Tribunal", vec!["the Tribunal"]),
    ];
    let wanted: BTreeSet<&str> = expected.iter().map(|e| e.0).collect();
    let order: Vec<String> = ids(&doc)
        .into_iter()
        .filter(|id| wanted.contains(id.as_str()))
        .collect();
    assert_eq!(
        order,
        expected.iter().map(|e| e.0.to_string()).collect::<Vec<_>>()
    );
    for (id, term, aliases) in expected {
        let entry = by_id(&doc, id).unwrap();
        let heading = entry
            .select(&sel("h2, h3, h4"))
            .next()
            .unwrap_or_else(|| panic!("term {id} has no heading"));
        assert_eq!(text(heading), term);
        let shown = text(entry);
        for a in aliases {
            assert!(
                shown.contains(a),
                "term {id} shows its alias {a:?}: {shown:?}"
            );
        }
    }
}

#[test]
fn background_pages_are_ordered_by_weight() {
    let b = Built::new(&[]);
    let doc = b.page("background/index.html");
    let listed: Vec<String> = doc
        .select(&sel("main a[href]"))
        .filter_map(|a| resolve_href("background/index.html", a.value().attr("href")?))
        .map(|(t, _)| t)
        .filter(|t| t.starts_with("background/") && t != "background/index.html")
        .collect();
    assert_eq!(
        listed,
        [
            "background/who-is-who/index.html",           // weight 10
            "background/history-of-the-lease/index.html", // weight 20
        ]
    );
}

#[test]
fn explainer_has_heading_anchors_and_a_table_of_contents() {
    let b = Built::new(&[]);
    let doc = b.page("index.html");
    let headings = [
        ("why-it-matters", "h2", "Why it matters"),
        ("what-comes-next", "h2", "What comes next"),
        ("a-smaller-point", "h3", "A smaller point"),
    ];
    for (id, tag, title) in headings {
        let h = by_id(&doc, id).unwrap_or_else(|| panic!("no heading with id {id}"));
        assert_eq!(h.value().name(), tag);
        assert!(text(h).starts_with(title), "{id}: {:?}", text(h));
        let anchor = format!("#{id}");
        assert!(
            h.select(&sel("a[href]"))
                .any(|a| a.value().attr("href") == Some(anchor.as_str())),
            "heading {id} links to itself"
        );
    }
    let want: Vec<String> = headings.iter().map(|(id, _, _)| format!("#{id}")).collect();
    let toc = doc.select(&sel("nav")).find(|nav| {
        let links: Vec<String> = nav
            .select(&sel("a[href^='#']"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        links == want
    });
    assert!(toc.is_some(), "no table of contents listing {want:?}");
}

#[test]
fn citations_and_cross_references_become_relative_links() {
    let b = Built::new(&[]);
    let doc = b.page("index.html");
    let targets: Vec<(String, Option<String>)> = doc
        .select(&sel("main a[href]"))
        .filter_map(|a| resolve_href("index.html", a.value().attr("href")?))
        .collect();
    for (file, frag) in [
        (
            "background/history-of-the-lease/index.html",
            Some("the-first-lease"),
        ),
        ("timeline/index.html", Some("2024-03-council-vote")),
        ("background/who-is-who/index.html", None),
        ("glossary/index.html", Some("dredging")),
    ] {
        assert!(
            targets.contains(&(file.to_string(), frag.map(str::to_string))),
            "the explainer links to {file}#{frag:?}; found {targets:?}"
        );
    }
    // [@S1] … [@S2; @S1]: two sources, numbered in order of first use, S1 reused.
    let refs: Vec<String> = (1..=3)
        .filter_map(|n| by_id(&doc, &format!("ref_{n}")).map(text))
        .collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(
        refs[0].contains("Harbour authority annual report"),
        "{refs:?}"
    );
    assert!(
        refs[1].contains("Council minutes on the harbour lease"),
        "{refs:?}"
    );

    // From two levels down, `@/index.md#why-it-matters`.
    let page = "background/who-is-who/index.html";
    let doc = b.page(page);
    assert!(doc.select(&sel("main a[href]")).any(|a| {
        resolve_href(page, a.value().attr("href").unwrap())
            == Some(("index.html".into(), Some("why-it-matters".into())))
    }));
}

#[test]
fn code_blocks_are_highlighted_with_hl_classes() {
    let b = Built::new(&[]);
    let doc = b.page("index.html");
    let pre = doc
        .select(&sel("pre"))
        .find(|p| p.select(&sel("[class*='hl-']")).next().is_some())
        .expect("the rust block is highlighted with hl- classes");
    let code: String = pre.text().collect();
    assert!(code.contains("println!(\"{berths} berths\");"), "{code}");
    let css = String::from_utf8_lossy(&b.tree[&common::asset(&b.tree, "style.css")]);
    assert!(
        css.contains(".hl-"),
        "style.css carries the highlighting theme"
    );
}

#[test]
fn static_files_are_copied_verbatim() {
    let b = Built::new(&[]);
    let original = fs::read(b.sandbox.root.join("static/robots.txt")).unwrap();
    assert_eq!(b.tree.get("robots.txt"), Some(&original));
    // A raster image shown as a figure is published only as its variants, and its
    // credit sidecar not at all (issue 22).
    for f in ["img/logo.png", "img/logo.png.toml"] {
        assert!(!b.tree.contains_key(f), "{f} was published");
    }
    assert!(b.tree.contains_key("img/logo-120.webp"));
}

#[test]
fn site_without_templates_uses_the_builtin_ones() {
    let b = Built::new(&[]);
    assert!(!b.sandbox.root.join("templates").exists());
    let doc = b.page("timeline/index.html");
    let href = format!("../{}", common::asset(&b.tree, "style.css"));
    assert!(doc
        .select(&sel(&format!("link[rel=stylesheet][href='{href}']")))
        .next()
        .is_some());
    assert_eq!(text(doc.select(&sel("h1")).next().unwrap()), "Timeline");
}

#[test]
fn site_template_override_replaces_the_builtin_base() {
    let plain = Built::new(&[]);
    let sandbox = Site::fixture("valid");
    sandbox.write(
        "templates/base.html",
        "<!DOCTYPE html>\n<html lang=\"{{ site.language }}\"><head><title>{{ page.title }}</title></head>\n<body data-site-override=\"yes\">{% block content %}{% endblock content %}</body></html>\n",
    );
    let b = Built::from(sandbox, &[]);
    assert_ne!(plain.tree["index.html"], b.tree["index.html"]);
    for (path, doc) in b.pages() {
        assert!(
            doc.select(&sel("body[data-site-override=yes]"))
                .next()
                .is_some(),
            "{path} uses the site's base.html"
        );
        assert!(
            doc.select(&sel("nav.site-nav")).next().is_none(),
            "{path}: the built-in header is gone"
        );
        assert_eq!(
            doc.select(&sel("h1")).count(),
            1,
            "{path} keeps its content"
        );
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let draft = "background/draft-notes/index.html";
    let b = Built::new(&[]);
    assert!(!b.tree.contains_key(draft));
    let index = text(b.page("background/index.html").root_element());
    assert!(!index.contains("Unfinished notes"), "{index}");

    let b = Built::new(&["--drafts"]);
    assert!(b.tree.contains_key(draft), "{:?}", b.tree.keys());
    let doc = b.page(draft);
    assert_eq!(
        text(doc.select(&sel("h1")).next().unwrap()),
        "Unfinished notes"
    );
    let index = text(b.page("background/index.html").root_element());
    assert!(index.contains("Unfinished notes"), "{index}");
}

#[test]
fn base_url_adds_canonical_links_but_links_stay_relative() {
    let b = Built::new(&["--base-url", "https://example.org/harbour"]);
    for (page, canonical) in [
        ("index.html", "https://example.org/harbour/"),
        (
            "timeline/index.html",
            "https://example.org/harbour/timeline/",
        ),
    ] {
        let doc = b.page(page);
        let link = doc.select(&sel("link[rel=canonical]")).next();
        assert_eq!(
            link.and_then(|l| l.value().attr("href")),
            Some(canonical),
            "{page}"
        );
        for a in doc.select(&sel("nav a[href]")) {
            assert!(!a.value().attr("href").unwrap().starts_with("http"));
        }
    }
    let s = Site::fixture("valid");
    let run = s.build("out", &["--base-url", "example.org"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("--base-url must be an absolute"),
        "{}",
        run.stderr
    );
    assert!(!s.path("out").exists());
}

#[test]
fn check_reports_without_writing() {
    let s = Site::fixture("valid");
    let run = s.check(&[]);
    run.assert_code(0);
    assert!(
        run.warnings().is_empty() && run.errors().is_empty(),
        "{}",
        run.stderr
    );
    assert!(!s.root.join("public").exists(), "check writes nothing");

    let s = Site::fixture("invalid/unknown-key");
    let run = s.check(&[]);
    run.assert_code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert!(!s.root.join("public").exists());
}

#[test]
fn build_defaults_to_public_inside_the_site() {
    let s = Site::fixture("valid");
    s.run(["build"]).assert_code(0);
    assert!(s.root.join("public/index.html").is_file());
    assert!(s.root.join("public/timeline/index.html").is_file());
}

/// See: a glossary term or event whose file name matched an id of the built-in
/// templates (`main.md` → `#main`, `year-2024`, …) gave the page two elements with that
/// id. Template ids now contain `_`, which no slug can.
#[test]
fn term_named_like_a_template_id_keeps_ids_unique() {
    let s = Site::fixture("valid");
    s.write(
        "content/glossary/main.md",
        "+++\nterm = \"Main\"\nkind = \"place\"\nshort = \"A river in Germany.\"\n+++\nThe Main flows through Frankfurt.\n",
    );
    s.write(
        "content/timeline/year-2024.md",
        "+++\ntitle = \"A year in review\"\ndate = \"2024\"\nsources = [\"S3\"]\n+++\nA summary.\n",
    );
    let b = Built::from(s, &[]);
    for (path, doc) in b.pages() {
        let mut seen = BTreeSet::new();
        for id in ids(&doc) {
            assert!(seen.insert(id.clone()), "{path}: id `{id}` is used twice");
        }
    }
    // The term keeps the id its file name gives it (CONTENT.md: `glossary/#x`).
    let doc = b.page("glossary/index.html");
    let main = by_id(&doc, "main").unwrap();
    // (The entry shows its body; `short` only when there is none: issue 16.)
    assert!(text(main).contains("The Main flows through Frankfurt."));
}

#[test]
fn plain_text_fields_are_shown_literally() {
    let s = Site::fixture("valid");
    s.write(
        "content/timeline/Lease Talks Begin.md",
        "+++\ntitle = \"Talks <b>begin</b> & more\"\ndate = \"2020\"\nplace = \"<i>Dock</i>\"\ndisplay_date = \"*Early* 2020\"\nsources = [\"S2\"]\n+++\nTalks began.\n",
    );
    let b = Built::from(s, &[]);
    let doc = b.page("timeline/index.html");
    let event = by_id(&doc, "lease-talks-begin").unwrap();
    let title = event.select(&sel("h2, h3, h4")).next().unwrap();
    assert_eq!(text(title), "Talks <b>begin</b> & more");
    assert!(
        event.select(&sel("b, i, em")).next().is_none(),
        "no markup from plain text fields"
    );
    let shown = text(event);
    assert!(shown.contains("<i>Dock</i>"), "{shown}");
    assert!(shown.contains("*Early* 2020"), "{shown}");
}

/// "Mentioned in": a timeline event lists the explainer section that links to it, and a
/// glossary term lists the sections where it is first mentioned; every backlink resolves
/// (checked by `every_internal_link_resolves_to_a_file_and_an_id`).
#[test]
fn events_and_terms_list_where_they_are_mentioned() {
    let b = Built::new(&[]);
    let mentions = |page: &str, id: &str| -> Vec<(String, String)> {
        let doc = b.page(page);
        let entry = by_id(&doc, id).unwrap_or_else(|| panic!("{page}#{id}"));
        entry
            .select(&sel("details.mentions a"))
            .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
            .collect()
    };
    let vote = mentions("timeline/index.html", "2024-03-council-vote");
    assert!(
        vote.iter()
            .any(|(label, href)| label.starts_with("Explainer")
                && href.starts_with("../index.html#")),
        "the explainer's link to the vote is listed: {vote:?}"
    );
    let doc = b.page("glossary/index.html");
    let with_backlinks = doc.select(&sel("details.mentions")).count();
    assert!(with_backlinks > 0, "terms list their mentions");
    // A term never lists its own entry.
    for entry in doc.select(&sel(".term-entry")) {
        let own = format!("#{}", entry.value().attr("id").unwrap());
        for a in entry.select(&sel("details.mentions a")) {
            assert!(!a.value().attr("href").unwrap().ends_with(&own));
        }
    }
}
