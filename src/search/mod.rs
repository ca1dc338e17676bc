//! Site search: the index that `templates/search.js` loads in the reader's browser.
//!
//! The index is a classic script, `search-index.js`, that assigns one global
//! (`window.dossierSearchIndex`), so search works from `file://` where `fetch` of a JSON
//! file is refused (mdBook's approach; Pagefind fails there, pagefind#202). It is loaded
//! only when a reader first focuses the search box, so it adds nothing to page weight.
//!
//! What a result is: a page's top (title, summary and text before the first heading),
//! each `##`/`###` section of the explainer and the background pages, each timeline
//! event and each glossary term. The index holds, per result, where it is (page ›
//! section), its URL, its title and the text excerpts are cut from; and per normalised
//! token (see [`tokenize`]) the results whose title or body contain it, as compact
//! posting lists.
//!
//! Size: a site whose text passes [`FULL_TEXT_BUDGET`] gets a compact index instead:
//! section bodies are indexed per page (a body match finds the page, a heading match
//! still finds the section) and excerpts come from summaries and the first words of
//! each result. Titles, headings, summaries, events and terms are always indexed in full.
//!
//! Pure: model and composed pages in, one output file out; deterministic bytes.

pub mod tokenize;

use rustc_hash::FxHashMap;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::compose::Composed;
use crate::markdown::sections as text;
use crate::model::{urls, Site};
use crate::slug::slugify;
use tokenize::{SpecBuilder, Tokenizer};

/// Above this many bytes of body text the index is compact (see the module docs). About
/// 150,000 words: far more than an explainer site, so the full index stays under ~2 MB.
pub const FULL_TEXT_BUDGET: usize = 1_000_000;

/// In a compact index, how much text each result keeps for its excerpt.
const TEASER_CHARS: usize = 160;

/// What the index file starts with: the one global it assigns (see the module docs).
const SCRIPT_START: &[u8] = b"window.dossierSearchIndex = ";

/// Bumped when the format changes, so a stale `search.js` can tell.
const FORMAT_VERSION: u32 = 1;

/// A page that results live on: labels for its breadcrumb and its URL from the root.
/// Written as `[page, section, url]`.
#[derive(Debug, Serialize)]
struct Place(
    /// Breadcrumb of the page's own result: `Background`.
    String,
    /// Breadcrumb of its sections: `Background › History of the lease`.
    String,
    /// From the site root: `background/history-of-the-lease/index.html`.
    String,
);

/// One search result.
#[derive(Debug)]
struct Doc {
    place: usize,
    /// `#fragment` on the place's page; empty for the page's top.
    fragment: String,
    title: String,
    /// Added to the breadcrumb: an event's date and place.
    sub: String,
    /// What the excerpt is cut from (and what the body tokens come from).
    text: String,
    /// More words for the title tokens (a term's aliases).
    title_extra: String,
    /// More words for the body tokens that are not in `text` (an event's group).
    body_extra: String,
    /// The result a compact index files this one's body tokens under: the page's top
    /// for a section, itself otherwise.
    page_doc: usize,
}

/// The results a word appears in: in their title, and in their body.
#[derive(Debug, Default)]
struct Postings {
    title: Vec<u32>,
    body: Vec<u32>,
}

#[derive(Serialize)]
struct IndexJson<'a> {
    v: u32,
    lang: &'a str,
    /// `full` or `compact`.
    mode: &'static str,
    tok: tokenize::Spec,
    places: Vec<Place>,
    /// `[place, fragment, title, text, sub]`, trailing empty strings left out. A fragment
    /// of `0` is the title's slug (most headings: their id is their ASCII title, slugged).
    docs: &'a [Vec<serde_json::Value>],
    /// Compact index only: the results that body postings count (a posting `n` is result
    /// `units[n]`), as a posting list. Numbering pages densely keeps their lists short.
    #[serde(skip_serializing_if = "Option::is_none")]
    units: Option<String>,
    /// Sorted tokens; `title[i]` and `body[i]` are the posting lists of `words[i]`.
    words: Vec<&'a str>,
    title: &'a [String],
    body: &'a [String],
}

/// Postings by token. Hashing and comparing a token was most of what indexing a word
/// cost: tokens of up to 16 bytes (nearly all of them) are keyed by their bytes in a
/// `u128` instead, the rare longer ones by their text. Tokens hold no NUL byte (they
/// are word characters), so the zero padding gives each key back its token.
#[derive(Default)]
struct Words {
    /// FxHash: tokens are hashed tens of millions of times on a large site; SipHash's
    /// flooding resistance buys nothing for a site's own words.
    short: FxHashMap<u128, Postings>,
    long: FxHashMap<String, Postings>,
}

