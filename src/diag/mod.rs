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
    /// The line the span starts on, for the snippet. A line longer than
    /// [`SNIPPET_CHARS`] is cut to a window around the span, marked with `…` (a 1 MB line
    /// must not be copied into every diagnostic on it).
    pub line_text: Option<String>,
    /// 1-based column of the span inside `line_text`; differs from `position.column`
    /// only when the line was cut.
    pub snippet_column: usize,
    /// How many characters to underline (at least 1, at most to the snippet's end).
    pub width: usize,
}

/// The most characters of a line a diagnostic keeps (and the renderer shows).
pub const SNIPPET_CHARS: usize = 200;
/// When a long line is cut, how many characters before the span stay in view.
const SNIPPET_LEAD: usize = 60;

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

/// Turns a byte range into a [`Location`]. Offsets past the end or inside a UTF-8 sequence
/// are clamped, so a diagnostic never panics on odd input. Counts lines from the top of
/// the text: for many diagnostics in one text, use a [`LineIndex`].
pub fn locate(file: PathBuf, text: &str, span: std::ops::Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = count_newlines(&text.as_bytes()[..line_start]) + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line_span = LineSpan {
        number: line,
        start: line_start,
        end: line_end,
    };
    located(file, text, line_span, start, column, span.end)
}

/// Where each line of a text starts, to locate many diagnostics in it: a lookup is a
/// binary search, not a count from the top of the file (50,000 warnings on one page
/// were quadratic).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last position located, as (byte, column): a later one on the same line counts
    /// its column on from there, so many diagnostics on one long line stay linear.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The same [`Location`] as [`locate`] gives for this text.
    pub fn locate(&self, file: PathBuf, span: std::ops::Range<usize>) -> Location {
        let text = self.text;
        let start = floor_char_boundary(text, span.start);
        let index = self.starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.starts[index];
        let line_end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |&next| next - 1);
        let column = match self.last.get() {
            (byte, col) if (line_start..=start).contains(&byte) => {
                col + text[byte..start].chars().count()
            }
            _ => text[line_start..start].chars().count() + 1,
        };
        self.last.set((start, column));
        let line_span = LineSpan {
            number: index + 1,
            start: line_start,
            end: line_end,
        };
        located(file, text, line_span, start, column, span.end)
    }
}

/// One line of a text: its 1-based number and byte range (without the `\n`).
struct LineSpan {
    number: usize,
    start: usize,
    end: usize,
}

fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Builds the location of `start` (at `column` of `line`), keeping at most
/// [`SNIPPET_CHARS`] of the line around it.
fn located(
    file: PathBuf,
    text: &str,
    line: LineSpan,
    start: usize,
    column: usize,
    end: usize,
) -> Location {
    let mut line_end = line.end;
    if line_end > line.start && text.as_bytes()[line_end - 1] == b'\r' {
        line_end -= 1;
    }
    // A span starting on the line's `\r` is shown at the end of the line.
    let start = start.min(line_end);
    // A line of at most SNIPPET_CHARS bytes is kept whole; a longer one is cut to a
    // window that starts a little before the span (walking a few characters, never the
    // whole line).
    let (from, cut_before) = if line_end - line.start <= SNIPPET_CHARS || column <= SNIPPET_LEAD {
        (line.start, false)
    } else {
        let back = text[line.start..start]
            .char_indices()
            .rev()
            .nth(SNIPPET_LEAD - 1)
            .map_or(line.start, |(i, _)| line.start + i);
        (back, back > line.start)
    };
    let to = text[from..line_end]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(line_end, |(i, _)| from + i);
    let cut_after = to < line_end;
    let mut line_text = String::with_capacity(to - from + 6);
    if cut_before {
        line_text.push('…');
    }
    line_text.push_str(&text[from..to]);
    if cut_after {
        line_text.push('…');
    }
    let snippet_column = text[from..start].chars().count() + 1 + usize::from(cut_before);
    let end = floor_char_boundary(text, end.clamp(start, to));
    let width = text[start..end].chars().count().max(1);
    Location {
        file,
        position: Some(Position {
            line: line.number,
            column,
        }),
        line_text: Some(line_text),
        snippet_column,
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
                    // `line_text` is already cut to the snippet; the caps guard against a
                    // hand-made Location.
                    let shown: String = line_text.chars().take(SNIPPET_CHARS + 2).collect();
                    let _ = writeln!(out, "{num} | {}", shown.replace('\t', " "));
                    let col = loc.snippet_column.clamp(1, SNIPPET_CHARS + 2);
                    let caret_pad = " ".repeat(col - 1);
                    let carets = "^".repeat(
                        loc.width
                            .min((SNIPPET_CHARS + 2).saturating_sub(col - 1))
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
    let len = word.chars().count();
    let limit = (len / 3).max(2);
    candidates
        .into_iter()
        // The distance is at least the difference in length: skip the quadratic
        // computation when that alone rules a candidate out (a 1 MB "word" in `[[…]]`).
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
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
    fn line_index_locates_like_locate() {
        let long = format!("{}é[@X]{}", "ab ".repeat(100), "cd ".repeat(100));
        let text = format!("+++\r\nt = \"é\"\r\n+++\n\n{long}\nlast");
        let lines = LineIndex::new(&text);
        for start in 0..=text.len() + 2 {
            for end in [start, start + 1, start + 7, start + 400] {
                assert_eq!(
                    lines.locate("a.md".into(), start..end),
                    locate("a.md".into(), &text, start..end),
                    "span {start}..{end}"
                );
            }
        }
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}[@X]{}\n", "a".repeat(1_000_000), "b".repeat(1_000_000));
        let start = 1_000_000;
        let d = Diagnostic::error(Class::Content, "unknown source `X`").at(
            "x.md",
            &text,
            start..start + 4,
        );
        let loc = d.location.as_ref().unwrap();
        assert_eq!(loc.position.unwrap().column, 1_000_001);
        assert!(loc.line_text.as_ref().unwrap().chars().count() <= SNIPPET_CHARS + 2);
        let shown = render(&d);
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[4].find('^').unwrap();
        let under: String = lines[3].chars().skip(caret).take(4).collect();
        assert_eq!(under, "[@X]", "{shown}");
        assert_eq!(&lines[4][caret..], "^^^^");
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
