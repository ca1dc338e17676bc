//! What a language edition's input carries about each translation (see
//! `model::editions`, which fills it): plain values.

use std::path::PathBuf;
use std::sync::Arc;

/// A translation standing in for its original in an edition's input: the file in `files`
/// keeps the original's path (so slugs and `@/` keys are the original's) and carries the
/// merged frontmatter; the model then shows this file's own path and text.
#[derive(Debug, Clone)]
pub struct Translation {
    /// `content/timeline/x.ar.md`.
    pub rel_path: PathBuf,
    pub text: Arc<str>,
    /// Where its markdown body starts in `text`.
    pub body_offset: usize,
    /// `translated`: the date of the original it renders.
    pub translated: crate::dates::PartialDate,
    /// The original's changes after `translated` (empty: up to date).
    pub missing: Vec<Change>,
    /// The original's latest change is after `translated`.
    pub stale: bool,
    /// The text fields (and `authors`) it shows in the original's words: those it does
    /// not give itself. Marked with the original's `lang` on its pages.
    pub inherited: Vec<String>,
}

/// One change of an original that a translation does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub date: crate::dates::PartialDate,
    /// `update` or `correction`.
    pub kind: String,
    pub summary: String,
}
