//! Template safety: what editors write is text, never markup, unless it is rendered
//! markdown; script URLs from any input are refused with a positioned error.

mod common;

use common::Site;
use scraper::{Html, Selector};

const HOSTILE: &str = r#"<script>alert(1)</script>"'><img src=x onerror=alert(2)>"#;

/// `HOSTILE` as a TOML basic string.
fn toml_str() -> String {
    format!("\"{}\"", HOSTILE.replace('\\', "\\\\").replace('"', "\\\""))
}

fn hostile_site() -> Site {
    let h = toml_str();
    let site = Site::minimal();
    site.write(
        "dossier.toml",
        format!("title = {h}\ndescription = {h}\n[publisher]\nname = {h}\nurl = \"https://example.org/?a=1&b=\\\"x\"\n"),
    );
    site.write(
        "content/index.md",
        format!(
            "+++\ntitle = {h}\nsummary = {h}\npublished = 2024-01-27\nauthors = [{h}]\n\
             [[updates]]\ndate = 2024-02-01\nkind = \"correction\"\nsummary = {h}\n+++\n\
             Cites [@S1].\n\n## Heading {{#x\"onmouseover=alert(3)}}\n\n\
             ```\"><script>alert(4)</script>\ncode\n```\n\n[^\"><b>]: note\n\nA note[^\"><b>].\n"
        ),
    );
    site.write(
        "content/background/page.md",
        format!("+++\ntitle = {h}\nsummary = {h}\nsources = [\"S1\"]\n+++\nText.\n"),
    );
    site.write(
        "content/timeline/2024-01-27-event.md",
        format!(
            "+++\ntitle = {h}\ndate = \"2024-01-27\"\ndisplay_date = {h}\nplace = {h}\ngroup = {h}\nsources = [\"S1\"]\n+++\nWhat happened.\n"
        ),
    );
    site.write(
        "content/timeline/2024-02-01-other.md",
        "+++\ntitle = \"Other\"\ndate = \"2024-02-01\"\ngroup = \"Plain\"\nsources = [\"S1\"]\n+++\nMore.\n",
    );
    site.write(
        "content/glossary/term.md",
        format!(
            "+++\nterm = {h}\naliases = [{h}, \"Alias\"]\nkind = \"concept\"\nshort = {h}\n+++\nDefinition.\n"
        ),
    );
    site.write(
        "content/sources.toml",
        format!("[[source]]\nid = \"S1\"\ntitle = {h}\npublisher = {h}\nurl = \"https://example.org/s?q=\\\"><script>\"\n"),
    );
    site
}

fn html_files(dir: &std::path::Path) -> Vec<(String, Html)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().display().to_string(), Html::parse_document(&text))
        })
        .collect()
}

#[test]
fn frontmatter_and_config_values_are_text_never_markup() {
    let site = hostile_site();
    let out = site.run(["build"]);
    out.assert_code(0);
    let pages = html_files(&site.file("public"));
    assert!(pages.len() >= 5);
    let script = Selector::parse("script").unwrap();
    let all = Selector::parse("*").unwrap();
    let img = Selector::parse("img").unwrap();
    for (path, doc) in &pages {
        // Only the template's own scripts: the theme snippet, dossier.js, and JSON-LD.
        for s in doc.select(&script) {
            let text: String = s.text().collect();
            let known = s
                .value()
                .attr("src")
                .and_then(|src| src.rsplit('/').next())
                .is_some_and(|name| name.starts_with("dossier.") && name.ends_with(".js"))
                || (s.value().attr("type") == Some("application/ld+json")
                    && serde_json::from_str::<serde_json::Value>(&text).is_ok())
                || text.starts_with("try{var t=localStorage.getItem(\"dossier-theme\")");
            assert!(known, "{path}: unexpected script {text}");
            // JSON-LD carries the hostile text as JSON data, with `<` escaped: it can
            // neither close the element nor run.
            assert!(
                !text.contains('<'),
                "{path}: raw `<` inside a script: {text}"
            );
            if s.value().attr("type") != Some("application/ld+json") {
                assert!(!text.contains("alert"), "{path}: injected script {text}");
            }
        }
        assert_eq!(doc.select(&img).count(), 0, "{path}: injected <img>");
        for el in doc.select(&all) {
            for (name, value) in el.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: injected attribute {name}={value}"
                );
            }
        }
        let text: String = doc.root_element().text().collect();
        assert!(
            text.contains("<script>alert(1)</script>"),
            "{path}: the hostile title is shown as text"
        );
    }
    // The explainer's h1 holds the title exactly, as text (its straight quotes curled,
    // like every title's: issue 16).
    let (_, index) = pages
        .iter()
        .find(|(p, _)| p.ends_with("public/index.html"))
        .unwrap();
    let h1 = Selector::parse("h1").unwrap();
    let title: String = index.select(&h1).next().unwrap().text().collect();
    assert_eq!(title.trim(), HOSTILE.replace("\"'", "”’"));
}

#[test]
fn script_url_in_sources_toml_is_refused_at_its_line() {
    let site = Site::minimal();
    site.write(
        "content/sources.toml",
        "[[source]]\nid = \"S1\"\ntitle = \"T\"\nurl = \"javascript:alert(1)\"\n",
    );
    let out = site.run(["build"]);
    out.assert_code(1);
    let err = out.stderr.clone();
    assert!(err.contains("content/sources.toml:4:7"), "{err}");
    assert!(err.contains("is not a web address"), "{err}");
    assert!(!site.file("public").exists());
}

#[test]
fn script_url_as_publisher_url_is_refused_at_its_line() {
    let site = Site::minimal();
    site.write(
        "dossier.toml",
        "title = \"T\"\n[publisher]\nname = \"P\"\nurl = \"JavaScript:alert(1)\"\n",
    );
    let out = site.run(["build"]);
    out.assert_code(2);
    let err = out.stderr.clone();
    assert!(err.contains("dossier.toml:4:7"), "{err}");
    assert!(err.contains("publisher.url"), "{err}");
}

#[test]
fn script_urls_in_markdown_links_images_and_raw_html_are_refused() {
    for body in [
        "[x](javascript:alert(1))\n",
        "[x](  JAVASCRIPT:alert(1))\n",
        "![x](javascript:alert(1))\n",
        "[x]\n\n[x]: javascript:alert(1)\n",
        "<a href=\"javascript:alert(1)\">x</a>\n",
        "<a href=javascript:alert(1)>x</a>\n",
        "<iframe src='vbscript:x'></iframe>\n",
        "<a href=\"&#106;avascript&colon;alert(1)\">x</a>\n",
        "<a href=\"java&Tab;script:alert(1)\">x</a>\n",
        "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
    ] {
        let site = Site::explainer(&format!("\n\n{body}"));
        let out = site.run(["build"]);
        out.assert_code(1);
        let err = out.stderr.clone();
        assert!(err.contains("script URL"), "{body}: {err}");
        assert!(err.contains("content/index.md:8:"), "{body}: {err}");
    }
}
