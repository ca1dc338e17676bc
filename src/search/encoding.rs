//! How a posting list is written in the index. A list of result ids becomes the shorter
//! of two forms, both JSON-safe strings over the base64url alphabet:
//!  - gaps: each id minus the previous one (the first minus -1), as little-endian groups
//!    of 5 bits, one character each: values 0–31 end a number, 32–63 carry 5 bits and
//!    continue it. A gap under 32 costs one character.
//!  - bits: `!` then a bitmap, 6 ids per character (id i is bit i % 6 of character i / 6).
//!    Wins for a word in more than about one result in six.
//!
//! `templates/search.js` decodes the same format: a change here is a change of the
//! index's `FORMAT_VERSION`.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes a sorted, distinct list of ids.
pub fn encode(ids: &[u32]) -> String {
    let mut gaps = String::new();
    let mut prev: i64 = -1;
    for &id in ids {
        let mut gap = (i64::from(id) - prev) as u64;
        prev = i64::from(id);
        while gap >= 32 {
            gaps.push(ALPHABET[32 + (gap & 31) as usize] as char);
            gap >>= 5;
        }
        gaps.push(ALPHABET[gap as usize] as char);
    }
    let Some(&last) = ids.last() else {
        return gaps;
    };
    let chars = last as usize / 6 + 1;
    if chars + 1 >= gaps.len() {
        return gaps;
    }
    let mut bits = vec![0u8; chars];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    let mut out = String::with_capacity(chars + 1);
    out.push('!');
    out.extend(bits.iter().map(|&b| ALPHABET[b as usize] as char));
    out
}

/// Decodes what [`encode`] wrote (the browser's `decode` in search.js does the same).
pub fn decode(s: &str) -> Vec<u32> {
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u32;
    let mut out = vec![];
    if let Some(bits) = s.strip_prefix('!') {
        for (i, c) in bits.bytes().enumerate() {
            let v = value(c);
            out.extend(
                (0..6)
                    .filter(|b| v & (1 << b) != 0)
                    .map(|b| i as u32 * 6 + b),
            );
        }
        return out;
    }
    let (mut prev, mut gap, mut shift) = (-1i64, 0u64, 0u32);
    for c in s.bytes() {
        let v = u64::from(value(c));
        gap |= (v & 31) << shift;
        if v >= 32 {
            shift += 5;
        } else {
            prev += gap as i64;
            out.push(prev as u32);
            gap = 0;
            shift = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_lists_round_trip_in_both_forms() {
        for ids in [
            vec![],
            vec![0],
            vec![5, 6, 40, 1_000, 1_000_000],
            (0..600).step_by(2).collect::<Vec<u32>>(),
        ] {
            let s = encode(&ids);
            assert_eq!(decode(&s), ids, "{s}");
            assert!(s.bytes().all(|b| b == b'!' || ALPHABET.contains(&b)));
        }
        assert_eq!(encode(&[0, 40]), "BoB");
        assert_eq!(encode(&[0, 1, 2]), "!H");
        assert!(encode(&(0..600).collect::<Vec<u32>>()).starts_with('!'));
        assert!(!encode(&[3, 4000]).starts_with('!'));
    }
}
