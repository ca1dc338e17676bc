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

pub mod scan;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{closest, Class, Diagnostic};
use crate::render::{OutputFile, PageOrigin};
use scan::{FoundUrl, Scanned, UrlKind};

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

// ---------------------------------------------------------------------------------------
// The output as a set of files, folders and ids.

struct OutputIndex<'a> {
    /// Every file of the output, `/`-separated.
    files: BTreeSet<String>,
    /// Every folder that holds a file; `""` is the root.
    folders: BTreeSet<String>,
    /// HTML pages, scanned.
    pages: BTreeMap<String, Scanned>,
    /// Stylesheets, scanned.
    stylesheets: BTreeMap<String, Vec<FoundUrl>>,
    /// Page path → its HTML, for line numbers in the output.
    html: BTreeMap<String, &'a str>,
}

impl<'a> OutputIndex<'a> {
    fn new(input: &LinkInput<'a>) -> Self {
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
    fn resolve(&self, t: &Internal) -> Option<ProblemKind> {
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

// ---------------------------------------------------------------------------------------
// What a URL is, before looking at the output.

enum Link {
    /// Nothing to check: `mailto:`, `data:`, `#`, an empty value.
    Skip,
    /// An `http(s)` URL outside the site, without its fragment.
    External(String),
    Internal(Internal),
    /// `/x`: the link as if it were relative to the root, and the relative URL to write.
    RootAbsolute(Internal, Option<String>),
    Problem(ProblemKind),
}

struct Internal {
    /// From the output root, `/`-separated; `None` when it climbs above the root.
    path: Option<String>,
    /// The URL names a folder (`x/`, `.`, `..`, or only a query).
    names_folder: bool,
    fragment: Option<String>,
    /// An absolute URL under `base_url`: a web server serves folders, so `x/` is fine.
    served: bool,
    /// The URL as written, for suggestions.
    written: String,
}

fn classify(url: &str, kind: UrlKind, page: &str, base_url: Option<&str>) -> Link {
    if url.is_empty() || url == "#" {
        return Link::Skip;
    }
    if kind == UrlKind::Css && url.starts_with('#') {
        return Link::Skip; // `url(#gradient)` names an SVG element, not a page
    }
    if let Some(rest) = base_url.and_then(|b| url.strip_prefix(b)) {
        let mut link = internal("", None, rest, true);
        link.written = url.to_string();
        return Link::Internal(link);
    }
    if let Some(scheme) = scheme(url) {
        return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            Link::External(url.split('#').next().unwrap_or(url).to_string())
        } else {
            Link::Skip
        };
    }
    if url.starts_with("//") {
        return Link::Problem(ProblemKind::ProtocolRelative);
    }
    if url.starts_with('/') {
        let target = internal("", None, url.trim_start_matches('/'), true);
        let relative = target
            .path
            .as_deref()
            .map(|p| relative_url(page, p) + &url[url.find(['?', '#']).unwrap_or(url.len())..]);
        return Link::RootAbsolute(target, relative);
    }
    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    Link::Internal(internal(dir, Some(page), url, false))
}

/// The scheme of an absolute URL (`https`, `mailto`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let s = &url[..end];
    let valid = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(s)
}

/// Resolves `url` (relative, with optional query and fragment) against the folder
/// `dir`. A URL with no path (`#x`, `?q`) names `this_page`; without one (links from the
/// root), it names the folder.
fn internal(dir: &str, this_page: Option<&str>, url: &str, served: bool) -> Internal {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f.to_string())),
        None => (url, None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    let mut link = Internal {
        path: None,
        names_folder: path.ends_with('/') || matches!(path.rsplit('/').next(), Some("." | "..")),
        fragment,
        served,
        written: url.to_string(),
    };
    if path.is_empty() {
        match this_page {
            Some(p) => link.path = Some(p.to_string()),
            None => {
                link.path = Some(dir.to_string());
                link.names_folder = true;
            }
        }
        return link;
    }
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return link;
                }
            }
            s => parts.push(percent_decode(s).into_owned()),
        }
    }
    link.path = Some(parts.join("/"));
    link
}

