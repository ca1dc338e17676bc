//! Placeholders left by `dossier new` (and editors' own `TODO:` notes) in what a build
//! publishes: one warning each, so `--strict` refuses to publish them. Reads the texts
//! only; which files are published is the model's to say.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;

/// The marker `dossier new` writes where an editor still has to write something. A build
/// warns about each one left (so `--strict` refuses to publish them); editors may use it
/// for their own notes too.
pub const PLACEHOLDER: &str = "TODO:";

/// A warning for each [`PLACEHOLDER`] in each of `published` (file, text), in their order.
pub(super) fn in_files<'a>(
    published: impl Iterator<Item = (&'a Path, &'a Arc<str>)>,
) -> impl Iterator<Item = Diagnostic> {
    let published: Vec<_> = published.collect();
    let found: Vec<Vec<Diagnostic>> = published
        .par_iter()
        .map(|(file, text)| placeholders(file, text))
        .collect();
    found.into_iter().flatten()
}

/// A warning for each [`PLACEHOLDER`] in `text`, outside fenced code (code may say TODO
/// for its own reasons).
fn placeholders(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = vec![];
    // Nearly every text has none: one search of the whole text instead of one per line
    // (each of which set up its own searcher: 1% of a 1,000-page build).
    if !text.contains(PLACEHOLDER) {
        return out;
    }
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(f);
        } else if let Some(i) = line.find(PLACEHOLDER) {
            // What the note asks for: its first sentence.
            let asks = line[i + PLACEHOLDER.len()..]
                .split(['.', ';', '"'])
                .next()
                .unwrap_or("")
                .trim();
            let hint = if asks.is_empty() {
                format!("write the missing text and remove `{PLACEHOLDER}`")
            } else {
                format!("write {asks}, and remove `{PLACEHOLDER}`")
            };
            out.push(
                Diagnostic::warning("placeholder left to fill in")
                    .at(file, text, offset + i..offset + i + PLACEHOLDER.len())
                    .with_hint(hint),
            );
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_at_their_line_outside_code() {
        let text = "+++\ntitle = \"T\"\nsummary = \"TODO: a summary.\"\n+++\nText.\n\n```\n// TODO: not this\n```\nTODO: the text; more\n";
        let found = placeholders(Path::new("content/x.md"), text);
        let at: Vec<(usize, usize)> = found
            .iter()
            .map(|d| {
                let p = d.location.as_ref().unwrap().position.unwrap();
                (p.line, p.column)
            })
            .collect();
        assert_eq!(at, [(3, 12), (10, 1)]);
        assert_eq!(
            found[0].hint.as_deref(),
            Some("write a summary, and remove `TODO:`")
        );
        assert_eq!(
            found[1].hint.as_deref(),
            Some("write the text, and remove `TODO:`")
        );
        assert!(placeholders(Path::new("x.md"), "nothing to do").is_empty());
    }
}
