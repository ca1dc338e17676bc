//! The `dossier` binary: parse the command line, run one command, print diagnostics,
//! exit with 0 (built), 1 (content errors, or warnings with --strict) or 2 (usage,
//! config or I/O errors).

#![warn(clippy::too_many_lines)]

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier::check::{self, external, CheckOptions};
use dossier::cli::{
    BuildArgs, CheckArgs, Cli, ColorChoice, Command, EjectArgs, InitArgs, NewArgs, SiteArgs,
    TemplatesCommand,
};
use dossier::diag::{plural, report_for_terminal as report, Diagnostics};
use dossier::pipeline::{self, BuildOptions, Input, Rendered, Sink};
use dossier::scaffold;
use dossier::serve::{self, ServeOptions};
use dossier::timings;

/// mimalloc instead of the system allocator: a build allocates millions of small
/// strings on every thread, and glibc's malloc took a sixth of its CPU (see Cargo.toml
/// and benches/README.md, issue 20).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes a line to stderr, ignoring failures: a full or closed stderr must not turn a
/// finished build into a panic (exit 101). `eprintln!` panics there.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// [`say!`] without the newline.
macro_rules! say_no_newline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let cli = match Cli::parse().with_root_in_command() {
        Ok(cli) => cli,
        Err(message) => {
            say!("error: {message}");
            return ExitCode::from(2);
        }
    };
    dossier::diag::set_color(color_on(cli.color));
    if std::env::var_os("DOSSIER_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0") {
        timings::enable();
    }
    let started = Instant::now();
    let code = match &cli.command {
        Command::Build(a) => build(a, started),
        Command::Check(a) => check(a, started),
        Command::Init(a) => return init(a),
        Command::New(a) => return new(a),
        Command::Templates(TemplatesCommand::Eject(a)) => return eject(a),
        Command::Serve(a) => {
            return ExitCode::from(serve::run(&ServeOptions {
                root: a.root.clone(),
                drafts: a.drafts,
                bind: a.bind,
                port: a.port,
                open: a.open,
            }));
        }
    };
    ExitCode::from(code as u8)
}

/// Colour on a terminal, never in a pipe; `NO_COLOR` (https://no-color.org) turns the
/// automatic choice off, `--color always|never` overrides both.
fn color_on(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !set("NO_COLOR")
                && std::io::stderr().is_terminal()
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// A progress line for a build still running after a second (issue 16, point 9), on a
/// terminal only: redrawn with the stage and the time so far, and erased at the end.
/// Never in a pipe, where a log must read the same whatever the machine's speed.
/// `DOSSIER_PROGRESS_AFTER_MS` moves the second (tests).
struct Progress {
    done: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Progress {
    fn start(started: Instant) -> Progress {
        use std::io::IsTerminal;
        use std::time::Duration;
        let after = std::env::var("DOSSIER_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        let tty = std::io::stderr().is_terminal();
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if !tty {
                return;
            }
            let mut pause = after;
            let mut shown = false;
            while wait.recv_timeout(pause).is_err() {
                say_no_newline!(
                    "\r\x1b[Kbuilding… {:.1} s ({})",
                    started.elapsed().as_secs_f64(),
                    timings::current_stage()
                );
                shown = true;
                pause = Duration::from_millis(200);
            }
            if shown {
                say_no_newline!("\r\x1b[K");
            }
        });
        Progress { done, thread }
    }

    /// Stops the line (erasing it on a terminal) before the result is printed.
    fn finish(self) {
        let _ = self.done.send(());
        let _ = self.thread.join();
    }
}

fn build(a: &BuildArgs, started: Instant) -> i32 {
    let progress = Progress::start(started);
    let result = pipeline::run(&options(&a.site, a.out.clone()), Input::Read, Sink::Staging);
    progress.finish();
    match result {
        Ok(r) => {
            print_all(&r.diagnostics);
            let code = r.diagnostics.exit_code(a.site.strict);
            if code == 0 {
                say!(
                    "built {} pages into {} in {} ms{}",
                    pages(&r),
                    r.out_dir.display(),
                    started.elapsed().as_millis(),
                    summary(&r.diagnostics)
                );
            } else {
                say!(
                    "failed: {} treated as errors (--strict)",
                    plural(r.diagnostics.warnings(), "warning")
                );
            }
            print_timings(&r, started);
            code
        }
        Err(d) => {
            print_all(&d);
            if d.has_errors() {
                say!(
                    "build failed; the previous output was left untouched:{}",
                    summary(&d).trim_start_matches(',')
                );
            } else {
                say!(
                    "build failed; the previous output was left untouched: {} treated as errors (--strict)",
                    plural(d.warnings(), "warning")
                );
            }
            d.exit_code(a.site.strict).max(1)
        }
    }
}

fn check(a: &CheckArgs, started: Instant) -> i32 {
    let what = CheckOptions {
        external: a.external.then(|| external::Settings {
            timeout: a.timeout,
            ..external::Settings::default()
        }),
    };
    let progress = Progress::start(started);
    let result = check::check(&options(&a.site, None), &what);
    progress.finish();
    match result {
        Ok(c) => {
            let d = &c.rendered.diagnostics;
            print_all(d);
            if let Some(ext) = &c.external {
                say_no_newline!("{}", ext.summary());
            }
            let code = d.exit_code(a.site.strict);
            let what = format!(
                "checked {} and {}",
                plural(c.pages, "page"),
                plural(c.links, "internal link")
            );
            if !d.has_problems() {
                say!(
                    "{what} in {} ms: no problems found",
                    started.elapsed().as_millis()
                );
            } else if code == 0 {
                say!(
                    "{what} in {} ms:{}",
                    started.elapsed().as_millis(),
                    summary(d).trim_start_matches(',')
                );
            } else if !d.has_errors() {
                say!(
                    "check failed: {} treated as errors (--strict)",
                    plural(d.warnings(), "warning")
                );
            } else {
                say!("check failed:{}", summary(d).trim_start_matches(','));
            }
            print_timings(&c.rendered, started);
            code
        }
        Err(d) => {
            print_all(&d);
            say!("check failed:{}", summary(&d).trim_start_matches(','));
            d.exit_code(a.site.strict).max(1)
        }
    }
}

fn options(site: &SiteArgs, out: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        out,
        drafts: site.drafts,
        base_url: site.base_url.clone(),
        strict: site.strict,
    }
}

