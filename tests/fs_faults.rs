//! File-system faults: each gets a clear error naming the file with a hint (exit 2), and
//! no file outside the output directory is written or deleted (the site is snapshotted
//! before and after).

mod sitekit;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use sitekit::{assert_exit, dossier, running_as_root, snapshot, stderr, TestSite};

/// Runs `build` with `extra` args and checks: exit 2, the message and the file named,
/// a hint, and the site untouched.
#[track_caller]
fn refused(site: &TestSite, extra: &[&str], message: &str, file: &str) -> String {
    let before = snapshot(site.root());
    let out = dossier()
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .args(extra)
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
    assert!(
        err.contains(&format!("--> {file}")),
        "expected file `{file}` in:\n{err}"
    );
    assert!(
        err.contains("hint:") || err.contains(" | "),
        "expected a hint in:\n{err}"
    );
    assert_eq!(before, snapshot(site.root()), "the site was changed");
    err
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported() {
    let site = TestSite::new();
    fs::create_dir_all(site.path("content/background")).unwrap();
    std::os::unix::fs::symlink("..", site.path("content/background/loop")).unwrap();
    refused(&site, &[], "symbolic link loop", "content/background/loop");
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_reported_like_a_vanished_file() {
    // What the walk sees when a file is removed between listing and reading: the unit
    // test `a_file_gone_between_walk_and_read_is_an_io_error_naming_it` in source.rs
    // covers the read itself.
    let site = TestSite::new();
    fs::create_dir_all(site.path("content/timeline")).unwrap();
    std::os::unix::fs::symlink("missing.md", site.path("content/timeline/gone.md")).unwrap();
    let err = refused(&site, &[], "not found", "content/timeline/gone.md");
    assert!(err.contains("removed while"), "{err}");
}

#[test]
fn a_folder_named_like_a_page_is_reported() {
    let site = TestSite::new();
    fs::create_dir_all(site.path("content/background/x.md")).unwrap();
    refused(&site, &[], "is a folder", "content/background/x.md");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new();
    site.write("content/glossary/secret.md", "+++\n+++\n");
    let secret = site.path("content/glossary/secret.md");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let out = if running_as_root() {
        // Root reads through permission bits: run the build as `nobody` instead.
        match as_nobody(&site) {
            Some(out) => out,
            None => {
                eprintln!(
                    "note: skipping the unreadable-file check: running as root and \
                     `setpriv` cannot run the build as another user"
                );
                return;
            }
        }
    } else {
        site.build()
    };
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("permission denied"), "{err}");
    assert!(err.contains("--> content/glossary/secret.md"), "{err}");
    assert!(err.contains("permissions"), "{err}");
}

/// Runs the build as user `nobody` through `setpriv`, opening the site to it.
#[cfg(unix)]
fn as_nobody(site: &TestSite) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt;
    let open = |p: &Path| {
        let mode = fs::metadata(p).unwrap().permissions().mode();
        let _ = fs::set_permissions(p, fs::Permissions::from_mode(mode | 0o777));
    };
    for e in walkdir::WalkDir::new(site.root()).into_iter().flatten() {
        if e.file_type().is_dir() {
            open(e.path());
        }
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .output()
        .ok()?;
    // setpriv itself failing (not found, not permitted) is not Dossier's answer.
    (out.status.code() != Some(127) && !stderr(&out).starts_with("setpriv:")).then_some(out)
}

#[test]
fn output_inside_content_is_refused() {
    let site = TestSite::new();
    let out_dir = site.path("content/public");
    refused(
        &site,
        &["--out", out_dir.to_str().unwrap()],
        "refusing to write the output inside `content/`",
        &out_dir.display().to_string(),
    );
    let site = TestSite::new();
    site.write(
        "dossier.toml",
        "title = \"T\"\noutput_dir = \"content/out\"\n",
    );
    refused(&site, &[], "inside `content/`", "");
}

#[test]
fn output_equal_to_the_site_or_above_it_is_refused() {
    let site = TestSite::new();
    let root = site.root().to_str().unwrap().to_string();
    refused(&site, &["--out", &root], "contains the site itself", &root);
    let parent = site.root().parent().unwrap().to_str().unwrap().to_string();
    refused(
        &site,
        &["--out", &parent],
        "contains the site itself",
        &parent,
    );
    site.write("dossier.toml", "title = \"T\"\noutput_dir = \".\"\n");
    refused(&site, &[], "contains the site itself", "");
}

#[test]
fn output_at_the_file_system_root_is_refused() {
    let site = TestSite::new();
    refused(
        &site,
        &["--out", "/"],
        "refusing to write the site into `/`",
        "/",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn read_only_output_location_is_reported() {
    // /proc refuses new entries even to root, unlike permission bits.
    let site = TestSite::new();
    let err = refused(
        &site,
        &["--out", "/proc/dossier-test-output"],
        "cannot create the staging folder",
        "/proc/.dossier-staging-dossier-test-output-",
    );
    assert!(
        err.contains("check that `/proc` exists and is writable"),
        "{err}"
    );
}

#[test]
fn someone_elses_folder_or_a_file_is_not_replaced() {
    let site = TestSite::new();
    site.write("notes/keep.txt", "mine");
    let notes = site.path("notes");
    refused(
        &site,
        &["--out", notes.to_str().unwrap()],
        "is not empty and was not made by Dossier",
        &notes.display().to_string(),
    );
    let file = site.path("notes/keep.txt");
    refused(
        &site,
        &["--out", file.to_str().unwrap()],
        "is a file, not a folder",
        &file.display().to_string(),
    );
}

#[test]
fn only_the_output_changes_beside_the_site() {
    let site = TestSite::new();
    site.write("static/robots.txt", "User-agent: *\n");
    let before = snapshot(site.root());
    assert_exit(&site.build(), 0);
    assert_exit(&site.build(), 0);
    let mut after = snapshot(site.root());
    after.retain(|p, _| !p.starts_with("public"));
    assert_eq!(before, after);
    assert!(site.path("public/robots.txt").is_file());
}

#[cfg(unix)]
#[test]
fn leftovers_of_interrupted_builds_are_removed_and_nothing_else() {
    let site = TestSite::new();
    assert_exit(&site.build(), 0);
    // A dead process's staging and old folders (pid 2^22 + 1 is above Linux's pid_max
    // default), a live one's (our own pid: this test process), and look-alikes.
    let dead = "4194305";
    let live = std::process::id().to_string();
    for name in [
        format!(".dossier-staging-public-{dead}"),
        format!(".dossier-old-public-{dead}"),
    ] {
        site.write(&format!("{name}/index.html"), "half");
    }
    let keep = [
        format!(".dossier-staging-public-{live}"),
        ".dossier-staging-public-abc".to_string(),
        format!(".dossier-staging-other-{dead}"),
        format!(".dossier-staging-public-{dead}x"),
    ];
    for name in &keep {
        site.write(&format!("{name}/index.html"), "not ours to remove");
    }
    assert_exit(&site.build(), 0);
    assert!(!site
        .path(&format!(".dossier-staging-public-{dead}"))
        .exists());
    assert!(!site.path(&format!(".dossier-old-public-{dead}")).exists());
    for name in &keep {
        assert!(site.path(name).exists(), "{name} was removed");
    }
}

#[test]
fn output_that_contains_the_current_folder_is_refused() {
    let site = TestSite::new();
    let cwd = tempfile::tempdir().unwrap();
    for out in [".", "./sub/.."] {
        let before = snapshot(cwd.path());
        let run = dossier()
            .current_dir(cwd.path())
            .args(["build", "--out", out, "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        assert_exit(&run, 2);
        let err = stderr(&run);
        assert!(
            err.contains("it contains the current folder"),
            "{out}: {err}"
        );
        assert!(err.contains(&format!("--> {out}")), "{out}: {err}");
        assert_eq!(
            before,
            snapshot(cwd.path()),
            "{out}: the folder was changed"
        );
    }
}

#[test]
fn an_output_path_through_missing_folders_writes_only_the_output() {
    let site = TestSite::new();
    let cwd = tempfile::tempdir().unwrap();
    std::fs::create_dir(cwd.path().join("here")).unwrap();
    let run = dossier()
        .current_dir(cwd.path().join("here"))
        .args(["build", "--out", "../missing/../site", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_exit(&run, 0);
    let top: Vec<String> = fs::read_dir(cwd.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(top, ["here", "site"]);
    assert!(cwd.path().join("site/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn links_to_files_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "+++\ntitle = \"the secret\"\n").unwrap();
    for place in [
        "static/keys.txt",
        "templates/base.html",
        "content/background/page.md",
    ] {
        let site = TestSite::new();
        fs::create_dir_all(site.path(place).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&secret, site.path(place)).unwrap();
        let err = refused(&site, &[], "links to a file outside the site folder", place);
        assert!(!err.contains("the secret"), "{err}");
    }
    // A linked folder is followed, and each file in it judged the same way.
    let site = TestSite::new();
    std::os::unix::fs::symlink(outside.path(), site.path("static")).unwrap();
    refused(
        &site,
        &[],
        "links to a file outside the site folder",
        "static/secret.txt",
    );
    // Links that stay inside the site are fine.
    let site = TestSite::new();
    site.write("shared/logo.svg", "<svg/>");
    fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(site.path("shared/logo.svg"), site.path("static/logo.svg")).unwrap();
    assert_exit(&site.build(), 0);
    assert!(site.path("public/logo.svg").is_file());
}
