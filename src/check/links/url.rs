//! What a URL is, before looking at the output: skipped, external, internal (resolved to
//! a path from the output root), root-absolute, or a problem on its face; and the small
//! URL arithmetic the check and its hints share (relative URLs, `index.html`, percent
//! decoding).
//!
//! It must not look at the output's files: whether a link leads somewhere is
//! `output_index`'s question.

use std::borrow::Cow;

use super::problem::ProblemKind;
use super::scan::UrlKind;

pub(super) enum Link {
    /// Nothing to check: `mailto:`, `data:`, `#`, an empty value.
    Skip,
    /// An `http(s)` URL outside the site, without its fragment.
    External(String),
    Internal(Internal),
    /// `/x`: the link as if it were relative to the root, and the relative URL to write.
    RootAbsolute(Internal, Option<String>),
    Problem(ProblemKind),
}

pub(super) struct Internal {
    /// From the output root, `/`-separated; `None` when it climbs above the root.
    pub(super) path: Option<String>,
    /// The URL names a folder (`x/`, `.`, `..`, or only a query).
    pub(super) names_folder: bool,
    pub(super) fragment: Option<String>,
    /// An absolute URL under `base_url`: a web server serves folders, so `x/` is fine.
    pub(super) served: bool,
    /// The URL as written, for suggestions.
    pub(super) written: String,
}

/// What `url`, found on `page` as `kind`, is.
pub(super) fn classify(url: &str, kind: UrlKind, page: &str, base_url: Option<&str>) -> Link {
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
pub(super) fn scheme(url: &str) -> Option<&str> {
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
pub(super) fn with_index_html(url: &str) -> String {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(cut);
    let sep = if path.is_empty() || path.ends_with('/') {
        ""
    } else {
        "/"
    };
    format!("{path}{sep}index.html{rest}")
}

pub(super) fn percent_decode(s: &str) -> Cow<'_, str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_between_pages() {
        assert_eq!(
            relative_url("index.html", "timeline/index.html"),
            "timeline/index.html"
        );
        assert_eq!(
            relative_url("background/x/index.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(
            relative_url("background/x/index.html", "background/y/index.html"),
            "../y/index.html"
        );
        assert_eq!(
            relative_url("timeline/index.html", "timeline/index.html"),
            "index.html"
        );
        assert_eq!(with_index_html("x/?q#f"), "x/index.html?q#f");
        assert_eq!(with_index_html(".."), "../index.html");
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
