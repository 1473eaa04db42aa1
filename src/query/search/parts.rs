//! A role's text is its title, a separator and its org's name ("head -
//! operations - acme", folded). A large org chart has few distinct titles
//! and orgs but a text for nearly every role, and a query of a few common
//! letters makes hundreds of thousands of them worth a closer look (see
//! `scan`): their bound lets them through, and their ceiling, read from
//! each text, was most of a search's time at a million people (67k of the
//! 119k ceilings of `one`).
//!
//! A role's score is bounded here from its two parts instead, each worked
//! out once a query: the best path of the needle within the title, within
//! the org's name, or begun in the one and ended in the other, across the
//! separator (a gap, which costs at least what its length says). A path is
//! a choice of a column for each needle character, scored by the matcher's
//! rules (see `bound`); [`paths`] finds the highest score of any, which is
//! at least what the matcher's programme gives (every cell of its matrix
//! is the score of one path), so the bound never falls below the
//! matcher's score; where the best path lies in one part, it is that
//! score.
//!
//! Whether a role text matches at all, and where the earliest match of
//! each needle ends, is told from its parts too (see [`Memo::decide`]):
//! how many of a needle's characters the title holds, taken as early as
//! they come, and where the rest of them end in the org's name. Pass 1
//! then reads four bytes of a role text (its title and org) instead of
//! the text, its masks and its length: at a million people, 392k of the
//! 763k texts are roles'.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::fold::{self, BONUS_FIRST_CHAR_MULTIPLIER, BONUS_WHITE, SCORE_MATCH};

/// No path.
const NONE: i32 = i32::MIN / 4;

/// What the search index keeps of its role texts' parts.
#[derive(Clone, Debug, Default)]
pub(super) struct Parts {
    /// The first text that was first met as a role's: the texts of roles
    /// follow it, one after another, as they were stored.
    first: u32,
    /// Per text from `first` on: its title (an index into `title_ends`)
    /// shifted left by `org_bits`, and its org in those bits;
    /// [`Parts::NO_PARTS`] if not known.
    of: Vec<u32>,
    /// How many bits an org takes in `of`.
    org_bits: u32,
    /// Per org: the text of its name.
    orgs: Vec<u32>,
    /// The distinct folded titles, one after another, and where each ends.
    titles: String,
    title_ends: Vec<u32>,
    /// How many characters separate a title from its org's name.
    separator: u32,
    /// The separator's characters: a needle holding one is not bounded
    /// here (its path could go through the separator).
    separator_chars: Vec<char>,
}

/// Gathers the parts of role texts while the search index is built.
#[derive(Debug, Default)]
pub(super) struct PartsBuilder {
    parts: Parts,
    /// Each distinct title's index.
    seen: FxHashMap<String, u32>,
    /// The folded title of the role being added.
    title: String,
    /// Per role text stored: its org.
    role_orgs: Vec<u32>,
}

impl Parts {
    /// A text whose parts are not known.
    const NO_PARTS: u32 = u32::MAX;

    /// Parts are kept when there are at least this many role texts a title
    /// and an org.
    pub(super) const REPEATS: u64 = 8;

    /// The title and org of text `t`, if it is a role's text with parts
    /// known.
    #[inline]
    fn of(&self, t: usize) -> Option<(u32, u32)> {
        let k = t.checked_sub(self.first as usize)?;
        let packed = *self.of.get(k)?;
        (packed != Self::NO_PARTS).then(|| (packed >> self.org_bits, packed & ((1 << self.org_bits) - 1)))
    }

    /// The texts whose parts may be known: the role texts.
    #[inline]
    pub(super) fn texts(&self) -> std::ops::Range<usize> {
        self.first as usize..self.first as usize + self.of.len()
    }

