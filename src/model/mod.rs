//! The site model: every content file parsed, validated against the others (slugs,
//! source ids, glossary names), ordered as CONTENT.md says, and ready to compose.
//!
//! Pure: takes the [`SiteInput`] read by `source` and returns a [`Site`] or diagnostics.
//! It knows nothing about HTML templates. This file holds the site's types and the order
//! of the steps; each step lives in the module named for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::dates::PartialDate;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::config::Config;
use crate::parse::frontmatter::{
    BackgroundMeta, EventMeta, ExplainerMeta, PageMeta, SourceEntry, TermMeta,
};
use crate::read::{Kind, SiteInput};

pub mod data;
mod documents;
pub mod editions;
pub mod images;
mod pages;
mod placeholders;
pub mod places;
pub mod redirects;
pub mod social;
pub mod strings;
mod target_map;
pub mod targets;
pub mod timeline;
pub mod urls;
mod validate;
pub mod variants;

use documents::{Documents, DroppedDrafts};
pub use placeholders::PLACEHOLDER;
use targets::{Glossary, LinkTarget, TermTarget};
use urls::TimelineLayout;

/// A content document: its metadata, where it came from, and its markdown body.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub meta: M,
    pub slug: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub body_offset: usize,
}

impl<M> Doc<M> {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

pub struct Site {
    pub config: Config,
    pub explainer: Doc<ExplainerMeta>,
    /// Ordered by weight (none last), then title.
    pub background: Vec<Doc<BackgroundMeta>>,
    /// Oldest first; partial dates before the full dates of their period; ties by slug.
    pub events: Vec<Doc<EventMeta>>,
    /// A–Z by term, case-insensitively.
    pub terms: Vec<Doc<TermMeta>>,
    pub sources: Vec<SourceEntry>,
    /// False when sources.toml failed to parse (then ids are not checked against it).
    pub sources_readable: bool,
    /// `content/sources.toml` (path, text), for diagnostics that point into it.
    pub sources_file: Option<(PathBuf, Arc<str>)>,
    pub source_index: BTreeMap<String, usize>,
    pub glossary: Glossary,
    /// `@/` link targets, keyed by the path after `@/`. Hashed, not ordered: every `@/`
    /// link of every page looks its target up here, and on a site of thousands of pages
    /// an ordered map's string comparisons were a few percent of a build.
    pub link_targets: rustc_hash::FxHashMap<String, LinkTarget>,
    /// The pages' `aliases`, each a redirect to its page, by the alias's path.
    pub redirects: Vec<redirects::Redirect>,
    /// The images of `static/` that figures may show.
    pub images: images::Images,
    /// Standalone pages (about, methodology…), in footer order.
    pub pages: Vec<Doc<PageMeta>>,
    /// One page of events, or an index and a page per year.
    pub timeline: timeline::TimelineLayout,
    /// The pages of events, in order (one when the timeline is on one page).
    pub timeline_parts: Vec<timeline::TimelinePart>,
    /// In a language edition: the translations shown, by their own path (a doc whose
    /// file is not among them falls back to the original). Empty in the original.
    pub translations: BTreeMap<PathBuf, crate::read::Translation>,
    /// The edition's interface strings, dates and numbers.
    pub strings: Arc<strings::Strings>,
    /// The data tables of `content/data/`, by stem.
    pub tables: data::Tables,
    /// The places of `content/places.toml`, with the events that name each.
    pub places: places::Places,
}

impl Site {
    /// Whether this page of a language edition shows the original, untranslated.
    pub fn is_fallback(&self, file: &Path) -> bool {
        self.config.edition_of.is_some() && !self.translations.contains_key(file)
    }

    /// Hands over the background pages' markdown (text, body offset) for compose to let
    /// go of each as soon as its page is composed and written (`build` only): nothing
    /// after compose reads it, and on a large site it is the biggest thing in memory
    /// (75 MB of 10,000 pages) while the pages' search texts pile up. Their `body()` is
    /// empty from then on.
    pub fn take_background_texts(&mut self) -> Vec<(Arc<str>, usize)> {
        let empty: Arc<str> = Arc::from("");
        self.background
            .iter_mut()
            .map(|d| {
                let offset = std::mem::take(&mut d.body_offset);
                (std::mem::replace(&mut d.text, empty.clone()), offset)
            })
            .collect()
    }
}

/// How to build: the knobs that change what the model holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    pub drafts: bool,
}

