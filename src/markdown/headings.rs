//! Headings: a heading's events are held back until its end, when its text gives it a
//! page-unique id; it is then written with a self-link anchor, opens a section for
//! mentions, and (levels 1–3) enters the table of contents. The ids are the ones
//! `parse::body::heading_ids` predicts, so `@/page#fragment` links are checked against
//! them before rendering.

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use super::adapter::BodyAdapter;
use super::TocEntry;
use crate::diag::{Class, Diagnostic};
use crate::html::escape_attr;
use crate::slug::slugify;

/// A heading being read.
pub(super) struct HeadingBuf<'a> {
    level: u8,
    explicit_id: Option<String>,
    classes: Vec<String>,
    /// Where it starts in the markdown, to place an error about its id.
    start: usize,
    /// Its text as written (inline code included), for the id and the contents.
    pub(super) text: String,
    /// Its inline events, written inside the `<hN>` once the id is known.
    pub(super) events: Vec<Event<'a>>,
}

impl<'a> BodyAdapter<'_, 'a> {
    pub(super) fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        start: usize,
    ) {
        self.heading = Some(HeadingBuf {
            start,
            level: heading_level(level).max(self.body.heading_floor).min(6),
            explicit_id: id.map(|i| i.to_string()),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            text: String::new(),
            events: vec![],
        });
    }

    pub(super) fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = h.text.trim().to_string();
        let id = match h.explicit_id {
            Some(explicit) if !explicit.is_empty() => self.explicit_id(explicit, h.start),
            _ => self.page.ids.unique(&slugify(&text)),
        };
        let (open, close) = heading_tags(h.level, &id, &h.classes, self.refs.section_label);
        if h.level <= 3 && self.body.heading_floor <= 2 {
            self.page.section = Some((id.clone(), text.clone()));
            self.page.section_label = None;
        }
        if h.level <= 3 {
            self.toc.push(TocEntry {
                level: h.level,
                id,
                text,
                children: vec![],
            });
        }
        // The title's own events go out as they are, so its raw HTML is checked and
        // located like any other (see `raw_html`).
        self.out.push(Event::Html(open.into()));
        self.out.extend(h.events);
        self.out.push(Event::Html(close.into()));
    }
}

impl BodyAdapter<'_, '_> {
    /// Takes a heading's `{#id}`; one already used on the page is an error at the second
    /// (the heading still gets a free id, as `heading_ids` predicts). See: issue 21,
    /// point 9.
    fn explicit_id(&mut self, id: String, start: usize) -> String {
        if self.page.ids.insert(id.clone()) {
            return id;
        }
        let line_end = self.md[start..]
            .find('\n')
            .map_or(self.md.len(), |i| start + i);
        let written = format!("{{#{id}");
        let at = self.md[start..line_end]
            .find(&written)
            .map_or(start, |i| start + i);
        self.diags.push(
            Diagnostic::error(
                Class::Content,
                format!("the id `#{id}` is already used on this page"),
            )
            .with_hint("give this heading another `{#id}`: links to `#id` reach only the first"),
            self.at(at..at + written.len() + 1),
        );
        self.page.ids.unique(&id)
    }
}

/// What goes around a heading's title: `<hN id=… class=…>` and
/// ` <a class="anchor" …>#</a></hN>`.
fn heading_tags(level: u8, id: &str, classes: &[String], label: &str) -> (String, String) {
    let class = if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
    };
    let id = escape_attr(id);
    (
        format!("<h{level} id=\"{id}\"{class}>"),
        format!(
            " <a class=\"anchor\" href=\"#{id}\"><span aria-hidden=\"true\">#</span><span class=\"vh\">{}</span></a></h{level}>\n",
            crate::html::escape_text(label)
        ),
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Nests a flat list of headings: each heading deeper than the one before it becomes
/// its child (two levels, as the table of contents shows).
pub(super) fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut out: Vec<TocEntry> = vec![];
    for e in flat {
        match out.last_mut() {
            Some(parent) if e.level > parent.level => parent.children.push(e),
            _ => out.push(e),
        }
    }
    out
}
