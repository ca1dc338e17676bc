//! A timeline event's or glossary term's sources are what its text cites plus what its
//! frontmatter `sources` adds, so the two cannot drift apart (issue 15, point 4). The
//! line under an entry shows only what the frontmatter adds: what the text cites is
//! already marked in the text (issue 16, point 4: the repeats were 8 KB of the Arabic
//! timeline). The line after a background page's text follows the same rule.

mod common;

use common::{Site, CONFIG, EXPLAINER_FRONT};
use scraper::{Html, Selector};

const SOURCES: &str =
    "[[source]]\nid = \"S1\"\ntitle = \"One\"\nurl = \"https://example.org/1\"\n\n\
[[source]]\nid = \"S2\"\ntitle = \"Two\"\nurl = \"https://example.org/2\"\n\n\
[[source]]\nid = \"S3\"\ntitle = \"Three\"\nurl = \"https://example.org/3\"\n";

fn site(events: &[(&str, &str)]) -> Site {
    let index = format!("{EXPLAINER_FRONT}The talks [@S1; @S2; @S3].\n");
    let mut files = vec![
        ("dossier.toml", CONFIG.to_string()),
        ("content/index.md", index),
        ("content/sources.toml", SOURCES.to_string()),
    ];
    for (name, text) in events {
        files.push((name, text.to_string()));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Site::inline(&files)
}

/// The marks line under each timeline entry ("Sources:" or "Further sources:"), as a
/// reader sees it.
fn marks(out: &std::path::Path) -> Vec<String> {
    marks_on(out, "timeline/index.html")
}

/// The marks lines of one page of the output, as a reader sees them.
fn marks_on(out: &std::path::Path, page: &str) -> Vec<String> {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let doc = Html::parse_document(&html);
    let sel = Selector::parse("article p.marks, li p.marks, p.marks").unwrap();
    doc.select(&sel)
        .map(|p| {
            p.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn an_entry_lists_what_its_text_cites_and_what_its_frontmatter_adds() {
    let s = site(&[(
        "content/timeline/2024-01-27-talks.md",
        "+++\ntitle = \"Talks\"\ndate = \"2024-01-27\"\nsources = [\"S1\"]\n+++\nThey met [@S2].\n",
    )]);
    let run = s.build("out", &[]);
    run.assert_code(0);
    // S2 is cited in the text first (number 1 on the timeline page), S1 comes from the
    // frontmatter (number 2): the line adds S1 to what the text cites.
    assert_eq!(marks(&s.path("out")), ["Further sources: [2]"]);
    // Source 1's back-link leads to the text that cites it, source 2's to the line that
    // names it: one back-link each, no second one to the line for source 1.
    let html = std::fs::read_to_string(s.path("out").join("timeline/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let back = |n: usize| -> Vec<String> {
        let sel = Selector::parse(&format!("#ref_{n} a[href^='#cite_']")).unwrap();
        doc.select(&sel)
            .filter_map(|a| a.attr("href").map(String::from))
            .collect()
    };
    assert_eq!(back(1), ["#cite_1_1"]);
    assert_eq!(back(2), ["#cite_2_1"]);
    let line = Selector::parse("p.marks a[id='cite_2_1']").unwrap();
    assert_eq!(doc.select(&line).count(), 1, "{html}");
}

#[test]
fn an_event_that_cites_in_its_text_is_not_without_sources() {
    let s = site(&[(
        "content/timeline/2024-01-27-talks.md",
        "+++\ntitle = \"Talks\"\ndate = \"2024-01-27\"\n+++\nThey met [@S2].\n",
    )]);
    let run = s.build("out", &["--strict"]);
    run.assert_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    assert!(marks(&s.path("out")).is_empty());
}

#[test]
fn a_source_the_text_cites_is_not_repeated_under_it() {
    let s = site(&[
        (
            "content/timeline/2024-01-27-talks.md",
            "+++\ntitle = \"Talks\"\ndate = \"2024-01-27\"\nsources = [\"S2\", \"S3\"]\n+++\nThey met [@S2].\n",
        ),
        (
            "content/timeline/2024-02-01-vote.md",
            "+++\ntitle = \"Vote\"\ndate = \"2024-02-01\"\nsources = [\"S2\"]\n+++\nThey voted [@S2].\n",
        ),
        (
            "content/timeline/2024-03-01-exit.md",
            "+++\ntitle = \"Exit\"\ndate = \"2024-03-01\"\nsources = [\"S1\"]\n+++\nThey left.\n",
        ),
    ]);
    let run = s.build("out", &["--strict"]);
    run.assert_code(0);
    // Talks: S2 is cited (1), S3 only listed (2). Vote: nothing to add. Exit: S1 (3) is
    // its only source, so its line is the entry's sources, not further ones.
    assert_eq!(
        marks(&s.path("out")),
        ["Further sources: [2]", "Sources: [3]"]
    );
}

#[test]
fn an_event_with_neither_is_still_a_warning() {
    let s = site(&[(
        "content/timeline/2024-01-27-talks.md",
        "+++\ntitle = \"Talks\"\ndate = \"2024-01-27\"\n+++\nThey met.\n",
    )]);
    let run = s.build("out", &[]);
    run.assert_code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("timeline event has no sources"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("timeline/2024-01-27-talks.md:3:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_glossary_term_adds_only_what_its_text_does_not_cite() {
    let s = site(&[
        (
            "content/timeline/2024-01-27-talks.md",
            "+++\ntitle = \"Talks\"\ndate = \"2024-01-27\"\n+++\nThey met [@S1].\n",
        ),
        (
            "content/glossary/hmc.md",
            "+++\nterm = \"HMC\"\nkind = \"organization\"\nshort = \"A commission.\"\nsources = [\"S2\", \"S3\"]\n+++\nSet up in 2024 [@S2].\n",
        ),
    ]);
    let run = s.build("out", &["--strict"]);
    run.assert_code(0);
    // S2 is the glossary page's source 1 (cited in the text), S3 its source 2.
    assert_eq!(
        marks_on(&s.path("out"), "glossary/index.html"),
        ["Further sources: [2]"]
    );
}

#[test]
fn a_background_page_adds_only_what_its_text_does_not_cite() {
    let s = site(&[
        (
            "content/background/talks.md",
            "+++\ntitle = \"Talks\"\nsummary = \"How the talks went.\"\nsources = [\"S1\", \"S2\", \"S3\"]\n+++\nThey met [@S2].\n",
        ),
        (
            "content/background/exit.md",
            "+++\ntitle = \"Exit\"\nsummary = \"The exit.\"\nsources = [\"S3\"]\n+++\nThey left.\n",
        ),
        (
            "content/background/vote.md",
            "+++\ntitle = \"Vote\"\nsummary = \"The vote.\"\nsources = [\"S1\"]\n+++\nThey voted [@S1].\n",
        ),
    ]);
    let run = s.build("out", &["--strict"]);
    run.assert_code(0);
    let out = s.path("out");
    // Talks cites S2 (its source 1) and lists S1 and S3 besides (2 and 3), under its title.
    assert_eq!(
        marks_on(&out, "background/talks/index.html"),
        ["Further sources: [2][3]"]
    );
    // Exit cites nothing: what it lists are its sources, not further ones.
    assert_eq!(
        marks_on(&out, "background/exit/index.html"),
        ["Sources: [1]"]
    );
    // Vote cites all it lists: no line.
    assert!(marks_on(&out, "background/vote/index.html").is_empty());
}
