//! Language editions through the same pipeline: each edition's input (see
//! `model::editions`) is modelled, composed and rendered in memory like the original,
//! and its files are handed to the original's destination under the edition's folder.

use std::path::PathBuf;

use super::stages::model;
use super::{compose, BuildOptions};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::editions::EditionInput;
use crate::model::urls;
use crate::model::variants::Plan;
use crate::read::SiteInput;
use crate::render::cards::Card;
use crate::render::OutputFile;
use crate::timings::Timings;

/// What the editions add to a build.
#[derive(Default)]
pub(super) struct Editions {
    /// Their files, already under their folders.
    pub files: Vec<OutputFile>,
    pub variants: Vec<Plan>,
    /// Their social cards, in their language, under their folders.
    pub cards: Vec<(String, Card)>,
    /// What they found: errors, and warnings in translation files.
    pub diagnostics: Diagnostics,
}

/// The editions of a build, split from the original's input and not yet rendered.
pub(super) struct Pending {
    inputs: Vec<EditionInput>,
    /// What splitting found (a translation of a file that does not exist…).
    diagnostics: Diagnostics,
}

/// Takes the translations out of `input`. Returns the original's input and the
/// editions to render (none when the split found an error, which the build reports).
pub(super) fn split(input: SiteInput) -> (SiteInput, Pending) {
    let Ok(config) = crate::parse::config::Config::parse(&input.config_text) else {
        // The original's model reports the config's errors.
        let none = Pending {
            inputs: vec![],
            diagnostics: Diagnostics::default(),
        };
        return (input, none);
    };
    let (originals, inputs, diags) = crate::model::editions::split(&input, &config);
    let diagnostics = Diagnostics(diags);
    let inputs = if diagnostics.has_errors() {
        vec![]
    } else {
        inputs
    };
    (
        originals,
        Pending {
            inputs,
            diagnostics,
        },
    )
}

impl Pending {
    /// The editions' folders (their language tags), known before they are rendered.
    pub(super) fn folders(&self) -> Vec<String> {
        self.inputs.iter().map(|e| e.edition.tag.clone()).collect()
    }

    /// Renders every edition, in memory.
    pub(super) fn render(self, opts: &BuildOptions) -> Editions {
        let mut out = Editions {
            diagnostics: self.diagnostics,
            ..Editions::default()
        };
        for e in self.inputs {
            let tag = e.edition.tag.clone();
            match render_one(opts, e) {
                Ok(EditionFiles {
                    files,
                    variants,
                    cards,
                    diagnostics,
                }) => {
                    out.files.extend(files.into_iter().filter_map(|f| {
                        let path = f.path.to_string_lossy().replace('\\', "/");
                        (!urls::root_only(&path)).then(|| OutputFile {
                            path: PathBuf::from(urls::edition(&tag, &path)),
                            bytes: f.bytes,
                        })
                    }));
                    out.variants.extend(variants.into_iter().map(|mut p| {
                        for v in &mut p.variants {
                            v.path = urls::edition(&tag, &v.path);
                        }
                        p
                    }));
                    out.cards.extend(
                        cards
                            .into_iter()
                            .map(|(path, card)| (urls::edition(&tag, &path), card)),
                    );
                    out.diagnostics.extend(diagnostics.0);
                }
                Err(d) => out.diagnostics.extend(d.0),
            }
        }
        out
    }
}

/// What one edition rendered, with paths inside its folder.
struct EditionFiles {
    files: Vec<OutputFile>,
    variants: Vec<Plan>,
    cards: Vec<(String, Card)>,
    diagnostics: Diagnostics,
}

/// One edition, in memory. Its warnings about untranslated files repeat the
/// original's and are left out; errors (a missing interface string) are kept.
fn render_one(opts: &BuildOptions, e: EditionInput) -> Result<EditionFiles, Diagnostics> {
    let own: Vec<PathBuf> = e
        .input
        .translations
        .values()
        .map(|t| t.rel_path.clone())
        .collect();
    let keep = |d: &Diagnostic| {
        d.severity == Severity::Error || d.location.as_ref().is_some_and(|l| own.contains(&l.file))
    };
    let run = || -> Result<EditionFiles, Diagnostics> {
        let mut m = model(e.input, opts, Timings::default(), Some(&e.edition))?;
        let put = |f: OutputFile| Ok(f);
        let (composed, compose_diags, background) = {
            let (site, tera, report) = (&m.site, &m.tera, !m.diagnostics.has_errors());
            compose(site, None, (tera, &m.input.templates), report, None, &put)
        };
        m.diagnostics.0.retain(|d| keep(d));
        let compose_diags = Diagnostics(compose_diags.0.into_iter().filter(|d| keep(d)).collect());
        let mut p = m.composed(composed, compose_diags)?;
        let files = p.render_each(None, background, false, &put)?;
        let r = p.into_rendered(files, false);
        Ok(EditionFiles {
            files: r.files,
            variants: r.variants,
            cards: r.cards,
            diagnostics: r.diagnostics,
        })
    };
    run().map_err(|d| Diagnostics(d.0.into_iter().filter(|d| keep(d)).collect()))
}
