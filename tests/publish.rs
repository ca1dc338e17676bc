//! Publishing to a host (issue 19): content-hashed assets, `aliases` as redirects, the
//! list of published URLs and its rename warning, the host's own files, the
//! Content-Security-Policy, and precompressed copies. Each test builds a fixture with
//! the real binary and reads what a host would serve.

mod common;

use std::io::Read;

use base64::Engine;
use common::{asset, html_pages, resolve_href, sel, snapshot, Site, Tree};
use scraper::Html;
use sha2::{Digest, Sha256};

fn page(tree: &Tree, path: &str) -> Html {
    Html::parse_document(std::str::from_utf8(&tree[path]).unwrap())
}

fn text(tree: &Tree, path: &str) -> String {
    String::from_utf8(tree[path].clone()).unwrap()
}

/// The valid fixture with `[publish]` (and `extra` lines) added to its dossier.toml.
fn site_with(publish: &str) -> Site {
    let s = Site::fixture("valid");
    s.append("dossier.toml", &format!("\n[publish]\n{publish}\n"));
    s
}

/// Adds `aliases = [...]` to a content file's frontmatter.
fn add_aliases(s: &Site, file: &str, aliases: &str) {
    let path = s.file(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("+++\n", &format!("+++\naliases = [{aliases}]\n"), 1);
    s.write(file, text);
}

#[test]
fn assets_have_content_hashed_names_and_every_page_links_them() {
    let s = Site::fixture("valid");
    s.build("out", &[]).assert_code(0);
    let tree = snapshot(&s.path("out"));
    for plain in ["style.css", "dossier.js", "search.js", "search-index.js"] {
        assert!(
            !tree.contains_key(plain),
            "{plain} is published under its hash"
        );
        let hashed = asset(&tree, plain);
        // The name is the content's hash, except the index's (see render/assets.rs).
        if plain != "search-index.js" {
            let digest = Sha256::digest(&tree[&hashed]);
            let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
            assert!(hashed.contains(&hex), "{hashed} is named by its SHA-256");
        }
    }
    for p in html_pages(&tree) {
        let doc = page(&tree, &p);
        let linked = sel("link[href], script[src]");
        let refs = doc
            .select(&linked)
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")));
        for r in refs.filter(|r| !r.contains("://")) {
            let target = resolve_href(&p, r).unwrap().0;
            assert!(tree.contains_key(&target), "{p}: {r} leads nowhere");
        }
    }
}

#[test]
fn overridden_templates_and_assets_get_hashed_urls() {
    let plain = Site::fixture("valid");
    plain.build("out", &[]).assert_code(0);
    let default_css = asset(&snapshot(&plain.path("out")), "style.css");

    let s = Site::fixture("valid");
    s.write("templates/style.css", "body { color: #123456; }\n");
    s.write(
        "templates/base.html",
        "<!DOCTYPE html><html lang=\"en\"><head><title>{{ page.title }}</title>\
         <link rel=\"stylesheet\" href=\"{{ page.root }}{{ \"style.css\" | asset }}\"></head>\
         <body>{% block content %}{% endblock content %}</body></html>",
    );
    s.build("out", &[]).assert_code(0);
    let tree = snapshot(&s.path("out"));
    let css = asset(&tree, "style.css");
    assert_ne!(css, default_css, "a new stylesheet gets a new name");
    // The site's stylesheet is published minified, like the built-in one.
    assert!(text(&tree, &css).starts_with("body{color:#123456}"));
    let doc = page(&tree, "timeline/index.html");
    let href = doc.select(&sel("link[rel=stylesheet]")).next().unwrap();
    assert_eq!(
        href.value().attr("href"),
        Some(format!("../{css}").as_str())
    );

    s.write("templates/base.html", "{{ \"styles.css\" | asset }}");
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`asset` knows no asset named \"styles.css\""),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_are_redirect_pages_that_work_anywhere_and_host_rules() {
    let s = site_with("host = \"netlify\"");
    add_aliases(&s, "content/index.md", "\"old-home.html\"");
    add_aliases(
        &s,
        "content/background/who-is-who.md",
        "\"people/\", \"/background/who/\"",
    );
    s.build("out", &["--base-url", "https://example.org/harbour/"])
        .assert_code(0);
    let tree = snapshot(&s.path("out"));
    for (from, to) in [
        ("old-home.html", "index.html"),
        ("people/index.html", "background/who-is-who/index.html"),
        (
            "background/who/index.html",
            "background/who-is-who/index.html",
        ),
    ] {
        let doc = page(&tree, from);
        let refresh = doc.select(&sel("meta[http-equiv=refresh]")).next().unwrap();
        let content = refresh.value().attr("content").unwrap();
        let url = content.strip_prefix("0; url=").unwrap();
        // Relative, so it works at the root, under /harbour/ and from disk.
        assert!(
            !url.starts_with('/') && !url.contains("://"),
            "{from}: {url}"
        );
        assert_eq!(resolve_href(from, url).unwrap().0, to, "{from}");
        let link = doc.select(&sel("main a[href]")).next().unwrap();
        assert_eq!(
            link.value().attr("href"),
            Some(url),
            "{from}: a visible link"
        );
        let robots = doc.select(&sel("meta[name=robots]")).next().unwrap();
        assert_eq!(robots.value().attr("content"), Some("noindex"));
        let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
        let public = to.strip_suffix("index.html").unwrap();
        assert_eq!(
            canonical.value().attr("href"),
            Some(format!("https://example.org/harbour/{public}").as_str())
        );
    }
    assert_eq!(
        text(&tree, "_redirects"),
        "/harbour/background/who/ /harbour/background/who-is-who/ 301!\n\
         /harbour/old-home.html /harbour/ 301!\n\
         /harbour/people/ /harbour/background/who-is-who/ 301!\n"
    );
}

/// Renames a background page's file, and the explainer's cross-reference to it.
fn rename_background(s: &Site, from: &str, to: &str) {
    let dir = s.file("content/background");
    std::fs::rename(dir.join(format!("{from}.md")), dir.join(format!("{to}.md"))).unwrap();
    let index = std::fs::read_to_string(s.file("content/index.md")).unwrap();
    let index = index.replace(
        &format!("@/background/{from}.md"),
        &format!("@/background/{to}.md"),
    );
    s.write("content/index.md", index);
}

#[test]
fn a_dropped_url_warns_until_an_alias_keeps_it_and_strict_refuses() {
    let s = Site::fixture("valid");
    s.build("out", &[]).assert_code(0);
    let listed = text(&snapshot(&s.path("out")), ".dossier-urls");
    assert!(
        listed.lines().any(|l| l == "/background/who-is-who/"),
        "{listed}"
    );
    assert!(listed.lines().any(|l| l == "/"), "{listed}");
    assert!(
        !listed.contains("style."),
        "hashed assets are not listed: {listed}"
    );

    rename_background(&s, "who-is-who", "people");
    let before = snapshot(&s.path("out"));
    let strict = s.build("out", &["--strict"]);
    strict.assert_code(1);
    common::assert_same_tree(&before, &snapshot(&s.path("out")), "after --strict");

    let run = s.build("out", &[]);
    run.assert_code(0);
    // The whole text an editor reads.
    insta::assert_snapshot!(run.transcript(s.tmp()));
    let w = run.warnings();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert!(
        w[0].message.contains("`/background/who-is-who/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("aliases = [\"/background/who-is-who/\"]"),
        "{}",
        run.stderr
    );
    // The list is now this build's: the next build has nothing to say.
    assert!(s.build("out", &[]).warnings().is_empty());

    // Renamed again, with the alias that keeps the old URL: no warning.
    rename_background(&s, "people", "cast");
    add_aliases(&s, "content/background/cast.md", "\"background/people/\"");
    let run = s.build("out", &[]);
    assert!(run.warnings().is_empty(), "{}", run.stderr);

    // Deleting the output forgets the list.
    std::fs::remove_dir_all(s.path("out")).unwrap();
    rename_background(&s, "cast", "who-is-who");
    assert!(s.build("out", &[]).warnings().is_empty());
}

#[test]
fn each_host_gets_its_own_files() {
    let host_files = ["_headers", "_redirects", ".nojekyll", "CNAME"];
    let any = site_with("host = \"any\"");
    any.build("out", &[]).assert_code(0);
    let tree = snapshot(&any.path("out"));
    assert!(host_files.iter().all(|f| !tree.contains_key(*f)));

    for host in ["netlify", "cloudflare"] {
        let s = site_with(&format!("host = \"{host}\""));
        s.build("out", &[]).assert_code(0);
        let tree = snapshot(&s.path("out"));
        let headers = text(&tree, "_headers");
        let csp = csp_of(&page(&tree, "index.html"));
        assert!(headers.contains(&format!("  Content-Security-Policy: {csp}\n")));
        assert!(headers.contains("  X-Content-Type-Options: nosniff\n"));
        assert!(headers.contains("  Referrer-Policy: strict-origin-when-cross-origin\n"));
        for plain in ["style.css", "dossier.js", "search.js", "search-index.js"] {
            let rule = format!("/{}\n", asset(&tree, plain));
            let at = headers
                .find(&rule)
                .unwrap_or_else(|| panic!("{host}: {rule}"));
            let rest = &headers[at + rule.len()..];
            assert!(rest.contains("  Cache-Control: public, max-age=31536000, immutable\n"));
            assert_eq!(
                rest.starts_with("  ! Cache-Control\n"),
                host == "cloudflare"
            );
        }
        assert!(tree.contains_key("_redirects"));
        assert!(!tree.contains_key(".nojekyll"));
    }

    let gh = site_with("host = \"github-pages\"");
    gh.build("out", &["--base-url", "https://news.example.org/iraq/"])
        .assert_code(0);
    let tree = snapshot(&gh.path("out"));
    assert_eq!(text(&tree, "CNAME"), "news.example.org\n");
    assert!(tree.contains_key(".nojekyll") && tree.contains_key("404.html"));
    assert!(!tree.contains_key("_headers"));
    gh.build("out", &["--base-url", "https://someone.github.io/iraq/"])
        .assert_code(0);
    assert!(!snapshot(&gh.path("out")).contains_key("CNAME"));
    // A site's own CNAME in static/ wins.
    gh.write("static/CNAME", "mine.example\n");
    gh.build("out", &["--base-url", "https://news.example.org/"])
        .assert_code(0);
    assert_eq!(text(&snapshot(&gh.path("out")), "CNAME"), "mine.example\n");
}

fn csp_of(doc: &Html) -> String {
    let meta = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .expect("a CSP meta");
    meta.value().attr("content").unwrap().to_string()
}

fn hash(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text));
    format!("'sha256-{b64}'")
}

