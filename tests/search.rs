//! The site search index (`search-index.js`) and the search box, as built from fixture
//! sites: what a reader's query can find, and where each result points.

mod common;

use std::collections::BTreeMap;

use common::{sel, snapshot, Site};
use scraper::Html;
use serde_json::Value;

/// The index of a built site, read back as JSON.
struct Index {
    json: Value,
    tree: BTreeMap<String, Vec<u8>>,
}

impl Index {
    fn build(sandbox: &Site, args: &[&str]) -> Index {
        sandbox.build("out", args).assert_code(0);
        let tree = snapshot(&sandbox.path("out"));
        let text =
            std::str::from_utf8(&tree[&common::asset(&tree, "search-index.js")]).expect("UTF-8");
        let json = text
            .strip_prefix("window.dossierSearchIndex = ")
            .and_then(|t| t.strip_suffix(";\n"))
            .expect("search-index.js assigns one global, as a classic script");
        Index {
            json: serde_json::from_str(json).expect("the index is JSON"),
            tree,
        }
    }

    fn docs(&self) -> &Vec<Value> {
        self.json["docs"].as_array().unwrap()
    }

    /// (url with fragment, title) of a result.
    fn target(&self, doc: usize) -> (String, String) {
        let d = &self.docs()[doc];
        let place = &self.json["places"][d[0].as_u64().unwrap() as usize];
        let title = d[2].as_str().unwrap().to_string();
        let mut url = place[2].as_str().unwrap().to_string();
        // `0`: the fragment is the slug of the (ASCII) title.
        let fragment = match &d[1] {
            Value::Number(_) => dossier::slug::slugify(&title),
            v => v.as_str().unwrap().to_string(),
        };
        if !fragment.is_empty() {
            url = format!("{url}#{fragment}");
        }
        (url, title)
    }

    /// The result whose URL (with fragment) is `url`.
    fn doc(&self, url: &str) -> usize {
        (0..self.docs().len())
            .find(|&i| self.target(i).0 == url)
            .unwrap_or_else(|| panic!("no result for {url}"))
    }

    /// The results holding `word` in their title, and in their body.
    fn postings(&self, word: &str) -> (Vec<u32>, Vec<u32>) {
        let words = self.json["words"].as_array().unwrap();
        let Some(i) = words.iter().position(|w| w == word) else {
            return (vec![], vec![]);
        };
        let list = |field: &str| dossier::search::decode(self.json[field][i].as_str().unwrap());
        (list("title"), list("body"))
    }

    fn has_word(&self, word: &str) -> bool {
        self.json["words"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == word)
    }
}

#[test]
fn index_finds_events_term_aliases_and_background_sections() {
    let index = Index::build(&Site::fixture("valid"), &[]);
    assert_eq!(index.json["mode"], "full");

    // A timeline event, by a word of its title and of its body.
    let event = index.doc("timeline/index.html#lease-talks-begin");
    assert_eq!(index.target(event).1, "Lease talks begin");
    assert!(index.postings("lease").0.contains(&(event as u32)));
    assert!(index.postings("2020").1.contains(&(event as u32)));

    // A glossary term, by its alias `HA` (lowercased, like every token).
    let term = index.doc("glossary/index.html#harbour-authority");
    assert_eq!(index.target(term).1, "Harbour Authority");
    assert!(index.postings("ha").0.contains(&(term as u32)));

    // A background page's `##` section, by a word only its text holds.
    let section = index.doc("background/history-of-the-lease/index.html#the-first-lease");
    assert_eq!(index.target(section).1, "The first lease");
    assert!(index.postings("1990").1.contains(&(section as u32)));
    let later = index.doc("background/history-of-the-lease/index.html#later-changes");
    assert!(!index.postings("1990").1.contains(&(later as u32)));

    // The explainer's sections too; English stop words are not indexed; citations and
    // code are not words of the text.
    index.doc("index.html#why-it-matters");
    assert!(!index.has_word("the"));
    assert!(!index.has_word("s1") && !index.has_word("println"));
    // Drafts are left out.
    assert!(!index.has_word("unfinished"));
}

#[test]
fn every_result_points_at_an_element_of_a_built_page() {
    let index = Index::build(&Site::fixture("valid"), &[]);
    let ids = sel("[id]");
    for i in 0..index.docs().len() {
        let (url, _) = index.target(i);
        let (page, fragment) = url.split_once('#').unwrap_or((&url, ""));
        let bytes = index
            .tree
            .get(page)
            .unwrap_or_else(|| panic!("result {url}: {page} was not built"));
        if fragment.is_empty() {
            continue;
        }
        let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        assert!(
            doc.select(&ids).any(|e| e.value().id() == Some(fragment)),
            "result {url}: no element with id {fragment}"
        );
    }
}

