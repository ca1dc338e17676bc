//! What the `check` test files share: running the real binary and looking at folders.
// Each test file uses part of this module; the rest would warn as unused there.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How a run of `dossier` ended.
pub struct Run {
    pub code: i32,
    pub stderr: String,
}

/// Runs `dossier ARGS…` without DOSSIER_TIMINGS and without proxies: the only server a
/// test may talk to is its own on 127.0.0.1, with nothing in between.
pub fn dossier(args: &[&OsStr]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(args).env_remove("DOSSIER_TIMINGS");
    for var in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("run dossier");
    Run {
        code: out.status.code().expect("exited normally, not by a signal"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `dossier check --root ROOT ARGS…`.
pub fn check(root: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec!["check".as_ref(), "--root".as_ref(), root.as_ref()];
    args.extend(extra.iter().map(OsStr::new));
    dossier(&args)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Every file under `dir`, hidden ones included, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}
