//! The posting lists of the index: per word, the results whose title and whose body
//! contain it. Built from each result's tokens ([`DocTokens`]) once every vocabulary is
//! mapped onto the sorted words, so a posting is filed by array index, in result order;
//! which texts are tokenised, and how lists are written out, belong to the index
//! (`mod.rs`, `encoding`).

use rayon::prelude::*;

use super::vocab::DocTokens;

/// Per word (by its index in the sorted words), the results that have it in their title
/// and the units (results, or pages in a compact index) that have it in their body.
#[derive(Debug, Default)]
pub(super) struct Lists {
    pub(super) title: Vec<Vec<u32>>,
    pub(super) body: Vec<Vec<u32>>,
}

impl Lists {
    fn new(words: usize) -> Lists {
        Lists {
            title: vec![vec![]; words],
            body: vec![vec![]; words],
        }
    }

    /// Adds result `id`'s postings; its body ones under `unit`.
    fn add(&mut self, id: u32, unit: u32, tokens: &DocTokens, place: &[u32]) {
        for &t in &tokens.title {
            // Distinct in a result: each title token comes once.
            self.title[place[t as usize] as usize].push(id);
        }
        for &t in &tokens.body {
            let list = &mut self.body[place[t as usize] as usize];
            // The sections of a page share its unit in a compact index.
            if list.last() != Some(&unit) {
                list.push(unit);
            }
        }
    }

    /// `later` holds results after all of `self`'s, so lists stay sorted by appending.
    fn append(mut self, later: Lists) -> Lists {
        for (lists, more) in [(&mut self.title, later.title), (&mut self.body, later.body)] {
            lists.par_iter_mut().zip(more).for_each(|(list, more)| {
                // A unit both halves hold (a page cut between them) is kept once.
                let skip = usize::from(!list.is_empty() && list.last() == more.first());
                list.extend_from_slice(&more[skip..]);
            });
        }
        self
    }
}

/// The posting lists of `words` words, from each result's tokens (`tokens[i]` is result
/// `i`'s, its body filed under `unit_of[i]`), with `place[v][t]` the word of token `t` of
/// vocabulary `v`. Two halves are filed at once and joined.
pub(super) fn lists(
    words: usize,
    tokens: &[&DocTokens],
    unit_of: &[u32],
    place: &[Vec<u32>],
) -> Lists {
    let half = tokens.len() / 2;
    let file = |from: usize, to: usize| {
        let mut lists = Lists::new(words);
        for (i, t) in tokens.iter().enumerate().take(to).skip(from) {
            lists.add(i as u32, unit_of[i], t, &place[t.vocab]);
        }
        lists
    };
    let (early, late) = rayon::join(|| file(0, half), || file(half, tokens.len()));
    early.append(late)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(vocab: usize, title: &[u32], body: &[u32]) -> DocTokens {
        DocTokens {
            vocab,
            title: title.to_vec(),
            body: body.to_vec(),
        }
    }

    #[test]
    fn postings_are_sorted_distinct_and_units_shared_by_sections_come_once() {
        // Two vocabularies numbering three words differently.
        let place = vec![vec![0, 1, 2], vec![2, 0, 1]];
        let tokens = [
            doc(0, &[0], &[1, 2]),
            doc(1, &[], &[0, 2]),  // words 2 and 1, same unit as result 0
            doc(1, &[1, 0], &[1]), // title words 0 and 2, body word 0
            doc(0, &[], &[0, 1]),
        ];
        let unit_of = [0, 0, 1, 2];
        let tokens: Vec<&DocTokens> = tokens.iter().collect();
        let lists = lists(3, &tokens, &unit_of, &place);
        assert_eq!(lists.title, [vec![0, 2], vec![], vec![2]]);
        assert_eq!(lists.body, [vec![1, 2], vec![0, 2], vec![0]]);
    }
}
