//! `dossier serve` run as the real binary on temporary copies of the fixture site, bound
//! to 127.0.0.1 on a free port (`--port 0`), spoken to over raw TCP.
//!
//! The central test, `random_edits_never_leave_a_stale_page`, applies a seeded random
//! sequence of edits, additions, deletions and renames (content, templates, static,
//! config), waits for the server to settle after each, and compares every served file
//! byte for byte with a fresh `dossier build` of the same tree (HTML after removing the
//! one injected `<!--dossier-serve-->…<!--/dossier-serve-->` insertion), or with the last
//! good build while the tree does not build. Set DOSSIER_SERVE_SEED to replay a run.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::http::{parse_reply, Reply};
use common::{copy_dir, dossier, fixtures, repo, snapshot, Rng, Site};

const BEGIN: &str = "<!--dossier-serve-->";
const END: &str = "<!--/dossier-serve-->";

// ---------------------------------------------------------------------------------------
// A running server and a tiny HTTP client.

struct Server {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Server {
    fn start(root: &Path) -> Server {
        let log = root.with_file_name(format!(
            "serve-{}.log",
            root.file_name().unwrap().to_string_lossy()
        ));
        let mut child = dossier()
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&log).unwrap())
            .spawn();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server prints its URL");
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, addr, log }
    }

    fn raw(&self, request: &[u8]) -> Reply {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(request).unwrap();
        let mut bytes = vec![];
        s.read_to_end(&mut bytes).unwrap();
        parse_reply(&bytes)
    }

    fn request(&self, method: &str, path: &str) -> Reply {
        self.raw(
            format!(
                "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        )
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }

    fn status(&self) -> Value {
        serde_json::from_slice(&self.get("/__dossier/status").body).unwrap()
    }

    /// Waits until a build newer than `builds` has finished, nothing is pending, and no
    /// further build starts during a quiet period longer than the debounce.
    fn settle(&self, builds: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let s = self.status();
            if s["builds"].as_u64().unwrap() > builds && !s["pending"].as_bool().unwrap() {
                std::thread::sleep(Duration::from_millis(250));
                let again = self.status();
                if again["builds"] == s["builds"] && !again["pending"].as_bool().unwrap() {
                    return again;
                }
                continue;
            }
            assert!(
                Instant::now() < deadline,
                "no rebuild after a change; server log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Opens the event stream; events arrive on the channel as (name, data).
    fn events(&self) -> mpsc::Receiver<(String, Value)> {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET /__dossier/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { return };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    let data = serde_json::from_str(d).unwrap();
                    if tx.send((name.clone(), data)).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Removes the one live-reload insertion from a served HTML page.
fn strip_injection(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(page.to_vec()).expect("served HTML is UTF-8");
    assert_eq!(text.matches(BEGIN).count(), 1, "one insertion: {text}");
    assert_eq!(text.matches(END).count(), 1, "one insertion end");
    let start = text.find(BEGIN).unwrap();
    let end = text.find(END).unwrap() + END.len();
    assert!(start < end);
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// `dossier build` of `root` into `out`: every file but the marker, or the stderr.
fn build(root: &Path, out: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let run = common::build(root, out, &[]);
    if run.code != 0 {
        return Err(run.stderr);
    }
    let mut files = snapshot(out);
    // The marker and the list of published URLs are a build's own bookkeeping.
    files
        .retain(|key, _| !key.ends_with('/') && key != ".dossier-output" && key != ".dossier-urls");
    Ok(files)
}

/// Percent-encodes a site path for a request line.
fn url_path(key: &str) -> String {
    let mut out = String::from("/");
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Asserts the server serves exactly `expected`, and 404 for each of `gone`.
fn assert_serves(
    server: &Server,
    expected: &BTreeMap<String, Vec<u8>>,
    gone: &BTreeSet<String>,
    context: &str,
) {
    for (key, bytes) in expected {
        let r = server.get(&url_path(key));
        assert_eq!(r.status, 200, "{key} not served\n{context}");
        let body = if key.ends_with(".html") {
            strip_injection(&r.body)
        } else {
            r.body
        };
        assert!(
            body == *bytes,
            "{key} differs from `dossier build`\n--- served ---\n{}\n--- built ---\n{}\n{context}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(bytes)
        );
    }
    for key in gone.iter().filter(|k| !expected.contains_key(*k)) {
        let r = server.get(&url_path(key));
        assert_eq!(r.status, 404, "{key} should be gone (stale)\n{context}");
    }
}

// ---------------------------------------------------------------------------------------
// Random edits.

fn files_under(root: &Path, dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root.join(dir))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// Applies one random change to the site; returns what it did, or `None` when the
/// change it drew does not apply (e.g. nothing added yet to delete).
fn random_step(rng: &mut Rng, root: &Path, step: usize) -> Option<String> {
    let fixture = fixtures().join("valid");
    let content_docs: Vec<PathBuf> = ["background", "timeline", "glossary"]
        .iter()
        .flat_map(|d| files_under(root, &format!("content/{d}")))
        .collect();
    let added: Vec<PathBuf> = content_docs
        .iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("step-")
        })
        .cloned()
        .collect();
    let rel = |p: &Path| p.strip_prefix(root).unwrap().display().to_string();
    let done: String = match rng.below(17) {
        16 => {
            // The explainer's frontmatter: background pages state its authors and date.
            let f = root.join("content/index.md");
            let text = fs::read_to_string(&f).unwrap();
            let (key, value) = if rng.below(2) == 0 {
                ("authors = ", format!("authors = [\"Writer {step}\"]"))
            } else {
                (
                    "published = ",
                    format!("published = 2024-01-{}", 10 + rng.below(18)),
                )
            };
            let text: String = text
                .lines()
                .map(|l| {
                    if l.starts_with(key) {
                        format!("{value}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            fs::write(&f, text).unwrap();
            format!("set `{value}` in content/index.md")
        }
        14 => {
            // A heading changes the anchors that `@/…#fragment` links are checked against.
            let pages = files_under(root, "content/background");
            let f = rng.pick(&pages)?;
            let mut text = fs::read_to_string(f).unwrap();
            text.push_str(&format!("\n## Heading of step {step}\n\nText.\n"));
            fs::write(f, text).unwrap();
            format!("add a heading to {}", rel(f))
        }
        15 => {
            // Every page that cites S2 lists its title.
            let f = root.join("content/sources.toml");
            let text = fs::read_to_string(&f).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let i = lines.iter().position(|l| l.starts_with("id = \"S2\""))?;
            lines[i + 1] = format!("title = \"Council minutes, as of step {step}\"");
            fs::write(&f, lines.join("\n") + "\n").unwrap();
            "retitle source S2 in content/sources.toml".into()
        }
        0 | 1 => {
            // Edit a body; may mention a term added earlier, which must then be linked.
            let all: Vec<PathBuf> = content_docs
                .iter()
                .cloned()
                .chain([root.join("content/index.md")])
                .collect();
            let f = rng.pick(&all).unwrap();
            let mut text = fs::read_to_string(f).unwrap();
            text.push_str(&format!(
                "\nStep {step} adds a sentence about Wharf{}.\n",
                rng.below(8)
            ));
            fs::write(f, text).unwrap();
            format!("edit body of {}", rel(f))
        }
        2 => {
            let pages = files_under(root, "content/background");
            let f = rng.pick(&pages)?;
            let text = fs::read_to_string(f).unwrap();
            let text: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("title = ") {
                        format!("title = \"Retitled at step {step}\"\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            fs::write(f, text).unwrap();
            format!("retitle {}", rel(f))
        }
        3 => {
            let f = root.join(format!("content/background/step-{step}.md"));
            fs::write(
                &f,
                format!("+++\ntitle = \"Added at step {step}\"\nsummary = \"A page added by the test.\"\nweight = {}\n+++\nIt links to [the explainer](@/index.md) and mentions the Port Tribunal.\n\n## Section {step}\n\nMore text.\n", rng.below(30)),
            )
            .unwrap();
            format!("add {}", rel(&f))
        }
        4 => {
            let f = root.join(format!("content/timeline/step-{step}.md"));
            fs::write(
                &f,
                format!("+++\ntitle = \"Event of step {step}\"\ndate = 2023-0{}-1{}\n+++\nSomething happened at the harbour.\n", 1 + rng.below(9), rng.below(10)),
            )
            .unwrap();
            format!("add {}", rel(&f))
        }
        5 => {
            let n = rng.below(8);
            let f = root.join(format!("content/glossary/step-{step}.md"));
            let exists = files_under(root, "content/glossary").iter().any(|p| {
                fs::read_to_string(p)
                    .unwrap()
                    .contains(&format!("term = \"Wharf{n}\""))
            });
            if exists {
                return None;
            }
            fs::write(
                &f,
                format!("+++\nterm = \"Wharf{n}\"\nkind = \"place\"\nshort = \"Wharf number {n}.\"\n+++\nA wharf of the harbour.\n"),
            )
            .unwrap();
            format!("add {} (Wharf{n})", rel(&f))
        }
        6 => {
            let f = rng.pick(&added)?;
            fs::remove_file(f).unwrap();
            format!("delete {}", rel(f))
        }
        7 => {
            let f = rng.pick(&added)?;
            let to = f.with_file_name(format!("step-{step}-renamed.md"));
            fs::rename(f, &to).unwrap();
            format!("rename {} -> {}", rel(f), rel(&to))
        }
        8 => {
            // Delete an original document: pages that refer to it break until restored.
            let originals: Vec<PathBuf> = content_docs
                .iter()
                .filter(|p| !added.contains(p))
                .cloned()
                .collect();
            match rng.pick(&originals) {
                Some(f) if rng.below(2) == 0 => {
                    fs::remove_file(f).unwrap();
                    format!("delete original {}", rel(f))
                }
                _ => {
                    copy_dir(&fixture.join("content"), &root.join("content"));
                    "restore the original content".into()
                }
            }
        }
        9 => {
            // Break a frontmatter key of an original file, or repair them all.
            let originals: Vec<PathBuf> = content_docs
                .iter()
                .filter(|p| !added.contains(p))
                .cloned()
                .collect();
            let f = rng.pick(&originals).cloned()?;
            if rng.below(2) == 0 {
                let text = fs::read_to_string(&f).unwrap();
                fs::write(
                    &f,
                    text.replacen("\ntitle = ", "\ntitel = ", 1).replacen(
                        "\nterm = ",
                        "\nterme = ",
                        1,
                    ),
                )
                .unwrap();
                format!("break the frontmatter of {}", rel(&f))
            } else {
                copy_dir(&fixture.join("content"), &root.join("content"));
                "restore the original content".into()
            }
        }
        10 => {
            let base = fs::read_to_string(repo().join("templates/base.html")).unwrap();
            let f = root.join("templates/base.html");
            fs::create_dir_all(f.parent().unwrap()).unwrap();
            match rng.below(4) {
                0 => {
                    fs::remove_file(&f).ok()?;
                    "remove templates/base.html".into()
                }
                1 => {
                    fs::write(&f, format!("{base}{{% if %}}\n")).unwrap();
                    "break templates/base.html".into()
                }
                _ => {
                    fs::write(
                        &f,
                        base.replace("<main", &format!("<!-- step {step} --><main")),
                    )
                    .unwrap();
                    "override templates/base.html".into()
                }
            }
        }
        11 => {
            let f = root.join("templates/style.css");
            fs::create_dir_all(f.parent().unwrap()).unwrap();
            if rng.below(3) == 0 {
                fs::remove_file(&f).ok()?;
                "remove templates/style.css".into()
            } else {
                fs::write(&f, format!("body {{ margin: {step}px; }}\n")).unwrap();
                "override templates/style.css".into()
            }
        }
        12 => {
            let statics = files_under(root, "static");
            match rng.below(5) {
                0 => {
                    let f = root.join(format!("static/s{step}/note-{step}.txt"));
                    fs::create_dir_all(f.parent().unwrap()).unwrap();
                    fs::write(&f, format!("note {step}\n")).unwrap();
                    format!("add {}", rel(&f))
                }
                1 => match rng.pick(&statics) {
                    Some(f) => {
                        fs::remove_file(f).unwrap();
                        format!("delete {}", rel(f))
                    }
                    None => return None,
                },
                2 => match rng.pick(&statics) {
                    Some(f) => {
                        let to = f.with_file_name(format!("renamed-{step}.txt"));
                        fs::rename(f, &to).unwrap();
                        format!("rename {} -> {}", rel(f), rel(&to))
                    }
                    None => return None,
                },
                _ => {
                    let f = root.join("static/robots.txt");
                    fs::create_dir_all(f.parent().unwrap()).unwrap();
                    // Write to a temporary file and rename it over: how many editors save.
                    let tmp = root.join("static/.robots.txt.tmp");
                    fs::write(&tmp, format!("User-agent: *\nDisallow: /step-{step}/\n")).unwrap();
                    fs::rename(&tmp, &f).unwrap();
                    "rewrite static/robots.txt by rename".into()
                }
            }
        }
        _ => {
            let config = fs::read_to_string(fixture.join("dossier.toml")).unwrap();
            let f = root.join("dossier.toml");
            match rng.below(5) {
                0 => {
                    fs::write(&f, config.replace("description = ", "descripton = ")).unwrap();
                    "break dossier.toml".into()
                }
                4 => {
                    fs::write(
                        &f,
                        config.replace("name = \"", &format!("name = \"Desk {step}, ")),
                    )
                    .unwrap();
                    "rename the publisher in dossier.toml".into()
                }
                1 => {
                    fs::write(&f, &config).unwrap();
                    "restore dossier.toml".into()
                }
                _ => {
                    fs::write(
                        &f,
                        config.replace("title = \"", &format!("title = \"Step {step}: ")),
                    )
                    .unwrap();
                    "retitle the site in dossier.toml".into()
                }
            }
        }
    };
    Some(done)
}

/// Undoes every breaking change `random_step` makes (added files are left alone).
fn repair(root: &Path) -> String {
    let fixture = fixtures().join("valid");
    copy_dir(&fixture.join("content"), &root.join("content"));
    fs::copy(fixture.join("dossier.toml"), root.join("dossier.toml")).unwrap();
    let _ = fs::remove_file(root.join("templates/base.html"));
    "repair: restore content, dossier.toml, templates/base.html".into()
}

#[test]
fn random_edits_never_leave_a_stale_page() {
    let seed: u64 = std::env::var("DOSSIER_SERVE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_D055_1E55);
    let steps: usize = std::env::var("DOSSIER_SERVE_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let site = Site::fixture("valid");
    let root = &site.root;
    let out = site.tmp().join("built");
    let server = Server::start(root);
    let mut rng = Rng::new(seed | 1);
    let mut history = vec![format!("seed {seed} (DOSSIER_SERVE_SEED to replay)")];
    eprintln!("{}", history[0]);

    let mut last_good = build(root, &out).expect("the fixture builds");
    let mut ever: BTreeSet<String> = last_good.keys().cloned().collect();
    let status = server.status();
    assert_eq!(status["ok"], true);
    assert_serves(&server, &last_good, &ever, "initial build");

    for step in 1..=steps {
        let before = server.status()["builds"].as_u64().unwrap();
        // While the tree does not build, repair it half of the time, so that most steps
        // start from a site that builds.
        let broken = server.status()["ok"] == false;
        let done = loop {
            if broken && rng.below(2) == 0 {
                break repair(root);
            }
            if let Some(done) = random_step(&mut rng, root, step) {
                break done;
            }
        };
        eprintln!("{step}: {done}");
        history.push(format!("{step}: {done}"));
        let status = server.settle(before);
        let context = format!("{}\nserver log:\n{}", history.join("\n"), server.log());
        match build(root, &out) {
            Ok(files) => {
                assert_eq!(
                    status["ok"], true,
                    "build succeeds but serve failed\n{context}"
                );
                last_good = files;
            }
            Err(stderr) => {
                assert_eq!(
                    status["ok"], false,
                    "build fails but serve did not\n{stderr}\n{context}"
                );
                // The overlay carries what the terminal shows.
                for d in status["diagnostics"].as_array().unwrap() {
                    assert!(stderr.contains(d.as_str().unwrap()), "{d} not in\n{stderr}");
                }
            }
        }
        assert_eq!(
            status["files"].as_u64().unwrap() as usize,
            last_good.len(),
            "{context}"
        );
        ever.extend(last_good.keys().cloned());
        assert_serves(&server, &last_good, &ever, &context);
    }
    assert!(
        !root.join("public").exists(),
        "serve must never write public/"
    );
}

/// A page whose own file is unchanged must still follow what it refers to: a new
/// glossary term it mentions, a heading that a `#fragment` link of it names. Rebuilds
/// reuse unchanged pages, so this pins down that the reuse looks at those too.
#[test]
fn unchanged_pages_follow_what_they_refer_to() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let out = site.tmp().join("built");
    let server = Server::start(root);
    let step = |what: &dyn Fn()| {
        let before = server.status()["builds"].as_u64().unwrap();
        what();
        let status = server.settle(before);
        let built = build(root, &out);
        assert_eq!(status["ok"], built.is_ok(), "{built:?}\n{}", server.log());
        if let Ok(files) = built {
            assert_serves(&server, &files, &BTreeSet::new(), &server.log());
        }
    };
    let who = root.join("content/background/who-is-who.md");
    let original = fs::read_to_string(&who).unwrap();
    step(&|| {
        fs::write(
            &who,
            format!("{original}\nThe Quay9 is where the ferries dock.\n"),
        )
        .unwrap()
    });
    // The term appears: who-is-who, untouched, must now link it.
    step(&|| {
        fs::write(
            root.join("content/glossary/quay9.md"),
            "+++\nterm = \"Quay9\"\nkind = \"place\"\nshort = \"The ferry quay.\"\n+++\nA quay.\n",
        )
        .unwrap()
    });
    let page = String::from_utf8(server.get("/background/who-is-who/index.html").body).unwrap();
    assert!(page.contains("glossary/index.html#quay9"), "{page}");
    // A link to a heading that does not exist yet fails the build...
    let linking = root.join("content/background/linking.md");
    step(&|| {
        fs::write(
            &linking,
            "+++\ntitle = \"Linking\"\nsummary = \"Links ahead.\"\n+++\nSee [the ferries](@/background/who-is-who.md#ferries).\n",
        )
        .unwrap()
    });
    assert_eq!(server.status()["ok"], false);
    // ...until the heading is written in the other file; linking.md itself is unchanged.
    step(&|| {
        fs::write(
            &who,
            format!("{original}\n## Ferries\n\nThey dock at Quay9.\n"),
        )
        .unwrap()
    });
    assert_eq!(server.status()["ok"], true, "{}", server.log());
    // The term goes: the link must go too.
    step(&|| fs::remove_file(root.join("content/glossary/quay9.md")).unwrap());
    let page = String::from_utf8(server.get("/background/who-is-who/index.html").body).unwrap();
    assert!(!page.contains("#quay9"), "{page}");
    // The explainer's authors change: every background page states them (JSON-LD).
    let index = root.join("content/index.md");
    let text = fs::read_to_string(&index).unwrap();
    step(&|| {
        fs::write(
            &index,
            text.replace(
                "authors = [\"Test Writer\"]",
                "authors = [\"Other Writer\"]",
            ),
        )
        .unwrap()
    });
    // The publisher changes in dossier.toml.
    let config = root.join("dossier.toml");
    let text = fs::read_to_string(&config).unwrap();
    step(&|| {
        fs::write(
            &config,
            text.replace("name = \"Test Desk\"", "name = \"Other Desk\""),
        )
        .unwrap()
    });
}

// ---------------------------------------------------------------------------------------
// Errors in the browser.

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_reports_like_the_terminal() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    let events = server.events();
    let hello = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(hello.0, "hello");
    let good = server.get("/background/who-is-who/index.html").body;

    let file = root.join("content/background/who-is-who.md");
    let text = fs::read_to_string(&file).unwrap();
    let before = server.status()["builds"].as_u64().unwrap();
    fs::write(&file, text.replace("\ntitle = ", "\ntitel = ")).unwrap();
    server.settle(before);
    let (name, data) = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(name, "failed");
    let shown = data["diagnostics"].as_array().unwrap();
    let terminal = common::check(root, &[]).stderr;
    assert_eq!(shown.len(), 1);
    let shown = shown[0].as_str().unwrap();
    assert!(
        shown.contains("content/background/who-is-who.md:2:1"),
        "{shown}"
    );
    assert!(shown.contains("did you mean `title`?"), "{shown}");
    assert!(terminal.contains(shown), "{terminal}");
    assert_eq!(server.get("/background/who-is-who/index.html").body, good);

    // Fixing the file clears the overlay; the site is as before, so nothing reloads.
    let before = server.status()["builds"].as_u64().unwrap();
    fs::write(&file, &text).unwrap();
    assert_eq!(server.settle(before)["ok"], true);
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(name, "ok");

    // A real change reloads.
    let before = server.status()["builds"].as_u64().unwrap();
    fs::write(&file, format!("{text}\nOne more line.\n")).unwrap();
    server.settle(before);
    let (name, data) = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(name, "reload");
    assert_ne!(data["version"], hello.1["version"]);
}

// See: render/template_limits.rs. A template nested 2,000 deep killed the server (stack
// overflow), and nested `range` loops kept it rebuilding forever, so fixes never
// appeared. Now each is a failed build: the last good site stays, and the fix is picked
// up. Issue 21, point 4.
#[test]
fn a_template_that_would_crash_or_never_end_keeps_the_last_good_site() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    let events = server.events();
    assert_eq!(
        events.recv_timeout(Duration::from_secs(30)).unwrap().0,
        "hello"
    );
    let good = server.get("/index.html").body;
    let template = root.join("templates/explainer.html");
    fs::create_dir_all(template.parent().unwrap()).unwrap();
    for bad in [
        format!(
            "{}x{}",
            "{% if true %}".repeat(2_000),
            "{% endif %}".repeat(2_000)
        ),
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}"
            .to_string(),
    ] {
        let before = server.status()["builds"].as_u64().unwrap();
        fs::write(&template, bad).unwrap();
        server.settle(before);
        let (name, _) = events.recv_timeout(Duration::from_secs(30)).unwrap();
        assert_eq!(name, "failed");
        assert_eq!(server.get("/index.html").body, good);
    }
    let before = server.status()["builds"].as_u64().unwrap();
    fs::remove_file(&template).unwrap();
    assert_eq!(server.settle(before)["ok"], true);
    assert_eq!(server.get("/index.html").body, good);
}

// See: serve/connections.rs. 256 connections trickling a byte a second made every
// other request get 503 for as long as they lasted. Now a request head must arrive
// within 5 s, and when every slot is taken the slowest is closed to make room. Issue
// 21, point 5.
#[test]
fn a_slow_connection_flood_never_keeps_a_page_from_a_browser() {
    let site = Site::fixture("valid");
    let server = Server::start(&site.root);
    let events = server.events();
    assert_eq!(
        events.recv_timeout(Duration::from_secs(30)).unwrap().0,
        "hello"
    );
    let mut slow: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(&server.addr).ok())
        .collect();
    for s in &mut slow {
        let _ = s.write_all(b"G");
    }
    std::thread::sleep(Duration::from_millis(800));
    for s in &mut slow {
        let _ = s.write_all(b"E");
    }
    // A browser tab gets its page at once, over and over, while the flood lasts.
    for _ in 0..5 {
        let started = Instant::now();
        let reply = server.get("/index.html");
        assert_eq!(reply.status, 200);
        assert!(started.elapsed() < Duration::from_secs(3));
    }
    // A trickling connection is closed once its head is late, however it trickles.
    let mut last = slow.pop().unwrap();
    last.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 64];
    loop {
        let _ = last.write_all(b"T");
        match last.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => continue,
        }
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn the_overlay_is_an_accessible_dismissible_alert() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    let page = String::from_utf8(server.get("/").body).unwrap();
    assert!(page.contains(&format!("{BEGIN}<script src=\"/__dossier/live.js\"")));
    let js = server.get("/__dossier/live.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let js = String::from_utf8(js.body).unwrap();
    for needle in [
        "\"alertdialog\"",
        "aria-labelledby",
        "Dismiss",
        "Escape",
        "textContent",
    ] {
        assert!(js.contains(needle), "live.js lacks {needle}");
    }
    assert!(
        !js.contains("innerHTML"),
        "diagnostics must be inserted as text"
    );
}

#[test]
fn a_site_that_does_not_build_yet_is_served_as_its_errors() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let config = root.join("dossier.toml");
    let good = fs::read_to_string(&config).unwrap();
    fs::write(&config, good.replace("title = ", "titl = ")).unwrap();
    let server = Server::start(root);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    let body = String::from_utf8(r.body).unwrap();
    assert!(body.contains("dossier.toml:1:1"), "{body}");
    assert!(body.contains(BEGIN));
    let before = server.status()["builds"].as_u64().unwrap();
    fs::write(&config, good).unwrap();
    assert_eq!(server.settle(before)["ok"], true);
    assert_eq!(server.get("/").status, 200);
}

// ---------------------------------------------------------------------------------------
// HTTP.

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let files = build(root, &site.tmp().join("out")).unwrap();
    for (key, bytes) in files {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("dossier-serve"),
            "{key} has the serve script"
        );
    }
}

#[test]
fn refuses_path_traversal() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let secret = "SECRET-OUTSIDE-STATIC";
    fs::write(root.join("secret.txt"), secret).unwrap();
    let outside = site.tmp().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("outside.txt"), secret).unwrap();
    #[cfg(unix)]
    {
        // Links out of static/: `build` copies what they point to; `serve` must not.
        std::os::unix::fs::symlink(root.join("secret.txt"), root.join("static/link.txt")).unwrap();
        // (A link leading out of the site folder, e.g. static/linkdir → ../outside, is a
        // build error: see tests/fs_faults.rs.)
    }
    let server = Server::start(root);
    for path in [
        "/../secret.txt",
        "/../../outside/outside.txt",
        "/img/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/outside.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/img%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/robots.txt%00.html",
        "/link.txt",
        "/linkdir/outside.txt",
        "/secret.txt",
        "/dossier.toml",
        "/content/index.md",
        "http://x/../secret.txt",
        "../secret.txt",
    ] {
        let r = server.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        );
        assert!(matches!(r.status, 400 | 404), "{path}: {}", r.status);
        let body = String::from_utf8_lossy(&r.body);
        assert!(
            // `root:x:` is /etc/passwd's first line (`:root:` alone is in the 404 page's CSS).
            !body.contains(secret) && !body.contains("root:x:"),
            "{path} leaked: {body}"
        );
    }
    // Inside static/, everything is served as usual.
    assert_eq!(server.get("/robots.txt").status, 200);
}

/// Bound to 127.0.0.1, the server answers only requests addressed to a loopback name, so
/// a web page cannot read the preview by pointing its own domain at 127.0.0.1.
#[test]
fn answers_only_to_loopback_names() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    let port = server.addr.rsplit_once(':').unwrap().1;
    for (host, status) in [
        (format!("localhost:{port}"), 200),
        (format!("127.0.0.1:{port}"), 200),
        (format!("evil.example:{port}"), 403),
        (format!("127.0.0.1.nip.io:{port}"), 403),
    ] {
        let r = server
            .raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert_eq!(r.status, status, "{host}");
    }
}

#[test]
fn head_gives_the_headers_of_get_without_a_body() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    for path in ["/", "/style.css", "/robots.txt", "/no-such-page"] {
        let get = server.get(path);
        let head = server.request("HEAD", path);
        assert_eq!(head.status, get.status, "{path}");
        assert!(head.body.is_empty(), "{path}");
        assert_eq!(
            head.header("content-length").unwrap(),
            get.body.len().to_string()
        );
        assert_eq!(head.header("content-type"), get.header("content-type"));
    }
    let post = server.request("POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn content_types_follow_the_extension() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let types = [
        ("a.css", "text/css; charset=utf-8"),
        ("b.js", "text/javascript; charset=utf-8"),
        ("c.json", "application/json"),
        ("d.xml", "application/xml"),
        ("e.svg", "image/svg+xml"),
        ("f.png", "image/png"),
        ("g.jpg", "image/jpeg"),
        ("h.webp", "image/webp"),
        ("i.woff2", "font/woff2"),
        ("j.txt", "text/plain; charset=utf-8"),
        ("k.html", "text/html; charset=utf-8"),
        ("l.bin", "application/octet-stream"),
    ];
    for (name, _) in types {
        fs::write(root.join("static").join(name), b"x").unwrap();
    }
    let server = Server::start(root);
    for (name, ct) in types {
        let r = server.get(&format!("/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.header("content-type"), Some(ct), "{name}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{name}");
    }
    let home = String::from_utf8(server.get("/").body).unwrap();
    // The assets' names carry a hash of their content (issue 19): take them from the page.
    let linked = |name: &str| {
        let attr = format!("=\"{name}");
        let start = home
            .find(&attr)
            .unwrap_or_else(|| panic!("{attr} in {home}"))
            + 2;
        let end = home[start..].find('"').unwrap() + start;
        format!("/{}", &home[start..end])
    };
    for (path, ct) in [
        ("/".to_string(), "text/html; charset=utf-8"),
        (linked("style."), "text/css; charset=utf-8"),
        (linked("dossier."), "text/javascript; charset=utf-8"),
        // A figure's variant, encoded when first asked for.
        ("/img/logo-120.png".to_string(), "image/png"),
        ("/img/logo-120.webp".to_string(), "image/webp"),
    ] {
        assert_eq!(server.get(&path).header("content-type"), Some(ct), "{path}");
    }
}

#[test]
fn missing_paths_get_404_and_folders_their_index() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    let r = server.get("/no/such/page.html");
    assert_eq!(r.status, 404);
    // The site's own 404.html (Dossier generates one) is the body.
    assert!(String::from_utf8_lossy(&r.body).contains("Page not found"));

    let r = server.get("/background?x=1");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/background/?x=1"));
    let dir = server.get("/background/");
    assert_eq!(dir.status, 200);
    assert_eq!(dir.body, server.get("/background/index.html").body);

    // A site with its own 404 page (a template override) gets it, with status 404.
    let before = server.status()["builds"].as_u64().unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/404.html"),
        "<!DOCTYPE html><body><h1>Our own 404</h1></body>",
    )
    .unwrap();
    server.settle(before);
    let r = server.get("/no/such/page.html");
    assert_eq!(r.status, 404);
    assert_eq!(
        strip_injection(&r.body),
        b"<!DOCTYPE html><body><h1>Our own 404</h1></body>"
    );
}

