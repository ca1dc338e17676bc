//! What each page's link preview shows (`og:image`, `twitter:image`): the page's own
//! `image` (its widest variant in the original's format), or its drawn card (see
//! [`super::cards`]). Previews need absolute URLs, so without `base_url` a page names
//! none and no card is drawn.

use serde::Serialize;

use super::cards::{self, Card};
use crate::model::variants::Plan;
use crate::model::{urls, Site};
use crate::parse::frontmatter::SocialImage;

/// The titles of the pages that have no title of their own, shared with their cards:
/// keys of the edition's interface strings.
pub(super) const BACKGROUND_TITLE: &str = "nav-background";
pub(super) const TIMELINE_TITLE: &str = "nav-timeline";
pub(super) const GLOSSARY_TITLE: &str = "nav-glossary";
pub(super) const CREDITS_TITLE: &str = "credits-title";

/// The title of the timeline's page of `year` (none: the timeline, or its index).
pub(super) fn timeline_title(site: &Site, year: Option<i32>) -> String {
    let strings = &site.strings;
    match year {
        None => strings.get(TIMELINE_TITLE),
        Some(y) => strings.with("timeline-year-title", &[("year", y.to_string().into())]),
    }
}

/// A page's social image, for its `og:image` tags.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub(super) struct SocialView {
    /// Absolute: `base_url` and the file's path.
    pub(super) url: String,
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) alt: String,
}

/// The card of the page at `path` titled `title`.
pub(super) fn card_view(site: &Site, path: &str, title: &str) -> Option<SocialView> {
    let base = site.config.base_url.as_deref()?;
    Some(SocialView {
        url: format!("{base}{}", urls::social_card(path)),
        width: cards::WIDTH,
        height: cards::HEIGHT,
        alt: format!("{title} · {}", site.config.title),
    })
}

/// A page's own `image`: the widest variant in the original's format (JPEG, PNG or
/// WebP, which every preview shows), as published for figures.
pub(super) fn image_view(site: &Site, image: &SocialImage) -> Option<SocialView> {
    let base = site.config.base_url.as_deref()?;
    let info = site.images.get(&image.path)?;
    let plan = Plan::new(&image.path, info.size?, &site.images.settings)?;
    let widest = plan.of_format(plan.fallback()).last()?;
    Some(SocialView {
        url: format!("{base}{}", widest.path),
        width: widest.width,
        height: widest.height,
        alt: image.alt.clone(),
    })
}

/// A page's social image: its own `image`, else its card.
pub(super) fn own(
    site: &Site,
    image: &Option<SocialImage>,
    path: &str,
    title: &str,
) -> Option<SocialView> {
    match image {
        Some(i) => image_view(site, i),
        None => card_view(site, path, title),
    }
}

/// Every card the site's pages link (by path in the output), in page order; none
/// without `base_url`.
pub fn cards(site: &Site) -> Vec<(String, Card)> {
    if site.config.base_url.is_none() {
        return vec![];
    }
    let card = |path: &str, title: &str| {
        (
            urls::social_card(path),
            Card {
                title: title.to_string(),
                site: site.config.title.clone(),
            },
        )
    };
    let mut out = vec![];
    if site.explainer.meta.image.is_none() {
        out.push(card(urls::EXPLAINER, &site.explainer.meta.title));
    }
    out.push(card(
        urls::BACKGROUND_INDEX,
        &site.strings.get(BACKGROUND_TITLE),
    ));
    for d in site.background.iter().filter(|d| d.meta.image.is_none()) {
        out.push(card(&urls::background(&d.slug), &d.meta.title));
    }
    out.push(card(urls::TIMELINE, &site.strings.get(TIMELINE_TITLE)));
    for part in &site.timeline_parts {
        if let Some(year) = part.year {
            out.push(card(&part.path, &timeline_title(site, Some(year))));
        }
    }
    out.push(card(urls::GLOSSARY, &site.strings.get(GLOSSARY_TITLE)));
    for d in site.pages.iter().filter(|d| d.meta.image.is_none()) {
        out.push(card(&urls::page(&d.slug), &d.meta.title));
    }
    if super::credits::generated(site) {
        out.push(card(urls::CREDITS, &site.strings.get(CREDITS_TITLE)));
    }
    out
}
