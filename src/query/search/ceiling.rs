//! The score the fuzzy matcher would give a text, computed more cheaply
//! than the matcher computes it.
//!
//! `nucleo_matcher` finds its best match by dynamic programming over a
//! matrix it sets up for each text (the class and bonus of every character,
//! then one row per needle character). A search at a million people asks
//! for hundreds of thousands of such scores when a query of two or three
//! common letters has no match at the start of a word in some kind of item:
//! every text whose first letter starts a word could then still enter the
//! best fifty (see `Query::bound`), and the matcher's setup was most of a
//! search's time. Here the same programme runs in one pass over the
//! characters, without setting anything up, and works only on the columns
//! that hold a needle character (see [`Row`]). It follows the matcher's
//! rules (default configuration) step by step and gives its scores; the
//! matcher still scores the few texts that could enter the best fifty,
//! and decides. On a text too long for the matcher's matrix the matcher
//! falls back to a greedy match, which scores lower, and its loop for a
//! one-character needle in non-ASCII text may give less too (see the
//! tests): the result here is then a ceiling, never a floor.

use nucleo_matcher::Utf32Str;

use super::bytes::{self, Padded};
use super::fold::{self, BONUS_FIRST_CHAR_MULTIPLIER, Class, SCORE_MATCH};

/// A matrix cell: the best score of a match of the needle's first
/// characters that ends on its column with its row's character, and the
/// bonus a consecutive character would carry on.
#[derive(Clone, Copy)]
struct Cell {
    score: u32,
    consecutive: u32,
}

/// One needle character's row, as far as the columns read so far.
///
/// The matcher keeps, per column, the best score of the row's prefix
/// ending before it less the gap since (3 for the first character of a
/// gap, 1 for each other, never below 0). For a match scoring `m` on
/// column `k` that is `m + k - j - 2` on column `j`, so the best over
/// the row's matches is `max(0, a - j - 2)` with `a` the highest `m + k`:
/// only the columns holding a needle character need any work.
#[derive(Clone, Copy)]
pub(super) struct Row {
    /// The row's latest match: its column and cell.
    last: Option<(usize, Cell)>,
    /// The highest `m + k` of its matches, and that of those before the
    /// latest.
    a: Option<u32>,
    a_before_last: Option<u32>,
}

const EMPTY: Row = Row { last: None, a: None, a_before_last: None };

/// The text's characters, as the matcher reads them.
trait Chars: Copy {
    fn at(self, i: usize) -> char;

    /// The matcher's bonus for the character on column `j`.
    #[inline]
    fn bonus(self, j: usize) -> u32 {
        let prev = if j == 0 { Class::Whitespace } else { fold::class(self.at(j - 1)) };
        fold::bonus(prev, fold::class(self.at(j)))
    }
}

impl Chars for &[u8] {
    #[inline]
    fn at(self, i: usize) -> char {
        char::from(self[i])
    }

    /// From tables: the texts are ASCII, and the classes' branches were a
    /// good part of the ceiling's time.
    #[inline]
    fn bonus(self, j: usize) -> u32 {
        let prev = if j == 0 { b' ' } else { self[j - 1] };
        ascii_bonus(prev, self[j])
    }
}

impl Chars for &[char] {
    #[inline]
    fn at(self, i: usize) -> char {
        self[i]
    }

    /// From tables where both characters are ASCII, as most are.
    #[inline]
    fn bonus(self, j: usize) -> u32 {
        let prev = if j == 0 { ' ' } else { self[j - 1] };
        let c = self[j];
        if prev.is_ascii() && c.is_ascii() {
            ascii_bonus(prev as u8, c as u8)
        } else {
            fold::bonus(fold::class(prev), fold::class(c))
        }
    }
}

/// [`fold::bonus`] of two ASCII characters.
#[inline]
fn ascii_bonus(prev: u8, c: u8) -> u32 {
    let class = |b: u8| usize::from(ASCII_CLASS[usize::from(b & 0x7f)]);
    u32::from(ASCII_BONUS[class(prev)][class(c)])
}

/// The matcher's class of each ASCII character, as a [`Class`] index.
static ASCII_CLASS: [u8; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = fold::ascii_class(b as u8) as u8;
        b += 1;
    }
    t
};

/// [`fold::bonus`] by the two classes' indexes.
static ASCII_BONUS: [[u8; 7]; 7] = {
    const CLASSES: [Class; 7] =
        [Class::Whitespace, Class::NonWord, Class::Delimiter, Class::Lower, Class::Upper, Class::Letter, Class::Number];
    let mut t = [[0; 7]; 7];
    let mut p = 0;
    while p < 7 {
        let mut c = 0;
        while c < 7 {
            t[p][c] = fold::bonus(CLASSES[p], CLASSES[c]) as u8;
            c += 1;
        }
        p += 1;
    }
    t
};

