//! What a search result is, and the results of a site in page order: a page's top and
//! its sections, each event, each term, placed on the page they live on. Builds the
//! results' texts and their JSON; tokenising them is the index's.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::gather::PageResults;
use super::vocab::DocTokens;
use crate::compose::Composed;
use crate::markdown::sections as text;
use crate::model::{urls, Doc as ModelDoc, Site};
use crate::parse::frontmatter::{EventMeta, TermMeta};
use crate::slug::is_ascii_slug_of;

/// A page that results live on: labels for its breadcrumb and its URL from the root.
/// Written as `[page, section, url]`.
#[derive(Debug, Serialize)]
pub(super) struct Place(
    /// Breadcrumb of the page's own result: `Background`.
    String,
    /// Breadcrumb of its sections: `Background › History of the lease`.
    String,
    /// From the site root: `background/history-of-the-lease/index.html`.
    String,
);

/// One search result.
#[derive(Debug)]
pub(super) struct Doc {
    pub(super) place: usize,
    /// `#fragment` on the place's page; empty for the page's top.
    pub(super) fragment: String,
    pub(super) title: String,
    /// Added to the breadcrumb: an event's date and place.
    pub(super) sub: String,
    /// What the excerpt is cut from (and what the body tokens come from).
    pub(super) text: String,
    /// More words for the title tokens (a term's aliases).
    pub(super) title_extra: String,
    /// More words for the body tokens that are not in `text` (an event's group).
    pub(super) body_extra: String,
    /// The result a compact index files this one's body tokens under: the page's top
    /// for a section, itself otherwise.
    pub(super) page_doc: usize,
    /// Set when `text` was already cut for a compact index (see `gather`): how long the
    /// whole text was.
    pub(super) cut_from: Option<usize>,
}

/// `[place, fragment, title, text, sub]` without trailing empty strings; a fragment that
/// is the slug of an ASCII title is written `0` (search.js slugs it back the same way).
/// Serialised straight from the result: a large site has tens of thousands of them, and
/// a `serde_json::Value` of each was a copy of every excerpt.
pub(super) struct DocJson<'a>(pub(super) &'a Doc);

impl Serialize for DocJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let d = self.0;
        let slugged = !d.fragment.is_empty() && is_ascii_slug_of(&d.title, &d.fragment);
        let strings = [&d.fragment, &d.title, &d.text, &d.sub];
        // The fragment is never left out: it is `0` or a string before the title.
        let kept = 1 + strings
            .iter()
            .rposition(|t| !t.is_empty())
            .map_or(0, |i| i + 1)
            .max(usize::from(slugged));
        let mut seq = s.serialize_seq(Some(kept))?;
        seq.serialize_element(&d.place)?;
        for (i, t) in strings.iter().enumerate().take(kept - 1) {
            if i == 0 && slugged {
                seq.serialize_element(&0)?;
            } else {
                seq.serialize_element(t.as_str())?;
            }
        }
        seq.end()
    }
}

/// The results of a page: its top, then one per section. `place` and `page_doc` are
/// relative (0, the page's top) until [`collect`] places them.
pub(super) fn page_docs(
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
        cut_from: None,
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
            cut_from: None,
        });
    }
    docs
}

/// The results of a site as they are placed: the pages, and the results on each, kept
/// page by page (a large site's results are never moved into one long list).
#[derive(Default)]
pub(super) struct Placed {
    pub(super) places: Vec<Place>,
    pub(super) groups: Vec<Group>,
    /// How many results the groups hold.
    pub(super) len: usize,
}

/// The results of one page, and their tokens when the page came tokenised.
pub(super) struct Group {
    pub(super) docs: Vec<Doc>,
    pub(super) tokens: Option<Vec<DocTokens>>,
}

impl Placed {
    /// Appends a page's results, placing them on `place`.
    fn page(&mut self, place: Place, mut docs: Vec<Doc>, tokens: Option<Vec<DocTokens>>) {
        let p = self.places.len();
        self.places.push(place);
        let top = self.len;
        for d in &mut docs {
            d.place = p;
            d.page_doc = top;
        }
        self.len += docs.len();
        self.groups.push(Group { docs, tokens });
    }

