//! The hot loops, on one thread or several. A search runs in two passes:
//!
//! 1. every distinct folded text (or every one that matched the previous
//!    query) is checked once: most are rejected by their character mask,
//!    the others by whether each word's characters occur in them in order.
//!    Each match gets a bound on its score; where a preview's sample says
//!    the text could hold one of the best, a sharper one (see [`Sharper`]),
//!    while the text is in cache. A role's text is not read where the
//!    query allows: whether it matches, where, and its bound, are told
//!    from its title and org (see `parts::Memo::decide`);
//! 2. the fields of the matching texts are visited in field order, each
//!    item's together. Every matching item is counted; each kind keeps its
//!    best items in a bounded heap, and an item is scored (by the fuzzy
//!    matcher, each of its matching texts) only if it could still enter
//!    it: with the highest score its texts allow (see `Query::bound`), on
//!    the shortest of them. A text that bound lets through is scored
//!    first by the matcher's programme run without the matcher (see
//!    [`ceiling`]), and by the matcher only if it could still enter.
//!
//! Scoring is most of a search's work, and a query of one or two common
//! letters matches most texts: at a million people, scoring every match of
//! `a` took 55 ms of the 80 a search took, where the best fifty of each
//! kind need a few thousand scores. The bound is what makes the skipping
//! work: a match whose first letter starts no word scores 20 points less
//! than one that does, so once a kind's heap holds matches at the start of
//! words, the rest are counted and left.
//!
//! Texts repeat (event kinds, publishers, the titles of an org's roles), so
//! checking each once saves work. Pass 2 reaches the fields of few matching
//! texts through the text → fields map and a bitset, and streams over every
//! field when most match.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicUsize, Ordering};

use nucleo_matcher::Matcher;

use super::{
    Candidate, END_UNKNOWN, End, Kind, Query, SearchIndex, bytes, ceiling, end, fold, matcher, order, parts,
    subsequence_end,
};
use crate::query::parallel::{in_parallel, threads_for};

/// The [`rank`] of no match; every match ranks higher.
pub(super) const NO_MATCH: u64 = 0;

/// How a text of `len` characters with `score` ranks among others: higher
/// score first, then shorter text. Compares as `(score, Reverse(len))`.
#[inline]
fn rank(score: u32, len: u32) -> u64 {
    (u64::from(score) << 32) | u64::from(!len)
}

/// What pass 1 writes for each text: 0 if it does not match, else a
/// class of the [`rank`] it could reach at best (see `Query::bound`), in
/// two bytes: pass 2 looks a text up for each field, in an order of its
/// own, and finds most of them in the nearest caches (at a million people,
/// 1.5 MB against 6.1 for full ranks). The full bound of the few items
/// whose class could be kept is worked out again (see [`Scorer::bound`]).
///
/// A class orders texts as their ranks do, and tells apart ranks whose
/// score is within [`Classes::SPAN`] of the highest any text could reach and
/// whose text is shorter than [`Classes::LONG`] characters: the top six
/// bits are that distance from the top, inverted, the low ten the length,
/// inverted. Every other match is class 1.
type Class = u16;

/// The classes of every text, written by pass 1 and lowered by pass 2 as
/// its threads learn more of a text (see [`Scorer::learn`]), so that the
/// other items that hold it are passed over. Any value a thread reads is
/// at least the class of the text's rank.
type Shared = [AtomicU16];

/// The classes of one query's ranks.
#[derive(Clone, Copy, Debug)]
struct Classes {
    /// The highest score any text could reach.
    top: u32,
}

impl Classes {
    /// Scores this far below the top or more are one class.
    const SPAN: u32 = 62;
    /// Texts this long or longer are one class at each score.
    const LONG: u32 = 1023;

    fn new(q: &Query) -> Classes {
        Classes { top: q.top_bound() }
    }

    /// The class of a match of [`rank`] `(score, len)`.
    #[inline]
    fn of(self, score: u32, len: u32) -> Class {
        let below = self.top.saturating_sub(score);
        if below >= Self::SPAN {
            return 1;
        }
        (((63 - below) << 10) | (Self::LONG - len.min(Self::LONG))) as Class
    }

    /// Whether a class tells its ranks apart.
    #[inline]
    fn exact(c: Class) -> bool {
        c > 1 && c & Self::LONG as Class != 0
    }

    /// The rank an exact class stands for (see [`Classes::exact`]): the
    /// one rank of that class, at most the top. For the class of a rank
    /// at most the top, that rank; so, for the class of a bound, the bound.
    #[inline]
    fn rank_of(self, c: Class) -> Option<u64> {
        Self::exact(c).then(|| {
            let below = 63 - u32::from(c >> 10);
            rank(self.top.saturating_sub(below), Self::LONG - u32::from(c & Self::LONG as Class))
        })
    }

    /// The class of a match of rank `r`.
    #[inline]
    fn of_rank(self, r: u64) -> Class {
        self.of((r >> 32) as u32, !(r as u32))
    }

    /// The lowest class of a match that `top` could keep: one that reaches
    /// its [`Top::at_least`], and above its worst kept rank once it is full
    /// (see [`Top::floor`]). One only at that floor could not be kept (this
    /// thread kept the items of that rank, and they come before it), so
    /// where its class is exact, the next class up.
    #[inline]
    fn threshold(self, top: &Top) -> Class {
        let least = if top.at_least == NO_MATCH { 1 } else { self.of_rank(top.at_least) };
        let floor = top.floor();
        if floor == NO_MATCH {
            return least;
        }
        let c = self.of_rank(floor);
        least.max(if Self::exact(c) { c.saturating_add(1) } else { c })
    }
}

/// The item `owner` kept with `field`, whose [`rank`] is `rank`.
#[inline]
fn candidate(rank: u64, owner: u32, field: u32) -> Candidate {
    Candidate { score: (rank >> 32) as u32, shorter: Reverse(!(rank as u32)), earlier: Reverse(owner), field }
}

