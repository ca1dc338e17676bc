//! The flagship is written in its own words: no run of 12 words in `content/` may be
//! shared with the fact sheet or the seed article it was researched from
//! (`../shared/research/facts.md`, `../shared/seed/`). See issue 15, point 5.
//!
//! Words are compared lowercased, with punctuation and markup dropped, so a copied
//! sentence with a changed comma or a link added is still found. Source titles
//! (`sources.toml`) are citations, not prose, and are not compared.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

const RUN: usize = 12;

/// The text without link destinations (`[ISIS](@/glossary/isis.md)` reads "ISIS"), so
/// a link added to a copied sentence does not hide it.
fn without_link_targets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        rest = &rest[i + 2..];
        rest = rest.find(')').map_or("", |j| &rest[j + 1..]);
    }
    out.push_str(rest);
    out
}

fn words(text: &str) -> Vec<String> {
    without_link_targets(text)
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn runs(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.windows(RUN).map(|w| w.join(" "))
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = vec![];
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every 12-word run of the research material, or `None` when it is not beside the
/// repository (a clone on its own); CI always has it.
fn research_runs(repo: &Path) -> Option<HashSet<String>> {
    let shared = repo.join("../shared");
    let facts = fs::read_to_string(shared.join("research/facts.md")).ok()?;
    let mut texts = vec![facts];
    for seed in files_under(&shared.join("seed"), "txt") {
        texts.push(fs::read_to_string(seed).unwrap());
    }
    Some(
        texts
            .iter()
            .flat_map(|t| runs(&words(t)).collect::<Vec<_>>())
            .collect(),
    )
}

#[test]
fn content_shares_no_12_word_run_with_its_sources() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(research) = research_runs(repo) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/research/facts.md beside the repository"
        );
        eprintln!("note: ../shared/research/facts.md not found; copy check skipped");
        return;
    };
    assert!(research.len() > 10_000, "the fact sheet was not read whole");
    let mut copied = BTreeSet::new();
    for file in files_under(&repo.join("content"), "md") {
        let text = fs::read_to_string(&file).unwrap();
        for run in runs(&words(&text)).filter(|r| research.contains(r)) {
            let rel = file.strip_prefix(repo).unwrap().display().to_string();
            copied.insert(format!("{rel}: \"{run}\""));
        }
    }
    assert!(
        copied.is_empty(),
        "{} runs of {RUN} words copied from the research; say it in the site's own words:\n{}",
        copied.len(),
        copied.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn a_copied_sentence_is_found_through_changed_punctuation() {
    let source = words("The coalition was formed in September 2014, to defeat ISIS in Iraq and Syria, at Iraq's request.");
    let copied = words("the coalition was formed in **September 2014** to defeat [ISIS](@/glossary/isis.md) in Iraq and Syria");
    let research: HashSet<String> = runs(&source).collect();
    assert!(runs(&copied).any(|r| research.contains(&r)));
    let own = words(
        "In September 2014 a coalition formed around one aim: defeating ISIS in Iraq and Syria.",
    );
    assert!(!runs(&own).any(|r| research.contains(&r)));
}
