//! The shape of `src/`, checked: the stages run one way (a module imports only the
//! stages before it), no source file passes 500 lines, and the output layout is spelled
//! out in one module. See issue 14 and STYLE.md section 1.

use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules in stage order; a module may use those in an earlier group.
/// Modules in the same group never use each other.
const STAGES: &[&[&str]] = &[
    &["diag"],
    &["dates", "dispose", "html", "slug", "timings"],
    &["read"],
    &["parse"],
    &["model"],
    &["maps"],
    &["markdown"],
    &["compose"],
    &["search"],
    &["render"],
    &["output"],
    &["pipeline"],
    &["check", "serve"],
    &["scaffold"],
    &["cli"],
];

fn rank(module: &str) -> Option<usize> {
    STAGES.iter().position(|group| group.contains(&module))
}

fn sources() -> Vec<PathBuf> {
    let mut out = vec![];
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The file's path below `src/`, and the top-level module it belongs to.
fn module_of(path: &Path) -> (String, String) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = path
        .strip_prefix(&src)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let top = rel
        .split('/')
        .next()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string();
    (rel, top)
}

/// Code without `//` comments (doc comments name later stages to explain the flow).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("")))
}

#[test]
fn stages_import_only_stages_before_them() {
    let mut wrong = vec![];
    for path in sources() {
        let (rel, top) = module_of(&path);
        let Some(own) = rank(&top) else {
            assert!(
                ["lib", "main"].contains(&top.as_str()),
                "src/{rel}: `{top}` is in no stage; add it to STAGES and lib.rs's list"
            );
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        for (line, code) in code_lines(&text) {
            for used in code.split("crate::").skip(1) {
                let name: String = used
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                match rank(&name) {
                    Some(r) if name != top && r >= own => {
                        wrong.push(format!("src/{rel}:{line}: `{top}` uses `{name}`"))
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_passes_500_lines() {
    let long: Vec<String> = sources()
        .iter()
        .map(|p| {
            (
                module_of(p).0,
                fs::read_to_string(p).unwrap().lines().count(),
            )
        })
        .filter(|(_, n)| *n > 500)
        .map(|(rel, n)| format!("src/{rel}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

#[test]
fn only_model_urls_spells_out_the_output_layout() {
    let layout = [
        "\"background/",
        "background/{",
        "timeline/index.html",
        "glossary/index.html",
    ];
    let mut found = vec![];
    for path in sources() {
        let (rel, _) = module_of(&path);
        // `tests.rs` files are unit tests, which may name the paths they expect.
        if rel == "model/urls.rs" || rel.ends_with("/tests.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // Unit tests may name the paths they expect.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (line, code) in code_lines(code) {
            if let Some(l) = layout.iter().find(|l| code.contains(*l)) {
                found.push(format!("src/{rel}:{line}: {l}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use model::urls instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn lib_lists_every_stage() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for module in STAGES.iter().flat_map(|g| g.iter()) {
        assert!(
            lib.contains(&format!("pub mod {module};")),
            "lib.rs declares no `{module}`"
        );
        assert!(
            lib.contains(&format!("[`{module}`]")),
            "lib.rs's //! does not list `{module}`"
        );
    }
}
