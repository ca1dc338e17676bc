//! The rustc-style text of a diagnostic, as `main` prints it: severity and message, the
//! `-->` location, the line with carets under the span, the hint beside them.

use std::fmt::Write as _;

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
    let mut out = String::new();
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let _ = writeln!(out, "{label}: {}", d.message);
    let hint = d.hint.as_deref();
    match d.location.as_deref() {
        Some(loc) => {
            let file = loc.file.display().to_string().replace('\\', "/");
            match (loc.position, &loc.line_text) {
                (Some(pos), Some(line_text)) => {
                    snippet(&mut out, &file, loc, pos, line_text, hint);
                }
                _ => {
                    let _ = writeln!(out, " --> {file}");
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
    if let Some(h) = hint {
        let _ = writeln!(out, "  = hint: {h}");
    }
}

/// `--> file:line:col`, the line, and carets under the span with the hint beside them.
fn snippet(
    out: &mut String,
    file: &str,
    loc: &Location,
    pos: Position,
    line_text: &str,
    hint: Option<&str>,
) {
    let num = pos.line.to_string();
    let pad = " ".repeat(num.len());
    let _ = writeln!(out, "{pad}--> {file}:{}:{}", pos.line, pos.column);
    let _ = writeln!(out, "{pad} |");
    // `line_text` is already cut to the snippet; the caps guard against a hand-made
    // Location.
    let shown: String = line_text.chars().take(SNIPPET_CHARS + 2).collect();
    let _ = writeln!(out, "{num} | {}", shown.replace('\t', " "));
    let col = loc.snippet_column.clamp(1, SNIPPET_CHARS + 2);
    let caret_pad = " ".repeat(col - 1);
    let carets = "^".repeat(
        loc.width
            .min((SNIPPET_CHARS + 2).saturating_sub(col - 1))
            .max(1),
    );
    match hint {
        Some(h) => {
            let _ = writeln!(out, "{pad} | {caret_pad}{carets} {h}");
        }
        None => {
            let _ = writeln!(out, "{pad} | {caret_pad}{carets}");
        }
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
