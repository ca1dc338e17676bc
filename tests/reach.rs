//! What makes a site findable and shareable: the Atom feed, sitemap, robots.txt, the 404
//! page, canonical/social metadata, JSON-LD and the TimelineJS export, on the valid
//! fixture site.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{snapshot, Site};
use scraper::{Html, Selector};
use serde_json::Value;

const BASE: &str = "https://example.org/harbour/";

fn built(args: &[&str]) -> (Site, common::Run, BTreeMap<String, Vec<u8>>) {
    let s = Site::fixture("valid");
    let run = s.build("out", args);
    run.assert_code(0);
    let tree = snapshot(&s.path("out"));
    (s, run, tree)
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

fn jsonld(tree: &BTreeMap<String, Vec<u8>>, page: &str) -> Value {
    let doc = Html::parse_document(&text(tree, page));
    let sel = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<String> = doc.select(&sel).map(|s| s.inner_html()).collect();
    assert_eq!(scripts.len(), 1, "{page} has one JSON-LD block");
    serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("{page}: JSON-LD parses: {e}"))
}

/// Runs an external validator if it is installed (it must be under .ci/run).
fn external(cmd: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(cmd).args(args).output() {
        Ok(o) => Some(o),
        Err(_) if std::env::var_os("DOSSIER_BROWSER_TESTS").is_none() => {
            eprintln!("skipping {cmd}: not installed (.ci/run installs it)");
            None
        }
        Err(e) => panic!("{cmd} is required under DOSSIER_BROWSER_TESTS: {e}"),
    }
}

#[test]
fn without_base_url_feeds_and_sitemap_are_skipped_with_one_note() {
    let (_s, run, tree) = built(&[]);
    assert!(!tree.contains_key("atom.xml") && !tree.contains_key("sitemap.xml"));
    assert_eq!(
        run.stderr.matches("note: base_url is not set").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.warnings().is_empty(),
        "a note is not a warning: {}",
        run.stderr
    );
    // robots.txt comes from the fixture's static/ (a site's own is respected).
    assert!(tree.contains_key("robots.txt"));
    let doc = Html::parse_document(&text(&tree, "index.html"));
    assert!(doc
        .select(&Selector::parse("link[rel=canonical]").unwrap())
        .next()
        .is_none());
    // --strict does not fail on a note.
    let s = Site::fixture("valid");
    s.build("out", &["--strict"]).assert_code(0);
}

