//! The places of `content/places.toml` as the site uses them: looked up by id, each with
//! the published events that name it, so maps can link their markers and exports can
//! leave out what only drafts use. Checks that every event's `places` are known, and
//! that each place's `names` are for editions the site has; an edition's places carry
//! its own names (the edition's tag, else its language, else `name`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::config::Config;
use crate::parse::frontmatter::{EventMeta, Place};

use super::documents::Documents;
use super::urls::{self, TimelineLayout};
use super::Doc;

/// An event that names a place: what a map's list links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceEvent {
    pub slug: String,
    pub title: String,
    /// The event's entry, from the site's root (`timeline/index.html#slug`, or its
    /// year's page when the timeline is split by year).
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Places {
    /// In file order.
    pub list: Vec<Place>,
    pub index: BTreeMap<String, usize>,
    /// Per place (same order as `list`): the site's events that name it, in timeline
    /// order.
    pub events: Vec<Vec<PlaceEvent>>,
    /// False when places.toml failed to parse (then ids are not checked against it).
    pub readable: bool,
    /// `content/places.toml` (path, text), for diagnostics that point into it.
    pub file: Option<(PathBuf, Arc<str>)>,
}

impl Places {
    /// `events` in timeline order (drafts already left out unless they are shown).
    pub fn new(
        list: Vec<Place>,
        readable: bool,
        file: Option<(PathBuf, Arc<str>)>,
        (events, layout): (&[Doc<EventMeta>], TimelineLayout),
        diags: &mut Diagnostics,
    ) -> Places {
        let index: BTreeMap<String, usize> = list
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut used: Vec<Vec<PlaceEvent>> = vec![vec![]; list.len()];
        let places = Places {
            list,
            index,
            events: vec![],
            readable,
            file,
        };
        for e in events {
            for r in &e.meta.places {
                match places.index.get(&r.id) {
                    Some(&p) if used[p].last().is_none_or(|l| l.slug != e.slug) => {
                        used[p].push(PlaceEvent {
                            slug: e.slug.clone(),
                            title: e.meta.title.clone(),
                            url: urls::event(layout, e.meta.date.year, &e.slug),
                        });
                    }
                    Some(_) => {}
                    None if readable => {
                        diags.push(places.unknown(&r.id).at(&e.file, &e.text, r.span.clone()))
                    }
                    None => {}
                }
            }
        }
        Places {
            events: used,
            ..places
        }
    }

    /// The places of `docs` (taken from it), checked against its events, named as
    /// `config`'s edition names them.
    pub(super) fn from_documents(
        docs: &mut Documents<'_>,
        (config, layout): (&Config, TimelineLayout),
        diags: &mut Diagnostics,
    ) -> Places {
        let file = docs
            .places_file
            .map(|f| (f.rel_path.clone(), f.text.clone()));
        let mut list = std::mem::take(&mut docs.places);
        match &config.edition_of {
            Some(_) => edition_names(&mut list, &config.language),
            None => {
                if let Some((path, text)) = &file {
                    diags.extend(unknown_editions(&list, config, path, text));
                }
            }
        }
        let events = (docs.events.as_slice(), layout);
        Places::new(list, docs.places_readable, file, events, diags)
    }

    pub fn get(&self, id: &str) -> Option<&Place> {
        self.index.get(id).map(|&i| &self.list[i])
    }

    /// The error for an id that is not in places.toml, with a hint (place it yourself).
    pub fn unknown(&self, id: &str) -> Diagnostic {
        let hint = match crate::diag::closest(id, self.index.keys().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "add it to content/places.toml: [[place]] with id = \"{id}\", name, lat, lon and precision"
            ),
        };
        Diagnostic::error(Class::Content, format!("unknown place `{id}`")).with_hint(hint)
    }
}

/// A language tag's language (`ar-IQ` → `ar`), lowercased.
fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

/// Gives each place its name in the edition `tag`: the name for the tag itself, else
/// for its language, else the original's.
fn edition_names(list: &mut [Place], tag: &str) {
    let language = primary(tag);
    for p in list {
        let exact = p.names.iter().find(|n| n.tag.eq_ignore_ascii_case(tag));
        let lang = || {
            p.names
                .iter()
                .find(|n| n.tag.eq_ignore_ascii_case(&language))
        };
        if let Some(n) = exact.or_else(lang) {
            p.name = n.name.clone();
        }
    }
}

/// An error for each name given for a tag that is neither an edition of the site nor
/// the language of one.
fn unknown_editions(
    list: &[Place],
    config: &Config,
    path: &std::path::Path,
    text: &str,
) -> Vec<Diagnostic> {
    let tags: Vec<&str> = config.editions.iter().map(|e| e.tag.as_str()).collect();
    let known = |t: &str| {
        tags.iter()
            .any(|e| e.eq_ignore_ascii_case(t) || primary(e) == t.to_ascii_lowercase())
    };
    let declared = if tags.is_empty() {
        "the site declares no edition".to_string()
    } else {
        format!("declared editions: `{}`", tags.join("`, `"))
    };
    list.iter()
        .flat_map(|p| p.names.iter().map(move |n| (p, n)))
        .filter(|(_, n)| !known(&n.tag))
        .map(|(p, n)| {
            Diagnostic::error(
                Class::Content,
                format!(
                    "place `{}` has a name for `{}`, which is not an edition of the site",
                    p.id, n.tag
                ),
            )
            .with_hint(format!(
                "{declared}; a name is given for an edition's tag (ar-IQ) or its language (ar), or declare [languages.{}] in dossier.toml",
                n.tag
            ))
            .at(path, text, n.span.clone())
        })
        .collect()
}
