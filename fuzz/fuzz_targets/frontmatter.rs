//! Frontmatter and TOML: every content kind's parser, `sources.toml` and `dossier.toml`
//! on the same bytes. Inputs without a `+++` block are also tried wrapped in one, so the
//! fuzzer spends its time inside the typed parsers rather than on "missing frontmatter".
#![no_main]

use std::path::Path;

use dossier::diag::Diagnostic;
use dossier::parse::config::Config;
use dossier::parse::frontmatter;
use dossier_fuzz::check_diagnostics;
use libfuzzer_sys::fuzz_target;

fn all_kinds(text: &str) {
    let file = Path::new("content/x.md");
    let check = |errs: Option<Vec<Diagnostic>>| {
        if let Some(errs) = errs {
            assert!(!errs.is_empty(), "an Err carries at least one diagnostic");
            check_diagnostics(&errs, |_| Some(text));
        }
    };
    check(frontmatter::parse_explainer(file, text).err());
    check(frontmatter::parse_background(file, text).err());
    check(frontmatter::parse_event(file, text).err());
    check(frontmatter::parse_term(file, text).err());
    if let Ok(p) = frontmatter::parse_event(file, text) {
        assert!(p.body_offset <= text.len());
        assert_eq!(&text[p.body_offset..], p.body);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    all_kinds(text);
    if !text.starts_with("+++") {
        all_kinds(&format!("+++\n{text}\n+++\nBody\n"));
    }
    let file = Path::new("content/sources.toml");
    if let Err(errs) = frontmatter::parse_sources(file, text) {
        check_diagnostics(&errs, |_| Some(text));
    }
    if let Err(errs) = Config::parse(text) {
        check_diagnostics(&errs, |_| Some(text));
    }
});