    /// Appends the entries of one page (timeline events, glossary terms), each its own
    /// result top, placing them on that page; a page with no entries is left out.
    fn entries(&mut self, name: &str, url: &str, mut docs: Vec<Doc>) {
        if docs.is_empty() {
            return;
        }
        let p = self.places.len();
        self.places
            .push(Place(name.into(), name.into(), url.into()));
        for (i, d) in docs.iter_mut().enumerate() {
            d.place = p;
            d.page_doc = self.len + i;
        }
        self.len += docs.len();
        self.groups.push(Group { docs, tokens: None });
    }

    /// Every result, in order.
    pub(super) fn docs(&self) -> impl Iterator<Item = &Doc> {
        self.groups.iter().flat_map(|g| &g.docs)
    }
}

/// The results of a site, in page order: explainer, background pages, pages, events,
/// terms. Bodies are read (parsed into sections) in parallel; the order is the site's.
/// `gathered`: the background pages' results, when compose made them.
pub(super) fn collect(
    site: &Site,
    composed: &mut Composed,
    gathered: Option<Vec<PageResults>>,
) -> Placed {
    let mut placed = Placed::default();
    let e = &site.explainer;
    placed.page(
        Place(
            site.strings.get("nav-explainer"),
            site.strings.get("nav-explainer"),
            urls::EXPLAINER.into(),
        ),
        page_docs(
            &e.meta.title,
            &e.meta.summary,
            std::mem::take(&mut composed.explainer.sections),
            &composed.explainer.toc,
        ),
        None,
    );
    let background = match gathered {
        Some(pages) => pages
            .into_iter()
            .map(|p| (p.docs, Some(p.tokens)))
            .collect(),
        None => background_docs(site, composed),
    };
    let standalone = standalone_docs(site, composed);
    let pages = background.len() + standalone.len() + site.timeline_parts.len() + 1;
    placed.places.reserve(pages);
    placed.groups.reserve(pages);
    let nav = site.strings.get("nav-background");
    for (d, (page, tokens)) in site.background.iter().zip(background) {
        let crumb = format!("{nav} › {}", d.meta.title);
        let place = Place(nav.clone(), crumb, urls::background(&d.slug));
        placed.page(place, page, tokens);
    }
    for (d, page) in site.pages.iter().zip(standalone) {
        let (title, url) = (d.meta.title.clone(), urls::page(&d.slug));
        placed.page(Place(title.clone(), title, url), page, None);
    }
    let strings = &site.strings;
    // Each page of events is a place of its own: one page, or one per year.
    for part in &site.timeline_parts {
        let events = site.events[part.events.clone()]
            .par_iter()
            .map(|d| event_doc(d, strings))
            .collect();
        placed.entries(&strings.get("nav-timeline"), &part.path, events);
    }
    let terms = site.terms.par_iter().map(term_doc).collect();
    placed.entries(&strings.get("nav-glossary"), urls::GLOSSARY, terms);
    placed
}

/// The results of each page of content/pages/ (about, methodology…), placed after the
/// background pages. See: issue 22 (content/pages were not in the search index).
fn standalone_docs(site: &Site, composed: &mut Composed) -> Vec<Vec<Doc>> {
    let pages = site.pages.iter().zip(composed.pages.iter_mut());
    pages
        .map(|(d, c)| {
            let sections = std::mem::take(&mut c.sections);
            page_docs(&d.meta.title, &d.meta.summary, sections, &c.toc)
        })
        .collect()
}

/// Each background page's results, read in parallel, untokenised.
fn background_docs(
    site: &Site,
    composed: &mut Composed,
) -> Vec<(Vec<Doc>, Option<Vec<DocTokens>>)> {
    site.background
        .par_iter()
        .zip(composed.background.par_iter_mut())
        .map(|(d, c)| {
            let sections = match Arc::get_mut(c) {
                Some(c) => std::mem::take(&mut c.sections),
                None => c.sections.clone(),
            };
            let docs = page_docs(&d.meta.title, &d.meta.summary, sections, &c.toc);
            (docs, None)
        })
        .collect()
}

/// A timeline event's result: found by its title, date, place and group.
fn event_doc(d: &ModelDoc<EventMeta>, strings: &crate::model::strings::Strings) -> Doc {
    let m = &d.meta;
    let when = m.display_date.clone().unwrap_or_else(|| match m.end_date {
        Some(end) => {
            let (a, sep, b) = strings.range_parts(m.date, end);
            format!("{a}{sep}{b}")
        }
        None => strings.date(m.date),
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
        cut_from: None,
    }
}

/// A glossary term's result: found by its term and its aliases, which its text lists.
fn term_doc(d: &ModelDoc<TermMeta>) -> Doc {
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
        cut_from: None,
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}