    /// Every role text whose parts are known, with its title (folded) and
    /// the text of its org's name.
    #[cfg(test)]
    pub(super) fn all(&self) -> impl Iterator<Item = (usize, &str, u32)> + '_ {
        (0..self.of.len()).map(|k| {
            let t = self.first as usize + k;
            let (title, org) = self.of(t).expect("parts");
            (t, self.title(title), self.orgs[org as usize])
        })
    }

    /// Title `title`, folded.
    fn title(&self, title: u32) -> &str {
        let title = title as usize;
        let start = if title == 0 { 0 } else { self.title_ends[title - 1] as usize };
        &self.titles[start..self.title_ends[title] as usize]
    }

    /// Bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        4 * (self.of.capacity() + self.orgs.capacity() + self.title_ends.capacity()) + self.titles.capacity()
    }
}

impl PartsBuilder {
    /// The parts of role texts will be kept from text `first` on, with
    /// `separator` (folded) between a title and an org's name.
    pub(super) fn new(first: usize, separator: &str) -> Self {
        let separator_chars: Vec<char> = separator.chars().collect();
        PartsBuilder {
            parts: Parts {
                first: first as u32,
                separator: separator_chars.len() as u32,
                separator_chars,
                ..Parts::default()
            },
            ..PartsBuilder::default()
        }
    }

    /// The folded title of the next role is `title`.
    pub(super) fn title(&mut self, title: impl Iterator<Item = char>) {
        self.title.clear();
        self.title.extend(title);
    }

    /// The next role text stored (each new one, in order) is that title and
    /// the name of org `org`.
    pub(super) fn stored(&mut self, org: usize) {
        let title = match self.seen.get(&self.title) {
            Some(&title) => title,
            None => {
                let (parts, title) = (&mut self.parts, self.seen.len() as u32);
                parts.titles.push_str(&self.title);
                parts.title_ends.push(parts.titles.len() as u32);
                self.seen.insert(self.title.clone(), title);
                title
            }
        };
        self.parts.of.push(title);
        self.role_orgs.push(org as u32);
    }

    /// The parts, given the text of each org's name. None are kept unless
    /// titles and orgs each repeat over several role texts: an org's part
    /// takes a few times as long to work out as a text's ceiling (see
    /// [`org_side`]), and a search asks for most of them.
    /// (`repeats` is [`Parts::REPEATS`] but in tests.)
    pub(super) fn finish(self, org_texts: Vec<u32>, repeats: u64) -> Parts {
        let mut parts = self.parts;
        let (titles, orgs) = (parts.title_ends.len() as u64, org_texts.len() as u64);
        let texts = parts.of.len() as u64;
        let repeated = |n: u64| n > 0 && n * repeats <= texts;
        // Enough bits for every org, and for every title above them.
        let org_bits = u64::BITS - orgs.saturating_sub(1).leading_zeros();
        if !repeated(titles) || !repeated(orgs) || titles << org_bits >= u64::from(Parts::NO_PARTS) {
            return Parts::default();
        }
        parts.orgs = org_texts;
        parts.org_bits = org_bits;
        for (of, org) in parts.of.iter_mut().zip(self.role_orgs) {
            *of = *of << org_bits | org;
        }
        parts.of.shrink_to_fit();
        parts.titles.shrink_to_fit();
        parts.title_ends.shrink_to_fit();
        parts
    }
}

