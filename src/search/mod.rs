//! Site search: the index that `templates/search.js` loads in the reader's browser.
//!
//! The index is a classic script, `search-index.js`, that assigns one global
//! (`window.dossierSearchIndex`), so search works from `file://` where `fetch` of a JSON
//! file is refused (mdBook's approach; Pagefind fails there, pagefind#202). It is loaded
//! only when a reader first focuses the search box, so it adds nothing to page weight.
//!
//! What a result is: a page's top (title, summary and text before the first heading),
//! each `##`/`###` section of the explainer, the background pages and the pages of
//! `content/pages/`, each timeline
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
//! Where the work happens: `build`, `check` and the editions tokenise each background
//! page on the thread that composed it ([`Gatherer`]), into numbered vocabularies
//! (`vocab`); the index then tokenises the few other results, sorts the words once and
//! files the postings by number (`postings`). `serve`, whose pages a memo keeps, hands
//! the composed pages' texts over instead, and they are tokenised here the same way.
//!
//! Pure: model and composed pages in, one output file out; deterministic bytes (the
//! words are sorted and the postings filed in result order, whichever thread met a word).

mod encoding;
mod gather;
mod postings;
mod results;
mod short_table;
pub mod tokenize;
mod vocab;

use rayon::prelude::*;
use serde::Serialize;

use crate::compose::Composed;
use crate::markdown::sections as text;
use crate::model::Site;
pub use encoding::{decode, encode};
pub use gather::{Gathered, Gatherer, PageResults};
use postings::Lists;
use results::{Doc, DocJson, Group, Place, Placed};
use tokenize::Tokenizer;
use vocab::{DocTokens, Sorted, Vocabs};

/// Above this many bytes of body text the index is compact (see the module docs). About
/// 150,000 words: far more than an explainer site, so the full index stays under ~2 MB.
pub const FULL_TEXT_BUDGET: usize = 1_000_000;

/// In a compact index, how much text each result keeps for its excerpt.
const TEASER_CHARS: usize = 160;

/// What the index file starts with: the one global it assigns (see the module docs).
const SCRIPT_START: &[u8] = b"window.dossierSearchIndex = ";

/// Bumped when the format changes, so a stale `search.js` can tell.
const FORMAT_VERSION: u32 = 1;

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
    docs: Vec<DocJson<'a>>,
    /// Compact index only: the results that body postings count (a posting `n` is result
    /// `units[n]`), as a posting list. Numbering pages densely keeps their lists short.
    #[serde(skip_serializing_if = "Option::is_none")]
    units: Option<String>,
    /// Sorted tokens; `title[i]` and `body[i]` are the posting lists of `words[i]`.
    words: Vec<&'a str>,
    title: &'a [String],
    body: &'a [String],
}

/// Builds `search-index.js`.
///
/// Takes the section texts compose collected out of the pages nothing else holds (and
/// copies them from the others). `gathered`: the background pages' results, when they
/// were tokenised as they were composed ([`Gatherer`]).
pub fn index_script(site: &Site, composed: &mut Composed, gathered: Option<Gathered>) -> Vec<u8> {
    let (vocabs, pages) = match gathered {
        Some(g) => (g.vocabs, Some(g.pages)),
        None => (Vocabs::default(), None),
    };
    let mut placed = results::collect(site, composed, pages);
    let total: usize = placed
        .docs()
        .map(|d| d.cut_from.unwrap_or(d.text.len()))
        .sum();
    let compact = total > FULL_TEXT_BUDGET;
    let tokenizer = Tokenizer::for_language(&site.config.language);
    let (units, unit_of) = body_units(&placed, compact);
    tokenize_results(&mut placed.groups, (&vocabs, &tokenizer), compact);
    let Sorted { words, place, spec } = vocabs.into_sorted();
    let tokens: Vec<&DocTokens> = placed
        .groups
        .iter()
        .flat_map(|g| g.tokens.iter().flatten())
        .collect();
    let lists = postings::lists(words.len(), &tokens, &unit_of, &place);
    drop(tokens);
    crate::dispose::drop_elsewhere(place);
    write_script(Index {
        language: &site.config.language,
        compact,
        tok: spec.finish(&tokenizer),
        placed,
        units,
        words,
        lists,
    })
}

