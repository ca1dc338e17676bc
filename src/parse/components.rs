//! The typed bodies of the fenced components an editor writes in markdown (`figure`,
//! `quote`, `numbers`, `embed`) and of an image's credit sidecar (`x.jpg.toml`): TOML,
//! unknown keys refused, like frontmatter. Spans are relative to the TOML text; the
//! caller adds where that text sits in its file. No I/O, no HTML.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{toml_error, Diagnostic};

/// The info strings that make a fenced block a component instead of code.
pub const COMPONENTS: &[&str] = &["figure", "quote", "numbers", "embed", "chart", "map"];

/// Whether a fenced block whose info string starts with `lang` is a component.
pub fn is_component(lang: &str) -> bool {
    COMPONENTS.contains(&lang)
}

/// ```` ```figure ````: an image of `static/` with its caption and credit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureBlock {
    pub src: Spanned<String>,
    pub alt: Option<Spanned<String>>,
    pub caption: Option<Spanned<String>>,
    pub credit: Option<Spanned<String>>,
    pub license: Option<Spanned<String>>,
    #[serde(default)]
    pub wide: bool,
}

/// ```` ```quote ````: words someone said, attributed and sourced.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteBlock {
    pub text: Spanned<String>,
    pub by: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub note: Option<Spanned<String>>,
}

/// ```` ```numbers ````: key numbers set off from the text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumbersBlock {
    pub number: Vec<NumberItem>,
}

/// One key number: a `value` as written, or a cell of a data table (`data`, `row`,
/// `column`; `row` matches the table's first column as written in the CSV).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberItem {
    pub value: Option<Spanned<String>>,
    pub data: Option<Spanned<String>>,
    pub row: Option<Spanned<String>>,
    pub column: Option<Spanned<String>>,
    pub label: Spanned<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub note: Option<Spanned<String>>,
}

/// ```` ```embed ````: a video or page of another host, loaded only on a reader's click.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedBlock {
    pub url: Spanned<String>,
    pub title: Spanned<String>,
    pub poster: Option<Spanned<String>>,
}

/// ```` ```chart ````: a table of `content/data/` drawn as SVG at build time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartBlock {
    pub data: Spanned<String>,
    pub kind: Spanned<ChartKind>,
    pub x: Spanned<String>,
    pub y: Spanned<Vec<Spanned<String>>>,
    pub title: Spanned<String>,
    pub alt: Spanned<String>,
    pub caption: Option<Spanned<String>>,
}

/// `line`: points joined over x; `column`: vertical bars; `bar`: horizontal bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    Line,
    Bar,
    Column,
}

/// ```` ```map ````: a map of places of `content/places.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapBlock {
    pub places: Spanned<Vec<Spanned<String>>>,
    pub title: Spanned<String>,
    pub caption: Option<Spanned<String>>,
}

/// `static/img/x.jpg.toml`: the credit of an image used on several pages, given once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub credit: Option<String>,
    pub license: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
}

/// Deserializes a component's TOML body (`toml`, at byte `offset` of the file `text`).
/// `fence` is the span of the fence's line, where a missing field is reported.
pub fn parse_block<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    toml: &str,
    offset: usize,
    fence: Range<usize>,
) -> Result<T, Diagnostic> {
    toml::from_str::<T>(toml).map_err(|e| {
        let d = toml_error(file, text, toml, offset, &e);
        if !d.message.starts_with("missing field") {
            return d;
        }
        let field = d.message.split('`').nth(1).unwrap_or("").to_string();
        let mut d = d.at(file, text, fence);
        d.hint = Some(format!("add `{field} = …` inside the block"));
        d
    })
}

/// Parses a sidecar (`file` is its path from the site root, for diagnostics).
pub fn parse_sidecar(file: &Path, text: &str) -> Result<Sidecar, Diagnostic> {
    toml::from_str::<Sidecar>(text).map_err(|e| toml_error(file, text, text, 0, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_in_a_block_is_located_in_the_file() {
        let text = "intro\n```quote\ntext = \"x\"\nbyy = \"y\"\n```\n";
        let toml_at = text.find("text").unwrap();
        let toml = &text[toml_at..text.rfind("```").unwrap()];
        let d =
            parse_block::<QuoteBlock>(Path::new("a.md"), text, toml, toml_at, 6..14).unwrap_err();
        let p = d.location.unwrap().position.unwrap();
        assert_eq!((p.line, p.column), (4, 1));
        assert_eq!(d.hint.as_deref(), Some("did you mean `by`?"));
    }

    #[test]
    fn missing_field_points_at_the_fence() {
        let text = "```embed\nurl = \"https://example.org/\"\n```\n";
        let d =
            parse_block::<EmbedBlock>(Path::new("a.md"), text, &text[9..38], 9, 0..8).unwrap_err();
        assert!(d.message.contains("missing field `title`"), "{}", d.message);
        assert_eq!(d.location.unwrap().position.unwrap().line, 1);
        assert_eq!(d.hint.as_deref(), Some("add `title = …` inside the block"));
    }
}
