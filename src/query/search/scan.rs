//! The hot loops, on one thread or several. A search runs in two passes:
//!
//! 1. every distinct folded text (or every one that matched the previous
//!    query) is scored once, most rejected by their character mask;
//! 2. every field (or every one that matched before) looks its text's score
//!    up; each item keeps its best field, and each kind its best items in a
//!    bounded heap.
//!
//! Texts repeat (event kinds, publishers, the titles of an org's roles), so
//! scoring each once saves matcher calls; the second pass is a cheap stream.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use nucleo_matcher::Matcher;

use super::{Candidate, Kind, Query, SearchIndex, WIDE, matcher};

/// Below this many texts to score, one thread is faster than starting more.
const PARALLEL_MIN: usize = 40_000;
/// At most this many threads scan at once.
const MAX_THREADS: usize = 8;

/// A run of texts or fields, in ascending order.
#[derive(Clone, Debug)]
pub(super) enum Ids<'a> {
    /// Every one in the range.
    All(Range<u32>),
    /// These (the matches of a previous search).
    Some(&'a [u32]),
}

impl Ids<'_> {
    fn len(&self) -> usize {
        match self {
            Ids::All(r) => r.len(),
            Ids::Some(s) => s.len(),
        }
    }

    fn get(&self, k: usize) -> usize {
        match self {
            Ids::All(r) => r.start as usize + k,
            Ids::Some(s) => s[k] as usize,
        }
    }

    /// Cuts into at most `n` runs of about equal length, never between two
    /// neighbours `a`, `b` for which `together(a, b)`.
    fn split(&self, n: usize, together: impl Fn(usize, usize) -> bool) -> Vec<Ids<'_>> {
        let len = self.len();
        let mut cuts = vec![0];
        for part in 1..n {
            let mut k = (len * part / n).max(cuts[cuts.len() - 1]);
            while k > 0 && k < len && together(self.get(k - 1), self.get(k)) {
                k += 1;
            }
            cuts.push(k);
        }
        cuts.push(len);
        cuts.dedup();
        cuts.windows(2)
            .map(|w| match self {
                Ids::All(r) => Ids::All(r.start + w[0] as u32..r.start + w[1] as u32),
                Ids::Some(s) => Ids::Some(&s[w[0]..w[1]]),
            })
            .collect()
    }
}

/// Runs `work` on each part, the first on this thread and the others on
/// scoped threads, and returns the outputs in part order.
fn in_parallel<'a, T: Send>(parts: Vec<Ids<'a>>, work: impl Fn(Ids<'a>) -> T + Sync) -> Vec<T> {
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

/// What a search found.
#[derive(Debug)]
pub(super) struct Scanned {
    /// Per kind, in [`Kind::ALL`] order.
    pub(super) kinds: [Top; 6],
    /// The matching texts and fields, each ascending, unless more than half
    /// of all fields matched (a refinement would then save little).
    pub(super) matched: Option<(Vec<u32>, Vec<u32>)>,
}

/// The second pass over one run of fields.
struct Collected {
    kinds: [Top; 6],
    fields: Option<Vec<u32>>,
}

impl SearchIndex {
    /// Whether fields `a` and `b` belong to the same item.
    fn same_item(&self, a: usize, b: usize) -> bool {
        self.owners[a] == self.owners[b] && self.fields[a].kind() == self.fields[b].kind()
    }

    /// The most matching fields worth keeping for a refinement.
    fn matches_cap(&self) -> usize {
        self.len() / 2
    }

    /// Searches `texts` and `fields` (all of them, or the matches of a
    /// previous search), on several threads when there are many.
    pub(super) fn scan_parallel(&self, q: &Query, texts: Ids<'_>, fields: Ids<'_>, limit: usize) -> Scanned {
        let threads = if texts.len() < PARALLEL_MIN {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS)
        };
        self.scan_threads(q, texts, fields, limit, threads)
    }

    /// [`scan_parallel`](SearchIndex::scan_parallel) on `threads` threads.
    pub(super) fn scan_threads(
        &self,
        q: &Query,
        texts: Ids<'_>,
        fields: Ids<'_>,
        limit: usize,
        threads: usize,
    ) -> Scanned {
        let threads = threads.max(1);
        let matched_texts = in_parallel(texts.split(threads, |_, _| false), |part| {
            let mut m = matcher();
            self.score_texts(q, part, &mut m)
        });
        // One more than the score, so that 0 means no match.
        let mut scores = vec![0u32; self.masks.len()];
        for &(t, score) in matched_texts.iter().flatten() {
            scores[t as usize] = score;
        }
        let parts = fields.split(threads, |a, b| self.same_item(a, b));
        let collected = in_parallel(parts, |part| self.collect(&scores, part, limit));

        let mut kinds = Kind::ALL.map(|_| Top::new(limit));
        let mut fields = Some(Vec::new());
        for c in collected {
            for (a, b) in kinds.iter_mut().zip(c.kinds) {
                a.merge(b);
            }
            fields = match (fields, c.fields) {
                (Some(mut a), Some(b)) if a.len() + b.len() <= self.matches_cap() => {
                    a.extend(b);
                    Some(a)
                }
                _ => None,
            };
        }
        let matched = fields.map(|f| (matched_texts.iter().flatten().map(|&(t, _)| t).collect(), f));
        Scanned { kinds, matched }
    }

    /// Pass 1: the texts of `part` that match, with their scores plus one.
    fn score_texts(&self, q: &Query, part: Ids<'_>, m: &mut Matcher) -> Vec<(u32, u32)> {
        // One loop per kind of run, each compiled for its iterator.
        match part {
            Ids::All(r) => self.score_texts_in(q, r, m),
            Ids::Some(s) => self.score_texts_in(q, s.iter().copied(), m),
        }
    }

    fn score_texts_in(&self, q: &Query, part: impl Iterator<Item = u32>, m: &mut Matcher) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for t in part {
            let i = t as usize;
            if self.masks[i] & q.mask != q.mask {
                continue;
            }
            if let Some(score) = q.score(self.text(i), m) {
                out.push((t, score + 1));
            }
        }
        out
    }

    /// Pass 2: each item of `part` with its best field, kind by kind.
    fn collect(&self, scores: &[u32], part: Ids<'_>, limit: usize) -> Collected {
        match part {
            Ids::All(r) => self.collect_in(scores, r, limit),
            Ids::Some(s) => self.collect_in(scores, s.iter().copied(), limit),
        }
    }

    fn collect_in(&self, scores: &[u32], part: impl Iterator<Item = u32>, limit: usize) -> Collected {
        let mut kinds = Kind::ALL.map(|_| Top::new(limit));
        let mut fields = Vec::new();
        let mut keep_fields = true;
        let cap = self.matches_cap();
        // The best field so far of the item being read: an item's fields are
        // adjacent, and on equal scores the first (its name, its title) wins.
        let mut current: Option<(Kind, Candidate)> = None;
        for f in part {
            let i = f as usize;
            let t = self.field_text[i] as usize;
            let score = scores[t];
            if score == 0 {
                continue;
            }
            if keep_fields {
                keep_fields = fields.len() < cap;
                fields.push(f);
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
        Collected { kinds, fields: keep_fields.then_some(fields) }
    }
}
