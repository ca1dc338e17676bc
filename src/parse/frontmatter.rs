//! Frontmatter: split the `+++` block off a content file, deserialize it into the typed
//! struct of its kind (unknown keys are errors), and check what one file can check alone
//! (dates, `end_date` order, empty fields).
//!
//! Every span here is a byte range in the **whole file**, so diagnostics count lines from
//! the top of the file, not from the frontmatter (zola#1133). Nothing here reads files or
//! knows about other pages; cross-file checks live in `site`.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::dates::PartialDate;
use crate::diag::{toml_error, Class, Diagnostic};

/// A content file cut in two. Offsets are into the full file text.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Finds the `+++` … `+++` block at the top of `text`.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    // An editor on Windows may save a byte-order mark; it is not content.
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let first_line = text[start..first_line_end].trim_end();
    if first_line == "---" {
        return Err(Diagnostic::error(Class::Content, "YAML frontmatter is not supported")
            .at(file, text, start..start + 3)
            .with_hint("Dossier reads TOML between `+++` lines: replace both `---` lines with `+++` and write `key = \"value\"`"));
    }
    if first_line != "+++" {
        return Err(Diagnostic::error(Class::Content, "missing frontmatter")
            .at(file, text, start..first_line_end.max(start + 1))
            .with_hint(
                "a content file starts with a `+++` line, its TOML fields, and another `+++` line",
            ));
    }
    let front_offset = (first_line_end + 1).min(text.len());
    let mut pos = front_offset;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == "+++" {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                front: &text[front_offset..pos],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos = line_end + 1;
    }
    Err(Diagnostic::error(
        Class::Content,
        "unterminated frontmatter: no closing `+++` line",
    )
    .at(file, text, start..start + 3)
    .with_hint("add a line with only `+++` after the last frontmatter field"))
}

/// Deserializes the frontmatter into `T`, turning TOML and serde errors into diagnostics
/// at their position in the file.
pub fn deserialize<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    front: &str,
    front_offset: usize,
) -> Result<T, Diagnostic> {
    toml::from_str::<T>(front).map_err(|e| toml_error(file, text, front, front_offset, &e))
}

// ---------------------------------------------------------------------------------------
// Raw types: exactly what an editor writes.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpdate {
    date: Spanned<Value>,
    kind: UpdateKind,
    summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UpdateKind {
    Update,
    Correction,
    Clarification,
}

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

// ---------------------------------------------------------------------------------------
// Validated types: what the site model consumes. Spans are into the whole file.

/// A source id written in a `sources` list, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub date: PartialDate,
    pub kind: UpdateKind,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainerMeta {
    pub title: String,
    pub summary: String,
    pub published: PartialDate,
    pub updated: Option<PartialDate>,
    pub authors: Vec<String>,
    pub updates: Vec<Update>,
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
    /// Where `date` was written, for messages about the event as a whole.
    pub date_span: Range<usize>,
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

/// Collects the checks of one file so all its problems are reported together.
struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
    offset: usize,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn span<T>(&self, s: &Spanned<T>) -> Range<usize> {
        let r = s.span();
        r.start + self.offset..r.end + self.offset
    }

    fn date(&mut self, field: &str, v: &Spanned<Value>) -> Option<PartialDate> {
        let span = self.span(v);
        let parsed = match v.get_ref() {
            Value::String(s) => PartialDate::parse(s).map_err(|e| (e.message, e.hint)),
            Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => PartialDate::parse(&format!(
                    "{:04}-{:02}-{:02}",
                    d.year, d.month, d.day
                ))
                .map_err(|e| (e.message, e.hint)),
                _ => Err((
                    format!("`{field}` has a time of day"),
                    "write only the date, e.g. 2024-01-27".to_string(),
                )),
            },
            other => Err((
                format!("`{field}` must be a date, found {}", other.type_str()),
                "write a year (\"2024\"), a year and month (\"2024-01\") or a full date (2024-01-27)"
                    .to_string(),
            )),
        };
        match parsed {
            Ok(d) => Some(d),
            Err((message, hint)) => {
                self.errors.push(
                    Diagnostic::error(Class::Content, message)
                        .at(self.file, self.text, span)
                        .with_hint(hint),
                );
                None
            }
        }
    }

    fn text(&mut self, field: &str, v: &Spanned<String>) -> String {
        if v.get_ref().trim().is_empty() {
            let span = self.span(v);
            self.errors.push(
                Diagnostic::error(Class::Content, format!("`{field}` is empty"))
                    .at(self.file, self.text, span)
                    .with_hint(format!("write the {field} between the quotes")),
            );
        }
        v.get_ref().trim().to_string()
    }

    fn sources(&mut self, list: &[Spanned<String>]) -> Vec<SourceRef> {
        list.iter()
            .map(|s| SourceRef {
                id: s.get_ref().trim().to_string(),
                span: self.span(s),
            })
            .collect()
    }

    fn updates(&mut self, raw: &[RawUpdate]) -> Vec<Update> {
        raw.iter()
            .filter_map(|u| {
                let date = self.date("date", &u.date)?;
                Some(Update {
                    date,
                    kind: u.kind,
                    summary: u.summary.trim().to_string(),
                })
            })
            .collect()
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

fn parse_raw<'a, T: DeserializeOwned>(
    file: &Path,
    text: &'a str,
) -> Result<(T, Split<'a>), Vec<Diagnostic>> {
    let split = split(file, text).map_err(|d| vec![d])?;
    let raw = deserialize::<T>(file, text, split.front, split.front_offset).map_err(|d| vec![d])?;
    Ok((raw, split))
}