/// Builds and validates the model. Returns the site with every diagnostic found so far
/// (errors included, so composing can add the body errors of the other files), or only
/// diagnostics when there is no explainer to build a site around.
// The model's steps in order, each one call; the language editions added two (the
// strings and the translations shown), which a helper would only hide. See issue 18.
#[allow(clippy::too_many_lines)]
pub fn build_site(
    config: Config,
    input: &SiteInput,
    opts: ModelOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    diags.extend(input.warnings.iter().cloned());
    let strings = Arc::new(strings::Strings::new(&config, &input.strings).map_err(Diagnostics)?);

    let mut docs = Documents::parse(input, &mut diags);
    let drafts = drop_drafts(&mut docs, opts);
    let Some(explainer) = docs.explainer.take() else {
        return Err(without_explainer(input, diags));
    };
    check_explainer_draft(&explainer, opts, &mut diags);
    let source_index = validate::documents(&docs, &mut diags);
    order(&mut docs);
    let (layout, timeline_parts) = timeline::pages(config.timeline, &docs.events);
    let glossary = glossary(&docs.terms).with_drafts(drafts.term_names);
    let mut link_targets = link_targets(input, &explainer, &docs, (&drafts.keys, layout));
    diags.extend(placeholders::in_files(published(&explainer, &docs)));
    let redirects = page_redirects(&explainer, &docs.background, &timeline_parts, &mut diags);
    pages::insert_targets(&mut link_targets, &docs.pages);
    let (images, tables) = images_and_tables(
        input,
        &config,
        (&source_index, &explainer, &docs),
        &mut diags,
    );
    let places = places::Places::from_documents(&mut docs, (&config, layout), &mut diags);
    // Errors so far do not stop the build here: composing still finds the problems in
    // every other file's body, so one run reports them all.
    let mut explainer = explainer;
    let translations = show_translations(&mut explainer, &mut docs, input);
    let Documents {
        background,
        events,
        terms,
        pages,
        sources,
        sources_file,
        sources_readable,
        ..
    } = docs;
    Ok((
        Site {
            config,
            explainer,
            background,
            events,
            terms,
            sources,
            sources_readable,
            sources_file: sources_file.map(|f| (f.rel_path.clone(), f.text.clone())),
            source_index,
            glossary,
            link_targets: link_targets.into_iter().collect(),
            redirects,
            images,
            pages,
            timeline: layout,
            timeline_parts,
            translations,
            strings,
            tables,
            places,
        },
        diags,
    ))
}

/// Leaves the drafts out unless they are shown (`--drafts`).
fn drop_drafts(docs: &mut Documents<'_>, opts: ModelOptions) -> DroppedDrafts {
    if opts.drafts {
        DroppedDrafts::default()
    } else {
        docs.drop_drafts()
    }
}

/// The images of `static/` (and the pages' social `image`s) and the data tables of
/// `content/data/`, with their errors.
fn images_and_tables(
    input: &SiteInput,
    config: &Config,
    (source_index, explainer, docs): (
        &BTreeMap<String, usize>,
        &Doc<ExplainerMeta>,
        &Documents<'_>,
    ),
    diags: &mut Diagnostics,
) -> (images::Images, data::Tables) {
    let images = images::Images::new(&input.images, config.images.clone(), diags);
    social::check(explainer, (&docs.background, &docs.pages), &images, diags);
    let tables = data::tables(input, source_index, docs.sources_readable, diags);
    (images, tables)
}

/// The `@/` link targets of every published document (drafts' keys kept apart).
fn link_targets(
    input: &SiteInput,
    explainer: &Doc<ExplainerMeta>,
    docs: &Documents<'_>,
    (drafts, layout): (&[String], TimelineLayout),
) -> BTreeMap<String, LinkTarget> {
    target_map::link_targets(
        input,
        explainer,
        &docs.background,
        &docs.events,
        &docs.terms,
        drafts,
        layout,
    )
}

/// In an edition, shows each translated doc as its translation (see `editions`), and
/// returns the translations by their own path.
fn show_translations(
    explainer: &mut Doc<ExplainerMeta>,
    docs: &mut Documents<'_>,
    input: &SiteInput,
) -> BTreeMap<PathBuf, crate::read::Translation> {
    editions::show_translations(std::slice::from_mut(explainer), input);
    editions::show_translations(&mut docs.background, input);
    editions::show_translations(&mut docs.events, input);
    editions::show_translations(&mut docs.terms, input);
    editions::show_translations(&mut docs.pages, input);
    input
        .translations
        .values()
        .map(|t| (t.rel_path.clone(), t.clone()))
        .collect()
}

/// A draft explainer is an error unless drafts are shown: a site has no page without it.
fn check_explainer_draft(
    explainer: &Doc<ExplainerMeta>,
    opts: ModelOptions,
    diags: &mut Diagnostics,
) {
    if explainer.meta.draft && !opts.drafts {
        diags.push(
            Diagnostic::error(Class::Content, "the main explainer is a draft")
                .in_file(&explainer.file)
                .with_hint("remove `draft = true`, or preview with --drafts"),
        );
    }
}

