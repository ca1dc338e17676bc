//! The one pass over a body's events: [`BodyAdapter`] takes each event with its byte
//! range, sends it to the method for its kind, and collects the events pulldown-cmark's
//! HTML writer gets, the table of contents and the diagnostics.
//!
//! The methods for each kind live beside what they adapt (`headings`, `code`, `links`,
//! `citations`, `terms`); this file holds the state they share, the dispatch, plain text,
//! raw HTML and footnotes. It must not reorder events: the output is the events in the
//! order they came, each replaced in place.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::code::CodeBuf;
use super::figures::ImageBuf;
use super::headings::{nest_toc, HeadingBuf};
use super::raw_html::{self, RawOrigins};
use super::tables::CaptionStart;
use super::{Body, BodyHtml, PageState, Refs, TocEntry};
use crate::diag::{Class, Diagnostic, LineIndex};

/// The diagnostics of one body, located through one [`LineIndex`] of its file (built on
/// the first), so thousands of warnings on a long page cost linear time.
pub(super) struct BodyDiags<'a> {
    file: &'a Path,
    text: &'a str,
    lines: Option<LineIndex<'a>>,
    list: Vec<Diagnostic>,
}

impl BodyDiags<'_> {
    /// Adds `d` at `span`, a byte range of the whole file.
    pub(super) fn push(&mut self, d: Diagnostic, span: Range<usize>) {
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(self.text));
        self.list.push(d.at_indexed(self.file, lines, span));
    }

    /// Adds `d`, already located in this file, or moved to `span` when given.
    pub(super) fn push_located(&mut self, d: Diagnostic, span: Option<Range<usize>>) {
        match span {
            Some(span) => self.push(d, span),
            None => self.list.push(d),
        }
    }
}

/// The state of rendering one body, shared by the adapter of every event kind.
pub(super) struct BodyAdapter<'s, 'a> {
    pub(super) body: &'s Body<'a>,
    /// The markdown itself: `body.text[body.offset..]`; event ranges are into it.
    pub(super) md: &'a str,
    pub(super) refs: &'s Refs<'s>,
    pub(super) page: &'s mut PageState,
    pub(super) diags: BodyDiags<'a>,
    /// The events for pulldown-cmark's HTML writer, adapted.
    pub(super) out: Vec<Event<'a>>,
    pub(super) toc: Vec<TocEntry>,
    /// The heading being read: its events are held back until its id is known.
    pub(super) heading: Option<HeadingBuf<'a>>,
    /// Links and images open around the current event: their text is never auto-linked.
    pub(super) link_depth: usize,
    /// Inside a citation or a forced term link, the link text is replaced: skip it.
    pub(super) skipping_link: bool,
    /// The fenced or indented code block being read, highlighted whole at its end.
    pub(super) code: Option<CodeBuf>,
    /// The image being read (its alt text), or just read (see `figures`).
    pub(super) image: Option<ImageBuf>,
    /// Open callouts: (index in `out` where each starts, its start in the markdown).
    pub(super) callouts: Vec<(usize, usize)>,
    /// Footnote label → (number on this body, page-unique id).
    footnote_numbers: BTreeMap<String, (usize, String)>,
    /// Footnotes of the page's earlier bodies: this body's ids continue after them.
    footnote_prefix: usize,
    /// Each footnote reference (label, where it is written) and the labels defined.
    footnote_refs: Vec<(String, Range<usize>)>,
    footnote_defs: BTreeSet<String>,
    /// Where each raw HTML event was written, for `raw_html::check`.
    raw: RawOrigins,
    /// The latest paragraph, if it may be the caption of a table that follows.
    pub(super) caption: Option<CaptionStart>,
    /// Whether the markdown has a NUL, and a `[^` anywhere: asked once of the whole body
    /// rather than of each text event (a search per event was 3% of a build).
    has_nul: bool,
    has_footnote_ref: bool,
}

