//! The one way through: [`run`] reads the site, parses and models it, composes and
//! renders every page, and hands each file to a [`Sink`] as soon as it exists. `build`
//! (the staging folder), `check` and the fuzz targets (memory) and `serve` (memory and
//! its memo) differ only in the sink. Nothing downstream reaches back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::parse::config::Config;

use crate::model::{self, urls, ModelOptions};
use crate::output;
use crate::read::{self, SiteInput};
use crate::render::{self, OutputFile, PageOrigin};
use crate::search;
use crate::timings::Timings;

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
    pub static_files: Vec<PathBuf>,
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
    pub deferred_index: Option<DeferredIndex>,
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
        Input::Read => timings.time("read", || read::read_site(&opts.root))?,
        Input::Given(input) => input,
    };
    let mut m = model(input, opts, timings)?;
    let (mut memo, dest) = match sink {
        Sink::Staging => (None, Destination::staging(opts, &mut m)),
        Sink::Memory => (None, Destination::Memory),
        Sink::Memo(memo) => (Some(memo), Destination::Memory),
    };
    // Only serve keeps a memo, and only serve defers the index.
    let defer_index = memo.is_some();
    let put = |f: OutputFile| dest.put(f);
    let (composed, compose_diags, background) = {
        let (site, tera, report_uncited) = (&m.site, &m.tera, !m.diagnostics.has_errors());
        let memo = memo.as_deref_mut().map(|m| &mut m.compose);
        m.timings.time("compose", || {
            compose(site, tera, report_uncited, memo, &put)
        })
    };
    let mut p = m.composed(composed, compose_diags)?;
    let memo = memo.map(|m| &mut m.render);
    let files = p.render_each(memo, background, defer_index, &put)?;
    dest.finish(p, files, opts.strict, defer_index)
}

/// What [`compose::compose_each`] hands back for each background page: the file as
/// the destination kept it, or why it could not be rendered.
type Background = Vec<Result<OutputFile, Diagnostics>>;

/// Composes every page. Each background page is rendered and put as soon as it is
/// composed, so `build` never holds every page's HTML; with a memo (serve) they are
/// rendered after compose instead, where the render memo can reuse them.
fn compose(
    site: &model::Site,
    tera: &tera::Tera,
    report_uncited: bool,
    memo: Option<&mut compose::Memo>,
    put: &(impl Fn(OutputFile) -> Result<OutputFile, Diagnostics> + Sync),
) -> (compose::Composed, Diagnostics, Option<Background>) {
    if memo.is_some() {
        let (composed, diags) = compose::compose_with(site, report_uncited, memo);
        return (composed, diags, None);
    }
    let pages = render::PageRenderer::new(site, tera);
    let (composed, diags, background) = compose::compose_each(site, report_uncited, &|d, p| {
        pages.background(d, p).and_then(put)
    });
    (composed, diags, Some(background))
}

/// Where [`run`] puts each file as soon as it is rendered.
enum Destination {
    /// `build`: the staging folder. `None` when nothing may be written (a `--strict`
    /// build that already has warnings); an error when the folder could not be made,
    /// reported after the pages' own errors, as it always was. `written` stands in for
    /// the bytes of a file once it is on disk.
    Staging {
        staging: Option<Result<output::Staging, Diagnostics>>,
        written: Arc<[u8]>,
    },
    /// Every file kept as it is.
    Memory,
}

impl Destination {
    fn staging(opts: &BuildOptions, m: &mut Modelled) -> Destination {
        // The model shares the content's text; these were only for `check`.
        m.input.files = Vec::new();
        let writable = !(opts.strict && m.diagnostics.has_problems());
        Destination::Staging {
            staging: writable.then(|| output::Staging::begin(&opts.root, &m.out_dir)),
            written: Arc::from(&[][..]),
        }
    }

    fn put(&self, f: OutputFile) -> Result<OutputFile, Diagnostics> {
        match self {
            Destination::Staging { staging, written } => {
                if let Some(Ok(staging)) = staging {
                    staging.put(&f)?;
                }
                Ok(OutputFile {
                    path: f.path,
                    bytes: written.clone(),
                })
            }
            Destination::Memory => Ok(f),
        }
    }

    fn finish(
        self,
        p: Prepared,
        files: Vec<OutputFile>,
        strict: bool,
        defer_index: bool,
    ) -> Result<Rendered, Diagnostics> {
        match self {
            Destination::Memory => Ok(p.into_rendered(files, defer_index)),
            Destination::Staging { staging, .. } => swap_in(p, files, staging, strict),
        }
    }
}

