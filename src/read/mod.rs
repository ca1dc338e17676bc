//! The only reader of a site's inputs: `dossier.toml`, `content/`, `templates/` and the
//! list of files in `static/`.
//!
//! It walks in sorted order (deterministic output starts here), classifies each content
//! file by where it sits, and decodes it as UTF-8. It does not parse anything. What a
//! build must know of `static/`'s images (sizes, credit sidecars) is read by `images`.

pub mod images;
mod translations;
mod walk;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use walkdir::WalkDir;

use crate::diag::{Class, Diagnostic, Diagnostics};
use walk::{walk_content, SiteFolder};

/// The site's configuration file, at the site root.
pub const CONFIG_FILE: &str = "dossier.toml";

/// What a content file is, decided by its place in `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Explainer,
    Background,
    Event,
    Term,
    Sources,
    /// `content/places.toml`: the places events and maps name.
    Places,
    /// A standalone page of `content/pages/` (about, methodology…).
    Page,
    /// A data table of `content/data/` (`x.csv`) or its description (`x.toml`).
    Data,
}

impl Kind {
    /// The folder a kind lives in, for cross-references (`@/timeline/x.md`).
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Explainer | Kind::Sources | Kind::Places => "",
            Kind::Background => "background",
            Kind::Event => "timeline",
            Kind::Term => "glossary",
            Kind::Page => "pages",
            Kind::Data => "data",
        }
    }

    /// Where a new file of this kind goes, from the site root: `content/timeline/x.md`.
    pub fn content_file(self, stem: &str) -> String {
        format!("content/{}/{stem}.md", self.folder())
    }
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, with `/` separators: `content/timeline/x.md`.
    pub rel_path: PathBuf,
    pub kind: Kind,
    pub text: Arc<str>,
}

/// Everything a build reads, in memory.
#[derive(Debug, Clone, Default)]
pub struct SiteInput {
    pub config_text: String,
    pub files: Vec<SourceFile>,
    /// Template overrides from the site's `templates/`: (name, text), sorted by name.
    pub templates: Vec<(String, String)>,
    /// Files under `static/`, relative to it, sorted; credit sidecars (`x.jpg.toml`)
    /// are not among them: they describe an image and are not published.
    pub static_files: Vec<PathBuf>,
    /// The images of `static/`, with their sizes and sidecars, in `static_files` order.
    pub images: Vec<images::StaticImage>,
    /// Problems found while reading that do not stop the build (ignored files).
    pub warnings: Vec<Diagnostic>,
    /// An edition's translations, by their original's path (see `model::editions`).
    pub translations: std::collections::BTreeMap<PathBuf, Translation>,
    /// The site's interface strings, `i18n/<lang>.toml`: (file name, text), sorted.
    pub strings: Vec<(String, String)>,
}

pub use translations::{Change, Translation};

