//! Property: whatever a content file holds (random bytes, random TOML, random markdown),
//! the real binary exits 0 with an output, or 1/2 with at least one diagnostic that
//! names a file and a position; it never panics (exit 101).
//!
//! Case counts are modest so `cargo test` stays fast; the fuzz targets in `fuzz/` search
//! the same space for hours.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use common::{Site, EXPLAINER_FRONT};

/// Where a generated file goes, and the frontmatter that makes it valid when the
/// generated part is a markdown body.
const PLACES: &[(&str, &str)] = &[
    ("content/index.md", EXPLAINER_FRONT),
    (
        "content/background/page.md",
        "+++\ntitle = \"Page\"\nsummary = \"S\"\nsources = [\"S1\"]\n+++\n",
    ),
    (
        "content/timeline/2024-01-27-event.md",
        "+++\ntitle = \"E\"\ndate = \"2024-01-27\"\nsources = [\"S1\"]\n+++\n",
    ),
    (
        "content/glossary/term.md",
        "+++\nterm = \"Term\"\naliases = [\"T\"]\nkind = \"concept\"\nshort = \"A term.\"\n+++\n",
    ),
    ("content/sources.toml", ""),
];

const SOURCES: &str =
    "[[source]]\nid = \"S1\"\ntitle = \"A source\"\nurl = \"https://example.org/\"\n";

/// Pieces of TOML: known field names with values of every type, and noise.
fn toml_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "title",
            "summary",
            "published",
            "updated",
            "authors",
            "date",
            "end_date",
            "display_date",
            "group",
            "place",
            "sources",
            "weight",
            "draft",
            "term",
            "aliases",
            "kind",
            "short",
            "id",
            "url",
            "publisher",
            "stat_date",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ];
    let value = prop_oneof![
        "\"[^\"\\\\\\n]{0,12}\"".prop_map(|s| s),
        prop::sample::select(vec![
            "2024-01-27",
            "2024-02-30",
            "\"2024\"",
            "\"2024-13\"",
            "1979-05-27T07:32:00Z",
            "true",
            "-1",
            "9999999999999999999",
            "[]",
            "[\"S1\", \"S9\"]",
            "{ a = 1 }",
            "\"concept\"",
            "\"correction\"",
            "\"https://example.org/\"",
            "\"javascript:x\"",
            "'''\nmulti\n'''",
            "inf",
            "[1, \"a\"]",
        ])
        .prop_map(str::to_string),
    ];
    let line = prop_oneof![
        8 => (key, value).prop_map(|(k, v)| format!("{k} = {v}\n")),
        1 => Just("[[updates]]\n".to_string()),
        1 => Just("[[source]]\n".to_string()),
        1 => "[ -~]{0,20}\n",
    ];
    prop::collection::vec(line, 0..12).prop_map(|l| l.concat())
}

/// Pieces of markdown with every Dossier extension, valid and broken.
fn markdown_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "# ",
            "## Heading\n",
            "### A {#why}\n",
            "> ",
            "- ",
            "1. ",
            "* [ ] ",
            "\n\n",
            "\n",
            "    code\n",
            "```rust\nfn x() {}\n```\n",
            "```klingon\nx\n```\n",
            "```",
            "`x`",
            "**b**",
            "_i_",
            "~~s~~",
            "[^1]",
            "[^1]: note\n",
            "[@S1]",
            "[@S1; @S9]",
            "[@",
            "[[T]]",
            "[[Term|the term]]",
            "[[Nope]]",
            "[[",
            "]]",
            "[x](@/index.md)",
            "[x](@/background/page.md#heading)",
            "[x](@/timeline/2024-01-27-event.md#x)",
            "[x](@/missing.md)",
            "[x](javascript:alert(1))",
            "![i](a.png)",
            "<div>",
            "</div>",
            "<a href=\"javascript:x\">",
            "<!-- c -->",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Term\n: def\n",
            "Term",
            "T",
            "\"q\"",
            "...",
            "--",
            "+++\n",
            "\u{feff}",
            "é",
            "\r\n",
            "\t",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,16}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// The generated content of one file.
#[derive(Debug, Clone)]
enum Content {
    Bytes(Vec<u8>),
    Toml(String),
    Markdown(String),
}

fn content() -> impl Strategy<Value = Content> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600).prop_map(Content::Bytes),
        toml_text().prop_map(Content::Toml),
        markdown_text().prop_map(Content::Markdown),
    ]
}

fn check(place: usize, content: &Content) -> Result<(), TestCaseError> {
    let (path, front) = PLACES[place];
    let site = Site::minimal();
    site.write("content/sources.toml", SOURCES);
    let bytes: Vec<u8> = match content {
        Content::Bytes(b) => b.clone(),
        // Frontmatter fields for a page, the whole file for sources.toml.
        Content::Toml(t) if path.ends_with(".md") => format!("+++\n{t}+++\nBody.\n").into_bytes(),
        Content::Toml(t) => t.clone().into_bytes(),
        Content::Markdown(m) => format!("{front}{m}").into_bytes(),
    };
    site.write(path, &bytes);
    let out = site.run(["build"]);
    let err = &out.stderr;
    let code = out.code;
    prop_assert!(
        matches!(code, 0..=2),
        "exit {code:?} (101 is a panic) for {path}:\n{err}"
    );
    if code == 0 {
        prop_assert!(
            site.file("public/index.html").is_file(),
            "exit 0 without output"
        );
    } else {
        // rustc style: ` --> FILE:LINE:COLUMN`.
        let positioned = err.lines().any(|l| {
            l.trim_start().strip_prefix("--> ").is_some_and(|loc| {
                let mut parts = loc.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse::<usize>().ok());
                let line = parts.next().and_then(|c| c.parse::<usize>().ok());
                let file = parts.next().unwrap_or("");
                col.is_some() && line.is_some() && !file.is_empty()
            })
        });
        prop_assert!(
            positioned,
            "exit {code:?} without a positioned diagnostic:\n{err}"
        );
        prop_assert!(!site.file("public").exists(), "a failed build wrote output");
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config {
        cases: 96,
        max_shrink_iters: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    })]

    #[test]
    fn any_content_file_gives_an_output_or_positioned_diagnostics(
        place in 0..PLACES.len(),
        content in content(),
    ) {
        check(place, &content)?;
    }
}
