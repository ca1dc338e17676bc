//! The site's credits list (CONTENT.md: "every credited image is also listed, with its
//! credit and licence, in a credits section"; issue 22, point 8): each credited image
//! once, from figures and from pages' social `image`s, with links to every page that
//! shows it. It is the page `content/pages/credits.md` when a site writes one (its text
//! first), else a generated `credits/` page; either is linked from every footer. A site
//! with no image in `static/` has neither.

use serde::Serialize;

use super::pages::{bodiless, Pages};
use super::social::{CREDITS_TITLE, GLOSSARY_TITLE};
use super::views::{LinkView, PageView};
use super::OutputFile;
use crate::diag::Diagnostics;
use crate::markdown::Credit;
use crate::model::{urls, Site};

/// One credited image and where it appears.
#[derive(Serialize)]
pub(super) struct CreditEntry {
    pub(super) what: String,
    pub(super) credit: String,
    pub(super) license: Option<String>,
    /// The pages that show it, from the site root (prefix `page.root`).
    pub(super) places: Vec<LinkView>,
}

/// Whether the build writes the generated `credits/` page: the site has images, and no
/// page of its own takes the list.
pub(super) fn generated(site: &Site) -> bool {
    !site.images.map.is_empty() && !site.pages.iter().any(|d| d.slug == urls::CREDITS_SLUG)
}

/// The footer's link to the list, when the generated page exists.
pub(super) fn footer_link(site: &Site) -> Option<super::standalone::PageLink<'static>> {
    generated(site).then(|| super::standalone::PageLink {
        title: site.strings.get(CREDITS_TITLE).into(),
        url: urls::CREDITS.to_string(),
    })
}

/// A page's social image as a credit, when it has one (the model made sure it is
/// credited in its sidecar).
fn social_credit(
    site: &Site,
    image: Option<&crate::parse::frontmatter::SocialImage>,
) -> Option<Credit> {
    let image = image?;
    let side = site.images.get(&image.path)?.sidecar.as_ref()?;
    Some(Credit {
        image: image.path.clone(),
        what: image.alt.clone(),
        credit: side.credit.clone()?,
        license: side.license.clone(),
    })
}

impl Pages<'_> {
    /// Each page that may show credited images (path, title) with their credits, in
    /// site order; a page's social image first.
    fn credits_by_page(&self) -> Vec<(String, String, Vec<Credit>)> {
        let (site, c) = (self.site, self.composed);
        let mut shown = vec![];
        let mut add = |path: String, title: &str, credits: &[Credit], own: Option<Credit>| {
            let mut all: Vec<Credit> = own.into_iter().collect();
            all.extend(credits.iter().cloned());
            shown.push((path, title.to_string(), all));
        };
        let e = &site.explainer;
        let own = |image| social_credit(site, image);
        add(
            urls::EXPLAINER.into(),
            &e.meta.title,
            &c.explainer.credits,
            own(e.meta.image.as_ref()),
        );
        for (d, p) in site.background.iter().zip(&c.background) {
            add(
                urls::background(&d.slug),
                &d.meta.title,
                &p.credits,
                own(d.meta.image.as_ref()),
            );
        }
        for (part, page) in site.timeline_parts.iter().zip(&c.timeline_pages) {
            let title = super::social::timeline_title(site, part.year);
            add(part.path.clone(), &title, &page.credits, None);
        }
        add(
            urls::GLOSSARY.into(),
            &site.strings.get(GLOSSARY_TITLE),
            &c.glossary_credits,
            None,
        );
        for (d, p) in site.pages.iter().zip(&c.pages) {
            add(
                urls::page(&d.slug),
                &d.meta.title,
                &p.credits,
                own(d.meta.image.as_ref()),
            );
        }
        shown
    }

    /// Every credited image of the site, once, in the order pages first show them.
    pub(super) fn credit_entries(&self) -> Vec<CreditEntry> {
        let mut entries: Vec<(String, CreditEntry)> = vec![];
        for (path, title, credits) in self.credits_by_page() {
            for credit in credits {
                let place = LinkView {
                    label: title.clone(),
                    url: path.clone(),
                };
                match entries.iter_mut().find(|(image, _)| *image == credit.image) {
                    Some((_, entry)) if entry.places.iter().any(|p| p.url == path) => {}
                    Some((_, entry)) => entry.places.push(place),
                    None => entries.push((
                        credit.image.clone(),
                        CreditEntry {
                            what: credit.what,
                            credit: credit.credit,
                            license: credit.license,
                            places: vec![place],
                        },
                    )),
                }
            }
        }
        entries.into_iter().map(|(_, e)| e).collect()
    }

    /// The generated `credits/` page, when the site has one (see [`generated`]).
    pub(super) fn credits_page(&self) -> Result<Option<OutputFile>, Diagnostics> {
        if !generated(self.site) {
            return Ok(None);
        }
        let empty = bodiless(vec![], &[]);
        let strings = &self.site.strings;
        let (title, summary) = (strings.get(CREDITS_TITLE), strings.get("credits-summary"));
        let view: PageView<'_> = self.r.view(
            "page",
            urls::ROOT_PAGE,
            urls::CREDITS,
            &title,
            &summary,
            &empty,
        );
        let entries = self.credit_entries();
        self.r
            .page("page.html", urls::CREDITS, view, |ctx| {
                ctx.insert("credits_list", &entries);
            })
            .map(Some)
    }
}
