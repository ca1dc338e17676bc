//! Search tokens: text → normalised words, the same way for the index (here) and for a
//! reader's query (`templates/search.js`).
//!
//! The rules, in order: lowercase; fold each character (diacritics off, `ß` → `ss`,
//! Greek accents off, final sigma → sigma, full-width Latin → ASCII, Arabic and Hebrew
//! vowel marks dropped); split into runs of word characters (letters, digits, and the
//! combining marks of scripts such as Devanagari or Thai); cut runs of scripts written
//! without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) into overlapping
//! character pairs; drop a short list of English stop words when the site is in English;
//! cut tokens to [`MAX_TOKEN_CHARS`] characters.
//!
//! Nothing here can fail: text of any script becomes tokens or is skipped. So that the
//! browser tokenises queries exactly like this, the index carries the data these rules
//! need ([`Spec`]): the fold of every character of the site that folds, the word
//! characters that are not letters or digits, the pair-script ranges and the stop words.
//! The browser then needs only `toLowerCase`, `\p{Alphabetic}` and `\p{N}`, which match
//! Rust's `char::to_lowercase` and `char::is_alphanumeric`.

use std::collections::BTreeMap;

use serde::Serialize;

/// Longer tokens are cut to this many characters (long URLs, hashes, chemical names).
pub const MAX_TOKEN_CHARS: usize = 40;

/// Scripts written without spaces between words: indexed as character pairs.
/// Inclusive code point ranges, sorted.
pub const PAIR_SCRIPTS: &[(u32, u32)] = &[
    (0x0E00, 0x0EFF),   // Thai, Lao
    (0x1000, 0x109F),   // Myanmar
    (0x1780, 0x17FF),   // Khmer
    (0x3005, 0x3007),   // CJK iteration and zero marks
    (0x3040, 0x30FF),   // Hiragana, Katakana
    (0x31F0, 0x31FF),   // Katakana phonetic extensions
    (0x3400, 0x4DBF),   // CJK extension A
    (0x4E00, 0x9FFF),   // CJK unified ideographs
    (0xF900, 0xFAFF),   // CJK compatibility ideographs
    (0xFF66, 0xFF9F),   // half-width Katakana
    (0x20000, 0x3134F), // CJK extensions B–G
];

/// English words too common to search for. Deliberately short: `us`, `it` and `who`
/// name things in explainers (the US, IT, the WHO).
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "in", "into", "is", "its", "of", "on", "or", "s", "t", "than", "that", "the", "their",
    "then", "there", "these", "this", "those", "to", "was", "were", "which", "with",
];

/// The longest of [`ENGLISH_STOP_WORDS`], in bytes (at most 7: see [`stop_key`]).
const MAX_STOP_WORD_BYTES: usize = 5;

/// [`ENGLISH_STOP_WORDS`] as [`stop_key`]s, for a binary search: the list is sorted and a
/// key keeps that order, so the keys are sorted too (a test checks). A stop-word check
/// runs for nearly every word of a site; comparing string by string cost more than
/// filing the word in the index.
const ENGLISH_STOP_KEYS: [u64; ENGLISH_STOP_WORDS.len()] = {
    let mut keys = [0; ENGLISH_STOP_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = stop_key(ENGLISH_STOP_WORDS[i]);
        i += 1;
    }
    keys
};

/// A word of at most 7 bytes as a number that sorts like the word: its bytes big-endian,
/// zero-padded (zero sorts before every byte of a word), then its length (so `a` and
/// `a\0` differ).
const fn stop_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut key = 0;
    let mut i = 0;
    while i < 7 {
        key <<= 8;
        if i < bytes.len() {
            key |= bytes[i] as u64;
        }
        i += 1;
    }
    (key << 8) | bytes.len() as u64
}

/// How to tokenise: stop words or none.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer {
    stop_words: &'static [&'static str],
    /// `stop_words` as sorted [`stop_key`]s.
    stop_keys: &'static [u64],
}

