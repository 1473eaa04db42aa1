//! The highest score the fuzzy matcher could give a text, from the text's
//! three 64-bit initials masks alone (see [`fold::initials`]): what lets a
//! search skip scoring most of the texts that match.
//!
//! The matcher (default configuration) gives each matched character 16
//! points plus a bonus, counts the first character's bonus twice, and takes
//! 3 points for the first character of a gap and 1 for each other (never
//! going below 0). A character's own bonus is 10 at the start of a word
//! after whitespace, at most 9 elsewhere (after a delimiter or other
//! punctuation, or a camelCase or letter–digit change), 0 inside a word.
//! Right after the needle character before it, a character gets the
//! larger of its own bonus and the bonus the run of consecutive characters
//! carries: at least 4, the first character's own, raised by any of 8 or
//! more on the way. After a gap, its own bonus, less the gap.
//!
//! The masks say, for each needle character, the highest own bonus it has
//! anywhere in the text: 10, 9, or 0; and whether the needle's first two
//! characters start a word together. Where a character is right after the
//! needle character before it, its own bonus is known exactly (it follows
//! from the two characters' classes), which is what makes the bound tight:
//! a letter right after a letter never starts a word, so a needle whose
//! first letter starts no word scores at most `16n + 4(n - 1)` unless a
//! later letter starts one, and then it pays for the gap before it; and
//! where its first letter starts words but never with the second after
//! it, there is a gap after the first.
//!
//! [`NeedleBound`] runs the matcher's rules over the needle once per
//! combination of those levels, at parse time, and a text's bound is a
//! table lookup. Scores only grow with bonuses, so each character at its
//! highest bonus gives the highest score.

use super::fold::{
    self, BONUS_BOUNDARY, BONUS_CONSECUTIVE, BONUS_DELIMITER, BONUS_FIRST_CHAR_MULTIPLIER, BONUS_WHITE, Initials,
    PENALTY_GAP_START, SCORE_MATCH,
};

/// The three levels of a needle character's highest own bonus in a text.
const LEVELS: [u32; 3] = [0, BONUS_DELIMITER, BONUS_WHITE];

/// Needles of at most this many characters get a table (8 · 3ⁿ⁻¹ entries,
/// 1,944 at most, about 0.3 ms to fill); longer ones, which match few
/// texts, a looser formula (seven characters would take 1.2 ms).
const TABLE_UP_TO: usize = 6;

/// The bound of one needle (one word of a query), ready for every text.
#[derive(Clone, Debug)]
pub(super) struct NeedleBound {
    /// The [`fold::char_bit`] of each character.
    bits: Vec<u64>,
    /// The [`fold::pair_bit`] of its first two characters (0 for one).
    pair: u64,
    /// The bound, by `8 k + 4 p + l`: `l` the first character's mask
    /// level (bit 0: another bonus, bit 1: the highest), `p` whether the
    /// first two characters start a word together, and `k` the levels of
    /// the others (0, 1, 2 for a best bonus of 0, 9, 10) in base 3, the
    /// second character lowest. Empty for long needles.
    table: Vec<u32>,
}

/// Where the needle's first character can be in a text.
#[derive(Clone, Copy)]
struct First {
    /// At the start of a word after whitespace.
    white: bool,
    /// With another bonus.
    other: bool,
    /// At the start of a word, with the second character after it.
    pair: bool,
}

/// Only this many words of a query get tables: a pasted paragraph of
/// six-letter words would otherwise cost 0.3 ms a word before the search
/// starts, and each word after the first few narrows the matches so much
/// that the bound hardly matters.
pub(super) const TABLED_WORDS: usize = 4;

impl NeedleBound {
    /// The bound of `needle`, with a table if `tabled` and the needle is
    /// short enough.
    pub(super) fn new(needle: &[char], tabled: bool) -> NeedleBound {
        let bits: Vec<u64> = needle.iter().map(|&c| fold::char_bit(c)).collect();
        let pair = match needle {
            [a, b, ..] => fold::pair_bit(*a, *b),
            _ => 0,
        };
        let table = if tabled && needle.len() <= TABLE_UP_TO && !needle.is_empty() {
            let mut table = vec![0; 8 * 3usize.pow(needle.len() as u32 - 1)];
            let mut rest = vec![0; needle.len() - 1];
            for (key, bound) in table.iter_mut().enumerate() {
                let first = First { other: key & 1 != 0, white: key & 2 != 0, pair: key & 4 != 0 };
                let mut k = key / 8;
                for b in rest.iter_mut() {
                    *b = LEVELS[k % 3];
                    k /= 3;
                }
                *bound = best_score(needle, first, &rest);
            }
            table
        } else {
            Vec::new()
        };
        NeedleBound { bits, pair, table }
    }

    /// The highest score of this needle in a text with these initials, if
    /// it matches.
    #[inline]
    pub(super) fn get(&self, initials: Initials) -> u32 {
        let level = |bit: u64| usize::from(initials.other & bit != 0) | (usize::from(initials.white & bit != 0) << 1);
        let Some((&first, rest)) = self.bits.split_first() else { return 0 };
        if self.table.is_empty() {
            return self.loose(|bit| LEVELS[level(bit).min(2)]);
        }
        let mut key = 0;
        for &bit in rest.iter().rev() {
            key = key * 3 + level(bit).min(2);
        }
        let pair = usize::from(initials.white_pairs & self.pair != 0);
        self.table[key * 8 + level(first) + pair * 4]
    }

