//! `content/sources.toml`: the list of sources that pages cite, each with an id, a title
//! and, when it is on the web, its address (an interview, a print edition or a document
//! on file has none: its title, publisher and date identify it).

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};

use super::deserialize;
use super::fields::{non_empty, Checker};
use crate::dates::PartialDate;
use crate::diag::Diagnostic;

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
    url: Option<Spanned<String>>,
    date: Option<Spanned<Value>>,
}

/// One entry of `content/sources.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    pub id: String,
    pub id_span: Range<usize>,
    pub title: String,
    pub publisher: Option<String>,
    /// `None` for a source that is not on the web.
    pub url: Option<String>,
    pub date: Option<PartialDate>,
}

pub fn parse_sources(file: &Path, text: &str) -> Result<Vec<SourceEntry>, Vec<Diagnostic>> {
    let raw: RawSources = deserialize(file, text, text, 0).map_err(|d| vec![d])?;
    let mut c = Checker::new(file, text, 0);
    let mut out = Vec::with_capacity(raw.source.len());
    for s in &raw.source {
        let id = c.text("id", &s.id);
        let url = s.url.as_ref().map(|u| c.text("url", u));
        if let (Some(url), Some(raw)) = (&url, &s.url) {
            if !(crate::html::is_web_address(url) || url.is_empty()) {
                let span = c.span(raw);
                c.error(
                    format!("source url `{url}` is not a web address"),
                    span,
                    "a source url starts with https:// or http:// and names a host, e.g. https://example.org/report; a source that is not on the web has no `url`",
                );
            }
        }
        let date = s.date.as_ref().and_then(|d| c.date("date", d));
        out.push(SourceEntry {
            id,
            id_span: c.span(&s.id),
            title: c.prose("title", &s.title),
            publisher: non_empty(s.publisher.clone()),
            url,
            date,
        });
    }
    c.finish(out)
}