/// The highest score of any path of `needle` through `text`, by the
/// matcher's rules, where a path's first character scores
/// `first(column, bonus)`; [`NONE`] if there is none. Also writes into `a`,
/// per needle character `i`, the highest score plus column of a path of
/// `needle[..=i]`, as the gap after it is paid from there.
///
/// A path's score after a character depends on how much bonus its run of
/// consecutive characters carries, so each cell keeps its best score for
/// each carried bonus (0 to 10), not only its best: the matcher keeps one
/// (the highest score, whatever it carries), which may be lower than the
/// best path.
fn paths(needle: &[char], text: impl Iterator<Item = char>, first: impl Fn(i32, i32) -> i32, a: &mut [i32]) -> i32 {
    const CARRIES: usize = BONUS_WHITE as usize + 1;
    #[derive(Clone, Copy)]
    struct Row {
        /// Its latest column, and there its best score by carried bonus.
        last: Option<(i32, [i32; CARRIES])>,
        /// The highest score plus column of its paths, and of those that
        /// end before the latest column.
        a: i32,
        a_before_last: i32,
    }
    let n = needle.len();
    let mut rows = vec![Row { last: None, a: NONE, a_before_last: NONE }; n];
    let mut best = NONE;
    let mut prev = ' ';
    for (j, c) in text.enumerate() {
        let before = std::mem::replace(&mut prev, c);
        if !needle.contains(&c) {
            continue;
        }
        let bonus = fold::bonus(fold::class(before), fold::class(c));
        let (j, b) = (j as i32, bonus as i32);
        for i in (0..n).rev() {
            if needle[i] != c {
                continue;
            }
            let mut cells = [NONE; CARRIES];
            if i == 0 {
                cells[bonus as usize] = first(j, b);
            } else {
                let before = &rows[i - 1];
                let (consecutive, a) = match before.last {
                    Some((k, cells)) if k + 1 == j => (Some(cells), before.a_before_last),
                    _ => (None, before.a),
                };
                // After a gap: its cost, from the best path before it.
                if a > NONE {
                    cells[bonus as usize] = (a - j - 1).max(0) + SCORE_MATCH as i32 + b;
                }
                // Right after the character before, carrying its run's bonus.
                for (carried, &score) in consecutive.iter().flatten().enumerate() {
                    if score == NONE {
                        continue;
                    }
                    let carry = fold::carried(carried as u32, bonus);
                    let s = score + SCORE_MATCH as i32 + carry.max(bonus) as i32;
                    cells[carry as usize] = cells[carry as usize].max(s);
                }
            }
            let top = cells.iter().copied().max().unwrap_or(NONE);
            if top == NONE {
                continue;
            }
            let row = &mut rows[i];
            row.a_before_last = row.a;
            row.a = row.a.max(top + j);
            row.last = Some((j, cells));
            if i == n - 1 {
                best = best.max(top);
            }
        }
    }
    for (a, row) in a.iter_mut().zip(&rows) {
        *a = row.a;
    }
    best
}

/// A path's first character, where it starts a whole needle.
fn doubled(_: i32, bonus: i32) -> i32 {
    SCORE_MATCH as i32 + bonus * BONUS_FIRST_CHAR_MULTIPLIER as i32
}

/// What a title tells of a query, needle after needle: for a needle of
/// `n` characters, `n + 1` numbers: its best path in the title, the
/// title's length, and per `k` from 1 to `n - 1`, `a` of the paths of its
/// first `k` characters (see [`paths`]).
///
/// Then, for [`Memo::decide`]: the UTF-8 length of the title and the
/// separator after it; and per needle, how many of its characters they
/// hold, taken as early as they come (as `subsequence_end` takes them),
/// and the byte offset past the last of them.
fn title_side(needles: &[Vec<char>], title: &str, separator: &[char]) -> Box<[i32]> {
    let len = title.chars().count() as i32;
    let mut out = Vec::new();
    let mut a = Vec::new();
    for needle in needles {
        a.clear();
        a.resize(needle.len(), NONE);
        let best = paths(needle, title.chars(), doubled, &mut a);
        out.extend([best, len]);
        out.extend_from_slice(&a[..needle.len() - 1]);
    }
    let both = || title.chars().chain(separator.iter().copied());
    out.push(both().map(char::len_utf8).sum::<usize>() as i32);
    for needle in needles {
        let (held, at) = earliest(needle, both());
        out.extend([held as i32, at as i32]);
    }
    out.into()
}

