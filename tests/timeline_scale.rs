//! The timeline at scale (issue 16, point 5): past `[timeline] by_year_above` events
//! (200 by default) the timeline is an index page and a page per year, so 2,000 events
//! never make one page of megabytes, and every link to an event (cross-references, key
//! events, "Mentioned in", search) lands on the page of its year, from disk too.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{html_pages, resolve_href, sel, snapshot, Site, Tree, CONFIG, EXPLAINER_FRONT};
use scraper::Html;

const SOURCES: &str =
    "[[source]]\nid = \"S1\"\ntitle = \"Report\"\npublisher = \"Desk\"\nurl = \"https://example.org/r\"\n";

/// A site of `n` events over the years from 2010, each citing S1, naming a glossary
/// term and linking to the event before it; every hundredth is a key event. The
/// explainer links to the first and the last.
fn events_site(n: usize, config: &str) -> Site {
    let groups = ["Talks", "Attacks", "Politics"];
    let mut files: Vec<(String, String)> = vec![
        ("dossier.toml".into(), config.into()),
        ("content/sources.toml".into(), SOURCES.into()),
        (
            "content/index.md".into(),
            format!(
                "{EXPLAINER_FRONT}See [the first](@/timeline/e0000.md) and [the last](@/timeline/e{:04}.md) [@S1].\n",
                n - 1
            ),
        ),
        (
            "content/glossary/port.md".into(),
            "+++\nterm = \"Port Authority\"\nkind = \"organization\"\nshort = \"Runs the port.\"\n+++\nRuns it [@S1].\n".into(),
        ),
    ];
    for i in 0..n {
        let year = 2010 + i * 16 / n;
        let (month, day) = (1 + (i * 7) % 12, 1 + (i * 11) % 28);
        let key = if i % 100 == 0 { "key = true\n" } else { "" };
        let before = match i {
            0 => String::new(),
            _ => format!(
                " It came after [event {}](@/timeline/e{:04}.md).",
                i - 1,
                i - 1
            ),
        };
        files.push((
            format!("content/timeline/e{i:04}.md"),
            format!(
                "+++\ntitle = \"Event {i}\"\ndate = \"{year}-{month:02}-{day:02}\"\nplace = \"Basra\"\ngroup = \"{}\"\n{key}+++\nThe Port Authority reported event {i} [@S1]; talks went on through the week.{before}\n",
                groups[i % 3]
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Site::inline(&refs)
}

/// The ids on each HTML page of `tree`.
fn ids_by_page(tree: &Tree) -> BTreeMap<String, BTreeSet<String>> {
    let any_id = sel("[id]");
    html_pages(tree)
        .into_iter()
        .map(|p| {
            let doc = Html::parse_document(std::str::from_utf8(&tree[&p]).unwrap());
            let ids = doc
                .select(&any_id)
                .filter_map(|e| e.value().attr("id").map(String::from))
                .collect();
            (p, ids)
        })
        .collect()
}

/// Every relative link of every page, followed as a browser opening the files from disk
/// would: the file must exist (no folder URLs) and hold the fragment's id.
fn broken_links_from_disk(tree: &Tree) -> Vec<String> {
    let ids = ids_by_page(tree);
    let mut broken = vec![];
    let link = sel("a[href]");
    for page in html_pages(tree) {
        let doc = Html::parse_document(std::str::from_utf8(&tree[&page]).unwrap());
        for a in doc.select(&link) {
            let href = a.value().attr("href").unwrap();
            let Some((path, fragment)) = resolve_href(&page, href) else {
                continue;
            };
            let found = match (ids.get(&path), fragment) {
                (Some(page_ids), Some(f)) => f.is_empty() || page_ids.contains(&f),
                (Some(_), None) => true,
                (None, _) => tree.contains_key(&path),
            };
            if !found {
                broken.push(format!("{page}: {href}"));
            }
        }
    }
    broken
}

// See: issue 16, point 5. 2,000 events were one page of 3.8 MB.
#[test]
fn two_thousand_events_make_pages_by_year_under_400_kb_whose_deep_links_all_land() {
    let site = events_site(2000, CONFIG);
    let run = site.build("out", &["--strict"]);
    run.assert_code(0);
    let tree = snapshot(&site.path("out"));
    let pages = html_pages(&tree);
    let (largest, size) = pages
        .iter()
        .map(|p| (p, tree[p].len()))
        .max_by_key(|(_, n)| *n)
        .unwrap();
    assert!(size < 400_000, "{largest} is {size} bytes");
    let years: Vec<&String> = pages
        .iter()
        .filter(|p| p.starts_with("timeline/20"))
        .collect();
    assert_eq!(years.len(), 16, "a page per year, 2010 to 2025: {years:?}");

    // The index: the key events and the years, each linked to its page.
    let index = Html::parse_document(std::str::from_utf8(&tree["timeline/index.html"]).unwrap());
    let key: Vec<&str> = index
        .select(&sel(".key-events a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(key.len(), 20);
    assert_eq!(key[0], "../timeline/2010/index.html#e0000");
    assert_eq!(index.select(&sel(".year-pages li a")).count(), 16);
    assert_eq!(index.select(&sel(".event")).count(), 0);

    // A year's page: its events, the bar of years marking it, a filter, a way back.
    let y = Html::parse_document(std::str::from_utf8(&tree["timeline/2012/index.html"]).unwrap());
    assert_eq!(y.select(&sel(".event")).count(), 125);
    let current: Vec<String> = y
        .select(&sel(".jump a[aria-current=page]"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(current, ["2012"]);
    assert!(y.select(&sel("[data-filter] button")).count() == 4);
    assert!(y
        .select(&sel(".jump a"))
        .any(|a| a.value().attr("href") == Some("../../timeline/index.html")));
    let steps: Vec<&str> = y
        .select(&sel(".year-steps a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "../../timeline/2011/index.html",
            "../../timeline/2013/index.html"
        ]
    );

    // Every link lands, from disk and by the link checker; search results lead to the
    // page of each event's year.
    assert_eq!(broken_links_from_disk(&tree), Vec::<String>::new());
    site.check(&["--strict"]).assert_code(0);
    let index_js = common::asset(&tree, "search-index.js");
    let search = std::str::from_utf8(&tree[&index_js]).unwrap();
    assert!(search.contains("timeline/2012/index.html"), "{search:.300}");
    assert!(!search.contains("\"timeline/index.html\""), "{search:.300}");
}

// See: issue 16, point 5. Up to `by_year_above` events the timeline stays one page;
// the setting splits a small one too.
#[test]
fn a_small_timeline_stays_one_page_unless_by_year_above_says_otherwise() {
    let site = events_site(30, CONFIG);
    site.build("out", &["--strict"]).assert_code(0);
    let tree = snapshot(&site.path("out"));
    assert!(!html_pages(&tree)
        .iter()
        .any(|p| p.starts_with("timeline/20")));
    let one = Html::parse_document(std::str::from_utf8(&tree["timeline/index.html"]).unwrap());
    assert_eq!(one.select(&sel(".event")).count(), 30);

    let split = format!("{CONFIG}\n[timeline]\nby_year_above = 10\n");
    let site = events_site(30, &split);
    site.build("out", &["--strict"]).assert_code(0);
    let tree = snapshot(&site.path("out"));
    let years = html_pages(&tree)
        .into_iter()
        .filter(|p| p.starts_with("timeline/20"))
        .count();
    assert_eq!(years, 16);
    assert_eq!(broken_links_from_disk(&tree), Vec::<String>::new());
    let explainer = std::str::from_utf8(&tree["index.html"]).unwrap();
    assert!(explainer.contains("href=\"timeline/2010/index.html#e0000\""));
}
