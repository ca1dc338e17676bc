//! `dossier check`: the whole pipeline without writing, plus the link check of the
//! rendered pages. Runs the real binary on the fixture sites of `tests/fixtures/check/`,
//! each copied into a temporary folder first so a test can prove nothing was written.

mod common;

use common::{check, repo, snapshot, Site};

/// Every fixture under `tests/fixtures/check/` and `tests/fixtures/warnings/`: the exit
/// code and the whole stderr of `dossier check` are a snapshot
/// (`tests/snapshots/check__check_fixture@<case>.snap`), and the site is left as it was.
#[test]
fn check_fixture() {
    insta::glob!("fixtures/{check,warnings}/*", |case| {
        let kind = case
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let name = case.file_name().unwrap().to_str().unwrap();
        let s = Site::fixture(&format!("{kind}/{name}"));
        let before = snapshot(&s.root);
        let run = s.check(&[]);
        assert_eq!(snapshot(&s.root), before, "check wrote into the site");
        insta::assert_snapshot!(run.transcript(s.tmp()));
    });
}

/// The one diagnostic of `run` with this severity, and its location.
#[track_caller]
fn only(run: &common::Run, severity: &str) -> String {
    let found: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == severity)
        .collect();
    assert_eq!(found.len(), 1, "one {severity} expected:\n{}", run.stderr);
    found[0].location.clone().unwrap_or_default()
}

#[test]
fn a_clean_site_checks_with_no_problems() {
    let site = Site::fixture("check/clean");
    let run = site.check(&["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    assert!(
        run.stderr.ends_with(": no problems found\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bundled_explainer_checks_with_no_problems() {
    let run = check(&repo(), &[]);
    run.assert_code(0);
    assert!(run.stderr.contains("no problems found"), "{}", run.stderr);
}

#[test]
fn a_raw_html_link_to_a_missing_page_is_an_error_at_its_line() {
    let run = Site::fixture("check/raw-link").check(&[]);
    run.assert_code(1);
    assert_eq!(only(&run, "error"), "content/index.md:8:14");
}

#[test]
fn a_raw_html_link_to_a_missing_fragment_is_an_error() {
    let run = Site::fixture("check/raw-fragment").check(&[]);
    run.assert_code(1);
    assert_eq!(only(&run, "error"), "content/index.md:8:18");
}

#[test]
fn a_broken_link_in_a_template_override_names_the_template() {
    // One template line on every page: reported once, at its line in the template.
    let run = Site::fixture("check/template-link").check(&[]);
    run.assert_code(1);
    assert_eq!(only(&run, "error"), "templates/partials/nav.html:4:41");
}

#[test]
fn root_absolute_links_fail_and_folder_links_warn() {
    let run = Site::fixture("check/paths").check(&[]);
    run.assert_code(1);
    assert_eq!(only(&run, "error"), "content/background/context.md:5:25");
    assert_eq!(only(&run, "warning"), "content/index.md:6:23");
}

#[test]
fn warnings_pass_unless_strict() {
    let site = Site::fixture("check/clean");
    site.append(
        "content/index.md",
        "\nAll [background pages](background/).\n",
    );
    let run = site.check(&[]);
    run.assert_code(0);
    assert_eq!(only(&run, "warning"), "content/index.md:25:24");
    let strict = site.check(&["--strict"]);
    strict.assert_code(1);
    insta::assert_snapshot!(strict.transcript(site.tmp()));
}

#[test]
fn check_writes_nothing() {
    // No output yet: check creates none, and nothing else appears in the site.
    let site = Site::fixture("check/raw-link");
    let before = snapshot(&site.root);
    site.check(&[]).assert_code(1);
    assert_eq!(snapshot(&site.root), before);
    assert!(!site.file("public").exists());

    // An existing output is left byte for byte, whatever check finds.
    let site = Site::fixture("check/clean");
    site.run(["build"]).assert_code(0);
    site.append("content/index.md", "\n<a href=\"gone.html\">gone</a>\n");
    let before = snapshot(&site.root);
    site.check(&[]).assert_code(1);
    assert_eq!(snapshot(&site.root), before);
    assert!(site.file("public/index.html").is_file());
}
