//! Links: a link is a citation (`[@S1]`, see `citations`), a forced term link
//! (`[[HMC]]`, see `terms`) or a destination. A destination `@/kind/file.md#anchor` is a
//! cross-reference, checked against the site's pages and their heading ids and turned
//! into a page-relative URL; a script URL is refused; anything else is kept as written.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::adapter::BodyAdapter;
use super::citations::parse_citation;
use crate::diag::{closest, Class, Diagnostic};
use crate::html::is_script_url;
use crate::model::targets::LinkTarget;

impl<'a> BodyAdapter<'_, 'a> {
    pub(super) fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        if link_type == LinkType::ShortcutUnknown {
            if let Some(ids) = parse_citation(&dest_url) {
                self.citation(&ids, range);
                return;
            }
        }
        if let LinkType::WikiLink { has_pothole } = link_type {
            self.forced_term_link(dest_url, has_pothole, range);
            return;
        }
        self.link_depth += 1;
        let dest = self.resolve_dest(&dest_url, range);
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url: dest.into(),
            title,
            id,
        }));
    }

    /// The end of a link (`close` is what is written for it).
    pub(super) fn end_link(&mut self, close: Event<'a>) {
        self.link_depth = self.link_depth.saturating_sub(1);
        self.emit(close);
    }

    /// Where `needle` is written inside the event at `range`, as a byte range of the file
    /// (the event's start if it is not found).
    pub(super) fn span_of(&self, range: &Range<usize>, needle: &str) -> Range<usize> {
        let rel = self.md[range.clone()].find(needle).unwrap_or(0);
        let start = self.body.offset + range.start + rel;
        start..start + needle.len().max(1)
    }

    /// Resolves a link or image destination: `@/…` cross-references become page-relative
    /// URLs (and are checked), script URLs are refused, anything else is kept.
    fn resolve_dest(&mut self, dest: &str, range: Range<usize>) -> String {
        if is_script_url(dest) {
            self.diags.push(
                Diagnostic::error(Class::Content, "script URL in a link")
                    .with_hint("`javascript:` links run code in readers' browsers; link to a page or a web address"),
                self.span_of(&range, dest),
            );
            return "#".into();
        }
        match dest.strip_prefix("@/") {
            Some(path) => self.cross_reference(path, dest, &range),
            None => dest.to_string(),
        }
    }

    /// `@/file#fragment` → the URL of `file` from this page, with the fragment if the
    /// file has that anchor; `#` if there is no such file.
    fn cross_reference(&mut self, path: &str, dest: &str, range: &Range<usize>) -> String {
        let (file, fragment) = match path.split_once('#') {
            Some((f, frag)) => (f, Some(frag)),
            None => (path, None),
        };
        let refs = self.refs;
        let Some(target) = refs.pages.get(file) else {
            self.missing_file(file, self.span_of(range, dest));
            return "#".into();
        };
        if target.unreadable {
            return "#".into();
        }
        if target.draft {
            self.diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!("link to a draft: `@/{file}` is marked `draft = true`"),
                )
                .with_hint(
                    "publish it (remove `draft = true`), remove the link, or preview with --drafts",
                ),
                self.span_of(range, dest),
            );
            return "#".into();
        }
        if let Some(m) = &target.mention {
            self.page.mention(m.clone());
        }
        let mut url = format!("{}{}", self.page.root, target.url);
        if let Some(frag) = fragment {
            if self.has_anchor(file, frag, target, self.span_of(range, dest)) {
                url.push('#');
                url.push_str(frag);
            }
        }
        url
    }

    fn missing_file(&mut self, file: &str, span: Range<usize>) {
        let hint = match closest(file, self.refs.pages.keys().map(String::as_str)) {
            Some(near) => format!("did you mean `@/{near}`?"),
            None => {
                "cross-references name a file under content/, e.g. @/background/history.md".into()
            }
        };
        self.diags.push(
            Diagnostic::error(Class::Content, format!("link to a missing file `@/{file}`"))
                .with_hint(hint),
            span,
        );
    }

    /// Whether `target` has the anchor `#frag`; if not, says so at `span`.
    fn has_anchor(
        &mut self,
        file: &str,
        frag: &str,
        target: &LinkTarget,
        span: Range<usize>,
    ) -> bool {
        match &target.anchors {
            Some(anchors) if anchors.contains(frag) => return true,
            Some(anchors) => self.diags.push(
                Diagnostic::error(
                    Class::Content,
                    format!("`@/{file}` has no anchor `#{frag}`"),
                )
                .with_hint(anchor_hint(file, frag, anchors)),
                span,
            ),
            None => self.diags.push(
                Diagnostic::error(Class::Content, format!("`@/{file}` takes no `#anchor`"))
                    .with_hint(
                    "a timeline event or glossary term is itself an anchor: link to the file alone",
                ),
                span,
            ),
        }
        false
    }
}

/// The nearest anchor of `file` to `frag`, or the first few it has.
fn anchor_hint(file: &str, frag: &str, anchors: &BTreeSet<String>) -> String {
    match closest(frag, anchors.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `#{near}`?"),
        None if anchors.is_empty() => format!("`@/{file}` has no headings to link to"),
        None => format!(
            "`@/{file}` has: {}",
            anchors
                .iter()
                .take(8)
                .map(|a| format!("#{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
