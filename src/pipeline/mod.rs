//! The one way through: [`run`] reads the site, parses and models it, composes and
//! renders every page, and hands each file to a [`Sink`] as soon as it exists. `build`
//! (the staging folder), `check` and the fuzz targets (memory) and `serve` (memory and
//! its memo) differ only in the sink. Nothing downstream reaches back.

mod destination;
mod editions;
mod manifest;
mod stages;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::compose;
use crate::diag::Diagnostics;
use crate::model;
use crate::read::{self, SiteInput};
use crate::render::{self, OutputFile, PageOrigin};
use crate::search;
use crate::timings::Timings;
use destination::Destination;
use stages::model;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of dossier.toml; relative to the current directory.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` of dossier.toml.
    pub base_url: Option<String>,
    /// Warnings fail the build, which then writes nothing.
    pub strict: bool,
}

/// A site rendered in memory.
pub struct Rendered {
    /// The rendered files, in site order. Empty after [`build`], which writes each file
    /// as soon as it is rendered; `paths` lists them.
    pub files: Vec<OutputFile>,
    /// The path of every generated file, in site order.
    pub paths: Vec<PathBuf>,
    /// The files of `static/`, relative to it (and so to the output's root).
    pub static_files: Vec<PathBuf>,
    /// In memory (check, serve): the language editions' folders, each of which holds a
    /// copy of every static file, as `build` writes it (`ar-IQ/img/x.png`). Empty
    /// after [`build`], which has written the copies.
    pub static_copies: Vec<String>,
    /// The variants of raster figures: written by `build`; `check` counts them as
    /// present, `serve` encodes each when a browser first asks for it.
    pub variants: Vec<crate::model::variants::Plan>,
    /// The social cards (output path, card): drawn by `build`; `check` counts them as
    /// present, `serve` draws each when a browser first asks for it.
    pub cards: Vec<(String, crate::render::cards::Card)>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Where `build` writes it.
    pub out_dir: PathBuf,
    /// Empty after [`build`], which does not need it.
    pub provenance: Provenance,
    pub timings: Timings,
    /// [`render_with`] (serve) leaves the search index out of `files` and hands back
    /// how to make it: a browser asks for it only when a reader focuses the search box,
    /// so an edit's reload need not wait for it. Its bytes are what `build` writes.
    /// With its path in the output (its name carries a hash).
    pub deferred_index: Option<(PathBuf, DeferredIndex)>,
}

/// Builds the deferred `search-index.js` (see [`Rendered::deferred_index`]).
pub type DeferredIndex = Box<dyn FnOnce() -> OutputFile + Send>;

/// Where the output came from: what `check` needs to point a problem in a page back at
/// the line someone wrote.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Template and content files of each page, by output path.
    pub origins: BTreeMap<PathBuf, PageOrigin>,
    /// Content files, `dossier.toml` and template overrides, by path from the site root.
    pub texts: BTreeMap<PathBuf, Arc<str>>,
    /// Every source's `url` from `sources.toml`, cited or not.
    pub source_urls: Vec<String>,
    pub base_url: Option<String>,
}

/// What one render may reuse from the previous one: the background pages whose inputs
/// are unchanged (see [`compose::Memo`] and [`render::Memo`]). `serve` keeps one across
/// its rebuilds so an edit to one page of a large site re-renders that page, not all of
/// them; the output is byte for byte what a render without it gives.
#[derive(Default)]
pub struct Memo {
    compose: compose::Memo,
    render: render::Memo,
}

/// Where the site comes from.
pub enum Input {
    /// Read from `BuildOptions::root` (the only I/O before the sink).
    Read,
    /// Already in memory: fuzzers and property tests drive every stage without a file
    /// system. `BuildOptions::root` then only places the output directory.
    Given(SiteInput),
}

/// Where the rendered files go: the one thing `build`, `check`, `serve` and the fuzz
/// targets do differently.
pub enum Sink<'m> {
    /// `build`: each file is written into the staging folder as soon as it is rendered
    /// (from the worker threads), and the folder replaces the output only if everything
    /// succeeded. A large site is never held in memory whole: `Rendered::files` and
    /// `Rendered::provenance` come back empty, `paths` lists what was written.
    Staging,
    /// `check` and the fuzz targets: every file kept in memory, with its provenance.
    Memory,
    /// `serve`: in memory, reusing the pages `Memo` holds from the last run (and
    /// refreshing it), with the search index deferred (see [`Rendered::deferred_index`]).
    Memo(&'m mut Memo),
}

/// The one way through: read, model, compose, render, then hand every file to `sink`.
/// Timings: "compose" includes rendering the background pages (each is rendered as
/// soon as it is composed, except under [`Sink::Memo`], whose render memo reuses them);
/// "render" the other pages and assets; "write" the static files and the swap.
pub fn run(opts: &BuildOptions, input: Input, sink: Sink<'_>) -> Result<Rendered, Diagnostics> {
    let mut timings = Timings::default();
    let input = match input {
        // The built-in templates are compiled (once per process) beside the reading,
        // which waits on the file system: on a small site that was a tenth of a build.
        Input::Read => timings.time("read", || {
            rayon::join(
                || read::read_site(&opts.root),
                render::compile_builtin_templates,
            )
            .0
        })?,
        Input::Given(input) => input,
    };
    // Template errors are pointed at the template and line of the mistake at the end,
    // where the site's templates are still at hand (see render::blame_templates).
    let templates = input.templates.clone();
    run_read(opts, input, sink, timings).map_err(|d| render::blame_templates(d, &templates))
}

/// [`run`] once the site is read. The language editions are whole builds of their own,
/// in memory, that share nothing with the original's but the parsed built-in templates:
/// they run beside it, and their files join its destination at the end. On a small
/// site each build is mostly a chain of short stages, so side by side they use both
/// cores where one after the other they used little more than one.
fn run_read(
    opts: &BuildOptions,
    input: SiteInput,
    sink: Sink<'_>,
    timings: Timings,
) -> Result<Rendered, Diagnostics> {
    let (input, pending) = editions::split(input);
    let folders = pending.folders();
    let (editions, original) = rayon::join(
        || {
            let start = Instant::now();
            let editions = pending.render(opts);
            (editions, start.elapsed())
        },
        || original(opts, input, sink, timings, folders.clone()),
    );
    let (editions, took) = editions;
    let (mut p, mut files, dest, defer_index) = original.map_err(|mut d| {
        d.extend(editions.diagnostics.0.iter().cloned());
        d.sort();
        d
    })?;
    p.timings.beside("editions", took);
    p.diagnostics.extend(editions.diagnostics.0);
    p.diagnostics.sort();
    if p.diagnostics.has_errors() {
        return Err(std::mem::take(&mut p.diagnostics));
    }
    for f in editions.files {
        files.push(dest.put(f)?);
    }
    p.variants.extend(editions.variants);
    p.cards.extend(editions.cards);
    // In memory (check, serve), each edition's copy of `static/` is the original's.
    let static_copies = match dest {
        Destination::Memory => folders,
        Destination::Staging { .. } => vec![],
    };
    let mut rendered = dest.finish(p, files, opts.strict, defer_index)?;
    rendered.static_copies = static_copies;
    Ok(rendered)
}

/// The original's part of a run: everything but the editions and the destination's
/// finish. Also hands back the destination, and whether the search index is deferred.
type Original = (stages::Prepared, Vec<OutputFile>, Destination, bool);

/// Models, composes and renders the original (not the editions), putting each file in
/// the sink's destination as soon as it exists.
fn original(
    opts: &BuildOptions,
    input: SiteInput,
    sink: Sink<'_>,
    timings: Timings,
    editions: Vec<String>,
) -> Result<Original, Diagnostics> {
    let mut m = model(input, opts, timings, None)?;
    let (mut memo, dest) = match sink {
        Sink::Staging => (None, Destination::staging(opts, &mut m, editions)),
        Sink::Memory => (None, Destination::Memory),
        Sink::Memo(memo) => (Some(memo), Destination::Memory),
    };
    // Only serve keeps a memo, and only serve defers the index.
    let defer_index = memo.is_some();
    let put = |f: OutputFile| dest.put(f);
    // `build` writes each background page as soon as it is composed, and nothing after
    // reads its markdown: compose drops each text as it goes (see take_background_texts).
    let texts = matches!(dest, Destination::Staging { .. }).then(|| m.site.take_background_texts());
    let (composed, compose_diags, background) = {
        let (site, tera, report_uncited) = (&m.site, &m.tera, !m.diagnostics.has_errors());
        let templates = &m.input.templates;
        let memo = memo.as_deref_mut().map(|m| &mut m.compose);
        m.timings.time("compose", || {
            compose(site, texts, (tera, templates), report_uncited, memo, &put)
        })
    };
    let mut p = m.composed(composed, compose_diags)?;
    let memo = memo.map(|m| &mut m.render);
    let files = p.render_each(memo, background, defer_index, &put)?;
    Ok((p, files, dest, defer_index))
}

/// What [`compose::compose_each`] hands back for each background page: the file as
/// the destination kept it, or why it could not be rendered; and every page's search
/// results, tokenised as it was composed.
type Background = (Vec<Result<OutputFile, Diagnostics>>, search::Gathered);

/// Composes every page. Each background page is rendered and put as soon as it is
/// composed, so `build` never holds every page's HTML; with a memo (serve) they are
/// rendered after compose instead, where the render memo can reuse them.
fn compose(
    site: &model::Site,
    texts: Option<Vec<compose::Text>>,
    (tera, templates): (&tera::Tera, &[(String, String)]),
    report_uncited: bool,
    memo: Option<&mut compose::Memo>,
    put: &(impl Fn(OutputFile) -> Result<OutputFile, Diagnostics> + Sync),
) -> (compose::Composed, Diagnostics, Option<Background>) {
    let components = render::ComponentTemplates::new(tera, templates);
    if memo.is_some() {
        let (composed, diags) = compose::compose_with(site, &components, report_uncited, memo);
        return (composed, diags, None);
    }
    let pages = render::PageRenderer::new(site, tera);
    let gatherer = search::Gatherer::new(site);
    let (composed, diags, background) =
        compose::compose_each(site, texts, (&components, report_uncited), &|d, p| {
            let file = pages.background(d, p).and_then(put);
            (file, gatherer.page(d, p))
        });
    let (files, results) = background.into_iter().unzip();
    let gathered = gatherer.finish(results);
    (composed, diags, Some((files, gathered)))
}
