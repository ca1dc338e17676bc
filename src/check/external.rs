//! `dossier check --external`: do the site's web links still answer? The only module that
//! touches the network, and only when asked: `build` and a plain `check` never call it.
//!
//! Polite and bounded: at most `per_host` requests to one host at a time and `overall`
//! in all, each within `timeout`. HEAD first, GET when a server refuses HEAD (405, 501,
//! 403); a 429 is retried after its `Retry-After` (capped). Results are cached in
//! `.dossier-cache/external-links.json` under the site root: a success is trusted for
//! `max_age`, a failure is checked again on the next run. A broken link is a warning (so
//! `--strict` fails on it): the web changes under a site, and one dead link should not
//! stop an urgent correction from going out.
//!
//! The network and the cache file are the I/O edge; deciding, caching policy, and the
//! report are plain functions tested below.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::check::links::{ExternalLink, Use};
use crate::diag::{locate, Diagnostic};

/// The cache, relative to the site root.
pub const CACHE_FILE: &str = ".dossier-cache/external-links.json";

/// How to check.
#[derive(Debug, Clone)]
pub struct Settings {
    /// For one request, connection to last byte.
    pub timeout: Duration,
    /// Requests at the same time to one host.
    pub per_host: usize,
    /// Requests at the same time in all.
    pub overall: usize,
    /// How long a success is trusted.
    pub max_age: Duration,
    /// The longest `Retry-After` honoured.
    pub retry_after_cap: Duration,
    /// How many times a 429 is retried.
    pub retries: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(10),
            per_host: 2,
            overall: 8,
            max_age: Duration::from_secs(7 * 24 * 60 * 60),
            retry_after_cap: Duration::from_secs(10),
            retries: 2,
        }
    }
}

/// What one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx status (after redirects).
    Ok(u16),
    /// Why it is broken: `404 Not Found`, `no answer within 10 s`, `host not found`.
    Broken(String),
}

/// The result of a run, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct Report {
    /// Distinct URLs, from the network or the cache.
    pub checked: usize,
    pub from_cache: usize,
    pub ok: usize,
    pub broken: Vec<BrokenLink>,
    /// One warning per broken URL, at its first use.
    pub diagnostics: Vec<Diagnostic>,
    /// A problem with the cache file: reported, never fatal.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub url: String,
    pub reason: String,
    /// `content/index.md:12:5`, `templates/base.html`.
    pub uses: Vec<String>,
}

/// Checks every link (cache first, then the network) and updates the cache.
pub fn check(
    links: &[ExternalLink],
    texts: &BTreeMap<PathBuf, Arc<str>>,
    settings: &Settings,
    cache_file: &Path,
) -> Report {
    let now = unix_now();
    let (mut cache, mut note) = match std::fs::read_to_string(cache_file) {
        Ok(text) => match serde_json::from_str::<Cache>(&text) {
            Ok(c) => (c, None),
            Err(_) => (
                Cache::default(),
                Some(format!(
                    "ignored an unreadable link cache at {}",
                    cache_file.display()
                )),
            ),
        },
        Err(_) => (Cache::default(), None),
    };
    cache.forget_stale(now, settings.max_age);
    let to_fetch: Vec<String> = links
        .iter()
        .filter(|l| !cache.links.contains_key(&l.url))
        .map(|l| l.url.clone())
        .collect();
    let fetched = fetch_all(&to_fetch, settings);
    let mut outcomes: BTreeMap<&str, (Outcome, bool)> = BTreeMap::new();
    for l in links {
        if let Some(c) = cache.links.get(&l.url) {
            outcomes.insert(&l.url, (Outcome::Ok(c.status), true));
        }
    }
    for (url, outcome) in to_fetch.iter().zip(fetched) {
        cache.record(url, &outcome, now);
        outcomes.insert(url, (outcome, false));
    }
    if !links.is_empty() || cache_file.exists() {
        if let Err(e) = cache.save(cache_file) {
            note = Some(format!(
                "could not write the link cache {}: {e}",
                cache_file.display()
            ));
        }
    }
    let mut report = report(links, &outcomes, texts);
    report.note = note;
    report
}

