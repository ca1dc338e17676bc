//! Rebuilding: run the whole pipeline in memory after every change, turn the result into
//! the next served state, and report it in the terminal.
//!
//! There is no partial update to get wrong: each build reads every input afresh through
//! the pipeline (what `check` runs, plus a memo that reuses a page only when everything
//! it is computed from is equal) and the new snapshot replaces the old one whole. A
//! failed build keeps the last good site and carries its diagnostics, as `diag::report`
//! prints them, to the terminal and to the browser overlay alike.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use super::snapshot::{read_static, with_copies, Failure, Shared, Snapshot, State};
use super::watch::Watcher;
use crate::diag::{self, plural, Diagnostics};
use crate::pipeline::{self, BuildOptions, Input, Sink};

/// Names this run of the server, so versions differ between runs.
fn instance_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{:x}",
        (nanos as u64) ^ (u64::from(std::process::id()) << 40)
    )
}

/// The builder: owns the build options, what it needs to name versions, and the memo of
/// unchanged pages that makes a rebuild of a large site fast.
pub struct Builder {
    opts: BuildOptions,
    memo: pipeline::Memo,
    instance: String,
    generation: u64,
    /// The diagnostics printed last: the same ones again are not reprinted on every
    /// save, only said to be unchanged (issue 16, point 9).
    printed: Vec<diag::Diagnostic>,
}

impl Builder {
    pub fn new(opts: BuildOptions) -> Builder {
        Builder {
            opts,
            memo: pipeline::Memo::default(),
            instance: instance_id(),
            generation: 0,
            printed: vec![],
        }
    }

    /// Builds the site and publishes the outcome. Prints diagnostics and one status line.
    pub fn build(&mut self, shared: &Shared) {
        let started = Instant::now();
        let result = pipeline::run(&self.opts, Input::Read, Sink::Memo(&mut self.memo));
        let prev = shared.current();
        let builds = prev.builds + 1;
        let next = match result {
            Ok(rendered) => {
                self.print_if_changed(&rendered.diagnostics);
                let pages = rendered
                    .files
                    .iter()
                    .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
                    .count();
                let (statics, skipped) = read_static(&self.opts.root, &rendered.static_files);
                for key in skipped {
                    eprintln!("warning: static/{key} is not served: it leads outside static/ or cannot be read");
                }
                let statics = with_copies(statics, &rendered.static_copies);
                let snapshot =
                    Snapshot::with_index(rendered.files, rendered.deferred_index, statics)
                        .with_variants(&self.opts.root, &rendered.variants)
                        .with_cards(&self.opts.root, &rendered.cards);
                let site = self.next_site(&prev, snapshot, pages, started);
                State {
                    version: self.version(),
                    builds,
                    site,
                    failure: None,
                }
            }
            Err(diags) => self.failed(&diags, &prev, builds),
        };
        drop(prev);
        shared.publish(next);
    }

    /// The site to serve after a build that succeeded: the previous one when nothing
    /// changed (so open pages do not reload), else the new one under a new version.
    /// Prints the status line.
    fn next_site(
        &mut self,
        prev: &State,
        snapshot: Snapshot,
        pages: usize,
        started: Instant,
    ) -> Option<Arc<Snapshot>> {
        let changed = prev
            .site
            .as_ref()
            .map_or(snapshot.len(), |old| old.changed_paths(&snapshot));
        let ms = started.elapsed().as_millis();
        let fixed = if prev.failure.is_some() {
            "fixed; "
        } else {
            ""
        };
        if changed == 0 {
            eprintln!("rebuilt {pages} pages in {ms} ms: {fixed}no change");
            return prev.site.clone();
        }
        self.generation += 1;
        if prev.site.is_none() {
            eprintln!("built {pages} pages in {ms} ms");
        } else {
            eprintln!(
                "rebuilt {pages} pages in {ms} ms: {fixed}{} changed",
                plural(changed, "file")
            );
        }
        Some(Arc::new(snapshot))
    }

    /// After a failed build: the last good site, with the failure for the overlay.
    fn failed(&mut self, diags: &Diagnostics, prev: &State, builds: u64) -> State {
        self.print_if_changed(diags);
        let failure = failure_of(diags);
        eprintln!(
            "build failed ({}); {}",
            failure.summary,
            if prev.site.is_some() {
                "still serving the last good build"
            } else {
                "serving the error until the site builds"
            }
        );
        State {
            version: self.version(),
            builds,
            site: prev.site.clone(),
            failure: Some(Arc::new(failure)),
        }
    }

    fn version(&self) -> String {
        format!("{}-{}", self.instance, self.generation)
    }
}

/// Rebuilds after every settled burst of changes, until the watcher stops.
pub fn rebuild_loop(mut builder: Builder, mut watcher: Watcher, shared: Arc<Shared>) {
    while watcher.next_change() {
        shared.set_pending(true);
        loop {
            watcher.settle();
            builder.build(&shared);
            // Changes made while building are not in this build: build again.
            if !watcher.changed_meanwhile() {
                break;
            }
        }
        shared.set_pending(false);
    }
}

impl Builder {
    /// Prints `diags` unless they are the ones printed last (then one line says so).
    fn print_if_changed(&mut self, diags: &Diagnostics) {
        if diags.0 == self.printed {
            let counts = diags.counts();
            if !counts.is_empty() {
                eprintln!("({counts}: unchanged, not repeated)");
            }
            return;
        }
        print_diagnostics(diags);
        self.printed.clone_from(&diags.0);
    }
}

fn failure_of(diags: &Diagnostics) -> Failure {
    Failure {
        summary: diags.counts(),
        diagnostics: diags.0.iter().map(diag::report).collect(),
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for d in &diags.0 {
        let _ = writeln!(err, "{}", diag::report_for_terminal(d));
    }
}
