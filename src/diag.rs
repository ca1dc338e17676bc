//! Diagnostics: the one error/warning type of the whole pipeline, positions, and the
//! rustc-style renderer.
//!
//! A diagnostic is built where its span is known (a byte range in a file's full text), so
//! every message can name file, line and column *counted from the start of the file*
//! (zola#1133 counted from the frontmatter; we never do). This module knows nothing about
//! pages: it takes text and byte offsets.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a diagnostic points: a file relative to the site root, and optionally a position
/// with the source line it sits on (kept so the renderer needs no file access).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub position: Option<Position>,
    /// The full text of the line the span starts on, for the snippet.
    pub line_text: Option<String>,
    /// How many characters to underline (at least 1).
    pub width: usize,
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

/// Turns a byte range into a [`Location`]. Offsets past the end or inside a UTF-8 sequence
/// are clamped, so a diagnostic never panics on odd input.
pub fn locate(file: PathBuf, text: &str, span: std::ops::Range<usize>) -> Location {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let mut end = span.end.clamp(start, line_end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let width = text[start..end].chars().count().max(1);
    let line_text = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    Location {
        file,
        position: Some(Position { line, column }),
        line_text: Some(line_text),
        width,
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

/// Renders one diagnostic like rustc:
/// ```text
/// error: unknown field `stat_date`
///  --> content/timeline/x.md:3:1
///   |
/// 3 | stat_date = "2024-01-27"
///   | ^^^^^^^^^ did you mean `date`?
/// ```
pub fn render(d: &Diagnostic) -> String {
    let mut out = String::new();
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let _ = writeln!(out, "{label}: {}", d.message);
    match &d.location {
        None => {
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "  = hint: {h}");
            }
        }
        Some(loc) => {
            let file = loc.file.display().to_string().replace('\\', "/");
            match (loc.position, &loc.line_text) {
                (Some(pos), Some(line_text)) => {
                    let num = pos.line.to_string();
                    let pad = " ".repeat(num.len());
                    let _ = writeln!(out, "{pad}--> {file}:{}:{}", pos.line, pos.column);
                    let _ = writeln!(out, "{pad} |");
                    let shown: String = line_text.chars().take(200).collect();
                    let _ = writeln!(out, "{num} | {}", shown.replace('\t', " "));
                    let caret_pad = " ".repeat(pos.column.saturating_sub(1).min(200));
                    let carets = "^".repeat(
                        loc.width
                            .min(200usize.saturating_sub(pos.column - 1))
                            .max(1),
                    );
                    match &d.hint {
                        Some(h) => {
                            let _ = writeln!(out, "{pad} | {caret_pad}{carets} {h}");
                        }
                        None => {
                            let _ = writeln!(out, "{pad} | {caret_pad}{carets}");
                        }
                    }
                }
                _ => {
                    let _ = writeln!(out, " --> {file}");
                    if let Some(h) = &d.hint {
                        let _ = writeln!(out, "  = hint: {h}");
                    }
                }
            }
        }
    }
    out
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Suggests the closest of `candidates` to `word` (edit distance at most a third of its
/// length, and at least 1), for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_file_start() {
        let text = "+++\ntitle = \"é\"\nstat_date = 1\n+++\n";
        let off = text.find("stat_date").unwrap();
        let loc = locate("a.md".into(), text, off..off + 9);
        assert_eq!(loc.position, Some(Position { line: 3, column: 1 }));
        assert_eq!(loc.width, 9);
        let off = text.find('"').unwrap() + 1; // the é
        let loc = locate("a.md".into(), text, off + 2..off + 3);
        assert_eq!(
            loc.position,
            Some(Position {
                line: 2,
                column: 11
            })
        );
    }

    #[test]
    fn renders_like_rustc() {
        let text = "a\nstat_date = 1\n";
        let d = Diagnostic::error(Class::Content, "unknown field `stat_date`")
            .at("content/x.md", text, 2..11)
            .with_hint("did you mean `date`?");
        assert_eq!(
            render(&d),
            "error: unknown field `stat_date`\n --> content/x.md:2:1\n  |\n2 | stat_date = 1\n  | ^^^^^^^^^ did you mean `date`?\n"
        );
    }

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(
            closest("end_dat", ["date", "end_date", "title"]),
            Some("end_date")
        );
        assert_eq!(closest("zzzzzz", ["date", "title"]), None);
    }
}