#[test]
fn any_script_is_indexed_and_never_fails_the_build() {
    let sandbox = Site::fixture("valid");
    sandbox.write(
        "content/background/abroad.md",
        "+++\ntitle = \"Abroad\"\nsummary = \"Elsewhere.\"\n+++\n\
         Talks in Zürich and 東京都; Ελλάδα; بَغْدَاد; क्षेत्र; \u{1F600}\u{200D}\u{0}x ＨＭＣ.\n",
    );
    let index = Index::build(&sandbox, &[]);
    for word in ["zurich", "東京", "京都", "ελλαδα", "بغداد", "क्षेत्र", "hmc"]
    {
        assert!(index.has_word(word), "`{word}` is not indexed");
    }
    // The browser gets what it needs to fold a query the same way.
    let fold = &index.json["tok"]["fold"];
    assert_eq!(fold["ü"], "u");
    assert_eq!(
        fold["ß"], "ss",
        "folds for letters a reader may type are always there"
    );
    assert_eq!(index.json["tok"]["join"], "\u{94D}");
}

#[test]
fn every_page_has_a_labelled_search_form_hidden_until_script_runs() {
    let sandbox = Site::fixture("valid");
    let index = Index::build(&sandbox, &[]);
    let script = common::asset(&index.tree, "search.js");
    let index_file = common::asset(&index.tree, "search-index.js");
    for page in common::html_pages(&index.tree) {
        let doc = Html::parse_document(std::str::from_utf8(&index.tree[&page]).unwrap());
        let form = doc
            .select(&sel("header form[role=search][data-search]"))
            .next()
            .unwrap_or_else(|| panic!("{page} has no search form in its header"));
        assert!(
            form.value().attr("hidden").is_some(),
            "{page}: without JavaScript the search form is hidden"
        );
        let root = form.value().attr("data-root").unwrap();
        assert_eq!(
            common::resolve_href(&page, &format!("{root}index.html")).map(|r| r.0),
            Some("index.html".to_string()),
            "{page}: data-root leads to the site root"
        );
        // The scripts are named by the page, with their content-hashed names.
        for (attr, file) in [("data-script", &script), ("data-index", &index_file)] {
            let href = form.value().attr(attr).unwrap();
            assert_eq!(
                common::resolve_href(&page, href).map(|r| r.0).as_ref(),
                Some(file),
                "{page}: {attr}"
            );
        }
        assert!(doc
            .select(&sel("label[for=d_search_input]"))
            .next()
            .is_some());
        assert!(doc
            .select(&sel("#d_search_status[role=status]"))
            .next()
            .is_some());
    }
}

#[test]
fn a_large_site_gets_a_compact_index_with_page_level_body_postings() {
    let sandbox = Site::fixture("valid");
    // About 1.2 MB of text: past the full-text budget.
    let paragraph = "Harbour dredging keeps the channel open for the larger ships. ".repeat(80);
    for n in 0..3 {
        let mut body = String::new();
        for s in 0..25 {
            body.push_str(&format!("## Part {n} section {s}\n\n"));
            for _ in 0..3 {
                body.push_str(&paragraph);
                body.push_str("\n\n");
            }
        }
        body.push_str("## Rare heading\n\nThe word zanzibar appears once.\n");
        sandbox.write(
            &format!("content/background/big-{n}.md"),
            format!("+++\ntitle = \"Big {n}\"\nsummary = \"A long page.\"\n+++\n{body}"),
        );
    }
    let index = Index::build(&sandbox, &[]);
    assert_eq!(index.json["mode"], "compact");
    // Body postings count pages (and events, terms): `units` maps them to results.
    let units = dossier::search::decode(index.json["units"].as_str().unwrap());
    let body_results = |word: &str| -> Vec<u32> {
        let pages = index.postings(word).1;
        pages.iter().map(|&n| units[n as usize]).collect()
    };
    let page = index.doc("background/big-1/index.html");
    let section = index.doc("background/big-1/index.html#rare-heading");
    // A word of a section's text finds the page…
    let body = body_results("zanzibar");
    assert!(body.contains(&(page as u32)), "{body:?}");
    assert!(!body.contains(&(section as u32)));
    // …a word of its heading still finds the section, which keeps no text.
    assert!(index.postings("rare").0.contains(&(section as u32)));
    assert_eq!(index.docs()[section].as_array().unwrap().len(), 3);
    // Events keep their own postings.
    let event = index.doc("timeline/index.html#lease-talks-begin");
    assert!(body_results("2020").contains(&(event as u32)));
    let size = index.tree[&common::asset(&index.tree, "search-index.js")].len();
    assert!(size < 200_000, "compact index is {size} bytes");
}

/// See: issue 22 (content/pages were not in the search index): a page of
/// `content/pages/` is found by its title and by a word of its sections.
#[test]
fn pages_of_content_pages_are_found() {
    let s = Site::explainer("Body.\n");
    s.write(
        "content/pages/methodology.md",
        "+++\ntitle = \"Methodology\"\nsummary = \"How we work.\"\n+++\nIntro.\n\n## Corrections\n\nWe publish every zanzibarian correction.\n",
    );
    let index = Index::build(&s, &[]);
    let top = index.doc("methodology/index.html");
    assert_eq!(index.target(top).1, "Methodology");
    assert!(index.postings("methodology").0.contains(&(top as u32)));
    let section = index.doc("methodology/index.html#corrections");
    assert!(index.postings("zanzibarian").1.contains(&(section as u32)));
}