impl Tokenizer {
    /// English stop words when the site's language is English (`en`, `en-GB`…), none
    /// otherwise: a stop list of the wrong language would hide real words.
    pub fn for_language(language: &str) -> Tokenizer {
        let primary = language.split('-').next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Tokenizer {
                stop_words: ENGLISH_STOP_WORDS,
                stop_keys: &ENGLISH_STOP_KEYS,
            }
        } else {
            Tokenizer {
                stop_words: &[],
                stop_keys: &[],
            }
        }
    }

    pub fn stop_words(&self) -> &'static [&'static str] {
        self.stop_words
    }

    /// Calls `f` with each token of `text`, in order (repeats included).
    pub fn for_each(&self, text: &str, mut f: impl FnMut(&str)) {
        let mut word = String::new();
        macro_rules! emit {
            () => {
                if !word.is_empty() {
                    self.split_word(&word, &mut f);
                    word.clear();
                }
            };
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // ASCII is most of most sites' text: no case mapping tables, no folding.
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    emit!();
                    i += 1;
                    continue;
                }
                if word.is_empty() {
                    // A whole ASCII word (not glued to a non-ASCII letter) is handed on
                    // as a slice of the text when it is already lowercase.
                    let end = bytes[i..]
                        .iter()
                        .position(|b| !b.is_ascii_alphanumeric())
                        .map_or(bytes.len(), |n| i + n);
                    if end == bytes.len() || bytes[end].is_ascii() {
                        let w = &text[i..end];
                        if w.bytes().any(|b| b.is_ascii_uppercase()) {
                            word.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                            emit!();
                        } else {
                            self.split_word(w, &mut f);
                        }
                        i = end;
                        continue;
                    }
                }
                word.push(char::from(b.to_ascii_lowercase()));
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            for lower in c.to_lowercase() {
                fold(lower, |folded| {
                    if is_word_char(folded) {
                        word.push(folded);
                    } else {
                        emit!();
                    }
                });
            }
        }
        emit!();
    }

    /// The tokens of `text`, in order (repeats included).
    pub fn tokens(&self, text: &str) -> Vec<String> {
        let mut out = vec![];
        self.for_each(text, |t| out.push(t.to_string()));
        out
    }

    /// Every stop word is short: longer words skip the comparisons.
    fn is_stop_word(&self, word: &str) -> bool {
        word.len() <= MAX_STOP_WORD_BYTES
            && !self.stop_keys.is_empty()
            && self.stop_keys.binary_search(&stop_key(word)).is_ok()
    }

    /// One run of word characters: pair-script stretches become pairs, the rest words.
    fn split_word(&self, word: &str, f: &mut impl FnMut(&str)) {
        if word.is_ascii() {
            if !self.is_stop_word(word) {
                f(&word[..word.len().min(MAX_TOKEN_CHARS)]);
            }
            return;
        }
        let mut rest = word;
        while let Some(first) = rest.chars().next() {
            let pairs = is_pair_script(first);
            let end = rest
                .char_indices()
                .find(|(_, c)| is_pair_script(*c) != pairs)
                .map_or(rest.len(), |(i, _)| i);
            let (part, tail) = rest.split_at(end);
            rest = tail;
            if pairs {
                let starts: Vec<usize> = part.char_indices().map(|(i, _)| i).collect();
                if starts.len() == 1 {
                    f(part);
                }
                for i in 1..starts.len() {
                    let end = starts.get(i + 1).copied().unwrap_or(part.len());
                    f(&part[starts[i - 1]..end]);
                }
            } else if !self.is_stop_word(part) {
                f(cut(part));
            }
        }
    }
}

/// The first [`MAX_TOKEN_CHARS`] characters.
fn cut(token: &str) -> &str {
    match token.char_indices().nth(MAX_TOKEN_CHARS) {
        Some((i, _)) => &token[..i],
        None => token,
    }
}

pub fn is_pair_script(c: char) -> bool {
    let c = c as u32;
    PAIR_SCRIPTS.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Letters and digits, and the combining marks that hold words together in scripts of
/// South and South-East Asia (a Devanagari virama, a Thai tone mark).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_joining_mark(c)
}

/// A non-alphanumeric character inside a word of a South or South-East Asian script:
/// their combining marks, not their punctuation.
fn is_joining_mark(c: char) -> bool {
    let n = c as u32;
    let in_scripts = (0x0900..=0x0DFF).contains(&n) // Devanagari … Sinhala
        || (0x0E00..=0x0EFF).contains(&n) // Thai, Lao
        || (0x1000..=0x109F).contains(&n) // Myanmar
        || (0x1780..=0x17FF).contains(&n); // Khmer
    const PUNCTUATION: &[u32] = &[
        0x0964, 0x0965, 0x0970, 0x0DF4, 0x0E2F, 0x0E4F, 0x0E5A, 0x0E5B, 0x104A, 0x104B, 0x17D4,
        0x17D5, 0x17D6, 0x17D8, 0x17D9, 0x17DA,
    ];
    in_scripts && !c.is_alphanumeric() && !c.is_whitespace() && !PUNCTUATION.contains(&n)
}

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

