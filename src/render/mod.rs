//! Render: Tera templates (built in, overridable by name from the site's `templates/`)
//! fed with view structs, producing the output files: collected in memory, or handed one
//! by one to the caller (`build` writes each as soon as it is rendered).
//!
//! Templates never see the model: the view structs below are the whole template
//! contract, documented in the README. Nothing here writes files.

mod assets;
mod builtin;
pub mod cards;
mod components;
mod credits;
mod csp;
mod css_min;
mod direct;
mod direct_refs;
mod direct_shared;
mod editions;
pub mod feeds;
pub mod geo_exports;
pub mod jsonld;
mod memo;
mod not_found;
mod pages;
pub mod precompress;
mod publish;
pub mod social;
mod standalone;
pub mod strings;
mod template_errors;
mod template_limits;
pub mod template_recursion;
mod templates;
mod timeline;
mod timeline_maps;
mod views;

pub use assets::{csp_function, AssetFilter, Assets};
pub use builtin::{BUILTIN_ASSETS, BUILTIN_TEMPLATES};
pub use components::ComponentTemplates;
pub use memo::Memo;
pub use pages::PageRenderer;
pub use templates::{compile_builtin_templates, templates};

use memo::EmittedPage;
use pages::{background_page, Pages, Renderer};
pub use template_errors::blame_templates;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::compose::Composed;
use crate::diag::Diagnostics;
use crate::model::{urls, Site};

/// One file of the output, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    /// Shared, so `serve` can keep a page across rebuilds without copying it.
    pub bytes: Arc<Vec<u8>>,
}

/// What pages are rendered with: the compiled templates (with this build's `asset`
/// filter), the site's own templates and assets by name, and the published assets.
#[derive(Clone, Copy)]
pub struct Look<'a> {
    pub tera: &'a Tera,
    pub overrides: &'a [(String, String)],
    pub assets: &'a Assets,
}

/// Renders every page and asset, handing each file to `emit` as soon as it is rendered
/// (background pages from rayon's worker threads, in no fixed order), so `build` can
/// write pages without holding them all. Returns what `emit` returned, in site order;
/// stops at the first error in site order. `prerendered`: what `emit` already returned
/// for each background page (rendered by a [`PageRenderer`] during compose), in site
/// order; those pages are not rendered again.
pub fn render_each<T, F>(
    site: &Site,
    composed: &Composed,
    look: Look<'_>,
    mut memo: Option<&mut Memo>,
    prerendered: Option<Vec<Result<T, Diagnostics>>>,
    emit: &F,
) -> Result<Vec<T>, Diagnostics>
where
    T: Send,
    F: Fn(OutputFile) -> Result<T, Diagnostics> + Sync,
{
    let sv = views::site_view(site);
    if let Some(m) = memo.as_deref_mut() {
        m.begin(&sv, look, site);
    }
    let pages = Pages::new(Renderer::new(site, look.tera, &sv), composed, look);
    let mut files = vec![emit(pages.explainer()?)?, emit(pages.background_index()?)?];
    files.extend(background_pages(&pages, memo, prerendered, emit)?);
    for page in pages.timeline()? {
        files.push(emit(page)?);
    }
    files.push(emit(pages.glossary()?)?);
    for page in pages.standalone()? {
        files.push(emit(page)?);
    }
    if let Some(credits) = pages.credits_page()? {
        files.push(emit(credits)?);
    }
    for asset in pages.assets() {
        files.push(emit(asset)?);
    }
    files.push(emit(pages.not_found()?)?);
    for redirect in &site.redirects {
        files.push(emit(publish::redirect_page(&pages.r, redirect)?)?);
    }
    for data in pages.data_files() {
        files.push(emit(data)?);
    }
    // Each data table, as its editor wrote it: what a chart's "Download the data" links.
    for table in site.tables.tables.values() {
        files.push(emit(OutputFile {
            path: PathBuf::from(urls::data_table(&crate::slug::slugify(&table.stem))),
            bytes: Arc::new(table.csv.as_bytes().to_vec()),
        })?);
    }
    for host_file in publish::host_files(site, look.assets) {
        files.push(emit(host_file)?);
    }
    Ok(files)
}