/// The typed frontmatter of a file plus where its markdown body starts.
pub struct Parsed<'a, M> {
    pub meta: M,
    pub body: &'a str,
    pub body_offset: usize,
}

pub fn parse_explainer<'a>(
    file: &Path,
    text: &'a str,
) -> Result<Parsed<'a, ExplainerMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawExplainer, _) = parse_raw(file, text)?;
    let mut c = Checker {
        file,
        text,
        offset: split.front_offset,
        errors: vec![],
    };
    let published = c.date("published", &raw.published);
    let updated = raw.updated.as_ref().and_then(|u| c.date("updated", u));
    let meta = ExplainerMeta {
        title: c.text("title", &raw.title),
        summary: c.text("summary", &raw.summary),
        published: published.unwrap_or(PartialDate {
            year: 0,
            month: 0,
            day: 0,
        }),
        updated,
        authors: raw.authors,
        updates: c.updates(&raw.updates),
        draft: raw.draft,
    };
    c.finish(Parsed {
        meta,
        body: split.body,
        body_offset: split.body_offset,
    })
}

pub fn parse_background<'a>(
    file: &Path,
    text: &'a str,
) -> Result<Parsed<'a, BackgroundMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawBackground, _) = parse_raw(file, text)?;
    let mut c = Checker {
        file,
        text,
        offset: split.front_offset,
        errors: vec![],
    };
    let updated = raw.updated.as_ref().and_then(|u| c.date("updated", u));
    let meta = BackgroundMeta {
        title: c.text("title", &raw.title),
        summary: c.text("summary", &raw.summary),
        weight: raw.weight,
        updated,
        sources: c.sources(&raw.sources),
        updates: c.updates(&raw.updates),
        draft: raw.draft,
    };
    c.finish(Parsed {
        meta,
        body: split.body,
        body_offset: split.body_offset,
    })
}

pub fn parse_event<'a>(
    file: &Path,
    text: &'a str,
) -> Result<Parsed<'a, EventMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawEvent, _) = parse_raw(file, text)?;
    let mut c = Checker {
        file,
        text,
        offset: split.front_offset,
        errors: vec![],
    };
    let date = c.date("date", &raw.date);
    let end_date = raw.end_date.as_ref().and_then(|e| c.date("end_date", e));
    if let (Some(start), Some(end), Some(end_raw)) = (date, end_date, raw.end_date.as_ref()) {
        if end < start {
            let span = c.span(end_raw);
            c.errors.push(
                Diagnostic::error(
                    Class::Content,
                    format!("`end_date` ({end}) is before `date` ({start})"),
                )
                .at(file, text, span)
                .with_hint("an event cannot end before it starts: swap the dates or fix the year"),
            );
        }
    }
    let date_span = c.span(&raw.date);
    let meta = EventMeta {
        title: c.text("title", &raw.title),
        date: date.unwrap_or(PartialDate {
            year: 0,
            month: 0,
            day: 0,
        }),
        end_date,
        display_date: non_empty(raw.display_date),
        group: non_empty(raw.group),
        place: non_empty(raw.place),
        sources: raw.sources.as_deref().map(|s| c.sources(s)),
        date_span,
        draft: raw.draft,
    };
    c.finish(Parsed {
        meta,
        body: split.body,
        body_offset: split.body_offset,
    })
}

