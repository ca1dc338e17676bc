//! The timeline's pages of events (one, or one per year: `model::timeline`), each
//! composed with its own [`PageState`]: citation numbers, first mentions and element
//! ids are per output page, and so is the root a body's relative links start from.
//! Pages are independent, so they are composed in parallel and joined in order.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::{entry, ComposedEntry};
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::{Cited, Credit, Mention, PageState, Refs};
use crate::model::timeline::TimelinePart;
use crate::model::Site;

/// What one page of events cites and credits, for its lists at the end.
#[derive(Debug, Clone, Default)]
pub struct TimelinePage {
    pub cited: Vec<Cited>,
    pub credits: Vec<Credit>,
}

/// Every event composed (in the site's order), and per page (in `site.timeline_parts`'
/// order) what it cites and mentions.
pub(super) struct TimelineComposed {
    pub(super) entries: Vec<ComposedEntry>,
    pub(super) pages: Vec<TimelinePage>,
    pub(super) mentions: Vec<Vec<Mention>>,
    pub(super) images_used: BTreeSet<String>,
    /// The places the events' `map` blocks show, by id.
    pub(super) places_used: BTreeSet<String>,
}

/// Composes every page of events.
pub(super) fn timeline_pages(
    site: &Site,
    refs: &Refs<'_>,
    diags: &mut Diagnostics,
) -> TimelineComposed {
    let parts: Vec<_> = site
        .timeline_parts
        .par_iter()
        .map(|part| {
            let mut local = Diagnostics::default();
            let composed = timeline_part(site, part, refs, &mut local);
            (composed, local)
        })
        .collect();
    let mut all = TimelineComposed {
        entries: Vec::with_capacity(site.events.len()),
        pages: Vec::with_capacity(parts.len()),
        mentions: Vec::with_capacity(parts.len()),
        images_used: BTreeSet::new(),
        places_used: BTreeSet::new(),
    };
    for ((entries, state), local) in parts {
        diags.extend(local.0);
        all.entries.extend(entries);
        all.mentions.push(state.mentions);
        all.images_used.extend(state.images_used);
        all.places_used.extend(state.places_used);
        all.pages.push(TimelinePage {
            cited: state.citations.list(),
            credits: state.credits,
        });
    }
    all
}

/// One page of events, its ids reserved first so no heading in an event body can take
/// an event's id.
fn timeline_part(
    site: &Site,
    part: &TimelinePart,
    refs: &Refs<'_>,
    diags: &mut Diagnostics,
) -> (Vec<ComposedEntry>, PageState) {
    let events = &site.events[part.events.clone()];
    let mut state = PageState::new(site.timeline.root());
    for e in events {
        state.reserve_id(&e.slug);
    }
    let mut entries = Vec::with_capacity(events.len());
    for (i, e) in part.events.clone().zip(events) {
        let sources = e.meta.sources.as_deref().unwrap_or(&[]);
        state.section = Some((e.slug.clone(), e.meta.title.clone()));
        state.section_label = Some(crate::model::timeline::event_heading_id(i));
        entries.push(entry(e, sources, 4, None, refs, &mut state, diags));
        let unsourced = entries
            .last()
            .is_some_and(|e: &ComposedEntry| !e.cites && e.marks.is_empty());
        if unsourced && e.meta.sources.is_none() {
            diags.push(
                Diagnostic::warning("timeline event has no sources")
                    .at(&e.file, &e.text, e.meta.date_span.clone())
                    .with_hint("cite one in its text, `[@S1]`, or add `sources = [\"S1\"]` with ids from content/sources.toml"),
            );
        }
    }
    (entries, state)
}
