use super::*;
use crate::model::targets::TermTarget;
use crate::parse::body::heading_ids;

/// Components drawn as their name and view, so a test sees what a template would get.
struct ViewDump;

impl ComponentTemplates for ViewDump {
    fn render(&self, name: &str, view: &serde_json::Value) -> Result<String, String> {
        Ok(format!("<{name}>{view}</{name}>"))
    }

    fn key(&self) -> u64 {
        0
    }
}

fn glossary() -> Glossary {
    let t = |slug: &str, term: &str| TermTarget {
        slug: slug.into(),
        term: term.into(),
        short: format!("{term} short"),
    };
    Glossary::new(vec![
        (t("iraq", "Iraq"), vec!["Iraq".into()]),
        (
            t("irq", "Islamic Resistance in Iraq"),
            vec!["Islamic Resistance in Iraq".into(), "IRI".into()],
        ),
        (
            t("hmc", "Higher Military Commission"),
            vec!["Higher Military Commission".into(), "HMC".into()],
        ),
    ])
}

fn render_md(md: &str, glossary: &Glossary) -> BodyHtml {
    let pages = rustc_hash::FxHashMap::from_iter([(
        "background/x.md".to_string(),
        LinkTarget {
            url: "background/x/index.html".into(),
            anchors: Some(BTreeSet::from(["why".to_string()])),
            mention: None,
            unreadable: false,
            draft: false,
        },
    )]);
    let sources = BTreeSet::from(["S1".to_string(), "S7".to_string()]);
    let config = crate::parse::config::Config::parse("title = \"T\"\n").unwrap();
    let strings = crate::model::strings::Strings::new(&config, &[]).unwrap();
    let refs = Refs {
        pages: &pages,
        source_ids: &sources,
        sources_readable: true,
        glossary,
        raw_html: super::RawHtmlPolicy::default(),
        images: &Images::default(),
        places: &crate::model::places::Places::default(),
        components: &ViewDump,
        source_label: "Source",
        section_label: "Link to this section",
        tables: &Default::default(),
        strings: &strings,
    };
    let mut page = PageState::new("../");
    let body = Body {
        file: Path::new("content/index.md"),
        text: md,
        offset: 0,
        heading_floor: 2,
        own_term: None,
    };
    to_html(&body, &refs, &mut page)
}

#[test]
fn longest_whole_word_first_mention_only() {
    let r = render_md(
        "The Islamic Resistance in Iraq and Iraq. Iraq again. HMCs are not HMC.\n",
        &glossary(),
    );
    assert!(r.html.contains("glossary/index.html#irq\" data-short=\"Islamic Resistance in Iraq short\">Islamic Resistance in Iraq</a>"), "{}", r.html);
    assert_eq!(r.html.matches("#iraq\"").count(), 1, "{}", r.html);
    assert!(r.html.contains(">HMC</a>"), "{}", r.html);
    assert!(!r.html.contains(">HMCs"));
}

#[test]
fn never_links_in_headings_links_or_code() {
    let r = render_md("## Iraq\n\n[Iraq](https://x.org) `Iraq`\n", &glossary());
    assert!(!r.html.contains("class=\"term\""), "{}", r.html);
}

