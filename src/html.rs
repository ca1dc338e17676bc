//! HTML escaping for text we write into markup ourselves (templates escape on their own).

/// Escapes text content: `&`, `<`, `>`.
pub fn escape_text(s: &str) -> String {
    escape(s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    })
}

/// Escapes an attribute value written between double quotes.
pub fn escape_attr(s: &str) -> String {
    escape(s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// `s` with each byte that `entity` names replaced. Every escaped character is ASCII,
/// so bytes are looked at one by one and the text between them copied whole (templates
/// escape every value they print through here).
fn escape(s: &str, entity: impl Fn(u8) -> Option<&'static str>) -> String {
    // Most values need nothing escaped: one pass the compiler vectorises tells, and they
    // are copied whole (templates escape some 70 values per page).
    if !s.bytes().fold(false, |any, b| any | entity(b).is_some()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.push_str(&s[copied..i]);
            out.push_str(e);
            copied = i + 1;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// True for an absolute `http://` or `https://` URL with a host: `http://` alone, or
/// `https:///path`, is a web address with nowhere to go. See: issue 21, point 7.
pub fn is_web_address(url: &str) -> bool {
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme));
    let Some(rest) = rest else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    !host.is_empty() && !host.contains(char::is_whitespace)
}

/// Enough characters to recognise the longest scheme prefix below (`data:application`).
const SCHEME_PREFIX_CHARS: usize = 20;

/// True for URLs that would run script when followed (`javascript:`, `vbscript:`,
/// `data:text/html`), however they are cased or padded.
pub fn is_script_url(url: &str) -> bool {
    // Only the scheme decides, so only the first significant characters are looked at:
    // raw HTML's attribute values can be long.
    // Every such scheme starts with j, v or d, and no other character lowercases to one
    // of them: most links (`@/…`, `https:`, `#…`) are told apart by their first.
    let first = url.chars().find(|c| !c.is_whitespace() && !c.is_control());
    if !matches!(first, Some('j' | 'J' | 'v' | 'V' | 'd' | 'D')) {
        return false;
    }
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
        assert_eq!(escape_text("a<b>&c\"d'é中"), "a&lt;b&gt;&amp;c\"d'é中");
        assert_eq!(escape_attr("é&&中"), "é&amp;&amp;中");
        assert_eq!(escape_attr(""), "");
        assert!(is_script_url(" JavaScript:alert(1)"));
        // The first-character shortcut holds for every character there is.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if matches!(c.to_lowercase().next(), Some('j' | 'v' | 'd')) {
                assert!("jJvVdD".contains(c), "{c:?} lowercases to j, v or d");
            }
        }
        assert!(is_script_url("java\tscript:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
        for ok in ["https://example.org", "http://a.b/c?d", "https://u@h:8080/"] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "http://",
            "https:///x",
            "http://:80/",
            "ftp://x",
            "http://?q",
            "http:// x/",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }
}
