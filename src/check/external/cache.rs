//! The cache of `--external`: `.dossier-cache/external-links.json`, the URLs that
//! answered and when. A success is trusted for `max_age`; a failure is never stored, so
//! the next run asks again. The file is a `BTreeMap` written whole and renamed into
//! place, so it is stable and never half written.
//!
//! It must not decide what is broken; it only remembers what was not.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Outcome;

/// `.dossier-cache/external-links.json`: the URLs that answered, and when.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Cache {
    version: u32,
    /// URL → last success. A `BTreeMap` so the file is stable.
    pub(super) links: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct CacheEntry {
    pub(super) status: u16,
    /// Seconds since the Unix epoch.
    checked: u64,
}

const CACHE_VERSION: u32 = 1;

impl Cache {
    /// The cache in `file`: empty when there is none, and empty with a note when it
    /// cannot be read as a cache (it is rewritten whole on the next save).
    pub(super) fn load(file: &Path) -> (Cache, Option<String>) {
        match std::fs::read_to_string(file) {
            Ok(text) => match serde_json::from_str::<Cache>(&text) {
                Ok(c) => (c, None),
                Err(_) => (
                    Cache::default(),
                    Some(format!(
                        "ignored an unreadable link cache at {}",
                        file.display()
                    )),
                ),
            },
            Err(_) => (Cache::default(), None),
        }
    }

    pub(super) fn forget_stale(&mut self, now: u64, max_age: Duration) {
        if self.version != CACHE_VERSION {
            self.links.clear();
            self.version = CACHE_VERSION;
        }
        // A time in the future (a clock set back) is stale too.
        self.links
            .retain(|_, e| e.checked <= now && now - e.checked < max_age.as_secs());
    }

    /// Successes are kept; a failure is forgotten so the next run asks again.
    pub(super) fn record(&mut self, url: &str, outcome: &Outcome, now: u64) {
        match outcome {
            Outcome::Ok(status) => {
                self.links.insert(
                    url.to_string(),
                    CacheEntry {
                        status: *status,
                        checked: now,
                    },
                );
            }
            Outcome::Broken(_) | Outcome::NoAnswer(_) => {
                self.links.remove(url);
            }
        }
    }

    /// Writes beside the file and renames, so a crash never leaves half a cache.
    pub(super) fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = file.with_extension(format!("json.{}.tmp", std::process::id()));
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text + "\n")?;
        std::fs::rename(&tmp, file)
    }
}

pub(super) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successes_are_cached_for_a_while_and_failures_not_at_all() {
        let mut c = Cache::default();
        c.forget_stale(1000, Duration::from_secs(100));
        c.record("https://a/", &Outcome::Ok(200), 1000);
        c.record("https://b/", &Outcome::Broken("404 Not Found".into()), 1000);
        assert_eq!(c.links.len(), 1);
        let text = serde_json::to_string(&c).unwrap();
        let mut back: Cache = serde_json::from_str(&text).unwrap();
        assert_eq!(back, c);
        back.forget_stale(1099, Duration::from_secs(100));
        assert_eq!(back.links.len(), 1);
        back.forget_stale(1100, Duration::from_secs(100));
        assert!(back.links.is_empty());
        c.record("https://a/", &Outcome::Broken("410 Gone".into()), 1001);
        assert!(c.links.is_empty());
    }
}
