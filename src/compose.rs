//! Compose: render every markdown body onto the output page it belongs to.
//!
//! Citation numbers, glossary "first mention" and element ids are per output page, so the
//! bodies of one page (the timeline's events, the glossary's terms) are rendered in page
//! order with one shared [`PageState`]. Separate pages are independent and rendered in
//! parallel. Pure: model in, HTML fragments and diagnostics out.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::frontmatter::SourceRef;
use crate::markdown::{self, Body, Cited, PageState, Refs, TocEntry};
use crate::site::{Doc, Site};

/// A source mark shown under an event or term, or after a page: `[n]` with its id.
#[derive(Debug, Clone)]
pub struct Mark {
    pub number: usize,
    pub backref: String,
}

#[derive(Debug, Clone)]
pub struct ComposedPage {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Marks for the frontmatter `sources` list.
    pub marks: Vec<Mark>,
    pub cited: Vec<Cited>,
}

#[derive(Debug, Clone)]
pub struct ComposedEntry {
    pub html: String,
    pub marks: Vec<Mark>,
}

pub struct Composed {
    pub explainer: ComposedPage,
    pub background: Vec<ComposedPage>,
    pub events: Vec<ComposedEntry>,
    pub timeline_cited: Vec<Cited>,
    pub terms: Vec<ComposedEntry>,
    pub glossary_cited: Vec<Cited>,
}

/// Depth of each page kind below the site root, as a relative prefix.
pub const ROOT_EXPLAINER: &str = "";
pub const ROOT_SECTION: &str = "../";
pub const ROOT_BACKGROUND_PAGE: &str = "../../";

pub fn compose(site: &Site) -> (Composed, Diagnostics) {
    let source_ids: BTreeSet<String> = site.source_index.keys().cloned().collect();
    let refs = Refs {
        pages: &site.link_targets,
        source_ids: &source_ids,
        glossary: &site.glossary,
    };
    let mut diags = Diagnostics::default();

    let explainer = page(&site.explainer, &[], ROOT_EXPLAINER, &refs, &mut diags);

    let results: Vec<(ComposedPage, Vec<Diagnostic>)> = site
        .background
        .par_iter()
        .map(|d| {
            let mut local = Diagnostics::default();
            let p = page(d, &d.meta.sources, ROOT_BACKGROUND_PAGE, &refs, &mut local);
            (p, local.0)
        })
        .collect();
    let mut background = Vec::with_capacity(results.len());
    for (p, d) in results {
        background.push(p);
        diags.extend(d);
    }

    // The timeline page: every event on one page, ids reserved first so no heading in an
    // event body can take an event's id.
    let mut state = PageState::new(ROOT_SECTION);
    for e in &site.events {
        state.reserve_id(&e.slug);
    }
    let mut events = Vec::with_capacity(site.events.len());
    for e in &site.events {
        let sources = e.meta.sources.as_deref().unwrap_or(&[]);
        events.push(entry(e, sources, 4, None, &refs, &mut state, &mut diags));
    }
    let timeline_cited = state.citations.list();

    let mut state = PageState::new(ROOT_SECTION);
    for t in &site.terms {
        state.reserve_id(&t.slug);
    }
    for letter in letters(site) {
        state.reserve_id(&letter_id(letter));
    }
    let mut terms = Vec::with_capacity(site.terms.len());
    for (i, t) in site.terms.iter().enumerate() {
        terms.push(entry(
            t,
            &t.meta.sources,
            4,
            Some(i),
            &refs,
            &mut state,
            &mut diags,
        ));
    }
    let glossary_cited = state.citations.list();

    let composed = Composed {
        explainer,
        background,
        events,
        timeline_cited,
        terms,
        glossary_cited,
    };
    uncited_sources(site, &composed, &mut diags);
    (composed, diags)
}

fn page<M>(
    d: &Doc<M>,
    sources: &[SourceRef],
    root: &str,
    refs: &Refs<'_>,
    diags: &mut Diagnostics,
) -> ComposedPage {
    let mut state = PageState::new(root);
    let r = markdown::render(
        &Body {
            file: &d.file,
            text: &d.text,
            offset: d.body_offset,
            heading_floor: 2,
            own_term: None,
        },
        refs,
        &mut state,
    );
    diags.extend(r.diagnostics);
    let marks = marks(sources, refs, &mut state);
    ComposedPage {
        html: r.html,
        toc: r.toc,
        marks,
        cited: state.citations.list(),
    }
}

fn entry<M>(
    d: &Doc<M>,
    sources: &[SourceRef],
    heading_floor: u8,
    own_term: Option<usize>,
    refs: &Refs<'_>,
    state: &mut PageState,
    diags: &mut Diagnostics,
) -> ComposedEntry {
    let r = markdown::render(
        &Body {
            file: &d.file,
            text: &d.text,
            offset: d.body_offset,
            heading_floor,
            own_term,
        },
        refs,
        state,
    );
    diags.extend(r.diagnostics);
    ComposedEntry {
        html: r.html,
        marks: marks(sources, refs, state),
    }
}

/// Cites each known id of a frontmatter `sources` list (unknown ids were reported by the
/// model already).
fn marks(sources: &[SourceRef], refs: &Refs<'_>, state: &mut PageState) -> Vec<Mark> {
    let mut seen = BTreeSet::new();
    sources
        .iter()
        .filter(|s| refs.source_ids.contains(&s.id) && seen.insert(s.id.as_str()))
        .map(|s| {
            let (number, backref) = state.citations.cite(&s.id);
            Mark { number, backref }
        })
        .collect()
}

/// First letters of the glossary's terms, A–Z, for jump links.
pub fn letters(site: &Site) -> Vec<char> {
    let mut out: Vec<char> = site.terms.iter().map(|t| letter_of(&t.meta.term)).collect();
    out.dedup();
    out
}

pub fn letter_of(term: &str) -> char {
    let first = deunicode::deunicode(term)
        .chars()
        .find(|c| c.is_alphanumeric())
        .unwrap_or('#');
    if first.is_ascii_alphabetic() {
        first.to_ascii_uppercase()
    } else {
        '#'
    }
}

pub fn letter_id(letter: char) -> String {
    if letter == '#' {
        "letter-other".into()
    } else {
        format!("letter-{}", letter.to_ascii_lowercase())
    }
}

fn uncited_sources(site: &Site, composed: &Composed, diags: &mut Diagnostics) {
    let mut cited: BTreeSet<&str> = BTreeSet::new();
    let lists = std::iter::once(&composed.explainer.cited)
        .chain(composed.background.iter().map(|p| &p.cited))
        .chain([&composed.timeline_cited, &composed.glossary_cited]);
    for list in lists {
        cited.extend(list.iter().map(|c| c.id.as_str()));
    }
    let Some(file) = site.sources_file.as_ref() else {
        return;
    };
    // One index for the whole file: a registry of 10,000 sources nobody cites yet is valid,
    // and locating each warning from the top of the file was quadratic.
    let lines = LineIndex::new(&file.1);
    for s in &site.sources {
        if !cited.contains(s.id.as_str()) {
            diags.push(
                Diagnostic::warning(format!("source `{}` is not cited anywhere", s.id))
                    .at_indexed(&file.0, &lines, s.id_span.clone())
                    .with_hint(format!(
                        "cite it with [@{}] where it supports a claim, or remove it",
                        s.id
                    )),
            );
        }
    }
}
