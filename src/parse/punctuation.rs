//! Smart punctuation for the plain-text fields of frontmatter (titles, summaries, a
//! term's name and `short`): the same typography the markdown bodies get from
//! pulldown-cmark, so a title reads "coalition’s" like the prose under it. The fields
//! stay plain text: nothing here is markup, and escaping is left to the output.

/// `text` with straight quotes curled, `---` as an em dash, `--` as an en dash and
/// `...` as an ellipsis. A quote opens after a space, an opening bracket or a dash (or at
/// the start), and closes (or is an apostrophe) anywhere else.
pub fn smart_punctuation(text: &str) -> String {
    if !text.contains(['\'', '"', '-', '.']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let (written, len) = match c {
            '.' if rest.starts_with("...") => ('…', 3),
            '-' if rest.starts_with("---") => ('—', 3),
            '-' if rest.starts_with("--") => ('–', 2),
            '\'' if opens(prev) => ('‘', 1),
            '\'' => ('’', 1),
            '"' if opens(prev) => ('“', 1),
            '"' => ('”', 1),
            c => (c, c.len_utf8()),
        };
        out.push(written);
        prev = Some(written);
        rest = &rest[len..];
    }
    out
}

/// Whether a quote after `prev` opens a quotation.
fn opens(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '‘' | '“'))
}

#[cfg(test)]
mod tests {
    use super::smart_punctuation;

    #[test]
    fn curls_quotes_and_apostrophes_like_the_prose() {
        assert_eq!(
            smart_punctuation("the coalition's end"),
            "the coalition’s end"
        );
        assert_eq!(
            smart_punctuation("\"a transition, not a withdrawal\""),
            "“a transition, not a withdrawal”"
        );
        assert_eq!(
            smart_punctuation("he said 'no' (\"never\")"),
            "he said ‘no’ (“never”)"
        );
        assert_eq!(smart_punctuation("Kata'ib Hezbollah"), "Kata’ib Hezbollah");
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(smart_punctuation("2003--2026"), "2003–2026");
        assert_eq!(smart_punctuation("talks---again"), "talks—again");
        assert_eq!(smart_punctuation("and then..."), "and then…");
        assert_eq!(
            smart_punctuation("US-Iraq al-Sudani 1.5"),
            "US-Iraq al-Sudani 1.5"
        );
    }
}
