//! The highest score the fuzzy matcher could give a text, from the text's
//! two 64-bit initials masks alone (see [`fold::initials`]): what lets a
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
//! anywhere in the text: 10, 9, or 0. Where it is right after the needle
//! character before it, its own bonus is known exactly (it follows from the
//! two characters' classes), which is what makes the bound tight: a letter
//! right after a letter never starts a word, so a needle whose first
//! letter starts no word scores at most `16n + 4(n - 1)` unless a later
//! letter starts one, and then it pays for the gap before it.
//!
//! [`NeedleBound`] runs the matcher's rules over the needle once per
//! combination of those three levels, at parse time, and a text's bound is
//! a table lookup. Scores only grow with bonuses, so each character at its
//! highest bonus gives the highest score.

use super::fold::{
    self, BONUS_BOUNDARY, BONUS_CONSECUTIVE, BONUS_DELIMITER, BONUS_FIRST_CHAR_MULTIPLIER, BONUS_WHITE,
    PENALTY_GAP_START, SCORE_MATCH,
};

/// The three levels of a needle character's highest own bonus in a text.
const LEVELS: [u32; 3] = [0, BONUS_DELIMITER, BONUS_WHITE];

/// Needles of at most this many characters get a table (3ⁿ entries, 2,187
/// at most); longer ones, which match few texts, a looser formula.
const TABLE_UP_TO: usize = 7;

/// The bound of one needle (one word of a query), ready for every text.
#[derive(Clone, Debug)]
pub(super) struct NeedleBound {
    /// The [`fold::char_bit`] of each character.
    bits: Vec<u64>,
    /// By `Σ level(i) · 3ⁱ`: the bound. Empty for long needles.
    table: Vec<u32>,
}

impl NeedleBound {
    pub(super) fn new(needle: &[char]) -> NeedleBound {
        let bits: Vec<u64> = needle.iter().map(|&c| fold::char_bit(c)).collect();
        let table = if needle.len() <= TABLE_UP_TO {
            let mut table = vec![0; 3usize.pow(needle.len() as u32)];
            let mut bonuses = vec![0; needle.len()];
            for (key, bound) in table.iter_mut().enumerate() {
                let mut k = key;
                for b in bonuses.iter_mut() {
                    *b = LEVELS[k % 3];
                    k /= 3;
                }
                *bound = best_score(needle, &bonuses);
            }
            table
        } else {
            Vec::new()
        };
        NeedleBound { bits, table }
    }

    /// The highest score of this needle in a text whose initials are
    /// `[white, other]`, if it matches.
    #[inline]
    pub(super) fn get(&self, [white, other]: [u64; 2]) -> u32 {
        let level = |bit: u64| usize::from(other & bit != 0) | (usize::from(white & bit != 0) << 1);
        if self.table.is_empty() {
            return self.loose(|bit| LEVELS[level(bit).min(2)]);
        }
        let mut key = 0;
        for &bit in self.bits.iter().rev() {
            key = key * 3 + level(bit).min(2);
        }
        self.table[key]
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

/// The highest score the matcher's rules allow `needle` where character
/// `i` has an own bonus of at most `bonuses[i]` away from the character
/// before it.
///
/// Each state is the bonus the run of consecutive characters carries, with
/// the best score that reaches it (scores and carried bonuses only grow
/// together, so the best score per carried bonus is enough).
fn best_score(needle: &[char], bonuses: &[u32]) -> u32 {
    const NONE: u32 = u32::MAX;
    let Some(&first) = bonuses.first() else { return 0 };
    let mut best = [NONE; BONUS_WHITE as usize + 1];
    best[first as usize] = SCORE_MATCH + first * BONUS_FIRST_CHAR_MULTIPLIER;
    for i in 1..needle.len() {
        let mut next = [NONE; BONUS_WHITE as usize + 1];
        let mut reach = |carried: u32, score: u32| {
            let cell = &mut next[carried as usize];
            if *cell == NONE || *cell < score {
                *cell = score;
            }
        };
        // Right after the character before: its own bonus follows from the
        // two characters.
        let own = fold::bonus(fold::class(needle[i - 1]), fold::class(needle[i]));
        for (carried, &score) in best.iter().enumerate() {
            if score == NONE {
                continue;
            }
            let mut consecutive = (carried as u32).max(BONUS_CONSECUTIVE);
            if own >= BONUS_BOUNDARY && own > consecutive {
                consecutive = own;
            }
            reach(consecutive, score + SCORE_MATCH + consecutive.max(own));
            // After a gap: its best own bonus, less the gap.
            reach(bonuses[i], score - PENALTY_GAP_START + SCORE_MATCH + bonuses[i]);
        }
        best = next;
    }
    best.into_iter().filter(|&s| s != NONE).max().unwrap_or(0)
}
