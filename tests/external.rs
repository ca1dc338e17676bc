//! `dossier check --external` against a small HTTP server this test starts on 127.0.0.1
//! (never any other address), and proof that `build` and a plain `check` never connect.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Site;

/// One request the server saw: method, path, and when.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    at: Instant,
}

/// A local server with a few canned answers:
/// `/ok` 200; `/missing` 404; `/no-head` 405 to HEAD and 200 to GET; `/busy` 429 with
/// `Retry-After: 1` the first time, then 200; `/slow` answers after 3 s; `/hold…`
/// answers after 300 ms.
struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// The most requests handled at once.
    max_busy: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(vec![]));
        let busy = Arc::new(AtomicUsize::new(0));
        let max_busy = Arc::new(AtomicUsize::new(0));
        let (s, b, m) = (seen.clone(), busy.clone(), max_busy.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, b, m) = (s.clone(), b.clone(), m.clone());
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let now = b.fetch_add(1, Ordering::SeqCst) + 1;
                    m.fetch_max(now, Ordering::SeqCst);
                    let response = answer(&mut stream, &s);
                    // Not busy any more before the client can see the answer and send
                    // its next request.
                    b.fetch_sub(1, Ordering::SeqCst);
                    if let Some(r) = response {
                        let _ = stream.write_all(r.as_bytes());
                    }
                });
            }
        });
        Server {
            port,
            seen,
            max_busy,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn requests(&self, path: &str) -> Vec<String> {
        self.seen()
            .into_iter()
            .filter(|s| s.path == path)
            .map(|s| s.method)
            .collect()
    }
}

/// Reads one request and returns the response to send.
fn answer(stream: &mut TcpStream, seen: &Mutex<Vec<Seen>>) -> Option<String> {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = vec![];
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let earlier = {
        let mut s = seen.lock().unwrap();
        let earlier = s.iter().filter(|r| r.path == path).count();
        s.push(Seen {
            method: method.clone(),
            path: path.clone(),
            at: Instant::now(),
        });
        earlier
    };
    let (status, extra) = match path.as_str() {
        "/ok" | "/source" => ("200 OK", ""),
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", ""),
        "/no-head" => ("200 OK", ""),
        "/busy" if earlier == 0 => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        "/busy" => ("200 OK", ""),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n"),
        "/to-ftp" => ("302 Found", "Location: ftp://files.example/report.pdf\r\n"),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "")
        }
        p if p.starts_with("/hold") => {
            std::thread::sleep(Duration::from_millis(300));
            ("200 OK", "")
        }
        _ => ("404 Not Found", ""),
    };
    Some(format!(
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n"
    ))
}

/// A site whose only external links point at the server.
fn site(server: &Server) -> Site {
    let body = format!(
        "- [fine]({ok})\n\
         - [gone]({missing})\n\
         - <a href=\"{no_head}\">no HEAD</a>\n\
         - [busy]({busy}) and [busy again]({busy})\n\
         - [slow]({slow})\n",
        ok = server.url("/ok"),
        missing = server.url("/missing"),
        no_head = server.url("/no-head"),
        busy = server.url("/busy"),
        slow = server.url("/slow"),
    );
    write_site(&body, &server.url("/source"))
}

/// A site in a fresh folder: the explainer's body after one citation, and the url of
/// its one source.
fn write_site(body: &str, source_url: &str) -> Site {
    let index = format!(
        "+++\ntitle = \"Links to the web\"\nsummary = \"Some work, some do not.\"\npublished = 2024-01-27\n+++\n\
         A cited claim [@S1].\n\n{body}"
    );
    let sources =
        format!("[[source]]\nid = \"S1\"\ntitle = \"A source\"\nurl = \"{source_url}\"\n");
    Site::inline(&[
        ("dossier.toml", "title = \"External links\"\n"),
        ("content/index.md", &index),
        ("content/sources.toml", &sources),
    ])
}

