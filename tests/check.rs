//! `dossier check`: the whole pipeline without writing, plus the link check of the
//! rendered pages. Runs the real binary on the fixture sites of `tests/fixtures/check/`,
//! each copied into a temporary folder first so a test can prove nothing was written.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{check, copy_dir, dossier, repo, snapshot};

/// A copy of `tests/fixtures/check/<name>` in a fresh temporary folder.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new(name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&repo().join("tests/fixtures/check").join(name), &root);
        Site { _tmp: tmp, root }
    }

    fn append(&self, file: &str, text: &str) {
        let path = self.root.join(file);
        let mut old = fs::read_to_string(&path).unwrap();
        old.push_str(text);
        fs::write(path, old).unwrap();
    }
}

#[test]
fn a_clean_site_checks_with_no_problems() {
    let site = Site::new("clean");
    let run = check(&site.root, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("internal links in") && run.stderr.contains(": no problems found"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("error") && !run.stderr.contains("warning"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bundled_explainer_checks_with_no_problems() {
    let run = check(&repo(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no problems found"), "{}", run.stderr);
}

#[test]
fn a_raw_html_link_to_a_missing_page_is_an_error_at_its_line() {
    let site = Site::new("raw-link");
    let run = check(&site.root, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: broken link `nope.html`: `nope.html` is not in the output\n --> content/index.md:8:14\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("check failed: 1 error\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_raw_html_link_to_a_missing_fragment_is_an_error() {
    let site = Site::new("raw-fragment");
    let run = check(&site.root, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: broken link `#why-it-maters`: `index.html` has no element with id `why-it-maters`\n --> content/index.md:8:18\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `#why-it-matters`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_link_in_a_template_override_names_the_template() {
    let site = Site::new("template-link");
    let run = check(&site.root, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // One template line on every page: reported once, at its line in the template.
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: broken link `about.html`: `about.html` is not in the output\n --> templates/partials/nav.html:4:41\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("other pages)"), "{}", run.stderr);
}

#[test]
fn root_absolute_links_fail_and_folder_links_warn() {
    let site = Site::new("paths");
    let run = check(&site.root, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: root-absolute link `/index.html` breaks under a sub-path and when the site is opened from disk\n --> content/background/context.md:5:25\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "write it relative to the page (`background/context/index.html`): `../../index.html`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: link to the folder `background/`: opened from disk it shows a file listing, not the page\n --> content/index.md:6:23\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn warnings_pass_unless_strict() {
    let site = Site::new("clean");
    site.append(
        "content/index.md",
        "\nAll [background pages](background/).\n",
    );
    let run = check(&site.root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.ends_with(": 1 warning\n"), "{}", run.stderr);
    let run = check(&site.root, &["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("check failed: 1 warning treated as errors (--strict)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_writes_nothing() {
    // No output yet: check creates none, and nothing else appears in the site.
    let site = Site::new("raw-link");
    let before = snapshot(&site.root);
    assert_eq!(check(&site.root, &[]).code, 1);
    assert_eq!(snapshot(&site.root), before);
    assert!(!site.root.join("public").exists());

    // An existing output is left byte for byte, whatever check finds.
    let site = Site::new("clean");
    let out = site.root.join("public");
    let built = dossier(&["build".as_ref(), "--root".as_ref(), site.root.as_os_str()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    site.append("content/index.md", "\n<a href=\"gone.html\">gone</a>\n");
    let before = snapshot(&site.root);
    assert_eq!(check(&site.root, &[]).code, 1);
    assert_eq!(snapshot(&site.root), before);
    assert!(out.join("index.html").is_file());
}
