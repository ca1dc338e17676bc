//! The one way through: read → config → model → compose → render. `build` writes the
//! result; `check` stops before writing. Nothing downstream reaches back.

use std::path::{Path, PathBuf};

use crate::compose;
use crate::config::Config;
use crate::diag::{Class, Diagnostic, Diagnostics};
use crate::output;
use crate::render::{self, OutputFile};
use crate::search;
use crate::site::{self, ModelOptions};
use crate::source;

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
    pub files: Vec<OutputFile>,
    pub static_files: Vec<PathBuf>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Where `build` writes it.
    pub out_dir: PathBuf,
}

/// Runs every pure stage and returns the rendered site, or every error found.
pub fn render(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    let input = source::read_site(&opts.root)?;
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
    let (composed, compose_diags) = compose::compose(&site, !diags.has_errors());
    diags.extend(compose_diags.0);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let mut files =
        render::render_site(&site, &composed, &tera, &input.templates).map_err(|mut d| {
            d.extend(diags.0.iter().filter(|w| !w.is_error()).cloned());
            d.sort();
            d
        })?;
    files.push(search::index_file(&site, &composed));
    let clashes = static_clashes(&files, &input.static_files);
    if !clashes.is_empty() {
        diags.extend(clashes);
        diags.sort();
        return Err(diags);
    }
    diags.sort();
    Ok(Rendered {
        files,
        static_files: input.static_files,
        diagnostics: diags,
        out_dir,
    })
}

/// A file in `static/` may not replace a generated one: an editor's page or asset would
/// vanish (or shadow the explainer) without a word.
fn static_clashes(files: &[OutputFile], static_files: &[PathBuf]) -> Vec<Diagnostic> {
    let generated: std::collections::BTreeSet<&Path> =
        files.iter().map(|f| f.path.as_path()).collect();
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
pub fn build(opts: &BuildOptions) -> Result<Rendered, Diagnostics> {
    let rendered = render(opts)?;
    if opts.strict && !rendered.diagnostics.is_empty() {
        // Decided before writing, so a failed strict build leaves the old output alone.
        return Err(rendered.diagnostics);
    }
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
