//! Bad input: one fixture per defect under `tests/fixtures/invalid/`, each a complete small
//! site with exactly one thing wrong. Every test pins the message, the position (1-based
//! line and column in characters, counted from the start of the file), the hint, the
//! exit code, and proves the previous output was left alone.

mod common;

use common::{assert_same_tree, snapshot, Diag, Site};

/// Every fixture under `tests/fixtures/invalid/`: builds the valid site into `out`, then
/// the broken one into the same `out`. The exit code and the whole stderr are a
/// snapshot (`tests/snapshots/errors__invalid_fixture@<case>.snap`): the text a user
/// reads. The previous output must be byte-identical afterwards.
#[test]
fn invalid_fixture() {
    insta::glob!("fixtures/invalid/*", |case| {
        let name = case.file_name().unwrap().to_str().unwrap();
        let s = Site::fixture(&format!("invalid/{name}"));
        let good = s.add_site("valid", "good");
        let out = s.path("out");
        common::build(&good, &out, &[]).assert_code(0);
        let before = snapshot(&out);
        let run = s.build("out", &[]);
        assert!(
            run.code == 1 || run.code == 2,
            "{name}: exit {} is not a refusal\n{}",
            run.code,
            run.stderr
        );
        assert_same_tree(&before, &snapshot(&out), "output after a failed build");
        insta::assert_snapshot!(run.transcript(s.tmp()));
    });
}

/// Builds the broken fixture `invalid/<case>` into a fresh folder. Asserts the exit code,
/// that exactly one error was reported, and that nothing was written. Returns that
/// error; its text is pinned by the fixture's snapshot.
#[track_caller]
fn fails(case: &str, code: i32) -> Diag {
    let s = Site::fixture(&format!("invalid/{case}"));
    let run = s.build("out", &[]);
    run.assert_code(code);
    let errors = run.errors();
    assert_eq!(
        errors.len(),
        1,
        "exactly one error expected:\n{}",
        run.stderr
    );
    assert!(
        !s.path("out").exists(),
        "a failed first build writes nothing"
    );
    errors.into_iter().next().unwrap()
}

/// Checks the location (exact), and that the caret under the quoted line sits at the
/// reported column.
#[track_caller]
fn expect_at(d: &Diag, location: &str) {
    assert_eq!(
        d.location.as_deref(),
        Some(location),
        "location of {:?}",
        d.message
    );
    if let Some((_, col)) = d.line_col() {
        assert!(
            d.snippet.is_some(),
            "a positioned diagnostic quotes its line: {d:?}"
        );
        assert_eq!(d.caret_column, Some(col), "caret under column {col}: {d:?}");
    }
}

const EVENT: &str = "content/timeline/2024-01-27-talks.md";

#[test]
fn malformed_toml_in_frontmatter() {
    // `title = Talks begin` on line 2: the value starts at column 9.
    let e = fails("frontmatter-toml-syntax", 1);
    expect_at(&e, &format!("{EVENT}:2:9"));
    assert_eq!(e.snippet.as_deref(), Some("title = Talks begin"));
}

#[test]
fn unknown_key_suggests_the_near_field() {
    let e = fails("unknown-key", 1);
    expect_at(&e, &format!("{EVENT}:4:1"));
}

#[test]
fn unknown_key_in_a_crlf_file_counts_lines_the_same() {
    let e = fails("crlf-unknown-key", 1);
    expect_at(&e, &format!("{EVENT}:4:1"));
    assert_eq!(e.snippet.as_deref(), Some("end_dat = \"2024-01-28\""));
    // The same message and hint as without CR.
    let lf = fails("unknown-key", 1);
    assert_eq!((&e.message, &e.hint), (&lf.message, &lf.hint));
}

#[test]
fn wrong_type_points_at_the_value() {
    // `weight = "high"`
    expect_at(
        &fails("wrong-type", 1),
        "content/background/context.md:4:10",
    );
}

#[test]
fn missing_required_field_points_at_the_frontmatter() {
    // An event without `title`.
    expect_at(&fails("missing-field", 1), &format!("{EVENT}:1:1"));
}

