//! The one way through: read → config → model → compose → render. `build` writes the
//! result; `check` stops before writing. Nothing downstream reaches back.

use std::path::{Path, PathBuf};

use crate::compose;
use crate::config::Config;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::output;
use crate::render::{self, OutputFile};
use crate::site::{self, ModelOptions};
use crate::source::{self, SiteInput};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of dossier.toml; relative to the current directory.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` of dossier.toml.
    pub base_url: Option<String>,
}

/// A site rendered in memory.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub static_files: Vec<PathBuf>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Where `build` writes it.
    pub out_dir: PathBuf,
}

/// Reads the site and runs every pure stage: the rendered site, or every error found.
pub fn render(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    render_input(source::read_site(&opts.root)?, opts)
}

/// Every stage after reading, on a site held in memory: no I/O, so fuzzers and property
/// tests drive the whole pipeline without a file system. `opts.root` only places the
/// output directory.
pub fn render_input(input: SiteInput, opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
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
    let tera = render::templates(&input.templates)?;
    let (site, mut diags) = site::build_site(
        config,
        &input,
        ModelOptions {
            drafts: opts.drafts,
        },
    )?;
    let (composed, compose_diags) = compose::compose(&site);
    diags.extend(compose_diags.0);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let files =
        render::render_site(&site, &composed, &tera, &input.templates).map_err(|mut d| {
            d.extend(diags.0.iter().filter(|w| !w.is_error()).cloned());
            d.sort();
            d
        })?;
    diags.sort();
    Ok(Rendered {
        files,
        static_files: input.static_files,
        diagnostics: diags,
        out_dir,
    })
}

/// Renders and writes the site; the previous output is untouched unless this succeeds.
pub fn build(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    let rendered = render(opts)?;
    output::write(
        &opts.root,
        &rendered.out_dir,
        &rendered.files,
        &rendered.static_files,
    )
    .map_err(|mut d| {
        d.extend(rendered.diagnostics.0.iter().cloned());
        d.sort();
        d
    })?;
    Ok(rendered)
}