/// Below this many texts to score, one thread is faster than starting more.
const PARALLEL_MIN: usize = 40_000;
/// At most this many threads scan at once.
const MAX_THREADS: usize = 8;
/// How many texts pass 1 checks, and how many fields pass 2 reads,
/// between two looks at the cancel flag.
const CANCEL_EVERY_TEXTS: usize = 4096;
const CANCEL_EVERY_FIELDS: usize = 1 << 16;
/// Pass 1 cuts the texts, and pass 2 the fields, into this many runs a
/// thread.
const RUNS_PER_THREAD: usize = 16;
/// Pass 2 marks the fields of the matching texts in a bitset when they are
/// fewer than one in this many fields; else it streams over every field.
const GATHER_RATIO: usize = 4;

/// As many threads as a scan of many texts uses.
pub(super) fn all_threads() -> usize {
    threads_for(usize::MAX, 0, MAX_THREADS)
}

/// A run of texts, in ascending order.
#[derive(Clone, Debug)]
pub(super) enum Ids<'a> {
    /// Every one in the range.
    All(Range<u32>),
    /// These (the matches of a previous search).
    Some(&'a [u32]),
}

impl Ids<'_> {
    /// The first text of a non-empty run.
    fn first(&self) -> usize {
        match self {
            Ids::All(r) => r.start as usize,
            Ids::Some(s) => s[0] as usize,
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Ids::All(r) => r.len(),
            Ids::Some(s) => s.len(),
        }
    }

    /// Cuts into at most `n` runs of about equal length.
    fn split(&self, n: usize) -> Vec<Ids<'_>> {
        cuts(self.len(), n, |_| true)
            .windows(2)
            .map(|w| match self {
                Ids::All(r) => Ids::All(r.start + w[0] as u32..r.start + w[1] as u32),
                Ids::Some(s) => Ids::Some(&s[w[0]..w[1]]),
            })
            .collect()
    }
}

/// Cut points `0 = c₀ < c₁ < … = len` for about `n` equal runs, each moved
/// forward to the first `k` where `can_cut(k)`.
fn cuts(len: usize, n: usize, can_cut: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut cuts = vec![0];
    for part in 1..n {
        let mut k = (len * part / n).max(cuts[cuts.len() - 1]);
        while k > 0 && k < len && !can_cut(k) {
            k += 1;
        }
        cuts.push(k);
    }
    cuts.push(len);
    cuts.dedup();
    cuts
}

/// The set bits of `bits` in `range`, ascending.
fn ones(bits: &[u64], range: Range<usize>) -> impl Iterator<Item = u32> + '_ {
    let (lo, hi) = (range.start, range.end);
    let mut base = lo & !63;
    let mut word = bits.get(lo / 64).map_or(0, |w| w & (!0u64 << (lo % 64)));
    std::iter::from_fn(move || {
        loop {
            if word != 0 {
                let i = base + word.trailing_zeros() as usize;
                word &= word - 1;
                return (i < hi).then_some(i as u32);
            }
            base += 64;
            if base >= hi {
                return None;
            }
            word = bits[base / 64];
        }
    })
}

/// What a sample of the texts tells the whole search of each kind, in
/// [`Kind::ALL`] order.
#[derive(Clone, Copy, Debug)]
pub(super) struct Bars {
    /// A rank that `limit` items of the kind are known to reach (their
    /// rank in the sample, which their rank in all of the texts can only
    /// raise), or [`NO_MATCH`]: no item below it can be among the best.
    pub(super) floors: [u64; 6],
    /// The rank of the sample's best item, or [`NO_MATCH`]: about where the
    /// whole search's worst kept item will be (a sample of one text in a
    /// hundred or more holds about one of the best hundred). Pass 1
    /// sharpens the bound of the texts whose bound reaches it (see
    /// [`Sharper`]); this only spares work, and is never relied on.
    pub(super) likely: [u64; 6],
}

/// No [`Bars`] known.
pub(super) const NO_BARS: Bars = Bars { floors: [NO_MATCH; 6], likely: [NO_MATCH; 6] };

/// The best items of one kind, and how many matched.
#[derive(Clone, Debug)]
pub(super) struct Top {
    /// How many items matched.
    pub(super) total: usize,
    limit: usize,
    /// Items that rank below this are not kept (see [`Bars::floors`]).
    at_least: u64,
    /// The best `limit` so far, worst on top.
    heap: BinaryHeap<Reverse<Candidate>>,
}

impl Top {
    fn new(limit: usize, at_least: u64) -> Top {
        Top { total: 0, limit, at_least, heap: BinaryHeap::new() }
    }

    /// Whether item `owner` could be kept with a [`rank`] of `rank` at best.
    #[inline]
    fn could_keep(&self, rank: u64, owner: u32) -> bool {
        // The field breaks ties of one item only: the highest is the bound.
        let best = candidate(rank, owner, u32::MAX);
        rank >= self.at_least && (self.heap.len() < self.limit || self.heap.peek().is_some_and(|worst| best > worst.0))
    }

    /// Whether it holds its limit: an item must then beat the worst.
    #[inline]
    fn is_full(&self) -> bool {
        self.heap.len() >= self.limit
    }

    /// Whether an item must clear a bar to be kept: the heap is full, or
    /// a floor was known from the start.
    #[inline]
    fn has_bar(&self) -> bool {
        self.is_full() || self.at_least > NO_MATCH
    }

    /// A rank below which no item can be kept: the worst kept one's once
    /// the heap is full (an item of that rank may still be kept, if it
    /// comes before that one), else [`NO_MATCH`].
    #[inline]
    pub(super) fn floor(&self) -> u64 {
        match self.heap.peek() {
            Some(worst) if self.is_full() => rank(worst.0.score, worst.0.shorter.0),
            _ => NO_MATCH,
        }
    }

