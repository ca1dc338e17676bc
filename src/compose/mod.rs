//! Compose: render every markdown body onto the output page it belongs to.
//!
//! Citation numbers, glossary "first mention" and element ids are per output page, so the
//! bodies of one page (the timeline's events, the glossary's terms) are rendered in page
//! order with one shared [`PageState`]. Separate pages are independent and rendered in
//! parallel. Pure: model in, HTML fragments and diagnostics out.
//!
//! This file composes the pages; the serve memo that lets a rebuild skip unchanged pages
//! is `memo`, the "Mentioned in" lists made from every page's mentions are `backlinks`.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::markdown::sections::{PlainSection, SectionCollector};
use crate::markdown::{
    self, Body, Cited, ComponentTemplates, Credit, Mention, PageState, Refs, TocEntry,
};
use crate::model::{urls, Doc, Site};
use crate::parse::frontmatter::BackgroundMeta;
use crate::parse::frontmatter::SourceRef;

mod backlinks;
mod letters;
mod memo;
mod places;
mod timeline;

pub use letters::{letter_id, letter_of, letters};

use backlinks::backlinks;
pub use backlinks::Backlink;
pub use memo::Memo;
use timeline::timeline_pages;
pub use timeline::TimelinePage;

/// A source mark shown under an event or term, or after a page: `[n]`, with the id the
/// references list links back to (a mark is only ever a source the text does not cite,
/// so the line is where the list leads back to).
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
    /// The body's text cut at its level 1–3 headings, for the search index: taken by
    /// the sink of [`compose_each`] (build, check), or by the index itself when nothing
    /// else holds the page (serve).
    pub sections: Vec<PlainSection>,
    pub toc: Vec<TocEntry>,
    /// Marks for the frontmatter `sources` its body does not cite.
    pub marks: Vec<Mark>,
    /// Its body cites a known source (its marks are then "further" sources).
    pub cites: bool,
    pub cited: Vec<Cited>,
    pub mentions: Vec<Mention>,
    /// Raster images of `static/` the page shows (published only as variants).
    pub images_used: BTreeSet<String>,
    /// The credited images the page shows, for its credits section.
    pub credits: Vec<Credit>,
    /// The places its `map` blocks show, by id.
    pub places_used: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct ComposedEntry {
    pub html: String,
    /// Marks for the frontmatter `sources` its text does not cite.
    pub marks: Vec<Mark>,
    /// Its text cites a known source (its marks are then "further" sources).
    pub cites: bool,
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
    /// Per page of events (same order as the site's `timeline_parts`).
    pub timeline_pages: Vec<TimelinePage>,
    pub terms: Vec<ComposedEntry>,
    pub glossary_cited: Vec<Cited>,
    /// Per standalone page (same order as the site's pages).
    pub pages: Vec<ComposedPage>,
    /// Raster images the timeline and glossary pages show.
    pub entry_images: BTreeSet<String>,
    /// The credited images of the glossary page.
    pub glossary_credits: Vec<Credit>,
    /// The places the timeline's and the glossary's `map` blocks show, by id.
    pub entry_places: BTreeSet<String>,
}

impl Composed {
    /// Every raster image of `static/` some page shows, sorted.
    pub fn images_used(&self) -> BTreeSet<String> {
        let mut all = self.entry_images.clone();
        let pages = std::iter::once(&self.explainer)
            .chain(self.background.iter().map(|p| &**p))
            .chain(&self.pages);
        for p in pages {
            all.extend(p.images_used.iter().cloned());
        }
        all
    }

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
    components: &dyn ComponentTemplates,
    report_uncited: bool,
    memo: Option<&mut Memo>,
) -> (Composed, Diagnostics) {
    type NoSink = fn(&Doc<BackgroundMeta>, &mut ComposedPage);
    let (composed, diags, _) = compose_inner(
        site,
        components,
        report_uncited,
        memo,
        None::<Sinking<'_, NoSink>>,
    );
    (composed, diags)
}

/// [`compose_with`] without a memo, for `build` and `check`: each background page goes to
/// `sink` (which renders and writes it, and may take what it needs out of it, such as
/// the search index's section texts) as soon as it is composed, on the worker thread
/// that composed it, and its HTML is dropped right after, so a large site never holds
/// every page's HTML.
/// Returns what `sink` returned for each page, in site order. Pages are sunk even when
/// their file has errors: the build fails then, and what was written is thrown away.
/// `texts`: the background pages' markdown when the site has handed it over
/// ([`Site::take_background_texts`]), each dropped once its page is sunk.
pub fn compose_each<R: Send>(
    site: &Site,
    texts: Option<Vec<Text>>,
    (components, report_uncited): (&dyn ComponentTemplates, bool),
    sink: &(impl Fn(&Doc<BackgroundMeta>, &mut ComposedPage) -> R + Sync),
) -> (Composed, Diagnostics, Vec<R>) {
    let sinking = Sinking { sink, texts };
    let (composed, diags, sunk) =
        compose_inner(site, components, report_uncited, None, Some(sinking));
    let sunk = sunk.into_iter().flatten().collect();
    (composed, diags, sunk)
}