/// The URL from `page` to `target`, both from the output root: `../timeline/index.html`.
pub fn relative_url(page: &str, target: &str) -> String {
    let from: Vec<&str> = page.split('/').collect();
    let from_dir = &from[..from.len() - 1];
    let to: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to[common.min(to.len())..].join("/"));
    if target.ends_with('/') && !out.is_empty() && !out.ends_with('/') {
        out.push('/');
    }
    if out.is_empty() {
        "./".into()
    } else {
        out
    }
}

/// `x/` → `x/index.html`, `x/?q#f` → `x/index.html?q#f`, `..` → `../index.html`.
fn with_index_html(url: &str) -> String {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(cut);
    let sep = if path.is_empty() || path.ends_with('/') {
        ""
    } else {
        "/"
    };
    format!("{path}{sep}index.html{rest}")
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|&c| hex(c)),
            b.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

// ---------------------------------------------------------------------------------------
// Problems, traced back to where they were written.

#[derive(Debug, Clone, PartialEq, Eq)]
enum ProblemKind {
    Missing {
        resolved: String,
    },
    NoIndex {
        folder: String,
    },
    Fragment {
        target: String,
        fragment: String,
    },
    Outside,
    RootAbsolute {
        relative: Option<String>,
        /// Nothing in the output has that path.
        missing: bool,
    },
    ProtocolRelative,
    /// A warning: the URL to write instead.
    Folder {
        index: String,
    },
}

struct Problem {
    page: String,
    found: FoundUrl,
    kind: ProblemKind,
}

impl Problem {
    fn new(page: &str, found: &FoundUrl, kind: ProblemKind) -> Self {
        Problem {
            page: page.to_string(),
            found: found.clone(),
            kind,
        }
    }

    fn is_warning(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::Folder { .. } | ProblemKind::ProtocolRelative
        )
    }

    /// The message, quoting the URL as `written` where it was found: the same for every
    /// page a template line is on, so that line is reported once.
    fn message(&self, url: &str) -> String {
        match &self.kind {
            ProblemKind::Missing { resolved, .. } => {
                format!("broken link `{url}`: `{resolved}` is not in the output")
            }
            ProblemKind::NoIndex { folder } => {
                format!("broken link `{url}`: the folder `{folder}/` has no index.html")
            }
            ProblemKind::Fragment {
                target, fragment, ..
            } => format!("broken link `{url}`: `{target}` has no element with id `{fragment}`"),
            ProblemKind::Outside => {
                format!("broken link `{url}`: it leads above the site's root folder")
            }
            ProblemKind::RootAbsolute { .. } => format!(
                "root-absolute link `{url}` breaks under a sub-path and when the site is opened from disk"
            ),
            ProblemKind::ProtocolRelative => format!(
                "protocol-relative link `{url}` breaks when the site is opened from disk"
            ),
            ProblemKind::Folder { .. } => format!(
                "link to the folder `{url}`: opened from disk it shows a file listing, not the page"
            ),
        }
    }

    /// What to do about it; `in_template` when the URL was found in a template.
    /// Suggestions are looked for here, once per reported place, not once per page.
    fn hint(&self, in_template: bool, index: &OutputIndex<'_>) -> String {
        let page = &self.page;
        match &self.kind {
            ProblemKind::Missing { resolved } => {
                let near = closest(resolved, index.files.iter().map(String::as_str));
                match near {
                    Some(near) => format!(
                        "did you mean `{}`? Links are relative to the page they are on (`{page}`)",
                        relative_url(page, near)
                    ),
                    None if in_template => format!(
                        "no page or static file has this path; templates write internal URLs as `{{{{ page.root }}}}path/from/the/site/root` (here on `{page}`)"
                    ),
                    None => format!(
                        "links are relative to the page they are on (`{page}`); link to a content file with `@/background/x.md`"
                    ),
                }
            }
            ProblemKind::NoIndex { .. } => {
                format!("link to a file in it, relative to `{page}`")
            }
            ProblemKind::Fragment { target, fragment } => {
                let ids = index.pages.get(target).map(|s| &s.ids);
                match ids.and_then(|ids| closest(fragment, ids.iter().map(String::as_str))) {
                    Some(near) => format!("did you mean `#{near}`?"),
                    None => format!(
                        "ids on `{target}` come from its headings, events and terms; check the spelling"
                    ),
                }
            }
            ProblemKind::Outside => format!("links are relative to the page (`{page}`); remove a `../`"),
            ProblemKind::RootAbsolute {
                relative: Some(r),
                missing: false,
            } => format!("write it relative to the page (`{page}`): `{r}`"),
            ProblemKind::RootAbsolute {
                relative: Some(r),
                missing: true,
            } => format!(
                "write it relative to the page (`{page}`), as `{r}`; but no such file is in the output either"
            ),
            ProblemKind::RootAbsolute { relative: None, .. } => {
                format!("write it relative to the page (`{page}`)")
            }
            ProblemKind::ProtocolRelative => format!("write `https:{}`", self.found.url),
            ProblemKind::Folder { index } => format!("link to `{index}` instead"),
        }
    }
}