#[test]
fn atom_feed_lists_updates_newest_first_with_absolute_links() {
    let (s, _run, tree) = built(&["--base-url", BASE]);
    let feed = text(&tree, "atom.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    let updated: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            e.split("<updated>")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
        })
        .collect();
    assert!(!updated.is_empty(), "the fixture's updates are in the feed");
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted, "newest first");
    for link in feed.split("href=\"").skip(1) {
        assert!(link.starts_with(BASE), "absolute link: {link}");
    }
    let path = s.path("out/atom.xml");
    if let Some(o) = external("xmllint", &["--noout", "--nonet", path.to_str().unwrap()]) {
        assert!(
            o.status.success(),
            "xmllint: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let script = "import sys, feedparser\nd = feedparser.parse(sys.argv[1])\nassert not d.bozo, d.bozo_exception\nassert d.version == 'atom10', d.version\nassert d.entries and all(e.link and e.updated for e in d.entries)\nprint(len(d.entries))";
    match Command::new("python3")
        .args(["-c", "import feedparser"])
        .output()
    {
        Ok(o) if o.status.success() => {
            let o = Command::new("python3")
                .args(["-c", script, path.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "feedparser: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        _ if std::env::var_os("DOSSIER_BROWSER_TESTS").is_some() => {
            panic!("feedparser is required under DOSSIER_BROWSER_TESTS")
        }
        _ => eprintln!("skipping feedparser: not installed (.ci/run installs it)"),
    }
}

#[test]
fn sitemap_lists_every_page_with_lastmod() {
    let (_s, _run, tree) = built(&["--base-url", BASE]);
    let map = text(&tree, "sitemap.xml");
    let pages: Vec<&String> = tree.keys().filter(|k| k.ends_with("index.html")).collect();
    for p in &pages {
        let url = format!("{BASE}{}", p.strip_suffix("index.html").unwrap());
        assert!(
            map.contains(&format!("<loc>{url}</loc>")),
            "{url} in sitemap"
        );
    }
    assert_eq!(map.matches("<lastmod>").count(), pages.len());
    for lastmod in map.split("<lastmod>").skip(1) {
        let d = lastmod.split('<').next().unwrap();
        assert!(d.len() == 10 && d.as_bytes()[4] == b'-', "W3C date: {d}");
    }
}

#[test]
fn every_page_has_canonical_description_and_social_tags() {
    let (_s, _run, tree) = built(&["--base-url", BASE]);
    for page in common::html_pages(&tree) {
        let doc = Html::parse_document(&text(&tree, &page));
        let attr = |sel: &str, a: &str| {
            doc.select(&Selector::parse(sel).unwrap())
                .next()
                .and_then(|e| e.value().attr(a).map(str::to_string))
                .unwrap_or_else(|| panic!("{page}: {sel} missing"))
        };
        let canonical = attr("link[rel=canonical]", "href");
        assert_eq!(
            canonical,
            format!("{BASE}{}", page.strip_suffix("index.html").unwrap())
        );
        assert!(!attr("meta[name=description]", "content").is_empty());
        assert!(!attr("meta[property=\"og:title\"]", "content").is_empty());
        assert_eq!(attr("meta[property=\"og:url\"]", "content"), canonical);
        // A large card: the page's own image or its drawn card, under base_url.
        assert_eq!(
            attr("meta[name=\"twitter:card\"]", "content"),
            "summary_large_image"
        );
        assert!(attr("meta[property=\"og:image\"]", "content").starts_with(BASE));
    }
}

#[test]
fn json_ld_describes_articles_events_and_terms() {
    let (_s, _run, tree) = built(&["--base-url", BASE]);
    let a = jsonld(&tree, "index.html");
    assert_eq!(a["@type"], "BackgroundNewsArticle");
    for key in [
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
    ] {
        assert!(!a[key].is_null(), "explainer JSON-LD has {key}: {a}");
    }
    assert_eq!(a["url"], BASE);
    // The fixture's explainer has a correction update.
    let corrections = a["correction"].as_array().expect("correction list");
    assert!(corrections
        .iter()
        .all(|c| c["@type"] == "CorrectionComment" && c["text"].is_string()));

    let bg_page = common::html_pages(&tree)
        .into_iter()
        .find(|p| p.starts_with("background/") && p != "background/index.html")
        .unwrap();
    let b = jsonld(&tree, &bg_page);
    assert_eq!(b["@type"], "BackgroundNewsArticle");
    assert!(b["datePublished"].is_string() && b["dateModified"].is_string());

    let t = jsonld(&tree, "timeline/index.html");
    assert_eq!(t["@type"], "ItemList");
    let items = t["itemListElement"].as_array().unwrap();
    assert_eq!(items.len() as u64, t["numberOfItems"].as_u64().unwrap());
    for (i, it) in items.iter().enumerate() {
        assert_eq!(it["position"], i + 1);
        assert_eq!(it["item"]["@type"], "Event");
        assert!(it["item"]["name"].is_string() && it["item"]["startDate"].is_string());
        // The event's text is on the page; repeating it here only slowed the first paint.
        assert!(it["item"].get("description").is_none(), "{it}");
    }
    assert!(
        items.iter().any(|it| it["item"]["startDate"] == "2023-03"),
        "partial dates kept"
    );

    let g = jsonld(&tree, "glossary/index.html");
    assert_eq!(g["@type"], "DefinedTermSet");
    let terms = g["hasDefinedTerm"].as_array().unwrap();
    assert!(!terms.is_empty());
    assert!(terms.iter().all(|d| d["@type"] == "DefinedTerm"
        && d["name"].is_string()
        && d["description"].is_string()));
}

#[test]
fn timeline_json_follows_the_timelinejs3_format() {
    let (_s, _run, tree) = built(&[]);
    let doc: Value = serde_json::from_slice(&tree["timeline.json"]).unwrap();
    assert!(doc["title"]["text"]["headline"].is_string());
    let events = doc["events"].as_array().unwrap();
    let page = Html::parse_document(&text(&tree, "timeline/index.html"));
    let on_page = page.select(&Selector::parse("li.event").unwrap()).count();
    assert_eq!(events.len(), on_page);
    let date_ok = |d: &Value| {
        d["year"].is_i64()
            && d.as_object()
                .unwrap()
                .keys()
                .all(|k| ["year", "month", "day"].contains(&k.as_str()))
            && d.get("month")
                .is_none_or(|m| (1..=12).contains(&m.as_i64().unwrap()))
    };
    for e in events {
        assert!(date_ok(&e["start_date"]), "{e}");
        if let Some(end) = e.get("end_date") {
            assert!(date_ok(end));
        }
        assert!(e["text"]["headline"].is_string() && e["text"]["text"].is_string());
        let id = e["unique_id"].as_str().unwrap();
        assert!(page
            .select(&Selector::parse(&format!("[id=\"{id}\"]")).unwrap())
            .next()
            .is_some());
        for key in e.as_object().unwrap().keys() {
            assert!(
                [
                    "start_date",
                    "end_date",
                    "display_date",
                    "text",
                    "group",
                    "unique_id"
                ]
                .contains(&key.as_str()),
                "unexpected key {key}"
            );
        }
    }
    assert!(
        events.iter().any(|e| e["start_date"].get("day").is_none()),
        "partial dates have no day"
    );
}

#[test]
fn not_found_page_works_at_any_depth() {
    let (_s, _run, tree) = built(&["--base-url", BASE]);
    let doc = Html::parse_document(&text(&tree, "404.html"));
    assert_eq!(doc.select(&Selector::parse("h1").unwrap()).count(), 1);
    assert!(
        doc.select(&Selector::parse("style").unwrap())
            .next()
            .is_some(),
        "CSS inline"
    );
    assert!(doc
        .select(&Selector::parse("link[rel=stylesheet]").unwrap())
        .next()
        .is_none());
    for a in doc.select(&Selector::parse("[href], [src]").unwrap()) {
        let url = a.value().attr("href").or(a.value().attr("src")).unwrap();
        assert!(
            url.starts_with(BASE) || url.starts_with('#') || url.starts_with("data:"),
            "404 links must not depend on the depth it is served at: {url}"
        );
    }
}
