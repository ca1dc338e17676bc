//! Tables: each scrolls sideways in its own region, never the page, and takes its
//! caption from a paragraph written directly before it that starts with `Table:` (as
//! Pandoc, Quarto and MultiMarkdown editors write one).
//!
//! The region is focusable (a keyboard can scroll it: axe's `scrollable-region-focusable`)
//! and named, by its caption when it has one, else by its number on the page and the
//! section it is in, so a screen reader's list of regions says which table is which.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::adapter::BodyAdapter;
use crate::html::escape_attr;

/// What starts a caption paragraph, as an editor writes it.
const CAPTION_PREFIXES: &[&str] = &["Table:", "table:"];

/// Where the latest paragraph started in the adapter's output, if it is a caption.
#[derive(Debug, Clone, Copy)]
pub(super) struct CaptionStart(usize);

impl<'a> BodyAdapter<'_, 'a> {
    /// A paragraph starts: noted if it could be the caption of a table that follows.
    pub(super) fn start_paragraph(&mut self, event: Event<'a>, start: usize) {
        let written = &self.md[start..];
        self.caption = CAPTION_PREFIXES
            .iter()
            .any(|p| written.starts_with(p))
            .then_some(CaptionStart(self.out.len()));
        self.emit(event);
    }

    /// A table opens its scroll region, then itself, then its caption if the paragraph
    /// just before was one (moved here from where it was written).
    pub(super) fn start_table(&mut self, table: Event<'a>) {
        self.page.tables += 1;
        let n = self.page.tables;
        let caption = self.take_caption();
        let open = match (&caption, &self.page.section) {
            (Some(_), _) => {
                let id = self.page.ids.unique(&format!("d_table_{n}"));
                let region = format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}\">\n"
                );
                self.emit(Event::Html(region.into()));
                self.emit(table);
                self.emit(Event::Html(format!("<caption id=\"{id}\">").into()));
                for e in caption.into_iter().flatten() {
                    self.emit(e);
                }
                self.emit(Event::Html("</caption>\n".into()));
                return;
            }
            (None, section) => {
                let strings = self.refs.strings;
                let label = strings.with("table", &[("n", n.into())]);
                match section {
                    Some((_, title)) => {
                        let colon = strings.get("colon");
                        escape_attr(&format!("{label}{colon} {title}"))
                    }
                    None => escape_attr(&label),
                }
            }
        };
        let region = format!(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{open}\">\n"
        );
        self.emit(Event::Html(region.into()));
        self.emit(table);
    }

    /// The table's region closes after it.
    pub(super) fn end_table(&mut self, end: Event<'a>) {
        self.emit(end);
        self.emit(Event::Html("</div>\n".into()));
    }

    /// The caption paragraph written directly before the table, if any: its inline
    /// events, without the paragraph and without the `Table:` that marked it.
    fn take_caption(&mut self) -> Option<Vec<Event<'a>>> {
        let CaptionStart(at) = self.caption.take()?;
        let closed = matches!(self.out.last(), Some(Event::End(TagEnd::Paragraph)));
        let opened = matches!(self.out.get(at), Some(Event::Start(Tag::Paragraph)));
        if self.heading.is_some() || !closed || !opened {
            return None;
        }
        let mut events: Vec<Event<'a>> = self.out.drain(at..).collect();
        events.pop();
        events.remove(0);
        if let Some(Event::Text(t)) = events.first_mut() {
            let rest = CAPTION_PREFIXES
                .iter()
                .find_map(|p| t.strip_prefix(p))
                .map(|r| r.trim_start().to_string());
            if let Some(rest) = rest {
                *t = CowStr::from(rest);
            }
        }
        if matches!(events.first(), Some(Event::Text(t)) if t.is_empty()) {
            events.remove(0);
        }
        Some(events)
    }
}
