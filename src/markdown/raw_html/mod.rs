//! Raw HTML in a body, checked as the browser will read it: the body's whole HTML (raw
//! events and what Dossier wrote around them, so a tag split over the lines of an HTML
//! block, or left open for the next paragraph to finish, is seen whole) goes through
//! html5ever (`browser`); each tag is judged (`rules`) and a refusal is reported where
//! it is written in the content file (`locate`, then [`RawPiece`]s map the HTML back).
//!
//! Bodies without raw HTML are not read again: what Dossier writes itself is escaped.

mod browser;
mod locate;
mod rules;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use crate::diag::{Class, Diagnostic};

/// What raw HTML a site allows, from `dossier.toml`'s `[raw_html]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawHtmlPolicy {
    /// `<script>`, `on…=` handlers, `<iframe srcdoc>`, `<object>`, `<embed>`, `<base>`,
    /// `<meta http-equiv>`: refused unless true. Script URLs are refused regardless.
    pub allow_scripts: bool,
}

impl RawHtmlPolicy {
    /// The policy `dossier.toml` sets.
    pub fn of(config: &crate::parse::config::Config) -> RawHtmlPolicy {
        RawHtmlPolicy {
            allow_scripts: config.raw_html_scripts,
        }
    }
}

/// One raw HTML event as written into the body's HTML, and where its text is in the file.
#[derive(Debug, Clone)]
pub(super) struct RawPiece {
    /// Its bytes in the body's HTML.
    pub html: Range<usize>,
    /// The file offset of its first byte.
    pub file: usize,
    /// Whether its text is the file's text byte for byte (else only its start is known).
    pub exact: bool,
}

/// Where the raw events of a body came from, by the address of their text (which stays
/// put while the events move through the adapter): file offset, and whether exact.
#[derive(Debug, Default)]
pub(super) struct RawOrigins(BTreeMap<usize, (usize, bool)>);

impl RawOrigins {
    /// Records a raw event's text `h`, read from `written` at file offset `file`; returns
    /// the text to emit (moved off the stack if it was stored inline, so its address holds).
    pub(super) fn record<'a>(&mut self, h: CowStr<'a>, written: &str, file: usize) -> CowStr<'a> {
        let h = match h {
            CowStr::Inlined(s) => CowStr::Boxed(s.to_string().into_boxed_str()),
            h => h,
        };
        let origin = match written.find(&*h) {
            Some(i) => (file + i, true),
            None => (file, false),
        };
        self.0.insert(h.as_ptr() as usize, origin);
        h
    }

    /// Whether `h` is the text of a raw event (not HTML Dossier wrote).
    pub(super) fn holds(&self, h: &str) -> bool {
        self.0.contains_key(&(h.as_ptr() as usize))
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Writes `events` as HTML with pulldown-cmark's writer, noting where each raw event
    /// lands in it.
    pub(super) fn write<'a>(
        &self,
        events: impl Iterator<Item = Event<'a>>,
        capacity: usize,
    ) -> (String, Vec<RawPiece>) {
        let written = Cell::new(0);
        let mut writer = Counting {
            html: String::with_capacity(capacity),
            written: &written,
        };
        let mut pieces = vec![];
        let noted = events.inspect(|e| {
            if let Event::Html(h) | Event::InlineHtml(h) = e {
                if let Some(&(file, exact)) = self.0.get(&(h.as_ptr() as usize)) {
                    let start = written.get();
                    pieces.push(RawPiece {
                        html: start..start + h.len(),
                        file,
                        exact,
                    });
                }
            }
        });
        // Writing to a String cannot fail.
        let _ = pulldown_cmark::html::write_html_fmt(&mut writer, noted);
        (writer.html, pieces)
    }
}

/// A String that says how long it is to whoever holds `written`.
struct Counting<'c> {
    html: String,
    written: &'c Cell<usize>,
}

impl fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

const SCRIPT_URL_HINT: &str =
    "`javascript:` links run code in readers' browsers; link to a page or a web address";
const ALLOW_SCRIPTS_HINT: &str = "this runs code in readers' browsers; to publish it anyway, \
    set `allow_scripts = true` under `[raw_html]` in dossier.toml (and let the site's \
    Content-Security-Policy allow it)";
