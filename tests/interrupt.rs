//! Interrupting a build never leaves a half-written output: after SIGKILL or SIGINT at
//! any moment, the output folder is the complete previous build or the complete new one,
//! and the next build succeeds and leaves nothing behind.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Instant;

use common::{build_cmd, names, snapshot, Rng, Run, Tree};

const PAGES: usize = 2_000;

/// Writes a site of `PAGES` background pages whose text carries `version`.
fn write_site(root: &Path, version: &str) {
    let w = |rel: &str, text: String| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    w("dossier.toml", format!("title = \"Site {version}\"\n"));
    w(
        "content/index.md",
        format!("{}Version {version}.\n", common::EXPLAINER_FRONT),
    );
    for i in 0..PAGES {
        w(
            &format!("content/background/page-{i:04}.md"),
            format!(
                "+++\ntitle = \"Page {i}\"\nsummary = \"Page {i} of version {version}.\"\n+++\n\
                 ## Part one\n\nVersion {version}, page {i}: {}\n",
                "Some text. ".repeat(20)
            ),
        );
    }
}

fn build(root: &Path, out: &Path) -> Child {
    build_cmd(root, out).stderr(Stdio::null()).spawn()
}

/// Waits for a build started by `build`.
fn finished(child: Child) -> Run {
    Run::from(child.wait_with_output().unwrap())
}

/// Folders beside the output that a build may leave while it runs (or when killed).
fn strays(parent: &Path) -> Vec<String> {
    names(parent)
        .into_iter()
        .filter(|name| !["a", "b", "ref-a", "ref-b", "public"].contains(&name.as_str()))
        .collect()
}

#[test]
fn killed_builds_leave_the_old_or_the_new_output_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (a, b) = (dir.join("a"), dir.join("b"));
    write_site(&a, "A");
    write_site(&b, "B");
    let out = dir.join("public");

    // Reference builds, and how long one takes when it replaces an output.
    let finish = |root: &Path, out: &Path| {
        finished(build(root, out)).assert_code(0);
    };
    finish(&a, &dir.join("ref-a"));
    finish(&b, &dir.join("ref-b"));
    let refs: [Tree; 2] = [snapshot(&dir.join("ref-a")), snapshot(&dir.join("ref-b"))];
    assert_ne!(refs[0], refs[1]);
    assert!(refs[0].len() > PAGES);
    finish(&a, &out);
    let started = Instant::now();
    finish(&b, &out);
    let full = started.elapsed();
    let mut current = 1; // which reference `out` holds
    let mut rng = Rng::new(0x5EED_D055_1E12);
    let mut seen = [0usize; 2];
    for round in 0..8 {
        let next = 1 - current;
        let root = if next == 0 { &a } else { &b };
        let mut child = build(root, &out);
        // Every other round, a moment anywhere in the build (a little past its usual end
        // included); otherwise one late in it, while files are written and swapped.
        let permille = if round % 4 < 2 {
            rng.next() % 1_200
        } else {
            800 + rng.next() % 300
        };
        let wait = full.mul_f64(permille as f64 / 1_000.0);
        std::thread::sleep(wait);
        if round % 2 == 0 {
            let _ = child.kill();
        } else {
            // SAFETY: sends SIGINT to our own child, which we have not yet reaped.
            unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        }
        let status = child.wait().unwrap();
        let got = snapshot(&out);
        let which = refs.iter().position(|r| *r == got).unwrap_or_else(|| {
            panic!(
                "round {round} (killed after {wait:?}, {status}): the output is neither \
                     the old nor the new build ({} entries)",
                got.len()
            )
        });
        assert!(which == current || which == next);
        seen[usize::from(which != current)] += 1;
        current = which;
        for name in strays(dir) {
            assert!(
                name.starts_with(".dossier-staging-public-")
                    || name.starts_with(".dossier-old-public-"),
                "round {round}: stray {name}"
            );
        }
    }
    eprintln!(
        "interrupted builds: {} left the old output, {} the new one (a build takes {full:?})",
        seen[0], seen[1]
    );

    // The next build succeeds, gives the new output, and clears what the killed ones left.
    let next = 1 - current;
    let root = if next == 0 { &a } else { &b };
    finished(build(root, &out)).assert_code(0);
    assert_eq!(snapshot(&out), refs[next]);
    assert_eq!(strays(dir), Vec::<String>::new());
}
