//! Social images (CONTENT.md, `image`; issue 22, point 7): what link previews show for
//! each page. A page that names an `image` (the explainer, a background page, a page of
//! `content/pages/`) shows that file of `static/`, published like a figure through its
//! variants (so no EXIF or GPS leaves with it) and credited like one; every other page
//! shows a card drawn from its title (see `render::cards`).
//!
//! Here: the checks of each `image` against `static/`, each an error at the `image` line
//! (a missing file, a format previews cannot show, a missing credit), and the list of
//! images the site publishes this way.

use std::collections::BTreeSet;

use crate::diag::{closest, Class, Diagnostic, Diagnostics};
use crate::parse::frontmatter::{BackgroundMeta, ExplainerMeta, PageMeta, SocialImage};

use super::images::Images;
use super::{Doc, Site};

/// The formats every link preview shows (AVIF and SVG are not among them).
const PREVIEW_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// Reports every `image` of the explainer, the background pages and the pages that
/// cannot be a social image.
pub(super) fn check(
    explainer: &Doc<ExplainerMeta>,
    (background, pages): (&[Doc<BackgroundMeta>], &[Doc<PageMeta>]),
    images: &Images,
    diags: &mut Diagnostics,
) {
    let all = std::iter::once((
        explainer.file.as_path(),
        &*explainer.text,
        explainer.meta.image.as_ref(),
    ))
    .chain(
        background
            .iter()
            .map(|d| (d.file.as_path(), &*d.text, d.meta.image.as_ref())),
    )
    .chain(
        pages
            .iter()
            .map(|d| (d.file.as_path(), &*d.text, d.meta.image.as_ref())),
    );
    for (file, text, image) in all {
        let Some(image) = image else { continue };
        if let Some((message, hint)) = problem(image, images) {
            diags.push(
                Diagnostic::error(Class::Content, message)
                    .at(file, text, image.span.clone())
                    .with_hint(hint),
            );
        }
    }
}

/// What is wrong with `image` as a social image, if anything: (message, hint).
fn problem(image: &SocialImage, images: &Images) -> Option<(String, String)> {
    let path = &image.path;
    let Some(info) = images.get(path) else {
        let hint = match closest(path, images.paths()) {
            Some(near) => format!("did you mean `{near}`? Image paths are relative to static/"),
            None => format!("put the image at static/{path} (jpg, png or webp)"),
        };
        return Some((format!("image `{path}` is not in static/"), hint));
    };
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !PREVIEW_EXTENSIONS.contains(&ext.as_str()) {
        return Some((
            format!("`{path}` cannot be a social image: link previews show JPEG, PNG or WebP"),
            "save a JPEG or PNG of it (1200×630 suits most previews), or remove `image` to get a drawn card".to_string(),
        ));
    }
    if info.size.is_none() {
        return Some((
            format!("cannot read the size of image `{path}`"),
            "the file may be damaged, or not the format its name says; open and save it again"
                .to_string(),
        ));
    }
    let credited = info
        .sidecar
        .as_ref()
        .and_then(|s| s.credit.as_deref())
        .is_some_and(|c| !c.trim().is_empty());
    if !credited && !info.sidecar_broken {
        return Some((
            format!("image `{path}` has no credit"),
            format!("add credit = \"…\" to static/{path}.toml: a social image is credited on the credits page like a figure"),
        ));
    }
    None
}

/// Every page's own social image, in page order: explainer, background, pages.
pub fn images(site: &Site) -> impl Iterator<Item = &SocialImage> {
    std::iter::once(site.explainer.meta.image.as_ref())
        .chain(site.background.iter().map(|d| d.meta.image.as_ref()))
        .chain(site.pages.iter().map(|d| d.meta.image.as_ref()))
        .flatten()
}

/// The paths (relative to `static/`) of every social image the site publishes.
pub fn used(site: &Site) -> BTreeSet<String> {
    images(site).map(|i| i.path.clone()).collect()
}