/// A composed background page and the problems found in it.
type PageResult = (Arc<ComposedPage>, Vec<Diagnostic>);

/// A page's markdown handed over by the site: its whole text and where the body starts.
pub type Text = (Arc<str>, usize);

/// Where [`compose_each`] sends each background page, and the pages' texts if it owns them.
struct Sinking<'s, S> {
    sink: &'s S,
    texts: Option<Vec<Text>>,
}

#[allow(clippy::too_many_lines)] // the edition's labels (issue 18) made it 62 lines
fn compose_inner<R: Send, S: Fn(&Doc<BackgroundMeta>, &mut ComposedPage) -> R + Sync>(
    site: &Site,
    components: &dyn ComponentTemplates,
    report_uncited: bool,
    memo: Option<&mut Memo>,
    sink: Option<Sinking<'_, S>>,
) -> (Composed, Diagnostics, Vec<Option<R>>) {
    let source_ids: BTreeSet<String> = site.source_index.keys().cloned().collect();
    let labels = [
        site.strings.get("source"),
        site.strings.get("link-to-section"),
    ];
    let refs = Refs::of_site(site, (&source_ids, &labels), components);
    let mut diags = Diagnostics::default();
    let explainer = page(
        &site.explainer,
        &[],
        urls::ROOT_EXPLAINER,
        &refs,
        &mut diags,
    );
    let (background, sunk) = background_pages(site, &refs, memo, sink, &mut diags);
    let timeline = timeline_pages(site, &refs, &mut diags);
    let glossary = glossary_page(site, &refs, &mut diags);
    // A handful of pages (about, methodology): composed in order, never memoized.
    let pages = site
        .pages
        .iter()
        .map(|d| page(d, &[], urls::ROOT_PAGE, &refs, &mut diags))
        .collect();
    let (term_backlinks, event_backlinks) = backlinks(
        site,
        &explainer,
        &background,
        &timeline.mentions,
        &glossary.mentions,
    );
    let composed = Composed {
        term_backlinks,
        event_backlinks,
        explainer,
        background,
        events: timeline.entries,
        timeline_pages: timeline.pages,
        terms: glossary.entries,
        glossary_cited: glossary.cited,
        pages,
        entry_images: &timeline.images_used | &glossary.images_used,
        glossary_credits: glossary.credits,
        entry_places: &timeline.places_used | &glossary.places_used,
    };
    if report_uncited {
        uncited_sources(site, &composed, &mut diags);
        places::unused_places(site, &composed, &mut diags);
    }
    (composed, diags, sunk)
}

