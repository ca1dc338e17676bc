//! Standalone pages (`content/pages/*.md`: about, methodology…), each at `{slug}/`
//! through `page.html`, and the list of them that every page's footer links to.

use serde::Serialize;

use super::pages::Pages;
use super::views::{DateView, PageView};
use super::OutputFile;
use crate::diag::Diagnostics;
use crate::model::{urls, Site};

/// A footer link to a standalone page; `url` is from the site root (prefix `page.root`).
#[derive(Serialize)]
pub(super) struct PageLink<'a> {
    pub(super) title: std::borrow::Cow<'a, str>,
    pub(super) url: String,
}

/// The footer's links, in the pages' order (weight, then title).
/// The generated credits page comes last.
pub(super) fn page_links(site: &Site) -> Vec<PageLink<'_>> {
    site.pages
        .iter()
        .map(|d| PageLink {
            title: d.meta.title.as_str().into(),
            url: urls::page(&d.slug),
        })
        .chain(super::credits::footer_link(site))
        .collect()
}

impl Pages<'_> {
    /// Every standalone page, in site order.
    /// The page called `credits`, if any, carries the site's credits list.
    pub(super) fn standalone(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let r = &self.r;
        let credits_list = self
            .site
            .pages
            .iter()
            .any(|d| d.slug == urls::CREDITS_SLUG)
            .then(|| self.credit_entries());
        self.site
            .pages
            .iter()
            .zip(&self.composed.pages)
            .map(|(d, p)| {
                let path = urls::page(&d.slug);
                let view = PageView {
                    updated: d.meta.updated.map(|u| DateView::new(u, &self.site.strings)),
                    social: super::social::own(r.site, &d.meta.image, &path, &d.meta.title),
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
                r.page("page.html", &path, view, |ctx| {
                    if let (Some(list), true) = (&credits_list, d.slug == urls::CREDITS_SLUG) {
                        ctx.insert("credits_list", list);
                    }
                })
            })
            .collect()
    }
}
