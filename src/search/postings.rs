//! The posting lists of the index being built: per token, the results whose title and
//! whose body contain it, gathered in parallel stretches of results and merged in result
//! order. Owns the token keys and the list merging; which texts are tokenised, and how
//! lists are written out, belong to the index (`mod.rs`, `encoding`).

use rustc_hash::FxHashMap;

use super::results::Doc;
use super::tokenize::{SpecBuilder, Token, Tokenizer};

/// The results a word appears in: in their title, and in their body.
#[derive(Debug, Default)]
pub(super) struct Postings {
    pub(super) title: Vec<u32>,
    pub(super) body: Vec<u32>,
    /// One more than the last id of `body`, 0 while it is empty. Most of a page's tokens
    /// repeat one it had already, and telling so from here, beside the key the lookup
    /// just read, spares a read of the list's end, which is elsewhere in memory: on a
    /// large site, a cache miss for nearly every word of its text.
    body_end: u32,
}

/// Postings by token. Hashing and comparing a token was most of what indexing a word
/// cost: tokens of up to 16 bytes (nearly all of them) are keyed by their bytes in a
/// `u128` instead ([`Token::Short`]), the rare longer ones by their text.
#[derive(Default)]
pub(super) struct Words {
    /// FxHash: tokens are hashed tens of millions of times on a large site; SipHash's
    /// flooding resistance buys nothing for a site's own words.
    short: FxHashMap<u128, Postings>,
    long: FxHashMap<String, Postings>,
}

impl Words {
    #[inline]
    fn postings(&mut self, token: Token<'_>) -> &mut Postings {
        match token {
            Token::Short(key) => self.short.entry(key).or_default(),
            // Looked up by `&str` first, so a token costs an allocation only the first
            // time its stretch sees it.
            Token::Long(token) if self.long.contains_key(token) => {
                self.long.get_mut(token).expect("just found")
            }
            Token::Long(token) => self.long.entry(token.to_string()).or_default(),
        }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// `later` holds results after all of `self`'s, so lists stay sorted by appending.
    fn merge(self, later: Words) -> Words {
        let (mut into, from, from_is_early) = if self.len() < later.len() {
            (later, self, true)
        } else {
            (self, later, false)
        };
        merge_postings(&mut into.short, from.short, from_is_early);
        merge_postings(&mut into.long, from.long, from_is_early);
        into
    }

    /// Every token with its postings, sorted by token.
    pub(super) fn into_sorted(self) -> Vec<(String, Postings)> {
        let mut words: Vec<(String, Postings)> = self
            .short
            .into_iter()
            .map(|(key, p)| (Token::Short(key).with_str(str::to_string), p))
            .chain(self.long)
            .collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        words
    }
}

fn merge_postings<K: std::hash::Hash + Eq>(
    into: &mut FxHashMap<K, Postings>,
    from: FxHashMap<K, Postings>,
    from_is_early: bool,
) {
    for (word, p) in from {
        let q = into.entry(word).or_default();
        if from_is_early {
            q.title = concat(p.title, std::mem::take(&mut q.title));
            q.body = concat(p.body, std::mem::take(&mut q.body));
        } else {
            q.title = concat(std::mem::take(&mut q.title), p.title);
            q.body = concat(std::mem::take(&mut q.body), p.body);
        }
        q.body_end = q.body.last().map_or(0, |&id| id + 1);
    }
}

/// Postings of a stretch of results, by token.
#[derive(Default)]
pub(super) struct Stretch {
    pub(super) postings: Words,
    pub(super) spec: SpecBuilder,
}

impl Stretch {
    /// Adds result `id`'s tokens: its title's under `id`, its body's under `body_id` (the
    /// result itself, or in a compact index the page it is on).
    pub(super) fn add(&mut self, tokenizer: &Tokenizer, id: u32, body_id: u32, d: &Doc) {
        for t in [&d.title, &d.title_extra, &d.text, &d.body_extra, &d.sub] {
            self.spec.add(t);
        }
        for (texts, title) in [
            (&[&d.title, &d.title_extra][..], true),
            (&[&d.text, &d.body_extra, &d.sub][..], false),
        ] {
            for text in texts {
                tokenizer.for_each_token(text, |tok| {
                    let p = self.postings.postings(tok);
                    if title {
                        push(&mut p.title, id);
                    } else if p.body_end != body_id + 1 {
                        p.body.push(body_id);
                        p.body_end = body_id + 1;
                    }
                });
            }
        }
    }

    /// `later` holds results after all of `self`'s.
    pub(super) fn merge(self, later: Stretch) -> Stretch {
        let mut spec = self.spec;
        spec.merge(later.spec);
        Stretch {
            postings: self.postings.merge(later.postings),
            spec,
        }
    }
}

/// Two sorted posting lists, the second after the first; an id both hold (a page whose
/// sections fell into two stretches) is kept once.
fn concat(mut early: Vec<u32>, late: Vec<u32>) -> Vec<u32> {
    let skip = usize::from(early.last().is_some() && early.last() == late.first());
    early.extend_from_slice(&late[skip..]);
    early
}

/// Appends to a posting list kept sorted and distinct (ids arrive in order).
#[inline]
fn push(list: &mut Vec<u32>, id: u32) {
    if list.last() != Some(&id) {
        list.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_come_back_from_their_keys_and_long_ones_are_kept_apart() {
        let mut words = Words::default();
        let tokens = [
            "a",
            "iraq",
            "sixteen_bytes_ok",
            "seventeen-bytes-x",
            "zürich",
            "汉字",
            "ابحث",
            "0123456789abcdef",
        ];
        for (i, t) in tokens.iter().enumerate() {
            push(&mut words.postings(Token::of(t)).body, i as u32);
            push(&mut words.postings(Token::of(t)).body, i as u32 + 100);
        }
        assert_eq!(words.short.len(), 7);
        assert_eq!(words.long.len(), 1);
        let sorted = words.into_sorted();
        let mut expected: Vec<&str> = tokens.to_vec();
        expected.sort();
        assert_eq!(
            sorted.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(),
            expected
        );
        for (w, p) in &sorted {
            let i = tokens.iter().position(|t| t == w).unwrap() as u32;
            assert_eq!(p.body, [i, i + 100], "{w}");
        }
    }
}
