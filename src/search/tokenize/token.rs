//! A token as the index files it, and the ASCII fast path that makes most of them.
//!
//! Nearly every token of a site is a short ASCII word. Such a token is handed on as a
//! number ([`Token::Short`]: its bytes, zero-padded), made straight from the text: no
//! copy, no `String`, and the index hashes and compares one `u128` instead of a string.
//! Tokens hold no NUL byte (they are word characters), so the padding gives each key
//! back its token.

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A token of at most 16 bytes, as [`short_key`] writes it.
    Short(u128),
    /// A longer token.
    Long(&'a str),
}

impl<'a> Token<'a> {
    /// The token `text` is, keyed when it is short.
    pub fn of(text: &'a str) -> Token<'a> {
        match short_key(text) {
            Some(key) => Token::Short(key),
            None => Token::Long(text),
        }
    }

    /// Calls `f` with the token's text.
    pub fn with_str<R>(self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Token::Long(text) => f(text),
            Token::Short(key) => {
                let bytes = key.to_le_bytes();
                let len = key_len(key);
                f(std::str::from_utf8(&bytes[..len]).unwrap_or_default())
            }
        }
    }
}

/// A token of at most 16 bytes as a number: its bytes, little-endian, zero-padded.
pub fn short_key(token: &str) -> Option<u128> {
    let bytes = token.as_bytes();
    let mut key = [0; 16];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

/// How many bytes the token of `key` has.
pub fn key_len(key: u128) -> usize {
    16 - (key.leading_zeros() / 8) as usize
}

/// What a byte is to the tokenizer: bit 0 an ASCII word character (letter or digit),
/// bit 1 an ASCII uppercase letter. Non-ASCII bytes are 0 here; the caller tests for them.
const fn ascii_classes() -> [u8; 256] {
    let mut classes = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        classes[b] = if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c.is_ascii_alphanumeric() {
            WORD
        } else {
            0
        };
        b += 1;
    }
    classes
}

pub(super) const WORD: u8 = 1;
pub(super) const UPPER: u8 = 2;
const ASCII_CLASSES: [u8; 256] = ascii_classes();

/// The class of byte `b` (see [`ascii_classes`]); 0 for a non-ASCII byte.
#[inline]
pub(super) fn class(b: u8) -> u8 {
    ASCII_CLASSES[usize::from(b)]
}

/// Where the ASCII word starting at `start` ends, and whether it has an uppercase letter.
#[inline]
pub(super) fn ascii_word(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut flags = 0;
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let c = class(b);
        if c & WORD == 0 {
            break;
        }
        flags |= c;
        end += 1;
    }
    (end, flags & UPPER != 0)
}

/// The key of the ASCII word `bytes[start..start + len]` (1 to 16 letters and digits),
/// lowercased.
pub(super) fn ascii_key(bytes: &[u8], start: usize, len: usize) -> u128 {
    let first = lowercase(window(bytes, start) & keep(len.min(8)));
    let second = lowercase(window(bytes, start + 8) & keep(len.saturating_sub(8)));
    u128::from(first) | u128::from(second) << 64
}

/// A short ASCII word at the start of a text, keyed.
#[derive(Debug, PartialEq)]
pub(super) struct ShortWord {
    /// The word lowercased, as a [`Token::Short`] key.
    pub(super) key: u128,
    /// Its length in bytes, 1 to 15.
    pub(super) len: usize,
    /// Whether a non-ASCII character follows it (it is part of a longer word then).
    pub(super) glued: bool,
}

const ONES: u64 = u64::MAX / 255;
/// Bit 7 of every byte.
const HIGH: u64 = ONES * 0x80;
/// Bits 0–6 of every byte.
const LOW: u64 = ONES * 0x7F;

/// The ASCII word (letters and digits) at `bytes[start]`, which is a letter or a digit,
/// when it has at most 15 bytes. Eight bytes are classified at once, as one `u64`
/// ("SIMD within a register"): most words are found, measured, lowercased and keyed
/// without a loop over their bytes.
#[inline(always)]
pub(super) fn short_ascii_word(bytes: &[u8], start: usize) -> Option<ShortWord> {
    let x = window(bytes, start);
    let len = leading_word_bytes(x);
    if len < 8 {
        return Some(ShortWord {
            key: u128::from(lowercase(x & keep(len))),
            len,
            glued: (x >> (8 * len)) & 0x80 != 0,
        });
    }
    let y = window(bytes, start + 8);
    let more = leading_word_bytes(y);
    if more == 8 {
        return None;
    }
    Some(ShortWord {
        key: u128::from(lowercase(x)) | u128::from(lowercase(y & keep(more))) << 64,
        len: 8 + more,
        glued: (y >> (8 * more)) & 0x80 != 0,
    })
}

