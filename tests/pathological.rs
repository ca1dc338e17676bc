//! Pathological but valid input: deep nesting, huge counts, long lines. Smaller versions
//! of `benches/pathological.sh` that check for crashes (stack overflow, panic) and for
//! the quadratic slowdowns that were fixed; no timing assertions (timing lives in the
//! bench). Each regression test is named after what it was.

mod common;

use common::Site;

fn builds(body: &str) -> String {
    let site = Site::explainer(body);
    let out = site.run(["build"]);
    out.assert_code(0);
    std::fs::read_to_string(site.file("public/index.html")).unwrap()
}

#[test]
fn deeply_nested_blockquotes_build() {
    let html = builds(&format!("{}deep\n", "> ".repeat(2_000)));
    assert!(html.matches("<blockquote>").count() >= 2_000);
}

#[test]
fn deeply_nested_lists_build() {
    // Each level indented under the one before, and all on one line.
    let indented: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    builds(&indented);
    builds(&format!("{}x\n", "- ".repeat(2_000)));
    builds(&format!("{}x\n", "1. ".repeat(2_000)));
}

#[test]
fn deeply_nested_inline_markup_builds() {
    let n = 2_000;
    builds(&format!("{}x{}\n", "*".repeat(n), "*".repeat(n)));
    builds(&format!("{}x{}\n", "[".repeat(n), "](u)".repeat(n)));
    builds(&format!("{}x{}\n", "<span>".repeat(n), "</span>".repeat(n)));
    builds(&format!("{}\n", "`".repeat(n)));
}

#[test]
fn many_footnotes_build() {
    let n = 10_000;
    let refs: String = (0..n).map(|i| format!("a[^{i}] ")).collect();
    let defs: String = (0..n).map(|i| format!("[^{i}]: note {i}\n")).collect();
    let html = builds(&format!("{refs}\n\n{defs}"));
    assert!(
        html.contains("id=\"fn_10000\""),
        "the last footnote is rendered"
    );
}

#[test]
fn a_term_with_a_thousand_aliases_builds() {
    let site = Site::minimal();
    let aliases: Vec<String> = (0..1_000).map(|i| format!("\"Alias {i}\"")).collect();
    site.write(
        "content/glossary/many.md",
        format!(
            "+++\nterm = \"Many\"\naliases = [{}]\nkind = \"concept\"\nshort = \"Many names.\"\n+++\nThe term.\n",
            aliases.join(", ")
        ),
    );
    let mentions: String = (0..1_000).map(|i| format!("Alias {i} and ")).collect();
    site.write(
        "content/index.md",
        format!("{}{mentions}\n", common::EXPLAINER_FRONT),
    );
    site.run(["build"]).assert_code(0);
    let html = std::fs::read_to_string(site.file("public/index.html")).unwrap();
    assert_eq!(
        html.matches("class=\"term\"").count(),
        1,
        "linked once per page"
    );
}

#[test]
fn a_long_line_builds() {
    builds(&format!("{}\n", "word ".repeat(100_000)));
    builds(&format!("{}\n", "x".repeat(500_000)));
}

// See: PageState::unique_id searched `intro-1`, `intro-2`, … from 1 for every heading,
// so 20,000 headings with one title took minutes.
#[test]
fn many_headings_with_the_same_title_are_not_quadratic() {
    let html = builds(&"## Same\n\ntext\n\n".repeat(20_000));
    assert!(html.contains("id=\"same-19999\""));
}

// See: script_url_in_html lowercased the rest of the HTML at every quote, so one line of
// 200,000 attributes never finished.
#[test]
fn a_long_line_of_raw_html_attributes_is_not_quadratic() {
    builds(&format!("<div {}>\n\nx\n", "a=\"\" ".repeat(200_000)));
}

// See: the scan for `@/file#anchor` links searched to the end of the word at every `@/`,
// so a word of 300,000 `@/` never finished.
#[test]
fn a_word_of_cross_reference_markers_is_not_quadratic() {
    builds(&format!("{}\n", "@/".repeat(300_000)));
}

// See: every diagnostic counted lines from the top of its file, so 20,000 warnings on
// one page took minutes; and each kept a copy of its whole line.
#[test]
fn many_warnings_on_one_page_are_not_quadratic() {
    let site = Site::explainer(&"```klingon\nx\n```\n\n".repeat(20_000));
    let out = site.run(["build"]);
    out.assert_code(0);
    assert!(out.stderr.clone().contains("20000 warnings"));
}

// See: as above, for sources nobody cites yet, all on one line of sources.toml.
#[test]
fn many_uncited_sources_on_one_line_are_not_quadratic() {
    let site = Site::minimal();
    let sources: Vec<String> = (0..20_000)
        .map(|i| format!("{{ id = \"S{i}\", title = \"T\", url = \"https://e.org/{i}\" }}"))
        .collect();
    site.write(
        "content/sources.toml",
        format!("source = [{}]\n", sources.join(", ")),
    );
    let out = site.run(["build"]);
    out.assert_code(0);
    let err = out.stderr.clone();
    assert!(
        err.contains("20000 warnings"),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    assert!(
        err.len() < 20_000 * 1_000,
        "snippets of a long line are cut"
    );
}

// See: "did you mean" compared a 1 MB name with every glossary name by edit distance.
#[test]
fn a_huge_unknown_name_gets_a_quick_answer() {
    let site = Site::explainer(&format!("[[{}]]\n", "x".repeat(200_000)));
    let out = site.run(["build"]);
    out.assert_code(1);
}

// See: markdown/raw_html `too_many_attributes_at`. html5ever compares each attribute of
// a tag with all before it, so 200,000 distinct ones took minutes to read.
#[test]
fn a_tag_with_too_many_distinct_attributes_is_an_error_not_a_slow_build() {
    let attrs: Vec<String> = (0..200_000).map(|i| format!("a{i}=\"\"")).collect();
    let site = common::Site::explainer(&format!("<div {}>\n\nx\n", attrs.join(" ")));
    let out = site.run(["build"]);
    out.assert_code(1);
    assert!(
        out.stderr.contains("more than 10000 attributes in one tag"),
        "{}",
        out.stderr
    );
}