impl<'s, 'a> BodyAdapter<'s, 'a> {
    pub(super) fn new(body: &'s Body<'a>, refs: &'s Refs<'s>, page: &'s mut PageState) -> Self {
        let footnote_prefix = page.footnotes;
        BodyAdapter {
            body,
            md: &body.text[body.offset..],
            refs,
            page,
            diags: BodyDiags {
                file: body.file,
                text: body.text,
                lines: None,
                list: vec![],
            },
            // About one event per 20 bytes of markdown: sized once rather than grown by
            // doubling, which copied every page's events about twice.
            out: Vec::with_capacity(body.text.len().saturating_sub(body.offset) / 16),
            toc: vec![],
            heading: None,
            link_depth: 0,
            skipping_link: false,
            code: None,
            image: None,
            callouts: vec![],
            footnote_numbers: BTreeMap::new(),
            footnote_prefix,
            footnote_refs: vec![],
            footnote_defs: BTreeSet::new(),
            raw: RawOrigins::default(),
            caption: None,
            has_nul: body.text[body.offset..].contains('\0'),
            has_footnote_ref: body.text[body.offset..].contains("[^"),
        }
    }

    /// A byte range of the markdown as a byte range of the whole file.
    pub(super) fn at(&self, range: Range<usize>) -> Range<usize> {
        self.body.offset + range.start..self.body.offset + range.end
    }

