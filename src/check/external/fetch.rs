//! The network side of `--external`: one blocking HTTP client shared by a few threads,
//! at most `per_host` requests to one host at a time and `overall` in all. HEAD first,
//! GET when a server refuses HEAD; a 429 waits for its `Retry-After` (capped).
//!
//! It turns each URL into an [`Outcome`] and must not know about pages, uses or the
//! cache.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::{Outcome, Settings};

/// Fetches every URL, `overall` at a time and at most `per_host` per host; the outcomes
/// come back in the order of `urls`.
pub(super) fn fetch_all(urls: &[String], s: &Settings) -> Vec<Outcome> {
    if urls.is_empty() {
        return vec![];
    }
    let agent = agent(s);
    let queue = HostQueue::new(urls, s.per_host.max(1));
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..s.overall.clamp(1, urls.len()) {
            scope.spawn(|| {
                while let Some((i, host)) = queue.take() {
                    let outcome = fetch(&agent, &urls[i], s);
                    lock(&results)[i] = Some(outcome);
                    queue.release(&host);
                }
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

/// Statuses are outcomes here, not errors: a 404 is an answer to report.
fn agent(s: &Settings) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(s.timeout))
        .http_status_as_error(false)
        // Redirects are followed here, not by ureq, which took `Location: ftp://…` for
        // a path on the same host. See: issue 21, point 13.
        .max_redirects(0)
        .user_agent(format!(
            "dossier/{} (link check)",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .into()
}

/// The URLs not yet taken, and how many requests each host has in flight: what the
/// fetching threads share.
struct HostQueue<'u> {
    urls: &'u [String],
    per_host: usize,
    state: Mutex<InFlight>,
    /// Signalled when a request ends, so a thread waiting for a busy host looks again.
    freed: Condvar,
}

struct InFlight {
    pending: VecDeque<usize>,
    busy: HashMap<String, usize>,
}

impl<'u> HostQueue<'u> {
    fn new(urls: &'u [String], per_host: usize) -> Self {
        HostQueue {
            urls,
            per_host,
            state: Mutex::new(InFlight {
                pending: (0..urls.len()).collect(),
                busy: HashMap::new(),
            }),
            freed: Condvar::new(),
        }
    }

    /// Takes the first URL whose host has a free slot, waiting when none has: its index
    /// and host. `None` when every URL is taken.
    fn take(&self) -> Option<(usize, String)> {
        let mut q = lock(&self.state);
        loop {
            if q.pending.is_empty() {
                return None;
            }
            let free = q.pending.iter().position(|&i| {
                q.busy.get(host_of(&self.urls[i])).copied().unwrap_or(0) < self.per_host
            });
            if let Some(pos) = free {
                let i = q.pending.remove(pos).unwrap_or_default();
                let host = host_of(&self.urls[i]).to_string();
                *q.busy.entry(host.clone()).or_default() += 1;
                return Some((i, host));
            }
            q = self.freed.wait(q).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// A request to `host` ended: frees its slot.
    fn release(&self, host: &str) {
        let mut q = lock(&self.state);
        if let Some(n) = q.busy.get_mut(host) {
            *n -= 1;
        }
        drop(q);
        self.freed.notify_all();
    }
}

/// A poisoned lock only means another fetch panicked; its data is still whole.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// How many redirects one link may take.
const MAX_REDIRECTS: usize = 10;

/// One URL, following its redirects to web addresses; a redirect to anything else is
/// reported as such.
fn fetch(agent: &ureq::Agent, url: &str, s: &Settings) -> Outcome {
    let mut current = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        match fetch_one(agent, &current, s) {
            Answer::Final(outcome) => return outcome,
            Answer::Redirect(status, location) => match redirect_target(&current, &location) {
                Ok(next) => current = next,
                Err(why) => return Outcome::Broken(format!("{status} redirects to {why}")),
            },
        }
    }
    Outcome::Broken("too many redirects".into())
}

/// What one request came to: an outcome, or a redirect (status, `Location`).
enum Answer {
    Final(Outcome),
    Redirect(u16, String),
}

/// Where a `Location` leads from `base`, or why it is not somewhere to check: a URL of
/// another scheme (`ftp:`, `mailto:`, `javascript:`) is not a web address.
fn redirect_target(base: &str, location: &str) -> Result<String, String> {
    let loc = location.trim();
    let scheme_end = loc.find(':').filter(|&i| {
        let scheme = &loc[..i];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if let Some(i) = scheme_end {
        let scheme = loc[..i].to_ascii_lowercase();
        return if scheme == "http" || scheme == "https" {
            Ok(loc.to_string())
        } else {
            Err(format!("`{loc}`, which is not a web address"))
        };
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
    Ok(if let Some(net) = loc.strip_prefix("//") {
        format!("{scheme}://{net}")
    } else if loc.starts_with('/') {
        format!("{origin}{loc}")
    } else if loc.starts_with('?') || loc.is_empty() {
        format!("{origin}{path}{loc}")
    } else {
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{origin}{dir}{loc}")
    })
}

/// One request to `url`: HEAD, then GET if HEAD is refused; 429 waits and retries.
fn fetch_one(agent: &ureq::Agent, url: &str, s: &Settings) -> Answer {
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
            Err(e) => return Answer::Final(outcome_of_error(&e, s.timeout)),
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok());
        if let (300..=399, Some(location)) = (status, location) {
            return Answer::Redirect(status, location.to_string());
        }
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
        return Answer::Final(outcome_of(status));
    }
}

/// The host (and port) of a URL, lowercased, for the per-host limit.
pub(super) fn host_of(url: &str) -> &str {
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

/// A failed request: no answer at all (the host or the network is down), or a broken
/// one.
fn outcome_of_error(e: &ureq::Error, timeout: Duration) -> Outcome {
    let why = describe_error(e, timeout);
    match e {
        ureq::Error::Timeout(_)
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::Io(_) => Outcome::NoAnswer(why),
        _ => Outcome::Broken(why),
    }
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
        let base = "https://h.org/a/b?q";
        assert_eq!(redirect_target(base, "/c").unwrap(), "https://h.org/c");
        assert_eq!(redirect_target(base, "c").unwrap(), "https://h.org/a/c");
        assert_eq!(
            redirect_target(base, "//x.org/y").unwrap(),
            "https://x.org/y"
        );
        assert_eq!(
            redirect_target(base, "HTTP://x.org").unwrap(),
            "HTTP://x.org"
        );
        assert!(redirect_target(base, "ftp://x.org/f").is_err());
        assert!(redirect_target(base, "javascript:alert(1)").is_err());
    }
}