/// Where a URL found on `page` was written.
struct Located {
    uses: Vec<Use>,
    /// The template that renders the page, when the URL was not found as written.
    template: Option<String>,
}

fn locate(input: &LinkInput<'_>, page: &str, found: &FoundUrl) -> Located {
    let mut needles: Vec<Cow<'_, str>> = vec![Cow::Borrowed(found.raw.as_str())];
    for n in [
        Cow::Borrowed(found.url.as_str()),
        percent_decode(&found.url),
    ] {
        if !needles.contains(&n) {
            needles.push(n);
        }
    }
    let origin = input.origins.get(Path::new(page));
    if let Some(o) = origin {
        let uses = search(
            input.texts,
            o.sources.iter().map(PathBuf::as_path),
            &needles,
            false,
        );
        if !uses.is_empty() {
            return Located {
                uses,
                template: None,
            };
        }
    }
    let config_files = [Path::new("content/sources.toml"), Path::new("dossier.toml")];
    let uses = search(input.texts, config_files.into_iter(), &needles, false);
    if !uses.is_empty() {
        return Located {
            uses,
            template: None,
        };
    }
    // Templates write `{{ page.root }}x.html`: look for the URL without the page's root.
    let template = match origin {
        Some(o) => o.template.to_string(),
        None if page.ends_with(".css") => page.to_string(),
        None => String::new(),
    };
    let depth = page.matches('/').count();
    for k in (0..=depth).rev() {
        let prefix = "../".repeat(k);
        if let Some(stripped) = found.url.strip_prefix(prefix.as_str()) {
            if !needles.iter().any(|n| n == stripped) {
                needles.push(Cow::Owned(stripped.to_string()));
            }
        }
    }
    let own = PathBuf::from(format!("templates/{template}"));
    let overrides = std::iter::once(own.as_path()).chain(
        input
            .texts
            .keys()
            .map(PathBuf::as_path)
            .filter(|p| p.starts_with("templates") && *p != own),
    );
    let uses = search(input.texts, overrides, &needles, true);
    if !uses.is_empty() {
        return Located {
            uses,
            template: None,
        };
    }
    Located {
        uses: vec![Use {
            file: if template.is_empty() {
                PathBuf::from("templates")
            } else {
                own
            },
            span: None,
        }],
        template: Some(template),
    }
}

