//! Which response a request gets: the server's own endpoints under `/__dossier/`, then
//! the served site (folders by their `index.html`, `dir` → 301 `dir/`, the site's own
//! `404.html` or a built-in one), with a Content-Type from the file's extension.
//!
//! Everything comes out of the in-memory [`Snapshot`]; a request path only ever becomes
//! a key into it (see `paths`), never a path on disk.

use super::http::{Request, Response};
use super::live;
use super::paths;
use super::snapshot::{Shared, Snapshot, State};

/// What to send back.
pub enum Reply {
    Full(Response),
    /// Hand the connection to the event stream.
    EventStream,
}

/// Who may be answered.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The server listens on a loopback address: answer only requests addressed to a
    /// loopback name. A page on another site could otherwise point its own domain at
    /// 127.0.0.1 (DNS rebinding) and read the preview, drafts included.
    pub loopback_only: bool,
}

pub fn route(req: &Request, shared: &Shared, policy: Policy) -> Reply {
    if policy.loopback_only && !req.host.as_deref().is_none_or(is_loopback_host) {
        return Reply::Full(Response::text(
            403,
            "this server only answers to localhost, 127.0.0.1 and [::1]\n",
        ));
    }
    if req.method != "GET" && req.method != "HEAD" {
        let mut r = Response::text(405, "only GET and HEAD are served\n");
        r.allow = Some("GET, HEAD");
        return Reply::Full(r);
    }
    match req.path.as_str() {
        live::EVENTS_PATH if req.is_head() => {
            return Reply::Full(Response::new(200, "text/event-stream", vec![]))
        }
        live::EVENTS_PATH => return Reply::EventStream,
        live::SCRIPT_PATH => return Reply::Full(Response::new(200, JS, live::SCRIPT)),
        live::WORKER_PATH => return Reply::Full(Response::new(200, JS, live::WORKER)),
        live::STATUS_PATH => {
            let json = live::status_json(&shared.current(), shared.pending());
            return Reply::Full(Response::new(200, "application/json", json));
        }
        _ => {}
    }
    let path = match paths::parse(&req.path) {
        Ok(p) => p,
        Err(why) => {
            return Reply::Full(Response::text(
                400,
                format!("bad request path: {}\n", why.reason()),
            ))
        }
    };
    let state = shared.current();
    let Some(site) = &state.site else {
        return Reply::Full(Response::new(503, HTML, live::no_site_page(&state)));
    };
    let key = path.key();
    if let Some(bytes) = site.get(&key) {
        return Reply::Full(file(200, &key, bytes, &state));
    }
    if !path.is_dir && site.get(&format!("{key}/index.html")).is_some() {
        let mut location = format!("{}/", req.path);
        if let Some(q) = &req.query {
            location.push('?');
            location.push_str(q);
        }
        let mut r = Response::text(301, format!("moved to {location}\n"));
        r.location = Some(location);
        return Reply::Full(r);
    }
    Reply::Full(not_found(site, &req.path, &state))
}

/// `localhost`, `x.localhost`, `127.0.0.1`, `[::1]`, each with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

fn file(status: u16, key: &str, bytes: &[u8], state: &State) -> Response {
    let content_type = content_type(key);
    let body = if content_type == HTML {
        live::inject(bytes, &state.version)
    } else {
        bytes.to_vec()
    };
    Response::new(status, content_type, body)
}

fn not_found(site: &Snapshot, path: &str, state: &State) -> Response {
    match site.get("404.html") {
        Some(bytes) => file(404, "404.html", bytes, state),
        None => Response::new(404, HTML, live::not_found_page(path, &state.version)),
    }
}

/// The Content-Type for a file name, by extension; unknown ones are plain bytes.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => JS,
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn shared_with(files: &[(&str, &str)]) -> Shared {
        let rendered = files
            .iter()
            .map(|(p, b)| OutputFile {
                path: PathBuf::from(p),
                bytes: Arc::new(b.as_bytes().to_vec()),
            })
            .collect();
        Shared::new(State {
            version: "t-1".into(),
            site: Some(Arc::new(Snapshot::new(rendered, vec![]))),
            ..State::default()
        })
    }

    fn get(shared: &Shared, path: &str) -> Response {
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (path, None),
        };
        let req = Request {
            method: "GET".into(),
            path: path.into(),
            query,
            keep_alive: true,
            has_body: false,
            host: Some("127.0.0.1:1111".into()),
        };
        match route(
            &req,
            shared,
            Policy {
                loopback_only: true,
            },
        ) {
            Reply::Full(r) => r,
            Reply::EventStream => panic!("event stream"),
        }
    }

    #[test]
    fn folders_and_redirects() {
        let s = shared_with(&[("index.html", "<body>home</body>"), ("a/index.html", "a")]);
        let r = get(&s, "/");
        assert_eq!(r.status, 200);
        assert!(String::from_utf8(r.body).unwrap().contains("home"));
        let r = get(&s, "/a?x=1");
        assert_eq!((r.status, r.location.as_deref()), (301, Some("/a/?x=1")));
        assert_eq!(get(&s, "/a/").status, 200);
        assert_eq!(get(&s, "/a/index.html").status, 200);
        assert_eq!(get(&s, "/b").status, 404);
        assert_eq!(get(&s, "/../a/index.html").status, 400);
    }

    #[test]
    fn the_sites_own_404_page_is_used() {
        let s = shared_with(&[("404.html", "<body>ours</body>")]);
        let r = get(&s, "/missing");
        assert_eq!(r.status, 404);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("ours") && body.contains(live::BEGIN));
        let r = get(&shared_with(&[]), "/missing");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8(r.body).unwrap().contains("Not found"));
    }

    #[test]
    fn only_html_gets_the_script() {
        let s = shared_with(&[("a.css", "</body>"), ("b.html", "</body>")]);
        assert_eq!(get(&s, "/a.css").body, b"</body>");
        assert_ne!(get(&s, "/b.html").body, b"</body>");
    }

    #[test]
    fn loopback_names_only() {
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::1]",
            "Docs.LocalHost:80",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "[::2]:1",
            "10.0.0.1",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        for (name, ct) in [
            ("a.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("x.JS", "text/javascript; charset=utf-8"),
            ("feed.xml", "application/xml"),
            ("logo.svg", "image/svg+xml"),
            ("p.webp", "image/webp"),
            ("f.woff2", "font/woff2"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), ct, "{name}");
        }
    }
}