/// The score of `needle` (one atom) in `text`: the matcher's own where the
/// text fits its matrix, else at least the matcher's; 0 if `needle` is
/// empty or does not occur in `text` in order. `rows` is scratch space.
pub(super) fn ceiling(needle: &[char], text: Utf32Str<'_>, rows: &mut Vec<Row>) -> u32 {
    match text {
        Utf32Str::Ascii(t) => {
            let mut bytes: smallvec::SmallVec<[u8; 4]> = smallvec::SmallVec::new();
            for &c in needle {
                match u8::try_from(c) {
                    Ok(b) if b.is_ascii() => {
                        if !bytes.contains(&b) {
                            bytes.push(b);
                        }
                    }
                    // Not in an ASCII text.
                    _ => return 0,
                }
            }
            run_over(needle, t, &bytes, rows)
        }
        Utf32Str::Unicode(t) => {
            let mut chars: smallvec::SmallVec<[char; 4]> = smallvec::SmallVec::new();
            for &c in needle {
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
            run_over(needle, t, &chars, rows)
        }
    }
}

/// [`ceiling`] of a needle whose characters are all ASCII (`needle_bytes`,
/// as bytes) in a text given by its UTF-8 bytes, read [`bytes::WINDOW`] at
/// a time; `None` for a needle of more than four distinct characters (ask
/// [`ceiling`]).
///
/// A text that is not all ASCII is read so too: where it is stored for
/// the matcher its characters take four bytes each, several cache lines,
/// where its UTF-8 bytes, mostly ASCII, take one or two, which pass 1 read
/// already. Fetching them was about a quarter of a ceiling's time at a
/// million people.
pub(super) fn ceiling_utf8(needle: &[char], needle_bytes: &[u8], text: Padded<'_>, rows: &mut Vec<Row>) -> Option<u32> {
    debug_assert!(needle.iter().zip(needle_bytes).all(|(&c, &b)| c == char::from(b) && b.is_ascii()));
    let mut set = [0; 4];
    let mut distinct = 0;
    for &b in needle_bytes {
        if !set[..distinct].contains(&b) {
            // More than four are not found in one compare.
            if distinct == 4 {
                return None;
            }
            set[distinct] = b;
            distinct += 1;
        }
    }
    if distinct == 0 {
        return Some(0);
    }
    for k in distinct..4 {
        set[k] = set[0];
    }
    Some(run_cells(needle, Utf8Cells::new(text, set), rows))
}

/// The columns of a text, given by its UTF-8 bytes, that hold one of four
/// ASCII characters, with the character and its bonus, ascending: found
/// 64 bytes at a time; a byte's column is its offset less the continuation
/// bytes before it.
struct Utf8Cells<'a> {
    text: Padded<'a>,
    set: [u8; 4],
    /// The first byte of the 64 in `mask`.
    base: usize,
    /// The bytes of those 64 that hold one, not yet given.
    mask: u64,
    /// The continuation bytes among those 64.
    continuation: u64,
    /// The continuation bytes before `base`.
    before: usize,
}

impl<'a> Utf8Cells<'a> {
    #[inline]
    fn new(text: Padded<'a>, set: [u8; 4]) -> Self {
        let mut cells = Utf8Cells { text, set, base: 0, mask: 0, continuation: 0, before: 0 };
        cells.load();
        cells
    }

    /// Reads the 64 bytes from `base`.
    #[inline]
    fn load(&mut self) {
        let window = self.text.window(self.base);
        let valid = bytes::below(self.text.len() - self.base);
        self.mask = bytes::any_of(window, self.set) & valid;
        self.continuation = self.text.continuation(self.base) & valid;
    }
}

impl Iterator for Utf8Cells<'_> {
    type Item = (usize, char, u32);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        while self.mask == 0 {
            self.before += self.continuation.count_ones() as usize;
            self.base += bytes::WINDOW;
            if self.base >= self.text.len() {
                return None;
            }
            self.load();
        }
        let j = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        let at = self.base + j;
        let column = at - self.before - (self.continuation & bytes::below(j)).count_ones() as usize;
        let b = self.text.get(at);
        let bonus = match at.checked_sub(1).map(|p| self.text.get(p)) {
            None => ascii_bonus(b' ', b),
            Some(prev) if prev.is_ascii() => ascii_bonus(prev, b),
            // The character before, of several bytes: decoded.
            Some(_) => {
                let prev = self.text.char_before(at);
                fold::bonus(fold::class(prev), fold::class(char::from(b)))
            }
        };
        Some((column, char::from(b), bonus))
    }
}

/// [`run`] over the columns of `text` that hold one of `set`, the needle's
/// distinct characters: found by [`Columns`] for up to four of them.
#[inline]
fn run_over<'t, T: Copy + PartialEq>(needle: &[char], text: &'t [T], set: &[T], rows: &mut Vec<Row>) -> u32
where
    &'t [T]: Chars,
    Columns<'t, T>: Iterator<Item = usize>,
{
    match Columns::new(text, set) {
        Some(columns) => run(needle, text, columns, rows),
        None => run(needle, text, (0..text.len()).filter(|&j| set.contains(&text[j])), rows),
    }
}

