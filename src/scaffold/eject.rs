//! `dossier templates eject [NAME]`: copies the built-in templates (and the assets a site
//! may replace by name: `style.css`, `dossier.js`…) into the site's `templates/`, to start
//! a custom look from what Dossier ships rather than from nothing. Never overwrites: a
//! file the site already has is left as it is.

use std::path::{Path, PathBuf};

use super::{create_new, usage};
use crate::diag::{closest, Diagnostic};
use crate::render::{BUILTIN_ASSETS, BUILTIN_TEMPLATES};

/// What `eject` did: the files written, and those left alone because the site has them.
#[derive(Debug, Default)]
pub struct Ejected {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// Every name `eject` knows, in the order the built-ins are listed.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN_TEMPLATES
        .iter()
        .chain(BUILTIN_ASSETS)
        .map(|(name, _)| *name)
}

/// Copies the built-in `name` (`base.html`, `partials/nav.html`, `style.css`; a partial
/// may be named without `partials/`), or every built-in, into `root/templates/`.
pub fn eject(root: &Path, name: Option<&str>) -> Result<Ejected, Diagnostic> {
    if !root.join(crate::parse::config::FILE_NAME).is_file() {
        return Err(usage(
            format!("`{}` is not a site: it has no dossier.toml", root.display()),
            "run this in the site's folder, or pass --root DIR",
        ));
    }
    let chosen: Vec<(&str, &str)> = match name {
        None => BUILTIN_TEMPLATES
            .iter()
            .chain(BUILTIN_ASSETS)
            .copied()
            .collect(),
        Some(n) => vec![find(n)?],
    };
    let mut done = Ejected::default();
    for (file, text) in chosen {
        let path = root.join("templates").join(file);
        if path.exists() {
            // Asked for by name, an existing file is an error; in a copy of them all, it
            // is the site's own and stays.
            if name.is_some() {
                return Err(usage(
                    format!("`{}` already exists", path.display()),
                    "nothing was changed; delete or rename it to eject the built-in afresh",
                ));
            }
            done.kept.push(path);
            continue;
        }
        create_new(&path, text)?;
        done.written.push(path);
    }
    Ok(done)
}

/// The built-in called `name`, or a usage error with the nearest name.
fn find(name: &str) -> Result<(&'static str, &'static str), Diagnostic> {
    let wanted = name.trim_start_matches("templates/");
    let partial = format!("partials/{wanted}");
    BUILTIN_TEMPLATES
        .iter()
        .chain(BUILTIN_ASSETS)
        .find(|(n, _)| *n == wanted || *n == partial)
        .copied()
        .ok_or_else(|| {
            let hint = match closest(wanted, builtin_names()) {
                Some(near) => format!(
                    "did you mean `{near}`? `dossier templates eject` alone copies them all"
                ),
                None => format!(
                    "the built-ins are: {}",
                    builtin_names().collect::<Vec<_>>().join(", ")
                ),
            };
            usage(format!("no built-in template `{name}`"), hint)
        })
}