/// Every place one of `needles` is written in `files`.
fn search<'f>(
    texts: &BTreeMap<PathBuf, Arc<str>>,
    files: impl Iterator<Item = &'f Path>,
    needles: &[Cow<'_, str>],
    in_template: bool,
) -> Vec<Use> {
    let mut uses = vec![];
    for file in files {
        let Some(text) = texts.get(file) else {
            continue;
        };
        for needle in needles {
            for span in occurrences(text, needle, in_template) {
                let u = Use {
                    file: file.to_path_buf(),
                    span: Some(span),
                };
                if !uses.contains(&u) {
                    uses.push(u);
                }
            }
        }
    }
    uses
}

/// Spans of `needle` in `text` where it stands as a whole URL: between quotes or
/// parentheses, after `=` or a blank; in templates also right after `}}`.
fn occurrences<'t>(
    text: &'t str,
    needle: &'t str,
    in_template: bool,
) -> impl Iterator<Item = Range<usize>> + 't {
    let n = if needle.is_empty() {
        None
    } else {
        Some(needle)
    };
    n.into_iter().flat_map(move |needle| {
        text.match_indices(needle).filter_map(move |(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + needle.len()..].chars().next();
            let left = match before {
                None => true,
                Some(c) => {
                    c.is_whitespace()
                        || matches!(c, '(' | '<' | '"' | '\'' | '=')
                        || (in_template && c == '}')
                }
            };
            let right = match after {
                None => true,
                Some(c) => c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\''),
            };
            (left && right).then(|| i..i + needle.len())
        })
    })
}

/// Turns problems into diagnostics: one per place written, naming the page (and how many
/// other pages show the same problem from the same place).
fn diagnose(
    problems: &[Problem],
    input: &LinkInput<'_>,
    index: &OutputIndex<'_>,
) -> Vec<Diagnostic> {
    // (file, span start, message) → (diagnostic, pages)
    let mut grouped: BTreeMap<(PathBuf, usize, String), (Diagnostic, Vec<String>)> =
        BTreeMap::new();
    for p in problems {
        let located = locate(input, &p.page, &p.found);
        for u in located.uses {
            let text = input.texts.get(&u.file);
            let written = match (&u.span, text) {
                (Some(span), Some(text)) => &text[span.clone()],
                _ => p.found.url.as_str(),
            };
            let message = p.message(written);
            let key = (
                u.file.clone(),
                u.span.as_ref().map_or(0, |s| s.start),
                message.clone(),
            );
            if let Some((_, pages)) = grouped.get_mut(&key) {
                if !pages.contains(&p.page) {
                    pages.push(p.page.clone());
                }
                continue;
            }
            let d = if p.is_warning() {
                Diagnostic::warning(message.clone())
            } else {
                Diagnostic::error(Class::Content, message.clone())
            };
            let mut hint = p.hint(u.file.starts_with("templates"), index);
            let d = match (&u.span, text) {
                (Some(span), Some(text)) => d.at(&u.file, text, span.clone()),
                _ => {
                    let line = index.html.get(&p.page).map_or(1, |h| {
                        h[..p.found.offset.min(h.len())].matches('\n').count() + 1
                    });
                    let from = match &located.template {
                        Some(t) if !t.is_empty() => {
                            format!("`templates/{t}` or a template it includes")
                        }
                        _ => "a template".to_string(),
                    };
                    hint.push_str(&format!(
                        "; it is on line {line} of `{}` in the output and not in the page's content files, so it comes from {from}",
                        p.page
                    ));
                    d.in_file(&u.file)
                }
            };
            grouped.insert(key, (d.with_hint(hint), vec![p.page.clone()]));
        }
    }
    grouped
        .into_values()
        .map(|(mut d, pages)| {
            if pages.len() > 1 {
                let others = pages.len() - 1;
                let s = if others == 1 { "" } else { "s" };
                let h = d.hint.take().unwrap_or_default();
                d.hint = Some(format!("{h} (also on {others} other page{s})"));
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests;
