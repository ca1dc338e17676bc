//! The places of `content/places.toml` as the site uses them: looked up by id, each with
//! the published events that name it, so maps can link their markers and exports can
//! leave out what only drafts use. Checks that every event's `places` are known.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::frontmatter::{EventMeta, Place};

use super::documents::Documents;
use super::Doc;

/// An event that names a place: what a map's list links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceEvent {
    pub slug: String,
    pub title: String,
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
        events: &[Doc<EventMeta>],
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

    /// The places of `docs` (taken from it), checked against its events.
    pub(super) fn from_documents(docs: &mut Documents<'_>, diags: &mut Diagnostics) -> Places {
        let file = docs
            .places_file
            .map(|f| (f.rel_path.clone(), f.text.clone()));
        let list = std::mem::take(&mut docs.places);
        Places::new(list, docs.places_readable, file, &docs.events, diags)
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
