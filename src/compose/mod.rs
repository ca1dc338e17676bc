//! Compose: render every markdown body onto the output page it belongs to.
//!
//! Citation numbers, glossary "first mention" and element ids are per output page, so the
//! bodies of one page (the timeline's events, the glossary's terms) are rendered in page
//! order with one shared [`PageState`]. Separate pages are independent and rendered in
//! parallel. Pure: model in, HTML fragments and diagnostics out.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::markdown::sections::{PlainSection, SectionCollector};
use crate::markdown::{self, Body, Cited, Mention, PageState, Refs, TocEntry};
use crate::model::targets::{Glossary, LinkTarget, Mentioned};
use crate::model::{urls, Doc, Site};
use crate::parse::frontmatter::BackgroundMeta;
use crate::parse::frontmatter::SourceRef;

/// A source mark shown under an event or term, or after a page: `[n]` with its id.
#[derive(Debug, Clone)]
pub struct Mark {
    pub number: usize,
    pub backref: String,
}

#[derive(Debug, Clone)]
pub struct ComposedPage {
    pub html: String,
    /// The HTML has a highlighted code block (kept when `build` drops the HTML: the
    /// highlighting stylesheet ships only with sites that need it).
    pub has_code: bool,
    /// The body's text cut at its level 1–3 headings, for the search index (taken by
    /// it when nothing else holds the page).
    pub sections: Vec<PlainSection>,
    pub toc: Vec<TocEntry>,
    /// Marks for the frontmatter `sources` list.
    pub marks: Vec<Mark>,
    pub cited: Vec<Cited>,
    pub mentions: Vec<Mention>,
}

/// A place that mentions a term or event, for its "Mentioned in" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    /// "Explainer › What happened", "Timeline: First session of the HMC".
    pub label: String,
    /// From the site root, with the section's fragment: `index.html#what-happened`.
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct ComposedEntry {
    pub html: String,
    pub marks: Vec<Mark>,
}

pub struct Composed {
    /// Per glossary term (same order as the site's terms).
    pub term_backlinks: Vec<Vec<Backlink>>,
    /// Per timeline event (same order as the site's events).
    pub event_backlinks: Vec<Vec<Backlink>>,
    pub explainer: ComposedPage,
    /// Shared with the [`Memo`] when one is kept.
    pub background: Vec<Arc<ComposedPage>>,
    pub events: Vec<ComposedEntry>,
    pub timeline_cited: Vec<Cited>,
    pub terms: Vec<ComposedEntry>,
    pub glossary_cited: Vec<Cited>,
}

impl Composed {
    /// Frees the rendered HTML of the background pages nothing else holds.
    pub fn release_page_html(&mut self) {
        for p in &mut self.background {
            if let Some(p) = Arc::get_mut(p) {
                p.html = String::new();
            }
        }
    }
}

/// Composes every page, reusing (and refreshing) the background pages of `memo`.
/// `report_uncited`: warn about sources nothing cites. Off when other files already
/// failed, since their citations were never seen and the warnings would be wrong.
pub fn compose_with(
    site: &Site,
    report_uncited: bool,
    memo: Option<&mut Memo>,
) -> (Composed, Diagnostics) {
    type NoSink = fn(&Doc<BackgroundMeta>, &ComposedPage);
    let (composed, diags, _) = compose_inner(site, report_uncited, memo, None::<&NoSink>);
    (composed, diags)
}

/// [`compose_with`] without a memo, for `build` and `check`: each background page goes to `sink` (which renders and
/// writes it) as soon as it is composed, on the worker thread that composed it, and
/// its HTML is dropped right after, so a large site never holds every page's HTML.
/// Returns what `sink` returned for each page, in site order. Pages are sunk even when
/// their file has errors: the build fails then, and what was written is thrown away.
pub fn compose_each<R: Send>(
    site: &Site,
    report_uncited: bool,
    sink: &(impl Fn(&Doc<BackgroundMeta>, &ComposedPage) -> R + Sync),
) -> (Composed, Diagnostics, Vec<R>) {
    let (composed, diags, sunk) = compose_inner(site, report_uncited, None, Some(sink));
    let sunk = sunk.into_iter().flatten().collect();
    (composed, diags, sunk)
}

