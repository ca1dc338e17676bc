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

/// Enough characters to recognise the longest scheme prefix below (`data:application`).
const SCHEME_PREFIX_CHARS: usize = 20;

/// True for URLs that would run script when followed (`javascript:`, `vbscript:`,
/// `data:text/html`), however they are cased or padded.
pub fn is_script_url(url: &str) -> bool {
    // Only the scheme decides, so only the first significant characters are looked at:
    // raw HTML is checked at every quote, and a check that read to the end of the text
    // each time was quadratic on a long line of attributes.
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

/// [`is_script_url`] for an attribute value as written in raw HTML, where a browser
/// decodes character references first: `&#106;avascript:`, `java&Tab;script&colon;`.
pub fn is_script_url_in_attribute(raw: &str) -> bool {
    let mut decoded = String::new();
    let mut significant = 0;
    let mut rest = raw;
    while significant < SCHEME_PREFIX_CHARS {
        let Some(c) = rest.chars().next() else { break };
        let (c, len) = match c {
            '&' => char_reference(rest).unwrap_or(('&', 1)),
            c => (c, c.len_utf8()),
        };
        rest = &rest[len..];
        if !c.is_whitespace() && !c.is_control() {
            significant += 1;
        }
        decoded.push(c);
    }
    is_script_url(&decoded)
}

/// The character a reference at the start of `s` stands for, and its length in bytes:
/// numeric (`&#106;`, `&#x6A`, the `;` optional as browsers allow) or one of the named
/// ones that can hide a scheme.
fn char_reference(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let n = digits.chars().take_while(|c| c.is_digit(radix)).count();
        if n == 0 {
            return None;
        }
        // Any number of leading zeros is allowed; too large a value is U+FFFD.
        let value = digits[..n]
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0u32, |v, d| v.saturating_mul(radix).saturating_add(d));
        let c = char::from_u32(value).unwrap_or('\u{fffd}');
        let semi = usize::from(digits[n..].starts_with(';'));
        return Some((c, skip + n + semi));
    }
    let name_len = body.find(';')?;
    let c = match body[..name_len].to_ascii_lowercase().as_str() {
        "colon" => ':',
        "tab" => '\t',
        "newline" => '\n',
        "nbsp" => ' ',
        _ => return None,
    };
    Some((c, name_len + 2))
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
    }

    #[test]
    fn spots_script_urls_hidden_behind_character_references() {
        for raw in [
            "&#106;avascript:alert(1)",
            "&#x6A;avascript&colon;x",
            "&#0000106&#0000097vascript:x",
            "&#00000000000000000000106;avascript:x",
            "java&Tab;script:x",
            "java&#9;script:x",
            " &#x20;javascript:x",
        ] {
            assert!(is_script_url_in_attribute(raw), "{raw}");
        }
        for raw in [
            "https://x.org/?a=1&b=2",
            "&amp;javascript:",
            "&#;",
            "&#x;x",
            "&",
        ] {
            assert!(!is_script_url_in_attribute(raw), "{raw}");
        }
    }
}
