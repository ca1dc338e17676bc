//! The `dossier` binary: parse the command line, run one command, print diagnostics,
//! exit with 0 (built), 1 (content errors, or warnings with --strict) or 2 (usage,
//! config or I/O errors).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier::cli::{Cli, Command, SiteArgs};
use dossier::diag::{render, Diagnostics};
use dossier::pipeline::{self, BuildOptions};

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
                say(format_args!(
                    "{verb} {pages} pages{target} in {ms} ms{}",
                    summary(&r.diagnostics)
                ));
            } else {
                say(format_args!(
                    "failed: {} treated as errors (--strict)",
                    plural(r.diagnostics.warnings(), "warning")
                ));
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
            say(format_args!(
                "{what}:{}",
                summary(&d).trim_start_matches(',')
            ));
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
    }
}

/// Prints one line to stderr. `eprintln!` panics when stderr is closed or full
/// (`dossier build 2>&1 | head`): the build's result must not turn into exit 101.
fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{line}");
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