    /// The [`rank`] of the best kept item, or [`NO_MATCH`].
    pub(super) fn best_rank(&self) -> u64 {
        self.heap.iter().map(|c| rank(c.0.score, c.0.shorter.0)).max().unwrap_or(NO_MATCH)
    }

    #[inline]
    fn keep(&mut self, c: Candidate) {
        if self.heap.len() < self.limit {
            self.heap.push(Reverse(c));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && c > worst.0
        {
            *worst = Reverse(c);
        }
    }

    fn merge(&mut self, other: Top) {
        self.total += other.total;
        for Reverse(c) in other.heap {
            self.keep(c);
        }
    }

    /// The kept items, best first.
    pub(super) fn best(self) -> Vec<Candidate> {
        // Ascending order of `Reverse` is descending order of candidates.
        self.heap.into_sorted_vec().into_iter().map(|Reverse(c)| c).collect()
    }
}

/// What the previous search, which the query narrows, found of each text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Known<'a> {
    /// Per text, its [`End`]: only the texts that matched can match.
    pub(super) ends: &'a [End],
    /// What the query adds to the previous one's last word, when that is
    /// all it adds: a text's match then goes on from its end.
    pub(super) tail: Option<&'a [char]>,
}

/// A scan stopped because its cancel flag was set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Cancelled;

/// What a search found.
#[derive(Debug)]
pub(super) struct Scanned {
    /// Per kind, in [`Kind::ALL`] order.
    pub(super) kinds: [Top; 6],
    /// The matching texts, ascending, unless more than half of all texts
    /// matched (a refinement would then save little).
    pub(super) texts: Option<Vec<u32>>,
    /// Per text, its [`End`].
    pub(super) ends: Vec<End>,
}

/// Where a pass-1 thread writes: its part of the per-text arrays, which
/// starts at text `base`.
struct Out<'a> {
    classes: &'a mut Shared,
    ends: &'a mut [End],
    base: usize,
    listed: &'a Listed,
}

/// How many matching texts the runs of pass 1 listed, and how many they
/// may list (half of all texts, past which a refinement would save little)
/// before they stop: counted a thousand at a time, so that the runs agree
/// on whether every text was listed whatever the order they ran in.
struct Listed {
    count: AtomicUsize,
    cap: usize,
}

impl Listed {
    /// Texts counted at a time.
    const BATCH: usize = 1024;

    /// Counts `n` more listed texts: whether there are still no more than
    /// the cap.
    fn add(&self, n: usize) -> bool {
        self.count.fetch_add(n, Ordering::Relaxed) + n <= self.cap
    }
}

impl SearchIndex {
    /// The highest [`rank`] text `t`, which matches `q`, could have: its
    /// bound (see `Query::bound`) at its length. Pass 1 keeps only its
    /// [`Class`]; pass 2 works it out again for the few texts that need it.
    #[inline]
    fn bound_rank(&self, q: &Query, t: usize) -> u64 {
        // Not even the address of the near masks unless the query reads them.
        let near = if q.reads_near { &self.near[t] } else { &[0; fold::NEAR] };
        rank(q.bound(self.initials[t], near), self.char_len(t))
    }

