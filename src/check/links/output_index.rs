//! The output as the link check sees it: a set of files, the folders that hold them, and
//! for each page and stylesheet the URLs it holds (and for pages, their ids).
//!
//! It answers one question, [`OutputIndex::resolve`]: does an internal link lead
//! somewhere? It must not decide what a URL is (that is `url`) or word a problem.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::problem::ProblemKind;
use super::scan::{self, FoundUrl, Scanned};
use super::url::{percent_decode, with_index_html, Internal};
use super::LinkInput;

pub(super) struct OutputIndex<'a> {
    /// Every file of the output, `/`-separated.
    pub(super) files: BTreeSet<String>,
    /// Every folder that holds a file; `""` is the root.
    pub(super) folders: BTreeSet<String>,
    /// HTML pages, scanned.
    pub(super) pages: BTreeMap<String, Scanned>,
    /// Stylesheets, scanned.
    pub(super) stylesheets: BTreeMap<String, Vec<FoundUrl>>,
    /// Page path → its HTML, for line numbers in the output.
    pub(super) html: BTreeMap<String, &'a str>,
}

impl<'a> OutputIndex<'a> {
    pub(super) fn new(input: &LinkInput<'a>) -> Self {
        let slash = |p: &Path| p.to_string_lossy().replace('\\', "/");
        let mut files = BTreeSet::new();
        let mut folders = BTreeSet::from([String::new()]);
        let paths = input
            .files
            .iter()
            .map(|f| slash(&f.path))
            .chain(input.static_files.iter().map(|p| slash(p)));
        for p in paths {
            let mut dir = p.as_str();
            while let Some((parent, _)) = dir.rsplit_once('/') {
                folders.insert(parent.to_string());
                dir = parent;
            }
            files.insert(p);
        }
        let texts: Vec<(String, &str)> = input
            .files
            .iter()
            .filter_map(|f| Some((slash(&f.path), std::str::from_utf8(&f.bytes).ok()?)))
            .collect();
        let pages = texts
            .par_iter()
            .filter(|(p, _)| is_html(p))
            .map(|(p, t)| (p.clone(), scan::scan_html(t)))
            .collect();
        let stylesheets = texts
            .iter()
            .filter(|(p, _)| p.ends_with(".css"))
            .map(|(p, t)| (p.clone(), scan::scan_css(t)))
            .collect();
        let html = texts.into_iter().filter(|(p, _)| is_html(p)).collect();
        OutputIndex {
            files,
            folders,
            pages,
            stylesheets,
            html,
        }
    }

    /// Checks a resolved internal link; `None` when it leads somewhere.
    pub(super) fn resolve(&self, t: &Internal) -> Option<ProblemKind> {
        let Some(path) = &t.path else {
            return Some(ProblemKind::Outside);
        };
        let target = if !t.names_folder && self.files.contains(path) {
            path.clone()
        } else if self.folders.contains(path) {
            let index = join(path, "index.html");
            if !self.files.contains(&index) {
                return Some(ProblemKind::NoIndex {
                    folder: path.clone(),
                });
            }
            if !t.served {
                return Some(ProblemKind::Folder {
                    index: with_index_html(&t.written),
                });
            }
            index
        } else {
            return Some(ProblemKind::Missing {
                resolved: path.clone(),
            });
        };
        let fragment = t.fragment.as_deref()?;
        let ids = &self.pages.get(&target)?.ids;
        if fragment.is_empty()
            || fragment.eq_ignore_ascii_case("top")
            || ids.contains(fragment)
            || ids.contains(percent_decode(fragment).as_ref())
        {
            return None;
        }
        Some(ProblemKind::Fragment {
            target,
            fragment: fragment.to_string(),
        })
    }
}

fn is_html(p: &str) -> bool {
    p.ends_with(".html") || p.ends_with(".htm")
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}