/// How many characters of `needle` occur in `text` in order, each taken
/// where it first comes after the one before, and the byte offset in
/// `text`'s UTF-8 past the last taken (0 if none).
fn earliest(needle: &[char], text: impl Iterator<Item = char>) -> (usize, usize) {
    let (mut held, mut at, mut bytes) = (0, 0, 0);
    for c in text {
        bytes += c.len_utf8();
        if held < needle.len() && needle[held] == c {
            held += 1;
            at = bytes;
        }
    }
    (held, at)
}

/// What an org's name tells of a query, needle after needle: for a needle
/// of `n` characters, `2n - 1` numbers: its best path there; then per `k`
/// from 1 to `n - 1`, of the paths of its characters from `k` on begun
/// after a gap (the first scoring its own bonus, not twice), the highest
/// score less the column they start on; then, per `k`, their highest
/// score.
///
/// Then, for [`Memo::decide`]: per needle, per `k` from 0 to `n - 1`, the
/// byte offset past the earliest match of its characters from `k` on in
/// the org's name, or [`NONE`]; and last, the name's length in characters.
fn org_side(needles: &[Vec<char>], org: &[char]) -> Box<[i32]> {
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    let chars = || org.iter().copied();
    let own = SCORE_MATCH as i32;
    for needle in needles {
        scratch.clear();
        scratch.resize(needle.len(), NONE);
        out.push(paths(needle, chars(), doubled, &mut scratch));
        for k in 1..needle.len() {
            out.push(paths(&needle[k..], chars(), |j, b| own + b - j, &mut scratch));
        }
        for k in 1..needle.len() {
            out.push(paths(&needle[k..], chars(), |_, b| own + b, &mut scratch));
        }
    }
    for needle in needles {
        for k in 0..needle.len() {
            let rest = &needle[k..];
            out.push(match earliest(rest, chars()) {
                (held, at) if held == rest.len() => at as i32,
                _ => NONE,
            });
        }
    }
    out.push(org.len() as i32);
    out.into()
}

/// The bound of a needle of `n` characters in a role text whose title and
/// org say `title` and `org` of it (see [`title_side`] and [`org_side`]),
/// `separator` characters apart; `None` if no path was found (never, for a
/// text that matches).
fn bound(n: usize, title: &[i32], org: &[i32], separator: i32) -> Option<u32> {
    let (len, a) = (title[1], &title[2..n + 1]);
    let (b, c) = (&org[1..n], &org[n..2 * n - 1]);
    let mut best = title[0].max(org[0]);
    for k in 0..n - 1 {
        if a[k] == NONE || c[k] == NONE {
            continue;
        }
        // The gap from column `j` of the title to column `j'` of the org
        // costs `(len + separator + j') - j + 1`; a path's score before it
        // never falls below 0, and the rest of the path gains at most what
        // the score it starts from does.
        best = best.max((a[k] - len - separator - 1 + b[k]).max(c[k]));
    }
    (best > NONE).then(|| best.max(0) as u32)
}

/// What the titles and orgs of role texts tell of one query, each worked
/// out once, when first asked, by whichever thread asks.
#[derive(Debug)]
pub(super) struct Memo {
    /// By title, and by org.
    titles: Box<[OnceLock<Box<[i32]>>]>,
    orgs: Box<[OnceLock<Box<[i32]>>]>,
    /// Where what [`Memo::decide`] reads starts among a title's numbers,
    /// and among an org's (past the bounds').
    title_match: usize,
    org_match: usize,
    /// For a query of one word, the same in rows of a fixed size.
    one: Option<One>,
}

/// What the titles and orgs of role texts tell of a query of one needle,
/// in rows of a fixed size: pass 1 reads one of each for most role texts,
/// and a row in place is read without a pointer to follow.
#[derive(Debug)]
struct One {
    /// The needle's length.
    n: usize,
    titles: Box<[OnceLock<TitleRow>]>,
    orgs: Box<[OnceLock<OrgRow>]>,
}

