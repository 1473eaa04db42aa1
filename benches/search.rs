//! Search cost at 10k and 100k people (1M with `ORGLINE_BENCH_1M=1`).
//!
//! - `build`: `SearchIndex::new` (folding every searchable text).
//! - `query/N`: a full search for an N-letter query ("a", "on", "hel",
//!   "ana" as `3b`, "one" as `3c`, the slowest known, "harris"), as many
//!   hits per kind as the search box asks for (50), labels and highlights
//!   included. (Before session 19: 20 hits a kind, and no "one".)
//! - `keystroke/N`: the search the explorer runs when the last letter of
//!   the N-letter query is typed (from 2 letters on): the preview, then
//!   the whole search, narrowing the results of the query without its
//!   last letter (`SearchIndex::search_progressive`), as the search thread
//!   does. Unlike `query/N`, the whole search starts with what the
//!   preview's sample found: the floors below which no item is kept, and
//!   the ranks from which pass 1 sharpens bounds. (Since session 22.)
//! - `typing`: the six keystrokes of "harris", each refining the last
//!   (the sum of six searches).
//! - `preview/N`: the preview the search thread sends first for those
//!   queries when the index is large (an even sample of
//!   `PREVIEW_TEXTS`, 5k texts; `SearchIndex::preview`).
//!
//! Run with `cargo bench --bench search`.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use orgline::generate::generate;
use orgline::model::load_str;
use orgline::query::Index;
use orgline::query::search::{Results, SearchIndex};

const SEED: u64 = 1;
const LIMIT: usize = orgline::app::search::LIMIT_PER_KIND;
/// Typed one letter after the other, the last is what `typing` types.
const QUERIES: [(&str, &str); 6] =
    [("1", "a"), ("2", "on"), ("3", "hel"), ("3b", "ana"), ("3c", "one"), ("6", "harris")];

fn sizes() -> Vec<(usize, &'static str)> {
    let mut sizes = vec![(10_000, "10k"), (100_000, "100k")];
    if std::env::var_os("ORGLINE_BENCH_1M").is_some_and(|v| v == "1") {
        sizes.push((1_000_000, "1M"));
    }
    sizes
}

fn search(c: &mut Criterion) {
    for (people, label) in sizes() {
        let index = Index::new(load_str(&generate(people, SEED)).expect("load").dataset);
        let si = SearchIndex::new(&index);
        // Generated names and titles repeat far more than real ones: the
        // distinct texts, each scored once, are what a search costs.
        eprintln!("{label}: {si:?}");
        let mut g = c.benchmark_group(format!("search_{label}"));
        g.sample_size(if people >= 1_000_000 { 10 } else { 20 });
        g.warm_up_time(Duration::from_secs(1));
        let secs = if people <= 10_000 {
            4
        } else if people <= 100_000 {
            8
        } else {
            20
        };
        g.measurement_time(Duration::from_secs(secs));
        g.bench_function(BenchmarkId::new("build", label), |b| b.iter(|| SearchIndex::new(black_box(&index))));
        for (letters, query) in QUERIES {
            g.bench_with_input(BenchmarkId::new(format!("query/{letters}"), label), query, |b, q| {
                b.iter(|| si.search(&index, black_box(q), LIMIT))
            });
            g.bench_with_input(BenchmarkId::new(format!("preview/{letters}"), label), query, |b, q| {
                b.iter(|| si.preview(&index, black_box(q), LIMIT))
            });
            if query.len() >= 2 {
                let never = AtomicBool::new(false);
                let typed = |q: &str, before: Option<&Results>| {
                    si.search_progressive(&index, before, q, LIMIT, &never, |p| drop(black_box(p)))
                        .expect("not cancelled")
                };
                let before =
                    (1..query.len()).fold(None, |last: Option<Results>, n| Some(typed(&query[..n], last.as_ref())));
                g.bench_with_input(BenchmarkId::new(format!("keystroke/{letters}"), label), query, |b, q| {
                    b.iter(|| typed(black_box(q), before.as_ref()))
                });
            }
        }
        g.bench_function(BenchmarkId::new("typing", label), |b| {
            b.iter(|| {
                let mut last = Results::empty("");
                let typed = QUERIES[QUERIES.len() - 1].1;
                for n in 1..=typed.len() {
                    last = si.refine(&index, &last, black_box(&typed[..n]), LIMIT);
                }
                last
            })
        });
        g.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