    /// What the titles and orgs of role texts tell of `q`, if they can
    /// (see [`parts::Memo::new`]).
    pub(super) fn memo<'q>(&self, q: &'q Query) -> Option<&'q parts::Memo> {
        q.parts.get_or_init(|| parts::Memo::new(&self.parts, &q.needles)).as_ref()
    }

    /// The kind whose items first brought text `t` (see
    /// [`SearchIndex::first_texts`]), as an index into [`Kind::ALL`].
    #[inline]
    pub(super) fn first_kind(&self, t: u32) -> usize {
        self.first_texts.partition_point(|&first| first <= t).saturating_sub(1)
    }

    /// Whether fields `a` and `b` belong to the same item.
    fn same_item(&self, a: usize, b: usize) -> bool {
        self.owners[a] == self.owners[b] && self.fields[a].kind() == self.fields[b].kind()
    }

    /// Searches `texts` (all of them, or the matches of a previous search),
    /// on several threads when there are many, until `cancel` is set.
    pub(super) fn scan_parallel(
        &self,
        q: &Query,
        texts: Ids<'_>,
        known: Option<Known<'_>>,
        limit: usize,
        bars: Bars,
        cancel: &AtomicBool,
    ) -> Result<Scanned, Cancelled> {
        let threads = threads_for(texts.len(), PARALLEL_MIN, MAX_THREADS);
        self.scan_threads(q, texts, known, limit, bars, threads, cancel)
    }

    /// [`scan_parallel`](SearchIndex::scan_parallel) on `threads` threads.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn scan_threads(
        &self,
        q: &Query,
        texts: Ids<'_>,
        known: Option<Known<'_>>,
        limit: usize,
        bars: Bars,
        threads: usize,
        cancel: &AtomicBool,
    ) -> Result<Scanned, Cancelled> {
        let threads = threads.max(1);
        // Pass 1 writes whether each text matches, the class of the rank it
        // could reach and where its match ends, each thread into its own
        // slices. (The ends are zeroed by the allocator, so that their pages
        // cost nothing until touched, which a search of a few texts mostly
        // does not; the classes, shared as atomics, are written as zeros:
        // 1.5 MB at a million people, about a tenth of a millisecond.)
        let mut classes: Vec<AtomicU16> = (0..self.texts.len()).map(|_| AtomicU16::new(0)).collect();
        let mut ends: Vec<End> = vec![0; self.texts.len()];
        // In runs that each thread takes in turn, as pass 2 does: the texts
        // are not alike along the arena (names, then titles, then quotes),
        // and with a half each, one thread took up to half as long again as
        // the other.
        let parts = texts.split(if threads > 1 { threads * RUNS_PER_THREAD } else { 1 });
        let mut slices = Vec::with_capacity(parts.len());
        let listed = Listed { count: AtomicUsize::new(0), cap: self.texts.len() / 2 };
        let (mut rest, mut rest_ends) = (classes.as_mut_slice(), ends.as_mut_slice());
        let mut base = 0;
        for (k, part) in parts.iter().enumerate() {
            let end = parts.get(k + 1).map_or(self.texts.len(), |p| p.first());
            let (mine, others) = rest.split_at_mut(end - base);
            let (my_ends, other_ends) = rest_ends.split_at_mut(end - base);
            slices.push((part.clone(), Out { classes: mine, ends: my_ends, base, listed: &listed }));
            (rest, rest_ends, base) = (others, other_ends, end);
        }
        let slots: Vec<Mutex<Option<(Ids<'_>, Out<'_>)>>> = slices.into_iter().map(|s| Mutex::new(Some(s))).collect();
        let next = AtomicUsize::new(0);
        let done = in_parallel((0..threads.min(slots.len())).collect(), |_| {
            let mut done = Vec::new();
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = slots.get(k) else { return done };
                // Each run is taken once (`k` is new to this thread).
                if let Some((part, out)) = slot.lock().ok().and_then(|mut s| s.take()) {
                    done.push((k, self.match_texts(q, part, known, &bars.likely, out, cancel)));
                }
            }
        });
        let mut done: Vec<_> = done.into_iter().flatten().collect();
        done.sort_unstable_by_key(|&(k, _)| k);
        let matched = done.into_iter().map(|(_, m)| m).collect::<Result<Vec<_>, _>>()?;
        let matched: Option<Vec<u32>> = matched.into_iter().collect::<Option<Vec<_>>>().map(|v| v.concat());

        // Pass 2.
        let reached = matched.as_ref().map(|m| m.iter().map(|&t| self.text_fields.get(t).len()).sum::<usize>());
        let bits = matched.as_ref().filter(|_| reached.is_some_and(|r| r < self.len() / GATHER_RATIO)).map(|m| {
            let mut bits = vec![0u64; self.len().div_ceil(64)];
            for &t in m {
                for &f in self.text_fields.get(t) {
                    bits[f as usize / 64] |= 1 << (f % 64);
                }
            }
            bits
        });
        // In runs that each thread takes in turn as it is done with the last,
        // so that a thread whose fields need many scores (role titles, for
        // `one`) does not leave the others idle: with one run a thread, one
        // took twice as long as the other.
        let runs = cuts(self.len(), threads * RUNS_PER_THREAD, |k| !self.same_item(k - 1, k));
        let runs: Vec<Range<usize>> = runs.windows(2).map(|w| w[0]..w[1]).collect();
        let next = AtomicUsize::new(0);
        let collected = in_parallel((0..threads.min(runs.len())).collect(), |_| {
            let mut kinds = bars.floors.map(|at_least| Top::new(limit, at_least));
            let mut scorer = Scorer::new(self, q, &classes);
            while let Some(range) = runs.get(next.fetch_add(1, Ordering::Relaxed)) {
                let range = range.clone();
                match &bits {
                    Some(bits) => self.collect(&mut kinds, &mut scorer, ones(bits, range), cancel)?,
                    None => self.collect_all(&mut kinds, &mut scorer, range, cancel)?,
                }
            }
            Ok(kinds)
        });

        let mut kinds = Kind::ALL.map(|_| Top::new(limit, NO_MATCH));
        for c in collected {
            for (a, b) in kinds.iter_mut().zip(c?) {
                a.merge(b);
            }
        }
        Ok(Scanned { kinds, texts: matched, ends })
    }

    /// Pass 1: writes into `out` the [`Class`] and [`End`] of each text of
    /// `part` that matches, and lists those texts unless the runs' lists
    /// come to more than half of all texts (see [`Listed`]). Only texts
    /// that matched the previous search can match, if `known`.
    fn match_texts(
        &self,
        q: &Query,
        part: Ids<'_>,
        known: Option<Known<'_>>,
        likely: &[u64; 6],
        out: Out<'_>,
        cancel: &AtomicBool,
    ) -> Result<Option<Vec<u32>>, Cancelled> {
        // One loop per kind of run, each compiled for its iterator.
        match part {
            Ids::All(r) => self.match_texts_in(q, r, known, likely, out, cancel),
            Ids::Some(s) => self.match_texts_in(q, s.iter().copied(), known, likely, out, cancel),
        }
    }

    fn match_texts_in(
        &self,
        q: &Query,
        part: impl Iterator<Item = u32>,
        known: Option<Known<'_>>,
        likely: &[u64; 6],
        out: Out<'_>,
        cancel: &AtomicBool,
    ) -> Result<Option<Vec<u32>>, Cancelled> {
        let Out { classes, ends, base, listed } = out;
        let cls = Classes::new(q);
        // Role texts are decided from their titles and orgs where the query
        // allows (see `parts::Memo::decide`), without reading them.
        let (memo, roles) = (self.memo(q), self.parts.texts());
        // The class from which a text first met in each kind has its bound
        // sharpened (above any class where nothing is likely), and the
        // lowest of them.
        let sharper = Sharper::new(self, q);
        let sharpen = likely.map(|r| match sharper {
            Some(_) if r != NO_MATCH => u32::from(cls.of_rank(r)),
            _ => u32::MAX,
        });
        let least = sharpen.iter().copied().min().unwrap_or(u32::MAX);
        let (previous, tail) = match known {
            Some(k) => (Some(k.ends), k.tail),
            None => (None, None),
        };
        // What the query adds, as bytes, if all ASCII.
        let tail_bytes: Option<Vec<u8>> = tail.and_then(bytes::ascii);
        let tail_bytes = tail_bytes.as_deref();
        let mut matched = Some(Vec::new());
        for (n, t) in part.enumerate() {
            if n % CANCEL_EVERY_TEXTS == 0 && cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            let i = t as usize;
            let decided = match memo {
                Some(memo) if roles.contains(&i) => {
                    memo.decide(&self.parts, &q.needles, i, |org| self.text(org as usize).chars())
                }
                _ => None,
            };
            let (found, class) = match decided {
                Some(None) => continue,
                Some(Some(d)) => (end(d.end), cls.of(d.score, d.len)),
                None => match self.match_text(q, i, previous, tail, tail_bytes) {
                    None => continue,
                    Some(found) => {
                        let mut class = cls.of_rank(self.bound_rank(q, i));
                        // Where the text could hold one of the best, a sharper
                        // bound while it is in cache: pass 2 would otherwise
                        // offer its items and read it again, far from the last
                        // text it read.
                        if u32::from(class) >= least
                            && u32::from(class) >= sharpen[self.first_kind(t)]
                            && let Some(r) = sharper.and_then(|s| s.rank(i))
                        {
                            class = class.min(cls.of_rank(r));
                        }
                        (found, class)
                    }
                },
            };
            ends[i - base] = found;
            *classes[i - base].get_mut() = class;
            if let Some(list) = &mut matched {
                list.push(t);
                if list.len() % Listed::BATCH == 0 && !listed.add(Listed::BATCH) {
                    matched = None;
                }
            }
        }
        Ok(matched.filter(|list| listed.add(list.len() % Listed::BATCH)))
    }

    /// Whether text `i` matches `q`, read from its bytes, as the [`End`]
    /// of its match: only if it matched the previous search, if any (its
    /// `previous` end), where a match of the last needle goes on from that
    /// end by `tail` (also as ASCII bytes, if it is).
    #[inline(always)]
    fn match_text(
        &self,
        q: &Query,
        i: usize,
        previous: Option<&[End]>,
        tail: Option<&[char]>,
        tail_bytes: Option<&[u8]>,
    ) -> Option<End> {
        let before = previous.map_or(END_UNKNOWN, |ends| ends[i]);
        if before == 0 || self.masks[i] & q.mask != q.mask {
            return None;
        }
        let padded = self.padded(i);
        let bytes = padded.text();
        match tail {
            // The previous search's last needle matched up to `before`.
            Some(tail) if before != END_UNKNOWN => {
                let at = before as usize;
                let rest = bytes.len() - at;
                let more = match tail_bytes {
                    Some(tail) if rest <= bytes::WINDOW => bytes::subsequence_end(tail, padded.window(at), rest),
                    _ => subsequence_end(tail, &bytes[at..]),
                };
                more.map(|more| end(at + more))
            }
            _ if q.mask_decides => Some(END_UNKNOWN),
            _ if bytes.len() <= bytes::WINDOW => {
                q.match_end_short(padded.window(0), bytes.len()).unwrap_or_else(|| q.match_end(bytes))
            }
            _ => q.match_end(bytes),
        }
    }

    /// Pass 2: each item among `fields` (ascending, cutting no item) with
    /// its best field, kind by kind, offered to `kinds`.
    fn collect(
        &self,
        kinds: &mut [Top; 6],
        scorer: &mut Scorer<'_>,
        fields: impl Iterator<Item = u32>,
        cancel: &AtomicBool,
    ) -> Result<(), Cancelled> {
        let classes = scorer.shared;
        // The item being read, the highest class of its matching texts,
        // and those fields with their texts: an item's fields are adjacent.
        let mut item: Option<(Kind, u32)> = None;
        let mut upper: Class = 0;
        let mut matching: Vec<(u32, usize)> = Vec::new();
        for (n, f) in fields.enumerate() {
            if n % CANCEL_EVERY_FIELDS == 0 && cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            let i = f as usize;
            let t = self.field_text[i] as usize;
            let c = classes[t].load(Ordering::Relaxed);
            if c == 0 {
                continue;
            }
            let this = (self.fields[i].kind(), self.owners[i]);
            if item != Some(this) {
                if let Some((kind, owner)) = item {
                    offer(&mut kinds[kind as usize], scorer, owner, upper, &matching);
                }
                item = Some(this);
                upper = 0;
                matching.clear();
            }
            upper = upper.max(c);
            matching.push((f, t));
        }
        if let Some((kind, owner)) = item {
            offer(&mut kinds[kind as usize], scorer, owner, upper, &matching);
        }
        Ok(())
    }

    /// [`collect`](SearchIndex::collect) of every field in `range` (which
    /// cuts no item), when most texts matched: the same, in a tighter loop.
    /// An item's matching fields are listed only if it could be kept.
    fn collect_all(
        &self,
        kinds: &mut [Top; 6],
        scorer: &mut Scorer<'_>,
        range: Range<usize>,
        cancel: &AtomicBool,
    ) -> Result<(), Cancelled> {
        let classes = scorer.shared;
        let mut matching: Vec<(u32, usize)> = Vec::new();
        let (owners, field_text) = (&self.owners[..], &self.field_text[..]);
        for kind in Kind::ALL {
            // Fields are grouped by kind, in that order.
            let kind_start = self.fields.partition_point(|f| f.kind() < kind);
            let kind_end = self.fields.partition_point(|f| f.kind() <= kind);
            let (first, end) = (kind_start.max(range.start), kind_end.min(range.end));
            if first >= end {
                continue;
            }
            let top = &mut kinds[kind as usize];
            // Where each item has one field (roles, orgs, people without
            // aliases), its owner is its place among them, and an item is
            // its field.
            let single = kind_end - kind_start == self.counts[kind as usize];
            // Items have one to a few fields: a branch on where each ends
            // would be mispredicted at nearly every item. The item's best
            // class and first field are kept with selects instead, and the
            // only branch is on an item whose class reaches the heap's
            // floor, rare once the heap is full.
            let (mut owner, mut start, mut upper) = (owners[first], first, 0);
            let mut threshold = scorer.classes.threshold(top);
            let mut total = 0;
            // Lists the item's matching fields and offers it.
            let mut offer_item = |top: &mut Top, owner: u32, fields: Range<usize>| {
                matching.clear();
                matching.extend(fields.filter_map(|f| {
                    let t = field_text[f] as usize;
                    (classes[t].load(Ordering::Relaxed) != 0).then_some((f as u32, t))
                }));
                offer_scored(top, scorer, owner, &matching);
                scorer.classes.threshold(top)
            };
            for from in (first..end).step_by(CANCEL_EVERY_FIELDS) {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Cancelled);
                }
                let to = (from + CANCEL_EVERY_FIELDS).min(end);
                if single {
                    for (i, &t) in (from..to).zip(&field_text[from..to]) {
                        let c = classes[t as usize].load(Ordering::Relaxed);
                        total += usize::from(c != 0);
                        // (Every threshold is 1 or more: only matches reach it.)
                        if c >= threshold {
                            threshold = offer_item(top, (i - kind_start) as u32, i..i + 1);
                        }
                    }
                    continue;
                }
                for (i, (&o, &t)) in (from..to).zip(owners[from..to].iter().zip(&field_text[from..to])) {
                    let closes = o != owner;
                    let matched = upper != 0;
                    total += usize::from(closes & matched);
                    if closes & matched & (upper >= threshold) {
                        threshold = offer_item(top, owner, start..i);
                    }
                    // 0 where the item closes, else as it was.
                    upper &= Class::from(closes).wrapping_sub(1);
                    start = if closes { i } else { start };
                    owner = o;
                    upper = upper.max(classes[t as usize].load(Ordering::Relaxed));
                }
            }
            // The last item, left open by the other loop.
            if upper != 0 {
                total += 1;
                if upper >= threshold {
                    offer_item(top, owner, start..end);
                }
            }
            top.total += total;
        }
        Ok(())
    }
}