/// A composed background page and the problems found in it.
type PageResult = (Arc<ComposedPage>, Vec<Diagnostic>);

fn compose_inner<R: Send, S: Fn(&Doc<BackgroundMeta>, &ComposedPage) -> R + Sync>(
    site: &Site,
    report_uncited: bool,
    mut memo: Option<&mut Memo>,
    sink: Option<&S>,
) -> (Composed, Diagnostics, Vec<Option<R>>) {
    let source_ids: BTreeSet<String> = site.source_index.keys().cloned().collect();
    let refs = Refs {
        pages: &site.link_targets,
        source_ids: &source_ids,
        sources_readable: site.sources_readable,
        glossary: &site.glossary,
    };
    let mut diags = Diagnostics::default();

    let explainer = page(
        &site.explainer,
        &[],
        urls::ROOT_EXPLAINER,
        &refs,
        &mut diags,
    );

    if let Some(m) = memo.as_deref_mut() {
        m.begin(&refs);
    }
    let reuse = memo.as_deref();
    let results: Vec<(PageResult, Option<R>)> = site
        .background
        .par_iter()
        .map(|d| {
            if let Some(hit) = reuse.and_then(|m| m.get(d)) {
                return (hit, None);
            }
            let mut local = Diagnostics::default();
            let mut p = page(
                d,
                &d.meta.sources,
                urls::ROOT_BACKGROUND_PAGE,
                &refs,
                &mut local,
            );
            let sunk = sink.map(|s| {
                let r = s(d, &p);
                p.html = String::new();
                r
            });
            ((Arc::new(p), local.0), sunk)
        })
        .collect();
    let (results, sunk): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    if let Some(m) = memo {
        m.keep(&site.background, &results);
    }
    let mut background = Vec::with_capacity(results.len());
    for (p, d) in results {
        background.push(p);
        diags.extend(d);
    }

    // The timeline page: every event on one page, ids reserved first so no heading in an
    // event body can take an event's id.
    let mut state = PageState::new(urls::ROOT_SECTION);
    for e in &site.events {
        state.reserve_id(&e.slug);
    }
    let mut events = Vec::with_capacity(site.events.len());
    for e in &site.events {
        let sources = e.meta.sources.as_deref().unwrap_or(&[]);
        state.section = Some((e.slug.clone(), e.meta.title.clone()));
        events.push(entry(e, sources, 4, None, &refs, &mut state, &mut diags));
    }
    let timeline_cited = state.citations.list();
    let timeline_mentions = std::mem::take(&mut state.mentions);

    let mut state = PageState::new(urls::ROOT_SECTION);
    for t in &site.terms {
        state.reserve_id(&t.slug);
    }
    for letter in letters(site) {
        state.reserve_id(&letter_id(letter));
    }
    let mut terms = Vec::with_capacity(site.terms.len());
    for (i, t) in site.terms.iter().enumerate() {
        state.section = Some((t.slug.clone(), t.meta.term.clone()));
        terms.push(entry(
            t,
            &t.meta.sources,
            4,
            Some(i),
            &refs,
            &mut state,
            &mut diags,
        ));
    }
    let glossary_cited = state.citations.list();
    let glossary_mentions = std::mem::take(&mut state.mentions);

    let (term_backlinks, event_backlinks) = backlinks(
        site,
        &explainer,
        &background,
        &timeline_mentions,
        &glossary_mentions,
    );
    let composed = Composed {
        term_backlinks,
        event_backlinks,
        explainer,
        background,
        events,
        timeline_cited,
        terms,
        glossary_cited,
    };
    if report_uncited {
        uncited_sources(site, &composed, &mut diags);
    }
    (composed, diags, sunk)
}

/// Background pages composed by an earlier run, kept by `serve` across rebuilds (`build`
/// and `check` keep none). A page is reused only when everything [`page`] computes it
/// from is equal: its file, slug and text (the frontmatter's `sources` included), and
/// every [`Refs`] its markdown may resolve (link targets with their anchors, source ids,
/// the glossary). A change to the refs forgets every page; an edit to one page's body
/// recomposes that page alone. An `Arc` handed out again therefore stands for the same
/// document, which `render::Memo` relies on.
#[derive(Default)]
pub struct Memo {
    refs: Option<MemoRefs>,
    pages: HashMap<PathBuf, MemoPage>,
}