/// What [`title_side`] tells of one needle, with [`NONE`] past its
/// characters.
#[derive(Clone, Copy, Debug)]
struct TitleRow {
    best: i32,
    len: i32,
    a: [i32; 3],
    /// The UTF-8 length of the title and the separator.
    before_org: u32,
    /// How many of the needle's characters they hold, and the byte offset
    /// past the last of them.
    held: u32,
    at: u32,
}

/// What [`org_side`] tells of one needle, with [`NONE`] past its
/// characters.
#[derive(Clone, Copy, Debug)]
struct OrgRow {
    best: i32,
    b: [i32; 3],
    c: [i32; 3],
    /// Per `k`, the byte offset past the earliest match of the needle's
    /// characters from `k` on; 0 at `k = n` (nothing left to match).
    ends: [i32; 5],
    len: i32,
}

impl TitleRow {
    fn new(n: usize, side: &[i32]) -> TitleRow {
        let mut a = [NONE; 3];
        a[..n - 1].copy_from_slice(&side[2..n + 1]);
        let at = |k: usize| side[n + 1 + k] as u32;
        TitleRow { best: side[0], len: side[1], a, before_org: at(0), held: at(1), at: at(2) }
    }
}

impl OrgRow {
    fn new(n: usize, side: &[i32]) -> OrgRow {
        let (mut b, mut c, mut ends) = ([NONE; 3], [NONE; 3], [0; 5]);
        b[..n - 1].copy_from_slice(&side[1..n]);
        c[..n - 1].copy_from_slice(&side[n..2 * n - 1]);
        ends[..n].copy_from_slice(&side[2 * n - 1..3 * n - 1]);
        OrgRow { best: side[0], b, c, ends, len: side[3 * n - 1] }
    }
}

impl One {
    /// [`Memo::decide`] for the query's one needle.
    #[inline]
    fn decide<I: Iterator<Item = char>>(
        &self,
        parts: &Parts,
        needles: &[Vec<char>],
        t: usize,
        org_text: impl FnOnce(u32) -> I,
    ) -> Option<Option<Decided>> {
        let n = self.n;
        let (title, org) = entries(
            parts,
            (&self.titles, |title| TitleRow::new(n, &title_side(needles, title, &parts.separator_chars))),
            (&self.orgs, |org| OrgRow::new(n, &org_side(needles, org))),
            t,
            org_text,
        )?;
        let held = title.held as usize;
        let end = org.ends[held.min(n)];
        if end == NONE {
            return Some(None);
        }
        let at = if held >= n { title.at } else { title.before_org + end as u32 };
        // `bound` on the rows, without branches.
        let separator = parts.separator as i32;
        let mut best = title.best.max(org.best);
        for k in 0..3 {
            // (Worked out with `NONE`s too, which must not overflow.)
            let split = title.a[k]
                .saturating_sub(title.len.saturating_add(separator + 1))
                .saturating_add(org.b[k])
                .max(org.c[k]);
            best = if title.a[k] != NONE && org.c[k] != NONE { best.max(split) } else { best };
        }
        if best == NONE {
            return None;
        }
        let len = (title.len + separator + org.len) as u32;
        Some(Some(Decided { score: best.max(0) as u32, len, end: at as usize }))
    }
}

