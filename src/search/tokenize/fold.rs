//! Folding one lowercase character for matching: diacritics and vowel marks dropped,
//! `ß` → `ss`, Greek accents off, full-width Latin → ASCII. The same table goes to the
//! browser in the [`super::Spec`], so a change here changes what queries match.

/// Marks dropped when folding, inclusive ranges: combining diacritics (what NFD splits
/// off accented letters), Arabic harakat, Quranic marks and tatweel, Hebrew points and
/// cantillation.
pub const DROP_RANGES: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x0640, 0x0640),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
];

pub(super) fn is_dropped(n: u32) -> bool {
    DROP_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&n))
}

/// Folds one lowercase character for matching: calls `out` with each resulting
/// character (none for a dropped mark, two for `ß`).
pub fn fold(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        return out(c);
    }
    let n = c as u32;
    if is_dropped(n) {
        return;
    }
    match n {
        // Arabic alef with hamza or madda → bare alef, as readers type it.
        0x0622 | 0x0623 | 0x0625 | 0x0671 => out('\u{0627}'),
        // Alef maqsura → yaa, taa marbuta → haa: spelled either way in practice.
        0x0649 => out('\u{064A}'),
        0x0629 => out('\u{0647}'),
        // Full-width ASCII → ASCII (lowercase already applied to the full-width letter).
        0xFF01..=0xFF5E => {
            let ascii = char::from_u32(n - 0xFEE0).unwrap_or(c);
            out(ascii.to_ascii_lowercase())
        }
        // Latin letters with diacritics, ligatures and special letters (é, ø, ß, æ, ﬁ).
        0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFB00..=0xFB06
            if c.is_alphabetic() =>
        {
            match deunicode::deunicode_char(c) {
                Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                    s.chars().for_each(|a| out(a.to_ascii_lowercase()))
                }
                _ => out(c),
            }
        }
        // Polytonic Greek (breathings, accents, iota subscript) → the bare letter.
        0x1F00..=0x1FFF => out(polytonic_base(n).unwrap_or(c)),
        _ => out(match c {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ϊ' | 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ϋ' | 'ΰ' => 'υ',
            'ώ' => 'ω',
            'ς' => 'σ',
            'ё' => 'е',
            other => other,
        }),
    }
}

/// The bare lowercase letter of a Greek Extended letter (already lowercased).
fn polytonic_base(n: u32) -> Option<char> {
    let base = match n {
        0x1F00..=0x1F07 | 0x1F70..=0x1F71 | 0x1F80..=0x1F87 | 0x1FB0..=0x1FB7 => 'α',
        0x1F10..=0x1F15 | 0x1F72..=0x1F73 => 'ε',
        0x1F20..=0x1F27 | 0x1F74..=0x1F75 | 0x1F90..=0x1F97 | 0x1FC2..=0x1FC7 => 'η',
        0x1F30..=0x1F37 | 0x1F76..=0x1F77 | 0x1FD0..=0x1FD7 => 'ι',
        0x1F40..=0x1F45 | 0x1F78..=0x1F79 => 'ο',
        0x1F50..=0x1F57 | 0x1F7A..=0x1F7B | 0x1FE0..=0x1FE3 | 0x1FE6..=0x1FE7 => 'υ',
        0x1FE4..=0x1FE5 => 'ρ',
        0x1F60..=0x1F67 | 0x1F7C..=0x1F7D | 0x1FA0..=0x1FA7 | 0x1FF2..=0x1FF7 => 'ω',
        _ => return None,
    };
    Some(base)
}