#[test]
fn impossible_date() {
    expect_at(&fails("impossible-date", 1), &format!("{EVENT}:3:8"));
}

#[test]
fn end_date_before_date() {
    expect_at(&fails("end-before-date", 1), &format!("{EVENT}:4:12"));
}

#[test]
fn site_without_a_main_explainer() {
    expect_at(&fails("no-explainer", 1), "content/index.md");
}

#[test]
fn two_files_with_the_same_url_are_both_named() {
    // `Foo Bar.md` and `foo-bar.md` both slug to `foo-bar`; the snapshot shows the
    // message naming both.
    // One error at 1:1 of each file, each naming both. See: issue 16, point 10.
    let s = Site::fixture("invalid/duplicate-url");
    let run = s.build("out", &[]);
    run.assert_code(1);
    let errors = run.errors();
    let at: Vec<&str> = errors
        .iter()
        .filter_map(|e| e.location.as_deref())
        .collect();
    assert_eq!(
        at,
        [
            "content/background/Foo Bar.md:1:1",
            "content/background/foo-bar.md:1:1"
        ]
    );
    for e in &errors {
        expect_at(e, e.location.as_deref().unwrap());
        assert!(e
            .message
            .contains("`content/background/Foo Bar.md` and `content/background/foo-bar.md`"));
    }
}

#[test]
fn unknown_id_in_a_sources_list() {
    // sources = ["S1", "S9"]: the second string starts at column 18.
    expect_at(&fails("unknown-source-id", 1), &format!("{EVENT}:5:18"));
}

#[test]
fn unknown_citation_in_a_body_counts_columns_in_characters() {
    // Line 7 of the file (the body's first line): `Le conseil a débattu du port [@S99].`
    // `é` is two bytes but one column: `@S99` is at column 31, not 32.
    expect_at(
        &fails("unknown-citation", 1),
        "content/background/context.md:7:31",
    );
}

#[test]
fn missing_cross_reference_target() {
    expect_at(
        &fails("missing-cross-reference", 1),
        "content/index.md:8:19",
    );
}

#[test]
fn forced_glossary_link_to_no_term() {
    expect_at(&fails("unknown-forced-term", 1), "content/index.md:10:16");
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    // `Caf\xE9 owners like it.` on line 8.
    expect_at(
        &fails("invalid-utf8", 1),
        "content/glossary/harbour-office.md:8:4",
    );
}

#[test]
fn yaml_frontmatter_is_explained() {
    expect_at(
        &fails("yaml-frontmatter", 1),
        "content/background/context.md:1:1",
    );
}

#[test]
fn unterminated_frontmatter() {
    expect_at(
        &fails("unterminated-frontmatter", 1),
        "content/glossary/harbour-office.md:1:1",
    );
}

#[test]
fn malformed_dossier_toml_is_a_setup_error() {
    // `title "Broken sites for tests"`: no `=` after the key.
    expect_at(&fails("bad-config", 2), "dossier.toml:1:7");
}

#[test]
fn javascript_link_is_refused() {
    // `Écrivez-nous : [contact](javascript:alert(1)).` on line 8; `É` is one column.
    expect_at(
        &fails("javascript-link", 1),
        "content/background/context.md:8:26",
    );
}

// ---------------------------------------------------------------------------------------
// Several errors in one run.

fn all_errors(case: &str) -> Vec<(String, String)> {
    let s = Site::fixture(&format!("invalid/{case}"));
    let run = s.build("out", &[]);
    run.assert_code(1);
    assert!(
        !s.path("out").exists(),
        "a failed first build writes nothing"
    );
    run.errors()
        .into_iter()
        .map(|d| (d.location.unwrap_or_default(), d.message))
        .collect()
}

fn locations(errors: &[(String, String)]) -> Vec<&str> {
    errors.iter().map(|(l, _)| l.as_str()).collect()
}

