//! File-system faults: each gets a clear error naming the file with a hint (exit 2), and
//! no file outside the output directory is written or deleted (the site is snapshotted
//! before and after).

mod common;

use std::fs;
use std::path::Path;

use common::{dossier_via, names, running_as_root, snapshot, Run, Site};

/// Runs `build` with `extra` args and checks: exit 2, the message and the file named,
/// a hint, and the site untouched.
#[track_caller]
fn refused(site: &Site, extra: &[&str], message: &str, file: &str) -> String {
    let before = snapshot(&site.root);
    let out = site.cmd(["build"]).args(extra).run();
    out.assert_code(2);
    let err = out.stderr.clone();
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
    assert!(
        err.contains(&format!("--> {file}")),
        "expected file `{file}` in:\n{err}"
    );
    assert!(
        err.contains("hint:") || err.contains(" | "),
        "expected a hint in:\n{err}"
    );
    assert_eq!(before, snapshot(&site.root), "the site was changed");
    err
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported() {
    let site = Site::minimal();
    fs::create_dir_all(site.file("content/background")).unwrap();
    std::os::unix::fs::symlink("..", site.file("content/background/loop")).unwrap();
    refused(&site, &[], "symbolic link loop", "content/background/loop");
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_reported_like_a_vanished_file() {
    // What the walk sees when a file is removed between listing and reading: the unit
    // test `a_file_gone_between_walk_and_read_is_an_io_error_naming_it` in source.rs
    // covers the read itself.
    let site = Site::minimal();
    fs::create_dir_all(site.file("content/timeline")).unwrap();
    std::os::unix::fs::symlink("missing.md", site.file("content/timeline/gone.md")).unwrap();
    let err = refused(&site, &[], "not found", "content/timeline/gone.md");
    assert!(err.contains("removed while"), "{err}");
}

#[test]
fn a_folder_named_like_a_page_is_reported() {
    let site = Site::minimal();
    fs::create_dir_all(site.file("content/background/x.md")).unwrap();
    refused(&site, &[], "is a folder", "content/background/x.md");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::minimal();
    site.write("content/glossary/secret.md", "+++\n+++\n");
    let secret = site.file("content/glossary/secret.md");
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
        site.run(["build"])
    };
    out.assert_code(2);
    let err = out.stderr.clone();
    assert!(err.contains("permission denied"), "{err}");
    assert!(err.contains("--> content/glossary/secret.md"), "{err}");
    assert!(err.contains("permissions"), "{err}");
}

/// Runs the build as user `nobody` through `setpriv`, opening the site to it.
#[cfg(unix)]
fn as_nobody(site: &Site) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    let open = |p: &Path| {
        let mode = fs::metadata(p).unwrap().permissions().mode();
        let _ = fs::set_permissions(p, fs::Permissions::from_mode(mode | 0o777));
    };
    for e in walkdir::WalkDir::new(&site.root).into_iter().flatten() {
        if e.file_type().is_dir() {
            open(e.path());
        }
    }
    let out = dossier_via(
        "setpriv",
        &["--reuid=65534", "--regid=65534", "--clear-groups"],
    )
    .arg("build")
    .arg("--root")
    .arg(&site.root)
    .try_run()?;
    // setpriv itself failing (not found, not permitted) is not Dossier's answer.
    (out.code != 127 && !out.stderr.starts_with("setpriv:")).then_some(out)
}

#[test]
fn output_inside_content_is_refused() {
    let site = Site::minimal();
    let out_dir = site.file("content/public");
    refused(
        &site,
        &["--out", out_dir.to_str().unwrap()],
        "refusing to write the output inside `content/`",
        &out_dir.display().to_string(),
    );
    let site = Site::minimal();
    site.write(
        "dossier.toml",
        "title = \"T\"\noutput_dir = \"content/out\"\n",
    );
    refused(&site, &[], "inside `content/`", "");
}

#[test]
fn output_equal_to_the_site_or_above_it_is_refused() {
    let site = Site::minimal();
    let root = &site.root.to_str().unwrap().to_string();
    refused(&site, &["--out", root], "contains the site itself", root);
    let parent = &site.root.parent().unwrap().to_str().unwrap().to_string();
    refused(
        &site,
        &["--out", parent],
        "contains the site itself",
        parent,
    );
    site.write("dossier.toml", "title = \"T\"\noutput_dir = \".\"\n");
    refused(&site, &[], "contains the site itself", "");
}