const LEFT_OPEN_HINT: &str = "close every tag, quote, comment and `<textarea>`, `<style>`, \
    `<svg>`… that this HTML opens: what follows on the page would be read as part of it";

/// The problems of a body's raw HTML, each with its byte range in the file. `html` is
/// the body's HTML; `pieces`, in order, are its raw events.
pub(super) fn check(
    html: &str,
    pieces: &[RawPiece],
    policy: RawHtmlPolicy,
) -> Vec<(Diagnostic, Range<usize>)> {
    if let Some(at) = too_many_attributes_at(html) {
        let d = Diagnostic::error(
            Class::Content,
            format!("raw HTML with more than {MAX_ATTRIBUTES} attributes in one tag"),
        )
        .with_hint("no page needs that many; a browser's parser slows down with each one");
        return vec![(d, to_file(pieces, at..at + 1))];
    }
    let reading = browser::read(html);
    let mut found = vec![];
    let mut after = 0;
    for tag in &reading.start_tags {
        for refusal in rules::judge(tag, policy.allow_scripts) {
            let at = locate::locate(html, &tag.name, after, tag.end, &refusal.place);
            let hint = if refusal.allowable {
                ALLOW_SCRIPTS_HINT
            } else {
                SCRIPT_URL_HINT
            };
            let d = Diagnostic::error(Class::Content, refusal.message).with_hint(hint);
            found.push((d, to_file(pieces, at)));
        }
        after = tag.end;
    }
    if !reading.ends_clean {
        let at = left_open_at(html, pieces, &reading);
        let d = Diagnostic::error(Class::Content, "raw HTML left open at the end of the text")
            .with_hint(LEFT_OPEN_HINT);
        found.push((d, to_file(pieces, at)));
    }
    found
}

/// More distinct attributes than one tag may have: html5ever (as browsers) checks each
/// new one against all before it, so 200,000 distinct ones take minutes (the same name
/// repeated is found at once, and is fine).
const MAX_ATTRIBUTES: usize = 10_000;

/// The start of a stretch without `>` holding more than [`MAX_ATTRIBUTES`] distinct
/// names before an `=`, if any (counted only where there are that many `=`).
fn too_many_attributes_at(html: &str) -> Option<usize> {
    let mut start = 0;
    for stretch in html.split_inclusive('>') {
        if stretch.bytes().filter(|&b| b == b'=').count() > MAX_ATTRIBUTES {
            let names: std::collections::BTreeSet<&str> = stretch
                .split('=')
                .filter_map(|before| before.split_ascii_whitespace().last())
                .collect();
            if names.len() > MAX_ATTRIBUTES {
                return Some(start + stretch.find('<').unwrap_or(0));
            }
        }
        start += stretch.len();
    }
    None
}

/// Where the body's HTML leaves the browser inside something: the raw-text element left
/// open, or else the last `<` of the last raw piece.
fn left_open_at(html: &str, pieces: &[RawPiece], reading: &browser::Reading) -> Range<usize> {
    if let Some(i) = reading.open_raw_text {
        let after = i
            .checked_sub(1)
            .map_or(0, |before| reading.start_tags[before].end);
        let tag = &reading.start_tags[i];
        return locate::locate(html, &tag.name, after, tag.end, &rules::Place::TagName);
    }
    let last = pieces.last().map_or(0..0, |p| p.html.clone());
    let at = html[last.clone()]
        .rfind('<')
        .map_or(last.start, |i| last.start + i);
    at..at + 1
}

/// A byte range of the body's HTML as a byte range of the file: through the raw piece
/// that holds its start (or the last one before it, for what Dossier wrote).
fn to_file(pieces: &[RawPiece], at: Range<usize>) -> Range<usize> {
    let i = pieces
        .partition_point(|p| p.html.start <= at.start)
        .saturating_sub(1);
    let Some(p) = pieces.get(i) else {
        return 0..1;
    };
    if !p.exact || at.start < p.html.start || at.start >= p.html.end {
        return p.file..p.file + 1;
    }
    let len = at.end.min(p.html.end).saturating_sub(at.start).max(1);
    let start = p.file + (at.start - p.html.start);
    start..start + len
}
