//! `dossier serve`: build in memory, serve over HTTP, rebuild on every change, and make
//! open pages reload themselves (or show the build's errors over the last good page).
//!
//! It sits on top of `pipeline` and reuses it whole; nothing else knows it exists, and it
//! never writes a file. The parts:
//!
//! - `watch`: file events → "the inputs changed" (debounced);
//! - `rebuild`: `pipeline::run` into the serve memo (all inputs read again; unchanged pages reused
//!   from a memo) → a new [`snapshot::State`], swapped in whole;
//! - `snapshot`: the served site in memory and the shared current state;
//! - `http` / `paths` / `routes`: a small HTTP/1.1 server that answers from the snapshot;
//! - `live`: the reload script injected into served pages, its event stream, the overlay.
//!
//! A std-only server with a thread per connection is plenty for one person's browser
//! tabs, keeps the path handling in plain sight, and spares the build an async runtime.

mod connections;
mod http;
mod live;
mod paths;
mod rebuild;
mod routes;
mod snapshot;
mod watch;

use std::io::{BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

use crate::diag::{self, Class, Diagnostic};
use crate::pipeline::{self, BuildOptions, Input, Sink};
use connections::{DeadlineReader, Waiting};
use rebuild::Builder;
use snapshot::{Shared, State};

/// What `dossier serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// Connections served at once; more wait in the listen queue.
const MAX_CONNECTIONS: usize = 256;
/// How long a write may block.
const IDLE: Duration = Duration::from_secs(10);

/// Runs the server until Ctrl-C. Returns the exit code: 0 after Ctrl-C, 2 when the site,
/// the address or the file watcher cannot be used.
pub fn run(opts: &ServeOptions) -> u8 {
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        out: None,
        drafts: opts.drafts,
        base_url: None,
        strict: false,
    };
    if !opts.root.join(crate::parse::config::FILE_NAME).is_file() {
        // Not a site: let the pipeline say so, with its hint, and stop.
        if let Err(d) = pipeline::run(&build_opts, Input::Read, Sink::Memory) {
            for d in &d.0 {
                eprintln!("{}", diag::report_for_terminal(d));
            }
        }
        return 2;
    }
    let (listener, watcher) = match listen_and_watch(opts) {
        Ok(both) => both,
        Err(d) => {
            eprintln!("{}", diag::report_for_terminal(&d));
            return 2;
        }
    };
    let addr = listener
        .local_addr()
        .unwrap_or(SocketAddr::new(opts.bind, opts.port));
    // Set up before the first build, which takes seconds on a large site.
    let (stop_tx, stop_rx) = stop_channel();
    let shared = Arc::new(Shared::new(State::default()));
    let mut builder = Builder::new(build_opts);
    builder.build(&shared);
    if let Ok(code) = stop_rx.try_recv() {
        return code;
    }
    // A clone: `stop_tx` lives to the end of `run`, so the channel never closes under it.
    spawn_rebuilds(builder, watcher, shared.clone(), stop_tx.clone());
    {
        let shared = shared.clone();
        let policy = routes::Policy {
            loopback_only: addr.ip().is_loopback(),
        };
        std::thread::spawn(move || accept_loop(listener, shared, policy));
    }
    announce(addr, opts);
    // Nothing is written to disk, so there is nothing to undo on the way out.
    let code = stop_rx.recv().unwrap_or(2);
    if code == 0 {
        eprintln!("stopped");
    }
    code
}

/// The listening socket, then the file watcher: both before the first build, so an edit
/// made while it runs is not missed.
fn listen_and_watch(opts: &ServeOptions) -> Result<(TcpListener, watch::Watcher), Diagnostic> {
    let listener = bind(opts.bind, opts.port)?;
    let watcher = watch::Watcher::start(&opts.root).map_err(|e| {
        Diagnostic::error(
            Class::Setup,
            format!("cannot watch the site for changes: {e}"),
        )
        .with_hint("on Linux, raising fs.inotify.max_user_watches or max_user_instances may help")
    })?;
    Ok((listener, watcher))
}

