//! The stages between reading and the sink, as `run` drives them: config, templates
//! and model ([`model`]), then rendering every page and the search index
//! ([`Prepared::render_each`]), and the provenance `check` needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Background, BuildOptions, DeferredIndex, Provenance, Rendered};
use crate::compose;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::model::variants::Plan;
use crate::model::{self, urls, ModelOptions};
use crate::output;
use crate::parse::config::Config;
use crate::read::SiteInput;
use crate::render::{self, OutputFile};
use crate::search;
use crate::timings::Timings;

/// A site read, modelled and composed without errors: everything rendering needs.
pub(super) struct Prepared {
    pub(super) input: SiteInput,
    /// The variants of every raster figure (their originals are not copied as they are).
    pub(super) variants: Vec<Plan>,
    /// The social cards the pages link, by output path (none without `base_url`).
    pub(super) cards: Vec<(String, render::cards::Card)>,
    pub(super) site: model::Site,
    pub(super) composed: compose::Composed,
    pub(super) tera: tera::Tera,
    pub(super) assets: render::Assets,
    /// Warnings and notes (any error stops [`prepare`]).
    pub(super) diagnostics: Diagnostics,
    pub(super) out_dir: PathBuf,
    pub(super) timings: Timings,
}

/// A site read and modelled (errors included, so compose can add its own): everything
/// composing needs.
pub(super) struct Modelled {
    pub(super) input: SiteInput,
    pub(super) site: model::Site,
    pub(super) tera: tera::Tera,
    pub(super) assets: render::Assets,
    /// Everything found so far, errors included.
    pub(super) diagnostics: Diagnostics,
    pub(super) out_dir: PathBuf,
    pub(super) timings: Timings,
}

impl Modelled {
    /// Adds compose's findings; stops on any error.
    pub(super) fn composed(
        self,
        composed: compose::Composed,
        compose_diags: Diagnostics,
    ) -> Result<Prepared, Diagnostics> {
        let Modelled {
            input,
            site,
            tera,
            assets,
            mut diagnostics,
            out_dir,
            timings,
        } = self;
        diagnostics.extend(compose_diags.0);
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Err(diagnostics);
        }
        // A raster image a figure or a page's `image` shows is published only as its
        // variants (so its EXIF and GPS never leave with it).
        let mut used = composed.images_used();
        used.extend(model::social::used(&site));
        let cards = render::social::cards(&site);
        let variants = output::images::plans(&site.images, &used);
        let mut input = input;
        input
            .static_files
            .retain(|f| !used.contains(&f.to_string_lossy().replace('\\', "/")));
        Ok(Prepared {
            input,
            variants,
            cards,
            site,
            composed,
            tera,
            assets,
            diagnostics,
            out_dir,
            timings,
        })
    }
}

