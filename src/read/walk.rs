//! Finding the site's files: the walk of `content/`, and the check that what a symbolic
//! link leads to stays inside the site folder.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::{classify, relative, walk_error};
use crate::diag::{Class, Diagnostic, Diagnostics};

/// The files of `content/` that may be content, sorted: (path, path relative to the
/// root, whether it is a symbolic link).
///
/// Only a link can lead outside the site folder, so only links are resolved and
/// checked: resolving every path took a system call per folder of it, for each of a
/// large site's thousands of files. A linked folder that leads out is one error, at the
/// link, and nothing behind it is read (`content/background -> /usr/share/doc` would be
/// an error per file); one that stays inside holds only files inside, unless they are
/// links themselves, which are checked as they are read.
pub(super) fn walk_content(
    root: &Path,
    site_folder: &SiteFolder,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, PathBuf, bool)> {
    let content = root.join("content");
    let mut found = vec![];
    if !content.is_dir() {
        return found;
    }
    let mut walk = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        if let Some(d) = site_folder.linked_folder_outside(root, &entry) {
            diags.push(d);
            walk.skip_current_dir();
            continue;
        }
        let rel = relative(root, entry.path());
        if !entry.file_type().is_file() {
            // A folder (or a pipe, a socket…) where a page belongs is a mistake, not a
            // page: say so instead of building without it.
            if entry.depth() > 0 && classify(&rel).is_some() {
                diags.push(not_a_file(&rel, entry.file_type().is_dir()));
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        // Editor droppings (swap, backup, lock files) and hidden files are not content.
        if name.starts_with('.') || name.ends_with('~') || name.starts_with('#') {
            continue;
        }
        let is_link = entry.path_is_symlink();
        found.push((entry.into_path(), rel, is_link));
    }
    found
}

/// The site folder as the file system resolves it, to keep symbolic links from reading
/// (and publishing) files elsewhere on the machine: `static/keys -> ~/.ssh/id_rsa`
/// would be copied into the output, `templates/base.html -> /etc/passwd` rendered into
/// every page, a content file's first line shown in an error.
pub(super) struct SiteFolder(Option<PathBuf>);

impl SiteFolder {
    pub(super) fn new(root: &Path) -> SiteFolder {
        SiteFolder(fs::canonicalize(root).ok())
    }

    /// An error when `entry` is a linked folder that leads outside the site folder: one
    /// error at the link, for the walk to skip what is behind it (`static/usr -> /usr`
    /// was 175,239 errors, one per file; issue 21, point 11).
    pub(super) fn linked_folder_outside(
        &self,
        root: &Path,
        entry: &DirEntry,
    ) -> Option<Diagnostic> {
        if !(entry.path_is_symlink() && entry.file_type().is_dir()) {
            return None;
        }
        self.check_inside(entry.path(), &relative(root, entry.path()))
    }

    /// An error when `path`, once links are resolved, lies outside the site folder.
    pub(super) fn check_inside(&self, path: &Path, rel: &Path) -> Option<Diagnostic> {
        let site = self.0.as_ref()?;
        let real = fs::canonicalize(path).ok()?;
        (!real.starts_with(site)).then(|| {
            Diagnostic::error(
                Class::Setup,
                format!("`{}` links to a place outside the site folder", rel.display()),
            )
            .in_file(rel)
            .with_hint("Dossier reads only files inside the site folder: copy the file in instead of linking to it")
        })
    }
}

fn not_a_file(rel: &Path, is_dir: bool) -> Diagnostic {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (what, hint) = if is_dir {
        (
            "a folder",
            format!("`{name}` here must be a file; rename the folder or move its files out"),
        )
    } else {
        (
            "not a regular file",
            format!("`{name}` here must be a plain text file"),
        )
    };
    Diagnostic::error(
        Class::Setup,
        format!("`{}` is {what}, not a content file", rel.display()),
    )
    .in_file(rel)
    .with_hint(hint)
}