#[derive(PartialEq)]
struct MemoRefs {
    pages: BTreeMap<String, LinkTarget>,
    source_ids: BTreeSet<String>,
    sources_readable: bool,
    glossary: Glossary,
}

struct MemoPage {
    slug: String,
    text: Arc<str>,
    page: Arc<ComposedPage>,
    diagnostics: Vec<Diagnostic>,
}

impl Memo {
    /// Forgets every page unless `refs` equal those of the previous run.
    fn begin(&mut self, refs: &Refs<'_>) {
        // Every field, named: a field added to `Refs` fails to compile here until the memo
        // compares it too.
        let Refs {
            pages,
            source_ids,
            sources_readable,
            glossary,
        } = *refs;
        let now = MemoRefs {
            pages: pages.clone(),
            source_ids: source_ids.clone(),
            sources_readable,
            glossary: glossary.clone(),
        };
        if self.refs.as_ref() != Some(&now) {
            self.pages.clear();
            self.refs = Some(now);
        }
    }

    fn get<M>(&self, d: &Doc<M>) -> Option<(Arc<ComposedPage>, Vec<Diagnostic>)> {
        let m = self.pages.get(&d.file)?;
        (m.slug == d.slug && m.text == d.text).then(|| (m.page.clone(), m.diagnostics.clone()))
    }

    /// Keeps this run's pages (and only those: deleted and renamed files go).
    fn keep<M>(&mut self, docs: &[Doc<M>], composed: &[(Arc<ComposedPage>, Vec<Diagnostic>)]) {
        let mut pages = HashMap::with_capacity(docs.len());
        for (d, (page, diagnostics)) in docs.iter().zip(composed) {
            let entry = match self.pages.remove(&d.file) {
                Some(old) if Arc::ptr_eq(&old.page, page) => old,
                _ => MemoPage {
                    slug: d.slug.clone(),
                    text: d.text.clone(),
                    page: page.clone(),
                    diagnostics: diagnostics.clone(),
                },
            };
            pages.insert(d.file.clone(), entry);
        }
        self.pages = pages;
    }
}

fn page<M>(
    d: &Doc<M>,
    sources: &[SourceRef],
    root: &str,
    refs: &Refs<'_>,
    diags: &mut Diagnostics,
) -> ComposedPage {
    let mut state = PageState::new(root);
    // The search index's section texts come from this same parse.
    let mut sections = SectionCollector::default();
    let r = markdown::render_observed(
        &Body {
            file: &d.file,
            text: &d.text,
            offset: d.body_offset,
            heading_floor: 2,
            own_term: None,
        },
        refs,
        &mut state,
        &mut |e| sections.feed(e),
    );
    diags.extend(r.diagnostics);
    let marks = marks(sources, refs, &mut state);
    ComposedPage {
        has_code: markdown::has_code_block(&r.html),
        sections: sections.finish(),
        html: r.html,
        toc: r.toc,
        marks,
        cited: state.citations.list(),
        mentions: state.mentions,
    }
}

fn entry<M>(
    d: &Doc<M>,
    sources: &[SourceRef],
    heading_floor: u8,
    own_term: Option<usize>,
    refs: &Refs<'_>,
    state: &mut PageState,
    diags: &mut Diagnostics,
) -> ComposedEntry {
    let r = markdown::render(
        &Body {
            file: &d.file,
            text: &d.text,
            offset: d.body_offset,
            heading_floor,
            own_term,
        },
        refs,
        state,
    );
    diags.extend(r.diagnostics);
    ComposedEntry {
        html: r.html,
        marks: marks(sources, refs, state),
    }
}

/// Cites each known id of a frontmatter `sources` list (unknown ids were reported by the
/// model already).
fn marks(sources: &[SourceRef], refs: &Refs<'_>, state: &mut PageState) -> Vec<Mark> {
    let mut seen = BTreeSet::new();
    sources
        .iter()
        .filter(|s| refs.source_ids.contains(&s.id) && seen.insert(s.id.as_str()))
        .map(|s| {
            let (number, backref) = state.citations.cite(&s.id);
            Mark { number, backref }
        })
        .collect()
}

