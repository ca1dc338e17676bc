//! Times `dossier build` on pathological but valid sites, each at half and full size, so
//! the ratio shows whether time grows linearly with the input or worse: `ratio` is full
//! CPU time over half CPU time, `/size` divides it by the ratio of input sizes (≈ 1 is
//! linear, ≈ 2 quadratic). See benches/README.md.
//!
//! ```sh
//! cargo build --release && cargo run --release --example pathological [-- CASE…]
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FRONT: &str =
    "+++\ntitle = \"Pathological\"\nsummary = \"A stress test.\"\npublished = 2024-01-27\n+++\n";

const SOURCES: &str =
    "[[source]]\nid = \"S1\"\ntitle = \"A source\"\nurl = \"https://example.org/\"\n";

/// Runs per size; the fastest counts.
const REPEATS: usize = 3;

/// A site: (path, text) pairs besides dossier.toml and sources.toml.
type Files = Vec<(String, String)>;

struct Case {
    name: &'static str,
    /// What the full size is.
    what: &'static str,
    full: usize,
    make: fn(usize) -> Files,
}

fn page(body: String) -> Files {
    vec![("content/index.md".into(), format!("{FRONT}{body}"))]
}

fn glossary_term() -> (String, String) {
    (
        "content/glossary/council.md".into(),
        "+++\nterm = \"Harbour Council\"\naliases = [\"HC\"]\nkind = \"organization\"\nshort = \"The council.\"\n+++\nDefinition.\n".into(),
    )
}

const CASES: &[Case] = &[
    Case {
        name: "big-page",
        what: "a 10 MB page of ordinary markdown",
        full: 10 << 20,
        make: |bytes| {
            let para = "The **Harbour Council** met [@S1] on the _lease_; see the \
                        [history](https://example.org/) and `code`. HC agreed.\n\n";
            let mut files = page(para.repeat(bytes / para.len()));
            files.push(glossary_term());
            files
        },
    },
    Case {
        name: "blockquotes",
        what: "10,000 nested blockquotes",
        full: 10_000,
        make: |n| page(format!("{}deep\n", "> ".repeat(n))),
    },
    Case {
        name: "list-one-line",
        what: "10,000 nested lists on one line",
        full: 10_000,
        make: |n| page(format!("{}deep\n", "- ".repeat(n))),
    },
    Case {
        name: "list-indented",
        what: "10,000 list levels, each indented under the last (100 MB)",
        full: 10_000,
        make: |n| {
            let mut s = String::with_capacity(n * n + 4 * n);
            for i in 0..n {
                s.push_str(&" ".repeat(2 * i));
                s.push_str("- x\n");
            }
            page(s)
        },
    },
    Case {
        name: "footnotes",
        what: "100,000 footnotes",
        full: 100_000,
        make: |n| {
            let refs: String = (0..n).map(|i| format!("Claim[^{i}]. ")).collect();
            let defs: String = (0..n).map(|i| format!("[^{i}]: Note {i}.\n")).collect();
            page(format!("{refs}\n\n{defs}"))
        },
    },
    Case {
        name: "aliases",
        what: "a term with 1,000 aliases, all mentioned on each of 400 pages",
        full: 400,
        make: |pages| {
            let aliases: Vec<String> = (0..1_000).map(|i| format!("\"Alias {i}\"")).collect();
            let mentions: String = (0..1_000).map(|i| format!("Alias {i}, ")).collect();
            let mut files = page(mentions.clone());
            files.push((
                "content/glossary/many.md".into(),
                format!(
                    "+++\nterm = \"Many\"\naliases = [{}]\nkind = \"concept\"\nshort = \"Many names.\"\n+++\n{mentions}\n",
                    aliases.join(", ")
                ),
            ));
            for p in 0..pages {
                files.push((
                    format!("content/background/p{p}.md"),
                    format!("+++\ntitle = \"P{p}\"\nsummary = \"S\"\n+++\n{mentions}\n"),
                ));
            }
            files
        },
    },
    Case {
        name: "long-line",
        what: "a line of 1 MB",
        full: 1 << 20,
        make: |bytes| page(format!("{}\n", "word [@S1] Harbour ".repeat(bytes / 19))),
    },
    Case {
        name: "same-headings",
        what: "100,000 headings with one title",
        full: 100_000,
        make: |n| page("## Same\n\n".repeat(n)),
    },
    Case {
        name: "html-attributes",
        what: "a 1 MB line of raw HTML attributes",
        full: 1 << 20,
        make: |bytes| page(format!("<div {}>\n\nx\n", "a=\"\" ".repeat(bytes / 6))),
    },
    Case {
        name: "at-markers",
        what: "a 1 MB word of `@/`",
        full: 1 << 20,
        make: |bytes| page(format!("{}\n", "@/".repeat(bytes / 2))),
    },
    Case {
        name: "warnings",
        what: "100,000 code blocks in an unknown language (one warning each)",
        full: 100_000,
        make: |n| page("```klingon\nx\n```\n\n".repeat(n)),
    },
];