impl Memo {
    /// For `needles`, if they can be bounded from parts: no needle holds a
    /// character of the separator (a path could go through it), and each
    /// has two to four: the ceiling of one character costs less than a
    /// title's or an org's part, and an org's part costs more the longer
    /// the needle (see [`org_side`]), which then matches fewer texts.
    pub(super) fn new(parts: &Parts, needles: &[Vec<char>]) -> Option<Memo> {
        let separator = |c: &char| parts.separator_chars.contains(c);
        if parts.of.is_empty() || needles.iter().any(|n| !(2..=4).contains(&n.len()) || n.iter().any(separator)) {
            return None;
        }
        let one = match needles {
            [needle] => Some(One {
                n: needle.len(),
                titles: (0..parts.title_ends.len()).map(|_| OnceLock::new()).collect(),
                orgs: (0..parts.orgs.len()).map(|_| OnceLock::new()).collect(),
            }),
            _ => None,
        };
        // (The boxes of a query of one needle are never filled: `sides`
        // finds nothing there.)
        let empty = |n: usize| if one.is_some() { Box::default() } else { (0..n).map(|_| OnceLock::new()).collect() };
        Some(Memo {
            titles: empty(parts.title_ends.len()),
            orgs: empty(parts.orgs.len()),
            title_match: needles.iter().map(|n| n.len() + 1).sum(),
            org_match: needles.iter().map(|n| 2 * n.len() - 1).sum(),
            one,
        })
    }

    /// The highest score `needles` could have in text `t`, which matches
    /// them, if `t` is a role's text whose parts are known; `org_text` gives
    /// the characters of a text.
    #[inline]
    pub(super) fn bound<I: Iterator<Item = char>>(
        &self,
        parts: &Parts,
        needles: &[Vec<char>],
        t: usize,
        org_text: impl FnOnce(u32) -> I,
    ) -> Option<u32> {
        if let Some(one) = &self.one {
            return one.decide(parts, needles, t, org_text)?.map(|d| d.score);
        }
        let (title, org) = self.sides(parts, needles, t, org_text)?;
        bound_of(parts, needles, title, org)
    }

    /// What the title and the org of text `t` tell of the query, if it is
    /// a role's text whose parts are known.
    #[inline]
    fn sides<I: Iterator<Item = char>>(
        &self,
        parts: &Parts,
        needles: &[Vec<char>],
        t: usize,
        org_text: impl FnOnce(u32) -> I,
    ) -> Option<(&[i32], &[i32])> {
        let (title, org) = entries(
            parts,
            (&self.titles, |title| title_side(needles, title, &parts.separator_chars)),
            (&self.orgs, |org| org_side(needles, org)),
            t,
            org_text,
        )?;
        Some((title, org))
    }

    /// Whether role text `t` matches the query, decided from its title and
    /// org without reading it: `Some(None)` if it does not; if it does,
    /// its bound (as [`Memo::bound`]), its length in characters, and the
    /// byte offset where the earliest match of the last needle ends (as
    /// `subsequence_end` finds it). `None` if `t` is not a role's text
    /// whose parts are known.
    #[inline]
    pub(super) fn decide<I: Iterator<Item = char>>(
        &self,
        parts: &Parts,
        needles: &[Vec<char>],
        t: usize,
        org_text: impl FnOnce(u32) -> I,
    ) -> Option<Option<Decided>> {
        if let Some(one) = &self.one {
            return one.decide(parts, needles, t, org_text);
        }
        let (title, org) = self.sides(parts, needles, t, org_text)?;
        // Past the bounds: what the title and separator hold of each needle,
        // and where each needle's characters from each place on end in the
        // org's name.
        let title_len = title[1];
        let held = &title[self.title_match..];
        let (before_org, mut held) = (held[0] as usize, &held[1..]);
        let mut ends = &org[self.org_match..];
        let org_len = org[org.len() - 1];
        let mut at = 0;
        for needle in needles {
            let n = needle.len();
            let (k, end) = (held[0] as usize, held[1]);
            at = if k == n {
                end as usize
            } else if ends[k] == NONE {
                return Some(None);
            } else {
                before_org + ends[k] as usize
            };
            (held, ends) = (&held[2..], &ends[n..]);
        }
        let score = bound_of(parts, needles, title, org)?;
        let len = (title_len + parts.separator as i32 + org_len) as u32;
        Some(Some(Decided { score, len, end: at }))
    }
}

