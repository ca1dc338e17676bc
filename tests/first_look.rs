//! What a demanding editor and reader notice in the first ten minutes (issue 16): drafts
//! that leave dead links, typography, feed titles, sources without a URL, small format
//! gaps. Each test builds a small site with the real binary and reads the output with a
//! parser, as a reader's eye would.

mod common;

use common::{snapshot, Run, Site};
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// Builds `site` into `<tmp>/out` (exit 0 expected) and parses the page at `path`.
#[track_caller]
fn built_page(site: &Site, args: &[&str], path: &str) -> (Run, Html) {
    let run = site.build("out", args);
    run.assert_code(0);
    let tree = snapshot(&site.path("out"));
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{path} not written: {:?}", tree.keys()));
    (
        run,
        Html::parse_document(std::str::from_utf8(bytes).unwrap()),
    )
}

const DRAFT_TERM: &str = "+++\nterm = \"Dredging Board\"\naliases = [\"DB\"]\nkind = \"organization\"\nshort = \"Plans dredging.\"\ndraft = true\n+++\nNot yet written.\n";

// See: issue 16, point 1. Links to drafts used to become `href="#"` silently.
#[test]
fn links_to_drafts_are_errors_at_each_linking_line_in_build_and_check() {
    let s = Site::fixture("invalid/link-to-draft");
    for run in [s.build("out", &["--strict"]), s.check(&[])] {
        run.assert_code(1);
        let at: Vec<(String, String)> = run
            .errors()
            .into_iter()
            .map(|d| (d.location.unwrap_or_default(), d.message))
            .collect();
        let expected = [
            ("content/index.md:10:18", "`@/background/plans.md`"),
            ("content/index.md:10:53", "`@/timeline/2024-02-01-vote.md`"),
            ("content/index.md:11:13", "`@/glossary/dredging.md`"),
            ("content/index.md:11:41", "`Dredging Board`"),
        ];
        assert_eq!(at.len(), expected.len(), "{}", run.stderr);
        for ((loc, msg), (want_loc, names)) in at.iter().zip(expected) {
            assert_eq!(loc, want_loc, "{}", run.stderr);
            assert!(msg.contains("draft") && msg.contains(names), "{msg}");
        }
    }
    // With the drafts in the build, the same links are fine.
    s.build("out", &["--drafts", "--strict"]).assert_code(0);
}

#[test]
fn a_draft_term_is_never_auto_linked() {
    let s = Site::explainer("The Dredging Board met; the DB agreed.\n");
    s.write("content/glossary/dredging.md", DRAFT_TERM);
    let (_, doc) = built_page(&s, &["--strict"], "index.html");
    let p = doc.select(&sel(".prose p")).next().expect("a paragraph");
    assert!(text(p).contains("The Dredging Board met"));
    assert_eq!(p.select(&sel("a")).count(), 0, "{}", p.html());
    let (_, doc) = built_page(&s, &["--drafts"], "index.html");
    let linked: Vec<String> = doc.select(&sel(".prose p a.term")).map(text).collect();
    assert_eq!(linked, ["Dredging Board"], "with --drafts the term links");
}
