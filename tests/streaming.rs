//! `build` writes each page into the staging folder as soon as it is rendered. A failure
//! after some pages were written must still leave the previous output byte-identical
//! and no staging folder behind.

mod common;

use std::fs;

use common::{assert_same_tree, snapshot, Sandbox};

#[test]
fn a_render_error_after_pages_were_written_leaves_the_previous_output_alone() {
    let s = Sandbox::new("valid");
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

    assert_same_tree(
        &before,
        &snapshot(&s.path("out")),
        "output after a render error",
    );
    let mut left: Vec<String> = fs::read_dir(s.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["out", "site"], "no staging folder is left behind");
}
