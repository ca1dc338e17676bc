//! Stop words looked up by their [`Token::Short`](super::Token) key, in one probe: a
//! stop-word check runs for nearly every word of a site, and a binary search over the
//! list cost more than filing the word in the index.

/// A set of up to 8-byte words as a table of 256 slots: each word's key sits in slot
/// `key × multiplier >> 56`, with a multiplier found (at compile time) that gives every
/// word a slot of its own. A word is in the set when its slot holds its key; empty slots
/// hold 0, which is no word's key (words are not empty and hold no NUL byte).
#[derive(Debug)]
pub(super) struct StopTable {
    slots: [u64; 256],
    multiplier: u64,
}

impl StopTable {
    /// The table of `words` (distinct, 1 to 8 bytes each). Fails to compile otherwise.
    pub(super) const fn new(words: &[&str]) -> StopTable {
        // Odd multipliers from a SplitMix64 sequence: with 256 slots for a few dozen
        // words, one in twenty or so gives each its own slot.
        let mut state: u64 = 0;
        let mut tries = 0;
        while tries < 10_000 {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut multiplier = state;
            multiplier = (multiplier ^ (multiplier >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            multiplier = (multiplier ^ (multiplier >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            multiplier = (multiplier ^ (multiplier >> 31)) | 1;
            let mut slots = [0u64; 256];
            let mut i = 0;
            let mut distinct = true;
            while i < words.len() && distinct {
                let key = word_key(words[i]);
                let slot = slot(key, multiplier);
                distinct = slots[slot] == 0;
                slots[slot] = key;
                i += 1;
            }
            if distinct {
                return StopTable { slots, multiplier };
            }
            tries += 1;
        }
        panic!("stop words must be distinct, of 1 to 8 bytes")
    }

    /// Whether the token of `key` (a token's: not 0) is one of the table's words.
    #[inline]
    pub(super) fn contains(&self, key: u128) -> bool {
        let low = key as u64;
        key >> 64 == 0 && self.slots[slot(low, self.multiplier)] == low
    }

    /// An empty table: no stop words.
    pub(super) const EMPTY: StopTable = StopTable {
        slots: [0; 256],
        multiplier: 1,
    };
}

#[inline]
const fn slot(key: u64, multiplier: u64) -> usize {
    (key.wrapping_mul(multiplier) >> 56) as usize
}

/// A word of 1 to 8 bytes as its key: its bytes little-endian, zero-padded (the low half
/// of its [`Token::Short`](super::Token) key).
const fn word_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    assert!(!bytes.is_empty() && bytes.len() <= 8);
    let mut key = 0;
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        assert!(bytes[i] != 0);
        key = key << 8 | bytes[i] as u64;
    }
    key
}