#[test]
fn external_links_are_checked_politely_and_cached() {
    let server = Server::start();
    let site = site(&server);

    let run = site.check(&["--external", "--timeout", "1"]);
    assert_eq!(
        run.code, 0,
        "broken external links are warnings\n{}",
        run.stderr
    );
    let err = &run.stderr;
    assert!(
        err.contains("external links: 6 checked (0 from cache): 4 ok, 2 broken\n"),
        "{err}"
    );
    let missing = server.url("/missing");
    assert!(
        err.contains(&format!(
            "warning: external link `{missing}` is broken: 404 Not Found\n --> content/index.md:9:10\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  {missing} — 404 Not Found\n      used in content/index.md:9:10\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  {} — no answer within 1 s\n",
            server.url("/slow")
        )),
        "{err}"
    );
    // HEAD refused: asked again with GET. 429: asked again after its Retry-After.
    assert_eq!(server.requests("/no-head"), ["HEAD", "GET"]);
    assert_eq!(server.requests("/busy"), ["HEAD", "HEAD"]);
    let busy: Vec<Instant> = server
        .seen()
        .iter()
        .filter(|s| s.path == "/busy")
        .map(|s| s.at)
        .collect();
    assert!(busy[1] - busy[0] >= Duration::from_millis(900));

    // The cache keeps the successes, not the failures.
    let cache = fs::read_to_string(site.file(".dossier-cache/external-links.json")).unwrap();
    assert!(cache.contains(&server.url("/ok")) && !cache.contains(&missing));

    // --strict fails on the broken ones; successes come from the cache, failures are
    // asked again.
    let run = site.check(&["--external", "--timeout", "1", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("external links: 6 checked (4 from cache): 4 ok, 2 broken\n"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests("/ok"), ["HEAD"]);
    assert_eq!(server.requests("/missing"), ["HEAD", "HEAD"]);
}

#[test]
fn at_most_two_requests_per_host_at_once() {
    // Two servers on 127.0.0.1 are two hosts (the port is part of the host).
    let (a, b) = (Server::start(), Server::start());
    let links: String = (1..=6)
        .flat_map(|n| [a.url(&format!("/hold/{n}")), b.url(&format!("/hold/{n}"))])
        .map(|u| format!("- <{u}>\n"))
        .collect();
    let site = write_site(&links, &a.url("/ok"));
    let started = Instant::now();
    let run = site.check(&["--external"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("external links: 13 checked (0 from cache): 13 ok, 0 broken"),
        "{}",
        run.stderr
    );
    assert_eq!(a.max_busy.load(Ordering::SeqCst), 2);
    assert_eq!(b.max_busy.load(Ordering::SeqCst), 2);
    // Six held requests per host, two at a time, both hosts at once: about 0.9 s, where
    // one at a time would take 3.6 s.
    assert!(started.elapsed() < Duration::from_millis(3000));
}

#[test]
fn build_and_plain_check_never_touch_the_network() {
    let server = Server::start();
    let site = site(&server);
    site.build("out", &[]).assert_code(0);
    site.check(&[]).assert_code(0);
    assert!(!site.file(".dossier-cache").exists());
    // Give a stray connection time to arrive before concluding there was none.
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.seen().is_empty(), "{:?}", server.seen());
    assert_eq!(server.max_busy.load(Ordering::SeqCst), 0);
}

#[test]
fn the_timeout_must_be_a_positive_number_of_seconds() {
    let server = Server::start();
    let site = site(&server);
    let run = site.check(&["--external", "--timeout", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.check(&["--timeout", "5"]);
    assert_eq!(run.code, 2, "--timeout needs --external\n{}", run.stderr);
    assert!(server.seen().is_empty());
}

// See: issue 16, point 9: offline, every link was reported broken, one by one.
#[test]
fn an_unreachable_network_is_said_once() {
    // Two closed ports on 127.0.0.1: two hosts that give no answer at all, like every
    // host when the network is down.
    let closed = |port: u16| {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let free = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{free}/{port}")
    };
    let links: String = (1..=5).map(|n| format!("- <{}>\n", closed(n))).collect();
    let site = write_site(&links, &closed(9));
    let run = site.check(&["--external", "--timeout", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0]
            .message
            .starts_with("the network is unreachable: none of 6 hosts answered"),
        "{}",
        warnings[0].message
    );
    assert!(!run.stderr.contains("is broken"), "{}", run.stderr);
    assert!(
        run.stderr.contains("external links: not checked"),
        "{}",
        run.stderr
    );
    site.check(&["--external", "--strict"]).assert_code(1);
}

// See: check/external/fetch.rs `redirect_target`. A redirect to `ftp://…` was followed
// as a path on the same host (and reported as that path's 404). Issue 21, point 13.
#[test]
fn a_redirect_to_a_non_web_address_is_reported_as_such() {
    let server = Server::start();
    let body = format!(
        "- [moved]({})\n- [to ftp]({})\n",
        server.url("/moved"),
        server.url("/to-ftp")
    );
    let site = write_site(&body, &server.url("/source"));
    let run = site.check(&["--external", "--timeout", "2"]);
    let err = &run.stderr;
    assert!(
        err.contains("external links: 3 checked (0 from cache): 2 ok, 1 broken\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "302 redirects to `ftp://files.example/report.pdf`, which is not a web address"
        ),
        "{err}"
    );
    assert_eq!(server.requests("/moved"), ["HEAD"]);
    assert_eq!(server.requests("/ok"), ["HEAD"]);
    assert!(server
        .seen()
        .iter()
        .all(|s| !s.path.contains("files.example")));
}
