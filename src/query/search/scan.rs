//! The hot loops, on one thread or several. A search runs in two passes:
//!
//! 1. every distinct folded text (or every one that matched the previous
//!    query) is scored once, most rejected by their character mask;
//! 2. the fields of the matching texts are visited in field order: each
//!    item keeps its best field, each kind its best items in a bounded heap.
//!
//! Texts repeat (event kinds, publishers, the titles of an org's roles), so
//! scoring each once saves matcher calls. Pass 2 reaches the fields of few
//! matching texts through the text → fields map and a bitset, and streams
//! over every field when most match.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use nucleo_matcher::Matcher;

use super::{Candidate, Kind, Query, SearchIndex, WIDE, matcher};

/// Below this many texts to score, one thread is faster than starting more.
const PARALLEL_MIN: usize = 40_000;
/// At most this many threads scan at once.
const MAX_THREADS: usize = 8;
/// How many texts pass 1 scores, and how many fields pass 2 reads,
/// between two looks at the cancel flag.
const CANCEL_EVERY_TEXTS: usize = 4096;
const CANCEL_EVERY_FIELDS: usize = 1 << 16;
/// Pass 2 marks the fields of the matching texts in a bitset when they are
/// fewer than one in this many fields; else it streams over every field.
const GATHER_RATIO: usize = 4;

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