/// Copies `static/` into the staging folder and swaps it in, unless a `--strict` build
/// has warnings (decided before swapping, so the old output is left alone).
fn swap_in(
    mut p: Prepared,
    files: Vec<OutputFile>,
    staging: Option<Result<output::Staging, Diagnostics>>,
    strict: bool,
) -> Result<Rendered, Diagnostics> {
    let staging = match staging {
        Some(staging) if !(strict && p.diagnostics.has_problems()) => staging,
        _ => return Err(p.diagnostics),
    };
    let static_files = &p.input.static_files;
    let written = p
        .timings
        .time("write", || staging.and_then(|s| s.finish(static_files)));
    written.map_err(|mut d| {
        d.extend(p.diagnostics.0.iter().cloned());
        d.sort();
        d
    })?;
    let rendered = Rendered {
        files: vec![],
        paths: files.into_iter().map(|f| f.path).collect(),
        static_files: std::mem::take(&mut p.input.static_files),
        diagnostics: std::mem::take(&mut p.diagnostics),
        out_dir: std::mem::take(&mut p.out_dir),
        provenance: Provenance::default(),
        timings: std::mem::take(&mut p.timings),
        deferred_index: None,
    };
    // The model and the composed pages are done with.
    crate::dispose::drop_elsewhere(p);
    Ok(rendered)
}

/// A site read, modelled and composed without errors: everything rendering needs.
struct Prepared {
    input: SiteInput,
    site: model::Site,
    composed: compose::Composed,
    tera: tera::Tera,
    /// Warnings and notes (any error stops [`prepare`]).
    diagnostics: Diagnostics,
    out_dir: PathBuf,
    timings: Timings,
}

/// A site read and modelled (errors included, so compose can add its own): everything
/// composing needs.
struct Modelled {
    input: SiteInput,
    site: model::Site,
    tera: tera::Tera,
    /// Everything found so far, errors included.
    diagnostics: Diagnostics,
    out_dir: PathBuf,
    timings: Timings,
}

impl Modelled {
    /// Adds compose's findings; stops on any error.
    fn composed(
        self,
        composed: compose::Composed,
        compose_diags: Diagnostics,
    ) -> Result<Prepared, Diagnostics> {
        let Modelled {
            input,
            site,
            tera,
            mut diagnostics,
            out_dir,
            timings,
        } = self;
        diagnostics.extend(compose_diags.0);
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Err(diagnostics);
        }
        Ok(Prepared {
            input,
            site,
            composed,
            tera,
            diagnostics,
            out_dir,
            timings,
        })
    }
}

/// Config, templates and model.
fn model(
    input: SiteInput,
    opts: &BuildOptions,
    mut timings: Timings,
) -> Result<Modelled, Diagnostics> {
    let mut config = Config::parse(&input.config_text).map_err(Diagnostics)?;
    if let Some(url) = &opts.base_url {
        let url = url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(Diagnostic::error(
                Class::Setup,
                format!("--base-url must be an absolute http(s) URL, found `{url}`"),
            )
            .with_hint("e.g. --base-url https://example.org/iraq-talks/")
            .into());
        }
        config.base_url = Some(if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        });
    }
    let out_dir = match &opts.out {
        Some(o) => o.clone(),
        None => {
            let o = Path::new(&config.output_dir);
            if o.is_absolute() {
                o.to_path_buf()
            } else {
                opts.root.join(o)
            }
        }
    };
    let tera = timings.time("templates", || render::templates(&input.templates))?;
    let (site, diagnostics) = timings.time("model", || {
        model::build_site(
            config,
            &input,
            ModelOptions {
                drafts: opts.drafts,
            },
        )
    })?;
    Ok(Modelled {
        input,
        site,
        tera,
        diagnostics,
        out_dir,
        timings,
    })
}

impl Prepared {
    /// Renders every file and the search index, handing each to `emit` as soon as it
    /// exists, and checks that no static file would replace one. Returns what `emit`
    /// returned, in site order. `background`: what `emit` already returned for each
    /// background page, when compose rendered them.
    fn render_each(
        &mut self,
        memo: Option<&mut render::Memo>,
        background: Option<Background>,
        defer_index: bool,
        emit: &(impl Fn(OutputFile) -> Result<OutputFile, Diagnostics> + Sync),
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut files = self.render_pages(memo, background, emit)?;
        if self.site.config.base_url.is_none() {
            self.diagnostics.push(
                Diagnostic::note("base_url is not set: atom.xml, sitemap.xml and canonical links were skipped")
                    .in_file(crate::parse::config::FILE_NAME)
                    .with_hint("set base_url = \"https://…/\" in dossier.toml (or pass --base-url) to publish them"),
            );
        }
        // The pages' HTML is written; the index needs only their tables of contents. At
        // 10,000 pages this frees ~150 MB before the index is built. Pages a serve memo
        // shares are kept (it reuses them next time).
        self.composed.release_page_html();
        if !defer_index {
            let (site, composed) = (&self.site, &mut self.composed);
            let index = self
                .timings
                .time("search index", || search_index(site, composed));
            files.push(emit(index)?);
        }
        let generated = files.iter().map(|f| f.path.as_path());
        let index_path = Path::new(urls::SEARCH_INDEX);
        let clashes = static_clashes(
            generated.chain(std::iter::once(index_path)),
            &self.input.static_files,
        );
        if !clashes.is_empty() {
            self.diagnostics.extend(clashes);
            self.diagnostics.sort();
            return Err(std::mem::take(&mut self.diagnostics));
        }
        self.diagnostics.sort();
        Ok(files)
    }

