//! The glossary's letters: which letter a term is listed under, and its heading's id.

use crate::model::Site;

/// First letters of the glossary's terms, A–Z, for jump links.
pub fn letters(site: &Site) -> Vec<char> {
    let mut out: Vec<char> = site.terms.iter().map(|t| letter_of(&t.meta.term)).collect();
    out.dedup();
    out
}

/// The letter a term is listed under: Latin letters without their accents (É → E);
/// a letter of another script as itself, so an Arabic glossary, sorted in its own
/// order, is grouped by Arabic letters (its alef forms under ا); `#` for the rest.
pub fn letter_of(term: &str) -> char {
    let Some(first) = term.chars().find(|c| c.is_alphanumeric()) else {
        return '#';
    };
    let latin = first.is_ascii_alphabetic() || (first.is_alphabetic() && u32::from(first) < 0x250);
    if latin {
        let plain = deunicode::deunicode_char(first).and_then(|s| s.chars().next());
        return match plain {
            Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => '#',
        };
    }
    match first {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        c if c.is_alphabetic() => c.to_uppercase().next().unwrap_or(c),
        _ => '#',
    }
}

/// The id of a letter's heading: `letter_a`, `letter_ق`, `letter_other` for `#`.
pub fn letter_id(letter: char) -> String {
    if letter == '#' {
        "letter_other".into()
    } else {
        format!("letter_{}", letter.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::{letter_id, letter_of};

    /// An Arabic glossary is grouped by Arabic letters, each once, with the alef forms
    /// together; Latin accents are dropped (the flagship's Arabic glossary had two
    /// `letter_q` headings when letters were transliterated).
    #[test]
    fn letters_follow_the_script_of_the_term() {
        assert_eq!(letter_of("Érbil"), 'E');
        assert_eq!(letter_of("kataib"), 'K');
        assert_eq!(letter_of("قاسم سليماني"), 'ق');
        assert_eq!(letter_of("كتائب حزب الله"), 'ك');
        assert_eq!(letter_of("أربيل"), 'ا');
        assert_eq!(letter_of("إقليم كردستان"), 'ا');
        assert_eq!(letter_of("22"), '#');
        assert_eq!(letter_id('ق'), "letter_ق");
        assert_eq!(letter_id('K'), "letter_k");
    }
}
