//! Citations `[@S1; @S7]`: each id must be a source of `content/sources.toml`; the
//! mark becomes numbered links to the page's list of sources, numbered in order of first
//! use on the page (see `page::Citations`).

use std::ops::Range;

use super::adapter::BodyAdapter;
use crate::diag::{closest, Class, Diagnostic};
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType};

/// `@S1` or `@S1; @S7` → the ids; anything else is not a citation.
pub fn parse_citation(label: &str) -> Option<Vec<&str>> {
    let ids: Vec<&str> = label
        .split(';')
        .map(|p| p.trim().strip_prefix('@'))
        .collect::<Option<Vec<_>>>()?;
    let valid = |id: &&str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    };
    (!ids.is_empty() && ids.iter().all(valid)).then_some(ids)
}

impl BodyAdapter<'_, '_> {
    /// Replaces the citation link at `range` (its text is skipped) by its numbered marks.
    pub(super) fn citation(&mut self, ids: &[&str], range: Range<usize>) {
        let html = self.citation_html(ids, &range);
        if !html.is_empty() {
            self.glue_to_previous_word();
        }
        self.emit(Event::Html(html.into()));
        self.skipping_link = true;
    }

    /// Drops the space (or line break) written before a citation mark, so the mark never
    /// wraps onto a line of its own, away from the word it supports.
    fn glue_to_previous_word(&mut self) {
        let events = match self.heading.as_mut() {
            Some(h) => &mut h.events,
            None => &mut self.out,
        };
        if matches!(events.last(), Some(Event::SoftBreak)) {
            events.pop();
        }
        if let Some(Event::Text(t)) = events.last_mut() {
            let kept = t.trim_end_matches([' ', '\t']).len();
            if kept < t.len() {
                *t = t[..kept].to_string().into();
            }
        }
    }

    /// `<sup class="cite">[1, 2]</sup>` for the known sources among `ids` (nothing if
    /// there are none); each unknown one is an error at its `@id`.
    fn citation_html(&mut self, ids: &[&str], range: &Range<usize>) -> String {
        let mut marks = vec![];
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                continue;
            }
            let span = self.span_of(range, &format!("@{id}"));
            if let Some(mark) = self.cite_mark(id, span) {
                marks.push(mark);
            }
        }
        // In number order: "[1, 3]", never "[3, 1]", whatever order the ids are written in.
        marks.sort();
        let links: Vec<String> = marks
            .iter()
            .map(|(n, b)| mark_link(*n, b, self.refs.source_label))
            .collect();
        marks_html(&links)
    }

    /// Cites `id`, written at `span` of the file: its number and back-reference id, or
    /// `None` (reported at `span`) when there is no such source.
    fn cite_mark(&mut self, id: &str, span: Range<usize>) -> Option<(usize, String)> {
        if !self.refs.sources_readable {
            return None;
        }
        if !self.refs.source_ids.contains(id) {
            self.unknown_source(id, span);
            return None;
        }
        let section = self.page.section.as_ref().map(|(_, title)| title.as_str());
        let label = self.page.section_label.as_deref();
        Some(self.page.citations.cite(id, section, label))
    }

    /// Cites `id`, written at `span` of the file: the link to its place in the list of
    /// sources, or `None` (reported at `span`) when there is no such source.
    pub(super) fn cite_at(&mut self, id: &str, span: Range<usize>) -> Option<String> {
        self.cite_mark(id, span)
            .map(|(n, b)| mark_link(n, &b, self.refs.source_label))
    }

    fn unknown_source(&mut self, id: &str, span: Range<usize>) {
        let hint = match closest(id, self.refs.source_ids.iter().map(String::as_str)) {
            Some(near) => {
                format!("did you mean `{near}`? Sources are listed in content/sources.toml")
            }
            None => {
                "add it to content/sources.toml as [[source]] with id, title, publisher and url"
                    .into()
            }
        };
        self.diags.push(
            Diagnostic::error(Class::Content, format!("unknown source `{id}`")).with_hint(hint),
            span,
        );
    }
}

/// `<sup class="cite">[1, 2]</sup>` around citation links (nothing for none).
/// One numbered mark: the link to source `n`'s place in the list, with its back-reference
/// id, named "Source n" for a screen reader. An `aria-label` rather than a hidden word:
/// a timeline has hundreds of marks, and the element and its class cost more bytes than
/// the attribute (issue 16).
fn mark_link(n: usize, backref: &str, label: &str) -> String {
    let label = crate::html::escape_attr(label);
    format!("<a href=\"#ref_{n}\" id=\"{backref}\" aria-label=\"{label} {n}\">{n}</a>")
}

pub(super) fn marks_html(links: &[String]) -> String {
    if links.is_empty() {
        return String::new();
    }
    format!("<sup class=\"cite\">[{}]</sup>", links.join(", "))
}

/// The broken-link callback of every parse of a body: an undefined shortcut link that
/// reads as a citation (`[@S1]`) is kept as a link whose destination is its label, for
/// the adapters to recognise.
pub(super) fn citation_as_link<'i>(link: BrokenLink<'i>) -> Option<(CowStr<'i>, CowStr<'i>)> {
    (link.link_type == LinkType::Shortcut && parse_citation(&link.reference).is_some())
        .then(|| (CowStr::from(link.reference.to_string()), CowStr::from("")))
}