/// The background pages, each its own output page, composed in parallel (or taken from
/// `memo`), and what the sink returned for each one it was given.
fn background_pages<R: Send, S: Fn(&Doc<BackgroundMeta>, &mut ComposedPage) -> R + Sync>(
    site: &Site,
    refs: &Refs<'_>,
    mut memo: Option<&mut Memo>,
    sink: Option<Sinking<'_, S>>,
    diags: &mut Diagnostics,
) -> (Vec<Arc<ComposedPage>>, Vec<Option<R>>) {
    if let Some(m) = memo.as_deref_mut() {
        m.begin(refs);
    }
    let reuse = memo.as_deref();
    let (sink, texts) = match sink {
        Some(Sinking { sink, texts }) => (Some(sink), texts),
        None => (None, None),
    };
    // Each page owns its text when the site handed them over, and drops it when done.
    let texts: Vec<Option<Text>> = match texts {
        Some(t) => t.into_iter().map(Some).collect(),
        None => site.background.iter().map(|_| None).collect(),
    };
    let results: Vec<(PageResult, Option<R>)> = site
        .background
        .par_iter()
        .zip(texts)
        .map(|(d, text)| {
            if let Some(hit) = reuse.and_then(|m| m.get(d)) {
                return (hit, None);
            }
            let mut local = Diagnostics::default();
            let body = text
                .as_ref()
                .map_or((&*d.text, d.body_offset), |(t, o)| (&**t, *o));
            let at = (&d.meta.sources[..], urls::ROOT_BACKGROUND_PAGE);
            let mut p = page_text(d, body, at, refs, &mut local);
            drop(text);
            let sunk = sink.map(|s| {
                let r = s(d, &mut p);
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
    (background, sunk)
}

/// A page of entries (the timeline, the glossary): each entry composed, and what the
/// page as a whole cites and mentions.
struct EntryPage {
    entries: Vec<ComposedEntry>,
    cited: Vec<Cited>,
    mentions: Vec<Mention>,
    images_used: BTreeSet<String>,
    credits: Vec<Credit>,
    places_used: BTreeSet<String>,
}

/// The glossary page: every term on one page, its ids (terms and letter headings)
/// reserved first.
fn glossary_page(site: &Site, refs: &Refs<'_>, diags: &mut Diagnostics) -> EntryPage {
    let mut state = PageState::new(urls::ROOT_SECTION);
    for t in &site.terms {
        state.reserve_id(&t.slug);
    }
    for letter in letters(site) {
        state.reserve_id(&letter_id(letter));
    }
    let mut entries = Vec::with_capacity(site.terms.len());
    for (i, t) in site.terms.iter().enumerate() {
        state.section = Some((t.slug.clone(), t.meta.term.clone()));
        state.section_label = None;
        entries.push(entry(
            t,
            &t.meta.sources,
            4,
            Some(i),
            refs,
            &mut state,
            diags,
        ));
    }
    EntryPage {
        entries,
        cited: state.citations.list(),
        mentions: state.mentions,
        images_used: state.images_used,
        credits: state.credits,
        places_used: state.places_used,
    }
}

fn page<M>(
    d: &Doc<M>,
    sources: &[SourceRef],
    root: &str,
    refs: &Refs<'_>,
    diags: &mut Diagnostics,
) -> ComposedPage {
    page_text(d, (&d.text, d.body_offset), (sources, root), refs, diags)
}

/// [`page`] of the markdown `text`, whose body starts at `offset`: the site's own, or
/// (a background page in `build`) the text the site handed over.
fn page_text<M>(
    d: &Doc<M>,
    (text, offset): (&str, usize),
    (sources, root): (&[SourceRef], &str),
    refs: &Refs<'_>,
    diags: &mut Diagnostics,
) -> ComposedPage {
    let mut state = PageState::new(root);
    // The search index's section texts come from this same parse.
    let mut sections = SectionCollector::default();
    let r = markdown::to_html_observed(
        &Body {
            file: &d.file,
            text,
            offset,
            heading_floor: 2,
            own_term: None,
        },
        refs,
        &mut state,
        &mut |e| sections.feed(e),
    );
    diags.extend(r.diagnostics);
    // The page's own sources line follows its body, in no section of it. It lists the
    // frontmatter sources the body does not cite, as an entry's line does.
    state.section = None;
    state.section_label = None;
    let (marks, cites) = sources_line(sources, refs, &mut state);
    ComposedPage {
        cites,
        has_code: markdown::has_code_block(&r.html),
        sections: sections.finish(),
        html: r.html,
        toc: r.toc,
        marks,
        cited: state.citations.list(),
        mentions: state.mentions,
        images_used: state.images_used,
        credits: state.credits,
        places_used: state.places_used,
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
    // What this entry cites in its text is one of its sources, whether or not the
    // frontmatter lists it (issue 15: the two lists drifted apart by hand).
    state.citations.take_recent();
    let r = markdown::to_html(
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
    let (marks, cites) = sources_line(sources, refs, state);
    ComposedEntry {
        html: r.html,
        marks,
        cites,
    }
}

/// The line after an entry's or a page's text, from what the text just cited (the
/// state's recent citations): the marks of the known sources its frontmatter `sources`
/// adds, each once (unknown ids were reported already), and whether the text cites a
/// known source (the marks are then "further" sources). The text's own citations are
/// not repeated: every one of them is already a mark in the text, and on the
/// flagship's timeline, whose events cite all their sources, the repeats were 8 KB of
/// its page and nothing a reader had not just read.
fn sources_line(
    sources: &[SourceRef],
    refs: &Refs<'_>,
    state: &mut PageState,
) -> (Vec<Mark>, bool) {
    let cited = state.citations.take_recent();
    let cites = cited.iter().any(|id| refs.source_ids.contains(id));
    let mut seen = BTreeSet::new();
    let ids = sources.iter().map(|s| &s.id);
    let mut marks: Vec<Mark> = ids
        .filter(|id| refs.source_ids.contains(*id) && !cited.contains(id))
        .filter(|id| seen.insert(id.as_str()))
        .map(|id| {
            let section = state.section.as_ref().map(|(_, title)| title.as_str());
            let label = state.section_label.as_deref();
            let (number, backref) = state.citations.cite(id, section, label);
            Mark { number, backref }
        })
        .collect();
    // In number order, like a cluster in the text: "[1][3]", never "[3][1]".
    marks.sort_by_key(|m| m.number);
    (marks, cites)
}

fn uncited_sources(site: &Site, composed: &Composed, diags: &mut Diagnostics) {
    let mut cited: BTreeSet<&str> = BTreeSet::new();
    let lists = std::iter::once(&composed.explainer.cited)
        .chain(composed.background.iter().map(|p| &p.cited))
        .chain(composed.pages.iter().map(|p| &p.cited))
        .chain(composed.timeline_pages.iter().map(|p| &p.cited))
        .chain([&composed.glossary_cited]);
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
