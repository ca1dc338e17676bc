//! The checks of frontmatter fields that every kind shares: dates, required text,
//! source lists, the list of updates. A [`Checker`] collects the problems of one file so
//! all of them are reported together.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};

use super::{Parsed, Split};
use crate::dates::PartialDate;
use crate::diag::{Class, Diagnostic};
use crate::parse::punctuation::smart_punctuation;

/// Stands in for a date that did not parse; its error is reported, so it is never shown.
pub(super) const NO_DATE: PartialDate = PartialDate {
    year: 0,
    month: 0,
    day: 0,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUpdate {
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

/// An id written in a `sources` (or `places`) list, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: String,
    pub span: Range<usize>,
}

/// An old URL of a page, as written in its `aliases` (`background/old-name/`), with
/// where it was written: the model makes it a redirect, or an error at that place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAlias {
    pub url: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub date: PartialDate,
    pub kind: UpdateKind,
    pub summary: String,
}

/// Collects the checks of one file so all its problems are reported together.
pub(super) struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
    offset: usize,
    errors: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Checks the fields of `text` (the whole file) whose spans are relative to `offset`.
    pub(super) fn new(file: &'a Path, text: &'a str, offset: usize) -> Self {
        Checker {
            file,
            text,
            offset,
            errors: vec![],
        }
    }

    /// A content error at `span` of the file.
    pub(super) fn error(&mut self, message: String, span: Range<usize>, hint: impl Into<String>) {
        self.errors.push(
            Diagnostic::error(Class::Content, message)
                .at(self.file, self.text, span)
                .with_hint(hint),
        );
    }

    pub(super) fn span<T>(&self, s: &Spanned<T>) -> Range<usize> {
        let r = s.span();
        r.start + self.offset..r.end + self.offset
    }

    pub(super) fn date(&mut self, field: &str, v: &Spanned<Value>) -> Option<PartialDate> {
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
                self.error(message, span, hint);
                None
            }
        }
    }

    pub(super) fn text(&mut self, field: &str, v: &Spanned<String>) -> String {
        if v.get_ref().trim().is_empty() {
            let span = self.span(v);
            self.error(
                format!("`{field}` is empty"),
                span,
                format!("write the {field} between the quotes"),
            );
        }
        v.get_ref().trim().to_string()
    }

    /// A plain-text field a reader sees as prose (a title, a summary, `short`): checked
    /// like [`Checker::text`], with smart punctuation like the markdown bodies.
    pub(super) fn prose(&mut self, field: &str, v: &Spanned<String>) -> String {
        smart_punctuation(&self.text(field, v))
    }

    /// A list of ids (of sources, of places) with where each was written.
    pub(super) fn sources(&mut self, list: &[Spanned<String>]) -> Vec<SourceRef> {
        list.iter()
            .map(|s| SourceRef {
                id: s.get_ref().trim().to_string(),
                span: self.span(s),
            })
            .collect()
    }

    pub(super) fn aliases(&mut self, list: &[Spanned<String>]) -> Vec<PageAlias> {
        list.iter()
            .map(|a| PageAlias {
                url: self.text("aliases", a),
                span: self.span(a),
            })
            .collect()
    }

    pub(super) fn updates(&mut self, raw: &[RawUpdate]) -> Vec<Update> {
        raw.iter()
            .filter_map(|u| {
                let date = self.date("date", &u.date)?;
                Some(Update {
                    date,
                    kind: u.kind,
                    summary: smart_punctuation(u.summary.trim()),
                })
            })
            .collect()
    }

    /// The file's typed frontmatter and body, if its fields had no problems.
    pub(super) fn parsed<'t, M>(
        self,
        meta: M,
        split: Split<'t>,
    ) -> Result<Parsed<'t, M>, Vec<Diagnostic>> {
        self.finish(Parsed {
            meta,
            body: split.body,
            body_offset: split.body_offset,
        })
    }

    pub(super) fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

pub(super) fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
