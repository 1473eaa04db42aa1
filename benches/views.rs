//! The text views (`tree`, `timeline`, `quotes`) against the load they
//! start with, at 100k people (and 1M with `ORGLINE_BENCH_1M=1`), in one
//! group so each has its reference beside it:
//!
//! - `load_and_index`: what every view does first (the reference);
//! - `tree` / `timeline` / `quotes`: load, index, then write the whole view
//!   into a sink, as `orgline tree FILE > /dev/null` does minus the read.
//!
//! `check` is `load` alone (see `benches/load.rs`).
//!
//! Run with `cargo bench --bench views`; `ORGLINE_BENCH_1M=1 cargo bench
//! --bench views -- views_1m` for the million (several minutes).

use std::hint::black_box;
use std::io::{BufWriter, sink};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use orgline::cli::text::{write_quotes, write_timeline, write_tree};
use orgline::generate::generate;
use orgline::model::load_str;
use orgline::query::{EventFilter, Index, QuoteFilter};

const SEED: u64 = 1;

fn open(text: &str) -> Index {
    Index::new(load_str(black_box(text)).expect("load").dataset)
}

fn views(c: &mut Criterion) {
    let mut sizes = vec![(100_000, "100k", 10, 20)];
    if std::env::var_os("ORGLINE_BENCH_1M").is_some_and(|v| v != "0") {
        sizes.push((1_000_000, "1m", 10, 200));
    }
    for (people, label, samples, seconds) in sizes {
        let text = generate(people, SEED);
        let at = open(&text).default_as_of().cloned().expect("a date");
        let mut g = c.benchmark_group(format!("views_{label}"));
        g.sample_size(samples);
        g.warm_up_time(Duration::from_secs(1));
        g.measurement_time(Duration::from_secs(seconds));
        g.sampling_mode(SamplingMode::Flat);
        g.bench_with_input(BenchmarkId::new("load_and_index", label), &text, |b, text| b.iter(|| open(text)));
        g.bench_with_input(BenchmarkId::new("tree", label), &text, |b, text| {
            b.iter(|| write_tree(&mut BufWriter::new(sink()), &open(text), &at).expect("write"))
        });
        g.bench_with_input(BenchmarkId::new("timeline", label), &text, |b, text| {
            b.iter(|| write_timeline(&mut BufWriter::new(sink()), &open(text), EventFilter::default()).expect("write"))
        });
        g.bench_with_input(BenchmarkId::new("quotes", label), &text, |b, text| {
            b.iter(|| write_quotes(&mut BufWriter::new(sink()), &open(text), QuoteFilter::default()).expect("write"))
        });
        g.finish();
    }
}

criterion_group!(benches, views);
criterion_main!(benches);