impl Words {
    fn postings(&mut self, token: &str) -> &mut Postings {
        match short_key(token) {
            Some(key) => self.short.entry(key).or_default(),
            // Looked up by `&str` first, so a token costs an allocation only the first
            // time its stretch sees it.
            None if self.long.contains_key(token) => self.long.get_mut(token).expect("just found"),
            None => self.long.entry(token.to_string()).or_default(),
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
    fn into_sorted(self) -> Vec<(String, Postings)> {
        let mut words: Vec<(String, Postings)> = self
            .short
            .into_iter()
            .map(|(key, p)| (token_of(key), p))
            .chain(self.long)
            .collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        words
    }
}

/// A token of at most 16 bytes as a number: its bytes, zero-padded.
fn short_key(token: &str) -> Option<u128> {
    let bytes = token.as_bytes();
    let mut key = [0; 16];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

/// The token [`short_key`] made `key` from.
fn token_of(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..len]).into_owned()
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
    }
}

/// Postings of a stretch of results, by token.
#[derive(Default)]
struct Stretch {
    postings: Words,
    spec: SpecBuilder,
}

impl Stretch {
    /// Adds result `id`'s tokens: its title's under `id`, its body's under `body_id` (the
    /// result itself, or in a compact index the page it is on).
    fn add(&mut self, tokenizer: &Tokenizer, id: u32, body_id: u32, d: &Doc) {
        for t in [&d.title, &d.title_extra, &d.text, &d.body_extra, &d.sub] {
            self.spec.add(t);
        }
        for (texts, title) in [
            (&[&d.title, &d.title_extra][..], true),
            (&[&d.text, &d.body_extra, &d.sub][..], false),
        ] {
            for text in texts {
                tokenizer.for_each(text, |tok| {
                    let p = self.postings.postings(tok);
                    if title {
                        push(&mut p.title, id);
                    } else {
                        push(&mut p.body, body_id);
                    }
                });
            }
        }
    }

