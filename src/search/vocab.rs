//! The tokens of a build, numbered where they were met. Each thread that tokenises
//! results keeps a vocabulary of its own, and a result keeps its distinct title and body
//! tokens as numbers in that vocabulary; the index maps every vocabulary onto the sorted
//! list of all words once, at the end ([`Vocabs::into_sorted`]).
//!
//! Why numbers: a background page is tokenised on the thread that composed it, while its
//! text is still in cache, and a large site's text is dropped there instead of being kept
//! for the index (75 MB at 10,000 pages). Its tokens are what is kept: a few kilobytes a
//! page, and the index then files postings by array index instead of hashing every word.
//! See: issue 20.

use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::results::Doc;
use super::short_table::ShortTable;
use super::tokenize::{SpecBuilder, Token, Tokenizer};

/// A result's distinct tokens, numbered in one vocabulary. Their order means nothing:
/// the index files each token's posting by its word, whatever the order.
#[derive(Debug, Default)]
pub(super) struct DocTokens {
    /// Which vocabulary of the [`Vocabs`] numbered them.
    pub(super) vocab: usize,
    pub(super) title: Vec<u32>,
    pub(super) body: Vec<u32>,
}

/// A token as a vocabulary keeps it.
enum Word {
    Short(u128),
    Long(Box<str>),
}

/// One thread's tokens, numbered from 0 in the order it met them.
#[derive(Default)]
struct Vocab {
    short: ShortTable,
    /// FxHash: SipHash's flooding resistance buys nothing for a site's own words.
    long: FxHashMap<Box<str>, u32>,
    words: Vec<Word>,
    /// Per token, the stamp of the last list it went into, so that it goes into each list
    /// once without searching the list.
    last: Vec<u32>,
    stamp: u32,
    /// The short tokens of the text being tokenised (see [`Vocab::list`]), kept for
    /// the next text.
    keys: Vec<u128>,
    /// The characters of every text it tokenised, for the index's [`super::tokenize::Spec`].
    spec: SpecBuilder,
}

impl Vocab {
    /// The number of `token`. Only the lookup of a known short token (nearly every word)
    /// is inlined into [`Vocab::list`]'s loop; the rest goes the cold way.
    #[inline]
    fn id(&mut self, token: Token<'_>) -> u32 {
        if let Token::Short(key) = token {
            if let Some(id) = self.short.get(key) {
                return id;
            }
        }
        self.add(token)
    }

    /// The number of a long token, or a new number for a short one met for the first time.
    #[cold]
    #[inline(never)]
    fn add(&mut self, token: Token<'_>) -> u32 {
        let next = self.words.len() as u32;
        match token {
            Token::Short(key) => {
                self.short.insert(key, next);
                self.words.push(Word::Short(key));
            }
            // Looked up by `&str` first, so a long token is copied only the first time.
            Token::Long(text) => match self.long.get(text) {
                Some(&id) => return id,
                None => {
                    self.long.insert(text.into(), next);
                    self.words.push(Word::Long(text.into()));
                }
            },
        }
        self.last.push(0);
        next
    }

    /// A stamp no list had: stamps start at 1, and a new token's is 0.
    fn stamp(&mut self) -> u32 {
        self.stamp += 1;
        self.stamp
    }

    /// Appends to `list` the tokens of `texts` it does not have yet (those stamped
    /// `stamp`).
    ///
    /// The short tokens of a text are gathered first and looked up after, in a loop of
    /// their own: called for each token from inside the tokenizer's loop, the lookup was
    /// a function call with its registers saved and restored every time; on its own it is
    /// a few instructions, and the processor overlaps the lookups of neighbouring words.
    fn list(&mut self, tokenizer: &Tokenizer, texts: &[&str], stamp: u32, list: &mut Vec<u32>) {
        let mut keys = std::mem::take(&mut self.keys);
        for text in texts {
            keys.clear();
            tokenizer.for_each_token(text, |token| match token {
                Token::Short(key) => keys.push(key),
                Token::Long(_) => {
                    let id = self.id(token);
                    self.file(id, stamp, list);
                }
            });
            for &key in &keys {
                let id = self.id(Token::Short(key));
                self.file(id, stamp, list);
            }
        }
        self.keys = keys;
    }

    /// Appends token `id` to `list` unless it is stamped `stamp` (in it already).
    #[inline]
    fn file(&mut self, id: u32, stamp: u32, list: &mut Vec<u32>) {
        let seen = &mut self.last[id as usize];
        if *seen != stamp {
            *seen = stamp;
            list.push(id);
        }
    }

