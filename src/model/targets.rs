//! What a page's markdown may link to: `@/` link targets with their anchors, and the
//! glossary with its matcher for first-mention links. Built by the model, read by
//! `markdown` when it renders.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::html::escape_attr;

/// A content file that `@/…` links can point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// URL relative to the site root, e.g. `background/x/index.html`.
    pub url: String,
    /// Ids a `#fragment` may name; `None` when the target takes no fragment.
    pub anchors: Option<BTreeSet<String>>,
    /// What a link here counts as a mention of, for "Mentioned in" lists.
    pub mention: Option<Mentioned>,
    /// The file exists but could not be read (its own error is reported): links to it
    /// are not checked further, so one broken file does not cause a cascade of errors.
    pub unreadable: bool,
    /// The file is a draft left out of this build: a link to it would be dead, so it is
    /// an error at the link (see issue 16).
    pub draft: bool,
}

/// Something that lists the places mentioning it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mentioned {
    /// A glossary term, by index in the glossary.
    Term(usize),
    /// A timeline event, by slug.
    Event(String),
}

/// One glossary term as links and popovers need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermTarget {
    pub slug: String,
    pub term: String,
    pub short: String,
}

/// The glossary's names (terms and aliases) and a matcher over all of them, built once
/// per site: leftmost-longest Aho-Corasick, so matching is linear in the text whatever
/// the number of terms.
#[derive(Clone)]
pub struct Glossary {
    pub terms: Vec<TermTarget>,
    /// The names matched, in pattern order (kept to compare glossaries).
    names: Vec<String>,
    /// Pattern index → term index.
    pattern_term: Vec<usize>,
    by_name: BTreeMap<String, usize>,
    matcher: Option<AhoCorasick>,
    /// Per term, the escaped end of its link's open tag (`glossary/index.html#slug"
    /// data-short="…">`): built once, not at each of the thousands of links to it.
    link_tails: Vec<String>,
    /// The names of draft terms left out of this build, each with its term: a forced
    /// link `[[name]]` to one is reported as a link to a draft, not as an unknown name.
    drafts: BTreeMap<String, String>,
}

impl Glossary {
    /// Every name a term is known by (terms and aliases), in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    /// The escaped end of the open tag of a link to `term` (see `link_tails`).
    pub fn link_tail(&self, term: usize) -> &str {
        &self.link_tails[term]
    }

    /// `entries`: each term with all its names (the term itself and its aliases).
    pub fn new(entries: Vec<(TermTarget, Vec<String>)>) -> Glossary {
        let mut terms = Vec::with_capacity(entries.len());
        let mut names = vec![];
        let mut pattern_term = vec![];
        let mut by_name = BTreeMap::new();
        for (i, (t, term_names)) in entries.into_iter().enumerate() {
            terms.push(t);
            for n in term_names {
                // Smart punctuation turns `Kata'ib` into `Kata’ib` (in bodies and in the
                // term's own name): a name written with either apostrophe matches both.
                let curly = n.replace('\'', "\u{2019}");
                let straight = n.replace('\u{2019}', "'");
                for n in [n.clone(), curly, straight] {
                    if n.is_empty() || by_name.contains_key(&n) {
                        continue;
                    }
                    by_name.insert(n.clone(), i);
                    names.push(n);
                    pattern_term.push(i);
                }
            }
        }
        let matcher = if names.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&names)
                .ok()
        };
        let link_tails = terms
            .iter()
            .map(|t| {
                format!(
                    "{}#{}\" data-short=\"{}\">",
                    crate::model::urls::GLOSSARY,
                    escape_attr(&t.slug),
                    escape_attr(&t.short)
                )
            })
            .collect();
        Glossary {
            terms,
            names,
            pattern_term,
            by_name,
            matcher,
            link_tails,
            drafts: BTreeMap::new(),
        }
    }

    /// The glossary with the names of the draft terms left out of this build, each
    /// `(name, term)`. They are never auto-linked; they only explain a forced link.
    pub fn with_drafts(mut self, names: impl IntoIterator<Item = (String, String)>) -> Glossary {
        for (name, term) in names {
            let curly = name.replace('\'', "\u{2019}");
            let straight = name.replace('\u{2019}', "'");
            for n in [curly, straight, name] {
                if !self.by_name.contains_key(&n) {
                    self.drafts.insert(n, term.clone());
                }
            }
        }
        self
    }

    /// The draft term that `name` names, if it names one and no published term.
    pub fn draft_term(&self, name: &str) -> Option<&str> {
        self.drafts.get(name).map(String::as_str)
    }

    pub fn empty() -> Glossary {
        Glossary::new(vec![])
    }

    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Whole-word matches in `text`, leftmost-longest, non-overlapping:
    /// (byte range, term index).
    pub fn matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(ac) = &self.matcher else {
            return vec![];
        };
        let mut out = vec![];
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = ac.find(Input::new(text).span(pos..text.len())) else {
                break;
            };
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
            let starts =
                boundary(before) || after_proclitic(&text[..m.start()], &text[m.start()..]);
            if starts && boundary(after) {
                out.push((
                    m.start()..m.end(),
                    self.pattern_term[m.pattern().as_usize()],
                ));
                pos = m.end();
            } else {
                // Not a whole word: look again one character further on.
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }
}

/// Whether an Arabic name at the start of `rest` follows one of the proclitics و ف ب ل
/// ك (or و/ف then ب/ل/ك) that begin a word of `before`: "بالعراق" mentions "العراق".
/// See: issue 18, point 6.
fn after_proclitic(before: &str, rest: &str) -> bool {
    let arabic = |c: char| ('\u{0620}'..='\u{064A}').contains(&c);
    if !rest.chars().next().is_some_and(arabic) {
        return false;
    }
    let word_start = |s: &str| {
        s.chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_')
    };
    let mut tail = before;
    for round in 0..2 {
        let Some(c) = tail.chars().next_back() else {
            return false;
        };
        let allowed: &[char] = if round == 0 {
            &['و', 'ف', 'ب', 'ل', 'ك']
        } else {
            &['و', 'ف']
        };
        if !allowed.contains(&c) {
            return false;
        }
        tail = &tail[..tail.len() - c.len_utf8()];
        if word_start(tail) {
            return true;
        }
    }
    false
}

/// Equal glossaries link the same names to the same terms: the name index and the
/// matcher are built from `names` and `pattern_term` alone.
impl PartialEq for Glossary {
    fn eq(&self, other: &Self) -> bool {
        self.terms == other.terms
            && self.names == other.names
            && self.pattern_term == other.pattern_term
            && self.drafts == other.drafts
    }
}
