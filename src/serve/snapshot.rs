//! The served site and the state every connection reads.
//!
//! A [`Snapshot`] is exactly what `dossier build` would write (the rendered files, then
//! `static/` copied over them) held in memory. [`Shared`] holds the current [`State`]
//! behind an `Arc`: a rebuild makes a whole new state and swaps the pointer under a write
//! lock held only for the swap, so a request sees one build or the next, never a mix, and
//! nothing is ever patched in place (Hugo's stale pages came from partial updates:
//! gohugoio/hugo#5266, #7085).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError, RwLock};
use std::time::Duration;

use crate::pipeline::DeferredIndex;
use crate::render::OutputFile;

/// One build's output, keyed by its path with `/` separators (`timeline/index.html`).
#[derive(Debug, Default)]
pub struct Snapshot {
    files: HashMap<String, Arc<Vec<u8>>>,
    /// The search index, made from this build's site the first time it is asked for
    /// (a reader focusing the search box), not before the reload.
    index: Option<(String, Deferred)>,
    /// The variants of raster figures and the social cards, each made (or read from the image cache) when
    /// a browser first asks for it: a rebuild for a text edit never waits for images.
    variants: HashMap<String, Deferred>,
    /// What each deferred file is made from (its original's size and modification time,
    /// or its card's texts), so a changed photo counts as a changed file although its
    /// variants' paths stay the same. See: issue 22 (serve did not reload when only an
    /// image of static/ changed, and kept serving the old variants).
    made_from: HashMap<String, u64>,
}

/// A file made on first use, once.
pub struct Deferred {
    bytes: OnceLock<Arc<Vec<u8>>>,
    make: Mutex<Option<DeferredIndex>>,
}

impl Deferred {
    fn get(&self) -> &[u8] {
        self.bytes.get_or_init(|| {
            let make = self
                .make
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            make.map_or_else(Arc::default, |f| f().bytes)
        })
    }
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.bytes.get().is_some() {
            "Deferred(made)"
        } else {
            "Deferred(not yet)"
        })
    }
}

impl Snapshot {
    /// The rendered files, then the static files over them, as `output::write` does.
    #[cfg(test)]
    pub fn new(rendered: Vec<OutputFile>, statics: Vec<(String, Vec<u8>)>) -> Snapshot {
        Snapshot::with_index(rendered, None, statics)
    }

    /// [`Snapshot::new`] with the search index made on first use. A static file of the
    /// same name is refused by the build (it would replace a generated file).
    pub fn with_index(
        rendered: Vec<OutputFile>,
        index: Option<(std::path::PathBuf, DeferredIndex)>,
        statics: Vec<(String, Vec<u8>)>,
    ) -> Snapshot {
        let mut files: HashMap<String, Arc<Vec<u8>>> = rendered
            .into_iter()
            .map(|f| (key_of(&f.path), f.bytes))
            .collect();
        files.extend(statics.into_iter().map(|(k, v)| (k, v.into())));
        let index = index.map(|(path, make)| {
            (
                key_of(&path),
                Deferred {
                    bytes: OnceLock::new(),
                    make: Mutex::new(Some(make)),
                },
            )
        });
        Snapshot {
            files,
            index,
            variants: HashMap::new(),
            made_from: HashMap::new(),
        }
    }

    /// Adds the variants of `plans`, made from the originals of the site at `root` on
    /// first request (see `output::images::variant_bytes`).
    pub fn with_variants(
        mut self,
        root: &Path,
        plans: &[crate::model::variants::Plan],
    ) -> Snapshot {
        for plan in plans {
            let source = root.join("static").join(&plan.source);
            let stamp = fs::metadata(&source)
                .map(|m| (m.len(), m.modified().ok()))
                .ok();
            let made_from = fingerprint(&(&plan.source, stamp));
            for v in &plan.variants {
                self.made_from.insert(v.path.clone(), made_from);
                let (root, plan, variant) = (root.to_path_buf(), plan.clone(), v.clone());
                let make: DeferredIndex = Box::new(move || OutputFile {
                    path: PathBuf::from(&variant.path),
                    bytes: crate::output::images::variant_bytes(&root, &plan, &variant)
                        .unwrap_or_default()
                        .into(),
                });
                let deferred = Deferred {
                    bytes: OnceLock::new(),
                    make: Mutex::new(Some(make)),
                };
                self.variants.insert(v.path.clone(), deferred);
            }
        }
        self
    }

