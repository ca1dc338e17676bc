//! Frontmatter: split the `+++` block off a content file, deserialize it into the typed
//! struct of its kind (unknown keys are errors), and check what one file can check alone
//! (dates, `end_date` order, empty fields).
//!
//! Every span here is a byte range in the **whole file**, so diagnostics count lines from
//! the top of the file, not from the frontmatter (zola#1133). Nothing here reads files or
//! knows about other pages; cross-file checks live in `model`.
//!
//! This file splits and deserializes; `fields` checks the fields the kinds share,
//! `kinds` holds each kind's raw and validated struct, `sources` reads `sources.toml`.

mod fields;
mod kinds;
mod places;
mod sources;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{toml_error, Class, Diagnostic};
pub use fields::{PageAlias, SocialImage, SourceRef, Update, UpdateKind};
pub use kinds::{
    parse_background, parse_event, parse_explainer, parse_page, parse_term, BackgroundMeta,
    EventMeta, ExplainerMeta, PageMeta, TermKind, TermMeta,
};
pub use places::{parse_places, Place, PlaceName, Precision};
pub use sources::{parse_sources, SourceEntry};

/// A content file cut in two. Offsets are into the full file text.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// The offset of the first carriage return not followed by a line feed, if any.
fn lone_cr(text: &str) -> Option<usize> {
    text.match_indices('\r')
        .map(|(i, _)| i)
        .find(|&i| text.as_bytes().get(i + 1) != Some(&b'\n'))
}

/// Finds the `+++` … `+++` block at the top of `text`.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    // Old Mac editors end lines with a lone CR, which neither TOML nor the `+++` lines
    // accept: say so, rather than "missing frontmatter" over the whole file on one line.
    // See: issue 21, point 6.
    if let Some(cr) = lone_cr(text) {
        return Err(
            Diagnostic::error(Class::Content, "the file uses CR line endings")
                .at(file, text, cr..cr + 1)
                .with_hint("save it with LF or CRLF line endings"),
        );
    }
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
