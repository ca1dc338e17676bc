//! Callouts: GitHub's alert syntax (`> [!NOTE]`, TIP, IMPORTANT, WARNING, CAUTION).
//! The events inside the quote are adapted as usual, then written as HTML and handed to
//! `components/callout.html` with the kind and its label, so a site can restyle or
//! reword them by overriding that one template.

use pulldown_cmark::{BlockQuoteKind, Event};
use serde_json::json;

use super::adapter::BodyAdapter;

/// A callout's kind as a class name and as the label a reader sees.
fn kind_names(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

impl BodyAdapter<'_, '_> {
    /// A callout opens: its events are collected from here.
    pub(super) fn start_callout(&mut self, start: usize) {
        self.callouts.push((self.out.len(), start));
    }

    /// A callout closes: its events become one block drawn by the template.
    pub(super) fn end_callout(&mut self, kind: BlockQuoteKind) {
        let Some((from, start)) = self.callouts.pop() else {
            return;
        };
        let inner: Vec<Event<'_>> = self.out.drain(from..).collect();
        let mut body = String::new();
        pulldown_cmark::html::push_html(&mut body, inner.into_iter());
        let (class, label) = kind_names(kind);
        let view = json!({ "kind": class, "label": label, "body": body });
        let line_end = self.md[start..]
            .find('\n')
            .map_or(self.md.len(), |i| start + i);
        let html = self
            .draw("callout", &view, self.at(start..line_end))
            .unwrap_or_default();
        self.out.push(Event::Html(html.into()));
    }
}
