//! Glossary linking at scale: generates a site with 1,000 terms (each with 2 aliases) and
//! 1,000 background pages of about 800 words that mention many of them, builds it five
//! times with `DOSSIER_TIMINGS=1`, and reports the median time of each stage and of
//! glossary linking against the whole build. A smaller site (250 × 250) is timed too, so
//! the growth is visible: linear matching grows with the text, a quadratic one would not
//! stay in proportion. Glossary time is summed over rayon's threads while stages are wall
//! time, which overstates its share on several cores; the 1,000-page site is also built
//! on one thread, where the two compare directly.
//!
//! Run: `cargo bench --bench linking` (see benches/README.md). It fails (exit 1) when
//! glossary linking takes 10% of the build or more. `LINKING_SITE=DIR` only writes the
//! site (`LINKING_SIZE` terms and pages, 1,000 by default) into DIR, for profiling.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

const RUNS: usize = 5;
const LIMIT: f64 = 0.10;

fn main() {
    // `LINKING_SITE=DIR cargo bench --bench linking` only writes the site (1,000 terms and
    // pages, or LINKING_SIZE) into DIR, for profiling a build of it by hand.
    if let Some(dir) = std::env::var_os("LINKING_SITE") {
        let size = std::env::var("LINKING_SIZE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1000);
        let words = generate(Path::new(&dir), size, size);
        println!(
            "wrote a site of {words} words into {}",
            dir.to_string_lossy()
        );
        return;
    }
    let mut over = false;
    // (terms and pages, rayon threads: None = all cores, as a build runs by default)
    for (size, threads) in [(250, None), (1000, None), (1000, Some(1))] {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let root = tmp.path().join("site");
        let words = generate(&root, size, size);
        let mut runs: Vec<BTreeMap<String, f64>> = vec![];
        for _ in 0..RUNS {
            runs.push(build(&root, &tmp.path().join("out"), threads));
        }
        let median = |key: &str| {
            let mut v: Vec<f64> = runs.iter().filter_map(|r| r.get(key).copied()).collect();
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        let (total, write, glossary) = (median("total"), median("write"), median("glossary"));
        let cores = match threads {
            Some(1) => "1 thread".to_string(),
            Some(n) => format!("{n} threads"),
            None => "all cores".to_string(),
        };
        println!(
            "\n{size} terms × 3 names, {size} background pages, {words} words of markdown, {cores}; median of {RUNS} builds:"
        );
        for stage in ["read", "templates", "model", "compose", "render", "write"] {
            println!("  {stage:<10} {:>9.1} ms", median(stage));
        }
        println!("  {:<10} {:>9.1} ms", "total", total);
        let share = glossary / total;
        println!(
            "  glossary linking {glossary:.1} ms = {:.1}% of the build (limit {:.0}%), {:.1}% of it without writing",
            share * 100.0,
            LIMIT * 100.0,
            glossary / (total - write) * 100.0
        );
        // The limit applies to a build as it runs by default.
        over |= threads.is_none() && share >= LIMIT;
    }
    if over {
        eprintln!("glossary linking takes too large a part of the build");
        std::process::exit(1);
    }
}

/// Runs one build and reads its `timings:` report: stage → milliseconds, plus
/// `glossary` and `total`.
fn build(root: &Path, out: &Path, threads: Option<usize>) -> BTreeMap<String, f64> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env("DOSSIER_TIMINGS", "1");
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    let output = cmd.output().expect("run dossier");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the build failed:\n{stderr}");
    let mut times = BTreeMap::new();
    for line in stderr.lines().skip_while(|l| *l != "timings:").skip(1) {
        let mut words = line.split_whitespace();
        if let (Some(stage), Some(ms)) = (words.next(), words.next()) {
            if let Ok(ms) = ms.parse() {
                times.insert(stage.to_string(), ms);
            }
        }
        if let Some(rest) = line.split("(glossary linking ").nth(1) {
            if let Some(Ok(ms)) = rest.split_whitespace().next().map(str::parse) {
                times.insert("glossary".into(), ms);
            }
        }
    }
    assert!(times.contains_key("glossary"), "no timings in:\n{stderr}");
    times
}

// ---------------------------------------------------------------------------------------
// The generated site. Deterministic: the same sizes give the same files.

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "fu", "gi", "ho", "ju", "be",
];