/// Every page carries the same policy, and it allows exactly what the page runs inline:
/// each inline script and style by its hash, no `unsafe-inline`, no inline handlers or
/// style attributes (which a hash cannot allow).
#[test]
fn every_page_carries_a_csp_that_its_inline_code_obeys() {
    let s = Site::fixture("valid");
    add_aliases(&s, "content/background/who-is-who.md", "\"people/\"");
    s.build("out", &[]).assert_code(0);
    let tree = snapshot(&s.path("out"));
    let pages: Vec<&String> = tree.keys().filter(|k| k.ends_with(".html")).collect();
    assert!(
        pages.iter().any(|p| *p == "404.html") && pages.iter().any(|p| *p == "people/index.html")
    );
    let policy = csp_of(&page(&tree, "index.html"));
    assert!(!policy.contains("unsafe-"), "{policy}");
    let directive = |name: &str| -> String {
        policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {policy}"))
            .to_string()
    };
    let (scripts, styles) = (directive("script-src "), directive("style-src "));
    for p in pages {
        let doc = page(&tree, p);
        assert_eq!(csp_of(&doc), policy, "{p}: one policy for the site");
        for script in doc.select(&sel("script:not([src])")) {
            if script.value().attr("type") == Some("application/ld+json") {
                continue;
            }
            let code: String = script.text().collect();
            assert!(
                scripts.contains(&hash(&code)),
                "{p}: inline script not allowed"
            );
        }
        for style in doc.select(&sel("style")) {
            let css: String = style.text().collect();
            assert!(
                styles.contains(&hash(&css)),
                "{p}: inline style not allowed"
            );
        }
        for el in doc.select(&sel("*")) {
            let attrs = el.value().attrs().map(|(n, _)| n);
            for name in attrs {
                assert!(name != "style" && !name.starts_with("on"), "{p}: {name}=");
            }
        }
    }
}