/// How many of the bytes of `x`, from its lowest, are ASCII letters or digits (0 to 8).
#[inline]
fn leading_word_bytes(x: u64) -> usize {
    let low = x & LOW;
    let folded = low | (ONES * 0x20);
    let word = (in_range(low, b'0', b'9') | in_range(folded, b'a', b'z')) & !x;
    ((!word & HIGH).trailing_zeros() / 8) as usize
}

/// The lowest `len` bytes (0 to 8) of a `u64`.
#[inline]
fn keep(len: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0)
}

/// Each byte `A`–`Z` of a number of ASCII bytes plus 32.
#[inline]
fn lowercase(x: u64) -> u64 {
    x | in_range(x & LOW, b'A', b'Z') >> 2
}

/// Bit 7 set in each byte of `low` (bytes below 0x80) from `lo` to `hi` inclusive, the
/// other bits clear. A byte plus `0x80 - lo` reaches bit 7 from `lo` up, without
/// carrying into the next byte.
#[inline]
fn in_range(low: u64, lo: u8, hi: u8) -> u64 {
    let from_lo = low + ONES * u64::from(0x80 - lo);
    let past_hi = low + ONES * u64::from(0x80 - (hi + 1));
    from_lo & !past_hi & HIGH
}

/// Eight bytes from `start` as a little-endian number, zero-padded past the end.
#[inline]
fn window(bytes: &[u8], start: usize) -> u64 {
    // Two separate copies: one into `w` of a length known only at run time made every
    // call (once or twice a word) a call to `memcpy`; this is one eight-byte load.
    if let Some(eight) = bytes
        .get(start..start + 8)
        .and_then(|e| <[u8; 8]>::try_from(e).ok())
    {
        return u64::from_le_bytes(eight);
    }
    let mut w = [0; 8];
    let rest = bytes.get(start..).unwrap_or_default();
    w[..rest.len().min(8)].copy_from_slice(&rest[..rest.len().min(8)]);
    u64::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_give_their_tokens_back_and_lowercase_ascii_only() {
        for t in ["a", "iraq", "0123456789abcdef", "zürich", "汉字"] {
            let key = short_key(t).unwrap();
            assert_eq!(key_len(key), t.len());
            assert_eq!(Token::of(t).with_str(str::to_string), t);
        }
        assert_eq!(Token::of(&"x".repeat(17)), Token::Long(&"x".repeat(17)));
        let all: String = (0u8..128)
            .map(char::from)
            .filter(char::is_ascii_alphanumeric)
            .collect();
        for chunk in all.as_bytes().chunks(16) {
            let text = std::str::from_utf8(chunk).unwrap();
            let key = ascii_key(chunk, 0, chunk.len());
            assert_eq!(
                Token::Short(key).with_str(str::to_string),
                text.to_lowercase()
            );
        }
        // A word near the end of a text, and one with more text after it.
        let text = b"AbC dEf0123456789xyz";
        assert_eq!(ascii_key(text, 0, 3), short_key("abc").unwrap());
        assert_eq!(ascii_key(text, 4, 3), short_key("def").unwrap());
        assert_eq!(ascii_key(text, 17, 3), short_key("xyz").unwrap());
        for b in 0u8..=255 {
            assert_eq!(class(b) & WORD != 0, b.is_ascii_alphanumeric(), "{b}");
            assert_eq!(class(b) & UPPER != 0, b.is_ascii_uppercase(), "{b}");
        }
    }

    #[test]
    fn short_words_end_at_every_byte_that_is_no_ascii_letter_or_digit() {
        for b in 0u8..=255 {
            for prefix in ["A", "x9Z", "abcdefghijklmn"] {
                let mut text = prefix.as_bytes().to_vec();
                text.push(b);
                text.extend_from_slice(b"Qq");
                let found = short_ascii_word(&text, 0);
                let len = if b.is_ascii_alphanumeric() {
                    prefix.len() + 3
                } else {
                    prefix.len()
                };
                if len >= 16 {
                    assert_eq!(found, None);
                    continue;
                }
                let found = found.unwrap();
                let want = std::str::from_utf8(&text[..len]).map(str::to_ascii_lowercase);
                assert_eq!(found.len, len, "{b}");
                assert_eq!(
                    Token::Short(found.key).with_str(str::to_string),
                    want.unwrap()
                );
                assert_eq!(found.glued, !b.is_ascii(), "{b}");
            }
        }
        assert_eq!(short_ascii_word(b"Abc", 0).map(|w| w.len), Some(3));
        assert_eq!(short_ascii_word(b"0123456789abcdef", 0), None);
    }
}
