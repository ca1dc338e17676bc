//! What a page of a site with language editions shows about them: its other editions
//! (`hreflang` links, the language switcher, `og:locale:alternate`), and on a page of
//! an edition, whether it falls back to the original or is an older translation.

use std::path::Path;

use serde::Serialize;

use super::views::DateView;
use crate::model::{strings, urls, Site};

/// The same page in one edition.
#[derive(Serialize)]
pub(super) struct Alternate {
    /// BCP 47 tag: `en`, `ar-IQ`.
    pub(super) lang: String,
    /// `og:locale` form: `ar_IQ`.
    pub(super) locale: String,
    /// The language's own name: "English", "العربية".
    pub(super) name: String,
    pub(super) dir: &'static str,
    /// Relative URL from the current page.
    pub(super) url: String,
    /// Absolute URL, when the site has a `base_url`.
    pub(super) href: Option<String>,
    pub(super) current: bool,
}

/// The page at `path` (inside its edition) in every edition, the original first.
/// Empty for a site without editions.
pub(super) fn alternates(site: &Site, path: &str) -> Vec<Alternate> {
    let c = &site.config;
    if c.editions.is_empty() {
        return vec![];
    }
    let original = c.edition_of.as_deref().unwrap_or(&c.language);
    // From this page to the root of the whole site (an edition sits one folder down).
    let up = format!(
        "{}{}",
        urls::root_of(path),
        if c.edition_of.is_some() { "../" } else { "" }
    );
    let langs = std::iter::once((original, dir_of(original)))
        .chain(c.editions.iter().map(|e| (e.tag.as_str(), e.dir)));
    langs
        .map(|(lang, dir)| {
            let at = if lang == original {
                path.to_string()
            } else {
                urls::edition(lang, path)
            };
            Alternate {
                lang: lang.to_string(),
                locale: lang.replace('-', "_"),
                name: strings::autonym(lang),
                dir,
                url: format!("{up}{at}"),
                href: c.root_url().map(|b| format!("{b}{}", urls::public(&at))),
                current: lang == c.language,
            }
        })
        .collect()
}

fn dir_of(lang: &str) -> &'static str {
    crate::parse::config::direction(lang)
}

/// An edition's note on a page: the original shown untranslated, or a translation
/// older than its original.
#[derive(Serialize)]
pub(super) struct EditionNote {
    pub(super) fallback: bool,
    /// The original's language, for `lang` on the untranslated body.
    pub(super) original_lang: String,
    pub(super) original_dir: &'static str,
    pub(super) stale: Option<Stale>,
    /// The fields a translation shows in the original's words (see [`inherited`]).
    pub(super) inherited: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct Stale {
    pub(super) translated: DateView,
    pub(super) missing: Vec<Missing>,
    /// Relative URL of the original page.
    pub(super) original: String,
}

#[derive(Serialize)]
pub(super) struct Missing {
    pub(super) date: DateView,
    pub(super) kind: String,
    /// In the original's language.
    pub(super) summary: String,
}

/// The note for the page at `path` made from `file`; `None` in the original edition
/// and on an up-to-date translation that gives all its text fields.
pub(super) fn note(site: &Site, file: &Path, path: &str) -> Option<EditionNote> {
    let original = site.config.edition_of.as_ref()?;
    let original_dir = dir_of(original);
    if site.is_fallback(file) {
        return Some(EditionNote {
            fallback: true,
            original_lang: original.clone(),
            original_dir,
            stale: None,
            inherited: vec![],
        });
    }
    let t = site.translations.get(file)?;
    if !t.stale {
        return (!t.inherited.is_empty()).then(|| EditionNote {
            fallback: false,
            original_lang: original.clone(),
            original_dir,
            stale: None,
            inherited: t.inherited.clone(),
        });
    }
    let original_url = alternates(site, path)
        .into_iter()
        .next()
        .map(|a| a.url)
        .unwrap_or_default();
    Some(EditionNote {
        fallback: false,
        original_lang: original.clone(),
        original_dir,
        stale: Some(Stale {
            translated: DateView::new(t.translated, &site.strings),
            missing: t
                .missing
                .iter()
                .map(|c| Missing {
                    date: DateView::new(c.date, &site.strings),
                    kind: c.kind.clone(),
                    summary: c.summary.clone(),
                })
                .collect(),
            original: original_url,
        }),
        inherited: t.inherited.clone(),
    })
}

/// The text fields a translated entry shows in the original's words (the ones it does
/// not give): a template marks them with the original's `lang` (`site.original`).
pub(super) fn inherited(site: &Site, file: &Path) -> Vec<String> {
    site.translations
        .get(file)
        .map(|t| t.inherited.clone())
        .unwrap_or_default()
}

/// In an edition, the original's language and direction; `None` in the original.
pub(super) fn original(site: &Site) -> Option<(String, &'static str)> {
    let original = site.config.edition_of.as_ref()?;
    Some((original.clone(), dir_of(original)))
}

/// An entry of the timeline or glossary shown untranslated in an edition: the
/// original's language and direction, for `lang` and `dir` on it.
pub(super) fn fallback(site: &Site, file: &Path) -> Option<(String, &'static str)> {
    let original = site.config.edition_of.as_ref()?;
    site.is_fallback(file)
        .then(|| (original.clone(), dir_of(original)))
}
