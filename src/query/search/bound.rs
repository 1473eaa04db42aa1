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
//! Three more masks, one for each distance `d` of 2, 3 and 4, say which
//! characters come `d` places after a word character with a bonus (by
//! pairs, hashed). Where the needle's first two characters are in none of
//! them, a match whose first character has a bonus and is not followed
//! right away by the second leaves a gap of four or more after it, which
//! costs at least 6 rather than 3; where they are in the mask for `d` = 4
//! only, at least 5; and so on. This is what bounds texts where a common
//! first letter starts words but the second comes only later in them (`on`
//! in "operations").
//!
//! [`NeedleBound`] runs the matcher's rules over the needle once per
//! combination of those levels, at parse time, and a text's bound is a
//! table lookup. Scores only grow with bonuses, so each character at its
//! highest bonus gives the highest score.

use super::fold::{
    self, BONUS_CONSECUTIVE, BONUS_DELIMITER, BONUS_FIRST_CHAR_MULTIPLIER, BONUS_WHITE, Initials, Near,
    PENALTY_GAP_START, SCORE_MATCH,
};

/// The three levels of a needle character's highest own bonus in a text.
const LEVELS: [u32; 3] = [0, BONUS_DELIMITER, BONUS_WHITE];

/// Needles of at most this many characters get a table (8 · 3ⁿ⁻¹ entries,
/// 1,944 at most, about 0.3 ms to fill); longer ones, which match few
/// texts, a looser formula (seven characters would take 1.2 ms).
const TABLE_UP_TO: usize = 6;

/// Needles of two to this many characters get a table for each of the
/// [`GAPS`] shortest gaps after the first character (four times as many
/// entries, 864 at most); longer ones match few texts and are bounded as
/// if the gap could be the shortest.
const NEAR_UP_TO: usize = 4;

/// The shortest gaps after a needle's first character with a bonus that
/// [`Near`] tells apart: 1, 2, 3, or 4 and more.
const GAPS: usize = fold::NEAR + 1;

