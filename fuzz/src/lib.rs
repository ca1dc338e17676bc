//! Helpers shared by the fuzz targets: the text format of a fuzzed site, and the checks
//! every diagnostic must pass (a file, and a position inside that file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier::diag::{self, Diagnostic};
use dossier::read::{self, SiteInput, SourceFile};

/// The `dossier.toml` used when a fuzzed site brings none.
pub const DEFAULT_CONFIG: &str = "title = \"Fuzzed site\"\n";

/// Reads a site written as one text: each file starts with a line `=== PATH` (relative
/// to the site root, e.g. `=== content/timeline/a.md`) and runs to the next such line.
/// Paths outside the site format are dropped, as the real walk warns and skips them;
/// `templates/NAME` become template overrides. The seed corpus is written this way, so
/// crash artifacts stay readable.
pub fn site_from_text(text: &str) -> SiteInput {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("=== ") {
            if let Some((p, t)) = current.take() {
                files.entry(p).or_insert(t);
            }
            current = Some((path.trim().to_string(), String::new()));
        } else if let Some((_, t)) = current.as_mut() {
            t.push_str(line);
        }
    }
    if let Some((p, t)) = current.take() {
        files.entry(p).or_insert(t);
    }

    let mut input = SiteInput {
        config_text: files
            .remove("dossier.toml")
            .unwrap_or_else(|| DEFAULT_CONFIG.to_string()),
        ..SiteInput::default()
    };
    for (path, text) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            input.templates.push((name.to_string(), text));
            continue;
        }
        let rel = PathBuf::from(&path);
        if let Some(kind) = read::classify(&rel) {
            input.files.push(SourceFile {
                rel_path: rel,
                kind,
                text: text.into(),
            });
        }
    }
    input
}

/// Asserts what every diagnostic promises: a file, and a 1-based position that lies
/// inside that file's text; and that it renders.
pub fn check_diagnostics<'a>(diags: &[Diagnostic], text_of: impl Fn(&Path) -> Option<&'a str>) {
    for d in diags {
        let _ = diag::report(d);
        let Some(loc) = &d.location else {
            panic!("diagnostic without a file: {d:?}");
        };
        let Some(pos) = loc.position else { continue };
        assert!(pos.line >= 1 && pos.column >= 1, "{d:?}");
        if let Some(text) = text_of(&loc.file) {
            let lines = text.split('\n').count();
            assert!(pos.line <= lines, "line past the end of the file: {d:?}");
        }
    }
}
