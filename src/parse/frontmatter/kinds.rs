//! The frontmatter of each kind of content file: the raw struct an editor writes
//! (unknown keys refused) and the validated struct the model consumes, with the checks
//! one file can make alone.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};

use super::fields::{non_empty, Checker, PageAlias, RawUpdate, SourceRef, Update, NO_DATE};
use super::{parse_raw, Parsed};
use crate::dates::PartialDate;
use crate::diag::Diagnostic;
use crate::parse::punctuation::smart_punctuation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Person,
    Organization,
    Place,
    Agreement,
    Operation,
    Concept,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExplainer {
    title: Spanned<String>,
    summary: Spanned<String>,
    published: Spanned<Value>,
    updated: Option<Spanned<Value>>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    updates: Vec<RawUpdate>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    draft: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackground {
    title: Spanned<String>,
    summary: Spanned<String>,
    weight: Option<i64>,
    updated: Option<Spanned<Value>>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    updates: Vec<RawUpdate>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    draft: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: Spanned<String>,
    summary: Spanned<String>,
    weight: Option<i64>,
    updated: Option<Spanned<Value>>,
    #[serde(default)]
    draft: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    title: Spanned<String>,
    date: Spanned<Value>,
    end_date: Option<Spanned<Value>>,
    display_date: Option<String>,
    group: Option<String>,
    place: Option<String>,
    sources: Option<Vec<Spanned<String>>>,
    /// Ids of `content/places.toml`.
    #[serde(default)]
    places: Vec<Spanned<String>>,
    /// Listed among the key events at the top of the timeline.
    #[serde(default)]
    key: bool,
    #[serde(default)]
    draft: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    kind: TermKind,
    short: Spanned<String>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    draft: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainerMeta {
    pub title: String,
    pub summary: String,
    pub published: PartialDate,
    pub updated: Option<PartialDate>,
    pub authors: Vec<String>,
    pub updates: Vec<Update>,
    /// Old URLs of the explainer that redirect to it.
    pub aliases: Vec<PageAlias>,
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct BackgroundMeta {
    pub title: String,
    pub summary: String,
    pub weight: Option<i64>,
    pub updated: Option<PartialDate>,
    pub sources: Vec<SourceRef>,
    pub updates: Vec<Update>,
    /// Old URLs of the page that redirect to it.
    pub aliases: Vec<PageAlias>,
    pub draft: bool,
}

/// A standalone page of `content/pages/` (about, methodology, corrections policy).
#[derive(Debug, Clone)]
pub struct PageMeta {
    pub title: String,
    pub summary: String,
    /// Orders the footer's links (pages without one come last, then by title).
    pub weight: Option<i64>,
    pub updated: Option<PartialDate>,
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct EventMeta {
    pub title: String,
    pub date: PartialDate,
    pub end_date: Option<PartialDate>,
    pub display_date: Option<String>,
    pub group: Option<String>,
    pub place: Option<String>,
    /// `None` when the field is absent (a warning), `Some(empty)` when written empty.
    pub sources: Option<Vec<SourceRef>>,
    /// Ids of `content/places.toml`, each with where it was written.
    pub places: Vec<SourceRef>,
    /// Where `date` was written, for messages about the event as a whole.
    pub date_span: Range<usize>,
    /// Listed among the key events at the top of the timeline.
    pub key: bool,
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct TermMeta {
    pub term: String,
    pub term_span: Range<usize>,
    pub aliases: Vec<(String, Range<usize>)>,
    pub kind: TermKind,
    pub short: String,
    pub sources: Vec<SourceRef>,
    pub draft: bool,
}

pub fn parse_explainer<'a>(
    file: &Path,
    text: &'a str,
) -> Result<Parsed<'a, ExplainerMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawExplainer, _) = parse_raw(file, text)?;
    let mut c = Checker::new(file, text, split.front_offset);
    let published = c.date("published", &raw.published);
    let updated = raw.updated.as_ref().and_then(|u| c.date("updated", u));
    let meta = ExplainerMeta {
        title: c.prose("title", &raw.title),
        summary: c.prose("summary", &raw.summary),
        published: published.unwrap_or(NO_DATE),
        updated,
        authors: raw.authors,
        updates: c.updates(&raw.updates),
        aliases: c.aliases(&raw.aliases),
        draft: raw.draft,
    };
    c.parsed(meta, split)
}

pub fn parse_background<'a>(
    file: &Path,
    text: &'a str,
) -> Result<Parsed<'a, BackgroundMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawBackground, _) = parse_raw(file, text)?;
    let mut c = Checker::new(file, text, split.front_offset);
    let updated = raw.updated.as_ref().and_then(|u| c.date("updated", u));
    let meta = BackgroundMeta {
        title: c.prose("title", &raw.title),
        summary: c.prose("summary", &raw.summary),
        weight: raw.weight,
        updated,
        sources: c.sources(&raw.sources),
        updates: c.updates(&raw.updates),
        aliases: c.aliases(&raw.aliases),
        draft: raw.draft,
    };
    c.parsed(meta, split)
}

pub fn parse_page<'a>(file: &Path, text: &'a str) -> Result<Parsed<'a, PageMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawPage, _) = parse_raw(file, text)?;
    let mut c = Checker::new(file, text, split.front_offset);
    let updated = raw.updated.as_ref().and_then(|u| c.date("updated", u));
    let meta = PageMeta {
        title: c.text("title", &raw.title),
        summary: c.text("summary", &raw.summary),
        weight: raw.weight,
        updated,
        draft: raw.draft,
    };
    c.parsed(meta, split)
}

pub fn parse_event<'a>(
    file: &Path,
    text: &'a str,
) -> Result<Parsed<'a, EventMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawEvent, _) = parse_raw(file, text)?;
    let mut c = Checker::new(file, text, split.front_offset);
    let date = c.date("date", &raw.date);
    let end_date = raw.end_date.as_ref().and_then(|e| c.date("end_date", e));
    if let (Some(start), Some(end), Some(end_raw)) = (date, end_date, raw.end_date.as_ref()) {
        if end < start {
            let span = c.span(end_raw);
            c.error(
                format!("`end_date` ({end}) is before `date` ({start})"),
                span,
                "an event cannot end before it starts: swap the dates or fix the year",
            );
        }
    }
    let date_span = c.span(&raw.date);
    let meta = EventMeta {
        title: c.prose("title", &raw.title),
        date: date.unwrap_or(NO_DATE),
        end_date,
        display_date: non_empty(raw.display_date).map(|d| smart_punctuation(&d)),
        group: non_empty(raw.group),
        place: non_empty(raw.place),
        sources: raw.sources.as_deref().map(|s| c.sources(s)),
        places: c.sources(&raw.places),
        date_span,
        key: raw.key,
        draft: raw.draft,
    };
    c.parsed(meta, split)
}

pub fn parse_term<'a>(file: &Path, text: &'a str) -> Result<Parsed<'a, TermMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawTerm, _) = parse_raw(file, text)?;
    let mut c = Checker::new(file, text, split.front_offset);
    let term = c.prose("term", &raw.term);
    let aliases = raw
        .aliases
        .iter()
        .map(|a| (c.text("aliases", a), c.span(a)))
        .collect();
    let meta = TermMeta {
        term,
        term_span: c.span(&raw.term),
        aliases,
        kind: raw.kind,
        short: c.prose("short", &raw.short),
        sources: c.sources(&raw.sources),
        draft: raw.draft,
    };
    c.parsed(meta, split)
}