/// Builds the report from each URL's outcome (and whether it came from the cache).
fn report(
    links: &[ExternalLink],
    outcomes: &BTreeMap<&str, (Outcome, bool)>,
    texts: &BTreeMap<PathBuf, Arc<str>>,
) -> Report {
    let mut r = Report::default();
    for l in links {
        let Some((outcome, cached)) = outcomes.get(l.url.as_str()) else {
            continue;
        };
        r.checked += 1;
        r.from_cache += usize::from(*cached);
        let reason = match outcome {
            Outcome::Ok(_) => {
                r.ok += 1;
                continue;
            }
            Outcome::Broken(reason) => reason,
        };
        let uses: Vec<String> = l.uses.iter().map(|u| describe_use(u, texts)).collect();
        let mut d = Diagnostic::warning(format!("external link `{}` is broken: {reason}", l.url));
        if let Some(first) = l.uses.first() {
            d = match (&first.span, texts.get(&first.file)) {
                (Some(span), Some(text)) => d.at(&first.file, text, span.clone()),
                _ => d.in_file(&first.file),
            };
        }
        let hint = if uses.len() > 1 {
            format!("also used in {}", uses[1..].join(", "))
        } else {
            "fix the address, or link to an archived copy (e.g. on web.archive.org)".into()
        };
        r.diagnostics.push(d.with_hint(hint));
        r.broken.push(BrokenLink {
            url: l.url.clone(),
            reason: reason.clone(),
            uses,
        });
    }
    r
}

/// `content/index.md:12:5`, or the file alone when the URL was not found as written.
fn describe_use(u: &Use, texts: &BTreeMap<PathBuf, Arc<str>>) -> String {
    let file = u.file.display().to_string().replace('\\', "/");
    match (&u.span, texts.get(&u.file)) {
        (Some(span), Some(text)) => match locate(u.file.clone(), text, span.clone()).position {
            Some(p) => format!("{file}:{}:{}", p.line, p.column),
            None => file,
        },
        _ => file,
    }
}

impl Report {
    /// The summary printed after the diagnostics.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "external links: {} checked ({} from cache): {} ok, {} broken\n",
            self.checked,
            self.from_cache,
            self.ok,
            self.broken.len()
        );
        for b in &self.broken {
            let _ = writeln!(out, "  {} — {}", b.url, b.reason);
            if !b.uses.is_empty() {
                let _ = writeln!(out, "      used in {}", b.uses.join(", "));
            }
        }
        if let Some(n) = &self.note {
            let _ = writeln!(out, "  note: {n}");
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// The cache.

/// `.dossier-cache/external-links.json`: the URLs that answered, and when.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Cache {
    version: u32,
    /// URL → last success. A `BTreeMap` so the file is stable.
    links: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct CacheEntry {
    status: u16,
    /// Seconds since the Unix epoch.
    checked: u64,
}

const CACHE_VERSION: u32 = 1;

impl Cache {
    fn forget_stale(&mut self, now: u64, max_age: Duration) {
        if self.version != CACHE_VERSION {
            self.links.clear();
            self.version = CACHE_VERSION;
        }
        // A time in the future (a clock set back) is stale too.
        self.links
            .retain(|_, e| e.checked <= now && now - e.checked < max_age.as_secs());
    }

    /// Successes are kept; a failure is forgotten so the next run asks again.
    fn record(&mut self, url: &str, outcome: &Outcome, now: u64) {
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
            Outcome::Broken(_) => {
                self.links.remove(url);
            }
        }
    }

    /// Writes beside the file and renames, so a crash never leaves half a cache.
    fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = file.with_extension(format!("json.{}.tmp", std::process::id()));
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text + "\n")?;
        std::fs::rename(&tmp, file)
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

// ---------------------------------------------------------------------------------------
// The network.