    /// The pages and assets (all but the search index), in site order; on an error,
    /// every warning found so far comes with it.
    fn render_pages(
        &mut self,
        memo: Option<&mut render::Memo>,
        background: Option<Background>,
        emit: &(impl Fn(OutputFile) -> Result<OutputFile, Diagnostics> + Sync),
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let Prepared {
            input,
            site,
            composed,
            tera,
            diagnostics: diags,
            timings,
            ..
        } = self;
        // A site's own robots.txt in static/ is respected: ours is only a sensible default.
        let own_robots = input
            .static_files
            .iter()
            .any(|s| s == Path::new(urls::ROBOTS));
        let emit_unless_replaced = |f: OutputFile| -> Result<Option<OutputFile>, Diagnostics> {
            if own_robots && f.path == Path::new(urls::ROBOTS) {
                return Ok(None);
            }
            emit(f).map(Some)
        };
        let files = timings
            .time("render", || {
                render::render_each(
                    site,
                    composed,
                    tera,
                    &input.templates,
                    memo,
                    background.map(|done| done.into_iter().map(|r| r.map(Some)).collect()),
                    &emit_unless_replaced,
                )
            })
            .map_err(|mut d| {
                d.extend(diags.0.iter().filter(|w| !w.is_error()).cloned());
                d.sort();
                d
            })?;
        Ok(files.into_iter().flatten().collect())
    }

    fn into_rendered(self, files: Vec<OutputFile>, defer_index: bool) -> Rendered {
        let Prepared {
            input,
            site,
            composed,
            diagnostics,
            out_dir,
            timings,
            ..
        } = self;
        let mut texts: BTreeMap<PathBuf, Arc<str>> = input
            .files
            .into_iter()
            .map(|f| (f.rel_path, f.text))
            .collect();
        texts.insert(
            PathBuf::from(crate::parse::config::FILE_NAME),
            input.config_text.into(),
        );
        for (name, text) in input.templates {
            texts.insert(Path::new("templates").join(name), text.into());
        }
        let provenance = Provenance {
            origins: render::page_origins(&site),
            texts,
            source_urls: site.sources.iter().map(|s| s.url.clone()).collect(),
            base_url: site.config.base_url.clone(),
        };
        let mut paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
        let deferred_index = defer_index.then(|| {
            paths.push(PathBuf::from(urls::SEARCH_INDEX));
            Box::new(move || {
                let mut composed = composed;
                search_index(&site, &mut composed)
            }) as DeferredIndex
        });
        Rendered {
            paths,
            files,
            static_files: input.static_files,
            diagnostics,
            out_dir,
            provenance,
            timings,
            deferred_index,
        }
    }
}

/// The search index as the file `build` writes.
fn search_index(site: &model::Site, composed: &mut compose::Composed) -> OutputFile {
    OutputFile {
        path: PathBuf::from(urls::SEARCH_INDEX),
        bytes: search::index_script(site, composed).into(),
    }
}

/// A file in `static/` may not replace a generated one: an editor's page or asset would
/// vanish (or shadow the explainer) without a word.
fn static_clashes<'a>(
    generated: impl Iterator<Item = &'a Path>,
    static_files: &[PathBuf],
) -> Vec<Diagnostic> {
    let generated: std::collections::BTreeSet<&Path> = generated.collect();
    static_files
        .iter()
        .filter(|s| generated.contains(s.as_path()) || s.as_path() == Path::new(output::MARKER))
        .map(|s| {
            let shown = s.display().to_string().replace('\\', "/");
            let hint = if s.extension().is_some_and(|e| e == "html") {
                "Dossier generates this page; rename the static file, or change the page through templates/".to_string()
            } else {
                format!("to replace the built-in `{shown}`, put your version in templates/{shown} instead")
            };
            Diagnostic::error(Class::Content, format!("static/{shown} would replace the generated `{shown}`"))
                .in_file(format!("static/{shown}"))
                .with_hint(hint)
        })
        .collect()
}
