//! The hot loop: scoring fields against a query and keeping the best items
//! of each kind, on one thread or several.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use nucleo_matcher::Matcher;

use super::{Candidate, Kind, Query, SearchIndex, matcher};

/// Below this many fields to score, one thread is faster than starting more.
const PARALLEL_MIN: usize = 50_000;
/// At most this many threads scan at once.
const MAX_THREADS: usize = 8;

/// Which fields to score, in ascending order.
#[derive(Clone, Debug)]
pub(super) enum Fields<'a> {
    /// Every field in the range.
    All(Range<u32>),
    /// These fields (the matches of a previous search).
    Some(&'a [u32]),
}

impl Fields<'_> {
    fn len(&self) -> usize {
        match self {
            Fields::All(r) => r.len(),
            Fields::Some(s) => s.len(),
        }
    }

    /// Cuts into at most `n` runs of about equal length, never between two
    /// fields of one item, so that each item is scored by one thread.
    fn split(&self, n: usize, ix: &SearchIndex) -> Vec<Fields<'_>> {
        let len = self.len();
        let at = |k: usize| match self {
            Fields::All(r) => r.start as usize + k,
            Fields::Some(s) => s[k] as usize,
        };
        let mut cuts = vec![0];
        for part in 1..n {
            let mut k = (len * part / n).max(*cuts.last().unwrap_or(&0));
            while k > 0 && k < len && ix.same_item(at(k - 1), at(k)) {
                k += 1;
            }
            cuts.push(k);
        }
        cuts.push(len);
        cuts.dedup();
        cuts.windows(2)
            .map(|w| match self {
                Fields::All(r) => Fields::All(r.start + w[0] as u32..r.start + w[1] as u32),
                Fields::Some(s) => Fields::Some(&s[w[0]..w[1]]),
            })
            .collect()
    }
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

/// What a scan found.
#[derive(Debug)]
pub(super) struct Scanned {
    /// Per kind, in [`Kind::ALL`] order.
    pub(super) kinds: [Top; 6],
    /// Every matching field in ascending order, unless more than half of
    /// all fields matched (a refinement would then save little).
    pub(super) matched: Option<Vec<u32>>,
}

impl Scanned {
    fn merge(&mut self, other: Scanned, cap: usize) {
        for (a, b) in self.kinds.iter_mut().zip(other.kinds) {
            a.merge(b);
        }
        self.matched = match (self.matched.take(), other.matched) {
            (Some(mut a), Some(b)) if a.len() + b.len() <= cap => {
                a.extend(b);
                Some(a)
            }
            _ => None,
        };
    }
}

impl SearchIndex {
    /// Whether fields `a` and `b` belong to the same item.
    fn same_item(&self, a: usize, b: usize) -> bool {
        self.owners[a] == self.owners[b] && self.fields[a].kind() == self.fields[b].kind()
    }

    /// Scores `fields`, on several threads when there are many.
    pub(super) fn scan_parallel(&self, q: &Query, fields: Fields<'_>, limit: usize) -> Scanned {
        let threads = if fields.len() < PARALLEL_MIN {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS)
        };
        self.scan_threads(q, fields, limit, threads)
    }

    /// Scores `fields` on `threads` threads (this one included).
    pub(super) fn scan_threads(&self, q: &Query, fields: Fields<'_>, limit: usize, threads: usize) -> Scanned {
        if threads <= 1 {
            return self.scan(q, fields, limit, &mut matcher());
        }
        let mut parts = fields.split(threads, self).into_iter();
        let first = parts.next().unwrap_or(Fields::All(0..0));
        std::thread::scope(|s| {
            let others: Vec<_> = parts.map(|p| s.spawn(move || self.scan(q, p, limit, &mut matcher()))).collect();
            let mut all = self.scan(q, first, limit, &mut matcher());
            for t in others {
                match t.join() {
                    Ok(part) => all.merge(part, self.matches_cap()),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        })
    }

    /// The most matches worth keeping for a refinement.
    fn matches_cap(&self) -> usize {
        self.len() / 2
    }

    /// Scores `fields` on this thread.
    fn scan(&self, q: &Query, fields: Fields<'_>, limit: usize, m: &mut Matcher) -> Scanned {
        let cap = self.matches_cap();
        match fields {
            Fields::All(r) => self.scan_iter(q, r, limit, cap, m),
            Fields::Some(s) => self.scan_iter(q, s.iter().copied(), limit, cap, m),
        }
    }

    fn scan_iter(
        &self,
        q: &Query,
        fields: impl Iterator<Item = u32>,
        limit: usize,
        cap: usize,
        m: &mut Matcher,
    ) -> Scanned {
        let mut kinds = Kind::ALL.map(|_| Top::new(limit));
        let mut matched = Vec::new();
        let mut keep_matched = true;
        // The best field so far of the item being read: an item's fields are
        // adjacent, and on equal scores the first (its name, its title) wins.
        let mut current: Option<(Kind, Candidate)> = None;
        for f in fields {
            let i = f as usize;
            if self.masks[i] & q.mask != q.mask {
                continue;
            }
            let haystack = self.haystack(i);
            let Some(score) = q.score(haystack, m) else { continue };
            if keep_matched {
                keep_matched = matched.len() < cap;
                matched.push(f);
            }
            let kind = self.fields[i].kind();
            let c = Candidate {
                score,
                shorter: Reverse(haystack.len() as u32),
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
        Scanned { kinds, matched: keep_matched.then_some(matched) }
    }
}
