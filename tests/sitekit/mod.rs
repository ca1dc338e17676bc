//! Helpers for tests that build throwaway sites with the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const CONFIG: &str = "title = \"Test site\"\nlanguage = \"en\"\n";

pub const EXPLAINER_FRONT: &str =
    "+++\ntitle = \"The explainer\"\nsummary = \"What happens.\"\npublished = 2024-01-27\n+++\n";

/// A minimal valid site in a temporary folder: `dossier.toml` and `content/index.md`.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        site.write("dossier.toml", CONFIG);
        site.write("content/index.md", &format!("{EXPLAINER_FRONT}Body.\n"));
        site
    }

    /// The explainer with this markdown body.
    pub fn with_explainer_body(body: &str) -> TestSite {
        let site = TestSite::new();
        site.write("content/index.md", &format!("{EXPLAINER_FRONT}{body}"));
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    /// Runs `dossier ARGS --root SITE`.
    pub fn run(&self, args: &[&str]) -> Output {
        dossier()
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run dossier")
    }

    pub fn build(&self) -> Output {
        self.run(&["build"])
    }
}

pub fn dossier() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the run exited with `code`, showing stderr when it did not.
#[track_caller]
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "expected exit {code}; stderr:\n{}",
        stderr(o)
    );
}

/// Every file and folder under `dir` (relative), with file contents: to prove a run
/// wrote or deleted nothing where it must not.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(e) = e else { continue };
        let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
        let bytes = e
            .file_type()
            .is_file()
            .then(|| fs::read(e.path()).unwrap_or_default());
        out.insert(rel, bytes);
    }
    out
}

/// True when this process runs as root, where permission bits do not stop reads.
pub fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}