    /// Adds the social cards, each drawn (or read from the image cache of the site at
    /// `root`) on first request (see `output::cards::card_bytes`).
    pub fn with_cards(
        mut self,
        root: &Path,
        cards: &[(String, crate::render::cards::Card)],
    ) -> Snapshot {
        for (path, card) in cards {
            self.made_from.insert(path.clone(), fingerprint(card));
            let (root, path_buf, card) = (root.to_path_buf(), PathBuf::from(path), card.clone());
            let make: DeferredIndex = Box::new(move || OutputFile {
                path: path_buf,
                bytes: crate::output::cards::card_bytes(&root, &card)
                    .unwrap_or_default()
                    .into(),
            });
            let deferred = Deferred {
                bytes: OnceLock::new(),
                make: Mutex::new(Some(make)),
            };
            self.variants.insert(path.clone(), deferred);
        }
        self
    }

    pub fn get(&self, key: &str) -> Option<&[u8]> {
        match self.files.get(key) {
            Some(b) => Some(&b[..]),
            None => self
                .index
                .as_ref()
                .filter(|(k, _)| k == key)
                .map(|(_, d)| d.get())
                .or_else(|| self.variants.get(key).map(Deferred::get)),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len() + usize::from(self.index.is_some()) + self.variants.len()
    }

    /// How many paths differ between two snapshots (added, removed or changed). The
    /// search index is not compared (that would make it): everything in it is also on
    /// some page, so it changes only when a page does.
    pub fn changed_paths(&self, other: &Snapshot) -> usize {
        let same = |a: &Arc<Vec<u8>>, b: &Arc<Vec<u8>>| Arc::ptr_eq(a, b) || a == b;
        let changed_or_removed = self
            .files
            .iter()
            .filter(|(k, v)| !other.files.get(*k).is_some_and(|o| same(v, o)))
            .count();
        let added = other
            .files
            .keys()
            .filter(|k| !self.files.contains_key(*k))
            .count();
        let deferred_changed = self
            .made_from
            .iter()
            .filter(|(k, v)| other.made_from.get(*k) != Some(v))
            .count()
            + other
                .made_from
                .keys()
                .filter(|k| !self.made_from.contains_key(*k))
                .count();
        changed_or_removed + added + deferred_changed
    }
}

/// A hash of what a deferred file is made from.
fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// `background/x/index.html` whatever the platform's separator.
pub fn key_of(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads the build's static files (paths relative to `ROOT/static`) into memory.
///
/// Each file is resolved strictly inside `ROOT/static`: a symbolic link that leads out of
/// it is not served (unlike `build`, which copies what the link points to), so a link can
/// never expose the rest of the disk over HTTP. Returns the files and the keys skipped.
pub fn read_static(root: &Path, rels: &[PathBuf]) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut files = Vec::with_capacity(rels.len());
    let mut skipped = vec![];
    let Ok(base) = fs::canonicalize(root.join("static")) else {
        return (files, rels.iter().map(|r| key_of(r)).collect());
    };
    for rel in rels {
        let key = key_of(rel);
        let inside = fs::canonicalize(base.join(rel))
            .ok()
            .filter(|real| real.starts_with(&base) && real.is_file());
        match inside.and_then(|real| fs::read(real).ok()) {
            Some(bytes) => files.push((key, bytes)),
            // Outside static/, or gone since the walk (its removal triggers another build).
            None => skipped.push(key),
        }
    }
    (files, skipped)
}

/// The static files, and a copy of each in every language edition's folder
/// (`ar-IQ/img/x.png`), as `build` writes them.
pub fn with_copies(statics: Vec<(String, Vec<u8>)>, folders: &[String]) -> Vec<(String, Vec<u8>)> {
    let copies: Vec<(String, Vec<u8>)> = folders
        .iter()
        .flat_map(|f| {
            statics
                .iter()
                .map(move |(k, v)| (format!("{f}/{k}"), v.clone()))
        })
        .collect();
    statics.into_iter().chain(copies).collect()
}

/// The diagnostics of a failed build, rendered as the terminal shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `2 errors, 1 warning`.
    pub summary: String,
    /// One `diag::report` text per diagnostic, in the terminal's order.
    pub diagnostics: Vec<String>,
}

