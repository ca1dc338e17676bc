//! The `dossier` binary: parse the command line, run one command, print diagnostics,
//! exit with 0 (built), 1 (content errors, or warnings with --strict) or 2 (usage,
//! config or I/O errors).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier::cli::{Cli, Command, InitArgs, NewArgs, SiteArgs};
use dossier::diag::{render, Diagnostics};
use dossier::pipeline::{self, BuildOptions};
use dossier::scaffold;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let (site, result, verb) = match &cli.command {
        Command::Build(a) => (
            &a.site,
            pipeline::build(&options(&a.site, a.out.clone())),
            "built",
        ),
        Command::Check(a) => (
            &a.site,
            pipeline::render(&options(&a.site, None)),
            "checked",
        ),
        Command::Init(a) => return init(a),
        Command::New(a) => return new(a),
    };
    let code = match result {
        Ok(r) => {
            print_all(&r.diagnostics);
            let code = r.diagnostics.exit_code(site.strict);
            let pages = r
                .files
                .iter()
                .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
                .count();
            let ms = started.elapsed().as_millis();
            if code == 0 {
                let target = if verb == "built" {
                    format!(" into {}", r.out_dir.display())
                } else {
                    String::new()
                };
                eprintln!(
                    "{verb} {pages} pages{target} in {ms} ms{}",
                    summary(&r.diagnostics)
                );
            } else {
                eprintln!(
                    "failed: {} treated as errors (--strict)",
                    plural(r.diagnostics.warnings(), "warning")
                );
            }
            code
        }
        Err(d) => {
            print_all(&d);
            let what = if verb == "built" {
                "build failed; the previous output was left untouched"
            } else {
                "check failed"
            };
            if d.has_errors() {
                eprintln!("{what}:{}", summary(&d).trim_start_matches(','));
            } else {
                eprintln!(
                    "{what}: {} treated as errors (--strict)",
                    plural(d.warnings(), "warning")
                );
            }
            d.exit_code(site.strict).max(1)
        }
    };
    ExitCode::from(code as u8)
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

fn print_all(d: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for diag in &d.0 {
        let _ = writeln!(err, "{}", render(diag));
    }
}

fn summary(d: &Diagnostics) -> String {
    let mut parts = vec![];
    if d.errors() > 0 {
        parts.push(plural(d.errors(), "error"));
    }
    if d.warnings() > 0 {
        parts.push(plural(d.warnings(), "warning"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(", "))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

// ---------------------------------------------------------------------------------------
// init and new: created paths (or a source's id) on stdout, guidance on stderr.

fn init(a: &InitArgs) -> ExitCode {
    match scaffold::init(&a.dir) {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            let dir = a.dir.display();
            eprintln!(
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
            eprintln!(
                "created {}: fill in its `{}` notes (a build lists those left)",
                path.display(),
                dossier::site::PLACEHOLDER
            );
            ExitCode::SUCCESS
        }
        Ok(scaffold::Created::Source { id, file }) => {
            println!("{id}");
            eprintln!(
                "added source {id} to {}; cite it as [@{id}]",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => usage_failure(&d),
    }
}

fn usage_failure(d: &dossier::diag::Diagnostic) -> ExitCode {
    eprintln!("{}", render(d));
    ExitCode::from(2)
}
