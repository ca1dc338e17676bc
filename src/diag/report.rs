//! The rustc-style text of a diagnostic, as `main` prints it: severity and message, the
//! `-->` location, the line with carets under the span, the hint beside them. On a
//! terminal the same text is coloured like rustc's ([`report_for_terminal`]); whether
//! it is, `main` decides once (`--color`, `NO_COLOR`, a pipe) with [`set_color`].

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Diagnostic, Location, Position, Severity, SNIPPET_CHARS};

/// Renders one diagnostic like rustc:
/// ```text
/// error: unknown field `stat_date`
///  --> content/timeline/x.md:3:1
///   |
/// 3 | stat_date = "2024-01-27"
///   | ^^^^^^^^^ did you mean `date`?
/// ```
pub fn report(d: &Diagnostic) -> String {
    styled(d, Paint { on: false })
}

static COLOR: AtomicBool = AtomicBool::new(false);

/// Whether [`report_for_terminal`] colours (set once by `main`).
pub fn set_color(on: bool) {
    COLOR.store(on, Ordering::Relaxed);
}

/// [`report`], coloured when [`set_color`] said so: for the terminal only, never for
/// the browser overlay or a file.
pub fn report_for_terminal(d: &Diagnostic) -> String {
    styled(
        d,
        Paint {
            on: COLOR.load(Ordering::Relaxed),
        },
    )
}

/// ANSI colours, or none: the same text either way.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

const BOLD: &str = "1";
const GUTTER: &str = "1;34";

fn styled(d: &Diagnostic, paint: Paint) -> String {
    let mut out = String::new();
    let (label, colour) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Note => ("note", "1;36"),
    };
    let _ = writeln!(
        out,
        "{}{}",
        paint.paint(colour, &format!("{label}:")),
        paint.paint(BOLD, &format!(" {}", d.message))
    );
    let hint = d.hint.as_deref();
    match d.location.as_deref() {
        Some(loc) => {
            let file = loc.file.display().to_string().replace('\\', "/");
            match (loc.position, &loc.line_text) {
                (Some(pos), Some(line_text)) => {
                    let at = Snippet {
                        file: &file,
                        loc,
                        pos,
                        line_text,
                        hint,
                        colour,
                    };
                    at.write(&mut out, paint);
                }
                _ => {
                    let _ = writeln!(out, "{} {file}", paint.paint(GUTTER, " -->"));
                    hint_line(&mut out, hint);
                }
            }
        }
        None => hint_line(&mut out, hint),
    }
    out
}

/// The hint of a diagnostic with no line to show it under.
fn hint_line(out: &mut String, hint: Option<&str>) {
    // (Uncoloured: a whole-file hint is read as a sentence.)
    if let Some(h) = hint {
        let _ = writeln!(out, "  = hint: {h}");
    }
}

/// What `--> file:line:col`, the line, and carets under the span show.
struct Snippet<'a> {
    file: &'a str,
    loc: &'a Location,
    pos: Position,
    line_text: &'a str,
    hint: Option<&'a str>,
    /// The severity's colour, for the carets and the hint.
    colour: &'a str,
}

impl Snippet<'_> {
    /// `--> file:line:col`, the line, and carets under the span with the hint beside them.
    fn write(&self, out: &mut String, paint: Paint) {
        let (loc, pos) = (self.loc, self.pos);
        let num = pos.line.to_string();
        let pad = " ".repeat(num.len());
        let bar = paint.paint(GUTTER, &format!("{pad} |"));
        let arrow = paint.paint(GUTTER, &format!("{pad}-->"));
        let _ = writeln!(out, "{arrow} {}:{}:{}", self.file, pos.line, pos.column);
        let _ = writeln!(out, "{bar}");
        // `line_text` is already cut to the snippet; the caps guard against a hand-made
        // Location.
        let shown: String = self.line_text.chars().take(SNIPPET_CHARS + 2).collect();
        let numbered = paint.paint(GUTTER, &format!("{num} |"));
        let _ = writeln!(out, "{numbered} {}", shown.replace('\t', " "));
        let col = loc.snippet_column.clamp(1, SNIPPET_CHARS + 2);
        let caret_pad = " ".repeat(col - 1);
        let carets = "^".repeat(
            loc.width
                .min((SNIPPET_CHARS + 2).saturating_sub(col - 1))
                .max(1),
        );
        let marked = match self.hint {
            Some(h) => format!("{carets} {h}"),
            None => carets,
        };
        let _ = writeln!(
            out,
            "{bar} {caret_pad}{}",
            paint.paint(self.colour, &marked)
        );
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Class;

    #[test]
    fn renders_like_rustc() {
        let text = "a\nstat_date = 1\n";
        let d = Diagnostic::error(Class::Content, "unknown field `stat_date`")
            .at("content/x.md", text, 2..11)
            .with_hint("did you mean `date`?");
        assert_eq!(
            report(&d),
            "error: unknown field `stat_date`\n --> content/x.md:2:1\n  |\n2 | stat_date = 1\n  | ^^^^^^^^^ did you mean `date`?\n"
        );
    }

    #[test]
    fn coloured_text_is_the_same_text_with_ansi_codes() {
        let d = Diagnostic::warning("no sources")
            .at("content/x.md", "a\nstat_date = 1\n", 2..11)
            .with_hint("cite one");
        let coloured = styled(&d, Paint { on: true });
        assert!(
            coloured.starts_with("\x1b[1;33mwarning:\x1b[0m"),
            "{coloured:?}"
        );
        let mut plain = String::new();
        let mut in_code = false;
        for c in coloured.chars() {
            match c {
                '\x1b' => in_code = true,
                'm' if in_code => in_code = false,
                c if !in_code => plain.push(c),
                _ => {}
            }
        }
        assert_eq!(plain, report(&d));
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
        let shown = report(&d);
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[4].find('^').unwrap();
        let under: String = lines[3].chars().skip(caret).take(4).collect();
        assert_eq!(under, "[@X]", "{shown}");
        assert_eq!(&lines[4][caret..], "^^^^");
    }
}
