//! The link check of `dossier check`: every internal URL of the rendered site leads to a
//! file of the output, and every `#fragment` to an element of the page it names.
//!
//! It reads what the pages hold, whoever wrote it: markdown links, raw HTML in content,
//! and links in templates (`href`, `src`, `srcset`, `poster`, `<object data>`, and
//! `url()`/`@import` in stylesheets and `style`). Root-absolute URLs (`/x`) are errors
//! because they break under a sub-path and from disk; links to a bare folder (`x/`) are
//! warnings because opened from disk they show a file listing. Each problem is traced
//! back to where it was written: the URL is looked up in the page's content files, then
//! in `sources.toml` and `dossier.toml`, then in the site's template overrides; failing
//! all that, the diagnostic names the template that renders the page.
//!
//! External `http(s)` URLs are not checked here; they are collected, with where each is
//! used, for `dossier check --external`.
//!
//! Pure: the output in memory, the static file list and the page origins in, diagnostics
//! out. It must not read files or touch the network.
//!
//! The parts, in the order a URL meets them: `scan` (what a page holds), `url` (what a
//! URL is), `output_index` (whether it leads somewhere), `problem` (what is wrong, in
//! words), `locate` (where it was written) and `diagnose` (one diagnostic per place).

mod diagnose;
mod locate;
mod output_index;
mod problem;
pub mod scan;
mod url;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::render::{OutputFile, PageOrigin};
use diagnose::diagnose;
use locate::{locate, search};
use output_index::OutputIndex;
use problem::{Problem, ProblemKind};
use scan::FoundUrl;
use url::{classify, scheme, Link};

pub use url::relative_url;

/// What the check reads.
pub struct LinkInput<'a> {
    pub files: &'a [OutputFile],
    /// Files copied from `static/`, relative to it (and so to the output).
    pub static_files: &'a [PathBuf],
    /// Which template and content files make each page, by output path.
    pub origins: &'a BTreeMap<PathBuf, PageOrigin>,
    /// Texts a problem may be traced to, by path from the site root: the content files,
    /// `dossier.toml`, and the site's template overrides (`templates/<name>`).
    pub texts: &'a BTreeMap<PathBuf, Arc<str>>,
    /// Absolute URLs under it are the site's own and are checked as internal links.
    pub base_url: Option<&'a str>,
    /// URLs to check with `--external` although no page may link them: every source's
    /// `url` (found in `content/sources.toml` for reporting).
    pub listed_urls: &'a [String],
    /// Collect external URLs and where they are used (for `--external`).
    pub collect_external: bool,
}

/// What the check found.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages read.
    pub pages: usize,
    /// Internal URLs checked (each occurrence).
    pub links: usize,
    /// External `http(s)` URLs (without fragment), sorted, with where each is used.
    pub external: Vec<ExternalLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub uses: Vec<Use>,
}

/// A place a URL is written: a span of a file, or a whole template when the URL could
/// not be found as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// From the site root: `content/index.md`, `templates/base.html`.
    pub file: PathBuf,
    pub span: Option<Range<usize>>,
}

/// Checks every page and stylesheet of the output.
pub fn check(input: &LinkInput<'_>) -> LinkReport {
    let index = OutputIndex::new(input);
    let mut report = LinkReport {
        pages: index.pages.len(),
        ..LinkReport::default()
    };
    let mut problems: Vec<Problem> = vec![];
    let mut external: BTreeMap<String, Vec<(&str, FoundUrl)>> = BTreeMap::new();
    let documents = index
        .pages
        .iter()
        .map(|(p, s)| (p.as_str(), &s.urls))
        .chain(index.stylesheets.iter().map(|(p, u)| (p.as_str(), u)));
    for (page, urls) in documents {
        for found in urls {
            match classify(&found.url, found.kind, page, input.base_url) {
                Link::Skip => {}
                Link::External(url) if input.collect_external => {
                    external.entry(url).or_default().push((page, found.clone()))
                }
                Link::External(_) => {}
                Link::Problem(kind) => problems.push(Problem::new(page, found, kind)),
                // The 404 page is only ever served by a web server, at any depth: without
                // base_url its links are root-absolute on purpose.
                Link::RootAbsolute(..) if page == "404.html" => {}
                Link::RootAbsolute(target, relative) => {
                    let missing = matches!(
                        index.resolve(&target),
                        Some(ProblemKind::Missing { .. } | ProblemKind::NoIndex { .. })
                    );
                    let kind = ProblemKind::RootAbsolute { relative, missing };
                    problems.push(Problem::new(page, found, kind));
                }
                Link::Internal(target) => {
                    report.links += 1;
                    if let Some(kind) = index.resolve(&target) {
                        problems.push(Problem::new(page, found, kind));
                    }
                }
            }
        }
    }
    report.diagnostics = diagnose(&problems, input, &index);
    if input.collect_external {
        report.external = external_links(input, external);
    }
    report
}

/// External URLs with every place they are written, sorted by URL.
fn external_links(
    input: &LinkInput<'_>,
    found: BTreeMap<String, Vec<(&str, FoundUrl)>>,
) -> Vec<ExternalLink> {
    let mut all: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let mut add = |url: &str, new: Vec<Use>| {
        let uses = all.entry(url.to_string()).or_default();
        for u in new {
            if !uses.contains(&u) {
                uses.push(u);
            }
        }
    };
    for (url, places) in &found {
        for (page, f) in places {
            add(url, locate(input, page, f).uses);
        }
    }
    for url in input.listed_urls {
        let scheme = scheme(url).unwrap_or("");
        if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            let key = url.split('#').next().unwrap_or(url);
            let needles = [Cow::Borrowed(url.as_str())];
            let file = Path::new("content/sources.toml");
            add(
                key,
                search(input.texts, std::iter::once(file), &needles, false),
            );
        }
    }
    all.into_iter()
        .map(|(url, uses)| ExternalLink { url, uses })
        .collect()
}

#[cfg(test)]
mod tests;