    /// Adapts one event (with its byte range in the markdown).
    pub(super) fn feed(&mut self, event: Event<'a>, range: Range<usize>) {
        // A NUL in text or code comes only from one in the markdown.
        let event = if self.has_nul {
            without_nul(event)
        } else {
            event
        };
        if self.skipping_link {
            self.skipping_link = !matches!(event, Event::End(TagEnd::Link));
            return;
        }
        if self.code.is_some() {
            self.code_block_event(event, range);
            return;
        }
        let event = match self.image {
            Some(_) => match self.image_event(event) {
                Some(e) => e,
                None => return,
            },
            None => event,
        };
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => self.start_heading(level, id, &classes, range.start),
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind, range.start),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, range),
            Event::Start(Tag::Image { dest_url, .. }) => self.start_image_buf(&dest_url, range),
            Event::Start(Tag::BlockQuote(Some(_))) => self.start_callout(range.start),
            Event::End(TagEnd::BlockQuote(Some(kind))) => self.end_callout(kind),
            Event::End(TagEnd::Link) => self.end_link(Event::Html("</a>".into())),
            Event::End(TagEnd::Image) => self.end_link(Event::End(TagEnd::Image)),
            Event::Text(t) => {
                // What pulldown-cmark left as text of a `[^…]` it did not take for a
                // footnote; it is read from the markdown as written, so a body without
                // `[^` has none.
                if self.has_footnote_ref && t.split('[').skip(1).any(|r| r.starts_with('^')) {
                    self.unmatched_footnote_refs(range);
                }
                self.text(t);
            }
            Event::Code(c) => self.inline_code(c),
            Event::Html(h) | Event::InlineHtml(h) => self.raw_html(h, range),
            Event::FootnoteReference(label) => self.footnote_reference(&label, range),
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote_definition(&label),
            Event::End(TagEnd::FootnoteDefinition) => self.out.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::Paragraph) => self.start_paragraph(event, range.start),
            Event::Start(Tag::Table(_)) => self.start_table(event),
            Event::End(TagEnd::Table) => self.end_table(event),
            other => self.emit(other),
        }
    }

    /// Writes the adapted events as HTML and counts this body's footnotes on the page.
    /// Raw HTML that would run script is reported, and then written as text: the build
    /// fails, and nothing shows it as HTML meanwhile.
    pub(super) fn finish(mut self) -> BodyHtml {
        self.page.footnotes += self.footnote_numbers.len();
        self.undefined_footnotes();
        let capacity = self.md.len() * 3 / 2;
        let mut html;
        if self.raw.is_empty() {
            html = String::with_capacity(capacity);
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        } else {
            let pieces;
            (html, pieces) = self.raw.write(self.out.iter().cloned(), capacity);
            let problems = raw_html::check(&html, &pieces, self.refs.raw_html);
            if !problems.is_empty() {
                html.clear();
                let raw = &self.raw;
                let as_text = self.out.into_iter().map(|e| match e {
                    Event::Html(h) | Event::InlineHtml(h) if raw.holds(&h) => Event::Text(h),
                    e => e,
                });
                pulldown_cmark::html::push_html(&mut html, as_text);
            }
            for (d, span) in problems {
                self.diags.push(d, span);
            }
        }
        BodyHtml {
            html,
            toc: nest_toc(self.toc),
            diagnostics: self.diags.list,
        }
    }

    /// Adds an event to the open heading, or to the output.
    pub(super) fn emit(&mut self, event: Event<'a>) {
        match self.heading.as_mut() {
            Some(h) => h.events.push(event),
            None => self.out.push(event),
        }
    }

    /// Text: part of a heading's title, a link's own text, or prose whose first mention
    /// of each glossary term becomes a link.
    fn text(&mut self, t: CowStr<'a>) {
        if let Some(h) = self.heading.as_mut() {
            h.text.push_str(&t);
            h.events.push(Event::Text(t));
        } else if self.link_depth > 0 {
            self.out.push(Event::Text(t));
        } else {
            let timer = crate::timings::glossary_start();
            self.link_terms(t);
            crate::timings::glossary_stop(timer);
        }
    }

    fn inline_code(&mut self, c: CowStr<'a>) {
        if let Some(h) = self.heading.as_mut() {
            h.text.push_str(&c);
        }
        self.emit(Event::Code(c));
    }

    /// Raw HTML is kept as written, and where it was written noted: `finish` checks the
    /// body's whole HTML as a browser reads it (see `raw_html`).
    fn raw_html(&mut self, h: CowStr<'a>, range: Range<usize>) {
        let file = self.at(range.clone()).start;
        let h = self.raw.record(h, &self.md[range], file);
        self.emit(Event::Html(h));
    }

    /// `[^label]` left as text: pulldown-cmark found no definition for it. Each written
    /// one (not `\[^…]`) becomes a reference to check at the end, where it is reported
    /// as undefined.
    fn unmatched_footnote_refs(&mut self, range: Range<usize>) {
        let written = &self.md[range.clone()];
        for (i, _) in written.match_indices("[^") {
            if written[..i].ends_with('\\') {
                continue;
            }
            let rest = &written[i + 2..];
            let Some(end) = rest.find(']') else { continue };
            let label = &rest[..end];
            if label.is_empty() || label.contains(char::is_whitespace) {
                continue;
            }
            let at = range.start + i;
            self.footnote_refs
                .push((label.to_string(), self.at(at..at + end + 3)));
        }
    }

    /// A reference to a footnote this body never defines links nowhere: an error at the
    /// reference. See: issue 21, point 9.
    fn undefined_footnotes(&mut self) {
        for (label, span) in std::mem::take(&mut self.footnote_refs) {
            if !self.footnote_defs.contains(&label) {
                self.diags.push(
                    Diagnostic::error(
                        Class::Content,
                        format!("footnote `[^{label}]` is not defined"),
                    )
                    .with_hint(format!(
                        "add a line `[^{label}]: …` to this file, or remove the reference"
                    )),
                    span,
                );
            }
        }
    }

    /// The number and page-unique id of footnote `label`, numbered on first sight
    /// (a reference or a definition, whichever comes first).
    fn footnote(&mut self, label: &str) -> (usize, String) {
        let n = self.footnote_numbers.len() + 1;
        let prefix = self.footnote_prefix;
        self.footnote_numbers
            .entry(label.to_string())
            .or_insert_with(|| (n, format!("fn_{}", prefix + n)))
            .clone()
    }

    fn footnote_reference(&mut self, label: &str, range: Range<usize>) {
        self.footnote_refs.push((label.to_string(), self.at(range)));
        let (number, fid) = self.footnote(label);
        self.emit(Event::Html(
            format!(
                "<sup class=\"fnref\"><a href=\"#{fid}\" id=\"ref_{fid}\"><span class=\"vh\">Footnote </span>{number}</a></sup>"
            )
            .into(),
        ));
    }

    fn footnote_definition(&mut self, label: &str) {
        self.footnote_defs.insert(label.to_string());
        let (number, fid) = self.footnote(label);
        self.page.ids.insert(fid.clone());
        self.out.push(Event::Html(
            format!(
                "<div class=\"footnote\" id=\"{fid}\"><p class=\"fn-label\"><a href=\"#ref_{fid}\"><span class=\"vh\">Back to reference </span>{number}</a></p>\n"
            )
            .into(),
        ));
    }
}

/// Text and code with each NUL replaced by U+FFFD, as CommonMark requires (pulldown-cmark
/// passes it through, and browsers drop it). See: issue 21, point 6.
fn without_nul(event: Event<'_>) -> Event<'_> {
    fn clean(t: CowStr<'_>) -> CowStr<'_> {
        if t.contains('\0') {
            t.replace('\0', "\u{fffd}").into()
        } else {
            t
        }
    }
    match event {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Code(c) => Event::Code(clean(c)),
        e => e,
    }
}