/// The bound of one needle (one word of a query), ready for every text.
#[derive(Clone, Debug)]
pub(super) struct NeedleBound {
    /// The [`fold::char_bit`] of each character.
    bits: Vec<u64>,
    /// The [`fold::pair_bit`] of its first two characters (0 for one).
    pair: u64,
    /// Whether its first character is a word character ([`fold::is_word`]):
    /// the pair masks of [`Initials`] say nothing of the others.
    word_first: bool,
    /// The bound, by `8 k + 4 p + l`: `l` the first character's mask
    /// level (bit 0: another bonus, bit 1: the highest), `p` whether the
    /// first two characters start a word together, and `k` the levels of
    /// the others (0, 1, 2 for a best bonus of 0, 9, 10) in base 3, the
    /// second character lowest; then, for needles of two to [`NEAR_UP_TO`]
    /// characters, the same again for each shorter gap ruled out, `stride`
    /// entries apart (see [`best_score`]). Empty for long needles.
    table: Vec<u32>,
    /// The entries of the table for one shortest gap: `8 · 3ⁿ⁻¹`.
    stride: usize,
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
        let word_first = needle.first().is_some_and(|&c| fold::is_word(c));
        let pair = match needle {
            [a, b, ..] => fold::pair_bit(*a, *b),
            _ => 0,
        };
        let mut stride = 0;
        let table = if tabled && needle.len() <= TABLE_UP_TO && !needle.is_empty() {
            stride = 8 * 3usize.pow(needle.len() as u32 - 1);
            let gaps = if (2..=NEAR_UP_TO).contains(&needle.len()) && word_first { GAPS } else { 1 };
            let mut table = vec![0; stride * gaps];
            let mut rest = vec![0; needle.len() - 1];
            for (key, bound) in table.iter_mut().enumerate() {
                let (extra, key) = (key / stride, key % stride);
                let first = First { other: key & 1 != 0, white: key & 2 != 0, pair: key & 4 != 0 };
                let mut k = key / 8;
                for b in rest.iter_mut() {
                    *b = LEVELS[k % 3];
                    k /= 3;
                }
                *bound = best_score(needle, first, &rest, extra as u32, !0);
            }
            table
        } else {
            Vec::new()
        };
        NeedleBound { bits, pair, word_first, table, stride }
    }

    /// Whether [`NeedleBound::get`] reads its `near` masks.
    pub(super) fn reads_near(&self) -> bool {
        self.table.len() > self.stride
    }

    /// The highest score of this needle in a text with these initials, if
    /// it matches.
    #[inline(always)]
    pub(super) fn get(&self, initials: Initials, near: &Near) -> u32 {
        let level = |bit: u64| usize::from(initials.other & bit != 0) | (usize::from(initials.white & bit != 0) << 1);
        let Some((&first, rest)) = self.bits.split_first() else { return 0 };
        if self.table.is_empty() {
            return self.loose(|bit| LEVELS[level(bit).min(2)]);
        }
        let mut key = 0;
        for &bit in rest.iter().rev() {
            key = key * 3 + level(bit).min(2);
        }
        let pair = usize::from(!self.word_first || initials.white_pairs & self.pair != 0);
        // How many of the shortest gaps after the first character are ruled
        // out: none unless the table has a part for each.
        let extra = if self.reads_near() {
            near.iter().position(|&near| near & self.pair != 0).unwrap_or(fold::NEAR)
        } else {
            0
        };
        self.table[extra * self.stride + key * 8 + level(first) + pair * 4]
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

/// [`best_score`] of a needle whose first character is a word character
/// and can be at the start of a word (`first` bit 1) or get another bonus
/// (bit 0), with the second right after it at the start of a word if
/// `pair`; the other characters' highest own bonuses as `rest` says (0, 1,
/// 2 for 0, 9, 10).
pub(super) fn score_at(needle: &[char], first: usize, pair: bool, rest: &[usize], extra: u32, adjacent: u32) -> u32 {
    let first = First { other: first & 1 != 0, white: first & 2 != 0, pair };
    let rest: smallvec::SmallVec<[u32; 8]> = rest.iter().map(|&l| LEVELS[l]).collect();
    best_score(needle, first, &rest, extra, adjacent)
}

/// The highest score the matcher's rules allow `needle` where its first
/// character can be as `first` says, character `i + 1` has an own bonus of
/// at most `rest[i]` away from the character before it, and a gap after
/// the first character where that has a bonus is `extra` characters longer
/// than one at least (so costs `extra` more than the gap's start); where
/// bit `i` of `adjacent` is clear, character `i + 1` is never right after
/// character `i`.
///
/// Each state is the bonus the run of consecutive characters carries, with
/// the best score that reaches it (scores and carried bonuses only grow
/// together, so the best score per carried bonus is enough); one more
/// state is the first character at the start of a word that the second
/// cannot follow right after.
fn best_score(needle: &[char], first: First, rest: &[u32], extra: u32, adjacent: u32) -> u32 {
    const NONE: u32 = u32::MAX;
    let start = |bonus: u32| SCORE_MATCH + bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    let mut best = [NONE; BONUS_WHITE as usize + 1];
    // Elsewhere than at the start of a word after whitespace.
    let elsewhere = if first.other { BONUS_DELIMITER } else { 0 };
    best[elsewhere as usize] = start(elsewhere);
    // Without a bonus, where `extra` says nothing of the gap after it.
    best[0] = start(0);
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
        // After a gap: its best own bonus, less the gap; after the first
        // character with a bonus (carried on as its own), a longer gap.
        let gap = |score: u32, carried: u32| {
            let longer = if i == 1 && carried != 0 { extra } else { 0 };
            score - PENALTY_GAP_START - longer + SCORE_MATCH + rest[i - 1]
        };
        // Right after the character before: its own bonus follows from the
        // two characters (and is no more than the masks allow it anywhere).
        let own = fold::bonus(fold::class(needle[i - 1]), fold::class(needle[i])).min(rest[i - 1]);
        for (carried, &score) in best.iter().enumerate() {
            if score == NONE {
                continue;
            }
            if adjacent & (1 << (i - 1)) != 0 {
                let consecutive = fold::carried(carried as u32, own);
                reach(consecutive, score + SCORE_MATCH + consecutive.max(own));
            }
            reach(rest[i - 1], gap(score, carried as u32));
        }
        if let Some(score) = gap_next.take() {
            reach(rest[i - 1], gap(score, BONUS_WHITE));
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
    fn all_initials(needle: &[char]) -> Vec<(Initials, Near)> {
        let bits: Vec<u64> = needle.iter().map(|&c| fold::char_bit(c)).collect();
        let pair = NeedleBound::new(needle, true).pair;
        let mut out = Vec::new();
        for key in 0..(4usize.pow(bits.len() as u32) * 2 * GAPS) {
            let mut m = Initials::default();
            let mut near: Near = [0; fold::NEAR];
            // The shortest gap after the first character: 2, 3, 4, or more.
            if let Some(near) = near.get_mut(key % GAPS) {
                *near = pair;
            }
            let key = key / GAPS;
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
            out.push((m, near));
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
            for (m, near) in all_initials(&needle) {
                assert!(loose.get(m, &near) >= tabled.get(m, &near), "{needle:?} {m:?} {near:?}");
                tighter += usize::from(loose.get(m, &near) > tabled.get(m, &near));
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