#[test]
fn frontmatter_errors_in_several_files_are_all_reported_sorted() {
    let errors = all_errors("several-errors");
    assert_eq!(
        locations(&errors),
        [
            "content/background/context.md:4:10",        // weight = "high"
            "content/glossary/harbour-office.md:4:8",    // kind = "building"
            "content/index.md:4:13",                     // published = "2024-1-27"
            "content/timeline/2024-01-27-talks.md:3:8",  // date = "2024-13-01"
            "content/timeline/2024-01-27-talks.md:4:12", // end_date = "2024-02-30"
        ],
        "{errors:#?}"
    );
}

#[test]
fn body_errors_in_several_files_are_all_reported_sorted() {
    let errors = all_errors("several-errors-body");
    assert_eq!(
        locations(&errors),
        [
            "content/background/context.md:8:15",        // javascript:
            "content/glossary/harbour-office.md:8:10",   // [[Nope]]
            "content/index.md:6:35",                     // [@S1; @S99]
            "content/timeline/2024-01-27-talks.md:8:20", // @/background/nope.md
        ],
        "{errors:#?}"
    );
}

/// See: errors in markdown bodies (citations, cross-references, `[[terms]]`, links) are
/// only looked for when every frontmatter is valid, so an editor fixes one batch, rebuilds
/// and meets a second batch in other files.
#[test]
fn body_errors_are_reported_alongside_frontmatter_errors() {
    let errors = all_errors("several-errors-mixed");
    assert_eq!(
        locations(&errors),
        [
            "content/background/context.md:4:10",      // weight = "high"
            "content/glossary/harbour-office.md:8:10", // [[Nope]]
            "content/index.md:6:35",                   // [@S1; @S99]
        ],
        "{errors:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// Warnings.

/// Every fixture under `tests/fixtures/warnings/` builds, and the exit code and whole
/// stderr of the build are a snapshot (`errors__warning_fixture@<case>.snap`).
#[test]
fn warning_fixture() {
    insta::glob!("fixtures/warnings/*", |case| {
        let name = case.file_name().unwrap().to_str().unwrap();
        let s = Site::fixture(&format!("warnings/{name}"));
        let run = s.build("out", &[]);
        run.assert_code(0);
        assert!(s.path("out/index.html").is_file(), "warnings still build");
        insta::assert_snapshot!(run.transcript(s.tmp()));
    });
}

#[test]
fn event_without_sources_is_a_warning_and_an_error_with_strict() {
    let s = Site::fixture("warnings/event-without-sources");
    let run = s.build("out", &[]);
    run.assert_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let w = run.warnings();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    expect_at(&w[0], &format!("{EVENT}:3:8"));
    assert!(
        s.path("out/timeline/index.html").is_file(),
        "warnings still build"
    );

    let run = s.build("strict-out", &["--strict"]);
    run.assert_code(1);
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript(s.tmp()));
    assert!(!s.path("strict-out").exists());
}

#[test]
fn unknown_code_language_is_a_warning_at_its_fence() {
    let s = Site::fixture("warnings/unknown-code-language");
    let run = s.build("out", &[]);
    run.assert_code(0);
    let w = run.warnings();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    expect_at(&w[0], "content/background/context.md:10:1");
    assert_eq!(w[0].snippet.as_deref(), Some("```klingon"));
    // The block is still shown, as plain text.
    let html = std::fs::read_to_string(s.path("out/background/context/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let pre = scraper::Selector::parse("pre").unwrap();
    assert!(doc
        .select(&pre)
        .any(|p| p.text().collect::<String>().contains("qapla batlh")));

    s.check(&["--strict"]).assert_code(1);
}

// ---------------------------------------------------------------------------------------
// Usage and setup errors.

#[test]
fn usage_and_missing_site_errors_exit_2() {
    let run = common::dossier().args(["build", "--no-such-flag"]).run();
    run.assert_code(2);

    let s = Site::fixture("valid");
    let missing = s.path("no-such-site");
    let run = common::build(&missing, &s.path("out"), &[]);
    run.assert_code(2);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript(s.tmp()));
    assert!(!s.path("out").exists());
}
