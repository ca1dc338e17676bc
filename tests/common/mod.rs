//! Shared helpers for the integration tests: copy a fixture site into a temporary
//! directory, run the real `dossier` binary on it, read back its output and its
//! rustc-style diagnostics.
//!
//! Every test binary compiles this module; not every binary uses every helper.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The repository (the flagship site is its root).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder holding every fixture site.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture site copied into a fresh temporary directory, with room beside it for
/// output folders. Dropping it removes everything.
pub struct Sandbox {
    pub tmp: TempDir,
    /// The copied site (`<tmp>/site`).
    pub root: PathBuf,
}

impl Sandbox {
    /// Copies `tests/fixtures/<name>` (e.g. `valid`, `invalid/unknown-key`) to `<tmp>/site`.
    pub fn new(name: &str) -> Sandbox {
        let tmp = tempfile::Builder::new()
            .prefix("dossier-test-")
            .tempdir()
            .expect("create a temporary directory");
        let root = tmp.path().join("site");
        copy_dir(&fixtures().join(name), &root);
        Sandbox { tmp, root }
    }

    /// A path inside the temporary directory, outside the site (for `--out`).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    /// Copies another fixture site into `<tmp>/<dest>` and returns its path.
    pub fn add_site(&self, fixture: &str, dest: &str) -> PathBuf {
        let to = self.path(dest);
        copy_dir(&fixtures().join(fixture), &to);
        to
    }

    /// Writes (creating folders) a file of the site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// `dossier build --root <site> --out <tmp>/<out> <args…>`.
    pub fn build(&self, out: &str, args: &[&str]) -> Run {
        build(&self.root, &self.path(out), args)
    }

    /// Names in the temporary directory, sorted, so leftovers (staging folders) show up.
    pub fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

/// Copies a directory tree, byte for byte.
pub fn copy_dir(from: &Path, to: &Path) {
    assert!(from.is_dir(), "fixture {} does not exist", from.display());
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The diagnostics printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }

    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == "error")
            .collect()
    }

    pub fn warnings(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == "warning")
            .collect()
    }

    /// Panics with the whole stderr unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stderr ---\n{}",
            self.code, self.stderr
        );
        self
    }
}

/// Runs `dossier` with `args`, without DOSSIER_TIMINGS and without proxies: the only
/// server a test may talk to is its own on 127.0.0.1, with nothing in between.
pub fn dossier(args: &[&std::ffi::OsStr]) -> Run {
    let mut cmd = Command::cargo_bin("dossier").expect("the dossier binary is built");
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
        code: out
            .status
            .code()
            .expect("dossier exited normally, not by signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `dossier build --root ROOT --out OUT ARGS…`.
pub fn build(root: &Path, out: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    all.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
    dossier(&all)
}

/// `dossier check --root ROOT ARGS…`.
pub fn check(root: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&std::ffi::OsStr> =
        vec!["check".as_ref(), "--root".as_ref(), root.as_os_str()];
    all.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
    dossier(&all)
}

// ---------------------------------------------------------------------------------------
// Output trees.

/// Every file under `dir` (relative path with `/` separators → bytes), hidden files
/// included.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            walk(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(&path).unwrap());
        }
    }
}

/// Asserts two snapshots hold the same files with the same bytes, naming what differs.
pub fn assert_same_tree(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let only_before: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let only_after: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        only_before.is_empty() && only_after.is_empty() && changed.is_empty(),
        "{what}: files differ\n  missing: {only_before:?}\n  added: {only_after:?}\n  changed: {changed:?}"
    );
}

/// The `.html` pages of an output tree that readers reach by links. `404.html` is left
/// out: it is served at unknown depths, so it follows its own rules (inline CSS, links
/// from base_url) and has its own tests in tests/reach.rs.
pub fn html_pages(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    tree.keys()
        .filter(|k| k.ends_with(".html") && k.as_str() != "404.html")
        .cloned()
        .collect()
}

/// Resolves `href` written on the page `page` (both relative to the output root) into
/// (path from the output root, fragment). `None` for external URLs (with a scheme, or
/// protocol-relative). An empty path means "this page".
pub fn resolve_href(page: &str, href: &str) -> Option<(String, Option<String>)> {
    let has_scheme = href.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && !s.contains('/') && !s.contains('#') && !s.contains('?')
    });
    if has_scheme || href.starts_with("//") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    let base = Path::new(page).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = vec![];
    for c in base.join(path).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                assert!(
                    parts.pop().is_some(),
                    "`{href}` on {page} points above the output root"
                );
            }
            Component::CurDir => {}
            other => panic!("`{href}` on {page} is not relative ({other:?})"),
        }
    }
    let mut resolved = parts.join("/");
    if path.ends_with('/') {
        resolved.push_str("/index.html");
    }
    Some((resolved, fragment))
}

// ---------------------------------------------------------------------------------------
// Diagnostics as printed on stderr.

/// One rustc-style diagnostic read back from stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    /// `content/x.md:3:1`, or just the file when there is no position.
    pub location: Option<String>,
    /// The text after the carets, or after `= hint:`.
    pub hint: Option<String>,
    /// The quoted source line (`3 | end_dat = …` → `end_dat = …`).
    pub snippet: Option<String>,
    /// Where the carets start, 1-based, counted in characters of the snippet.
    pub caret_column: Option<usize>,
}

impl Diag {
    /// `(line, column)` of the location, if it has one.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let loc = self.location.as_deref()?;
        let mut it = loc.rsplitn(3, ':');
        let col = it.next()?.parse().ok()?;
        let line = it.next()?.parse().ok()?;
        Some((line, col))
    }
}

pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = vec![];
    for line in stderr.lines() {
        let new = |severity: &str, message: &str| Diag {
            severity: severity.into(),
            message: message.into(),
            location: None,
            hint: None,
            snippet: None,
            caret_column: None,
        };
        if let Some(m) = line.strip_prefix("error: ") {
            out.push(new("error", m));
            continue;
        }
        if let Some(m) = line.strip_prefix("warning: ") {
            out.push(new("warning", m));
            continue;
        }
        if let Some(m) = line.strip_prefix("note: ") {
            out.push(new("note", m));
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let trimmed = line.trim_start();
        if let Some(loc) = trimmed.strip_prefix("--> ") {
            d.location = Some(loc.trim().to_string());
        } else if let Some(h) = trimmed.strip_prefix("= hint: ") {
            d.hint = Some(h.to_string());
        } else if let Some((gutter, rest)) = line.split_once(" | ") {
            if gutter.trim().chars().all(|c| c.is_ascii_digit()) && !gutter.trim().is_empty() {
                d.snippet = Some(rest.to_string());
            } else if gutter.trim().is_empty() && rest.trim_start().starts_with('^') {
                let pad = rest.chars().take_while(|c| *c == ' ').count();
                d.caret_column = Some(pad + 1);
                let after = rest.trim_start().trim_start_matches('^').trim();
                if !after.is_empty() {
                    d.hint = Some(after.to_string());
                }
            }
        }
    }
    out
}
