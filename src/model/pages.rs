//! Standalone pages (`content/pages/*.md`: about, methodology, corrections policy):
//! their order in the footer, the URLs they may not take, and their `@/pages/x.md`
//! link targets. Published at `{slug}/` beside the sections (see `urls::page`).

use std::collections::BTreeMap;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::body;
use crate::parse::frontmatter::PageMeta;

use super::targets::LinkTarget;
use super::{urls, Doc};

/// Footer order: by `weight` (pages without one last), then title, then slug.
pub(super) fn order(pages: &mut [Doc<PageMeta>]) {
    pages.sort_by(|a, b| {
        let key = |d: &Doc<PageMeta>| {
            (
                d.meta.weight.is_none(),
                d.meta.weight,
                d.meta.title.to_lowercase(),
                d.slug.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// A page named like a section (`pages/timeline.md`) would replace it: an error.
pub(super) fn reserved_slugs(pages: &[Doc<PageMeta>], diags: &mut Diagnostics) {
    for d in pages {
        if urls::SECTION_FOLDERS.contains(&d.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!(
                        "the page `{}` would take the URL of the {} section",
                        d.file.display(),
                        d.slug
                    ),
                )
                .in_file(&d.file)
                .with_hint(
                    "rename the file: background, timeline and glossary are the sections' own URLs",
                ),
            );
        }
    }
}

/// Adds each page's `@/pages/x.md` target, with its heading ids as anchors.
pub(super) fn insert_targets(map: &mut BTreeMap<String, LinkTarget>, pages: &[Doc<PageMeta>]) {
    for d in pages {
        let name = d
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        map.insert(
            urls::page_key(&name),
            LinkTarget {
                url: urls::page(&d.slug),
                anchors: Some(body::heading_ids(d.body())),
                mention: None,
                unreadable: false,
                draft: false,
            },
        );
    }
}