/// Where the exit code arrives: 0 from Ctrl-C (or SIGTERM), 2 if watching stops.
fn stop_channel() -> (Sender<u8>, Receiver<u8>) {
    let (stop_tx, stop_rx) = mpsc::channel::<u8>();
    let on_signal = stop_tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = on_signal.send(0);
    }) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); stop the server by closing the terminal");
    }
    (stop_tx, stop_rx)
}

/// Rebuilds on every change in a thread of its own; when watching stops, so does the
/// server (exit 2).
fn spawn_rebuilds(
    builder: Builder,
    watcher: watch::Watcher,
    shared: Arc<Shared>,
    stop: Sender<u8>,
) {
    std::thread::spawn(move || {
        rebuild::rebuild_loop(builder, watcher, shared);
        // Serving on without rebuilding would be serving stale pages.
        let d = Diagnostic::error(Class::Setup, "stopped watching the site for changes")
            .with_hint("start `dossier serve` again");
        eprintln!("{}", diag::report_for_terminal(&d));
        let _ = stop.send(2);
    });
}

/// Says where the site is served (and to whom), and opens it when asked.
fn announce(addr: SocketAddr, opts: &ServeOptions) {
    let url = url_of(addr);
    println!("serving {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if opts.bind.is_unspecified() {
        eprintln!("note: listening on every network interface; anyone who can reach this machine can read the site");
    }
    if opts.open {
        open_browser(&url);
    }
}

/// Binds the address; a port in use is reported with a free one to try instead.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            let free = (1..=100u16)
                .filter_map(|i| port.checked_add(i))
                .find(|p| TcpListener::bind(SocketAddr::new(ip, *p)).is_ok());
            let hint = match free {
                Some(p) => format!("port {p} is free: dossier serve --port {p}"),
                None => "choose another port with --port, or --port 0 for any free one".into(),
            };
            Diagnostic::error(
                Class::Setup,
                format!("port {port} on {ip} is already in use"),
            )
            .with_hint(hint)
        } else {
            Diagnostic::error(Class::Setup, format!("cannot listen on {addr}: {e}"))
                .with_hint("check --bind (an address of this machine) and --port")
        }
    })
}

fn url_of(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        ip if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    format!("http://{host}:{}/", addr.port())
}

fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = cmd
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>, policy: routes::Policy) {
    let open = Arc::new(AtomicUsize::new(0));
    let waiting = Arc::new(Waiting::default());
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        // Full: make room by closing the connection slowest to send its request (see
        // `connections`); only when none is slow is the newcomer turned away.
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS && !waiting.evict_slowest() {
            open.fetch_sub(1, Ordering::SeqCst);
            let mut stream = stream;
            let busy = http::Response::text(503, "too many connections\n");
            let _ = http::write_response(&mut stream, &busy, false, false);
            continue;
        }
        let shared = shared.clone();
        let open = open.clone();
        let waiting = waiting.clone();
        std::thread::spawn(move || {
            serve_connection(stream, &shared, &waiting, policy);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Answers requests on one connection until it closes, or hands it to the event stream.
fn serve_connection(stream: TcpStream, shared: &Shared, waiting: &Waiting, policy: routes::Policy) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(IDLE));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(DeadlineReader::new(stream));
    loop {
        // Each request head, idle wait included, must arrive within HEAD_TIMEOUT.
        reader.get_mut().start_head();
        let listed = waiting.begin(&writer);
        let read = http::read_request(&mut reader);
        waiting.done(listed);
        let req = match read {
            Ok(r) => r,
            Err(http::ReadError::Malformed(why)) => {
                let r = http::Response::text(400, format!("{why}\n"));
                let _ = http::write_response(&mut writer, &r, false, false);
                return;
            }
            Err(_) => return,
        };
        match routes::route(&req, shared, policy) {
            routes::Reply::Full(resp) => {
                let keep_alive = req.keep_alive && !req.has_body;
                if http::write_response(&mut writer, &resp, req.is_head(), keep_alive).is_err()
                    || !keep_alive
                {
                    return;
                }
            }
            routes::Reply::EventStream => {
                let _ = live::stream_events(&mut writer, shared);
                return;
            }
        }
    }
}
