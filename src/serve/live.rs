//! Live reload: the script injected into served pages, the event stream it listens to,
//! and the pages the server makes up itself (not found, no good build yet).
//!
//! The injection is one delimited insertion, `<!--dossier-serve-->…<!--/dossier-serve-->`
//! just before `</body>`, so removing it gives back the built page byte for byte; it is
//! only ever added to responses, never to `build` output. The stream is server-sent
//! events: `hello` on connect, `reload` when the served site changes, `failed` (with the
//! diagnostics as the terminal renders them) when a build fails, `ok` when a fix leaves
//! the site as it was. Each event is derived from the current [`State`], so a client that
//! misses one still ends up right.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::http;
use super::snapshot::{Failure, Shared, State};
use crate::html::{escape_attr, escape_text};

pub const SCRIPT_PATH: &str = "/__dossier/live.js";
pub const WORKER_PATH: &str = "/__dossier/live-worker.js";
pub const EVENTS_PATH: &str = "/__dossier/events";
pub const STATUS_PATH: &str = "/__dossier/status";

pub const SCRIPT: &str = include_str!("live.js");
pub const WORKER: &str = include_str!("live-worker.js");

/// Marks the start and end of the one insertion made into a served page.
pub const BEGIN: &str = "<!--dossier-serve-->";
pub const END: &str = "<!--/dossier-serve-->";

/// How often an idle stream sends a comment, to notice clients that left.
const PING: Duration = Duration::from_secs(15);

/// Inserts the live-reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let tag = format!(
        "{BEGIN}<script src=\"{SCRIPT_PATH}\" data-version=\"{}\" defer></script>{END}",
        escape_attr(version)
    );
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// `/__dossier/status`: what tests and scripts poll to know a build has settled.
pub fn status_json(state: &State, pending: bool) -> String {
    json!({
        "version": state.version,
        "builds": state.builds,
        "ok": state.failure.is_none(),
        "pending": pending,
        "files": state.site.as_ref().map_or(0, |s| s.len()),
        "diagnostics": state.failure.as_ref().map_or(&[][..], |f| &f.diagnostics[..]),
    })
    .to_string()
}

/// Streams events to one client until it leaves.
pub fn stream_events(out: &mut impl Write, shared: &Shared) -> io::Result<()> {
    http::write_event_stream_head(out)?;
    out.write_all(b"retry: 1000\n\n")?;
    let mut sent_version: Option<String> = None;
    let mut sent_failure: Option<Arc<Failure>> = None;
    let mut seen = shared.changes();
    loop {
        let state = shared.current();
        let mut text = String::new();
        match &sent_version {
            None => event(&mut text, "hello", &json!({ "version": state.version })),
            Some(v) if *v != state.version => {
                event(&mut text, "reload", &json!({ "version": state.version }))
            }
            Some(_) => {}
        }
        match (&state.failure, &sent_failure) {
            (Some(now), Some(before)) if Arc::ptr_eq(now, before) => {}
            (Some(now), _) => event(
                &mut text,
                "failed",
                &json!({
                    "version": state.version,
                    "summary": now.summary,
                    "diagnostics": now.diagnostics,
                }),
            ),
            (None, Some(_)) => event(&mut text, "ok", &json!({ "version": state.version })),
            (None, None) => {}
        }
        sent_version = Some(state.version.clone());
        sent_failure = state.failure.clone();
        if !text.is_empty() {
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        let now = shared.wait_for_change(seen, PING);
        if now == seen {
            out.write_all(b": ping\n\n")?;
            out.flush()?;
        }
        seen = now;
    }
}

fn event(text: &mut String, name: &str, data: &serde_json::Value) {
    // JSON never holds a raw newline, so the data is one `data:` line.
    text.push_str(&format!("event: {name}\ndata: {data}\n\n"));
}

/// The page served for every path while no build has succeeded yet (status 503): the
/// diagnostics, and the script that reloads it once the site builds.
pub fn no_site_page(state: &State) -> Vec<u8> {
    let diagnostics = state
        .failure
        .as_ref()
        .map(|f| f.diagnostics.join("\n"))
        .unwrap_or_default();
    let body = format!(
        "<h1>The site does not build yet</h1>\n<p>Fix the problems below and save; this page reloads by itself.</p>\n<pre>{}</pre>",
        escape_text(&diagnostics)
    );
    inject(
        made_up_page("Build failed", &body).as_bytes(),
        &state.version,
    )
}

/// The built-in 404 page, for sites without a `404.html` of their own.
pub fn not_found_page(path: &str, version: &str) -> Vec<u8> {
    let body = format!(
        "<h1>Not found</h1>\n<p>Nothing is built at <code>{}</code>.</p>\n<p><a href=\"/\">Go to the home page</a></p>",
        escape_text(path)
    );
    inject(made_up_page("Not found", &body).as_bytes(), version)
}

fn made_up_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} · dossier serve</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}}pre{{overflow:auto;padding:1rem;background:#f4f4f4;color:#111}}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the tests of `tests/serve.rs` do to compare a served page with a built one.
    fn strip(html: &[u8]) -> Vec<u8> {
        let text = String::from_utf8(html.to_vec()).unwrap();
        let start = text.find(BEGIN).unwrap();
        let end = text.find(END).unwrap() + END.len();
        format!("{}{}", &text[..start], &text[end..]).into_bytes()
    }

    #[test]
    fn injects_once_before_the_last_body_end() {
        let page = b"<html><body><p>`</body>` in text</p>\n</BODY>\n</html>\n";
        let out = inject(page, "v1-2");
        let text = String::from_utf8(out.clone()).unwrap();
        assert_eq!(text.matches(BEGIN).count(), 1);
        assert!(text.contains(&format!("{END}</BODY>")));
        assert!(text.contains("data-version=\"v1-2\""));
        assert_eq!(strip(&out), page);
    }

    #[test]
    fn injects_at_the_end_without_a_body() {
        let out = inject(b"<p>fragment</p>", "v");
        assert!(out.starts_with(b"<p>fragment</p><!--dossier-serve-->"));
        assert_eq!(strip(&out), b"<p>fragment</p>");
    }

    #[test]
    fn streams_hello_then_failure_then_reload() {
        let shared = Arc::new(Shared::new(State {
            version: "a-1".into(),
            failure: Some(Arc::new(Failure {
                summary: "1 error".into(),
                diagnostics: vec!["error: bad\n --> content/index.md:1:1\n".into()],
            })),
            ..State::default()
        }));
        let s2 = shared.clone();
        let publisher = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            s2.publish(State {
                version: "a-2".into(),
                ..State::default()
            });
        });
        // A writer that fails after the reload, ending the stream.
        struct Until(Vec<u8>);
        impl Write for Until {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.extend_from_slice(b);
                if String::from_utf8_lossy(&self.0).contains("event: reload") {
                    return Err(io::ErrorKind::BrokenPipe.into());
                }
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Until(vec![]);
        assert!(stream_events(&mut out, &shared).is_err());
        publisher.join().unwrap();
        let text = String::from_utf8(out.0).unwrap();
        let hello = text
            .find("event: hello\ndata: {\"version\":\"a-1\"}")
            .unwrap();
        let failed = text.find("event: failed\n").unwrap();
        let reload = text
            .find("event: reload\ndata: {\"version\":\"a-2\"}")
            .unwrap();
        assert!(hello < failed && failed < reload, "{text}");
        assert!(text.contains("content/index.md:1:1"));
    }
}
