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
//! The network (`fetch`) and the cache file (`cache`) are the I/O edge; this file puts
//! them together and turns outcomes into the report, a plain function tested below.

mod cache;
mod fetch;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::check::links::{ExternalLink, Use};
use crate::diag::{locate, Diagnostic};
use cache::{unix_now, Cache};
use fetch::fetch_all;

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
    /// Why it is broken: `404 Not Found`, `too many redirects`.
    Broken(String),
    /// No HTTP answer at all: `no answer within 10 s`, `host not found`, `cannot
    /// connect`. Broken too, unless no host answered: then the network is down.
    NoAnswer(String),
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
    /// Set when no host answered at all: the links were not judged.
    pub unreachable: Option<String>,
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
    let (mut cache, mut note) = Cache::load(cache_file);
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
    let mut report = match network_unreachable(&to_fetch, &outcomes) {
        Some(why) => unreachable_report(links, &outcomes, why),
        None => report(links, &outcomes, texts),
    };
    report.note = note;
    report
}

/// Why the network seems unreachable: every URL asked of two hosts or more got no
/// answer at all. Then one warning says so, not one per link (issue 16, point 9).
fn network_unreachable(
    fetched: &[String],
    outcomes: &BTreeMap<&str, (Outcome, bool)>,
) -> Option<String> {
    let hosts: std::collections::BTreeSet<&str> =
        fetched.iter().map(|u| fetch::host_of(u)).collect();
    let mut first = None;
    for url in fetched {
        match outcomes.get(url.as_str()) {
            Some((Outcome::NoAnswer(why), _)) => first = first.or(Some(why)),
            _ => return None,
        }
    }
    (hosts.len() >= 2).then(|| {
        format!(
            "the network is unreachable: none of {} hosts answered ({})",
            hosts.len(),
            first.map_or("", String::as_str)
        )
    })
}

/// The report when the network is down: one warning, the cached answers still counted.
fn unreachable_report(
    links: &[ExternalLink],
    outcomes: &BTreeMap<&str, (Outcome, bool)>,
    why: String,
) -> Report {
    let mut r = Report::default();
    for l in links {
        if let Some((Outcome::Ok(_), true)) = outcomes.get(l.url.as_str()) {
            r.checked += 1;
            r.from_cache += 1;
            r.ok += 1;
        }
    }
    r.diagnostics.push(Diagnostic::warning(why.clone()).with_hint(
        "check the connection (and HTTPS_PROXY, if you need a proxy), then run `check --external` again",
    ));
    r.unreachable = Some(why);
    r
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
            Outcome::Broken(reason) | Outcome::NoAnswer(reason) => reason,
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
        if let Some(why) = &self.unreachable {
            return format!(
                "external links: not checked, {why}; {} ok from cache\n",
                self.ok
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
