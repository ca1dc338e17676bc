//! Edit-to-reload time of `dossier serve`: from writing a file to the reload message
//! arriving at a connected client. See benches/README.md.
//!
//!     cargo bench --bench serve -- [--site DIR] [--edits N] [--warmup N] [--kind body|heading]
//!     cargo bench --bench serve -- --hugo DIR [--full] [--edits N] [--warmup N]
//!     cargo bench --bench serve -- --zola DIR [--full] [--debounce MS] [--edits N] [--warmup N]
//!     cargo bench --bench serve -- --site DIR --with-hugo DIR --with-zola DIR [--debounce MS]
//!         (all three in one run, one after another, then Dossier/peer ratios)
//!
//! The site (default: this repository's flagship) is copied to a temporary folder and
//! served on 127.0.0.1; each edit appends a sentence to (or, with `--kind heading`, adds a
//! heading to) the middle page of `content/background/` (`content/posts/` for Hugo). The
//! client is an event-stream reader for Dossier and a livereload WebSocket for Hugo
//! (`hugo server`, in its default fast render mode unless `--full`) and Zola (`zola
//! serve`, from $ZOLA or PATH, a full rebuild as by default, with its default 1 s
//! debounce unless `--debounce MS`). Prints median, min and max, the server's CPU time
//! per edit, the load average, and its peak memory (VmHWM) on Linux.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(PartialEq)]
enum Tool {
    Dossier,
    Hugo,
    Zola,
}

struct Args {
    site: PathBuf,
    tool: Tool,
    full: bool,
    debounce: Option<String>,
    edits: usize,
    warmup: usize,
    heading: bool,
    /// Also run `hugo server` / `zola serve` on these forms of the same corpus, after
    /// Dossier, and print Dossier/peer ratios.
    with_hugo: Option<PathBuf>,
    with_zola: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        site: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        tool: Tool::Dossier,
        full: false,
        debounce: None,
        edits: 15,
        warmup: 3,
        heading: false,
        with_hugo: None,
        with_zola: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--site" => a.site = PathBuf::from(it.next().expect("--site DIR")),
            "--hugo" => {
                a.site = PathBuf::from(it.next().expect("--hugo DIR"));
                a.tool = Tool::Hugo;
            }
            "--zola" => {
                a.site = PathBuf::from(it.next().expect("--zola DIR"));
                a.tool = Tool::Zola;
            }
            "--debounce" => a.debounce = Some(it.next().expect("--debounce MS")),
            "--full" => a.full = true,
            "--edits" => a.edits = it.next().and_then(|n| n.parse().ok()).expect("--edits N"),
            "--warmup" => a.warmup = it.next().and_then(|n| n.parse().ok()).expect("--warmup N"),
            "--kind" => a.heading = it.next().as_deref() == Some("heading"),
            "--with-hugo" => a.with_hugo = Some(PathBuf::from(it.next().expect("--with-hugo DIR"))),
            "--with-zola" => a.with_zola = Some(PathBuf::from(it.next().expect("--with-zola DIR"))),
            // `cargo bench` passes --bench; ignore what is not ours.
            _ => {}
        }
    }
    a
}

fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).unwrap();
    for entry in walkdir::WalkDir::new(from)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() > 1 || !skip.iter().any(|s| e.file_name() == *s))
    {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    text.split_once("\r\n\r\n").unwrap().1.to_string()
}

/// What tells the bench that a reload was pushed.
enum Client {
    /// Dossier's event stream: waits for `event: reload`.
    Events(BufReader<TcpStream>),
    /// Hugo's livereload WebSocket: waits for a text frame with `"reload"`.
    WebSocket(TcpStream),
}

impl Client {
    fn events(addr: &str) -> Client {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        let mut c = Client::Events(BufReader::new(s));
        c.wait_line("event: hello");
        c
    }

    fn websocket(addr: &str) -> Client {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /livereload HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = vec![];
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        assert!(head.starts_with(b"HTTP/1.1 101"), "no WebSocket upgrade");
        // The livereload hello, as a masked text frame (a zero mask leaves it readable).
        let hello =
            br#"{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}"#;
        let mut frame = vec![0x81, 0x80 | hello.len() as u8, 0, 0, 0, 0];
        frame.extend_from_slice(hello);
        s.write_all(&frame).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        Client::WebSocket(s)
    }

