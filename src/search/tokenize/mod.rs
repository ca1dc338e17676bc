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

mod fold;
mod spec;
mod stop;
mod token;

pub use fold::{fold, DROP_RANGES};
pub use spec::{Spec, SpecBuilder};
use stop::StopTable;
pub use token::Token;
use token::{ascii_key, ascii_word, class, short_ascii_word, short_key, WORD};

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

/// The longest of [`ENGLISH_STOP_WORDS`], in bytes: longer words skip the check.
const MAX_STOP_WORD_BYTES: usize = 5;

/// [`ENGLISH_STOP_WORDS`] by their keys.
static ENGLISH_STOPS: StopTable = StopTable::new(ENGLISH_STOP_WORDS);
static NO_STOPS: StopTable = StopTable::EMPTY;

/// What the rare paths of [`Tokenizer::for_each_token`] hand their tokens to: not
/// generic, so that the common path is the one place the caller's function is inlined.
type Callback<'f> = &'f mut dyn for<'t> FnMut(Token<'t>);

/// How to tokenise: stop words or none.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer {
    stop_words: &'static [&'static str],
    /// `stop_words` by their keys.
    stops: &'static StopTable,
}

impl Tokenizer {
    /// English stop words when the site's language is English (`en`, `en-GB`…), none
    /// otherwise: a stop list of the wrong language would hide real words.
    pub fn for_language(language: &str) -> Tokenizer {
        let primary = language.split('-').next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Tokenizer {
                stop_words: ENGLISH_STOP_WORDS,
                stops: &ENGLISH_STOPS,
            }
        } else {
            Tokenizer {
                stop_words: &[],
                stops: &NO_STOPS,
            }
        }
    }

    pub fn stop_words(&self) -> &'static [&'static str] {
        self.stop_words
    }

    /// Calls `f` with each token of `text`, in order (repeats included).
    pub fn for_each(&self, text: &str, mut f: impl FnMut(&str)) {
        self.for_each_token(text, |t| t.with_str(&mut f));
    }

    /// Calls `f` with each token of `text` as the index files it, in order (repeats
    /// included).
    pub fn for_each_token(&self, text: &str, mut f: impl FnMut(Token<'_>)) {
        // A word with a character beyond ASCII, gathered one character at a time.
        let mut word = String::new();
        macro_rules! emit {
            () => {
                if !word.is_empty() {
                    self.split_word(&word, &mut f as Callback);
                    word.clear();
                }
            };
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // ASCII is most of most sites' text: no case mapping tables, no folding.
            if b.is_ascii() {
                if class(b) & WORD == 0 {
                    emit!();
                    i += 1;
                    continue;
                }
                if word.is_empty() {
                    // A whole ASCII word (not glued to a non-ASCII letter) is keyed
                    // straight from the text.
                    match short_ascii_word(bytes, i) {
                        Some(w) if !w.glued => {
                            if w.len > MAX_STOP_WORD_BYTES || !self.stops.contains(w.key) {
                                f(Token::Short(w.key));
                            }
                            // What ends it is no word character: skipped too.
                            i += w.len + 1;
                            continue;
                        }
                        Some(_) => {}
                        None => {
                            let (end, upper) = ascii_word(bytes, i);
                            if bytes.get(end).is_none_or(u8::is_ascii) {
                                self.long_ascii_token(text, i, end, upper, &mut f);
                                i = end;
                                continue;
                            }
                        }
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

    /// The ASCII word `text[start..end]` of 16 bytes or more, which has an uppercase
    /// letter if `upper`.
    fn long_ascii_token(&self, text: &str, start: usize, end: usize, upper: bool, f: Callback) {
        if end - start == 16 {
            return f(Token::Short(ascii_key(text.as_bytes(), start, 16)));
        }
        // Longer than any stop word; an ASCII character is one byte.
        let word = &text[start..end.min(start + MAX_TOKEN_CHARS)];
        if upper {
            f(Token::Long(&word.to_ascii_lowercase()));
        } else {
            f(Token::Long(word));
        }
    }

    /// The tokens of `text`, in order (repeats included).
    pub fn tokens(&self, text: &str) -> Vec<String> {
        let mut out = vec![];
        self.for_each(text, |t| out.push(t.to_string()));
        out
    }

    /// Every stop word is short: longer words skip the check.
    fn is_stop_word(&self, word: &str) -> bool {
        (1..=MAX_STOP_WORD_BYTES).contains(&word.len())
            && short_key(word).is_some_and(|k| self.stops.contains(k))
    }

    /// One run of word characters: pair-script stretches become pairs, the rest words.
    fn split_word(&self, word: &str, f: Callback) {
        if word.is_ascii() {
            if !self.is_stop_word(word) {
                f(Token::of(&word[..word.len().min(MAX_TOKEN_CHARS)]));
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
                    f(Token::of(part));
                }
                for i in 1..starts.len() {
                    let end = starts.get(i + 1).copied().unwrap_or(part.len());
                    f(Token::of(&part[starts[i - 1]..end]));
                }
            } else if !self.is_stop_word(part) {
                f(Token::of(cut(strip_proclitics(part))));
            }
        }
    }
}

/// An Arabic word without its proclitics, so that "بالعراق", "والعراق" and "العراق"
/// are one token: a leading و or ف, then ب, ل or ك (لل is ل + ال), then the article ال,
/// each only while at least two letters remain. `search.js` does the same (`proclitics`).
/// See: issue 18, point 6.
pub fn strip_proclitics(word: &str) -> &str {
    let arabic = |c: char| ('\u{0620}'..='\u{064A}').contains(&c);
    if !word.chars().next().is_some_and(arabic) {
        return word;
    }
    let mut w = word;
    fn take<'a>(w: &'a str, prefix: &str) -> Option<&'a str> {
        w.strip_prefix(prefix).filter(|r| r.chars().count() >= 2)
    }
    for conj in ["و", "ف"] {
        if let Some(r) = take(w, conj) {
            w = r;
            break;
        }
    }
    if let Some(r) = take(w, "لل") {
        return r;
    }
    for prep in ["ب", "ل", "ك"] {
        if let Some(r) = take(w, prep).filter(|r| r.starts_with("ال")) {
            w = r;
            break;
        }
    }
    take(w, "ال").unwrap_or(w)
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
pub(super) fn is_joining_mark(c: char) -> bool {
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

#[cfg(test)]
mod tests;
