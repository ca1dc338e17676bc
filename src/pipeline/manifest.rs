//! Renames noticed (issue 19): every build keeps the URLs it published in the output
//! (`.dossier-urls`), and the next build warns about each one it would drop, with the
//! alias that keeps it alive. Deleting the output forgets the list.
//!
//! Only URLs that others hold links to are listed: pages (as their public URL from
//! the site root, `/background/x/`) and feeds and data (`atom.xml`, `timeline.json`). Hashed assets
//! change name with every edit by design, and host files are no page.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::urls;
use crate::render::Assets;

/// The manifest's text: one URL per line, sorted.
pub(super) fn manifest<'a>(paths: impl Iterator<Item = &'a Path>, assets: &Assets) -> String {
    let mut out = String::new();
    for url in published(paths, assets) {
        out.push_str(&url);
        out.push('\n');
    }
    out
}

/// The URLs of `paths` that the manifest lists.
fn published<'a>(paths: impl Iterator<Item = &'a Path>, assets: &Assets) -> BTreeSet<String> {
    paths
        .filter_map(|p| p.to_str())
        .map(|p| p.replace('\\', "/"))
        .filter(|p| {
            let listed = [".html", ".xml", ".json"].iter().any(|e| p.ends_with(e));
            listed && !assets.is_hashed(p)
        })
        .map(|p| format!("/{}", urls::public(&p)))
        .collect()
}

/// A warning for each URL of the previous manifest (`previous`, its text) that this
/// build's manifest (`current`) drops.
pub(super) fn dropped(previous: &str, current: &str) -> Vec<Diagnostic> {
    let now: BTreeSet<&str> = current.lines().collect();
    previous
        .lines()
        .filter(|url| !url.is_empty() && !now.contains(url))
        .map(|url| {
            Diagnostic::warning(format!(
                "`{url}` was published by the last build and this one drops it: links to it will break"
            ))
            .with_hint(format!(
                "if the page moved, list its old URL in the new page's frontmatter: aliases = [\"{url}\"]"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dropped_urls_warn() {
        let w = dropped("/a/\n/b/\n/atom.xml\n", "/b/\n/atom.xml\n/c/\n");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("`/a/`"), "{}", w[0].message);
        assert!(w[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("aliases = [\"/a/\"]"));
    }
}