    fn wait_line(&mut self, want: &str) {
        let Client::Events(r) = self else {
            unreachable!()
        };
        let mut line = String::new();
        loop {
            line.clear();
            assert!(r.read_line(&mut line).unwrap() > 0, "event stream closed");
            if line.trim_end() == want {
                return;
            }
        }
    }

    fn wait_reload(&mut self) {
        match self {
            Client::Events(_) => self.wait_line("event: reload"),
            Client::WebSocket(s) => loop {
                let mut h = [0u8; 2];
                s.read_exact(&mut h).unwrap();
                let len = match h[1] & 0x7f {
                    126 => {
                        let mut b = [0u8; 2];
                        s.read_exact(&mut b).unwrap();
                        u64::from(u16::from_be_bytes(b))
                    }
                    127 => {
                        let mut b = [0u8; 8];
                        s.read_exact(&mut b).unwrap();
                        u64::from_be_bytes(b)
                    }
                    n => u64::from(n),
                };
                let mut payload = vec![0u8; len as usize];
                s.read_exact(&mut payload).unwrap();
                if h[0] & 0x0f == 1 && String::from_utf8_lossy(&payload).contains("\"reload\"") {
                    return;
                }
            },
        }
    }
}

/// CPU time the server's threads have used so far (Linux; 0 elsewhere), in ms. Less
/// sensitive than wall time to other work on a shared machine.
fn cpu_ms(pid: u32) -> f64 {
    let Ok(tasks) = fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .filter_map(|t| fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e6
}

fn summary(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    format!(
        "median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        v[0],
        v[n - 1]
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Peak resident memory (`VmHWM`) in MB.
fn peak_mb(pid: u32) -> f64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn memory(pid: u32) -> String {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or("n/a".to_string(), |kb| {
                format!("{:.0} MB", kb as f64 / 1024.0)
            })
    };
    format!(
        "peak {} (VmHWM), now {} (VmRSS)",
        field("VmHWM:"),
        field("VmRSS:")
    )
}

/// Starts the server; returns it, its address and a connected client.
fn start(a: &Args, root: &Path) -> (Server, String, Client) {
    if a.tool == Tool::Dossier {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .expect("the server prints its URL")
            .trim_end_matches('/')
            .to_string();
        let client = Client::events(&addr);
        return (Server(child), addr, client);
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let mut cmd;
    if a.tool == Tool::Hugo {
        cmd = Command::new("hugo");
        // --buildFuture: the corpus's last pages are dated after today (see bench.py).
        cmd.args([
            "server",
            "--buildFuture",
            "--bind",
            "127.0.0.1",
            "--port",
            &port,
        ])
        .arg("--source")
        .arg(root);
        if a.full {
            cmd.arg("--disableFastRender");
        }
    } else {
        cmd = Command::new(std::env::var_os("ZOLA").unwrap_or_else(|| "zola".into()));
        cmd.arg("--root")
            .arg(root)
            .args(["serve", "--interface", "127.0.0.1", "--port", &port]);
        if let Some(ms) = &a.debounce {
            cmd.args(["--debounce", ms]);
        }
    }
    // Hugo reports on stdout, Zola on stderr.
    let (stdout, stderr) = if a.tool == Tool::Hugo {
        (Stdio::piped(), Stdio::null())
    } else {
        (Stdio::null(), Stdio::piped())
    };
    let mut child = cmd
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the tool on PATH");
    let out: Box<dyn Read + Send> = match child.stdout.take() {
        Some(o) => Box::new(o),
        None => Box::new(child.stderr.take().unwrap()),
    };
    let out = BufReader::new(out);
    let server = Server(child);
    let mut out_lines = out.lines();
    for line in out_lines.by_ref() {
        if line
            .unwrap()
            .to_lowercase()
            .contains("web server is available")
        {
            break;
        }
    }
    // Keep draining the output so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in out_lines {});
    let addr = format!("127.0.0.1:{port}");
    let client = Client::websocket(&addr);
    (server, addr, client)
}

/// Waits until the server has nothing left to do.
fn idle(a: &Args, addr: &str) {
    if a.tool == Tool::Dossier {
        loop {
            let status: serde_json::Value =
                serde_json::from_str(&get(addr, "/__dossier/status")).unwrap();
            if !status["pending"].as_bool().unwrap() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    // The other tools do not say when they are idle: give them a second.
    let rest = if a.tool == Tool::Dossier { 150 } else { 1000 };
    std::thread::sleep(Duration::from_millis(rest));
}

/// One tool's run: medians of edit-to-reload and server CPU per edit, peak memory.
struct Measured {
    reload_ms: f64,
    cpu_ms: f64,
    peak_mb: f64,
}

fn main() {
    let a = args();
    let dossier = measure(&a);
    let mut rows = vec![("dossier", dossier)];
    for (name, tool, dir) in [
        ("hugo", Tool::Hugo, a.with_hugo.clone()),
        ("zola", Tool::Zola, a.with_zola.clone()),
    ] {
        if let Some(site) = dir {
            println!();
            rows.push((
                name,
                measure(&Args {
                    site,
                    tool,
                    ..args()
                }),
            ));
        }
    }
    if rows.len() > 1 {
        println!("\nsame run, same edits (medians):");
        println!("tool     edit-to-reload   server CPU/edit   peak memory   Dossier/tool: reload  memory");
        let d = (rows[0].1.reload_ms, rows[0].1.peak_mb);
        for (name, m) in &rows {
            println!(
                "{name:<8} {:>11.1} ms {:>14.1} ms {:>10.0} MB {:>19.3} {:>7.3}",
                m.reload_ms,
                m.cpu_ms,
                m.peak_mb,
                d.0 / m.reload_ms,
                d.1 / m.peak_mb,
            );
        }
    }
}

fn measure(a: &Args) -> Measured {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    if a.tool != Tool::Dossier {
        copy_tree(&a.site, &root, &["public", "resources", ".git"]);
    } else {
        // Only what a Dossier site is made of (the repository holds much else).
        fs::create_dir_all(&root).unwrap();
        fs::copy(a.site.join("dossier.toml"), root.join("dossier.toml")).unwrap();
        for dir in ["content", "templates", "static"] {
            if a.site.join(dir).is_dir() {
                copy_tree(&a.site.join(dir), &root.join(dir), &[]);
            }
        }
    }
    let pages_dir = if a.tool != Tool::Dossier {
        "content/posts"
    } else {
        "content/background"
    };
    let mut pages: Vec<PathBuf> = fs::read_dir(root.join(pages_dir))
        .expect("the site has pages to edit")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    let target = pages[pages.len() / 2].clone();

    let started = Instant::now();
    let (server, addr, mut client) = start(a, &root);
    let pid = server.0.id();
    eprintln!(
        "{} serving {} after {} ms; editing {} ({})",
        match a.tool {
            Tool::Dossier => "dossier",
            Tool::Hugo => "hugo",
            Tool::Zola => "zola",
        },
        a.site.display(),
        started.elapsed().as_millis(),
        target.strip_prefix(&root).unwrap().display(),
        if a.heading {
            "adding a heading"
        } else {
            "appending a sentence"
        },
    );

    let original = fs::read_to_string(&target).unwrap();
    let mut times = vec![];
    let mut cpu = vec![];
    for i in 0..a.warmup + a.edits {
        let addition = if a.heading {
            format!("\n\n## Bench heading {i}\n\nText.\n")
        } else {
            format!("\n\nBench edit number {i} adds a sentence.\n")
        };
        let text = format!("{original}{addition}");
        let cpu0 = cpu_ms(pid);
        let t0 = Instant::now();
        fs::write(&target, text).unwrap();
        client.wait_reload();
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        if i >= a.warmup {
            times.push(ms);
            cpu.push(cpu_ms(pid) - cpu0);
        }
        idle(a, &addr);
    }
    println!(
        "edit-to-reload over {} edits (after {} warm-up): {}",
        times.len(),
        a.warmup,
        summary(times.clone())
    );
    println!(
        "  each (ms): {}",
        times
            .iter()
            .map(|t| format!("{t:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "server CPU time per edit (all threads): {}",
        summary(cpu.clone())
    );
    if let Ok(load) = fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!("load average (1, 5, 15 min): {}", load.join(" "));
    }
    println!("server memory: {}", memory(pid));
    Measured {
        reload_ms: median(times),
        cpu_ms: median(cpu),
        peak_mb: peak_mb(pid),
    }
}