/// What a body posting counts: each result (full), or each page (compact). Returns the
/// units (the results they are; empty when full) and, per result, its unit.
fn body_units(placed: &Placed, compact: bool) -> (Vec<u32>, Vec<u32>) {
    let mut units = vec![];
    let mut unit_of = Vec::with_capacity(placed.len);
    for (i, d) in placed.docs().enumerate() {
        if !compact {
            unit_of.push(i as u32);
        } else {
            if d.page_doc == i {
                units.push(i as u32);
            }
            unit_of.push(units.len().saturating_sub(1) as u32);
        }
    }
    (units, unit_of)
}

/// Every result's tokens: those its page came with, the others tokenised here, in
/// parallel. A compact index cuts each excerpt as soon as its result is tokenised, so
/// the whole text of a large site is never held twice.
fn tokenize_results(
    groups: &mut [Group],
    (vocabs, tokenizer): (&Vocabs, &Tokenizer),
    compact: bool,
) {
    let mut first = Vec::with_capacity(groups.len());
    let mut n = 0;
    for g in groups.iter() {
        first.push(n);
        n += g.docs.len();
    }
    groups.par_iter_mut().zip(first).for_each(|(g, first)| {
        if g.tokens.is_none() {
            let docs = g.docs.par_iter();
            g.tokens = Some(docs.map(|d| vocabs.tokens(tokenizer, d)).collect());
        }
        if compact {
            for (i, d) in g.docs.iter_mut().enumerate() {
                if d.cut_from.is_none() {
                    cut_for_compact(d, d.page_doc == first + i);
                }
            }
        }
    });
}

/// What a compact index keeps of a result's text: the first words of a page's top, an
/// event or a term; nothing of a section, which is found by its heading, all it shows.
fn cut_for_compact(d: &mut Doc, top: bool) {
    d.text = if top {
        text::teaser(&d.text, TEASER_CHARS)
    } else {
        String::new()
    };
}

/// Everything the index file is written from.
struct Index<'a> {
    language: &'a str,
    compact: bool,
    tok: tokenize::Spec,
    placed: Placed,
    units: Vec<u32>,
    words: Vec<String>,
    lists: Lists,
}

/// About how many bytes `json` takes written out (escapes and places aside).
fn json_size(json: &IndexJson<'_>) -> usize {
    let docs: usize = json
        .docs
        .iter()
        .map(|DocJson(d)| d.fragment.len() + d.title.len() + d.text.len() + d.sub.len() + 24)
        .sum();
    let lists: usize = json
        .title
        .iter()
        .chain(json.body)
        .map(|l| l.len() + 3)
        .sum();
    let words: usize = json.words.iter().map(|w| w.len() + 3).sum();
    docs + lists + words + json.units.as_ref().map_or(0, String::len) + (4 << 10)
}

/// The script: [`SCRIPT_START`], the index as JSON, `;`.
fn write_script(index: Index<'_>) -> Vec<u8> {
    let Index {
        language,
        compact,
        tok,
        placed,
        units,
        words,
        lists,
    } = index;
    let Placed { places, groups, .. } = placed;
    // Made in parallel, and kept out of `IndexJson` so they can be freed elsewhere.
    let title: Vec<String> = lists.title.par_iter().map(|l| encode(l)).collect();
    let body: Vec<String> = lists.body.par_iter().map(|l| encode(l)).collect();
    let json = IndexJson {
        v: FORMAT_VERSION,
        lang: language,
        mode: if compact { "compact" } else { "full" },
        tok,
        places,
        docs: groups.iter().flat_map(|g| &g.docs).map(DocJson).collect(),
        units: compact.then(|| encode(&units)),
        words: words.iter().map(String::as_str).collect(),
        title: &title,
        body: &body,
    };
    // The JSON goes straight after the script's start: no second copy of a large index.
    // Sized for what it will hold, give or take escapes, so that several megabytes are
    // not copied over and over as it grows.
    let mut bytes = Vec::with_capacity(SCRIPT_START.len() + json_size(&json));
    bytes.extend_from_slice(SCRIPT_START);
    if serde_json::to_writer(&mut bytes, &json).is_err() {
        bytes.truncate(SCRIPT_START.len());
        bytes.extend_from_slice(b"null");
    }
    bytes.extend_from_slice(b";\n");
    drop(json);
    crate::dispose::drop_elsewhere((title, body, groups, words, lists));
    bytes
}
