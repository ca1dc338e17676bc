//! Social cards (see `render::cards`), drawn through the image cache: each card is kept
//! in `.dossier-cache/images/` under a hash of its texts and of the design (fonts
//! included), so a build whose titles did not change draws nothing; it copies.

use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::images::{store, CACHE_DIR};
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::read::io_reason;
use crate::render::cards::{card_png, Card, DESIGN};

/// How many cards a run drew, and how many it took from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CardCount {
    pub drawn: usize,
    pub cached: usize,
}

/// `card-<hash of the design and the texts>.png`.
fn cache_name(card: &Card) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    DESIGN.hash(&mut h);
    card.hash(&mut h);
    format!("card-{:016x}.png", h.finish())
}

/// The bytes of `card`, from the cache of the site at `root` or drawn (and kept).
pub fn card_bytes(root: &Path, card: &Card) -> Result<Vec<u8>, Diagnostic> {
    let cached = root.join(CACHE_DIR).join(cache_name(card));
    if let Ok(bytes) = fs::read(&cached) {
        return Ok(bytes);
    }
    let bytes = card_png(card).map_err(|e| {
        Diagnostic::error(
            Class::Setup,
            format!("cannot draw the social card of `{}`: {e}", card.title),
        )
        .with_hint("this is a bug in Dossier; set `image` in the page's frontmatter meanwhile")
    })?;
    store(&cached, &bytes);
    Ok(bytes)
}

/// Writes every card of `cards` (output path, card) under `dest`.
pub fn publish(
    root: &Path,
    dest: &Path,
    cards: &[(String, Card)],
) -> Result<CardCount, Diagnostics> {
    let cache = root.join(CACHE_DIR);
    let results: Vec<Result<bool, Diagnostic>> = cards
        .par_iter()
        .map(|(path, card)| {
            let out = dest.join(path);
            if let Some(dir) = out.parent() {
                fs::create_dir_all(dir).map_err(|e| cannot_write(&out, &e))?;
            }
            if fs::copy(cache.join(cache_name(card)), &out).is_ok() {
                return Ok(false);
            }
            let bytes = card_bytes(root, card)?;
            fs::write(&out, bytes).map_err(|e| cannot_write(&out, &e))?;
            Ok(true)
        })
        .collect();
    let mut count = CardCount::default();
    let mut diags = Diagnostics::default();
    for r in results {
        match r {
            Ok(true) => count.drawn += 1,
            Ok(false) => count.cached += 1,
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(count)
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Class::Setup,
        format!(
            "cannot write {}: {}",
            PathBuf::from(path).display(),
            io_reason(e)
        ),
    )
    .with_hint("check that the output location exists and is writable")
}

impl super::Staging {
    /// Writes the social cards into the staging folder (see [`publish`]).
    pub fn put_cards(&self, cards: &[(String, Card)]) -> Result<CardCount, Diagnostics> {
        publish(&self.root, &self.dir, cards)
    }
}
