//! File names → URL slugs (CONTENT.md, "URLs come from file names").
//!
//! A slug is the file stem lowercased, transliterated to ASCII, with every run of other
//! characters turned into one `-` and trimmed. The same function names heading anchors.
//!
//! Letters of scripts other than Latin (Arabic, Persian, Kurdish, Greek, Cyrillic…) are
//! kept as they are, never reduced to a consonant skeleton: `## ما الذي حدث` →
//! `#ما-الذي-حدث` (HTML ids and URLs may hold them; browsers percent-encode on request).
//! Arabic diacritics (tashkeel) and tatweel are dropped, so a heading written with or
//! without vowel marks gets one id. See: issue 18, point 5.

/// `How Clocks Change` → `how-clocks-change`; `Ça va?` → `ca-va`; `ما الذي حدث؟` →
/// `ما-الذي-حدث`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let push = |c: char, out: &mut String, pending_dash: &mut bool| {
        if *pending_dash && !out.is_empty() {
            out.push('-');
        }
        *pending_dash = false;
        out.push(c);
    };
    for c in text.chars() {
        // ASCII is its own transliteration: skip the table (most headings are ASCII).
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                push(c.to_ascii_lowercase(), &mut out, &mut pending_dash);
            } else {
                pending_dash = true;
            }
            continue;
        }
        if is_mark(c) {
            continue;
        }
        if keeps_its_letters(c) {
            push(c, &mut out, &mut pending_dash);
            continue;
        }
        let mut buf = [0u8; 4];
        let ascii = deunicode::deunicode(c.encode_utf8(&mut buf));
        if ascii.is_empty() {
            pending_dash = true;
        }
        for a in ascii.chars() {
            if a.is_ascii_alphanumeric() {
                push(a.to_ascii_lowercase(), &mut out, &mut pending_dash);
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

/// A letter or digit of a script other than Latin (Latin and its extensions are
/// transliterated: `Ç` → `c`).
fn keeps_its_letters(c: char) -> bool {
    let latin = (c as u32) <= 0x024F || (0x1E00..=0x1EFF).contains(&(c as u32));
    !latin && c.is_alphanumeric()
}

/// Arabic vowel marks (harakat, shadda, sukun, superscript alef) and tatweel.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x0640)
}

/// Whether `slug` is [`slugify`]`(text)` for an ASCII `text`, without making the slug:
/// the search index asks it of every heading of a site (tens of thousands on a large one).
/// False for a `text` that is not ASCII.
pub fn is_ascii_slug_of(text: &str, slug: &str) -> bool {
    if !text.is_ascii() {
        return false;
    }
    let mut want = slug.bytes();
    let mut started = false;
    let mut pending_dash = false;
    for b in text.bytes() {
        if !b.is_ascii_alphanumeric() {
            pending_dash = true;
            continue;
        }
        if pending_dash && started && want.next() != Some(b'-') {
            return false;
        }
        if want.next() != Some(b.to_ascii_lowercase()) {
            return false;
        }
        started = true;
        pending_dash = false;
    }
    want.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::{is_ascii_slug_of, slugify};

    #[test]
    fn an_ascii_slug_is_recognised_exactly_when_slugify_makes_it() {
        proptest::proptest!(|(text in "[a-zA-Z0-9 .'?-]{0,12}", other in "[a-z0-9-]{0,8}")| {
            let slug = slugify(&text);
            proptest::prop_assert!(is_ascii_slug_of(&text, &slug));
            proptest::prop_assert_eq!(is_ascii_slug_of(&text, &other), slug == other);
            let longer = format!("{slug}-x");
            proptest::prop_assert!(!is_ascii_slug_of(&text, &longer));
        });
        assert!(!is_ascii_slug_of("Ça va", "ca-va"));
    }

    #[test]
    fn follows_the_content_rules() {
        assert_eq!(slugify("How Clocks Change"), "how-clocks-change");
        assert_eq!(slugify("2024-01-27-hmc"), "2024-01-27-hmc");
        assert_eq!(slugify("  Ça  va?! "), "ca-va");
        assert_eq!(slugify("Kata'ib Hezbollah"), "kata-ib-hezbollah");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn ascii_is_slugged_as_its_transliteration_would_be() {
        // The ASCII shortcut must agree with going through deunicode, character by
        // character, for every ASCII character between two letters.
        for b in 0u8..=0x7F {
            let c = char::from(b);
            let ascii = deunicode::deunicode(&c.to_string());
            let kept: String = ascii
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|a| a.to_ascii_lowercase())
                .collect();
            let expected = if kept.is_empty() {
                "a-b".to_string()
            } else if ascii.chars().all(|a| a.is_ascii_alphanumeric()) {
                format!("a{kept}b")
            } else {
                format!("a-{kept}-b")
            };
            assert_eq!(slugify(&format!("a{c}b")), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn arabic_keeps_its_letters_without_marks() {
        assert_eq!(slugify("ما الذي حدث؟"), "ما-الذي-حدث");
        assert_eq!(slugify("مُحادثاتُ بغدادَ 2024"), "محادثات-بغداد-2024");
        assert_eq!(
            slugify("Kata'ib Hezbollah كتائب حزب الله"),
            "kata-ib-hezbollah-كتائب-حزب-الله"
        );
    }
}