#[test]
fn precompressed_copies_decompress_to_the_same_bytes() {
    let s = site_with("precompress = true");
    s.write("static/data/table.json", "{\"a\": [1, 2, 3]}\n");
    s.build("out", &["--base-url", "https://example.org/"])
        .assert_code(0);
    let tree = snapshot(&s.path("out"));
    let texts: Vec<&String> = tree
        .keys()
        .filter(|k| {
            [".html", ".css", ".js", ".xml", ".json"]
                .iter()
                .any(|e| k.ends_with(e))
        })
        .collect();
    assert!(
        texts.iter().any(|k| *k == "atom.xml") && texts.iter().any(|k| *k == "data/table.json")
    );
    for k in texts {
        let mut gz = Vec::new();
        flate2::read::GzDecoder::new(&tree[&format!("{k}.gz")][..])
            .read_to_end(&mut gz)
            .unwrap();
        assert!(gz == tree[k], "{k}.gz");
        let mut br = Vec::new();
        brotli::BrotliDecompress(&mut &tree[&format!("{k}.br")][..], &mut br).unwrap();
        assert!(br == tree[k], "{k}.br");
    }
    assert!(
        !tree.contains_key("img/logo.png.gz"),
        "images are not compressed"
    );
    assert!(!tree.contains_key("robots.txt.gz"));

    let plain = Site::fixture("valid");
    plain.build("out", &[]).assert_code(0);
    assert!(!snapshot(&plain.path("out"))
        .keys()
        .any(|k| k.ends_with(".gz")));
}
