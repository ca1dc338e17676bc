//! Bad input: one fixture per defect under `tests/fixtures/invalid/`, each a complete small
//! site with exactly one thing wrong. Every test pins the message, the position (1-based
//! line and column in characters, counted from the start of the file), the hint, the
//! exit code, and proves the previous output was left alone.

mod common;

use common::{assert_same_tree, snapshot, Diag, Run, Sandbox};

/// Builds the valid site into `out`, then the broken fixture `invalid/<case>` into the same
/// `out`. Asserts the exit code, that exactly one error was reported, and that the
/// previous output is byte-identical. Returns that error and the run.
fn fails(case: &str, code: i32) -> (Diag, Run) {
    let s = Sandbox::new(&format!("invalid/{case}"));
    let good = s.add_site("valid", "good");
    let out = s.path("out");
    common::build(&good, &out, &[]).assert_code(0);
    let before = snapshot(&out);

    let run = common::build(&s.root, &out, &[]);
    run.assert_code(code);
    let errors = run.errors();
    assert_eq!(
        errors.len(),
        1,
        "exactly one error expected:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &snapshot(&out), "output after a failed build");
    assert!(
        run.stderr.contains("left untouched"),
        "stderr says the output was kept:\n{}",
        run.stderr
    );
    (errors.into_iter().next().unwrap(), run)
}

/// Checks message (substring), location (exact), hint (substring, when given), and that
/// the caret under the quoted line sits at the reported column.
fn expect(d: &Diag, message: &str, location: &str, hint: Option<&str>) {
    assert!(
        d.message.contains(message),
        "message {:?} should contain {message:?}",
        d.message
    );
    assert_eq!(
        d.location.as_deref(),
        Some(location),
        "location of {:?}",
        d.message
    );
    if let Some(h) = hint {
        let got = d.hint.as_deref().unwrap_or("");
        assert!(got.contains(h), "hint {got:?} should contain {h:?}");
    }
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
    let (e, _) = fails("frontmatter-toml-syntax", 1);
    expect(
        &e,
        "string values must be quoted",
        &format!("{EVENT}:2:9"),
        None,
    );
    assert_eq!(e.snippet.as_deref(), Some("title = Talks begin"));
}

#[test]
fn unknown_key_suggests_the_near_field() {
    let (e, _) = fails("unknown-key", 1);
    expect(
        &e,
        "unknown field `end_dat`",
        &format!("{EVENT}:4:1"),
        Some("did you mean `end_date`?"),
    );
    assert!(
        e.message.contains("`end_date`"),
        "lists the fields: {}",
        e.message
    );
}

#[test]
fn unknown_key_in_a_crlf_file_counts_lines_the_same() {
    let (e, _) = fails("crlf-unknown-key", 1);
    expect(
        &e,
        "unknown field `end_dat`",
        &format!("{EVENT}:4:1"),
        Some("did you mean `end_date`?"),
    );
    assert_eq!(e.snippet.as_deref(), Some("end_dat = \"2024-01-28\""));
}

#[test]
fn wrong_type_points_at_the_value() {
    // `weight = "high"`
    let (e, _) = fails("wrong-type", 1);
    expect(
        &e,
        "invalid type: string \"high\"",
        "content/background/context.md:4:10",
        Some("whole number"),
    );
}

#[test]
fn missing_required_field_points_at_the_frontmatter() {
    // An event without `title`.
    let (e, _) = fails("missing-field", 1);
    expect(
        &e,
        "missing field `title`",
        &format!("{EVENT}:1:1"),
        Some("add `title = …`"),
    );
}

#[test]
fn impossible_date() {
    let (e, _) = fails("impossible-date", 1);
    expect(
        &e,
        "`2024-02-30` is not a real date",
        &format!("{EVENT}:3:8"),
        Some("February 2024 has 29 days"),
    );
}

#[test]
fn end_date_before_date() {
    let (e, _) = fails("end-before-date", 1);
    expect(
        &e,
        "`end_date` (2024-01-20) is before `date` (2024-01-27)",
        &format!("{EVENT}:4:12"),
        Some("cannot end before it starts"),
    );
}

#[test]
fn site_without_a_main_explainer() {
    let (e, _) = fails("no-explainer", 1);
    expect(
        &e,
        "the site has no main explainer",
        "content/index.md",
        Some("create content/index.md"),
    );
}

#[test]
fn two_files_with_the_same_url_are_both_named() {
    // `Foo Bar.md` and `foo-bar.md` both slug to `foo-bar`.
    let (e, _) = fails("duplicate-url", 1);
    assert!(
        e.message.contains("content/background/Foo Bar.md"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("content/background/foo-bar.md"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`foo-bar`"), "{}", e.message);
    assert!(e
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with("content/background/")));
    assert!(
        e.hint.as_deref().is_some_and(|h| h.contains("rename")),
        "{e:?}"
    );
}

#[test]
fn unknown_id_in_a_sources_list() {
    // sources = ["S1", "S9"]: the second string starts at column 18.
    let (e, _) = fails("unknown-source-id", 1);
    expect(
        &e,
        "unknown source `S9`",
        &format!("{EVENT}:5:18"),
        Some("did you mean `S1`?"),
    );
}

#[test]
fn unknown_citation_in_a_body_counts_columns_in_characters() {
    // Line 7 of the file (the body's first line): `Le conseil a débattu du port [@S99].`
    // `é` is two bytes but one column: `@S99` is at column 31, not 32.
    let (e, _) = fails("unknown-citation", 1);
    expect(
        &e,
        "unknown source `S99`",
        "content/background/context.md:7:31",
        Some("content/sources.toml"),
    );
}

#[test]
fn missing_cross_reference_target() {
    let (e, _) = fails("missing-cross-reference", 1);
    expect(
        &e,
        "link to a missing file `@/background/nope.md`",
        "content/index.md:8:19",
        Some("did you mean `@/background/context.md`?"),
    );
}

#[test]
fn forced_glossary_link_to_no_term() {
    let (e, _) = fails("unknown-forced-term", 1);
    expect(
        &e,
        "no glossary term or alias `Nope`",
        "content/index.md:10:16",
        Some("content/glossary/"),
    );
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    // `Caf\xE9 owners like it.` on line 8.
    let (e, _) = fails("invalid-utf8", 1);
    expect(
        &e,
        "file is not valid UTF-8",
        "content/glossary/harbour-office.md:8:4",
        Some("0xE9"),
    );
}

#[test]
fn yaml_frontmatter_is_explained() {
    let (e, _) = fails("yaml-frontmatter", 1);
    expect(
        &e,
        "YAML frontmatter is not supported",
        "content/background/context.md:1:1",
        Some("TOML between `+++`"),
    );
}

#[test]
fn unterminated_frontmatter() {
    let (e, _) = fails("unterminated-frontmatter", 1);
    expect(
        &e,
        "unterminated frontmatter",
        "content/glossary/harbour-office.md:1:1",
        Some("`+++`"),
    );
}

#[test]
fn malformed_dossier_toml_is_a_setup_error() {
    // `title "Broken sites for tests"`: no `=` after the key.
    let (e, _) = fails("bad-config", 2);
    expect(&e, "expected `=`", "dossier.toml:1:7", None);
}

#[test]
fn javascript_link_is_refused() {
    // `Écrivez-nous : [contact](javascript:alert(1)).` on line 8; `É` is one column.
    let (e, _) = fails("javascript-link", 1);
    expect(
        &e,
        "script URL in a link",
        "content/background/context.md:8:26",
        Some("javascript:"),
    );
}

// ---------------------------------------------------------------------------------------
// Several errors in one run.

fn all_errors(case: &str) -> Vec<(String, String)> {
    let s = Sandbox::new(&format!("invalid/{case}"));
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
    assert!(errors[1].1.contains("unknown variant `building`"));
    assert!(errors[3].1.contains("no month 13"));
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

#[test]
fn event_without_sources_is_a_warning_and_an_error_with_strict() {
    let s = Sandbox::new("warnings/event-without-sources");
    let run = s.build("out", &[]);
    run.assert_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let w = run.warnings();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    expect(
        &w[0],
        "timeline event has no sources",
        &format!("{EVENT}:3:8"),
        Some("sources = ["),
    );
    assert!(
        s.path("out/timeline/index.html").is_file(),
        "warnings still build"
    );

    let run = s.build("strict-out", &["--strict"]);
    run.assert_code(1);
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
}

#[test]
fn unknown_code_language_is_a_warning_at_its_fence() {
    let s = Sandbox::new("warnings/unknown-code-language");
    let run = s.build("out", &[]);
    run.assert_code(0);
    let w = run.warnings();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    expect(
        &w[0],
        "unknown code language `klingon`",
        "content/background/context.md:10:1",
        Some("text"),
    );
    assert_eq!(w[0].snippet.as_deref(), Some("```klingon"));
    // The block is still shown, as plain text.
    let html = std::fs::read_to_string(s.path("out/background/context/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let pre = scraper::Selector::parse("pre").unwrap();
    assert!(doc
        .select(&pre)
        .any(|p| p.text().collect::<String>().contains("qapla batlh")));

    common::check(&s.root, &["--strict"]).assert_code(1);
}

// ---------------------------------------------------------------------------------------
// Usage and setup errors.

#[test]
fn usage_and_missing_site_errors_exit_2() {
    let run = common::dossier(&["build".as_ref(), "--no-such-flag".as_ref()]);
    run.assert_code(2);

    let s = Sandbox::new("valid");
    let missing = s.path("no-such-site");
    let run = common::build(&missing, &s.path("out"), &[]);
    run.assert_code(2);
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].message.contains("cannot read"), "{:?}", e[0]);
    assert!(e[0].message.contains("dossier.toml"), "{:?}", e[0]);
    assert!(!s.path("out").exists());
}