#[test]
fn output_at_the_file_system_root_is_refused() {
    let site = Site::minimal();
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
    let site = Site::minimal();
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
    let site = Site::minimal();
    site.write("notes/keep.txt", "mine");
    let notes = site.file("notes");
    refused(
        &site,
        &["--out", notes.to_str().unwrap()],
        "is not empty and was not made by Dossier",
        &notes.display().to_string(),
    );
    let file = site.file("notes/keep.txt");
    refused(
        &site,
        &["--out", file.to_str().unwrap()],
        "is a file, not a folder",
        &file.display().to_string(),
    );
}

#[test]
fn only_the_output_changes_beside_the_site() {
    let site = Site::minimal();
    site.write("static/robots.txt", "User-agent: *\n");
    let before = snapshot(&site.root);
    site.run(["build"]).assert_code(0);
    site.run(["build"]).assert_code(0);
    let mut after = snapshot(&site.root);
    after.retain(|p, _| !p.starts_with("public"));
    assert_eq!(before, after);
    assert!(site.file("public/robots.txt").is_file());
}

#[cfg(unix)]
#[test]
fn leftovers_of_interrupted_builds_are_removed_and_nothing_else() {
    let site = Site::minimal();
    site.run(["build"]).assert_code(0);
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
    site.run(["build"]).assert_code(0);
    assert!(!site
        .path(&format!(".dossier-staging-public-{dead}"))
        .exists());
    assert!(!site.file(&format!(".dossier-old-public-{dead}")).exists());
    for name in &keep {
        assert!(site.file(name).exists(), "{name} was removed");
    }
}

#[test]
fn output_that_contains_the_current_folder_is_refused() {
    let site = Site::minimal();
    let cwd = tempfile::tempdir().unwrap();
    for out in [".", "./sub/.."] {
        let before = snapshot(cwd.path());
        let run = site
            .cmd(["build", "--out", out])
            .current_dir(cwd.path())
            .run();
        run.assert_code(2);
        let err = run.stderr.clone();
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
    let site = Site::minimal();
    let cwd = tempfile::tempdir().unwrap();
    std::fs::create_dir(cwd.path().join("here")).unwrap();
    let run = site
        .cmd(["build", "--out", "../missing/../site"])
        .current_dir(cwd.path().join("here"))
        .run();
    run.assert_code(0);
    assert_eq!(names(cwd.path()), ["here", "site"]);
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
        let site = Site::minimal();
        fs::create_dir_all(site.file(place).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&secret, site.file(place)).unwrap();
        let err = refused(
            &site,
            &[],
            "links to a place outside the site folder",
            place,
        );
        assert!(!err.contains("the secret"), "{err}");
    }
    // A linked folder of content/ that leads out is refused too, as one error at the
    // link, however deep the pages behind it: none of them is read.
    let pages = tempfile::tempdir().unwrap();
    fs::create_dir_all(pages.path().join("deeper")).unwrap();
    fs::write(
        pages.path().join("deeper/page.md"),
        "+++\ntitle = \"the secret\"\n",
    )
    .unwrap();
    let site = Site::minimal();
    fs::create_dir_all(site.file("content")).unwrap();
    std::os::unix::fs::symlink(pages.path(), site.file("content/background")).unwrap();
    let err = refused(
        &site,
        &[],
        "`content/background` links to a place outside the site folder",
        "content/background",
    );
    assert!(!err.contains("the secret"), "{err}");
    assert!(!err.contains("page.md"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    // A linked folder that leads out is one error at the link, whatever is behind it.
    let site = Site::minimal();
    std::os::unix::fs::symlink(outside.path(), site.file("static")).unwrap();
    refused(
        &site,
        &[],
        "`static` links to a place outside the site folder",
        "static",
    );
    // Links that stay inside the site are fine.
    let site = Site::minimal();
    site.write("shared/logo.svg", "<svg/>");
    fs::create_dir_all(site.file("static")).unwrap();
    std::os::unix::fs::symlink(site.file("shared/logo.svg"), site.file("static/logo.svg")).unwrap();
    site.run(["build"]).assert_code(0);
    assert!(site.file("public/logo.svg").is_file());
}
