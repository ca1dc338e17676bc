//! `dossier init` and `dossier new`: a starter site, or one new content file whose
//! frontmatter builds.
//!
//! What to write is decided by pure functions in `texts` (tested without a disk). The
//! two entry points here, [`init`] and [`new`], are the only I/O, and they never
//! overwrite: files are created with `create_new`, a non-empty folder is refused, and
//! `sources.toml` is appended to only after its ids were read. New files carry `TODO:` notes where the
//! editor has to write; a build warns about each one left (see `model::PLACEHOLDER`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

mod eject;
mod texts;

pub use eject::{builtin_names, eject, Ejected};

use crate::dates::PartialDate;
use crate::diag::{Class, Diagnostic};
use crate::slug::slugify;

pub use texts::{
    append_source, new_file, next_source_id, starter_files, toml_string, SOURCES_FILE,
};

/// What `dossier new` adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Background,
    Event,
    Term,
    Source,
}

/// `dossier new KIND TITLE [--date D] [--url U]`, as given.
#[derive(Debug, Clone, Copy)]
pub struct NewRequest<'a> {
    pub kind: NewKind,
    pub title: &'a str,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
}

/// What `dossier new` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    File(PathBuf),
    Source { id: String, file: PathBuf },
}

fn usage(message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Class::Setup, message).with_hint(hint)
}

fn parse_date(date: Option<&str>) -> Result<Option<PartialDate>, Diagnostic> {
    date.map(|d| {
        PartialDate::parse(d.trim()).map_err(|e| usage(format!("--date: {}", e.message), e.hint))
    })
    .transpose()
}

// ---------------------------------------------------------------------------------------
// I/O: the only functions here that touch the disk.

/// `dossier init DIR`: writes the starter site into DIR, which must be missing or empty.
/// Returns the files written.
pub fn init(dir: &Path, ci: Option<Ci>) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = dir.display();
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(usage(
                    format!("`{shown}` is not empty"),
                    "init writes a new site into an empty or new folder, e.g. `dossier init my-explainer`",
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) if dir.is_file() => {
            return Err(usage(
                format!("`{shown}` is a file"),
                "give the name of a new folder, e.g. `dossier init my-explainer`",
            ))
        }
        Err(e) => return Err(io_error(dir, &e)),
    }
    let mut files = starter_files(today());
    if ci == Some(Ci::Github) {
        let (path, text) = texts::GITHUB_WORKFLOW;
        files.push((
            PathBuf::from(path),
            text.replace("{version}", env!("CARGO_PKG_VERSION")),
        ));
    }
    let mut written = vec![];
    for (rel, text) in files {
        let path = dir.join(rel);
        create_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// A continuous-integration service `init` writes a publishing workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Actions, publishing to GitHub Pages.
    Github,
}

/// `dossier new KIND TITLE`: creates the file (or appends the source) in the site at
/// `root`.
pub fn new(root: &Path, req: &NewRequest<'_>) -> Result<Created, Diagnostic> {
    if !root.join(crate::parse::config::FILE_NAME).is_file() {
        return Err(usage(
            format!("`{}` is not a Dossier site: it has no dossier.toml", root.display()),
            "run this in a site's folder, pass --root DIR, or create a site with `dossier init DIR`",
        ));
    }
    let date = parse_date(req.date)?;
    if req.date.is_some() && !matches!(req.kind, NewKind::Event | NewKind::Source) {
        return Err(usage(
            "--date is for events and sources",
            "leave it out; a background page can say `updated = 2024-01-27` in its frontmatter",
        ));
    }
    if req.url.is_some() && req.kind != NewKind::Source {
        return Err(usage(
            "--url is for sources",
            "leave it out, or use `dossier new source \"Title\" --url …`",
        ));
    }
    if req.kind == NewKind::Source {
        return new_source(root, req, date);
    }
    let (rel, text) = new_file(req.kind, req.title, date)?;
    let path = root.join(&rel);
    if let Some(other) = same_url(&path)? {
        let message = if other == path {
            format!("`{}` already exists", path.display())
        } else {
            format!(
                "`{}` already makes this URL; a second file would clash with it",
                other.display()
            )
        };
        return Err(usage(
            message,
            "nothing was changed; choose another title, or edit that file",
        ));
    }
    create_new(&path, &text)?;
    Ok(Created::File(path))
}

fn new_source(
    root: &Path,
    req: &NewRequest<'_>,
    date: Option<PartialDate>,
) -> Result<Created, Diagnostic> {
    if req.title.trim().is_empty() {
        return Err(usage(
            "a source needs a title",
            "e.g. dossier new source \"Iraq and US begin formal talks\" --url https://…",
        ));
    }
    if let Some(u) = req.url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(usage(
                format!("--url `{u}` is not a web address"),
                "a source url starts with https:// or http://",
            ));
        }
    }
    let path = root.join(SOURCES_FILE);
    let existing = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_error(&path, &e)),
    };
    let ids = crate::parse::frontmatter::parse_sources(Path::new(SOURCES_FILE), &existing)
        .map_err(|d| {
            let first = d.into_iter().next();
            usage(
                format!(
                    "cannot add a source: {SOURCES_FILE} has an error{}",
                    first
                        .map(|d| format!(" ({})", d.message))
                        .unwrap_or_default()
                ),
                "fix it first (`dossier check` shows where), then run this again",
            )
        })?;
    let id = next_source_id(ids.iter().map(|s| s.id.as_str()));
    let text = append_source(&existing, &id, req.title, date, req.url);
    if existing.is_empty() {
        create_new(&path, &text)?;
    } else {
        // Only what is new is written, at the end: the editor's text is never rewritten.
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| io_error(&path, &e))?;
        f.write_all(&text.as_bytes()[existing.len()..])
            .map_err(|e| io_error(&path, &e))?;
    }
    Ok(Created::Source { id, file: path })
}

/// Another file in the same folder whose name gives the same URL (`Talks Open.md` and
/// `talks-open.md`).
fn same_url(path: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) else {
        return Ok(None);
    };
    let slug = slugify(&stem.to_string_lossy());
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(dir, &e)),
    };
    let mut clash: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| slugify(&s.to_string_lossy()) == slug)
        })
        .collect();
    clash.sort();
    Ok(clash.into_iter().next())
}

/// Creates `path` (and its folders) with `text`; refuses to replace an existing file.
fn create_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                usage(
                    format!("`{}` already exists", path.display()),
                    "nothing was changed; choose another title, or edit that file",
                )
            } else {
                io_error(path, &e)
            }
        })?;
    f.write_all(text.as_bytes()).map_err(|e| io_error(path, &e))
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    usage(
        format!("cannot write `{}`: {e}", path.display()),
        "check that the folder exists and that you may write to it",
    )
}

/// Today's date (UTC), for the starter explainer's `published`.
fn today() -> PartialDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → the calendar date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> PartialDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    PartialDate { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(19_749).to_string(), "2024-01-27");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
    }
}
