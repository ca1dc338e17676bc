//! The wording of TOML errors (`dossier.toml`, frontmatter, `sources.toml`): the `toml`
//! crate's message in an editor's words, at its position in the whole file, with a hint
//! for the usual mistakes.

use std::path::Path;

use super::{closest, Class, Diagnostic};

/// Maps a `toml` error onto the file: position, message, and a hint for the usual cases.
pub fn toml_error(
    file: &Path,
    text: &str,
    front: &str,
    front_offset: usize,
    e: &toml::de::Error,
) -> Diagnostic {
    let message = plain_types(e.message().trim());
    // The parser stops at its recursion limit with no span: point at the line that nests
    // deepest, not at the first line. See: issue 21, point 8.
    let span = match e.span() {
        None if message.contains("recursion limit") => deepest_line(front),
        span => span.unwrap_or(0..0),
    };
    // Errors about the whole table (a missing field) come with a span covering all of it:
    // point at the opening line instead of the first field.
    let whole = span.start == 0 && (span.end >= front.trim_end().len() || span.end == 0);
    let span = if whole && message.starts_with("missing field") {
        // A frontmatter block: its opening `+++`; a TOML file: its first character.
        let open = front_offset.saturating_sub(4);
        open..open + if front_offset > 0 { 3 } else { 0 }
    } else {
        span.start + front_offset..span.end + front_offset
    };
    let hint = hint_for(&message, front_offset > 0)
        .or_else(|| unquoted_hint(&message, line_at(text, span.start)));
    let d = Diagnostic::error(Class::Content, message).at(file, text, span);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The start of the line of `front` that nests deepest (dotted keys, brackets, braces).
fn deepest_line(front: &str) -> std::ops::Range<usize> {
    let mut best = (0, 0);
    let mut start = 0;
    for line in front.split_inclusive('\n') {
        let depth = line
            .bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count();
        if depth > best.0 {
            best = (depth, start);
        }
        start += line.len();
    }
    best.1..best.1 + 1
}

/// The text of the line holding byte `at`.
fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// `language = en` or `base_url =`: the TOML parser says only that strings need quotes.
/// Show the line as it should be, with the editor's own key and value.
fn unquoted_hint(message: &str, line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    // Any parse error on a line whose value starts like a word (`title = Talks "begin"`)
    // comes from the missing quotes, whatever the parser's own message says.
    let bare_word =
        value.starts_with(char::is_alphabetic) && !["true", "false", "inf", "nan"].contains(&value);
    if !message.starts_with("string values must be quoted") && !bare_word {
        return None;
    }
    Some(if value.is_empty() {
        format!("give `{key}` a value in double quotes, e.g. {key} = \"…\", or delete the line")
    } else {
        let value = value.trim_matches(|c| c == '\'' || c == '“' || c == '”');
        if value.contains('"') {
            // Inside double quotes a `"` would end the text: single quotes keep it.
            format!("write the text in single quotes: {key} = '{value}'")
        } else {
            format!("write the text in double quotes: {key} = \"{value}\"")
        }
    })
}

/// serde speaks Rust ("expected i64", "a sequence"); editors read "a whole number".
fn plain_types(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected a sequence", "expected a list")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("invalid type: map", "invalid type: table")
}

fn hint_for(message: &str, in_frontmatter: bool) -> Option<String> {
    if message.contains("recursion limit") {
        return Some("this line nests keys or values too deeply to read; flatten it".into());
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match closest(field, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("this kind of file takes: {}", names.join(", ")),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        // A frontmatter block sits after its `+++` line; a TOML file starts at byte 0.
        return Some(if in_frontmatter {
            format!("add `{field} = …` between the `+++` lines")
        } else {
            format!("add a line `{field} = …` to this file")
        });
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        let found_text = rest.starts_with("string");
        return Some(if found_text && expected.contains("number") {
            "this field takes a whole number, written without quotes, e.g. 3".into()
        } else if found_text && expected.contains("boolean") {
            "this field takes true or false, written without quotes".into()
        } else if expected.contains("string") {
            "put the text in double quotes: key = \"text\"".into()
        } else if expected.contains("list") {
            "write a list in brackets: key = [\"a\", \"b\"]".into()
        } else {
            "check the value's type: text goes in quotes, numbers and true/false do not".into()
        });
    }
    if message.starts_with("unknown variant") {
        return Some("use one of the values listed".into());
    }
    if message.contains("duplicate key") {
        return Some("each field may appear once".into());
    }
    None
}