/// The background pages, in site order: as `emit` already returned them, or rendered
/// now (in parallel), or taken from the memo when their inputs are unchanged.
fn background_pages<T, F>(
    pages: &Pages<'_>,
    memo: Option<&mut Memo>,
    prerendered: Option<Vec<Result<T, Diagnostics>>>,
    emit: &F,
) -> Result<Vec<T>, Diagnostics>
where
    T: Send,
    F: Fn(OutputFile) -> Result<T, Diagnostics> + Sync,
{
    let (site, composed) = (pages.site, pages.composed);
    if let Some(done) = prerendered {
        return done.into_iter().collect();
    }
    let reuse = memo.as_deref();
    let keep = memo.is_some();
    // Each page goes to `emit` as soon as it is rendered; the memo keeps (shared) bytes.
    let emit_page = |f: OutputFile| -> Result<EmittedPage<T>, Diagnostics> {
        let kept = keep.then(|| f.bytes.clone());
        let emitted = emit(f)?;
        Ok(EmittedPage { kept, emitted })
    };
    let rendered: Vec<Result<EmittedPage<T>, Diagnostics>> = site
        .background
        .par_iter()
        .zip(composed.background.par_iter())
        .map(|(d, p)| {
            if let Some(bytes) = reuse.and_then(|m| m.get(d, p)) {
                return emit_page(OutputFile {
                    path: PathBuf::from(urls::background(&d.slug)),
                    bytes,
                });
            }
            background_page(&pages.r, d, p).and_then(emit_page)
        })
        .collect();
    let rendered = rendered.into_iter().collect::<Result<Vec<_>, _>>()?;
    if let Some(m) = memo {
        let bytes: Vec<Arc<Vec<u8>>> = rendered.iter().filter_map(|p| p.kept.clone()).collect();
        m.keep(&site.background, &composed.background, &bytes);
    }
    Ok(rendered.into_iter().map(|p| p.emitted).collect())
}

/// Which template renders a page and which content files are on it: what `dossier
/// check` needs to trace a problem in the output back to what someone wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOrigin {
    /// The page's template, e.g. `timeline.html` (it may include others).
    pub template: &'static str,
    /// Content files whose markdown is on the page, in page order.
    pub sources: Vec<PathBuf>,
}

/// The origin of every page [`render_each`] writes, keyed by output path.
pub fn page_origins(site: &Site) -> BTreeMap<PathBuf, PageOrigin> {
    let origin = |template, sources| PageOrigin { template, sources };
    let mut map = BTreeMap::new();
    map.insert(
        PathBuf::from(urls::EXPLAINER),
        origin("explainer.html", vec![site.explainer.file.clone()]),
    );
    map.insert(
        PathBuf::from(urls::BACKGROUND_INDEX),
        origin("background_index.html", vec![]),
    );
    for d in &site.background {
        map.insert(
            PathBuf::from(urls::background(&d.slug)),
            origin("background.html", vec![d.file.clone()]),
        );
    }
    // A timeline split by year: its index shows only titles; each year's page, events.
    map.insert(
        PathBuf::from(urls::TIMELINE),
        origin("timeline.html", vec![]),
    );
    for part in &site.timeline_parts {
        let files = site.events[part.events.clone()].iter();
        map.insert(
            PathBuf::from(&part.path),
            origin("timeline.html", files.map(|d| d.file.clone()).collect()),
        );
    }
    map.insert(
        PathBuf::from(urls::GLOSSARY),
        origin(
            "glossary.html",
            site.terms.iter().map(|d| d.file.clone()).collect(),
        ),
    );
    for d in &site.pages {
        map.insert(
            PathBuf::from(urls::page(&d.slug)),
            origin("page.html", vec![d.file.clone()]),
        );
    }
    map
}