pub fn parse_term<'a>(file: &Path, text: &'a str) -> Result<Parsed<'a, TermMeta>, Vec<Diagnostic>> {
    let (raw, split): (RawTerm, _) = parse_raw(file, text)?;
    let mut c = Checker {
        file,
        text,
        offset: split.front_offset,
        errors: vec![],
    };
    let term = c.text("term", &raw.term);
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
        short: c.text("short", &raw.short),
        sources: c.sources(&raw.sources),
        draft: raw.draft,
    };
    c.finish(Parsed {
        meta,
        body: split.body,
        body_offset: split.body_offset,
    })
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------------------
// sources.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    title: Spanned<String>,
    publisher: Option<String>,
    url: Spanned<String>,
    date: Option<Spanned<Value>>,
}

/// One entry of `content/sources.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    pub id: String,
    pub id_span: Range<usize>,
    pub title: String,
    pub publisher: Option<String>,
    pub url: String,
    pub date: Option<PartialDate>,
}

pub fn parse_sources(file: &Path, text: &str) -> Result<Vec<SourceEntry>, Vec<Diagnostic>> {
    let raw: RawSources = deserialize(file, text, text, 0).map_err(|d| vec![d])?;
    let mut c = Checker {
        file,
        text,
        offset: 0,
        errors: vec![],
    };
    let mut out = Vec::with_capacity(raw.source.len());
    for s in &raw.source {
        let id = c.text("id", &s.id);
        let url = c.text("url", &s.url);
        if !(url.starts_with("https://") || url.starts_with("http://") || url.is_empty()) {
            let span = c.span(&s.url);
            c.errors.push(
                Diagnostic::error(
                    Class::Content,
                    format!("source url `{url}` is not a web address"),
                )
                .at(file, text, span)
                .with_hint("a source url starts with https:// or http://"),
            );
        }
        let date = s.date.as_ref().and_then(|d| c.date("date", d));
        out.push(SourceEntry {
            id,
            id_span: c.span(&s.id),
            title: c.text("title", &s.title),
            publisher: non_empty(s.publisher.clone()),
            url,
            date,
        });
    }
    c.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<impl Sized, Vec<Diagnostic>>) -> Diagnostic {
        match r {
            Ok(_) => panic!("expected an error"),
            Err(mut v) => v.remove(0),
        }
    }

    #[test]
    fn unknown_key_points_at_the_file_line_with_a_suggestion() {
        let text =
            "+++\ntitle = \"A\"\nend_dat = \"2024\"\ndate = \"2024\"\nsources = []\n+++\nBody\n";
        let d = err(parse_event(Path::new("e.md"), text));
        let loc = d.location.unwrap();
        assert_eq!(loc.position.unwrap().line, 3);
        assert_eq!(loc.position.unwrap().column, 1);
        assert!(
            d.message.contains("unknown field `end_dat`"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `end_date`?"));
    }

    #[test]
    fn dates_keep_precision_and_order() {
        let text = "+++\ntitle = \"A\"\ndate = \"2024-01\"\nend_date = 2024-02-01\nsources = [\"S1\"]\n+++\nBody\n";
        let p = parse_event(Path::new("e.md"), text).unwrap();
        assert_eq!(p.meta.date.to_string(), "2024-01");
        assert_eq!(p.meta.end_date.unwrap().to_string(), "2024-02-01");
        assert_eq!(p.body, "Body\n");
        assert_eq!(
            p.meta.sources.unwrap()[0].span,
            text.find("\"S1\"").unwrap()..text.find("\"S1\"").unwrap() + 4
        );
    }

    #[test]
    fn end_before_start_is_an_error_at_end_date() {
        let text = "+++\ntitle = \"A\"\ndate = \"2024-03-01\"\nend_date = \"2024-02-01\"\n+++\n";
        let d = err(parse_event(Path::new("e.md"), text));
        assert_eq!(d.location.unwrap().position.unwrap().line, 4);
        assert!(d.message.contains("before"));
    }

    #[test]
    fn yaml_and_unterminated_blocks_are_explained() {
        let d = err(parse_term(Path::new("t.md"), "---\nterm: x\n---\n"));
        assert!(d.hint.unwrap().contains("TOML between `+++`"));
        let d = err(parse_term(Path::new("t.md"), "+++\nterm = \"x\"\n"));
        assert!(d.message.contains("unterminated"));
    }
}