/// Bounds sharper than [`Query::bound`], for the query's needles of two to
/// four characters: a role text's from its title and org (see [`parts`]),
/// without reading it; a short text's from where the query's characters
/// are in it (see [`order`]).
#[derive(Clone, Copy)]
struct Sharper<'a> {
    ix: &'a SearchIndex,
    q: &'a Query,
    /// What is worked out of the titles and orgs, shared by the threads.
    parts: Option<&'a parts::Memo>,
    /// The needles' bytes and the scores by where their characters are,
    /// shared by the threads, if every needle is bounded so.
    order: Option<(&'a [Vec<u8>], &'a order::Tables)>,
}

impl<'a> Sharper<'a> {
    /// `None` if neither bound applies to `q`'s needles.
    fn new(ix: &'a SearchIndex, q: &'a Query) -> Option<Self> {
        let parts = ix.memo(q);
        let order = q.ascii.as_deref().and_then(|needles| {
            let tables = q.order.get_or_init(|| order::Tables::new(&q.needles, needles));
            tables.all.then_some((needles, tables))
        });
        (parts.is_some() || order.is_some()).then_some(Sharper { ix, q, parts, order })
    }

    /// A rank that text `t`, which matches, cannot beat, if either bound
    /// applies to it.
    #[inline(never)]
    fn rank(&self, t: usize) -> Option<u64> {
        let ix = self.ix;
        let score = match self
            .parts
            .and_then(|p| p.bound(&ix.parts, &self.q.needles, t, |org| ix.text(org as usize).chars()))
        {
            Some(score) => score,
            None => {
                let (needles, tables) = self.order?;
                order::bound(needles, tables, ix.padded(t))?
            }
        };
        Some(rank(score, ix.char_len(t)))
    }
}

