//! `build` writes each page into the staging folder as soon as it is rendered. A failure
//! after some pages were written must still leave the previous output byte-identical
//! and no staging folder behind.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::{assert_same_tree, names, snapshot, Site};

#[test]
fn a_render_error_after_pages_were_written_leaves_the_previous_output_alone() {
    let s = Site::fixture("valid");
    s.build("out", &[]).assert_code(0);
    let before = snapshot(&s.path("out"));

    // The timeline is rendered after the explainer and every background page: by the
    // time this template fails, those pages are in the staging folder.
    s.write(
        "templates/timeline.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.no_such_field }}{% endblock content %}",
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert!(run.stderr.contains("timeline/index.html"), "{}", run.stderr);

    assert_untouched(&s, &before, "output after a render error");
}

#[test]
fn a_body_error_found_while_pages_are_written_leaves_the_previous_output_alone() {
    let s = Site::fixture("valid");
    s.build("out", &[]).assert_code(0);
    let before = snapshot(&s.path("out"));

    // Background pages are rendered and written as soon as each is composed, so the
    // other pages reach the staging folder before this error is known.
    let page = s.path("site/content/background/who-is-who.md");
    let text = fs::read_to_string(&page).unwrap();
    s.write(
        "content/background/who-is-who.md",
        format!("{text}\nSee [nowhere](@/background/no-such-page.md).\n"),
    );
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert!(run.stderr.contains("no-such-page"), "{}", run.stderr);

    assert_untouched(&s, &before, "output after a body error");
}

/// The previous output is byte-identical to `before`, and no staging folder is left
/// beside it.
fn assert_untouched(s: &Site, before: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_same_tree(before, &snapshot(&s.path("out")), what);
    assert_eq!(
        names(s.tmp()),
        ["out", "site"],
        "no staging folder is left behind"
    );
}

#[test]
fn code_on_a_background_page_alone_ships_the_highlighting_stylesheet() {
    let s = Site::fixture("valid");
    let css = |s: &Site| {
        let tree = common::snapshot(&s.path("out"));
        String::from_utf8(tree[&common::asset(&tree, "style.css")].clone()).unwrap()
    };
    // The fixture's only code block is in the explainer: take it out.
    let index = s.path("site/content/index.md");
    let text = fs::read_to_string(&index).unwrap();
    let mut without = String::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            without.push_str(line);
            without.push('\n');
        }
    }
    s.write("content/index.md", &without);
    s.build("out", &[]).assert_code(0);
    assert!(
        !css(&s).contains(".hl-code"),
        "no code, no highlighting CSS"
    );

    // The HTML of background pages is dropped once they are written: whether the site
    // has code must survive that.
    let page = s.path("site/content/background/who-is-who.md");
    let text = fs::read_to_string(&page).unwrap();
    s.write(
        "content/background/who-is-who.md",
        format!("{text}\n```rust\nfn main() {{}}\n```\n"),
    );
    s.build("out", &[]).assert_code(0);
    assert!(css(&s).contains(".hl-code"), "a background page has code");
}
