//! The state of one output page that every body rendered onto it shares: citation
//! numbers, element ids, footnote numbering, linked terms and mentions. It holds values
//! only; the adapters in `events` decide when they change.

use std::collections::{BTreeMap, BTreeSet};

use super::Mention;
use crate::model::targets::Mentioned;
use crate::parse::body::ElementIds;

/// Numbered citations of one page, in order of first use. Citing a source again reuses
/// its number.
#[derive(Debug, Default, Clone)]
pub struct Citations {
    order: Vec<String>,
    /// Per source: its number, and the section each citation of it sits in (title, and
    /// the id of what names it), in order.
    uses: BTreeMap<String, (usize, Vec<Section>)>,
    /// The numbers cited since [`Citations::take_recent`] last ran, in order, repeats
    /// included: what one timeline event or glossary term cites (see `compose::entry`).
    /// Numbers, not ids, and no search for repeats here: a long page cites thousands of
    /// times and never takes them.
    recent: Vec<usize>,
}

/// The section a citation sits in: its title, and the id of the element naming it.
type Section = (Option<String>, Option<String>);

/// A source as cited on a page: its number and the places that cite it.
#[derive(Debug, Clone)]
pub struct Cited {
    pub id: String,
    pub number: usize,
    /// The ids of the citing places, in page order.
    pub backrefs: Vec<String>,
    /// The title of the section each citing place sits in (`None`: before the first
    /// heading, or outside the body), so a back-link can say where it goes.
    pub sections: Vec<Option<String>>,
    /// For each citing place, the id of the element that names its section
    /// ([`PageState::section_label`]).
    pub labels: Vec<Option<String>>,
}

impl Citations {
    /// Records one citation of `id`, in the section titled `section` (named by the
    /// element `label`, if any); returns its number and the id of this citing place.
    pub fn cite(
        &mut self,
        id: &str,
        section: Option<&str>,
        label: Option<&str>,
    ) -> (usize, String) {
        let next = self.order.len() + 1;
        let entry = self.uses.entry(id.to_string()).or_insert((next, vec![]));
        if entry.0 == next {
            self.order.push(id.to_string());
        }
        entry
            .1
            .push((section.map(str::to_string), label.map(str::to_string)));
        self.recent.push(entry.0);
        (entry.0, format!("cite_{}_{}", entry.0, entry.1.len()))
    }

    /// The ids cited since the last call, each once, in order of first citation.
    pub fn take_recent(&mut self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        std::mem::take(&mut self.recent)
            .into_iter()
            .filter(|n| seen.insert(*n))
            .map(|n| self.order[n - 1].clone())
            .collect()
    }

    pub fn list(&self) -> Vec<Cited> {
        self.order
            .iter()
            .map(|id| {
                let (number, sections) = &self.uses[id];
                Cited {
                    id: id.clone(),
                    number: *number,
                    backrefs: (1..=sections.len())
                        .map(|k| format!("cite_{number}_{k}"))
                        .collect(),
                    sections: sections.iter().map(|s| s.0.clone()).collect(),
                    labels: sections.iter().map(|s| s.1.clone()).collect(),
                }
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// A credited image shown on a page, for its credits section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Credit {
    /// The image, relative to `static/`: the site's credits list groups by it.
    pub image: String,
    /// What the image shows (its alt text).
    pub what: String,
    pub credit: String,
    pub license: Option<String>,
}

/// State shared by all markdown rendered onto one output page.
#[derive(Debug, Clone)]
pub struct PageState {
    /// Relative path from this page to the site root: `""`, `"../"`, `"../../"`.
    pub root: String,
    pub citations: Citations,
    /// Terms already linked on this page (each is linked once).
    pub(super) linked_terms: BTreeSet<usize>,
    /// Element ids in use on the page, so headings and footnotes never collide.
    pub(super) ids: ElementIds,
    /// Footnotes numbered so far, so the next body's ids continue after them.
    pub(super) footnotes: usize,
    /// Tables so far, to name each one's scroll region.
    pub(super) tables: usize,
    /// The section being rendered (id, title): set by headings, or by the caller for a
    /// timeline event or glossary entry.
    pub section: Option<(String, String)>,
    /// The id of an element of the page whose text is the section's title and nothing
    /// else (a timeline event's heading), for screen readers to be pointed at; `None`
    /// where there is none (a heading of the body also holds its anchor's label).
    pub section_label: Option<String>,
    /// Terms and events mentioned on the page, in order.
    pub mentions: Vec<Mention>,
    /// Figures drawn so far: the first loads at once, the others lazily (below the
    /// first screen, where readers scroll to them).
    pub(super) figures: usize,
    /// The raster images of `static/` shown on the page: published only as variants.
    pub images_used: BTreeSet<String>,
    /// The credited images shown on the page, in order, each once.
    pub credits: Vec<Credit>,
    /// The places the page's `map` blocks show, by id.
    pub places_used: BTreeSet<String>,
}

impl PageState {
    pub fn new(root: &str) -> PageState {
        PageState {
            root: root.to_string(),
            citations: Citations::default(),
            linked_terms: BTreeSet::new(),
            ids: ElementIds::new(),
            footnotes: 0,
            tables: 0,
            section: None,
            section_label: None,
            mentions: vec![],
            figures: 0,
            images_used: BTreeSet::new(),
            credits: vec![],
            places_used: BTreeSet::new(),
        }
    }

    /// Records a mention in the current section, once.
    pub(super) fn mention(&mut self, target: Mentioned) {
        let m = Mention {
            target,
            section: self.section.clone(),
        };
        if !self.mentions.contains(&m) {
            self.mentions.push(m);
        }
    }

    /// Reserves an id (an event's or a term's slug) so no heading takes it.
    pub fn reserve_id(&mut self, id: &str) {
        self.ids.reserve(id);
    }

    /// Marks a term as linked (e.g. the glossary page's own entries are never linked).
    pub fn mark_term_linked(&mut self, term: usize) {
        self.linked_terms.insert(term);
    }
}
