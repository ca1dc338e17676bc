//! The one way to make a site: a fixture copied into a temporary folder, or files
//! written inline; either way the site sits at `<tmp>/site` with room beside it.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::common::fixtures;
use crate::common::run::{dossier, Dossier, Run};

/// A minimal `dossier.toml`.
pub const CONFIG: &str = "title = \"Test site\"\nlanguage = \"en\"\n";

/// The frontmatter of a valid main explainer; its body follows.
pub const EXPLAINER_FRONT: &str =
    "+++\ntitle = \"The explainer\"\nsummary = \"What happens.\"\npublished = 2024-01-27\n+++\n";

/// A site in a fresh temporary folder. Dropping it removes everything.
pub struct Site {
    tmp: TempDir,
    /// The site (`<tmp>/site`): the `--root` of every run.
    pub root: PathBuf,
}

impl Site {
    /// An empty `<tmp>/site`.
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("dossier-test-")
            .tempdir()
            .expect("create a temporary directory");
        let root = tmp.path().join("site");
        fs::create_dir(&root).unwrap();
        Site { tmp, root }
    }

    /// A copy of `tests/fixtures/<name>` (e.g. `valid`, `invalid/unknown-key`).
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(&fixtures().join(name), &site.root);
        site
    }

    /// A site of these files (path in the site, text).
    pub fn inline(files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        for (rel, text) in files {
            site.write(rel, text);
        }
        site
    }

    /// The smallest valid site: `dossier.toml` and an explainer saying "Body.".
    pub fn minimal() -> Site {
        Site::explainer("Body.\n")
    }

    /// The smallest valid site, with this markdown as the explainer's body.
    pub fn explainer(body: &str) -> Site {
        let index = format!("{EXPLAINER_FRONT}{body}");
        Site::inline(&[("dossier.toml", CONFIG), ("content/index.md", &index)])
    }

    /// The temporary folder holding the site.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// A path in the temporary folder, beside the site (for `--out`).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    /// A path inside the site.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file of the site, creating its folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.file(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    /// Adds `text` at the end of a file of the site.
    pub fn append(&self, rel: &str, text: &str) {
        let mut old = fs::read_to_string(self.file(rel)).unwrap();
        old.push_str(text);
        self.write(rel, old);
    }

    /// Copies another fixture site into `<tmp>/<dest>` and returns its path.
    pub fn add_site(&self, fixture: &str, dest: &str) -> PathBuf {
        let to = self.path(dest);
        copy_dir(&fixtures().join(fixture), &to);
        to
    }

    /// `dossier ARGS… --root SITE`, to add to before running.
    pub fn cmd<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(&self, args: I) -> Dossier {
        dossier().args(args).arg("--root").arg(&self.root)
    }

    /// Runs `dossier ARGS… --root SITE`.
    pub fn run<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(&self, args: I) -> Run {
        self.cmd(args).run()
    }

    /// `dossier build --root SITE --out <tmp>/OUT ARGS…`.
    pub fn build(&self, out: &str, args: &[&str]) -> Run {
        build(&self.root, &self.path(out), args)
    }

    /// `dossier check --root SITE ARGS…`.
    pub fn check(&self, args: &[&str]) -> Run {
        self.cmd(["check"]).args(args).run()
    }
}

/// `dossier build --root ROOT --out OUT ARGS…`, for a site that is not a `Site` (the
/// flagship, a second site beside one).
pub fn build(root: &Path, out: &Path, args: &[&str]) -> Run {
    build_cmd(root, out).args(args).run()
}

/// `dossier build --root ROOT --out OUT`, to add to before running or spawning.
pub fn build_cmd(root: &Path, out: &Path) -> Dossier {
    dossier()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
}

/// `dossier check --root ROOT ARGS…`, for a site that is not a `Site`.
pub fn check(root: &Path, args: &[&str]) -> Run {
    dossier()
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(args)
        .run()
}

/// Copies a directory tree, byte for byte.
pub fn copy_dir(from: &Path, to: &Path) {
    assert!(from.is_dir(), "{} is not a folder", from.display());
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
