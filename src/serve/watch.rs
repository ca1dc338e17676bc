//! Watching a site's inputs (`dossier.toml`, `content/`, `templates/`, `static/`) and
//! turning an editor's burst of events into one "something changed".
//!
//! Editors save in many ways: write in place, write a temporary file and rename it over
//! the original, delete and recreate, touch a backup or lock file first. None of that
//! matters here: any relevant event marks the site dirty, and the rebuild waits until the
//! inputs have been quiet for [`QUIET`] (at most [`MAX_WAIT`]), then reads everything
//! afresh. Events that cannot change a build are dropped: reads (inotify reports our own
//! opens), files outside the inputs (`public/`, `target/`, `.git/`), and the editor
//! droppings `source` skips in `content/`. A lost event queue (overflow) counts as a
//! change. The only I/O is the watcher itself.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long the inputs must stay quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);
/// A rebuild starts after this long even if events keep coming.
pub const MAX_WAIT: Duration = Duration::from_secs(1);

/// The folders of a site that a build reads.
const INPUT_DIRS: [&str; 3] = ["content", "templates", "static"];

pub struct Watcher {
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
}

impl Watcher {
    /// Watches `root` itself (for `dossier.toml`, and for input folders that appear
    /// later) and each input folder that exists, recursively.
    pub fn start(root: &Path) -> notify::Result<Watcher> {
        let root = root.canonicalize().map_err(notify::Error::io)?;
        let (tx, events) = mpsc::channel();
        let mut inner = notify::recommended_watcher(tx)?;
        inner.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in INPUT_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                inner.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watcher {
            inner,
            events,
            root,
        })
    }

    /// Blocks until an input changes. `false` when the watcher has stopped.
    pub fn next_change(&mut self) -> bool {
        while let Ok(e) = self.events.recv() {
            if self.is_relevant(e) {
                return true;
            }
        }
        false
    }

    /// Waits until the inputs have been quiet for [`QUIET`], or [`MAX_WAIT`] has passed.
    pub fn settle(&mut self) {
        let start = Instant::now();
        let mut quiet_since = Instant::now();
        loop {
            let left = QUIET.saturating_sub(quiet_since.elapsed());
            if left.is_zero() || start.elapsed() >= MAX_WAIT {
                return;
            }
            match self.events.recv_timeout(left) {
                Ok(e) => {
                    if self.is_relevant(e) {
                        quiet_since = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Whether an input changed since the last call, without waiting.
    pub fn changed_meanwhile(&mut self) -> bool {
        let mut changed = false;
        while let Ok(e) = self.events.try_recv() {
            changed |= self.is_relevant(e);
        }
        changed
    }

    fn is_relevant(&mut self, event: notify::Result<Event>) -> bool {
        let event = match event {
            Ok(e) => e,
            // The watcher lost track (e.g. queue overflow): assume anything changed.
            Err(_) => return true,
        };
        if let EventKind::Access(kind) = event.kind {
            // A file closed after writing is a change (a write through mmap reports
            // nothing else); opens and reads, including our own, are not.
            if kind != AccessKind::Close(AccessMode::Write) {
                return false;
            }
        }
        if event.paths.is_empty() {
            return true;
        }
        let mut relevant = false;
        for path in &event.paths {
            match input_of(&self.root, path) {
                Input::Folder(dir) => {
                    // An input folder appeared (created, or renamed into place): watch it.
                    // Watching one already watched is harmless.
                    if path.is_dir() {
                        let _ = self
                            .inner
                            .watch(&self.root.join(dir), RecursiveMode::Recursive);
                    }
                    relevant = true;
                }
                Input::File => relevant = true,
                Input::Ignored => {}
            }
        }
        relevant
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Input {
    /// One of the input folders itself.
    Folder(&'static str),
    /// Something a build reads.
    File,
    Ignored,
}

/// Classifies a path reported by the watcher.
fn input_of(root: &Path, path: &Path) -> Input {
    let Ok(rel) = path.strip_prefix(root) else {
        // Not under the root as we spelled it (a followed link): be safe.
        return Input::File;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return Input::File;
    };
    if first == crate::parse::config::FILE_NAME && parts.next().is_none() {
        return Input::File;
    }
    let Some(dir) = INPUT_DIRS.iter().find(|d| **d == first) else {
        return Input::Ignored;
    };
    let name = match rel.file_name() {
        Some(n) if rel.components().count() > 1 => n.to_string_lossy(),
        _ => return Input::Folder(dir),
    };
    // The same files `source` skips: hidden files everywhere; in content/, also editor
    // backups (`x.md~`) and lock files (`#x.md#`).
    let skipped = name.starts_with('.')
        || (*dir == "content" && (name.ends_with('~') || name.starts_with('#')));
    if skipped && *dir != "static" {
        Input::Ignored
    } else {
        Input::File
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths_like_source_reads_them() {
        let root = Path::new("/site");
        let c = |p: &str| input_of(root, &root.join(p));
        assert_eq!(c("dossier.toml"), Input::File);
        assert_eq!(c("content"), Input::Folder("content"));
        assert_eq!(c("static"), Input::Folder("static"));
        assert_eq!(c("content/timeline/x.md"), Input::File);
        assert_eq!(c("content/timeline/.x.md.swp"), Input::Ignored);
        assert_eq!(c("content/timeline/x.md~"), Input::Ignored);
        assert_eq!(c("content/#x.md#"), Input::Ignored);
        assert_eq!(c("templates/.base.html.swp"), Input::Ignored);
        assert_eq!(c("templates/base.html~"), Input::File);
        // static/ is copied whole, hidden files included.
        assert_eq!(c("static/.well-known"), Input::File);
        assert_eq!(c("public/index.html"), Input::Ignored);
        assert_eq!(c(".dossier-staging-public-1"), Input::Ignored);
        assert_eq!(c("target/debug/x"), Input::Ignored);
        assert_eq!(input_of(root, Path::new("/elsewhere/x")), Input::File);
    }
}
