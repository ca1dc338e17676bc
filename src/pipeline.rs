//! The one way through: read → config → model → compose → render. `build` writes the
//! result; `check` stops before writing and checks the links of what it would write.
//! Nothing downstream reaches back.

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

/// Reads the site and runs every pure stage: the rendered site, or every error found.
pub fn render(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    run(opts, None)
}

/// [`render`], reusing what `memo` holds from earlier runs and refreshing it, with the
/// search index deferred (see [`Rendered::deferred_index`]).
pub fn render_with(opts: &BuildOptions, memo: &mut Memo) -> Result<Rendered, Diagnostics> {
    run(opts, Some(memo))
}

/// Every stage after reading, on a site held in memory: no I/O, so fuzzers and property
/// tests drive the whole pipeline without a file system. `opts.root` only places the
/// output directory.
pub fn render_input(input: SiteInput, opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    run_input(input, opts, None, Timings::default())
}

fn run(opts: &BuildOptions, memo: Option<&mut Memo>) -> Result<Rendered, Diagnostics> {
    let mut timings = Timings::default();
    let input = timings.time("read", || read::read_site(&opts.root))?;
    run_input(input, opts, memo, timings)
}

fn run_input(
    input: SiteInput,
    opts: &BuildOptions,
    mut memo: Option<&mut Memo>,
    timings: Timings,
) -> Result<Rendered, Diagnostics> {
    let mut p = prepare(
        input,
        opts,
        memo.as_deref_mut().map(|m| &mut m.compose),
        timings,
    )?;
    // Only serve keeps a memo, and only serve defers the index.
    let defer_index = memo.is_some();
    let files = p.render_each(memo.map(|m| &mut m.render), None, defer_index, &Ok, |f| {
        f.path.as_path()
    })?;
    Ok(p.into_rendered(files, defer_index))
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

/// Every stage before rendering: config, templates, model, compose.
fn prepare(
    input: SiteInput,
    opts: &BuildOptions,
    memo: Option<&mut compose::Memo>,
    timings: Timings,
) -> Result<Prepared, Diagnostics> {
    let mut m = model(input, opts, timings)?;
    let (composed, compose_diags) = m.timings.time("compose", || {
        compose::compose_with(&m.site, !m.diagnostics.has_errors(), memo)
    });
    m.composed(composed, compose_diags)
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
    /// returned, in site order (`path_of` tells where each went).
    fn render_each<T: Send>(
        &mut self,
        memo: Option<&mut render::Memo>,
        prerendered: Option<Vec<Result<T, Diagnostics>>>,
        defer_index: bool,
        emit: &(impl Fn(OutputFile) -> Result<T, Diagnostics> + Sync),
        path_of: impl Fn(&T) -> &Path,
    ) -> Result<Vec<T>, Diagnostics> {
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
        let emit_unless_replaced = |f: OutputFile| -> Result<Option<T>, Diagnostics> {
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
                    prerendered.map(|done| done.into_iter().map(|r| r.map(Some)).collect()),
                    &emit_unless_replaced,
                )
            })
            .map_err(|mut d| {
                d.extend(diags.0.iter().filter(|w| !w.is_error()).cloned());
                d.sort();
                d
            })?;
        let mut files: Vec<T> = files.into_iter().flatten().collect();
        if site.config.base_url.is_none() {
            diags.push(
                Diagnostic::note("base_url is not set: atom.xml, sitemap.xml and canonical links were skipped")
                    .in_file(crate::parse::config::FILE_NAME)
                    .with_hint("set base_url = \"https://…/\" in dossier.toml (or pass --base-url) to publish them"),
            );
        }
        // The pages' HTML is written; the index needs only their tables of contents. At
        // 10,000 pages this frees ~150 MB before the index is built. Pages a serve memo
        // shares are kept (it reuses them next time).
        composed.release_page_html();
        if !defer_index {
            let index = timings.time("search index", || search_index(site, composed));
            files.push(emit(index)?);
        }
        let index_path = Path::new(urls::SEARCH_INDEX);
        let clashes = static_clashes(
            files.iter().map(path_of).chain(std::iter::once(index_path)),
            &input.static_files,
        );
        if !clashes.is_empty() {
            diags.extend(clashes);
            diags.sort();
            return Err(std::mem::take(diags));
        }
        diags.sort();
        Ok(files)
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

/// Renders and writes the site; the previous output is untouched unless this succeeds.
///
/// Each page is written into the staging folder as soon as it is rendered (from the
/// worker threads), and each background page is rendered as soon as it is composed, so
/// a large site is never held in memory whole: `Rendered::files` and
/// `Rendered::provenance` come back empty. Timings: "compose" includes rendering and
/// writing the background pages, "render" the other pages and assets, "write" the
/// static files and the swap.
pub fn build(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    let mut timings = Timings::default();
    let input = timings.time("read", || read::read_site(&opts.root))?;
    let mut m = model(input, opts, timings)?;
    // The model shares the content's text; these were only for `check`.
    m.input.files = Vec::new();
    // A --strict failure, or a destination that may not be written, writes nothing; the
    // pages are still rendered first, so their errors come first, as they always did.
    // (Pages written before a failure is known go with the staging folder.)
    let staging = (!(opts.strict && m.diagnostics.has_problems()))
        .then(|| output::Staging::begin(&opts.root, &m.out_dir));
    let put = |f: OutputFile| -> Result<PathBuf, Diagnostics> {
        if let Some(Ok(staging)) = &staging {
            staging.put(&f)?;
        }
        Ok(f.path)
    };
    let (composed, compose_diags, background) = {
        let pages = render::PageRenderer::new(&m.site, &m.tera);
        let (site, report_uncited) = (&m.site, !m.diagnostics.has_errors());
        m.timings.time("compose", || {
            compose::compose_each(site, report_uncited, &|d, p| {
                pages.background(d, p).and_then(put)
            })
        })
    };
    let mut p = m.composed(composed, compose_diags)?;
    let paths = p.render_each(None, Some(background), false, &put, PathBuf::as_path)?;
    let written = match staging {
        Some(staging) if !(opts.strict && p.diagnostics.has_problems()) => {
            p.timings.time("write", || {
                staging.and_then(|s| s.finish(&p.input.static_files))
            })
        }
        // Decided before swapping, so a failed strict build leaves the old output alone.
        _ => return Err(p.diagnostics),
    };
    written.map_err(|mut d| {
        d.extend(p.diagnostics.0.iter().cloned());
        d.sort();
        d
    })?;
    let rendered = Rendered {
        files: vec![],
        paths,
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