const FILLER: &[&str] = &[
    "the",
    "talks",
    "between",
    "both",
    "sides",
    "continued",
    "on",
    "a",
    "plan",
    "for",
    "forces",
    "to",
    "leave",
    "after",
    "months",
    "of",
    "negotiation",
    "and",
    "with",
    "some",
    "officials",
    "said",
    "that",
    "its",
    "mission",
    "had",
    "ended",
    "while",
    "others",
    "disagreed",
    "about",
    "timing",
    "in",
    "region",
    "where",
    "security",
    "remains",
    "fragile",
    "since",
    "attacks",
];

/// A made-up word, unique for each `n` below 4,096: `Kalomi`.
fn word(n: usize) -> String {
    let s: String = [n / 256 % 16, n / 16 % 16, n % 16]
        .iter()
        .map(|&i| SYLLABLES[i])
        .collect();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Term `i`: a name and its two aliases (an acronym with a number, and a short form).
fn names(i: usize) -> [String; 3] {
    let (a, b) = (word(i), word(i + 2048));
    let acronym = format!("{}{}{i}", &a[..1], &b[..1]);
    [format!("{a} {b}"), acronym, format!("{a} Group")]
}

/// A small deterministic generator (64-bit LCG): no randomness crate, same site every time.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

/// Writes the site; returns how many words of markdown the bodies hold.
fn generate(root: &Path, terms: usize, pages: usize) -> usize {
    let content = root.join("content");
    for dir in ["background", "glossary"] {
        fs::create_dir_all(content.join(dir)).expect("create the site");
    }
    fs::write(
        root.join("dossier.toml"),
        "title = \"Linking benchmark\"\ndescription = \"Generated by benches/linking.rs\"\n",
    )
    .expect("write dossier.toml");
    let mut rng = Lcg(42);
    let mut words = 0;
    let mut paragraph = |rng: &mut Lcg, n: usize, mentions: usize| {
        let mut text = String::new();
        for k in 0..n {
            if k > 0 {
                text.push(' ');
            }
            if rng.next(n) < mentions {
                let t = rng.next(terms);
                text.push_str(&names(t)[rng.next(3)]);
            } else {
                text.push_str(FILLER[rng.next(FILLER.len())]);
            }
        }
        words += n;
        text.push_str(".\n\n");
        text
    };
    let mut index = String::from(
        "+++\ntitle = \"Linking benchmark\"\nsummary = \"Many terms, many pages.\"\npublished = 2024-01-27\n+++\n",
    );
    for _ in 0..10 {
        index.push_str(&paragraph(&mut rng, 80, 6));
    }
    fs::write(content.join("index.md"), index).expect("write index.md");

    for i in 0..terms {
        let [term, acronym, short] = names(i);
        let body = paragraph(&mut rng, 40, 3);
        let text = format!(
            "+++\nterm = \"{term}\"\naliases = [\"{acronym}\", \"{short}\"]\nkind = \"concept\"\nshort = \"Term number {i}.\"\n+++\n{body}"
        );
        fs::write(content.join(format!("glossary/term-{i:04}.md")), text).expect("write a term");
    }
    for p in 0..pages {
        let mut text =
            format!("+++\ntitle = \"Background {p}\"\nsummary = \"Generated page {p}.\"\n+++\n");
        // Ten sections of 80 words, each with about 6 mentions: ~800 words, ~60 mentions.
        for s in 0..10 {
            let _ = writeln!(text, "## Section {s}\n");
            text.push_str(&paragraph(&mut rng, 80, 6));
        }
        fs::write(content.join(format!("background/page-{p:04}.md")), text).expect("write a page");
    }
    words
}
