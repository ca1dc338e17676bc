//! Tracing a URL back to where it was written: in the page's content files, then in
//! `sources.toml` and `dossier.toml`, then in the site's template overrides. A URL found
//! nowhere is put on the template that renders its page.
//!
//! Pure text search over the texts the check was given; it must not read files.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::render::PageOrigin;

use super::scan::FoundUrl;
use super::url::percent_decode;
use super::{LinkInput, Use};

/// Where a URL found on `page` was written.
pub(super) struct Located {
    pub(super) uses: Vec<Use>,
    /// The template that renders the page, when the URL was not found as written.
    pub(super) template: Option<String>,
}

impl Located {
    fn found(uses: Vec<Use>) -> Located {
        Located {
            uses,
            template: None,
        }
    }

    /// On the page's own template (or on `templates` when the page has none).
    fn not_found(template: String, own: PathBuf) -> Located {
        let file = if template.is_empty() {
            PathBuf::from("templates")
        } else {
            own
        };
        Located {
            uses: vec![Use { file, span: None }],
            template: Some(template),
        }
    }
}

/// Where `found`, a URL on `page`, was written.
pub(super) fn locate(input: &LinkInput<'_>, page: &str, found: &FoundUrl) -> Located {
    let mut needles = as_written(found);
    let origin = input.origins.get(Path::new(page));
    let uses = in_content_or_config(input, origin, &needles);
    if !uses.is_empty() {
        return Located::found(uses);
    }
    let template = match origin {
        Some(o) => o.template.to_string(),
        None if page.ends_with(".css") => page.to_string(),
        None => String::new(),
    };
    push_without_page_root(&mut needles, &found.url, page);
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
        return Located::found(uses);
    }
    Located::not_found(template, own)
}

/// The forms a URL may be written in: as the page holds it, decoded, percent-decoded.
fn as_written(found: &FoundUrl) -> Vec<Cow<'_, str>> {
    let mut needles: Vec<Cow<'_, str>> = vec![Cow::Borrowed(found.raw.as_str())];
    for n in [
        Cow::Borrowed(found.url.as_str()),
        percent_decode(&found.url),
    ] {
        if !needles.contains(&n) {
            needles.push(n);
        }
    }
    needles
}

/// Templates write `{{ page.root }}x.html`: adds the URL without each `../` prefix the
/// page's depth allows, longest first.
fn push_without_page_root<'n>(needles: &mut Vec<Cow<'n, str>>, url: &str, page: &str) {
    let depth = page.matches('/').count();
    for k in (0..=depth).rev() {
        let prefix = "../".repeat(k);
        if let Some(stripped) = url.strip_prefix(prefix.as_str()) {
            if !needles.iter().any(|n| n == stripped) {
                needles.push(Cow::Owned(stripped.to_string()));
            }
        }
    }
}

/// The page's content files first; failing those, the site's configuration.
fn in_content_or_config(
    input: &LinkInput<'_>,
    origin: Option<&PageOrigin>,
    needles: &[Cow<'_, str>],
) -> Vec<Use> {
    if let Some(o) = origin {
        let uses = search(
            input.texts,
            o.sources.iter().map(PathBuf::as_path),
            needles,
            false,
        );
        if !uses.is_empty() {
            return uses;
        }
    }
    let config_files = [Path::new("content/sources.toml"), Path::new("dossier.toml")];
    search(input.texts, config_files.into_iter(), needles, false)
}

/// Every place one of `needles` is written in `files`.
pub(super) fn search<'f>(
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