fn pages(r: &Rendered) -> usize {
    r.paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count()
}

fn print_timings(r: &Rendered, started: Instant) {
    if timings::enabled() {
        say_no_newline!("{}", r.timings.report(started.elapsed()));
    }
}

/// Prints one line to stderr. `eprintln!` panics when stderr is closed or full
/// (`dossier build 2>&1 | head`): the build's result must not turn into exit 101.
fn print_all(d: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for diag in &d.0 {
        let _ = writeln!(err, "{}", report(diag));
    }
}

fn summary(d: &Diagnostics) -> String {
    let counts = d.counts();
    if counts.is_empty() {
        String::new()
    } else {
        format!(", {counts}")
    }
}

// ---------------------------------------------------------------------------------------
// init and new: created paths (or a source's id) on stdout, guidance on stderr.

fn init(a: &InitArgs) -> ExitCode {
    let ci = a.ci.map(|c| match c {
        dossier::cli::CiService::Github => scaffold::Ci::Github,
    });
    match scaffold::init(&a.dir, ci) {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            let dir = a.dir.display();
            say!(
                "created a new site in {dir}\n  build it:     dossier build --root {dir}\n  add a page:   dossier new background \"Title\" --root {dir}\n  add an event: dossier new event \"Title\" --date 2024-01-27 --root {dir}"
            );
            ExitCode::SUCCESS
        }
        Err(d) => usage_failure(&d),
    }
}

fn new(a: &NewArgs) -> ExitCode {
    let kind = match a.kind {
        dossier::cli::NewKind::Background => scaffold::NewKind::Background,
        dossier::cli::NewKind::Event => scaffold::NewKind::Event,
        dossier::cli::NewKind::Term => scaffold::NewKind::Term,
        dossier::cli::NewKind::Source => scaffold::NewKind::Source,
    };
    let request = scaffold::NewRequest {
        kind,
        title: &a.title,
        date: a.date.as_deref(),
        url: a.url.as_deref(),
    };
    match scaffold::new(&a.root, &request) {
        Ok(scaffold::Created::File(path)) => {
            println!("{}", path.display());
            say!(
                "created {}: fill in its `{}` notes (a build lists those left)",
                path.display(),
                dossier::model::PLACEHOLDER
            );
            ExitCode::SUCCESS
        }
        Ok(scaffold::Created::Source { id, file }) => {
            println!("{id}");
            say!(
                "added source {id} to {}; cite it as [@{id}]",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => usage_failure(&d),
    }
}

fn eject(a: &EjectArgs) -> ExitCode {
    match scaffold::eject(&a.root, a.name.as_deref()) {
        Ok(done) => {
            // Not println!: a closed pipe (`| head`) must not turn this into a panic.
            let mut out = std::io::stdout().lock();
            for f in &done.written {
                let _ = writeln!(out, "{}", f.display());
            }
            for f in &done.kept {
                say!("kept {}: the site already has it", f.display());
            }
            say!(
                "copied {} into {}: edit them, and a build uses them instead of the built-ins",
                plural(done.written.len(), "built-in file"),
                a.root.join("templates").display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => usage_failure(&d),
    }
}

fn usage_failure(d: &dossier::diag::Diagnostic) -> ExitCode {
    say!("{}", report(d));
    ExitCode::from(2)
}
