//! How the timeline is spread over pages: one page, or (past `[timeline] by_year_above`
//! events) an index page and a page per year, so a timeline of thousands of events never
//! makes one page of megabytes. The paths themselves are [`urls`]' own.

use std::ops::Range;

use super::{urls, Doc};
use crate::parse::config::TimelineSettings;
use crate::parse::frontmatter::EventMeta;

pub use urls::TimelineLayout;

/// The id of the heading of the site's `index`-th event (0-based, oldest first): what
/// the event's permalink and the back-links of the sources it cites name it by
/// (`aria-labelledby`, `aria-describedby`) instead of repeating its title in hidden
/// text. Short, as it is written three times per event (issue 16: a timeline's hidden
/// copies of its titles were a tenth of its bytes).
pub fn event_heading_id(index: usize) -> String {
    format!("d_e{}", index + 1)
}

/// One page of events: its output path, the year it shows (none: every year, on one
/// page) and which of the site's events (oldest first) are on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelinePart {
    pub path: String,
    pub year: Option<i32>,
    pub events: Range<usize>,
}

/// The layout a timeline of these events takes under `settings`, and its pages.
pub fn pages(
    settings: TimelineSettings,
    events: &[Doc<EventMeta>],
) -> (TimelineLayout, Vec<TimelinePart>) {
    let layout = layout(settings, events);
    (layout, parts(layout, events))
}

/// The layout a timeline of these events takes under `settings`.
fn layout(settings: TimelineSettings, events: &[Doc<EventMeta>]) -> TimelineLayout {
    if events.len() > settings.by_year_above {
        TimelineLayout::ByYear
    } else {
        TimelineLayout::OnePage
    }
}

/// The pages of events, in order. `events` are sorted oldest first, so each year's
/// events are one run. A timeline with no events still has its one (empty) page.
pub fn parts(layout: TimelineLayout, events: &[Doc<EventMeta>]) -> Vec<TimelinePart> {
    if layout == TimelineLayout::OnePage {
        return vec![TimelinePart {
            path: urls::TIMELINE.to_string(),
            year: None,
            events: 0..events.len(),
        }];
    }
    let mut parts: Vec<TimelinePart> = vec![];
    for (i, e) in events.iter().enumerate() {
        let year = e.meta.date.year;
        match parts.last_mut() {
            Some(p) if p.year == Some(year) => p.events.end = i + 1,
            _ => parts.push(TimelinePart {
                path: layout.page_of(year),
                year: Some(year),
                events: i..i + 1,
            }),
        }
    }
    parts
}
