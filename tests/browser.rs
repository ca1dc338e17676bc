//! Browser-level checks of the bundled explainer: axe-core (WCAG 2.2 AA, light, dark and
//! the stored theme), one h1, lang, no sideways scroll at 360 px, no console errors, no
//! failed or external requests, and the Nu HTML checker on every page and stylesheet;
//! the layout on a phone and a wide screen, and no layout shift (`layout.cjs`).
//!
//! The work is done by `tests/browser/check-site.cjs` in headless Chromium (Debian's
//! package; `.ci/run` installs it and sets DOSSIER_BROWSER_TESTS=1). Without that
//! variable, a machine lacking the tools skips these tests with a note instead of failing.

mod common;

use std::path::Path;
use std::process::Command;

use common::repo;

/// Builds the repository's own site into a fresh temporary folder.
fn build_flagship(out: &Path) {
    let run = common::build(&repo(), out, &[]);
    assert_eq!(run.code, 0, "the bundled site must build:\n{}", run.stderr);
}

fn check_site(site: &Path, extra: &[&str]) {
    let mut args = vec!["--theme-toggle", "--check-404"];
    args.extend_from_slice(extra);
    run_script("check-site.cjs", site, &args);
}

/// Runs one of the scripts in tests/browser on a built site; exit 0 passes, 1 fails, and
/// 2 (tools missing) fails only when DOSSIER_BROWSER_TESTS is set.
fn run_script(name: &str, site: &Path, args: &[&str]) {
    let script = repo().join("tests/browser").join(name);
    let required = std::env::var_os("DOSSIER_BROWSER_TESTS").is_some();
    let output = Command::new("node")
        .arg(&script)
        .arg(site)
        .args(args)
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) if !required => {
            eprintln!("skipping browser checks: cannot run node ({e}); .ci/run installs the tools");
            return;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => eprintln!("{}", stdout.lines().last().unwrap_or("")),
        Some(2) if !required => {
            eprintln!("skipping browser checks: tools missing (run .ci/run --install-only)\n{stdout}{stderr}")
        }
        _ => panic!("browser checks failed:\n{stdout}\n{stderr}"),
    }
}

#[test]
fn flagship_passes_browser_checks_at_the_root() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_flagship(&out);
    check_site(&out, &[]);
}

#[test]
fn flagship_passes_browser_checks_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_flagship(&out);
    check_site(&out, &["--prefix", "/explainer/"]);
}

#[test]
fn glossary_popovers_work_by_keyboard_hover_and_touch() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_flagship(&out);
    run_script("popover.cjs", &out, &[]);
}

#[test]
fn site_search_works_by_keyboard_over_http_and_from_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_flagship(&out);
    run_script("search.cjs", &out, &[]);
}

// See: issue 16, points 3-5: the header on a phone, the width on a wide screen, tables,
// and no layout shift while the script loads.
#[test]
fn flagship_layout_fits_a_phone_uses_a_wide_screen_and_never_shifts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_flagship(&out);
    run_script("layout.cjs", &out, &["--expect-scrolling-table"]);
}

// See: render/feeds.rs `timelinejs_label`. timeline.json wrote plain-text fields as
// HTML, so the widget mangled a title with `<` or `&`, and `display_date` and `group`
// (which it reads as text and then sets as HTML) could make elements. Issue 21, point 3.
#[test]
fn timeline_json_shows_plain_text_as_written_in_timelinejs() {
    let site = common::Site::empty();
    common::copy_dir(&repo().join("content"), &site.root.join("content"));
    common::copy_dir(&repo().join("static"), &site.root.join("static"));
    std::fs::copy(repo().join("dossier.toml"), site.root.join("dossier.toml")).unwrap();
    // No straight quotes: smart punctuation (issue 16) would curl them, as it should.
    let headline = "Talks <b class=injected>resume</b> & more";
    let display_date = "Feb. <img class=injected src=x> & after";
    let group = "Talks & <b class=injected>war</b>";
    let toml = |s: &str| s.replace('"', "\\\"");
    site.write(
        "content/timeline/2024-02-01-hostile.md",
        format!(
            "+++\ntitle = \"{}\"\ndate = \"2024-02-01\"\ndisplay_date = \"{}\"\ngroup = \"{}\"\n+++\nBody.\n",
            toml(headline),
            toml(display_date),
            toml(group)
        ),
    );
    let run = site.build("out", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Events, not their translations (`x.ar-IQ.md`): timeline.json is the original's.
    let events = std::fs::read_dir(site.root.join("content/timeline"))
        .unwrap()
        .filter(|f| {
            let name = f.as_ref().unwrap().file_name();
            !name.to_string_lossy().trim_end_matches(".md").contains('.')
        })
        .count();
    let expect = site.path("expect.json");
    let want = serde_json::json!({
        "events": events, "headline": headline, "display_date": display_date, "group": group,
    });
    std::fs::write(&expect, want.to_string()).unwrap();
    run_script(
        "timelinejs.cjs",
        &site.path("out"),
        &[expect.to_str().unwrap()],
    );
}

/// An embed asks nothing of its host before the reader's click (issue 22, point 5).
#[test]
fn an_embed_loads_nothing_before_the_click() {
    let site = common::Site::explainer(
        "Watch it:\n\n```embed\nurl = \"https://www.youtube.com/watch?v=abc123\"\ntitle = \"Briefing\"\n```\n",
    );
    site.build("out", &[]).assert_code(0);
    run_script("embed.cjs", &site.path("out"), &[]);
}

/// The maps (issue 17, point 8): the flagship's timeline and explainer ask nothing of any
/// other host (no tiles, no script), fit a phone, and pass axe in light and dark.
#[test]
fn maps_request_nothing_outside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    build_flagship(tmp.path());
    run_script("maps.cjs", tmp.path(), &[]);
}

/// The Arabic edition's scripts write Arabic: the timeline filter's count (with the
/// right plural form and Latin digits, the flagship's choice), search's "no results"
/// and count, the glossary popover's link (issue 18, point 2).
#[test]
fn the_arabic_editions_scripts_write_arabic() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_flagship(&out);
    run_script("edition.cjs", &out, &["ar-IQ"]);
}