    /// `later` holds results after all of `self`'s.
    fn merge(self, later: Stretch) -> Stretch {
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

/// Builds `search-index.js`.
///
/// Takes the section texts compose collected out of the pages nothing else holds (and
/// copies them from the others).
pub fn index_script(site: &Site, composed: &mut Composed) -> Vec<u8> {
    let (places, mut docs) = collect(site, composed);
    let total: usize = docs.iter().map(|d| d.text.len()).sum();
    let compact = total > FULL_TEXT_BUDGET;
    let tokenizer = Tokenizer::for_language(&site.config.language);

    // What a body posting counts: each result (full), or each page (compact).
    let mut units = vec![];
    let mut unit_of = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        if !compact {
            unit_of.push(i as u32);
        } else {
            if d.page_doc == i {
                units.push(i as u32);
            }
            unit_of.push(units.len().saturating_sub(1) as u32);
        }
    }

    // Tokens of every result, in parallel stretches merged in result order. A compact
    // index cuts each excerpt as soon as its result is tokenised, so the whole text of
    // a large site is never held twice.
    let Stretch { postings, spec } = docs
        .par_iter_mut()
        .enumerate()
        .fold(Stretch::default, |mut s, (i, d)| {
            s.add(&tokenizer, i as u32, unit_of[i], d);
            if compact {
                // Excerpts of pages, events and terms keep their first words; a section
                // is found by its heading, which is all it shows.
                d.text = if d.page_doc == i {
                    text::teaser(&d.text, TEASER_CHARS)
                } else {
                    String::new()
                };
            }
            s
        })
        .reduce(Stretch::default, Stretch::merge);
    // Rayon reduces neighbouring stretches left to right, so the lists are sorted; this
    // keeps the bytes right even if that ever changed.
    let mut words = postings.into_sorted();
    words.par_iter_mut().for_each(|(_, p)| {
        for list in [&mut p.title, &mut p.body] {
            if !list.windows(2).all(|w| w[0] < w[1]) {
                list.sort_unstable();
                list.dedup();
            }
        }
    });

    // Made in parallel, and kept out of `IndexJson` so they can be freed elsewhere.
    let doc_values: Vec<_> = docs.par_iter().map(doc_json).collect();
    let title: Vec<String> = words.par_iter().map(|(_, p)| encode(&p.title)).collect();
    let body: Vec<String> = words.par_iter().map(|(_, p)| encode(&p.body)).collect();
    let json = IndexJson {
        v: FORMAT_VERSION,
        lang: &site.config.language,
        mode: if compact { "compact" } else { "full" },
        tok: spec.finish(&tokenizer),
        places,
        docs: &doc_values,
        units: compact.then(|| encode(&units)),
        words: words.iter().map(|(w, _)| w.as_str()).collect(),
        title: &title,
        body: &body,
    };
    // The JSON goes straight after the script's start: no second copy of a large index.
    let mut bytes = SCRIPT_START.to_vec();
    if serde_json::to_writer(&mut bytes, &json).is_err() {
        bytes.truncate(SCRIPT_START.len());
        bytes.extend_from_slice(b"null");
    }
    bytes.extend_from_slice(b";\n");
    drop(json);
    crate::dispose::drop_elsewhere((doc_values, title, body, docs, words));
    bytes
}

/// `[place, fragment, title, text, sub]` without trailing empty strings; a fragment that
/// is the slug of an ASCII title is written `0` (search.js slugs it back the same way).
fn doc_json(d: &Doc) -> Vec<serde_json::Value> {
    use serde_json::Value;
    let fragment =
        if !d.fragment.is_empty() && d.title.is_ascii() && slugify(&d.title) == d.fragment {
            Value::from(0)
        } else {
            Value::from(d.fragment.as_str())
        };
    let mut out = vec![
        Value::from(d.place),
        fragment,
        Value::from(d.title.as_str()),
        Value::from(d.text.as_str()),
        Value::from(d.sub.as_str()),
    ];
    while out.last().is_some_and(|v| v.as_str() == Some("")) {
        out.pop();
    }
    out
}

/// Appends to a posting list kept sorted and distinct (ids arrive in order).
fn push(list: &mut Vec<u32>, id: u32) {
    if list.last() != Some(&id) {
        list.push(id);
    }
}

/// The results of a page: its top, then one per section. `place` and `page_doc` are
/// relative (0, the page's top) until [`collect`] places them.
fn page_docs(
    title: &str,
    summary: &str,
    sections: Vec<text::PlainSection>,
    toc: &[crate::markdown::TocEntry],
) -> Vec<Doc> {
    let mut sections = sections.into_iter();
    let intro = sections.next().map(|s| s.text).unwrap_or_default();
    let mut docs = vec![Doc {
        place: 0,
        fragment: String::new(),
        title: title.to_string(),
        sub: String::new(),
        text: join(summary, &intro),
        title_extra: String::new(),
        body_extra: String::new(),
        page_doc: 0,
    }];
    // The k-th level 1–3 heading of the body is the k-th entry of the page's table of
    // contents, which holds the id it was rendered with.
    for (s, entry) in sections.zip(text::flatten(toc)) {
        docs.push(Doc {
            place: 0,
            fragment: entry.id.clone(),
            title: entry.text.clone(),
            sub: String::new(),
            text: s.text,
            title_extra: String::new(),
            body_extra: String::new(),
            page_doc: 0,
        });
    }
    docs
}

/// Appends a page's results, placing them on `place`.
fn place_page(places: &mut Vec<Place>, docs: &mut Vec<Doc>, place: Place, page: Vec<Doc>) {
    let p = places.len();
    places.push(place);
    let top = docs.len();
    docs.extend(page.into_iter().map(|d| Doc {
        place: p,
        page_doc: top,
        ..d
    }));
}

/// Appends the entries of one page (timeline events, glossary terms), each its own
/// result top, placing them on that page; a page with no entries is left out.
fn place_entries(
    places: &mut Vec<Place>,
    docs: &mut Vec<Doc>,
    name: &str,
    url: &str,
    entries: Vec<Doc>,
) {
    if entries.is_empty() {
        return;
    }
    let p = places.len();
    places.push(Place(name.into(), name.into(), url.into()));
    let first = docs.len();
    docs.extend(entries.into_iter().enumerate().map(|(i, d)| Doc {
        place: p,
        page_doc: first + i,
        ..d
    }));
}

/// The results of a site, in page order: explainer, background pages, events, terms.
/// Bodies are read (parsed into sections) in parallel; the order is the site's.
fn collect(site: &Site, composed: &mut Composed) -> (Vec<Place>, Vec<Doc>) {
    let mut places = vec![];
    let mut docs = vec![];

    let e = &site.explainer;
    place_page(
        &mut places,
        &mut docs,
        Place(
            "Explainer".into(),
            "Explainer".into(),
            urls::EXPLAINER.into(),
        ),
        page_docs(
            &e.meta.title,
            &e.meta.summary,
            std::mem::take(&mut composed.explainer.sections),
            &composed.explainer.toc,
        ),
    );
    let background: Vec<Vec<Doc>> = site
        .background
        .par_iter()
        .zip(composed.background.par_iter_mut())
        .map(|(d, c)| {
            let sections = match Arc::get_mut(c) {
                Some(c) => std::mem::take(&mut c.sections),
                None => c.sections.clone(),
            };
            page_docs(&d.meta.title, &d.meta.summary, sections, &c.toc)
        })
        .collect();
    for (d, page) in site.background.iter().zip(background) {
        place_page(
            &mut places,
            &mut docs,
            Place(
                "Background".into(),
                format!("Background › {}", d.meta.title),
                urls::background(&d.slug),
            ),
            page,
        );
    }

    let events: Vec<Doc> = site
        .events
        .par_iter()
        .map(|d| {
            let m = &d.meta;
            let when = m.display_date.clone().unwrap_or_else(|| match m.end_date {
                Some(end) => crate::dates::range(m.date, end),
                None => m.date.human(),
            });
            let sub = match &m.place {
                Some(place) => format!("{when} · {place}"),
                None => when,
            };
            Doc {
                place: 0,
                fragment: d.slug.clone(),
                title: m.title.clone(),
                sub,
                text: text::plain(d.body()),
                title_extra: String::new(),
                body_extra: m.group.clone().unwrap_or_default(),
                page_doc: 0,
            }
        })
        .collect();
    place_entries(&mut places, &mut docs, "Timeline", urls::TIMELINE, events);

    let terms: Vec<Doc> = site
        .terms
        .par_iter()
        .map(|d| {
            let m = &d.meta;
            let aliases: Vec<&str> = m.aliases.iter().map(|(a, _)| a.as_str()).collect();
            let also = if aliases.is_empty() {
                String::new()
            } else {
                format!("Also: {}.", aliases.join(", "))
            };
            Doc {
                place: 0,
                fragment: d.slug.clone(),
                title: m.term.clone(),
                sub: String::new(),
                text: join(&join(&also, &m.short), &text::plain(d.body())),
                title_extra: aliases.join(" "),
                body_extra: String::new(),
                page_doc: 0,
            }
        })
        .collect();
    place_entries(&mut places, &mut docs, "Glossary", urls::GLOSSARY, terms);
    (places, docs)
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

// ---------------------------------------------------------------------------------------
// Posting lists. A list of result ids is written as the shorter of two forms, both
// JSON-safe strings over the base64url alphabet:
//  - gaps: each id minus the previous one (the first minus -1), as little-endian groups
//    of 5 bits, one character each: values 0–31 end a number, 32–63 carry 5 bits and
//    continue it. A gap under 32 costs one character.
//  - bits: `!` then a bitmap, 6 ids per character (id i is bit i % 6 of character i / 6).
//    Wins for a word in more than about one result in six.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes a sorted, distinct list of ids.
pub fn encode(ids: &[u32]) -> String {
    let mut gaps = String::new();
    let mut prev: i64 = -1;
    for &id in ids {
        let mut gap = (i64::from(id) - prev) as u64;
        prev = i64::from(id);
        while gap >= 32 {
            gaps.push(ALPHABET[32 + (gap & 31) as usize] as char);
            gap >>= 5;
        }
        gaps.push(ALPHABET[gap as usize] as char);
    }
    let Some(&last) = ids.last() else {
        return gaps;
    };
    let chars = last as usize / 6 + 1;
    if chars + 1 >= gaps.len() {
        return gaps;
    }
    let mut bits = vec![0u8; chars];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    let mut out = String::with_capacity(chars + 1);
    out.push('!');
    out.extend(bits.iter().map(|&b| ALPHABET[b as usize] as char));
    out
}

/// Decodes what [`encode`] wrote (the browser's `decode` in search.js does the same).
pub fn decode(s: &str) -> Vec<u32> {
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u32;
    let mut out = vec![];
    if let Some(bits) = s.strip_prefix('!') {
        for (i, c) in bits.bytes().enumerate() {
            let v = value(c);
            out.extend(
                (0..6)
                    .filter(|b| v & (1 << b) != 0)
                    .map(|b| i as u32 * 6 + b),
            );
        }
        return out;
    }
    let (mut prev, mut gap, mut shift) = (-1i64, 0u64, 0u32);
    for c in s.bytes() {
        let v = u64::from(value(c));
        gap |= (v & 31) << shift;
        if v >= 32 {
            shift += 5;
        } else {
            prev += gap as i64;
            out.push(prev as u32);
            gap = 0;
            shift = 0;
        }
    }
    out
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
            push(&mut words.postings(t).body, i as u32);
            push(&mut words.postings(t).body, i as u32 + 100);
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

    #[test]
    fn posting_lists_round_trip_in_both_forms() {
        for ids in [
            vec![],
            vec![0],
            vec![5, 6, 40, 1_000, 1_000_000],
            (0..600).step_by(2).collect::<Vec<u32>>(),
        ] {
            let s = encode(&ids);
            assert_eq!(decode(&s), ids, "{s}");
            assert!(s.bytes().all(|b| b == b'!' || ALPHABET.contains(&b)));
        }
        assert_eq!(encode(&[0, 40]), "BoB");
        assert_eq!(encode(&[0, 1, 2]), "!H");
        assert!(encode(&(0..600).collect::<Vec<u32>>()).starts_with('!'));
        assert!(!encode(&[3, 4000]).starts_with('!'));
    }
}
