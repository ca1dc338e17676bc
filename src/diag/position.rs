//! Positions: a byte range of a file's text → the 1-based line and column and the
//! snippet of the line a diagnostic shows. Lines and columns count from the top of the
//! whole file; columns count characters. Never panics on an odd offset: it is clamped.

use std::path::PathBuf;

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
}
