//! Loading cost at 1k, 10k and 100k people (and 1M with
//! `ORGLINE_BENCH_1M=1`), against what ron alone costs, measured in the same
//! group so that each figure has its reference beside it.
//!
//! - `ron_typed`: ron into the raw serde structs (`RawDataset`, every string
//!   owned), nothing else: the reference.
//! - `fast_typed`: orgline's fast reader (`model::fast`) into the same
//!   structs, to show what it saves over ron alone.
//! - `load`: `load_str`: the fast reader (ron when it gives up) and
//!   validation, reading and building side by side above 1 MB.
//! - `load_and_index`: `load_str` then `Index::new`.
//! - `index_queries` (10k): the org chart at a date, every role's holders.
//!
//! Each measurement includes dropping what it built.
//!
//! Run with `cargo bench --bench load`; `ORGLINE_BENCH_1M=1 cargo bench
//! --bench load -- load_1m` measures only the million (about ten minutes).

use std::hint::black_box;
use std::marker::PhantomData;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use orgline::generate::generate;
use orgline::model::date::Date;
use orgline::model::load::ron_options;
use orgline::model::raw::RawDataset;
use orgline::model::{RoleIx, fast, load_str};
use orgline::query::Index;

const SEED: u64 = 1;

fn load(c: &mut Criterion) {
    let mut sizes = vec![(1_000, "1k", 30, 3), (10_000, "10k", 20, 5), (100_000, "100k", 10, 10)];
    if std::env::var_os("ORGLINE_BENCH_1M").is_some_and(|v| v != "0") {
        // Ten samples is criterion's least; each takes seconds.
        sizes.push((1_000_000, "1m", 10, 120));
    }
    for (people, label, samples, seconds) in sizes {
        let text = generate(people, SEED);
        let mut g = c.benchmark_group(format!("load_{label}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(samples);
        g.warm_up_time(Duration::from_secs(1));
        g.measurement_time(Duration::from_secs(seconds));
        if people >= 1_000_000 {
            g.sampling_mode(SamplingMode::Flat);
        }
        g.bench_with_input(BenchmarkId::new("ron_typed", label), &text, |b, text| {
            b.iter(|| ron_options().from_str::<RawDataset>(black_box(text)).expect("ron"));
        });
        g.bench_with_input(BenchmarkId::new("fast_typed", label), &text, |b, text| {
            b.iter(|| fast::from_str_seed(black_box(text), PhantomData::<RawDataset>).expect("fast"));
        });
        g.bench_with_input(BenchmarkId::new("load", label), &text, |b, text| {
            b.iter(|| load_str(black_box(text)).expect("load"));
        });
        g.bench_with_input(BenchmarkId::new("load_and_index", label), &text, |b, text| {
            b.iter(|| Index::new(load_str(black_box(text)).expect("load").dataset));
        });
        g.finish();
    }
}

fn index_queries(c: &mut Criterion) {
    let text = generate(10_000, SEED);
    let index = Index::new(load_str(&text).expect("load").dataset);
    let roles = index.dataset().roles.len();
    let at = Date::parse("2010-06-15").expect("date").span();
    let mut g = c.benchmark_group("index_queries");
    g.sample_size(30);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g.bench_function("org_chart_at/10k", |b| b.iter(|| index.org_chart_at(black_box(at))));
    g.bench_function("holders_at_all_roles/10k", |b| {
        b.iter(|| (0..roles).map(|r| index.holders_at(RoleIx::from_ix(r), black_box(at)).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, load, index_queries);
criterion_main!(benches);
