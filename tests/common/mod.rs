//! The integration tests' one kit: run the real `dossier` binary (`dossier()`, or
//! `Site::run`), make a site to run it on (`Site::fixture`, `Site::inline`), and read
//! back what it did: its output tree (`snapshot`), its rustc-style diagnostics
//! (`Run::diagnostics`), the whole stderr for an insta snapshot (`Run::transcript`).
//!
//! - `run.rs`: the command builder `Dossier` and its `Run`;
//! - `site.rs`: `Site`, a site in a temporary folder;
//! - `tree.rs`: output trees and links between their pages;
//! - `html.rs`: selectors and visible text of built pages;
//! - `diag.rs`: diagnostics read back from stderr;
//! - `rng.rs`: the seeded generator of the randomised tests.
//!
//! Every test binary compiles this module; not every binary uses every helper.
#![allow(dead_code, unused_imports)]

mod diag;
mod html;
pub mod http;
mod rng;
mod run;
mod site;
mod tree;

use std::path::PathBuf;

pub use diag::{parse_diagnostics, Diag};
pub use html::{sel, text};
pub use rng::Rng;
pub use run::{dossier, dossier_via, Dossier, Run, BIN};
pub use site::{build, build_cmd, check, copy_dir, Site, CONFIG, EXPLAINER_FRONT};
pub use tree::{assert_same_tree, asset, html_pages, names, resolve_href, snapshot, Tree};

/// The repository (the flagship site is its root).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder holding every fixture site.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
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
