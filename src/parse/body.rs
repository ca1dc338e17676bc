//! What the model must know of a markdown body before it is rendered: the parser's
//! options and the ids its headings will take, so `@/page#fragment` links are checked
//! against the same ids that `markdown` gives the headings when it renders them.

use std::collections::{BTreeSet, HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::slug::slugify;

/// The markdown dialect of every body.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
        // GitHub's alerts (`> [!NOTE]`) become callouts.
        | Options::ENABLE_GFM
}

/// Ids the built-in templates use on every page; headings never take them.
/// (Template and engine ids contain `_`, which no slug does, so they never collide with
/// the ids of events, terms and headings; these are kept for headings with explicit ids.)
pub const RESERVED_IDS: &[&str] = &[
    "d_main",
    "d_contents",
    "d_sources",
    "d_credits",
    "d_updates",
    "d_filter_label",
    "d_key_events",
    "d_places",
    "d_places_map",
    "d_search_input",
    "d_search_hint",
    "d_search_status",
    "d_search_results",
    "d_search_count",
];

/// The element ids in use on one page, so headings, footnotes, events and terms never
/// collide.
#[derive(Debug, Clone)]
pub struct ElementIds {
    ids: HashSet<String>,
    /// Per base id, the last `-n` suffix handed out, so a page of 100,000 headings named
    /// alike costs 100,000 probes, not 100,000²/2.
    suffixes: HashMap<String, usize>,
}

impl Default for ElementIds {
    fn default() -> Self {
        Self::new()
    }
}

impl ElementIds {
    /// A fresh page: only the templates' own ids are taken.
    pub fn new() -> ElementIds {
        ElementIds {
            ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
            suffixes: HashMap::new(),
        }
    }

    /// Takes `id` as it is (an event's or a term's slug), whether or not it was free.
    pub fn reserve(&mut self, id: &str) {
        self.ids.insert(id.to_string());
    }

    /// Takes `id` if it is free; false when it was already taken.
    pub fn insert(&mut self, id: String) -> bool {
        self.ids.insert(id)
    }

    /// `base` if it is free, else the first free `base-n`; an empty base is "section".
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.ids.insert(base.to_string()) {
            return base.to_string();
        }
        // Every `base-k` up to the last suffix given is taken, so counting on from it gives
        // the same id as searching from 1.
        let n = self.suffixes.entry(base.to_string()).or_insert(0);
        loop {
            *n += 1;
            let candidate = format!("{base}-{n}");
            if self.ids.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The ids a body's headings will get, for checking `#fragment`s before rendering.
/// Uses the same rules as `markdown::to_html` on a fresh page.
pub fn heading_ids(md: &str) -> BTreeSet<String> {
    let mut ids = ElementIds::new();
    let mut out = BTreeSet::new();
    let mut current: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = current.take() {
                    out.insert(ids.unique(&explicit.unwrap_or_else(|| slugify(text.trim()))));
                }
            }
            _ => {}
        }
    }
    out
}
