//! The [`Spec`]: what `templates/search.js` needs to tokenise a reader's query exactly
//! like the index, gathered from the characters the site uses. It describes the rules of
//! the tokenizer; it does not tokenise.

use std::collections::BTreeMap;

use serde::Serialize;

use super::fold::{fold, is_dropped, DROP_RANGES};
use super::{is_joining_mark, Tokenizer, MAX_TOKEN_CHARS, PAIR_SCRIPTS};

/// What the browser needs to tokenise queries exactly like the index. The fold table
/// covers the characters the site uses, plus those a reader may type for a site that
/// lacks them (Latin-1 and Latin Extended-A letters, accented Greek, full-width Latin):
/// `Zürich` must find `Zurich`.
#[derive(Debug, Default, Serialize)]
pub struct Spec {
    /// Lowercase character → its fold, for every character of the site that changes.
    pub fold: BTreeMap<String, String>,
    /// [`DROP_RANGES`]: marks dropped wherever they come from.
    pub drop: Vec<[u32; 2]>,
    /// Word characters of the site that are neither letters nor digits.
    pub join: String,
    /// [`PAIR_SCRIPTS`].
    pub pairs: Vec<[u32; 2]>,
    pub stop: Vec<&'static str>,
    pub max: usize,
}

/// Collects a [`Spec`] from the text it is shown.
#[derive(Debug, Default)]
pub struct SpecBuilder {
    seen: std::collections::BTreeSet<char>,
}

impl SpecBuilder {
    pub fn add(&mut self, text: &str) {
        if text.is_ascii() {
            return;
        }
        for c in text.chars().filter(|c| !c.is_ascii()) {
            self.seen.extend(c.to_lowercase());
        }
    }

    pub fn merge(&mut self, other: SpecBuilder) {
        self.seen.extend(other.seen);
    }

    pub fn finish(mut self, tokenizer: &Tokenizer) -> Spec {
        let typed = (0xC0..=0x17F)
            .chain(0x386..=0x3CE)
            .chain(0xFF01..=0xFF5E)
            .chain([0x451, 0x622, 0x623, 0x625, 0x671]);
        self.seen.extend(
            typed
                .filter_map(char::from_u32)
                .flat_map(char::to_lowercase)
                .filter(|c| !c.is_ascii()),
        );
        let mut spec = Spec {
            drop: DROP_RANGES.iter().map(|&(a, b)| [a, b]).collect(),
            pairs: PAIR_SCRIPTS.iter().map(|&(a, b)| [a, b]).collect(),
            stop: tokenizer.stop_words().to_vec(),
            max: MAX_TOKEN_CHARS,
            ..Spec::default()
        };
        let mut join = std::collections::BTreeSet::new();
        for &c in &self.seen {
            let mut folded = String::new();
            fold(c, |f| folded.push(f));
            if folded != c.to_string() && !is_dropped(c as u32) {
                spec.fold.insert(c.to_string(), folded.clone());
            }
            join.extend(folded.chars().filter(|f| is_joining_mark(*f)));
        }
        spec.join = join.into_iter().collect();
        spec
    }
}