/// What a pass-2 thread scores texts with: the query, a matcher, and what
/// it learnt of the texts it looked at more closely, for
/// the other items that hold them (the titles of an org's roles, event
/// kinds).
struct Scorer<'a> {
    ix: &'a SearchIndex,
    q: &'a Query,
    /// How ranks are classed.
    classes: Classes,
    /// The class of every text.
    shared: &'a Shared,
    m: Matcher,
    rows: Vec<ceiling::Row>,
    /// The best rank a text can have as far as this thread knows better
    /// than pass 1: its ceiling, then its rank.
    better: Better,
    /// The ranks of the texts it scored.
    scored: rustc_hash::FxHashMap<u32, u64>,
    /// Sharper bounds than pass 1's, if the query has them.
    sharper: Option<Sharper<'a>>,
}

/// What a pass-2 thread knows of texts better than pass 1: a map while it
/// is a few thousand texts, then an array over every text (zeroed by the
/// allocator, so that its pages cost nothing until touched; 0 for
/// nothing known, which no rank is).
enum Better {
    Few(rustc_hash::FxHashMap<u32, u64>),
    Many(Vec<u64>),
}

impl Better {
    /// Known texts past which the map becomes an array.
    const FEW: usize = 4096;

    #[inline]
    fn get(&self, t: usize) -> Option<u64> {
        match self {
            Better::Few(map) => map.get(&(t as u32)).copied(),
            Better::Many(all) => Some(all[t]).filter(|&r| r != 0),
        }
    }

    fn set(&mut self, t: usize, r: u64, texts: usize) {
        match self {
            Better::Few(map) if map.len() >= Better::FEW => {
                let mut all = vec![0; texts];
                for (&k, &v) in map.iter() {
                    all[k as usize] = v;
                }
                all[t] = r;
                *self = Better::Many(all);
            }
            Better::Few(map) => {
                map.insert(t as u32, r);
            }
            Better::Many(all) => all[t] = r,
        }
    }
}

impl<'a> Scorer<'a> {
    fn new(ix: &'a SearchIndex, q: &'a Query, shared: &'a Shared) -> Self {
        let better = Better::Few(Default::default());
        let classes = Classes::new(q);
        let sharper = Sharper::new(ix, q);
        Scorer { ix, q, classes, shared, m: matcher(), rows: Vec::new(), better, scored: Default::default(), sharper }
    }