/// Reads a site. I/O and encoding problems come back as diagnostics; content that is
/// merely in the wrong place is a warning and is skipped.
pub fn read_site(root: &Path) -> Result<SiteInput, Diagnostics> {
    let config_text = read_config(root)?;
    let site_folder = SiteFolder::new(root);
    // One list for the three walks, in their order: content, templates, static.
    let mut diags = Diagnostics::default();
    let files = read_content(root, &site_folder, &mut diags);
    let templates = read_texts(root, "templates", &site_folder, &mut diags);
    let static_files = list_static(root, &site_folder, &mut diags);
    let strings = read_texts(root, "i18n", &site_folder, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let images = images::read_images(&root.join("static"), &static_files);
    Ok(SiteInput {
        config_text,
        files,
        templates,
        static_files,
        images,
        warnings: diags.0,
        translations: Default::default(),
        strings,
    })
}

/// `dossier.toml`, decoded. Without it there is no site to read any further.
fn read_config(root: &Path) -> Result<String, Diagnostics> {
    let config_path = root.join(CONFIG_FILE);
    match fs::read(&config_path) {
        Ok(bytes) => Ok(decode(Path::new(CONFIG_FILE), bytes, Class::Setup)?),
        Err(e) => {
            let hint = if root.join("content").is_dir() {
                "create it with at least: title = \"My explainer\"".to_string()
            } else {
                format!(
                    "is `{}` a Dossier site? Pass the site folder with --root DIR",
                    root.display()
                )
            };
            Err(Diagnostic::error(
                Class::Setup,
                format!("cannot read {}: {}", config_path.display(), io_reason(&e)),
            )
            .with_hint(hint)
            .into())
        }
    }
}

/// Every content file of `content/`, classified and decoded, in walk order.
fn read_content(root: &Path, site_folder: &SiteFolder, diags: &mut Diagnostics) -> Vec<SourceFile> {
    let found = walk_content(root, site_folder, diags);
    // Where links lead, and the files themselves, are read in parallel (10,000 pages are
    // 10,000 opens and reads, and a path resolution each); results keep the walk's order.
    let read: Vec<Result<SourceFile, Diagnostic>> = found
        .into_par_iter()
        .map(|(path, rel, via_link)| {
            if let Some(d) = via_link.then(|| site_folder.check_inside(&path, &rel)).flatten() {
                return Err(d);
            }
            let Some(kind) = classify(&rel) else {
                return Err(
                    Diagnostic::warning("file is not part of the site format and was ignored")
                        .in_file(&rel)
                        .with_hint("content/ holds index.md, sources.toml, places.toml, .md files directly in background/, timeline/, glossary/ and pages/, and .csv tables with their .toml descriptions in data/"),
                );
            };
            read_content_file(&path, rel, kind)
        })
        .collect();
    let mut files = vec![];
    for r in read {
        match r {
            Ok(file) => files.push(file),
            Err(d) => diags.push(d),
        }
    }
    files
}

/// Every text file of the site's `folder` (`templates`, `i18n`), (name inside it, text),
/// sorted by name.
fn read_texts(
    root: &Path,
    folder: &str,
    site_folder: &SiteFolder,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut templates = vec![];
    let tdir = root.join(folder);
    if !tdir.is_dir() {
        return templates;
    }
    for entry in WalkDir::new(&tdir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = relative(root, entry.path());
        if let Some(d) = site_folder.check_inside(entry.path(), &rel) {
            diags.push(d);
            continue;
        }
        let name = relative(&tdir, entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        match fs::read(entry.path()) {
            Ok(bytes) => match decode(&rel, bytes, Class::Content) {
                Ok(text) => templates.push((name, text)),
                Err(d) => diags.push(d),
            },
            Err(e) => diags.push(
                Diagnostic::error(
                    Class::Setup,
                    format!("cannot read {folder} file: {}", io_reason(&e)),
                )
                .in_file(&rel),
            ),
        }
    }
    templates
}

/// The files under `static/`, relative to it, sorted; they are copied later, not read here.
fn list_static(root: &Path, site_folder: &SiteFolder, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut static_files = vec![];
    let sdir = root.join("static");
    if !sdir.is_dir() {
        return static_files;
    }
    let mut walk = WalkDir::new(&sdir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        match entry {
            Ok(e) if e.file_type().is_dir() => {
                if let Some(d) = site_folder.linked_folder_outside(root, &e) {
                    diags.push(d);
                    walk.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_file() && !images::is_sidecar(&relative(&sdir, e.path())) => {
                match site_folder.check_inside(e.path(), &relative(root, e.path())) {
                    Some(d) => diags.push(d),
                    None => static_files.push(relative(&sdir, e.path())),
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(walk_error(root, &e)),
        }
    }
    static_files
}

/// Reads and decodes one content file found by the walk.
fn read_content_file(path: &Path, rel: PathBuf, kind: Kind) -> Result<SourceFile, Diagnostic> {
    match fs::read(path) {
        Ok(bytes) => decode(&rel, bytes, Class::Content).map(|text| SourceFile {
            rel_path: rel,
            kind,
            text: text.into(),
        }),
        Err(e) => {
            let hint = match e.kind() {
                // Listed by the walk, gone when read: an editor saving by rename, a sync
                // tool, a `git checkout` running at the same time.
                std::io::ErrorKind::NotFound => {
                    "the file was removed while the site was being read; build again"
                }
                std::io::ErrorKind::IsADirectory => {
                    "this is a folder; a page must be a markdown file"
                }
                _ => "check the file's permissions: Dossier must be able to read it",
            };
            Err(
                Diagnostic::error(Class::Setup, format!("cannot read file: {}", io_reason(&e)))
                    .in_file(rel)
                    .with_hint(hint),
            )
        }
    }
}

/// Where a file of `content/` belongs, from its relative path.
pub fn classify(rel: &Path) -> Option<Kind> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let is_md = |s: &str| s.ends_with(".md");
    match parts.as_slice() {
        // `index.ar.md`: a translation of the explainer (model::editions sorts them out).
        [c, f] if c == "content" && f.starts_with("index.") && is_md(f) => Some(Kind::Explainer),
        [c, f] if c == "content" && f == "sources.toml" => Some(Kind::Sources),
        [c, d, f]
            if c == "content" && d == "data" && (f.ends_with(".csv") || f.ends_with(".toml")) =>
        {
            Some(Kind::Data)
        }
        [c, f] if c == "content" && f == "places.toml" => Some(Kind::Places),
        [c, d, f] if c == "content" && is_md(f) => match d.as_str() {
            "background" => Some(Kind::Background),
            "timeline" => Some(Kind::Event),
            "glossary" => Some(Kind::Term),
            "pages" => Some(Kind::Page),
            _ => None,
        },
        _ => None,
    }
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

/// Decodes UTF-8, pointing at the first bad byte's line and column when it is not.
fn decode(rel: &Path, bytes: Vec<u8>, class: Class) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        // Show the line up to the bad byte; the caret sits just after it.
        let mut shown = good.clone();
        let rest_end = bytes[valid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| valid + i);
        shown.push_str(&String::from_utf8_lossy(&bytes[valid..rest_end]));
        Diagnostic::error(class, "file is not valid UTF-8")
            .at(rel, &shown, valid..valid + 1)
            .with_hint(format!(
                "byte 0x{:02X} here is not UTF-8; save the file as UTF-8 in your editor",
                bytes[valid]
            ))
    })
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().map(|p| relative(root, p)).unwrap_or_default();
    if e.loop_ancestor().is_some() {
        return Diagnostic::error(Class::Setup, "symbolic link loop")
            .in_file(path)
            .with_hint("this link points back to a folder that contains it; remove the link");
    }
    let reason = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
    let vanished = e
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
    let hint = if vanished {
        "it was removed while the site was being read, or it is a link to nothing; build again or remove the link"
    } else {
        "check that the folder exists and is readable"
    };
    Diagnostic::error(Class::Setup, format!("cannot read: {reason}"))
        .in_file(path)
        .with_hint(hint)
}

pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "not found".into(),
        PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_place() {
        assert_eq!(
            classify(Path::new("content/index.md")),
            Some(Kind::Explainer)
        );
        assert_eq!(
            classify(Path::new("content/timeline/a.md")),
            Some(Kind::Event)
        );
        assert_eq!(
            classify(Path::new("content/glossary/a.md")),
            Some(Kind::Term)
        );
        assert_eq!(classify(Path::new("content/background/a/b.md")), None);
        assert_eq!(classify(Path::new("content/notes.txt")), None);
    }

    #[test]
    fn a_file_gone_between_walk_and_read_is_an_io_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vanished.md");
        let rel = PathBuf::from("content/timeline/vanished.md");
        let d = read_content_file(&path, rel.clone(), Kind::Event).unwrap_err();
        assert_eq!(d.class, Class::Setup);
        assert_eq!(d.location.unwrap().file, rel);
        assert!(d.message.contains("not found"), "{}", d.message);
        assert!(d.hint.unwrap().contains("removed while"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let d = decode(Path::new("x.md"), b"ok\nab\xffc\n".to_vec(), Class::Content).unwrap_err();
        let p = d.location.unwrap().position.unwrap();
        assert_eq!((p.line, p.column), (2, 3));
    }
}
