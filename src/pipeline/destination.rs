//! Where `run` puts each file: the staging folder that replaces the output only when
//! the whole build succeeded (`build`), or memory (`check`, `serve`, the fuzz targets).

use std::sync::Arc;

use super::manifest;
use super::stages::{Modelled, Prepared};
use super::{BuildOptions, Provenance, Rendered};
use crate::diag::Diagnostics;
use crate::model::urls;
use crate::output;
use crate::render::OutputFile;

/// Where [`run`] puts each file as soon as it is rendered.
pub(super) enum Destination {
    /// `build`: the staging folder. `None` when nothing may be written (a `--strict`
    /// build that already has warnings); an error when the folder could not be made,
    /// reported after the pages' own errors, as it always was. `written` stands in for
    /// the bytes of a file once it is on disk.
    Staging {
        staging: Option<Result<output::Staging, Diagnostics>>,
        written: Arc<Vec<u8>>,
        /// The URL list of the output this build replaces.
        previous: Option<String>,
        /// The language editions' folders, each with its copy of `static/`.
        editions: Vec<String>,
    },
    /// Every file kept as it is.
    Memory,
}

impl Destination {
    pub(super) fn staging(
        opts: &BuildOptions,
        m: &mut Modelled,
        editions: Vec<String>,
    ) -> Destination {
        // The model shares the content's text; these were only for `check`.
        m.input.files = Vec::new();
        let writable = !(opts.strict && m.diagnostics.has_problems());
        Destination::Staging {
            staging: writable.then(|| {
                let precompress = m.site.config.publish.precompress;
                output::Staging::begin(&opts.root, &m.out_dir).map(|s| s.precompress(precompress))
            }),
            written: Arc::default(),
            previous: output::previous_manifest(&m.out_dir),
            editions,
        }
    }

    pub(super) fn put(&self, f: OutputFile) -> Result<OutputFile, Diagnostics> {
        match self {
            Destination::Staging {
                staging, written, ..
            } => {
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

    pub(super) fn finish(
        self,
        p: Prepared,
        files: Vec<OutputFile>,
        strict: bool,
        defer_index: bool,
    ) -> Result<Rendered, Diagnostics> {
        match self {
            Destination::Memory => Ok(p.into_rendered(files, defer_index)),
            Destination::Staging {
                staging,
                previous,
                editions,
                ..
            } => {
                let mut p = p;
                let staging =
                    staging.map(|s| s.and_then(|s| keep_urls(s, &mut p, &files, previous)));
                swap_in(p, files, staging, (strict, &editions))
            }
        }
    }
}

/// Writes this build's URL list into the staging folder, and warns about each URL of
/// the previous output's list that it drops (before `swap_in` decides on `--strict`).
fn keep_urls(
    staging: output::Staging,
    p: &mut Prepared,
    files: &[OutputFile],
    previous: Option<String>,
) -> Result<output::Staging, Diagnostics> {
    let paths = files.iter().map(|f| f.path.as_path());
    let current = manifest::manifest(paths, &p.assets);
    staging.put(&OutputFile {
        path: urls::MANIFEST.into(),
        bytes: Arc::new(current.as_bytes().to_vec()),
    })?;
    if let Some(previous) = previous {
        p.diagnostics.extend(manifest::dropped(&previous, &current));
        p.diagnostics.sort();
    }
    Ok(staging)
}

/// Copies `static/` into the staging folder and swaps it in, unless a `--strict` build
/// has warnings (decided before swapping, so the old output is left alone).
fn swap_in(
    mut p: Prepared,
    files: Vec<OutputFile>,
    staging: Option<Result<output::Staging, Diagnostics>>,
    (strict, editions): (bool, &[String]),
) -> Result<Rendered, Diagnostics> {
    let staging = match staging {
        Some(staging) if !(strict && p.diagnostics.has_problems()) => staging,
        _ => return Err(p.diagnostics),
    };
    let static_files = &p.input.static_files;
    let (variants, cards) = (&p.variants, &p.cards);
    let encoded = p.timings.time("images", || match &staging {
        Ok(s) => s
            .put_variants(variants)
            .and_then(|_| s.put_cards(cards))
            .map(|_| ()),
        Err(_) => Ok(()),
    });
    let written = encoded.and_then(|()| {
        p.timings.time("write", || {
            staging.and_then(|s| s.finish(static_files, editions))
        })
    });
    written.map_err(|mut d| {
        d.extend(p.diagnostics.0.iter().cloned());
        d.sort();
        d
    })?;
    let rendered = Rendered {
        files: vec![],
        paths: files.into_iter().map(|f| f.path).collect(),
        static_files: std::mem::take(&mut p.input.static_files),
        static_copies: vec![],
        variants: std::mem::take(&mut p.variants),
        cards: std::mem::take(&mut p.cards),
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
