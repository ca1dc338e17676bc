//! Diagnostics: the one error/warning type of the whole pipeline, and batches of them.
//!
//! A diagnostic is built where its span is known (a byte range in a file's full text), so
//! every message can name file, line and column *counted from the start of the file*
//! (zola#1133 counted from the frontmatter; we never do). This module knows nothing about
//! pages: it takes text and byte offsets. Positions are found in `position`, printed by
//! `report`; `suggest` finds "did you mean" names and `toml_error` words TOML errors.

mod position;
mod report;
mod suggest;
mod toml_error;

use std::path::{Path, PathBuf};

pub use position::{locate, LineIndex, Location, Position, SNIPPET_CHARS};
pub use report::{plural, report, report_for_terminal, set_color};
pub use suggest::closest;
pub use toml_error::toml_error;

/// How bad a diagnostic is. Errors fail the build; warnings fail it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information that is never a problem, even under `--strict` (e.g. "feeds were
    /// skipped because base_url is not set").
    Note,
}

/// What kind of failure an error is; decides the exit code (1 content, 2 usage/config/I/O).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Something an editor wrote in `content/` or a template is wrong: exit 1.
    Content,
    /// `dossier.toml`, the command line, or the file system: exit 2.
    Setup,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub class: Class,
    pub location: Option<Box<Location>>,
    pub message: String,
    /// Shown under the caret, like rustc's label ("did you mean `end_date`?").
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(class: Class, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            class,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            class: Class::Content,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Points at a whole file (no line), e.g. "file is not UTF-8".
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.location = Some(Box::new(Location {
            file: file.into(),
            position: None,
            line_text: None,
            snippet_column: 1,
            width: 1,
        }));
        self
    }

    /// Points at the byte range `span` of `text`, the full text of `file`.
    pub fn at(
        mut self,
        file: impl Into<PathBuf>,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Self {
        self.location = Some(Box::new(locate(file.into(), text, span)));
        self
    }

    /// Like [`Diagnostic::at`], through the file's [`LineIndex`]: for code that reports
    /// many diagnostics in one text.
    pub fn at_indexed(
        mut self,
        file: impl Into<PathBuf>,
        lines: &LineIndex<'_>,
        span: std::ops::Range<usize>,
    ) -> Self {
        self.location = Some(Box::new(lines.locate(file.into(), span)));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&Path>, Option<Position>, Severity, &str) {
        let loc = self.location.as_ref();
        (
            loc.map(|l| l.file.as_path()),
            loc.and_then(|l| l.position),
            self.severity,
            &self.message,
        )
    }
}

/// A batch of diagnostics, kept sorted by file and position for printing.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Errors or warnings: what `--strict` refuses (notes do not count).
    pub fn has_problems(&self) -> bool {
        self.0.iter().any(|d| d.severity != Severity::Note)
    }

    /// `2 errors, 1 warning`; empty when there are none.
    pub fn counts(&self) -> String {
        let mut parts = vec![];
        if self.errors() > 0 {
            parts.push(plural(self.errors(), "error"));
        }
        if self.warnings() > 0 {
            parts.push(plural(self.warnings(), "warning"));
        }
        parts.join(", ")
    }

    /// Sorts by file, then position, then severity; removes exact duplicates.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
    }

    /// The exit code these diagnostics call for: 2 for any setup error, 1 for content
    /// errors (and for warnings when `strict`), 0 otherwise.
    pub fn exit_code(&self, strict: bool) -> i32 {
        if self
            .0
            .iter()
            .any(|d| d.is_error() && d.class == Class::Setup)
        {
            2
        } else if self.has_errors() || (strict && self.has_problems()) {
            1
        } else {
            0
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}
