//! Opening a dataset from its snapshot against loading it, at 100k people
//! (and 1M with `ORGLINE_BENCH_1M=1`), each up to a ready [`Index`]:
//!
//! - `load_and_index`: `load_bytes` (RON and validation) then `Index::new`,
//!   what every open costs without the cache.
//! - `snapshot_and_index`: hashing the file's bytes, decoding the snapshot
//!   with the tables stored with it (side by side), then the index from
//!   both, what a cache hit costs (less reading the two files).
//! - `snapshot_leaving_two_tables`: what the explorer does on a hit, whose
//!   key a hint gave (so no hash): the same decode, leaving the id tables
//!   and the change points in the snapshot to be read after the first
//!   frame (not read here).
//! - `snapshot_then_build_index`: the same with `Index::new` instead of the
//!   stored tables, as before they were stored.
//! - `hash`, `decode`, `tables`, `build_index`: those steps alone.
//! - `encode`: encoding the whole snapshot in memory.
//! - `write`: what writing the snapshot costs on a miss: encoded and
//!   written a section at a time into a temporary file (in the system's
//!   temporary directory), read back for its checksum, renamed.
//!
//! Run with `cargo bench --bench snapshot`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use orgline::generate::generate;
use orgline::model::load_bytes;
use orgline::model::snapshot::{self, Contents, Key};
use orgline::query::{Index, Tables};

const SEED: u64 = 1;

fn snapshot(c: &mut Criterion) {
    let mut sizes = vec![(100_000, "100k", 10)];
    if std::env::var_os("ORGLINE_BENCH_1M").is_some_and(|v| v == "1") {
        sizes.push((1_000_000, "1M", 60));
    }
    for (people, label, seconds) in sizes {
        let text = generate(people, SEED);
        let bytes = text.as_bytes();
        let key = Key::of(bytes);
        let loaded = load_bytes(bytes).expect("a generated dataset is valid");
        let built = Index::new(load_bytes(bytes).expect("valid").dataset);
        let tables = built.tables();
        let contents = Contents { dataset: &loaded.dataset, warnings: &loaded.warnings, extra: &tables };
        let snap = snapshot::encode_contents(key, contents).expect("encode");
        eprintln!("{label}: dataset {} bytes, snapshot {} bytes", bytes.len(), snap.len());

        let mut g = c.benchmark_group(format!("snapshot_{label}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.sample_size(10);
        g.warm_up_time(Duration::from_secs(1));
        g.measurement_time(Duration::from_secs(seconds));
        g.bench_with_input(BenchmarkId::new("load_and_index", label), bytes, |b, bytes| {
            b.iter(|| Index::new(load_bytes(black_box(bytes)).expect("load").dataset));
        });
        g.bench_with_input(BenchmarkId::new("snapshot_and_index", label), bytes, |b, bytes| {
            b.iter(|| {
                let key = Key::of(black_box(bytes));
                let (loaded, tables) =
                    snapshot::decode_with_extra(black_box(&snap), key, |b, _| Tables::decode(b)).expect("decode");
                Index::from_parts(loaded.dataset, tables, None).expect("tables")
            });
        });
        let mapped = snapshot::Mapped::new(snap.clone().into());
        g.bench_with_input(BenchmarkId::new("snapshot_leaving_two_tables", label), &mapped, |b, mapped| {
            b.iter(|| {
                let (loaded, tables) =
                    snapshot::decode_with_extra(black_box(mapped.bytes()), key, Tables::decode_leaving)
                        .expect("decode");
                Index::from_parts(loaded.dataset, tables, Some(mapped.clone())).expect("tables")
            });
        });
        g.bench_with_input(BenchmarkId::new("snapshot_then_build_index", label), bytes, |b, bytes| {
            b.iter(|| {
                let key = Key::of(black_box(bytes));
                Index::new(snapshot::decode(black_box(&snap), key).expect("decode").dataset)
            });
        });
        g.bench_with_input(BenchmarkId::new("tables", label), &tables, |b, tables| {
            b.iter_batched(
                || loaded.dataset.clone(),
                |ds| Index::from_tables(ds, black_box(tables)).expect("tables"),
                criterion::BatchSize::LargeInput,
            );
        });
        g.bench_with_input(BenchmarkId::new("build_index", label), &loaded, |b, loaded| {
            b.iter_batched(|| loaded.dataset.clone(), Index::new, criterion::BatchSize::LargeInput);
        });
        g.bench_with_input(BenchmarkId::new("hash", label), bytes, |b, bytes| b.iter(|| Key::of(black_box(bytes))));
        g.bench_with_input(BenchmarkId::new("decode", label), &snap, |b, snap| {
            b.iter(|| snapshot::decode(black_box(snap), key).expect("decode"));
        });
        g.bench_with_input(BenchmarkId::new("encode", label), &contents, |b, &contents| {
            b.iter(|| snapshot::encode_contents(key, black_box(contents)).expect("encode"));
        });
        // Into a directory of its own, removed after.
        let dir = std::env::temp_dir().join(format!("orgline-bench-snapshot-{}", std::process::id()));
        g.bench_with_input(BenchmarkId::new("write", label), &contents, |b, &contents| {
            b.iter(|| snapshot::write_contents(&dir, key, black_box(contents)).expect("write"));
        });
        let _ = std::fs::remove_dir_all(&dir);
        g.finish();
    }
}

criterion_group!(benches, snapshot);
criterion_main!(benches);
