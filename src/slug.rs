//! File names → URL slugs (CONTENT.md, "URLs come from file names").
//!
//! A slug is the file stem lowercased, transliterated to ASCII, with every run of other
//! characters turned into one `-` and trimmed. The same function names heading anchors.

/// `How Clocks Change` → `how-clocks-change`; `Ça va?` → `ca-va`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn follows_the_content_rules() {
        assert_eq!(slugify("How Clocks Change"), "how-clocks-change");
        assert_eq!(slugify("2024-01-27-hmc"), "2024-01-27-hmc");
        assert_eq!(slugify("  Ça  va?! "), "ca-va");
        assert_eq!(slugify("Kata'ib Hezbollah"), "kata-ib-hezbollah");
        assert_eq!(slugify("---"), "");
    }
}
