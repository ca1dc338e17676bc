//! The 404 page: served at any URL of the site, so it carries the stylesheet inline and
//! the icon as a data URI, and links home with `base_url` (root-relative without it).

use super::builtin::BUILTIN_ASSETS;
use super::pages::{bodiless, Pages};
use super::views::*;
use super::OutputFile;
use crate::diag::Diagnostics;
use crate::model::urls;

impl Pages<'_> {
    /// A built-in asset, or the site's file of the same name in `templates/`.
    fn asset(&self, name: &str) -> &str {
        self.look
            .overrides
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .or_else(|| {
                BUILTIN_ASSETS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| *t)
            })
            .unwrap_or("")
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
            social: None,
            ..self.r.view("404", "", urls::NOT_FOUND, &title, "", &empty)
        };
        self.r.page("404.html", urls::NOT_FOUND, view, |c| {
            c.insert("home", &home);
            c.insert("inline_css", self.look.assets.inline_css());
            c.insert("favicon", &svg_data_uri(self.asset("favicon.svg")));
        })
    }
}
