//! `dossier init` and `dossier new`: a new site that builds cleanly, new files that are
//! well named and build with clear warnings, and nothing ever overwritten.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{build, dossier, snapshot, Run};
use tempfile::TempDir;

fn init(dir: &Path) -> Run {
    dossier().arg("init").arg(dir).run()
}

/// `dossier new ARGS… --root ROOT`.
fn new(root: &Path, args: &[&str]) -> Run {
    dossier()
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(root)
        .run()
}

/// A fresh site made by `dossier init` in a temporary folder.
fn site() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    init(&root).assert_code(0);
    (tmp, root)
}

fn printed_path(r: &Run) -> PathBuf {
    PathBuf::from(r.stdout.trim())
}

#[test]
fn init_makes_a_site_that_builds_without_warnings() {
    let (tmp, root) = site();
    for f in [
        "dossier.toml",
        "content/index.md",
        "content/sources.toml",
        "content/background/how-we-got-here.md",
        "content/glossary/joint-committee.md",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    let events = fs::read_dir(root.join("content/timeline")).unwrap().count();
    assert_eq!(events, 2, "two example events");

    let out = tmp.path().join("out");
    let b = build(&root, &out, &["--strict"]);
    b.assert_code(0);
    assert!(
        b.diagnostics().iter().all(|d| d.severity == "note") && !b.stderr.contains("warning"),
        "a new site builds without a warning:\n{}",
        b.stderr
    );
    let tree = snapshot(&out);
    for page in [
        "index.html",
        "timeline/index.html",
        "glossary/index.html",
        "background/how-we-got-here/index.html",
    ] {
        assert!(tree.contains_key(page), "{page} not built");
    }
    common::asset(&tree, "search-index.js");
}

/// Issue 19: the output and the image cache stay out of version control, and `--ci
/// github` adds a workflow that builds with `--strict` and deploys to GitHub Pages.
#[test]
fn init_ignores_the_output_and_writes_a_pages_workflow_when_asked() {
    let (_tmp, root) = site();
    let ignore = fs::read_to_string(root.join(".gitignore")).unwrap();
    let ignored: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(ignored, ["/public/", "/.dossier-cache/"]);
    assert!(!root.join(".github").exists(), "no workflow unless asked");

    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    dossier()
        .args(["init", "--ci", "github"])
        .arg(&root)
        .run()
        .assert_code(0);
    let workflow = fs::read_to_string(root.join(".github/workflows/publish.yml")).unwrap();
    for needed in [
        "pages: write",
        "id-token: write",
        "run: dossier build --strict",
        "actions/upload-pages-artifact@v3",
        "path: public",
        "actions/deploy-pages@v4",
        concat!(
            "cargo install --locked dossier --version ",
            env!("CARGO_PKG_VERSION")
        ),
    ] {
        assert!(workflow.contains(needed), "{needed} in\n{workflow}");
    }
    let bad = dossier()
        .args(["init", "--ci", "gitlab"])
        .arg(tmp.path().join("x"))
        .run();
    bad.assert_code(2);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let r = init(&dir);
    r.assert_code(2);
    assert!(
        r.errors()[0].message.contains("is not empty"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "nothing was added");
    assert_eq!(
        fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "keep me"
    );

    let file = tmp.path().join("a-file");
    fs::write(&file, "x").unwrap();
    init(&file).assert_code(2);

    // An empty folder is fine.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    init(&empty).assert_code(0);
}

#[test]
fn new_writes_well_named_files_that_build_with_clear_warnings() {
    let (tmp, root) = site();
    let bg = new(&root, &["background", "How Clocks Change"]);
    bg.assert_code(0);
    assert_eq!(
        printed_path(&bg),
        root.join("content/background/how-clocks-change.md")
    );
    let term = new(&root, &["term", "Ça Va"]);
    term.assert_code(0);
    assert_eq!(printed_path(&term), root.join("content/glossary/ca-va.md"));
    let event = new(&root, &["event", "Talks Resume", "--date", "2024-01-27"]);
    event.assert_code(0);
    assert_eq!(
        printed_path(&event),
        root.join("content/timeline/2024-01-27-talks-resume.md")
    );
    let month = new(&root, &["event", "Ceasefire", "--date", "2024-02"]);
    month.assert_code(0);
    assert_eq!(
        printed_path(&month),
        root.join("content/timeline/2024-02-ceasefire.md")
    );
    for p in [&bg, &term, &event, &month] {
        assert!(printed_path(p).is_file());
    }

    // The build succeeds; every warning is about the new files and says what to write.
    let b = build(&root, &tmp.path().join("out"), &[]);
    b.assert_code(0);
    let warnings = b.warnings();
    assert!(b.errors().is_empty());
    assert!(!warnings.is_empty());
    for w in &warnings {
        let loc = w.location.as_deref().unwrap_or("");
        assert!(
            [
                "how-clocks-change.md",
                "ca-va.md",
                "talks-resume.md",
                "ceasefire.md"
            ]
            .iter()
            .any(|f| loc.contains(f)),
            "unexpected warning: {w:?}"
        );
        assert!(
            w.message == "placeholder left to fill in"
                || w.message == "timeline event has no sources",
            "unexpected warning: {w:?}"
        );
        assert!(w.hint.is_some() && w.line_col().is_some(), "{w:?}");
    }
    assert!(warnings
        .iter()
        .any(|w| w.message == "timeline event has no sources"
            && w.location.as_deref().unwrap().contains("talks-resume.md")));
    let summary = warnings
        .iter()
        .find(|w| {
            w.location
                .as_deref()
                .unwrap()
                .contains("how-clocks-change.md")
        })
        .unwrap();
    assert_eq!(
        summary.hint.as_deref(),
        Some("write one or two sentences on what this page explains, and remove `TODO:`")
    );
    // …and a strict build refuses to publish placeholders.
    build(&root, &tmp.path().join("strict"), &["--strict"]).assert_code(1);
}

#[test]
fn new_event_needs_a_date() {
    let (_tmp, root) = site();
    let before = snapshot(&root);
    let r = new(&root, &["event", "Talks"]);
    r.assert_code(2);
    assert!(r.errors()[0].message.contains("--date"), "{}", r.stderr);
    let bad = new(&root, &["event", "Talks", "--date", "2024-02-30"]);
    bad.assert_code(2);
    assert!(bad.stderr.contains("not a real date"), "{}", bad.stderr);
    common::assert_same_tree(&before, &snapshot(&root), "a refused `new` writes nothing");
}

#[test]
fn new_never_overwrites() {
    let (_tmp, root) = site();
    let path = printed_path(&new(&root, &["term", "Green Zone"]));
    fs::write(&path, "edited by hand").unwrap();
    let again = new(&root, &["term", "Green Zone"]);
    again.assert_code(2);
    assert!(again.errors()[0].message.contains("already exists"));
    // Another title with the same URL would clash at build time: refused too.
    let clash = new(&root, &["term", "green zone!"]);
    clash.assert_code(2);
    assert_eq!(fs::read_to_string(&path).unwrap(), "edited by hand");
    // Outside a site, nothing is written either.
    let tmp = tempfile::tempdir().unwrap();
    new(tmp.path(), &["term", "X"]).assert_code(2);
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn new_source_appends_the_next_free_id() {
    let (tmp, root) = site();
    let sources = root.join("content/sources.toml");
    let before = fs::read_to_string(&sources).unwrap();
    let r = new(
        &root,
        &[
            "source",
            "Talks \"resume\"",
            "--url",
            "https://example.org/resume",
        ],
    );
    r.assert_code(0);
    assert_eq!(r.stdout.trim(), "S3");
    let after = fs::read_to_string(&sources).unwrap();
    assert!(after.starts_with(&before), "the existing text is kept");
    assert!(after.contains("id = \"S3\"\ntitle = \"Talks \\\"resume\\\"\""));
    let second = new(&root, &["source", "Another", "--date", "2024-05"]);
    assert_eq!(second.stdout.trim(), "S4");

    // The site builds; the new sources are reported as not cited yet, and the one without
    // a URL as a placeholder.
    let b = build(&root, &tmp.path().join("out"), &[]);
    b.assert_code(0);
    let mut messages: Vec<String> = b.warnings().into_iter().map(|w| w.message).collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "placeholder left to fill in",
            "source `S3` is not cited anywhere",
            "source `S4` is not cited anywhere"
        ]
    );
    new(&root, &["source", "Bad", "--url", "ftp://x"]).assert_code(2);
}

// See: issue 16, point 8: to customise the look, start from the built-in templates.
#[test]
fn templates_eject_copies_the_builtins_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::dossier()
        .arg("init")
        .arg(&root)
        .run()
        .assert_code(0);
    // One by name (a partial may be named without `partials/`).
    let run = common::dossier()
        .args(["templates", "eject", "nav.html", "--root"])
        .arg(&root)
        .run();
    run.assert_code(0);
    let nav = root.join("templates/partials/nav.html");
    assert_eq!(run.stdout.trim(), nav.display().to_string());
    std::fs::write(
        &nav,
        "{# mine #}\n<nav class=\"site-nav\" aria-label=\"Sections\"></nav>\n",
    )
    .unwrap();
    // All of them: the site's own nav.html stays, the rest are written, and the site
    // builds with them.
    let run = common::dossier()
        .arg("-r")
        .arg(&root)
        .args(["templates", "eject"])
        .run();
    run.assert_code(0);
    assert!(std::fs::read_to_string(&nav)
        .unwrap()
        .starts_with("{# mine #}"));
    assert!(run.stderr.contains("kept"), "{}", run.stderr);
    for name in [
        "base.html",
        "timeline.html",
        "partials/references.html",
        "style.css",
    ] {
        assert!(root.join("templates").join(name).is_file(), "{name}");
    }
    common::build(&root, &tmp.path().join("out"), &["--strict"]).assert_code(0);
    // Asked for by name, an existing file is refused; an unknown name gets a hint.
    let again = common::dossier()
        .args(["templates", "eject", "base.html", "--root"])
        .arg(&root)
        .run();
    again.assert_code(2);
    let typo = common::dossier()
        .args(["templates", "eject", "base.htm", "--root"])
        .arg(&root)
        .run();
    typo.assert_code(2);
    assert!(
        typo.stderr.contains("did you mean `base.html`?"),
        "{}",
        typo.stderr
    );
}