#[test]
fn citations_number_and_reuse() {
    let r = render_md("A [@S1; @S7]. B [@S1]. C [@S9].\n", &Glossary::empty());
    assert!(
        r.html.contains("href=\"#ref_1\" id=\"cite_1_1\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"#ref_2\" id=\"cite_2_1\""));
    assert!(r.html.contains("href=\"#ref_1\" id=\"cite_1_2\""));
    assert_eq!(r.diagnostics.len(), 1);
    let d = &r.diagnostics[0];
    assert_eq!(d.message, "unknown source `S9`");
    assert_eq!(d.location.as_ref().unwrap().position.unwrap().column, 27);
}

#[test]
fn cross_references_resolve_or_explain() {
    let r = render_md(
        "[a](@/background/x.md#why) [b](@/background/y.md) [c](@/background/x.md#wy)\n",
        &Glossary::empty(),
    );
    assert!(
        r.html.contains("href=\"../background/x/index.html#why\""),
        "{}",
        r.html
    );
    assert_eq!(r.diagnostics.len(), 2);
    assert_eq!(
        r.diagnostics[0].hint.as_deref(),
        Some("did you mean `@/background/x.md`?")
    );
    assert_eq!(
        r.diagnostics[1].hint.as_deref(),
        Some("did you mean `#why`?")
    );
}

#[test]
fn forced_links_and_headings() {
    let r = render_md("# Intro\n\n## Intro\n\n[[HMC]] and [[HCM]]\n", &glossary());
    assert!(r.html.contains("<h2 id=\"intro\">"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"intro-1\">"));
    assert!(
        r.html
            .contains("data-short=\"Higher Military Commission short\">HMC</a>"),
        "{}",
        r.html
    );
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("[[HMC]]"));
    assert_eq!(
        heading_ids("# Intro\n\n## Intro\n"),
        BTreeSet::from(["intro".into(), "intro-1".into()])
    );
}

#[test]
fn plain_text_drops_markup_and_citations() {
    let t = plain_text(
        "The **HMC** met [@S1; @S2]. See [x](@/a.md).[^1]\n\n[^1]: Note.\n\n## Next\n\nMore.\n",
    );
    assert_eq!(t, "The HMC met. See x. Next More.");
}

#[test]
fn script_urls_are_refused() {
    let r = render_md(
        "[x](javascript:alert(1)) <a href=\"JavaScript:x\">y</a>\n",
        &Glossary::empty(),
    );
    assert_eq!(r.diagnostics.len(), 2, "{:?}", r.diagnostics);
    // The link goes nowhere, and the refused raw HTML is shown as text, not a tag.
    assert!(r.html.contains("<a href=\"#\">x</a>"), "{}", r.html);
    assert!(
        r.html.contains("&lt;a href=\"JavaScript:x\"&gt;"),
        "{}",
        r.html
    );
}

#[test]
fn raw_html_is_read_whole_as_a_browser_reads_it() {
    let refused = |md: &str| {
        let r = render_md(md, &Glossary::empty());
        r.diagnostics
            .iter()
            .map(|d| {
                let p = d.location.as_ref().unwrap().position.unwrap();
                format!("{}:{} {}", p.line, p.column, d.message)
            })
            .collect::<Vec<_>>()
    };
    // See: issue 21. The old filter saw an HTML block one line at a time.
    assert_eq!(
        refused("<div>\n<a href=\"java\nscript:alert(1)\">x</a>\n</div>\n"),
        ["2:10 script URL in raw HTML (`href` of `<a>`)"]
    );
    assert_eq!(
        refused("<div>\n<a\nhref\n=\n\"&#106;ava&Tab;script&colon;x\">y</a>\n</div>\n"),
        ["5:2 script URL in raw HTML (`href` of `<a>`)"]
    );
    assert_eq!(
        refused("x <img src=x onerror=alert(1)> y\n"),
        ["1:14 event handler `onerror` in raw HTML"]
    );
    // A tag left open for the next paragraph to finish.
    assert_eq!(
        refused("<div title=\"\n\nx\" onmouseover=\"alert(1)\">\n"),
        ["1:1 raw HTML left open at the end of the text"]
    );
    assert!(refused("<p title=\"javascript: a history\">ok</p>\n").is_empty());
}

#[test]
fn unknown_fence_language_warns_and_still_shows() {
    let r = render_md("text\n\n```klingon\nqapla'\n```\n", &Glossary::empty());
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        r.diagnostics[0]
            .location
            .as_ref()
            .unwrap()
            .position
            .unwrap()
            .line,
        3
    );
    assert!(
        r.html.contains("qapla&#39;") || r.html.contains("qapla'"),
        "{}",
        r.html
    );
}

#[test]
fn a_table_paragraph_before_a_table_becomes_its_caption_and_names_its_region() {
    let md = "Table: Attacks *by month* [@S1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: not before a table.\n\n- a list between\n\n| c |\n|---|\n| 3 |\n";
    let html = render_md(md, &glossary()).html;
    assert!(
        html.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"d_table_1\">\n<table><caption id=\"d_table_1\">Attacks <em>by month</em>"),
        "{html}"
    );
    assert!(html.contains("<p>Table: not before a table.</p>"), "{html}");
    assert!(
        html.contains("tabindex=\"0\" aria-label=\"Table 2\">\n<table><thead>"),
        "{html}"
    );
    assert!(!html.contains("<p>Table: Attacks"), "{html}");
}

#[test]
fn a_table_directly_under_its_caption_line_gets_it_too() {
    let html = render_md("Table: Counts\n| a |\n|---|\n| 1 |\n", &glossary()).html;
    assert!(
        html.contains("<caption id=\"d_table_1\">Counts</caption>"),
        "{html}"
    );
}

#[test]
fn components_are_not_code_for_the_stylesheet() {
    let chart = "Text.\n\n```chart\ndata = \"troops\"\n```\n";
    assert!(
        !super::has_code(chart),
        "a chart fence needs no highlighting CSS"
    );
    assert!(super::has_code("```rust\nfn main() {}\n```\n"));
    assert!(super::has_code("Text.\n\n    indented code\n"));
    assert!(super::has_code("```\nplain\n```\n"));
}