/// What the server serves right now.
#[derive(Debug, Default)]
pub struct State {
    /// Names the served site: changes whenever the site does, and differs between two
    /// runs of the server, so a page can tell whether it is current.
    pub version: String,
    /// Completed builds, failed ones included.
    pub builds: u64,
    /// The last good build; `None` until one succeeds.
    pub site: Option<Arc<Snapshot>>,
    /// Set while the latest build failed (the last good site is still served).
    pub failure: Option<Arc<Failure>>,
}

/// The current state and a way to wait for the next one.
pub struct Shared {
    current: RwLock<Arc<State>>,
    /// Bumped on every publish; event streams wait on it.
    changes: Mutex<u64>,
    changed: Condvar,
    /// A change was seen and its build has not finished yet.
    pending: AtomicBool,
}

impl Shared {
    pub fn new(state: State) -> Shared {
        Shared {
            current: RwLock::new(Arc::new(state)),
            changes: Mutex::new(0),
            changed: Condvar::new(),
            pending: AtomicBool::new(false),
        }
    }

    pub fn current(&self) -> Arc<State> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Swaps in a new state and wakes every waiter.
    pub fn publish(&self, state: State) {
        let state = Arc::new(state);
        let old = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(PoisonError::into_inner),
            state,
        );
        {
            let mut n = self.changes.lock().unwrap_or_else(PoisonError::into_inner);
            *n += 1;
            self.changed.notify_all();
        }
        // Freeing a large site takes a while: not under the lock, and after the wake-up.
        drop(old);
    }

    /// The publish counter; read it *before* [`Shared::current`] so no change is missed.
    pub fn changes(&self) -> u64 {
        *self.changes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until the counter moves past `seen`, or `timeout`; returns the counter.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.changes.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |n| *n == seen)
            .unwrap_or_else(PoisonError::into_inner);
        *guard
    }

    pub fn set_pending(&self, pending: bool) {
        self.pending.store(pending, Ordering::SeqCst);
    }

    pub fn pending(&self) -> bool {
        self.pending.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: Arc::new(bytes.as_bytes().to_vec()),
        }
    }

    #[test]
    fn static_files_win_like_in_build() {
        let s = Snapshot::new(
            vec![file("index.html", "rendered"), file("a/b.html", "b")],
            vec![("index.html".into(), b"static".to_vec())],
        );
        assert_eq!(s.get("index.html"), Some(&b"static"[..]));
        assert_eq!(s.get("a/b.html"), Some(&b"b"[..]));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn counts_changed_paths() {
        let a = Snapshot::new(vec![file("x", "1"), file("y", "1")], vec![]);
        let b = Snapshot::new(vec![file("x", "2"), file("z", "1")], vec![]);
        assert_eq!(a.changed_paths(&b), 3);
        assert_eq!(a.changed_paths(&a), 0);
    }

    #[test]
    fn waiters_see_every_publish() {
        let shared = Arc::new(Shared::new(State::default()));
        let seen = shared.changes();
        let s2 = shared.clone();
        let t = std::thread::spawn(move || s2.wait_for_change(seen, Duration::from_secs(10)));
        shared.publish(State {
            builds: 1,
            ..State::default()
        });
        assert_eq!(t.join().unwrap(), seen + 1);
        assert_eq!(shared.current().builds, 1);
    }
}