// ---------------------------------------------------------------------------------------
// Process.

#[test]
fn a_port_in_use_names_a_free_one() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = dossier()
        .args(["serve", "--port", &port, "--root"])
        .arg(root)
        .run();
    o.assert_code(2);
    let err = o.stderr;
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    assert!(err.contains("is free: dossier serve --port "), "{err}");
}

#[test]
fn not_a_site_exits_2() {
    let o = Site::empty().run(["serve", "--port", "0"]);
    o.assert_code(2);
    assert!(o.stderr.contains("dossier.toml"), "{}", o.stderr);
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_cleanly() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let mut server = Server::start(root);
    assert_eq!(server.get("/").status, 200);
    let killed = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0), "{}", server.log());
            break;
        }
        assert!(Instant::now() < deadline, "still running after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------
// Real browser tabs.

/// Eight tabs reload by themselves after an edit (one event stream per browser, so
/// HTTP/1.1's six connections per host stall none), and show the overlay on a bad edit:
/// an accessible alert dialog (axe-core), dismissed by Escape, gone once fixed. Runs
/// `tests/browser/check-serve.cjs` in headless Chromium; like `tests/browser.rs`, it skips
/// with a note when the tools are missing, unless DOSSIER_BROWSER_TESTS=1.
#[test]
fn browser_tabs_reload_and_show_an_accessible_overlay() {
    let site = Site::fixture("valid");
    let root = &site.root;
    let server = Server::start(root);
    let required = std::env::var_os("DOSSIER_BROWSER_TESTS").is_some();
    let output = Command::new("node")
        .arg(repo().join("tests/browser/check-serve.cjs"))
        .arg(format!("http://{}/", server.addr))
        .arg(root)
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) if !required => {
            eprintln!("skipping browser check of serve: cannot run node ({e}); .ci/run installs the tools");
            return;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    match output.status.code() {
        Some(0) => eprintln!("{}", stdout.trim_end()),
        Some(2) if !required => {
            eprintln!("skipping browser check of serve: tools missing (run .ci/run --install-only)\n{stdout}")
        }
        _ => panic!(
            "browser check of serve failed:\n{stdout}\n{}\nserver log:\n{}",
            String::from_utf8_lossy(&output.stderr),
            server.log()
        ),
    }
}

// See: issue 16, point 9: every save reprinted the same warnings.
#[test]
fn serve_prints_warnings_only_when_they_change() {
    let site = Site::explainer("Body.\n");
    let event = "+++\ntitle = \"Talks\"\ndate = 2024-01-27\n+++\nThey talked.\n";
    site.write("content/timeline/talks.md", event);
    let server = Server::start(&site.root);
    let warning = "timeline event has no sources";
    let edit = |body: &str| {
        let before = server.status()["builds"].as_u64().unwrap();
        site.write(
            "content/index.md",
            format!("{}{body}", common::EXPLAINER_FRONT),
        );
        server.settle(before);
    };
    edit("Body, edited.\n");
    edit("Body, edited again.\n");
    let log = server.log();
    assert_eq!(log.matches(warning).count(), 1, "{log}");
    assert_eq!(
        log.matches("1 warning: unchanged, not repeated").count(),
        2,
        "{log}"
    );
    // A new warning prints the list again.
    let before = server.status()["builds"].as_u64().unwrap();
    site.write("content/timeline/more.md", event.replace("Talks", "More"));
    server.settle(before);
    assert_eq!(server.log().matches(warning).count(), 3, "{}", server.log());
}

/// A 600×300 PNG of one colour.
fn flat_png(rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(600, 300, image::Rgb(rgb));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// See: issue 22. Replacing a figure's photo by another of the same size changed no
/// page and no variant's path: serve said "no change", never reloaded, and kept
/// serving the old photo's variants.
#[test]
fn a_changed_photo_alone_reloads_and_serves_its_new_variants() {
    let site = Site::explainer("![A flat colour](img/flat.png)\n");
    site.write("static/img/flat.png.toml", "credit = \"Test Desk\"\n");
    site.write("static/img/flat.png", flat_png([200, 30, 30]));
    let server = Server::start(&site.root);
    let events = server.events();
    let hello = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(hello.0, "hello");
    let old = server.get("/img/flat-480.png").body;
    assert!(old.starts_with(b"\x89PNG"), "the variant is served");

    let before = server.status()["builds"].as_u64().unwrap();
    site.write("static/img/flat.png", flat_png([30, 30, 200]));
    server.settle(before);
    let (name, data) = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(name, "reload", "{}", server.log());
    assert_ne!(data["version"], hello.1["version"]);
    let new = server.get("/img/flat-480.png").body;
    assert!(new.starts_with(b"\x89PNG"));
    assert_ne!(new, old, "the new photo's variant");
}

/// An edition's copy of `static/` (`ar-IQ/img/…`) is served as `build` writes it, and
/// the server does not call those copies unreadable (issue 18).
#[test]
fn an_editions_copy_of_static_is_served_like_build_writes_it() {
    let site = Site::fixture("editions");
    site.write(
        "static/img/dot.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.write("static/notes.txt", "notes\n");
    let server = Server::start(&site.root);
    server.settle(0);
    let built = build(&site.root, &site.path("out")).unwrap();
    for key in ["ar-IQ/img/dot.svg", "ar-IQ/notes.txt", "img/dot.svg"] {
        assert!(built.contains_key(key), "build writes {key}");
    }
    assert_serves(&server, &built, &BTreeSet::new(), "editions fixture");
    assert!(!server.log().contains("is not served"), "{}", server.log());
}

/// `serve` tokenises the texts its memo keeps when it makes the search index; `build`
/// tokenises each background page as it is composed, and cuts a page's text as soon as
/// the site is past the full-text budget. Both make the same index, compact or full.
/// See: issue 20.
#[test]
fn serve_makes_the_search_index_build_makes_past_the_text_budget() {
    let site = Site::fixture("valid");
    // About 1.4 MB of text in 12 pages, each with words of its own: past the budget
    // after a few pages, whichever are composed first.
    for n in 0..12 {
        let mut body = String::new();
        for s in 0..8 {
            body.push_str(&format!("## Part {n} section {s}\n\n"));
            let line = format!("Dredging{n} keeps channel{s} open for ships{n}x{s}. ");
            for _ in 0..3 {
                body.push_str(&line.repeat(80));
                body.push_str("\n\n");
            }
        }
        site.write(
            &format!("content/background/big-{n}.md"),
            format!("+++\ntitle = \"Big {n}\"\nsummary = \"Long page {n}.\"\n+++\n{body}"),
        );
    }
    let server = Server::start(&site.root);
    server.settle(0);
    let built = build(&site.root, &site.path("out")).unwrap();
    let index = built
        .keys()
        .find(|k| k.starts_with("search-index."))
        .expect("an index is built");
    let text = String::from_utf8_lossy(&built[index]);
    assert!(text.contains(r#""mode":"compact""#), "{}", &text[..200]);
    assert_serves(&server, &built, &BTreeSet::new(), "a site past the budget");
}
