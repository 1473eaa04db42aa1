//! A bound of a short text's score that knows where its letters are.
//!
//! The bound of pass 1 (see `bound`) knows of each needle character only
//! the highest bonus it has anywhere in the text. An event's title such as
//! "noemie dotusa becomes team lead - offentlichkeitsarbeit (8)" starts
//! words with `o`, `n` and `e`, so `one` could score 85 there; but its `n`
//! at the start of a word comes before its only `o` that starts one, the
//! first `n` after that `o` is three places on, and no `e` comes right
//! after an `n`: 55 is the most. At a million people, such texts were
//! most of the ceilings left of a search of `one` (46k of 52k), each read
//! and run through the matcher's programme.
//!
//! Here the bound's rules (see `bound::score_at`) are run again with what
//! the places of the characters say: for each kind of start the first
//! character can have (at the start of a word, with another bonus, none),
//! from its earliest place of that kind, each later character's highest
//! bonus after the earliest place the one before it can have; how far the
//! second character is from the nearest start; which characters can come
//! right after the one before. Every path starting on such a place has
//! each character at or after those places, so none scores more. It is
//! read from the text's bytes, 64 at a time (see `bytes`), for texts of up
//! to 128 and needles of two to four ASCII letters and digits; the scores
//! are worked out once per combination, when first met.

use std::sync::atomic::{AtomicU32, Ordering};

use super::bound;
use super::bytes::{self, Padded, WINDOW};
use super::fold::NEAR;

/// Where the bytes of a text are, one bit each.
type Bits = u128;

/// The lowest `n` bits, `n` at most 128.
#[inline]
fn below(n: usize) -> Bits {
    if n >= 128 { !0 } else { (1 << n) - 1 }
}

/// Needles of this many characters at most are bounded here.
const MOST: usize = 4;
/// The shortest gaps after the first character told apart: 1, 2, 3, more.
const GAPS: usize = NEAR + 1;

/// The scores of one query's needles by what their places say, filled as
/// they are met (0 for not yet: no match scores 0).
#[derive(Debug)]
pub(super) struct Tables {
    /// Per needle, if it is bounded here: its characters and its scores.
    needles: Vec<Option<Table>>,
    /// Whether every needle is (else no text is bounded here: before
    /// anything of it is read).
    pub(super) all: bool,
}

/// A needle's characters, and its scores by what their places say.
type Table = (Vec<char>, Box<[AtomicU32]>);

impl Tables {
    /// For `needles`, all ASCII, given as characters and as bytes.
    pub(super) fn new(needles: &[Vec<char>], bytes: &[Vec<u8>]) -> Tables {
        let needles = needles
            .iter()
            .zip(bytes)
            .map(|(chars, bytes)| {
                let n = bytes.len();
                let letters = bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
                ((2..=MOST).contains(&n) && letters).then(|| {
                    let entries = (1 << (n - 1)) * GAPS * 3usize.pow(n as u32 - 1) * 8;
                    (chars.clone(), (0..entries).map(|_| AtomicU32::new(0)).collect())
                })
            })
            .collect::<Vec<_>>();
        let all = needles.iter().all(Option::is_some);
        Tables { needles, all }
    }

    /// The score of needle `k` where its places say `at` (see [`At`]).
    #[inline]
    fn score(&self, k: usize, at: &At) -> Option<u32> {
        let (chars, table) = self.needles.get(k)?.as_ref()?;
        let n = chars.len();
        let key = at.rest[..n - 1].iter().rev().fold(0, |key, &level| key * 3 + level);
        let gaps = (at.adjacent as usize * GAPS + at.extra as usize) * 3usize.pow(n as u32 - 1);
        let entry = &table[((gaps + key) * 8) + at.first + usize::from(at.pair) * 4];
        let known = entry.load(Ordering::Relaxed);
        if known != 0 {
            return Some(known);
        }
        let score = bound::score_at(chars, at.first, at.pair, &at.rest[..n - 1], at.extra, at.adjacent);
        entry.store(score, Ordering::Relaxed);
        Some(score)
    }
}

/// What the places of a needle's characters say, for one kind of start.
#[derive(Clone, Copy, Debug, Default)]
struct At {
    /// The first character's bonus: 2 at the start of a word, 1 another,
    /// 0 none.
    first: usize,
    /// Whether the second character comes right after a start, at the
    /// start of a word.
    pair: bool,
    /// The other characters' highest own bonuses (0, 1, 2 for 0, 9, 10).
    rest: [usize; MOST - 1],
    /// How many of the shortest gaps after a start with a bonus are ruled
    /// out (0 to 3).
    extra: u32,
    /// Bit `i`: whether character `i + 1` can come right after character
    /// `i`.
    adjacent: u32,
}