fn write_site(dir: &Path, files: &Files) -> u64 {
    let w = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("dossier.toml", "title = \"Pathological\"\n");
    w("content/sources.toml", SOURCES);
    let mut bytes = 0;
    for (rel, text) in files {
        w(rel, text);
        bytes += text.len() as u64;
    }
    bytes
}

fn dossier_binary() -> PathBuf {
    // target/release/examples/pathological → target/release/dossier
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("dossier");
    assert!(
        bin.is_file(),
        "{} not found: run `cargo build --release` first",
        bin.display()
    );
    bin
}

/// What one build took: wall-clock time, and the CPU time (user + system) of the
/// process, which a machine shared with other work disturbs much less.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Took {
    cpu: Duration,
    wall: Duration,
}

/// Builds the site; returns what it took, or why it failed.
fn build(bin: &Path, dir: &Path) -> Result<Took, String> {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let out = Command::new(bin)
        .arg("build")
        .arg("--root")
        .arg(dir)
        .output()
        .map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    match out.status.code() {
        Some(0) => Ok(Took { cpu, wall }),
        code => {
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.lines().last().unwrap_or("").to_string();
            Err(format!("exit {code:?} ({}): {last}", out.status))
        }
    }
}

/// CPU time used so far by this process's finished children.
#[cfg(unix)]
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[cfg(not(unix))]
fn children_cpu() -> Duration {
    Duration::ZERO
}

fn main() {
    let only: Vec<String> = std::env::args().skip(1).collect();
    let bin = dossier_binary();
    println!(
        "{:<16} {:>8} {:>9} {:>8} {:>9} {:>6} {:>6} {:>9}  input",
        "case", "half MB", "half cpu", "full MB", "full cpu", "ratio", "/size", "full wall"
    );
    let mut failed = false;
    for case in CASES {
        if !only.is_empty() && !only.iter().any(|o| o == case.name) {
            continue;
        }
        let mut row = vec![];
        for size in [case.full / 2, case.full] {
            let tmp = tempfile::tempdir().unwrap();
            let bytes = write_site(tmp.path(), &(case.make)(size));
            // The best of a few runs: the least disturbed by whatever else the machine
            // is doing.
            let result = (0..REPEATS)
                .map(|_| build(&bin, tmp.path()))
                .collect::<Result<Vec<_>, _>>()
                .map(|times| {
                    let cpu = times.iter().map(|t| t.cpu).min().unwrap_or_default();
                    let wall = times.iter().map(|t| t.wall).min().unwrap_or_default();
                    Took { cpu, wall }
                });
            row.push((bytes, result));
        }
        let mb = |b: u64| format!("{:.2}", b as f64 / (1 << 20) as f64);
        match (&row[0], &row[1]) {
            ((hb, Ok(ht)), (fb, Ok(ft))) => {
                let (half, full) = if cfg!(unix) {
                    (ht.cpu, ft.cpu)
                } else {
                    (ht.wall, ft.wall)
                };
                let time_ratio = full.as_secs_f64() / half.as_secs_f64().max(1e-3);
                let size_ratio = *fb as f64 / (*hb).max(1) as f64;
                println!(
                    "{:<16} {:>8} {:>9.3} {:>8} {:>9.3} {:>6.2} {:>6.2} {:>9.3}  {}",
                    case.name,
                    mb(*hb),
                    half.as_secs_f64(),
                    mb(*fb),
                    full.as_secs_f64(),
                    time_ratio,
                    time_ratio / size_ratio,
                    ft.wall.as_secs_f64(),
                    case.what
                )
            }
            ((_, h), (_, f)) => {
                failed = true;
                println!("{:<16} FAILED: half {h:?}, full {f:?}", case.name);
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
