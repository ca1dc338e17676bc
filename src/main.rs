//! The `dossier` binary: parse the command line, run one command, print diagnostics,
//! exit with 0 (built), 1 (content errors, or warnings with --strict) or 2 (usage,
//! config or I/O errors).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier::cli::{Cli, Command, SiteArgs};
use dossier::diag::{plural, render, Diagnostics};
use dossier::pipeline::{self, BuildOptions};
use dossier::serve::{self, ServeOptions};

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
            eprintln!("{what}:{}", summary(&d).trim_start_matches(','));
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

fn print_all(d: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for diag in &d.0 {
        let _ = writeln!(err, "{}", render(diag));
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