/// The entries of role text `t`'s title and org among `titles` and
/// `orgs`, each made from the folded title, or the characters of the org's
/// name (`org_text` gives a text's), when first asked for.
#[inline]
fn entries<'m, T, O, I: Iterator<Item = char>>(
    parts: &Parts,
    (titles, title_entry): (&'m [OnceLock<T>], impl FnOnce(&str) -> T),
    (orgs, org_entry): (&'m [OnceLock<O>], impl FnOnce(&[char]) -> O),
    t: usize,
    org_text: impl FnOnce(u32) -> I,
) -> Option<(&'m T, &'m O)> {
    let (title, org) = parts.of(t)?;
    // (`None` rather than a panic where the memo keeps no such entries.)
    let title = titles.get(title as usize)?.get_or_init(|| title_entry(parts.title(title)));
    let org = orgs.get(org as usize)?.get_or_init(|| {
        let chars: Vec<char> = org_text(parts.orgs[org as usize]).collect();
        org_entry(&chars)
    });
    Some((title, org))
}

/// A role text that matches, as [`Memo::decide`] tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Decided {
    /// A score the text cannot beat.
    pub(super) score: u32,
    /// Its length in characters.
    pub(super) len: u32,
    /// The byte offset past the earliest match of the last needle.
    pub(super) end: usize,
}