/// First letters of the glossary's terms, A–Z, for jump links.
pub fn letters(site: &Site) -> Vec<char> {
    let mut out: Vec<char> = site.terms.iter().map(|t| letter_of(&t.meta.term)).collect();
    out.dedup();
    out
}

pub fn letter_of(term: &str) -> char {
    let first = deunicode::deunicode(term)
        .chars()
        .find(|c| c.is_alphanumeric())
        .unwrap_or('#');
    if first.is_ascii_alphabetic() {
        first.to_ascii_uppercase()
    } else {
        '#'
    }
}

pub fn letter_id(letter: char) -> String {
    if letter == '#' {
        "letter_other".into()
    } else {
        format!("letter_{}", letter.to_ascii_lowercase())
    }
}

fn uncited_sources(site: &Site, composed: &Composed, diags: &mut Diagnostics) {
    let mut cited: BTreeSet<&str> = BTreeSet::new();
    let lists = std::iter::once(&composed.explainer.cited)
        .chain(composed.background.iter().map(|p| &p.cited))
        .chain([&composed.timeline_cited, &composed.glossary_cited]);
    for list in lists {
        cited.extend(list.iter().map(|c| c.id.as_str()));
    }
    let Some(file) = site.sources_file.as_ref() else {
        return;
    };
    // One index for the whole file: a registry of 10,000 sources nobody cites yet is valid,
    // and locating each warning from the top of the file was quadratic.
    let lines = LineIndex::new(&file.1);
    for s in &site.sources {
        if !cited.contains(s.id.as_str()) {
            diags.push(
                Diagnostic::warning(format!("source `{}` is not cited anywhere", s.id))
                    .at_indexed(&file.0, &lines, s.id_span.clone())
                    .with_hint(format!(
                        "cite it with [@{}] where it supports a claim, or remove it",
                        s.id
                    )),
            );
        }
    }
}

/// Turns every page's mentions into "Mentioned in" lists for terms and events, in page
/// order: explainer, background pages, timeline, glossary.
fn backlinks(
    site: &Site,
    explainer: &ComposedPage,
    background: &[Arc<ComposedPage>],
    timeline: &[Mention],
    glossary: &[Mention],
) -> (Vec<Vec<Backlink>>, Vec<Vec<Backlink>>) {
    let mut terms: Vec<Vec<Backlink>> = vec![vec![]; site.terms.len()];
    let mut events: Vec<Vec<Backlink>> = vec![vec![]; site.events.len()];
    let event_index: std::collections::BTreeMap<&str, usize> = site
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    let mut add = |m: &Mention, page_label: &str, page_url: &str, entry_page: bool| {
        let (url, label) = match &m.section {
            Some((id, title)) if entry_page => {
                (format!("{page_url}#{id}"), format!("{page_label}: {title}"))
            }
            Some((id, title)) => (
                format!("{page_url}#{id}"),
                format!("{page_label} › {title}"),
            ),
            None => (page_url.to_string(), page_label.to_string()),
        };
        let own_id = m.section.as_ref().map(|(id, _)| id.as_str());
        let list = match &m.target {
            Mentioned::Term(t) => {
                // A term's own entry does not list itself.
                if entry_page
                    && page_url == urls::GLOSSARY
                    && own_id == site.terms.get(*t).map(|d| d.slug.as_str())
                {
                    return;
                }
                terms.get_mut(*t)
            }
            Mentioned::Event(slug) => {
                if entry_page && page_url == urls::TIMELINE && own_id == Some(slug.as_str()) {
                    return;
                }
                event_index
                    .get(slug.as_str())
                    .and_then(|&i| events.get_mut(i))
            }
        };
        if let Some(list) = list {
            let b = Backlink { label, url };
            if !list.contains(&b) {
                list.push(b);
            }
        }
    };
    for m in &explainer.mentions {
        add(m, "Explainer", urls::EXPLAINER, false);
    }
    for (d, p) in site.background.iter().zip(background) {
        let url = urls::background(&d.slug);
        for m in &p.mentions {
            add(m, &d.meta.title, &url, false);
        }
    }
    for m in timeline {
        add(m, "Timeline", urls::TIMELINE, true);
    }
    for m in glossary {
        add(m, "Glossary", urls::GLOSSARY, true);
    }
    (terms, events)
}