/// The columns of a text that hold one of at most four characters, in
/// ascending order, found 64 at a time by comparing every character with
/// all four at once. Texts are short (a role's title, a name) and hold a
/// needle's characters every few columns: `memchr` was entered again for
/// each of them, and a slice's `contains` set up its vector compare for
/// each character, which was most of the ceiling's time.
struct Columns<'a, T> {
    text: &'a [T],
    /// The characters, the first repeated to fill four.
    set: [T; 4],
    /// The first column of the 64 in `mask`, and of the next 64.
    base: usize,
    next: usize,
    /// The columns left among those 64 that hold one.
    mask: u64,
}

impl<'a, T: Copy + PartialEq> Columns<'a, T> {
    /// `None` for more than four characters (or none).
    #[inline]
    fn new(text: &'a [T], chars: &[T]) -> Option<Self> {
        let first = *chars.first()?;
        if chars.len() > 4 {
            return None;
        }
        let set = std::array::from_fn(|i| chars.get(i).copied().unwrap_or(first));
        Some(Columns { text, set, base: 0, next: 0, mask: 0 })
    }
}

/// What [`Columns`] can look through.
trait Column: Copy + PartialEq {
    /// Bit `j` set where `chunk[j]` (at most 64 of them) is one of `set`.
    fn mask(chunk: &[Self], set: [Self; 4]) -> u64;
}

impl Column for char {
    #[inline]
    fn mask(chunk: &[char], [a, b, c, d]: [char; 4]) -> u64 {
        chunk.iter().enumerate().fold(0, |m, (j, &x)| m | u64::from((x == a) | (x == b) | (x == c) | (x == d)) << j)
    }
}

impl Column for u8 {
    #[inline]
    fn mask(chunk: &[u8], set: [u8; 4]) -> u64 {
        bytes::any_of(chunk, set)
    }
}

impl<T: Column> Iterator for Columns<'_, T> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            if self.next >= self.text.len() {
                return None;
            }
            let end = self.text.len().min(self.next + 64);
            self.mask = T::mask(&self.text[self.next..end], self.set);
            (self.base, self.next) = (self.next, end);
        }
        let j = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.base + j)
    }
}

/// The programme over `text`, at the `columns` (ascending) that hold a
/// character of `needle`.
#[inline]
fn run(needle: &[char], text: impl Chars, columns: impl Iterator<Item = usize>, rows: &mut Vec<Row>) -> u32 {
    run_cells(needle, columns.map(|j| (j, text.at(j), text.bonus(j))), rows)
}

/// The programme over the `cells` (column, character, bonus), ascending,
/// that hold a character of `needle`.
#[inline]
fn run_cells(needle: &[char], cells: impl Iterator<Item = (usize, char, u32)>, rows: &mut Vec<Row>) -> u32 {
    let n = needle.len();
    if n == 0 {
        return 0;
    }
    rows.clear();
    rows.resize(n, EMPTY);
    let mut best = 0;
    for (j, c, bonus) in cells {
        // Row by row from the last, so that each row reads the row before
        // it as of the previous column.
        for i in (0..n).rev() {
            if needle[i] != c {
                continue;
            }
            let cell = if i == 0 {
                Cell { score: SCORE_MATCH + bonus * BONUS_FIRST_CHAR_MULTIPLIER, consecutive: bonus }
            } else {
                match next_cell(&rows[i - 1], j, bonus) {
                    Some(cell) => cell,
                    None => continue,
                }
            };
            let row = &mut rows[i];
            row.a_before_last = row.a;
            row.a = Some(row.a.unwrap_or(0).max(cell.score + j as u32));
            row.last = Some((j, cell));
            if i == n - 1 {
                best = best.max(cell.score);
            }
        }
    }
    best
}

/// The matcher's `next_m_cell`: a needle character on column `j` after
/// `before`, the row of the character before it, as of column `j - 1`.
#[inline]
fn next_cell(before: &Row, j: usize, bonus: u32) -> Option<Cell> {
    let (m, a) = match before.last {
        // Right after the character before: its best before that match.
        Some((k, cell)) if k + 1 == j => (Some(cell), before.a_before_last),
        _ => (None, before.a),
    };
    // The best match of the row before ending on a column before `j - 1`,
    // less the gap to `j - 1`; the matcher starts it at 0 where that row
    // first matches.
    let p = a.map(|a| a.saturating_sub(j as u32 + 1));
    let Some(m) = m else {
        // After a gap, if the character before matched at all.
        return p.map(|p| Cell { score: p + bonus + SCORE_MATCH, consecutive: bonus });
    };
    let consecutive = fold::carried(m.consecutive, bonus);
    let skip = p.unwrap_or(0) + bonus;
    let matched = m.score + consecutive.max(bonus);
    Some(if matched > skip {
        Cell { score: matched + SCORE_MATCH, consecutive }
    } else {
        Cell { score: skip + SCORE_MATCH, consecutive: bonus }
    })
}