/// The redirects of the explainer's and the background pages' `aliases`; an alias may
/// not take the place of any page the site publishes.
fn page_redirects(
    explainer: &Doc<ExplainerMeta>,
    background: &[Doc<BackgroundMeta>],
    timeline: &[timeline::TimelinePart],
    diags: &mut Diagnostics,
) -> Vec<redirects::Redirect> {
    let mut owners = vec![redirects::AliasOwner {
        file: &explainer.file,
        text: &explainer.text,
        path: urls::EXPLAINER.to_string(),
        title: &explainer.meta.title,
        aliases: &explainer.meta.aliases,
    }];
    owners.extend(background.iter().map(|d| redirects::AliasOwner {
        file: &d.file,
        text: &d.text,
        path: urls::background(&d.slug),
        title: &d.meta.title,
        aliases: &d.meta.aliases,
    }));
    let mut pages: std::collections::BTreeSet<String> = [
        urls::EXPLAINER,
        urls::BACKGROUND_INDEX,
        urls::TIMELINE,
        urls::GLOSSARY,
        urls::NOT_FOUND,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    pages.extend(background.iter().map(|d| urls::background(&d.slug)));
    pages.extend(timeline.iter().map(|p| p.path.clone()));
    redirects::redirects(&owners, &pages, diags)
}

/// The diagnostics of a site with no explainer to build around: its parse errors, or
/// that there is no `content/index.md` at all.
fn without_explainer(input: &SiteInput, mut diags: Diagnostics) -> Diagnostics {
    if !input.files.iter().any(|f| f.kind == Kind::Explainer) {
        diags.push(
            Diagnostic::error(Class::Content, "the site has no main explainer")
                .in_file("content/index.md")
                .with_hint("create content/index.md with title, summary and published in `+++` frontmatter"),
        );
    }
    diags
}

/// Orders the docs as CONTENT.md says: background by weight (none last), then title;
/// events oldest first; terms A–Z, case-insensitively. Slugs break ties.
fn order(docs: &mut Documents<'_>) {
    docs.background.sort_by(|a, b| {
        (
            a.meta.weight.is_none(),
            a.meta.weight,
            a.meta.title.to_lowercase(),
            &a.slug,
        )
            .cmp(&(
                b.meta.weight.is_none(),
                b.meta.weight,
                b.meta.title.to_lowercase(),
                &b.slug,
            ))
    });
    docs.events
        .sort_by(|a, b| (a.meta.date, &a.slug).cmp(&(b.meta.date, &b.slug)));
    pages::order(&mut docs.pages);
    docs.terms.sort_by(|a, b| {
        (a.meta.term.to_lowercase(), &a.meta.term, &a.slug).cmp(&(
            b.meta.term.to_lowercase(),
            &b.meta.term,
            &b.slug,
        ))
    });
}

/// The glossary of the (ordered) terms, each with all its names.
fn glossary(terms: &[Doc<TermMeta>]) -> Glossary {
    Glossary::new(
        terms
            .iter()
            .map(|t| {
                let mut all = vec![t.meta.term.clone()];
                all.extend(t.meta.aliases.iter().map(|(a, _)| a.clone()));
                (
                    TermTarget {
                        slug: t.slug.clone(),
                        term: t.meta.term.clone(),
                        short: t.meta.short.clone(),
                    },
                    all,
                )
            })
            .collect(),
    )
}

/// What this build publishes, (file, text), in page order, sources.toml last.
fn published<'a>(
    explainer: &'a Doc<ExplainerMeta>,
    docs: &'a Documents<'_>,
) -> impl Iterator<Item = (&'a Path, &'a Arc<str>)> {
    std::iter::once((explainer.file.as_path(), &explainer.text))
        .chain(docs.background.iter().map(|d| (d.file.as_path(), &d.text)))
        .chain(docs.events.iter().map(|d| (d.file.as_path(), &d.text)))
        .chain(docs.terms.iter().map(|d| (d.file.as_path(), &d.text)))
        .chain(docs.pages.iter().map(|d| (d.file.as_path(), &d.text)))
        .chain(docs.sources_file.map(|f| (f.rel_path.as_path(), &f.text)))
        .chain(docs.places_file.map(|f| (f.rel_path.as_path(), &f.text)))
}

/// The newest date the site states about itself: for "as of" lines and feeds.
pub fn as_of(site: &Site) -> PartialDate {
    let e = &site.explainer.meta;
    let mut newest = e.updated.unwrap_or(e.published);
    for u in &e.updates {
        newest = newest.max(u.date);
    }
    newest
}
