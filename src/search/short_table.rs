//! Numbers of short tokens by their keys, for a vocabulary: a lookup for nearly every
//! word of a site. Open addressing with linear probing, kept at most half full, so a
//! lookup is one multiply, usually one slot and one compare: fewer instructions than a
//! general map's entry, and small enough to be inlined into the vocabulary's loop over
//! a text's keys (`vocab::Vocab::list`).

/// Keys ([`super::tokenize::Token::Short`]) and their numbers. Key 0 marks an empty slot:
/// no token has it (tokens are not empty and hold no NUL byte).
pub(super) struct ShortTable {
    slots: Vec<(u128, u32)>,
    /// `slots.len() - 1` (a power of two, less one).
    mask: usize,
    /// Bits a hash is shifted right by to give a slot: 64 − log2(slots).
    shift: u32,
    len: usize,
}

const INITIAL_SLOTS: usize = 1 << 12;

impl Default for ShortTable {
    fn default() -> ShortTable {
        ShortTable::with_slots(INITIAL_SLOTS)
    }
}

impl ShortTable {
    fn with_slots(n: usize) -> ShortTable {
        ShortTable {
            slots: vec![(0, 0); n],
            mask: n - 1,
            shift: 64 - n.trailing_zeros(),
            len: 0,
        }
    }

    /// The first slot to look at for `key`: the top bits of a multiplicative hash of
    /// both halves (most keys have an empty upper half).
    #[inline]
    fn home(&self, key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The number of `key`, if it has one.
    #[inline]
    pub(super) fn get(&self, key: u128) -> Option<u32> {
        let mut i = self.home(key);
        loop {
            let (k, id) = self.slots[i];
            if k == key {
                return Some(id);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Gives `key`, which has no number yet, the number `id`.
    pub(super) fn insert(&mut self, key: u128, id: u32) {
        debug_assert_ne!(key, 0, "no token has key 0");
        let mut i = self.home(key);
        while self.slots[i].0 != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = (key, id);
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
    }

    /// Twice the slots, every key placed again.
    fn grow(&mut self) {
        let mut bigger = ShortTable::with_slots(self.slots.len() * 2);
        for &(key, id) in self.slots.iter().filter(|(k, _)| *k != 0) {
            let mut i = bigger.home(key);
            while bigger.slots[i].0 != 0 {
                i = (i + 1) & bigger.mask;
            }
            bigger.slots[i] = (key, id);
        }
        bigger.len = self.len;
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_with_their_keys_through_growth() {
        let mut table = ShortTable::default();
        let key = |n: u128| (n * 0x0101_0101_0101) | 1 | (u128::from(n % 3 == 0) << 70);
        for n in 0..20_000u32 {
            assert_eq!(table.get(key(n.into())), None);
            table.insert(key(n.into()), n);
            assert_eq!(table.get(key(n.into())), Some(n));
        }
        assert!(table.slots.len() >= 40_000);
        for n in (0..20_000u32).rev() {
            assert_eq!(table.get(key(n.into())), Some(n));
        }
    }
}
