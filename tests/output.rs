//! The output folder: deterministic bytes, and nothing a user has is ever lost (a failed
//! build leaves the previous output alone; a folder Dossier did not make is refused).

mod common;

use std::fs;

use common::{assert_same_tree, names, snapshot, Site};

#[test]
fn building_twice_gives_identical_bytes() {
    let s = Site::fixture("valid");
    s.build("one", &["--drafts"]).assert_code(0);
    s.build("two", &["--drafts"]).assert_code(0);
    let one = snapshot(&s.path("one"));
    let two = snapshot(&s.path("two"));
    assert!(one.len() > 8, "{:?}", one.keys());
    assert_same_tree(&one, &two, "two builds of the same site");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let s = Site::fixture("valid");
    s.build("out", &[]).assert_code(0);
    let before = snapshot(&s.path("out"));

    let event = s.root.join("content/timeline/2023-03-report.md");
    let text = fs::read_to_string(&event).unwrap();
    fs::write(&event, text.replace("group = ", "grop = ")).unwrap();
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("previous output was left untouched"),
        "{}",
        run.stderr
    );

    assert_same_tree(
        &before,
        &snapshot(&s.path("out")),
        "output after a failed build",
    );
    assert_eq!(
        names(s.tmp()),
        ["out", "site"],
        "no staging folders are left behind"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let s = Site::fixture("valid");
    let out = s.path("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notes.txt"), "my notes\n").unwrap();

    let run = s.build("out", &[]);
    run.assert_code(2);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "my notes\n"
    );
    assert_eq!(
        snapshot(&out).len(),
        1,
        "nothing was added next to notes.txt"
    );
    assert_eq!(names(s.tmp()), ["out", "site"]);
}

#[test]
fn refuses_to_write_over_the_site_or_into_its_inputs() {
    for out in ["site", "site/content/public", "site/static/public"] {
        let s = Site::fixture("valid");
        let before = snapshot(&s.root);
        let run = s.build(out, &[]);
        run.assert_code(2);
        assert!(
            run.stderr.contains("refusing"),
            "--out {out}: {}",
            run.stderr
        );
        assert_same_tree(
            &before,
            &snapshot(&s.root),
            "the site after a refused build",
        );
    }
}

#[test]
fn builds_into_an_empty_folder_it_did_not_create() {
    let s = Site::fixture("valid");
    fs::create_dir_all(s.path("out")).unwrap();
    s.build("out", &[]).assert_code(0);
    assert!(s.path("out/index.html").is_file());
}

#[test]
fn rebuilding_over_its_own_output_replaces_it() {
    let s = Site::fixture("valid");
    s.build("out", &["--drafts"]).assert_code(0);
    assert!(s.path("out/background/draft-notes/index.html").is_file());

    let page = s.root.join("content/background/who-is-who.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        text.replace("title = \"Who is who\"", "title = \"Who is who now\""),
    )
    .unwrap();
    let run = s.build("out", &[]);
    run.assert_code(0);

    let html = fs::read_to_string(s.path("out/background/who-is-who/index.html")).unwrap();
    assert!(html.contains("Who is who now"));
    assert!(
        !s.path("out/background/draft-notes").exists(),
        "pages that are gone from the site are gone from the output"
    );
    assert_eq!(names(s.tmp()), ["out", "site"]);

    // And the output of a fresh build into a new folder is the same.
    s.build("fresh", &[]).assert_code(0);
    assert_same_tree(
        &snapshot(&s.path("fresh")),
        &snapshot(&s.path("out")),
        "a rebuild and a fresh build",
    );
}

/// See: `--strict` turns warnings into a failure (exit 1), but the output is written
/// before the exit code is decided, so a "failed" strict build replaces the previous
/// output, unlike every other failed build.
#[test]
fn a_strict_failure_leaves_the_previous_output_untouched() {
    let s = Site::fixture("valid");
    s.build("out", &[]).assert_code(0);
    let before = snapshot(&s.path("out"));

    let event = s.root.join("content/timeline/2023-03-report.md");
    let text = fs::read_to_string(&event).unwrap();
    fs::write(&event, text.replace("sources = [\"S1\"]\n", "")).unwrap();
    let run = s.build("out", &["--strict"]);
    run.assert_code(1);
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    assert_same_tree(
        &before,
        &snapshot(&s.path("out")),
        "output after a --strict failure",
    );
}

/// See: `static/` is copied after the pages are rendered, so `static/index.html` (or
/// `static/timeline/index.html`, `static/style.css`) silently replaces what Dossier
/// generated: the explainer vanishes from the output without a word.
#[test]
fn a_static_file_never_silently_replaces_a_generated_page() {
    let s = Site::fixture("valid");
    s.write("static/index.html", "<p>an old landing page</p>\n");
    let run = s.build("out", &[]);
    let named = run.diagnostics().iter().any(|d| {
        d.location
            .as_deref()
            .is_some_and(|l| l.starts_with("static/index.html"))
    });
    assert!(
        named,
        "the clash with the generated index.html is reported:\n{}",
        run.stderr
    );
}
