//! Standalone pages (`content/pages/*.md`: about, methodology…), each at `{slug}/`
//! through `page.html`, and the list of them that every page's footer links to.

use serde::Serialize;

use super::pages::{bodiless, Pages};
use super::views::svg_data_uri;
use super::views::PageView;
use super::OutputFile;
use crate::diag::Diagnostics;
use crate::model::{urls, Site};

/// A footer link to a standalone page; `url` is from the site root (prefix `page.root`).
#[derive(Serialize)]
pub(super) struct PageLink<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
}

/// The footer's links, in the pages' order (weight, then title).
pub(super) fn page_links(site: &Site) -> Vec<PageLink<'_>> {
    site.pages
        .iter()
        .map(|d| PageLink {
            title: &d.meta.title,
            url: urls::page(&d.slug),
        })
        .collect()
}

impl Pages<'_> {
    /// Every standalone page, in site order.
    pub(super) fn standalone(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let r = &self.r;
        self.site
            .pages
            .iter()
            .zip(&self.composed.pages)
            .map(|(d, p)| {
                let path = urls::page(&d.slug);
                let view = PageView {
                    updated: d.meta.updated.map(Into::into),
                    edition: super::editions::note(self.site, &d.file, &path),
                    ..r.view(
                        "page",
                        urls::ROOT_PAGE,
                        &path,
                        &d.meta.title,
                        &d.meta.summary,
                        p,
                    )
                };
                r.page("page.html", &path, view, |_| {})
            })
            .collect()
    }

    /// The 404 page is served at any depth, so it carries its CSS inline and links with
    /// absolute URLs when base_url is known (root-relative ones otherwise).
    pub(super) fn not_found(&self) -> Result<OutputFile, Diagnostics> {
        let home = self
            .site
            .config
            .base_url
            .clone()
            .unwrap_or_else(|| "/".into());
        let empty = bodiless(vec![], &[]);
        let title = self.site.strings.get("not-found");
        let view = PageView {
            canonical: None,
            ..self.r.view("404", "", urls::NOT_FOUND, &title, "", &empty)
        };
        self.r.page("404.html", urls::NOT_FOUND, view, |c| {
            c.insert("home", &home);
            c.insert("inline_css", self.asset("style.css"));
            c.insert("favicon", &svg_data_uri(self.asset("favicon.svg")));
        })
    }
}