/// The bound of `needles` in a role text from its sides (see [`Memo::sides`]).
#[inline]
fn bound_of(parts: &Parts, needles: &[Vec<char>], mut title: &[i32], mut org: &[i32]) -> Option<u32> {
    let mut total = 0;
    for n in needles.iter().map(Vec::len) {
        total += bound(n, title, org, parts.separator as i32)?;
        (title, org) = (&title[n + 1..], &org[2 * n - 1..]);
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Rng;
    use crate::query::search::ceiling;
    use nucleo_matcher::Utf32Str;

    const ALPHABET: &[char] = &['a', 'b', 'e', 'n', 'o', ' ', ' ', '-', '/', '(', '1', 'é', 'д', '李'];

    /// Up to `most - 1` characters.
    fn pick(rng: &mut Rng, most: usize) -> String {
        let n = rng.below(most);
        (0..n).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect()
    }

    fn ceiling_of(needle: &[char], text: &[char]) -> u32 {
        let mut rows = Vec::new();
        ceiling::ceiling(needle, Utf32Str::Unicode(text), &mut rows)
    }

    /// The best path is never below the matcher's programme, and is it
    /// nearly always.
    #[test]
    fn the_best_path_is_the_ceiling_or_above() {
        let mut rng = Rng(23);
        let (mut matched, mut same) = (0, 0);
        for _ in 0..20_000 {
            let text: Vec<char> = pick(&mut rng, 31).chars().collect();
            let needle: Vec<char> = pick(&mut rng, 5).chars().filter(|c| *c != ' ').collect();
            if needle.is_empty() {
                continue;
            }
            let ceiling = ceiling_of(&needle, &text);
            let mut a = vec![NONE; needle.len()];
            let best = paths(&needle, text.iter().copied(), doubled, &mut a);
            if ceiling == 0 {
                continue;
            }
            assert!(best >= ceiling as i32, "{needle:?} in {text:?}: {best} under {ceiling}");
            matched += 1;
            same += usize::from(best == ceiling as i32);
        }
        assert!(matched > 3_000, "{matched}");
        assert!(same * 100 > matched * 95, "{same} of {matched}");
    }

    /// Whether a role text matches, where its match ends and how long it
    /// is, told from its parts, are what its whole text says, whatever the
    /// characters (several bytes, empty titles and orgs); and its bound is
    /// the bound from its parts.
    #[test]
    fn a_role_text_is_decided_from_its_parts_as_from_its_whole_text() {
        let mut rng = Rng(37);
        let separator = " - ";
        let titles: Vec<String> = (0..12).map(|_| pick(&mut rng, 14)).collect();
        let orgs: Vec<String> = (0..9).map(|_| pick(&mut rng, 10)).collect();
        let mut builder = PartsBuilder::new(0, separator);
        let mut texts = Vec::new();
        for (t, title) in titles.iter().enumerate() {
            for (o, org) in orgs.iter().enumerate() {
                builder.title(title.chars());
                builder.stored(o);
                texts.push((t, o, format!("{title}{separator}{org}")));
            }
        }
        let parts = builder.finish((0..orgs.len() as u32).collect(), 1);
        let org_text = |o: u32| orgs[o as usize].chars();
        let (mut matched, mut words) = (0, [0, 0]);
        for _ in 0..600 {
            let needles: Vec<Vec<char>> = (0..1 + rng.below(2))
                .map(|_| (0..2 + rng.below(3)).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect::<Vec<char>>())
                .filter(|n| !n.iter().any(|c| separator.contains(*c)))
                .collect();
            let Some(memo) = (!needles.is_empty()).then(|| Memo::new(&parts, &needles)).flatten() else { continue };
            words[needles.len() - 1] += 1;
            for (k, (t, o, whole)) in texts.iter().enumerate() {
                let decided = memo.decide(&parts, &needles, k, org_text).expect("parts known");
                let ends: Option<Vec<usize>> =
                    needles.iter().map(|n| super::super::subsequence_end(n, whole.as_bytes())).collect();
                assert_eq!(decided.map(|d| d.end), ends.map(|e| e[e.len() - 1]), "{needles:?} in {whole:?}");
                let Some(d) = decided else { continue };
                matched += 1;
                assert_eq!(d.len as usize, whole.chars().count(), "{whole:?}");
                let org: Vec<char> = orgs[*o].chars().collect();
                let (title, org) = (title_side(&needles, &titles[*t], &[' ', '-', ' ']), org_side(&needles, &org));
                let mut bound_parts = 0;
                let (mut ti, mut oi) = (&title[..], &org[..]);
                for n in needles.iter().map(Vec::len) {
                    bound_parts += bound(n, ti, oi, 3).expect("a path");
                    (ti, oi) = (&ti[n + 1..], &oi[2 * n - 1..]);
                }
                assert_eq!(d.score, bound_parts, "{needles:?} in {whole:?}");
            }
        }
        assert!(matched > 3_000 && words[0] > 100 && words[1] > 50, "{matched} {words:?}");
    }

    /// A role text's bound from its parts is never below the ceiling of the
    /// whole text, and is it most of the time.
    #[test]
    fn the_bound_from_parts_is_the_ceiling_or_above() {
        let mut rng = Rng(29);
        let separator = " - ";
        let (mut matched, mut same, mut split) = (0, 0, 0);
        for _ in 0..20_000 {
            let title = pick(&mut rng, 16);
            let org = pick(&mut rng, 12);
            let whole: Vec<char> = format!("{title}{separator}{org}").chars().collect();
            let needle: Vec<char> = pick(&mut rng, 6).chars().filter(|c| *c != ' ' && *c != '-').collect();
            if needle.is_empty() {
                continue;
            }
            let ceiling = ceiling_of(&needle, &whole);
            if ceiling == 0 {
                continue;
            }
            let needles = [needle.clone()];
            let t = title_side(&needles, &title, &separator.chars().collect::<Vec<_>>());
            let o = org_side(&needles, &org.chars().collect::<Vec<_>>());
            let b = bound(needle.len(), &t, &o, 3).expect("a path");
            assert!(b >= ceiling, "{needle:?} in {whole:?}: {b} under {ceiling}");
            matched += 1;
            same += usize::from(b == ceiling);
            // The best path begins in the title and ends in the org.
            split += usize::from(b as i32 > t[0].max(o[0]));
        }
        assert!(matched > 3_000 && split > 200, "{matched} {split}");
        assert!(same * 100 > matched * 80, "{same} of {matched}");
    }
}