    /// Text `t` ranks `r` at best: lowers its shared class to that of `r`.
    /// (Another thread may lower it at the same time, to the class of
    /// another rank it learnt, as true; either is a class the text cannot
    /// rank above.)
    fn learn(&self, t: usize, r: u64) {
        let c = self.classes.of_rank(r);
        if c < self.shared[t].load(Ordering::Relaxed) {
            self.shared[t].store(c, Ordering::Relaxed);
        }
    }

    /// The best rank text `t`, which matched, can have: its own once
    /// scored, else its ceiling once computed, else its bound (which pass 1
    /// kept only the class of).
    fn bound(&self, t: usize) -> u64 {
        // What pass 1 and every thread wrote of it, when exact, says as
        // much as the bound or what this thread learnt, without reading
        // either (each a read far from the last).
        let class = self.shared[t].load(Ordering::Relaxed);
        self.classes
            .rank_of(class)
            .unwrap_or_else(|| self.better.get(t).unwrap_or_else(|| self.ix.bound_rank(self.q, t)))
    }

    /// A rank that text `t`, which matched, cannot beat, if [`Sharper`]
    /// can tell: learnt for the other items that hold it.
    fn sharper_rank(&self, t: usize) -> Option<u64> {
        let r = self.sharper?.rank(t)?;
        self.learn(t, r);
        Some(r)
    }

    /// The rank of text `t`, which matched, by the matcher's programme run
    /// without the matcher (see [`ceiling`]): its rank, but for texts the
    /// matcher scores lower. Several times cheaper than [`Scorer::rank`].
    ///
    /// Where the text's class is exact, what it knows is there: the
    /// ceiling is worked out again if asked again, which is rare (a text's
    /// items are passed over once its class is below their kind's floor,
    /// and scored by the matcher when its ceiling is not), and costs less
    /// than keeping it: at a million people, an array of every text per
    /// thread, read and written far from the last place each time.
    fn ceiling(&mut self, t: usize) -> u64 {
        let exact = Classes::exact(self.shared[t].load(Ordering::Relaxed));
        if !exact && let Some(r) = self.better.get(t) {
            return r;
        }
        let ix = self.ix;
        let score = self.q.ceiling_padded(ix.padded(t), || ix.text(t), &mut self.rows);
        let r = rank(score, ix.char_len(t));
        if !Classes::exact(self.classes.of_rank(r)) {
            self.better.set(t, r, self.ix.texts.len());
        }
        self.learn(t, r);
        r
    }

    /// The rank of text `t`, which matched: scored once, then remembered.
    fn rank(&mut self, t: usize) -> u64 {
        if let Some(&r) = self.scored.get(&(t as u32)) {
            return r;
        }
        // Every matching text scores (each needle occurs in it); were one
        // not to, it would still count as pass 1 found it, last.
        let r = rank(self.q.score_matching(self.ix.text(t), &mut self.m).unwrap_or(0), self.ix.char_len(t));
        self.scored.insert(t as u32, r);
        self.better.set(t, r, self.ix.texts.len());
        self.learn(t, r);
        r
    }
}

/// Counts item `owner`, whose `matching` fields (field, text) matched (at
/// most a few) and are of [`Class`] `upper` at best, and keeps it in
/// `top` if it is among the best.
///
/// An item ranks by its highest score, then by the shortest of its texts
/// with that score; it is shown with the first of its texts with that score
/// (its name rather than an alias, an event's title rather than its kind).
/// Its texts are scored best bound first, and only while a text's bound
/// could still raise its rank; none is when even `upper` could not be kept,
/// as for most items of a broad search.
#[inline]
fn offer(top: &mut Top, scorer: &mut Scorer<'_>, owner: u32, upper: Class, matching: &[(u32, usize)]) {
    top.total += 1;
    if upper >= scorer.classes.threshold(top) {
        offer_scored(top, scorer, owner, matching);
    }
}