/// Runs `work` on each part, the first on this thread and the others on
/// scoped threads, and returns the outputs in part order.
fn in_parallel<P: Send, T: Send>(parts: Vec<P>, work: impl Fn(P) -> T + Sync) -> Vec<T> {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else { return Vec::new() };
    let work = &work;
    std::thread::scope(|s| {
        let others: Vec<_> = parts.map(|p| s.spawn(move || work(p))).collect();
        let mut out = vec![work(first)];
        for t in others {
            match t.join() {
                Ok(x) => out.push(x),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
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

/// The best items of one kind, and how many matched.
#[derive(Clone, Debug)]
pub(super) struct Top {
    /// How many items matched.
    pub(super) total: usize,
    limit: usize,
    /// The best `limit` so far, worst on top.
    heap: BinaryHeap<Reverse<Candidate>>,
}

impl Top {
    fn new(limit: usize) -> Top {
        Top { total: 0, limit, heap: BinaryHeap::new() }
    }

    fn offer(&mut self, c: Candidate) {
        self.total += 1;
        self.keep(c);
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

/// A scan stopped because its cancel flag was set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Cancelled;

/// What a search found.
#[derive(Debug)]
pub(super) struct Scanned {
    /// Per kind, in [`Kind::ALL`] order.
    pub(super) kinds: [Top; 6],
    /// The matching texts, ascending, unless about half of all texts or
    /// more matched (a refinement would then save little).
    pub(super) texts: Option<Vec<u32>>,
}

impl SearchIndex {
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
        limit: usize,
        cancel: &AtomicBool,
    ) -> Result<Scanned, Cancelled> {
        let threads = if texts.len() < PARALLEL_MIN {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS)
        };
        self.scan_threads(q, texts, limit, threads, cancel)
    }

    /// [`scan_parallel`](SearchIndex::scan_parallel) on `threads` threads.
    pub(super) fn scan_threads(
        &self,
        q: &Query,
        texts: Ids<'_>,
        limit: usize,
        threads: usize,
        cancel: &AtomicBool,
    ) -> Result<Scanned, Cancelled> {
        let threads = threads.max(1);
        // Pass 1 writes each text's score, plus one so that 0 means no match,
        // each thread into its own slice.
        let mut scores = vec![0u32; self.texts.len()];
        let parts = texts.split(threads);
        let mut slices = Vec::with_capacity(parts.len());
        let mut rest = scores.as_mut_slice();
        let mut base = 0;
        for (k, part) in parts.iter().enumerate() {
            let end = parts.get(k + 1).map_or(self.texts.len(), |p| p.first());
            let (mine, others) = rest.split_at_mut(end - base);
            slices.push((part.clone(), mine, base));
            (rest, base) = (others, end);
        }
        let matched = in_parallel(slices, |(part, scores, base)| {
            let mut m = matcher();
            self.score_texts(q, part, scores, base, &mut m, cancel)
        });
        let matched = matched.into_iter().collect::<Result<Vec<_>, _>>()?;
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
        let parts = cuts(self.len(), threads, |k| !self.same_item(k - 1, k));
        let parts: Vec<Range<usize>> = parts.windows(2).map(|w| w[0]..w[1]).collect();
        let collected = in_parallel(parts, |range| match &bits {
            Some(bits) => self.collect(&scores, ones(bits, range), limit, cancel),
            None => self.collect(&scores, range.start as u32..range.end as u32, limit, cancel),
        });

        let mut kinds = Kind::ALL.map(|_| Top::new(limit));
        for c in collected {
            for (a, b) in kinds.iter_mut().zip(c?) {
                a.merge(b);
            }
        }
        Ok(Scanned { kinds, texts: matched })
    }

    /// Pass 1: scores the texts of `part` into `scores` (which starts at
    /// text `base`), and lists those that match unless they are more than
    /// half the texts `scores` spans.
    fn score_texts(
        &self,
        q: &Query,
        part: Ids<'_>,
        scores: &mut [u32],
        base: usize,
        m: &mut Matcher,
        cancel: &AtomicBool,
    ) -> Result<Option<Vec<u32>>, Cancelled> {
        // One loop per kind of run, each compiled for its iterator.
        match part {
            Ids::All(r) => self.score_texts_in(q, r, scores, base, m, cancel),
            Ids::Some(s) => self.score_texts_in(q, s.iter().copied(), scores, base, m, cancel),
        }
    }

    fn score_texts_in(
        &self,
        q: &Query,
        part: impl Iterator<Item = u32>,
        scores: &mut [u32],
        base: usize,
        m: &mut Matcher,
        cancel: &AtomicBool,
    ) -> Result<Option<Vec<u32>>, Cancelled> {
        let cap = scores.len() / 2;
        let mut matched = Some(Vec::new());
        for (n, t) in part.enumerate() {
            if n % CANCEL_EVERY_TEXTS == 0 && cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            let i = t as usize;
            if self.masks[i] & q.mask != q.mask {
                continue;
            }
            if let Some(score) = q.score(self.text(i), m) {
                scores[i - base] = score + 1;
                if let Some(list) = &mut matched {
                    list.push(t);
                    if list.len() > cap {
                        matched = None;
                    }
                }
            }
        }
        Ok(matched)
    }

    /// Pass 2: each item among `fields` (ascending) with its best field,
    /// kind by kind.
    fn collect(
        &self,
        scores: &[u32],
        fields: impl Iterator<Item = u32>,
        limit: usize,
        cancel: &AtomicBool,
    ) -> Result<[Top; 6], Cancelled> {
        let mut kinds = Kind::ALL.map(|_| Top::new(limit));
        // The best field so far of the item being read: an item's fields are
        // adjacent, and on equal scores the first (its name, its title) wins.
        let mut current: Option<(Kind, Candidate)> = None;
        for (n, f) in fields.enumerate() {
            if n % CANCEL_EVERY_FIELDS == 0 && cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            let i = f as usize;
            let t = self.field_text[i] as usize;
            let score = scores[t];
            if score == 0 {
                continue;
            }
            let kind = self.fields[i].kind();
            let c = Candidate {
                score: score - 1,
                shorter: Reverse(self.texts[t].len & !WIDE),
                earlier: Reverse(self.owners[i]),
                field: f,
            };
            match &mut current {
                Some((k, best)) if *k == kind && best.earlier == c.earlier => {
                    if c.score > best.score {
                        *best = c;
                    }
                }
                _ => {
                    if let Some((k, best)) = current.replace((kind, c)) {
                        kinds[k as usize].offer(best);
                    }
                }
            }
        }
        if let Some((k, best)) = current {
            kinds[k as usize].offer(best);
        }
        Ok(kinds)
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
    fn cuts_respect_where_cutting_is_allowed() {
        assert_eq!(cuts(10, 1, |_| true), vec![0, 10]);
        assert_eq!(cuts(10, 2, |_| true), vec![0, 5, 10]);
        assert_eq!(cuts(10, 2, |k| k >= 8), vec![0, 8, 10]);
        assert_eq!(cuts(10, 3, |k| k == 9), vec![0, 9, 10]);
        assert_eq!(cuts(0, 4, |_| true), vec![0]);
        assert_eq!(cuts(3, 8, |_| true), vec![0, 1, 2, 3]);
    }
}