/// Config, templates and model.
pub(super) fn model(
    input: SiteInput,
    opts: &BuildOptions,
    mut timings: Timings,
    edition: Option<&crate::parse::config::Edition>,
) -> Result<Modelled, Diagnostics> {
    let mut config = Config::parse(&input.config_text).map_err(Diagnostics)?;
    if let Some(url) = &opts.base_url {
        let url = url.trim();
        if !crate::html::is_web_address(url) {
            return Err(Diagnostic::error(
                Class::Setup,
                format!("--base-url must be an absolute http(s) URL with a host, found `{url}`"),
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
    // After --base-url: an edition's URLs are its folder's under the site's.
    if let Some(e) = edition {
        config = config.edition(e);
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
    let mut tera = timings.time("templates", || render::templates(&input.templates))?;
    let (site, diagnostics) = timings.time("model", || {
        model::build_site(
            config,
            &input,
            ModelOptions {
                drafts: opts.drafts,
            },
        )
    })?;
    // Asset names are decided before any page is rendered: pages link them.
    let assets = timings.time("assets", || render::Assets::new(&site, &input.templates));
    tera.register_filter("asset", assets.filter());
    render::strings::register(&mut tera, &site.strings);
    tera.register_function("csp", render::csp_function(assets.csp().to_string()));
    Ok(Modelled {
        input,
        site,
        tera,
        assets,
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
    pub(super) fn render_each(
        &mut self,
        memo: Option<&mut render::Memo>,
        background: Option<Background>,
        defer_index: bool,
        emit: &(impl Fn(OutputFile) -> Result<OutputFile, Diagnostics> + Sync),
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let (background, gathered) = match background {
            Some((files, gathered)) => (Some(files), Some(gathered)),
            None => (None, None),
        };
        let mut files = self.render_pages(memo, background, emit)?;
        if self.site.config.base_url.is_none() {
            self.diagnostics.push(
                Diagnostic::note("base_url is not set: atom.xml, sitemap.xml, canonical links and social images (og:image) were skipped")
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
            let path = self.assets.index_path();
            let index = self.timings.time("search index", || {
                search_index(site, composed, gathered, path)
            });
            files.push(emit(index)?);
        }
        let variant_paths: Vec<PathBuf> = self
            .variants
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| PathBuf::from(&v.path)))
            .chain(self.cards.iter().map(|(path, _)| PathBuf::from(path)))
            .collect();
        let generated = files.iter().map(|f| f.path.as_path());
        let index_path = Path::new(self.assets.index_path());
        // A figure's variant (`img/x-480.webp`) and a social card are generated too.
        let clashes = static_clashes(
            generated
                .chain(std::iter::once(index_path))
                .chain(variant_paths.iter().map(PathBuf::as_path)),
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
        background: Option<Vec<Result<OutputFile, Diagnostics>>>,
        emit: &(impl Fn(OutputFile) -> Result<OutputFile, Diagnostics> + Sync),
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let Prepared {
            input,
            site,
            composed,
            tera,
            assets,
            diagnostics: diags,
            timings,
            ..
        } = self;
        let look = render::Look {
            tera,
            overrides: &input.templates,
            assets,
        };
        // A site's own robots.txt (or CNAME, _headers…) in static/ is respected: ours is
        // only a sensible default.
        let own: Vec<&Path> = urls::REPLACEABLE
            .iter()
            .map(Path::new)
            .filter(|r| input.static_files.iter().any(|s| s == r))
            .collect();
        let emit_unless_replaced = |f: OutputFile| -> Result<Option<OutputFile>, Diagnostics> {
            if own.contains(&f.path.as_path()) {
                return Ok(None);
            }
            emit(f).map(Some)
        };
        let files = timings
            .time("render", || {
                render::render_each(
                    site,
                    composed,
                    look,
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

    pub(super) fn into_rendered(self, files: Vec<OutputFile>, defer_index: bool) -> Rendered {
        let Prepared {
            input,
            site,
            composed,
            assets,
            diagnostics,
            out_dir,
            timings,
            variants,
            cards,
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
            source_urls: site.sources.iter().filter_map(|s| s.url.clone()).collect(),
            base_url: site.config.base_url.clone(),
        };
        let mut paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
        let deferred_index = defer_index.then(|| {
            let path = assets.index_path().to_string();
            paths.push(PathBuf::from(&path));
            let make = Box::new(move || {
                let mut composed = composed;
                search_index(&site, &mut composed, None, &path)
            }) as DeferredIndex;
            (PathBuf::from(assets.index_path()), make)
        });
        Rendered {
            variants,
            cards,
            paths,
            files,
            static_files: input.static_files,
            static_copies: vec![],
            diagnostics,
            out_dir,
            provenance,
            timings,
            deferred_index,
        }
    }
}

/// The search index as the file `build` writes. `gathered`: the background pages'
/// results, when compose tokenised them.
pub(super) fn search_index(
    site: &model::Site,
    composed: &mut compose::Composed,
    gathered: Option<search::Gathered>,
    path: &str,
) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        bytes: search::index_script(site, composed, gathered).into(),
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