/// The highest score the query whose needles are `needles` (as bytes) and
/// `tables` could have in `text`, which matches it, from where its
/// characters are; `None` where this cannot tell (a text longer than two
/// windows, a needle not bounded here).
pub(super) fn bound(needles: &[Vec<u8>], tables: &Tables, text: Padded<'_>) -> Option<u32> {
    if text.len() > 2 * WINDOW || !tables.all {
        return None;
    }
    // Two windows where the text needs them, as the bits of a `u128`.
    let two = text.len() > WINDOW;
    let valid = below(text.len());
    let kinds =
        [bytes::kinds(text.window(0)), if two { bytes::kinds(text.window(WINDOW)) } else { bytes::Kinds::default() }];
    let join = |a: u64, b: u64| Bits::from(a) | Bits::from(b) << 64;
    let spacey = join(kinds[0].spacey, kinds[1].spacey);
    let word = join(kinds[0].word, kinds[1].word);
    let digit = join(kinds[0].digit, kinds[1].digit);
    // Where a letter or digit could start a word after whitespace (or a
    // character of several bytes, which may be whitespace), and where it
    // could get another bonus: after other ASCII punctuation, or a digit
    // after what is not one.
    let white = ((spacey << 1) | 1) & valid;
    let other = ((!word & !spacey) << 1 | (digit & !(digit << 1))) & valid;
    let continuation = both(two, |at| text.continuation(at)) & valid;
    let mut total = 0;
    for (k, needle) in needles.iter().enumerate() {
        let mut places: [Bits; MOST] = [0; MOST];
        for (p, &c) in places.iter_mut().zip(needle) {
            *p = both(two, |at| bytes::eq(text.window(at), c)) & valid;
        }
        let places = &places[..needle.len()];
        let level = |at: Bits| if at & white != 0 { 2 } else { usize::from(at & other != 0) };
        let mut best = None;
        // Starts at the start of a word, with another bonus, anywhere.
        let starts = [(places[0] & white, 2), (places[0] & other & !white, 1), (places[0], 0)];
        'starts: for (starts, first) in starts {
            if starts == 0 {
                continue;
            }
            let mut at = At { first, ..At::default() };
            // From where each character can be on.
            let mut from = starts & starts.wrapping_neg();
            for (i, &p) in places.iter().enumerate().skip(1) {
                let could = p & !below(from.trailing_zeros() as usize + 1);
                if could == 0 {
                    continue 'starts;
                }
                let before = if i == 1 { starts } else { places[i - 1] & !below(from.trailing_zeros() as usize) };
                if (before << 1) & could != 0 {
                    at.adjacent |= 1 << (i - 1);
                }
                at.rest[i - 1] = level(could);
                from = could & could.wrapping_neg();
            }
            at.pair = first == 2 && (starts << 1) & places[1] != 0;
            if first != 0 {
                at.extra = ruled_out(starts, places[1], continuation);
            }
            best = best.max(Some(tables.score(k, &at)?));
        }
        total += best?;
    }
    Some(total)
}

/// What `of` says of the first window of a text, and of the second if
/// `two`, as the bits of a `u128`.
#[inline(always)]
fn both(two: bool, of: impl Fn(usize) -> u64) -> Bits {
    Bits::from(of(0)) | if two { Bits::from(of(WINDOW)) << 64 } else { 0 }
}

/// How many of the shortest gaps between a place of `starts` and the next
/// place of `second` two or more characters on (1, 2, 3) there are not,
/// counting characters, not bytes (`continuation` marks the bytes that do
/// not start one).
fn ruled_out(starts: Bits, second: Bits, continuation: Bits) -> u32 {
    let mut nearest = GAPS as u32 + 1;
    let mut left = starts;
    while left != 0 {
        let s = left.trailing_zeros() as usize;
        left &= left - 1;
        let next = second & !below(s + 2);
        if next != 0 {
            let e = next.trailing_zeros() as usize;
            let between = continuation & below(e) & !below(s + 1);
            nearest = nearest.min((e - s) as u32 - between.count_ones());
        }
    }
    // A distance of 2 is the shortest gap, 1 character.
    nearest.saturating_sub(2).min(NEAR as u32)
}