/// [`offer`] of an item that could be kept.
#[cold]
fn offer_scored(top: &mut Top, scorer: &mut Scorer<'_>, owner: u32, matching: &[(u32, usize)]) {
    // Each text with its bound (or ceiling or rank, if known already).
    let mut texts: smallvec::SmallVec<[(u64, u32, usize); 4]> =
        matching.iter().map(|&(f, t)| (scorer.bound(t), f, t)).collect();
    // What the thread learnt of these texts for other items may settle it.
    if !texts.iter().any(|&(bound, ..)| top.could_keep(bound, owner)) {
        return;
    }
    // Best first.
    texts.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut best = NO_MATCH;
    for &(bound, _, t) in &texts {
        if bound <= best || !top.could_keep(bound, owner) {
            break;
        }
        // The ceiling first, once there is a bar to clear (a full heap's
        // worst, or the floor the preview's sample set): most texts a bound
        // lets through are left there. (Before the heap fills, the floor
        // alone spares most scores: nine in ten for `one` at a million
        // people.)
        if top.has_bar() {
            // A bound from the parts of a role's text, else from where the
            // characters are in a short text: most texts are left there.
            if let Some(r) = scorer.sharper_rank(t)
                && (r <= best || !top.could_keep(r, owner))
            {
                continue;
            }
            let ceiling = scorer.ceiling(t);
            if ceiling <= best || !top.could_keep(ceiling, owner) {
                continue;
            }
        }
        best = best.max(scorer.rank(t));
    }
    if best == NO_MATCH || !top.could_keep(best, owner) {
        return;
    }
    // Shown with its first text of that score: the others that could reach
    // it are scored too (few: the item is among the best).
    let top_score = best >> 32;
    texts.sort_unstable_by_key(|x| x.1);
    for (bound, f, t) in texts {
        if bound >> 32 >= top_score && scorer.rank(t) >> 32 == top_score {
            top.keep(candidate(best, owner, f));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ones_lists_set_bits_in_range() {
        let mut bits = vec![0u64; 3];
        for i in [0usize, 5, 63, 64, 100, 191] {
            bits[i / 64] |= 1 << (i % 64);
        }
        let all: Vec<u32> = ones(&bits, 0..192).collect();
        assert_eq!(all, vec![0, 5, 63, 64, 100, 191]);
        assert_eq!(ones(&bits, 5..100).collect::<Vec<_>>(), vec![5, 63, 64]);
        assert_eq!(ones(&bits, 101..191).count(), 0);
        assert_eq!(ones(&bits, 0..0).count(), 0);
    }

    #[test]
    fn what_a_thread_knows_survives_the_map_becoming_an_array() {
        let texts = 3 * Better::FEW;
        let mut better = Better::Few(Default::default());
        let known = |t: usize| rank(t as u32 % 90, t as u32);
        for t in (0..texts).step_by(2) {
            assert_eq!(better.get(t), None);
            better.set(t, known(t), texts);
        }
        assert!(matches!(better, Better::Many(_)));
        for t in 0..texts {
            assert_eq!(better.get(t), (t % 2 == 0).then(|| known(t)), "{t}");
        }
    }

    #[test]
    fn nothing_below_the_floor_could_be_kept() {
        let mut top = Top::new(3, NO_MATCH);
        assert_eq!(top.floor(), NO_MATCH);
        for (score, len, owner) in [(40, 7, 1), (52, 3, 2), (40, 5, 3), (61, 9, 4)] {
            top.keep(candidate(rank(score, len), owner, 0));
        }
        // Kept: 61, 52, and 40 of length 5 (shorter than 7).
        let floor = top.floor();
        assert_eq!(floor, rank(40, 5));
        for score in [39, 40, 41] {
            for len in [4, 5, 6] {
                for owner in [0, 3, 9] {
                    let r = rank(score, len);
                    assert!(!top.could_keep(r, owner) || r >= floor, "{score} {len} {owner}");
                }
            }
        }
        // At the floor, an earlier owner is kept and a later one not.
        assert!(top.could_keep(floor, 2) && !top.could_keep(floor, 4));
        assert!(top.could_keep(rank(40, 4), 9) && !top.could_keep(rank(40, 6), 0));
    }

    /// A full heap whose worst kept rank is `r`.
    fn full_at(r: u64) -> Top {
        let mut top = Top::new(1, NO_MATCH);
        top.keep(candidate(r, 0, 0));
        top
    }

    /// Classes order matches as their ranks do (a text that ranks higher
    /// never has a lower class), tell ranks apart where they say they do,
    /// and no match that ranks above a floor is below its threshold.
    #[test]
    fn classes_keep_the_order_of_ranks() {
        let cls = Classes { top: 120 };
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(n)) as u32
        };
        // Scores near the top and far below it, lengths short and long.
        let mut pick = || {
            let score = if next(4) == 0 { next(121) } else { 120 - next(8) };
            let len = if next(8) == 0 { 1000 + next(60) } else { next(40) };
            (score, len)
        };
        let mut exact = 0;
        for _ in 0..200_000 {
            let ((sa, la), (sb, lb)) = (pick(), pick());
            let (ra, rb) = (rank(sa, la), rank(sb, lb));
            let (ca, cb) = (cls.of(sa, la), cls.of(sb, lb));
            assert!(ca >= 1 && cb >= 1);
            if ra > rb {
                assert!(ca >= cb, "{sa}/{la} over {sb}/{lb}: classes {ca} < {cb}");
            }
            // An exact class stands for its rank.
            if Classes::exact(ca) {
                assert_eq!(cls.rank_of(ca), Some(ra), "{sa}/{la}");
            } else {
                assert_eq!(cls.rank_of(ca), None, "{sa}/{la}");
            }
            if Classes::exact(ca) && Classes::exact(cb) {
                exact += 1;
                assert_eq!(ca.cmp(&cb), ra.cmp(&rb), "{sa}/{la} against {sb}/{lb}");
            }
            // With b as the worst kept rank, a could be kept only above it.
            let full = full_at(rb);
            if ra > rb {
                assert!(ca >= cls.threshold(&full), "{sa}/{la} above floor {sb}/{lb}: class {ca}");
            }
            if ra <= rb && Classes::exact(cb) && cb < Class::MAX {
                assert!(ca < cls.threshold(&full), "{sa}/{la} not above floor {sb}/{lb}: class {ca}");
            }
            // With b as the rank the sample's best reach, a could be kept
            // if it reaches it too.
            if ra >= rb {
                let known = Top::new(1, rb);
                assert!(ca >= cls.threshold(&known), "{sa}/{la} reaches {sb}/{lb}: class {ca}");
                assert!(known.could_keep(ra, 0));
            } else {
                assert!(!Top::new(1, rb).could_keep(ra, 0));
            }
        }
        assert!(exact > 50_000, "{exact}");
        // Before the heap is full, every match may be kept.
        assert_eq!(cls.threshold(&Top::new(3, NO_MATCH)), 1);
        // The top class is its own threshold.
        assert_eq!(cls.threshold(&full_at(rank(120, 0))), Class::MAX);
        // A score above the top (never given) is not below it, and its
        // class stands for the top.
        assert_eq!(cls.of(130, 5), cls.of(120, 5));
        assert_eq!(cls.rank_of(cls.of(130, 5)), Some(rank(120, 5)));
    }

    #[test]
    fn cuts_respect_where_cutting_is_allowed() {
        assert_eq!(cuts(10, 1, |_| true), vec![0, 10]);
        assert_eq!(cuts(10, 2, |_| true), vec![0, 5, 10]);
        assert_eq!(cuts(10, 2, |k| k >= 8), vec![0, 8, 10]);
        assert_eq!(cuts(10, 3, |k| k == 9), vec![0, 9, 10]);
        assert_eq!(cuts(0, 4, |_| true), vec![0]);
        assert_eq!(cuts(3, 8, |_| true), vec![0, 1, 2, 3]);
    }
}
