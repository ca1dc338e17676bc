//! Glossary links: a forced link `[[HMC]]` (or `[[HMC|the commission]]`) must name a
//! term or alias; in prose, the first mention of each term on a page becomes a link,
//! longest match first, never inside headings, links or code, never in the term's own
//! definition. Each link records a mention of the term in the current section.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::adapter::BodyAdapter;
use crate::diag::{closest, Class, Diagnostic};
use crate::html::escape_text;
use crate::model::targets::{Glossary, Mentioned};

impl<'a> BodyAdapter<'_, 'a> {
    /// A wiki link: with a known term it opens a term link (closed by the link's own end
    /// when it has pothole text, or here with the name as its text); with an unknown one,
    /// the name is kept as plain text and reported.
    pub(super) fn forced_term_link(
        &mut self,
        name: CowStr<'a>,
        has_pothole: bool,
        range: Range<usize>,
    ) {
        let Some(term) = self.refs.glossary.lookup(&name) else {
            self.unknown_term(&name, self.at(range));
            self.emit(Event::Text(name));
            self.skipping_link = true;
            return;
        };
        self.page.linked_terms.insert(term);
        self.page.mention(Mentioned::Term(term));
        let open = term_open_tag(self.refs.glossary, term, &self.page.root);
        self.emit(Event::Html(open.into()));
        if has_pothole {
            // The pothole text follows; its End(Link) closes the anchor.
            self.link_depth += 1;
        } else {
            self.emit(Event::Text(name));
            self.emit(Event::Html("</a>".into()));
            self.skipping_link = true;
        }
    }

    fn unknown_term(&mut self, name: &str, span: Range<usize>) {
        if let Some(term) = self.refs.glossary.draft_term(name) {
            self.diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!("link to a draft: the glossary term `{term}` is marked `draft = true`"),
                )
                .with_hint("publish the term (remove `draft = true`), remove the link, or preview with --drafts"),
                span,
            );
            return;
        }
        let hint = match closest(name, self.refs.glossary.names()) {
            Some(near) => {
                format!("did you mean `[[{near}]]`? Terms and aliases match case-sensitively")
            }
            None => {
                "add the term to content/glossary/, or list this spelling in a term's `aliases`"
                    .into()
            }
        };
        self.diags.push(
            Diagnostic::error(
                Class::Content,
                format!("no glossary term or alias `{name}`"),
            )
            .with_hint(hint),
            span,
        );
    }

    /// Links the first mention of each term in `text` (a merged text event).
    pub(super) fn link_terms(&mut self, text: CowStr<'a>) {
        let matches = self.refs.glossary.matches(&text);
        let mut last = 0;
        for (range, term) in matches {
            if Some(term) == self.body.own_term || self.page.linked_terms.contains(&term) {
                continue;
            }
            self.page.linked_terms.insert(term);
            self.page.mention(Mentioned::Term(term));
            if range.start > last {
                self.out
                    .push(Event::Text(text[last..range.start].to_string().into()));
            }
            let mut link = term_open_tag(self.refs.glossary, term, &self.page.root);
            link.push_str(&escape_text(&text[range.clone()]));
            link.push_str("</a>");
            self.out.push(Event::Html(link.into()));
            last = range.end;
        }
        if last == 0 {
            self.out.push(Event::Text(text));
        } else if last < text.len() {
            self.out.push(Event::Text(text[last..].to_string().into()));
        }
    }
}

/// `<a class="term" href="…" data-short="…">`: the opening tag of a link to `term`.
fn term_open_tag(glossary: &Glossary, term: usize, root: &str) -> String {
    let tail = glossary.link_tail(term);
    let mut tag = String::with_capacity(40 + root.len() + tail.len());
    tag.push_str("<a class=\"term\" href=\"");
    tag.push_str(root);
    tag.push_str(tail);
    tag
}