/// Fetches every URL, `overall` at a time and at most `per_host` per host; the outcomes
/// come back in the order of `urls`.
fn fetch_all(urls: &[String], s: &Settings) -> Vec<Outcome> {
    if urls.is_empty() {
        return vec![];
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(s.timeout))
        .http_status_as_error(false)
        .user_agent(format!(
            "dossier/{} (link check)",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .into();
    struct Queue {
        pending: VecDeque<usize>,
        busy: HashMap<String, usize>,
    }
    let queue = Mutex::new(Queue {
        pending: (0..urls.len()).collect(),
        busy: HashMap::new(),
    });
    let freed = Condvar::new();
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; urls.len()]);
    let per_host = s.per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..s.overall.clamp(1, urls.len()) {
            scope.spawn(|| loop {
                // Take the first URL whose host has a free slot; wait when none has.
                let (i, host) = {
                    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if q.pending.is_empty() {
                            return;
                        }
                        let free = q.pending.iter().position(|&i| {
                            q.busy.get(host_of(&urls[i])).copied().unwrap_or(0) < per_host
                        });
                        if let Some(pos) = free {
                            let i = q.pending.remove(pos).unwrap_or_default();
                            let host = host_of(&urls[i]).to_string();
                            *q.busy.entry(host.clone()).or_default() += 1;
                            break (i, host);
                        }
                        q = freed.wait(q).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let outcome = fetch(&agent, &urls[i], s);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(n) = q.busy.get_mut(&host) {
                    *n -= 1;
                }
                drop(q);
                freed.notify_all();
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Broken("not checked".into())))
        .collect()
}

/// One URL: HEAD, then GET if HEAD is refused; 429 waits and retries.
fn fetch(agent: &ureq::Agent, url: &str, s: &Settings) -> Outcome {
    let mut get = false;
    let mut retries = 0;
    loop {
        let result = if get {
            agent.get(url).call()
        } else {
            agent.head(url).call()
        };
        let response = match result {
            Ok(r) => r,
            Err(e) => return Outcome::Broken(describe_error(&e, s.timeout)),
        };
        let status = response.status().as_u16();
        if !get && matches!(status, 403 | 405 | 501) {
            get = true;
            continue;
        }
        if status == 429 && retries < s.retries {
            retries += 1;
            let header = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok());
            let wait = retry_after(header, s.retry_after_cap);
            drop(response);
            std::thread::sleep(wait);
            continue;
        }
        return outcome_of(status);
    }
}

/// The host (and port) of a URL, lowercased, for the per-host limit.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

/// How long a 429 asks us to wait: `Retry-After` in seconds, capped; 1 s when absent or
/// given as a date (a date would need the clock of the server).
fn retry_after(header: Option<&str>, cap: Duration) -> Duration {
    header
        .and_then(|h| h.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(1), Duration::from_secs)
        .min(cap)
}

fn outcome_of(status: u16) -> Outcome {
    if (200..300).contains(&status) {
        return Outcome::Ok(status);
    }
    let reason = match status {
        400 => "Bad Request",
        401 => "Unauthorized (the site may refuse automated checks)",
        403 => "Forbidden (the site may refuse automated checks)",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests (still rate-limited after retrying)",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        300..=399 => "a redirect without a usable Location",
        _ => "",
    };
    Outcome::Broken(format!("{status} {reason}").trim_end().to_string())
}

fn describe_error(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", timeout.as_secs_f64()),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "cannot connect".into(),
        ureq::Error::TooManyRedirects => "too many redirects".into(),
        ureq::Error::BadUri(u) => format!("not a valid URL ({u})"),
        ureq::Error::Io(io) => format!("connection error: {io}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_retry_after() {
        assert_eq!(
            host_of("https://u:p@Example.org:8080/a?b"),
            "Example.org:8080"
        );
        assert_eq!(host_of("http://127.0.0.1:99"), "127.0.0.1:99");
        let cap = Duration::from_secs(10);
        assert_eq!(retry_after(Some(" 3 "), cap), Duration::from_secs(3));
        assert_eq!(retry_after(Some("3600"), cap), cap);
        assert_eq!(
            retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT"), cap),
            Duration::from_secs(1)
        );
        assert_eq!(outcome_of(204), Outcome::Ok(204));
        assert_eq!(outcome_of(404), Outcome::Broken("404 Not Found".into()));
        assert_eq!(outcome_of(599), Outcome::Broken("599".into()));
    }

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

    #[test]
    fn broken_links_are_warnings_at_their_first_use() {
        let texts = BTreeMap::from([(
            PathBuf::from("content/index.md"),
            Arc::<str>::from("Intro\n[dead](https://x.org/dead)\n"),
        )]);
        let links = vec![
            ExternalLink {
                url: "https://x.org/dead".into(),
                uses: vec![
                    Use {
                        file: "content/index.md".into(),
                        span: Some(13..31),
                    },
                    Use {
                        file: "templates/base.html".into(),
                        span: None,
                    },
                ],
            },
            ExternalLink {
                url: "https://x.org/ok".into(),
                uses: vec![],
            },
        ];
        let outcomes = BTreeMap::from([
            (
                "https://x.org/dead",
                (Outcome::Broken("404 Not Found".into()), false),
            ),
            ("https://x.org/ok", (Outcome::Ok(200), true)),
        ]);
        let r = report(&links, &outcomes, &texts);
        assert_eq!((r.checked, r.from_cache, r.ok), (2, 1, 1));
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert!(!d.is_error());
        let p = d.location.as_ref().unwrap().position.unwrap();
        assert_eq!((p.line, p.column), (2, 8));
        assert_eq!(d.hint.as_deref(), Some("also used in templates/base.html"));
        assert_eq!(
            r.summary(),
            "external links: 2 checked (1 from cache): 1 ok, 1 broken\n  \
             https://x.org/dead — 404 Not Found\n      \
             used in content/index.md:2:8, templates/base.html\n"
        );
    }
}