    /// For long needles: each character after the first at the highest
    /// bonus it or one before it may have, gaps not counted.
    fn loose(&self, bonus: impl Fn(u64) -> u32) -> u32 {
        let Some((&first, rest)) = self.bits.split_first() else { return 0 };
        let mut carried = bonus(first);
        let mut total = SCORE_MATCH + carried * BONUS_FIRST_CHAR_MULTIPLIER;
        for &bit in rest {
            carried = carried.max(bonus(bit));
            total += SCORE_MATCH + carried.max(BONUS_CONSECUTIVE);
        }
        total
    }
}

/// The highest score the matcher's rules allow `needle` where its first
/// character can be as `first` says, and character `i + 1` has an own
/// bonus of at most `rest[i]` away from the character before it.
///
/// Each state is the bonus the run of consecutive characters carries, with
/// the best score that reaches it (scores and carried bonuses only grow
/// together, so the best score per carried bonus is enough); one more
/// state is the first character at the start of a word that the second
/// cannot follow right after.
fn best_score(needle: &[char], first: First, rest: &[u32]) -> u32 {
    const NONE: u32 = u32::MAX;
    let start = |bonus: u32| SCORE_MATCH + bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    let mut best = [NONE; BONUS_WHITE as usize + 1];
    // Elsewhere than at the start of a word after whitespace.
    let elsewhere = if first.other { BONUS_DELIMITER } else { 0 };
    best[elsewhere as usize] = start(elsewhere);
    let mut gap_next = None;
    if first.white {
        if first.pair || needle.len() == 1 {
            best[BONUS_WHITE as usize] = start(BONUS_WHITE);
        } else {
            gap_next = Some(start(BONUS_WHITE));
        }
    }
    for i in 1..needle.len() {
        let mut next = [NONE; BONUS_WHITE as usize + 1];
        let mut reach = |carried: u32, score: u32| {
            let cell = &mut next[carried as usize];
            if *cell == NONE || *cell < score {
                *cell = score;
            }
        };
        // After a gap: its best own bonus, less the gap.
        let gap = |score: u32| score - PENALTY_GAP_START + SCORE_MATCH + rest[i - 1];
        // Right after the character before: its own bonus follows from the
        // two characters (and is no more than the masks allow it anywhere).
        let own = fold::bonus(fold::class(needle[i - 1]), fold::class(needle[i])).min(rest[i - 1]);
        for (carried, &score) in best.iter().enumerate() {
            if score == NONE {
                continue;
            }
            let mut consecutive = (carried as u32).max(BONUS_CONSECUTIVE);
            if own >= BONUS_BOUNDARY && own > consecutive {
                consecutive = own;
            }
            reach(consecutive, score + SCORE_MATCH + consecutive.max(own));
            reach(rest[i - 1], gap(score));
        }
        if let Some(score) = gap_next.take() {
            reach(rest[i - 1], gap(score));
        }
        best = next;
    }
    let ends = best.into_iter().chain(gap_next).filter(|&s| s != NONE);
    ends.max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of what the masks can say of a needle's letters.
    fn all_initials(needle: &[char]) -> Vec<Initials> {
        let bits: Vec<u64> = needle.iter().map(|&c| fold::char_bit(c)).collect();
        let pair = NeedleBound::new(needle, true).pair;
        let mut out = Vec::new();
        for key in 0..(4usize.pow(bits.len() as u32) * 2) {
            let mut m = Initials::default();
            let mut k = key / 2;
            for &bit in &bits {
                if k & 1 != 0 {
                    m.other |= bit;
                }
                if k & 2 != 0 {
                    m.white |= bit;
                }
                k >>= 2;
            }
            if key & 1 != 0 {
                m.white_pairs = pair;
            }
            out.push(m);
        }
        out
    }

    #[test]
    fn the_looser_formula_never_gives_less_than_the_table() {
        for needle in ["a", "an", "ana", "on", "a-b", "x/1", "harris", "é.l"] {
            let needle: Vec<char> = needle.chars().collect();
            let (tabled, loose) = (NeedleBound::new(&needle, true), NeedleBound::new(&needle, false));
            assert!(!tabled.table.is_empty() && loose.table.is_empty());
            let mut tighter = 0;
            for m in all_initials(&needle) {
                assert!(loose.get(m) >= tabled.get(m), "{needle:?} {m:?}");
                tighter += usize::from(loose.get(m) > tabled.get(m));
            }
            // Where the needle has more than one letter, the table is
            // tighter somewhere.
            assert!(needle.len() == 1 || tighter > 0, "{needle:?}");
        }
    }

    #[test]
    fn only_the_first_words_of_a_query_get_tables() {
        let q = super::super::Query::parse("ab cd ef gh ij kl");
        let tabled: Vec<bool> = q.bounds.iter().map(|b| !b.table.is_empty()).collect();
        assert_eq!(tabled, [true, true, true, true, false, false]);
        // Too long for a table, whatever its place.
        assert!(NeedleBound::new(&['a'; TABLE_UP_TO + 1], true).table.is_empty());
    }
}
