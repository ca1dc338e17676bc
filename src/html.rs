//! HTML escaping for text we write into markup ourselves (templates escape on their own).

/// Escapes text content: `&`, `<`, `>`.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value written between double quotes.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Enough characters to recognise the longest scheme prefix below (`data:application`).
const SCHEME_PREFIX_CHARS: usize = 20;

/// True for URLs that would run script when followed (`javascript:`, `vbscript:`,
/// `data:text/html`), however they are cased or padded.
pub fn is_script_url(url: &str) -> bool {
    // Only the scheme decides, so only the first significant characters are looked at:
    // raw HTML is checked at every quote, and a check that read to the end of the text
    // each time was quadratic on a long line of attributes.
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(SCHEME_PREFIX_CHARS)
        .flat_map(char::to_lowercase)
        .collect();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || compact.starts_with("data:text/html")
        || compact.starts_with("data:application")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_spots_script_urls() {
        assert_eq!(escape_attr("a\"<b>'&"), "a&quot;&lt;b&gt;&#39;&amp;");
        assert!(is_script_url(" JavaScript:alert(1)"));
        assert!(is_script_url("java\tscript:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
    }
}