fn is_dropped(n: u32) -> bool {
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

/// What the browser needs to tokenise queries exactly like the index. The fold table
/// covers the characters the site uses, plus those a reader may type for a site that
/// lacks them (Latin-1 and Latin Extended-A letters, accented Greek, full-width Latin):
/// `Zürich` must find `Zurich`.
#[derive(Debug, Default, Serialize)]
pub struct Spec {
    /// Lowercase character → its fold, for every character of the site that changes.
    pub fold: BTreeMap<String, String>,
    /// [`DROP_RANGES`]: marks dropped wherever they come from.
    pub drop: Vec<[u32; 2]>,
    /// Word characters of the site that are neither letters nor digits.
    pub join: String,
    /// [`PAIR_SCRIPTS`].
    pub pairs: Vec<[u32; 2]>,
    pub stop: Vec<&'static str>,
    pub max: usize,
}

/// Collects a [`Spec`] from the text it is shown.
#[derive(Debug, Default)]
pub struct SpecBuilder {
    seen: std::collections::BTreeSet<char>,
}

impl SpecBuilder {
    pub fn add(&mut self, text: &str) {
        if text.is_ascii() {
            return;
        }
        for c in text.chars().filter(|c| !c.is_ascii()) {
            self.seen.extend(c.to_lowercase());
        }
    }

    pub fn merge(&mut self, other: SpecBuilder) {
        self.seen.extend(other.seen);
    }

    pub fn finish(mut self, tokenizer: &Tokenizer) -> Spec {
        let typed = (0xC0..=0x17F)
            .chain(0x386..=0x3CE)
            .chain(0xFF01..=0xFF5E)
            .chain([0x451, 0x622, 0x623, 0x625, 0x671]);
        self.seen.extend(
            typed
                .filter_map(char::from_u32)
                .flat_map(char::to_lowercase)
                .filter(|c| !c.is_ascii()),
        );
        let mut spec = Spec {
            drop: DROP_RANGES.iter().map(|&(a, b)| [a, b]).collect(),
            pairs: PAIR_SCRIPTS.iter().map(|&(a, b)| [a, b]).collect(),
            stop: tokenizer.stop_words().to_vec(),
            max: MAX_TOKEN_CHARS,
            ..Spec::default()
        };
        let mut join = std::collections::BTreeSet::new();
        for &c in &self.seen {
            let mut folded = String::new();
            fold(c, |f| folded.push(f));
            if folded != c.to_string() && !is_dropped(c as u32) {
                spec.fold.insert(c.to_string(), folded.clone());
            }
            join.extend(folded.chars().filter(|f| is_joining_mark(*f)));
        }
        spec.join = join.into_iter().collect();
        spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Vec<String> {
        Tokenizer::for_language("en").tokens(text)
    }

    fn other(text: &str) -> Vec<String> {
        Tokenizer::for_language("fr").tokens(text)
    }

    #[test]
    fn stop_words_fit_the_length_bound() {
        assert_eq!(
            ENGLISH_STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD_BYTES)
        );
    }

    #[test]
    fn stop_words_are_found_by_their_keys_and_nothing_else_is() {
        assert!(
            ENGLISH_STOP_KEYS.windows(2).all(|w| w[0] < w[1]),
            "ENGLISH_STOP_WORDS must stay sorted, without repeats"
        );
        let t = Tokenizer::for_language("en");
        for w in ENGLISH_STOP_WORDS {
            assert!(t.is_stop_word(w), "{w}");
        }
        // Every ASCII word of up to three letters, and the stop words one letter longer
        // or shorter: a stop word exactly when the list says so.
        let letters = || (b'a'..=b'z').map(char::from);
        let short = letters()
            .map(String::from)
            .chain(letters().flat_map(|a| letters().map(move |b| format!("{a}{b}"))))
            .chain(letters().flat_map(|a| {
                letters().flat_map(move |b| letters().map(move |c| format!("{a}{b}{c}")))
            }));
        let near = ENGLISH_STOP_WORDS.iter().flat_map(|w| {
            [
                format!("{w}s"),
                w[..w.len() - 1].to_string(),
                format!("{w}\0"),
            ]
        });
        for w in short.chain(near) {
            assert_eq!(
                t.is_stop_word(&w),
                ENGLISH_STOP_WORDS.contains(&w.as_str()),
                "{w:?}"
            );
        }
        assert!(!Tokenizer::for_language("fr").is_stop_word("the"));
    }

    #[test]
    fn english_is_lowercased_split_and_stop_words_dropped() {
        assert_eq!(
            en("The US and Iraq's Higher Military Commission (HMC), 2024-01-27."),
            [
                "us",
                "iraq",
                "higher",
                "military",
                "commission",
                "hmc",
                "2024",
                "01",
                "27"
            ]
        );
        // Another language keeps every word, English stop words included.
        assert_eq!(other("The end"), ["the", "end"]);
        assert_eq!(
            Tokenizer::for_language("en-GB").tokens("to be"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn accents_are_folded_in_any_form() {
        assert_eq!(
            other("Ça coûte cher à Zürich, Straße, Ærø, Łódź"),
            ["ca", "coute", "cher", "a", "zurich", "strasse", "aero", "lodz"]
        );
        // Decomposed (NFD) text folds like precomposed text.
        assert_eq!(other("Cafe\u{301} Cafés"), ["cafe", "cafes"]);
        assert_eq!(other("Ἀθήνα ΆΘΗΝΑ άθηνας"), other("αθηνα αθηνα αθηνασ"));
        assert_eq!(other("ＡＢＣ１２"), ["abc12"]);
        assert_eq!(other("Ёлка ёлка"), ["елка", "елка"]);
        // Arabic vowel marks and alef forms, Hebrew points.
        assert_eq!(other("بَغْدَاد بغداد"), ["بغداد", "بغداد"]);
        assert_eq!(other("أمريكا"), ["امريكا"]);
        assert_eq!(other("שָׁלוֹם שלום"), ["שלום", "שלום"]);
    }

    #[test]
    fn cjk_becomes_overlapping_pairs() {
        assert_eq!(other("東京都"), ["東京", "京都"]);
        assert_eq!(other("東"), ["東"]);
        // Mixed with Latin and digits in one run; kana too.
        assert_eq!(
            other("東京2020オリンピック"),
            ["東京", "2020", "オリ", "リン", "ンピ", "ピッ", "ック"]
        );
        // Korean has spaces: whole words.
        assert_eq!(other("한국 정부"), ["한국", "정부"]);
        // Thai (no spaces) keeps its tone marks inside pairs.
        let thai = other("ไม่");
        assert_eq!(thai, ["ไม", "ม่"]);
    }

    #[test]
    fn marks_hold_indic_words_together() {
        assert_eq!(other("क्षेत्र।"), ["क्षेत्र"]);
    }

    /// The tokenizer before its ASCII fast paths: one character at a time.
    fn reference(t: &Tokenizer, text: &str) -> Vec<String> {
        let mut out = vec![];
        let mut word = String::new();
        let emit = |word: &mut String, out: &mut Vec<String>| {
            if !word.is_empty() {
                t.split_word(word, &mut |tok: &str| out.push(tok.to_string()));
                word.clear();
            }
        };
        for c in text.chars() {
            for lower in c.to_lowercase() {
                fold(lower, |folded| {
                    if is_word_char(folded) {
                        word.push(folded);
                    } else {
                        emit(&mut word, &mut out);
                    }
                });
            }
        }
        emit(&mut word, &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_tokenise_like_the_reference(
            text in "([A-Za-z0-9 .,'-]|é|ß|Ü|İ|ς|ﬁ|中文|ไทย|\\PC){0,40}"
        ) {
            for lang in ["en", "fr"] {
                let t = Tokenizer::for_language(lang);
                proptest::prop_assert_eq!(t.tokens(&text), reference(&t, &text));
            }
        }
    }

    #[test]
    fn never_fails_and_cuts_long_tokens() {
        let long = "x".repeat(100);
        assert_eq!(other(&long), ["x".repeat(MAX_TOKEN_CHARS)]);
        assert!(other("\u{0}\u{FFFF}\u{10FFFF} 🙂 ☃ \u{200D}").is_empty());
        assert_eq!(other("İstanbul"), ["istanbul"]);
    }

    #[test]
    fn spec_lists_what_the_browser_needs() {
        let mut b = SpecBuilder::default();
        b.add("Zürich ΆΣ क्ष plain");
        let spec = b.finish(&Tokenizer::for_language("de"));
        assert_eq!(spec.fold.get("ü").map(String::as_str), Some("u"));
        assert_eq!(spec.fold.get("ά").map(String::as_str), Some("α"));
        assert!(!spec.fold.contains_key("p") && !spec.fold.contains_key("\u{301}"));
        // What readers type for a site without it: ß, é, Greek accents, final sigma.
        for (typed, folded) in [("ß", "ss"), ("é", "e"), ("ό", "ο"), ("ς", "σ"), ("ａ", "a")]
        {
            assert_eq!(spec.fold.get(typed).map(String::as_str), Some(folded));
        }
        assert_eq!(spec.join, "\u{94D}");
        assert!(spec.stop.is_empty());
    }
}
