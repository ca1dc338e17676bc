//! Output trees: every file under a folder, compared and walked like a reader would.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path};

/// What a folder holds: relative path (`/` separators) → bytes, for every file, hidden
/// ones included. Folders are listed too, as `path/` with no bytes, so an empty folder
/// that appears shows up; a symbolic link is `→ target`, never followed.
pub type Tree = BTreeMap<String, Vec<u8>>;

/// The tree under `dir`.
pub fn snapshot(dir: &Path) -> Tree {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn walk(base: &Path, dir: &Path, out: &mut Tree) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path
            .strip_prefix(base)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let target = fs::read_link(&path).unwrap();
            out.insert(rel, format!("→ {}", target.display()).into_bytes());
        } else if kind.is_dir() {
            out.insert(format!("{rel}/"), vec![]);
            walk(base, &path, out);
        } else {
            out.insert(rel, fs::read(&path).unwrap());
        }
    }
}

/// The names in `dir`, sorted (not recursive): what a run left beside its output.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Asserts two snapshots hold the same files with the same bytes, naming what differs.
#[track_caller]
pub fn assert_same_tree(before: &Tree, after: &Tree, what: &str) {
    let only_before: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let only_after: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        only_before.is_empty() && only_after.is_empty() && changed.is_empty(),
        "{what}: files differ\n  missing: {only_before:?}\n  added: {only_after:?}\n  changed: {changed:?}"
    );
}

/// The published name of an asset in an output tree, by its plain name: `style.css` is
/// `style.3f2a9c1e.css` (content-hashed; see issue 19). Panics naming what is there when
/// there is not exactly one.
#[track_caller]
pub fn asset(tree: &Tree, name: &str) -> String {
    let (stem, ext) = name
        .rsplit_once('.')
        .expect("an asset name has an extension");
    let found: Vec<&String> = tree
        .keys()
        .filter(|k| {
            k.strip_prefix(stem)
                .and_then(|r| r.strip_prefix('.'))
                .and_then(|r| r.strip_suffix(ext))
                .and_then(|r| r.strip_suffix('.'))
                .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(found.len(), 1, "one hashed {name} in {:?}", tree.keys());
    found[0].clone()
}

/// The `.html` pages of an output tree that readers reach by links. `404.html` is left
/// out: it is served at unknown depths, so it follows its own rules (inline CSS, links
/// from base_url) and has its own tests in tests/reach.rs.
pub fn html_pages(tree: &Tree) -> Vec<String> {
    tree.keys()
        .filter(|k| k.ends_with(".html") && k.as_str() != "404.html")
        .cloned()
        .collect()
}

/// Resolves `href` written on the page `page` (both relative to the output root) into
/// (path from the output root, fragment). `None` for external URLs (with a scheme, or
/// protocol-relative). An empty path means "this page".
pub fn resolve_href(page: &str, href: &str) -> Option<(String, Option<String>)> {
    let has_scheme = href.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && !s.contains('/') && !s.contains('#') && !s.contains('?')
    });
    if has_scheme || href.starts_with("//") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    let base = Path::new(page).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = vec![];
    for c in base.join(path).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                assert!(
                    parts.pop().is_some(),
                    "`{href}` on {page} points above the output root"
                );
            }
            Component::CurDir => {}
            other => panic!("`{href}` on {page} is not relative ({other:?})"),
        }
    }
    let mut resolved = parts.join("/");
    if path.ends_with('/') {
        resolved.push_str("/index.html");
    }
    Some((resolved, fragment))
}