    /// `d`'s title tokens; its body tokens go to `body`, stamped `body_stamp`.
    fn tokens(&mut self, tokenizer: &Tokenizer, d: &Doc, body: (u32, &mut Vec<u32>)) -> Vec<u32> {
        for t in [&d.title, &d.title_extra, &d.text, &d.body_extra, &d.sub] {
            self.spec.add(t);
        }
        let mut title = vec![];
        let stamp = self.stamp();
        self.list(tokenizer, &[&d.title, &d.title_extra], stamp, &mut title);
        self.list(tokenizer, &[&d.text, &d.body_extra, &d.sub], body.0, body.1);
        title
    }
}

/// One vocabulary per thread of the pool, and one more for any other thread: a thread
/// locks only its own, so tokenising never waits.
pub struct Vocabs(Vec<Mutex<Vocab>>);

impl Default for Vocabs {
    fn default() -> Vocabs {
        Vocabs(
            (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        )
    }
}

/// Every word of a build, sorted, and where each vocabulary's numbers land in it.
pub(super) struct Sorted {
    pub(super) words: Vec<String>,
    /// Per vocabulary, per token number: its index in `words`.
    pub(super) place: Vec<Vec<u32>>,
    pub(super) spec: SpecBuilder,
}

impl Vocabs {
    /// This thread's vocabulary, locked, and its number.
    fn mine(&self) -> (usize, MutexGuard<'_, Vocab>) {
        let last = self.0.len() - 1;
        let vocab = rayon::current_thread_index().map_or(last, |i| i.min(last));
        let v = self.0[vocab].lock().unwrap_or_else(PoisonError::into_inner);
        (vocab, v)
    }

    /// The distinct title and body tokens of `d`, numbered in this thread's vocabulary.
    pub(super) fn tokens(&self, tokenizer: &Tokenizer, d: &Doc) -> DocTokens {
        let (vocab, mut v) = self.mine();
        let mut body = vec![];
        let stamp = v.stamp();
        let title = v.tokens(tokenizer, d, (stamp, &mut body));
        DocTokens { vocab, title, body }
    }

    /// The tokens of a page's results. With `one_body`, the body tokens of them all go
    /// to the first (the page's top), each once: all a compact index files, since a
    /// section's body postings are its page's there.
    pub(super) fn page(
        &self,
        tokenizer: &Tokenizer,
        docs: &[Doc],
        one_body: bool,
    ) -> Vec<DocTokens> {
        if !one_body {
            return docs.iter().map(|d| self.tokens(tokenizer, d)).collect();
        }
        let (vocab, mut v) = self.mine();
        let stamp = v.stamp();
        let mut page_body = vec![];
        let mut tokens: Vec<DocTokens> = docs
            .iter()
            .map(|d| DocTokens {
                vocab,
                title: v.tokens(tokenizer, d, (stamp, &mut page_body)),
                body: vec![],
            })
            .collect();
        if let Some(top) = tokens.first_mut() {
            top.body = page_body;
        }
        tokens
    }

    /// All the words the vocabularies met, sorted, with each vocabulary's numbers mapped
    /// onto them and the characters of every text tokenised.
    pub(super) fn into_sorted(self) -> Sorted {
        let vocabs: Vec<Vocab> = self
            .0
            .into_iter()
            .map(|v| v.into_inner().unwrap_or_else(PoisonError::into_inner))
            .collect();
        let mut all: Vec<(String, u32, u32)> = vocabs
            .par_iter()
            .enumerate()
            .flat_map_iter(|(v, vocab)| {
                vocab.words.iter().enumerate().map(move |(id, w)| {
                    let text = match w {
                        Word::Short(key) => Token::Short(*key).with_str(str::to_string),
                        Word::Long(text) => text.to_string(),
                    };
                    (text, v as u32, id as u32)
                })
            })
            .collect();
        all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut place: Vec<Vec<u32>> = vocabs.iter().map(|v| vec![0; v.words.len()]).collect();
        let mut words: Vec<String> = Vec::with_capacity(all.len());
        for (text, v, id) in all {
            if words.last() != Some(&text) {
                words.push(text);
            }
            place[v as usize][id as usize] = words.len() as u32 - 1;
        }
        let mut spec = SpecBuilder::default();
        for v in vocabs {
            spec.merge(v.spec);
        }
        Sorted { words, place, spec }
    }
}
