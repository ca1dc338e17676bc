//! A whole site from a fuzzed file set, through every pure stage of the pipeline
//! (config, frontmatter, model, compose, render) without touching the disk. The input is
//! text in the `=== PATH` format of `dossier_fuzz::site_from_text`.
#![no_main]

use dossier::pipeline::{self, BuildOptions, Input, Sink};
use dossier_fuzz::{check_diagnostics, site_from_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let input = site_from_text(&text);
    let texts: Vec<(std::path::PathBuf, String)> = input
        .files
        .iter()
        .map(|f| (f.rel_path.clone(), f.text.to_string()))
        .chain([("dossier.toml".into(), input.config_text.clone())])
        .collect();
    let text_of = |p: &std::path::Path| texts.iter().find(|(q, _)| q == p).map(|(_, t)| t.as_str());
    match pipeline::run(&BuildOptions::default(), Input::Given(input), Sink::Memory) {
        Ok(r) => {
            check_diagnostics(&r.diagnostics.0, text_of);
            assert!(r.files.iter().any(|f| f.path.as_os_str() == "index.html"));
            for f in &r.files {
                assert!(
                    f.path
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_))),
                    "output path escapes the output folder: {:?}",
                    f.path
                );
            }
        }
        Err(d) => {
            assert!(d.has_errors(), "a failed build reports an error");
            check_diagnostics(&d.0, text_of);
        }
    }
});
