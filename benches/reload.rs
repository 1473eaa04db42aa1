//! What a reload of a changed dataset file costs the UI thread, at 1k and
//! 100k people (1M with `ORGLINE_BENCH_1M=1`), the file already read,
//! checked and indexed (on the reload thread, as the explorer does):
//!
//! - `apply`: the explorer's state on the new data made beforehand on the
//!   reload thread (`Reloaded::prepare`); the UI thread carries the user's
//!   places over onto it (`apply_reload`), the state it replaces dropped
//!   on a thread of its own. What the explorer does.
//! - `prepare`: that state, made on the reload thread (not the UI's).
//! - `whole`: the state made and the places carried over on the UI
//!   thread, as before `prepare` (the state replaced is dropped on a
//!   thread of its own here too).
//! - `drop_state`: dropping the state a reload replaces, which the UI
//!   thread did before too. (The index replaced, 50–100 ms to free at a
//!   million people, is dropped on a thread of its own as well; before, it
//!   was freed by whichever thread let it go last, most often the old
//!   search thread. Not measured here: an index cannot be copied.)
//!
//! The explorer is at the dataset's default date, with the org chart's
//! cursor a few rows down (found again by id). Run with
//! `cargo bench --bench reload`.

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use orgline::app::{Action, State, update};
use orgline::generate::generate;
use orgline::model::load_str;
use orgline::query::Index;
use orgline::runtime::{Reloaded, apply_reload};

const SEED: u64 = 1;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;

fn reload(c: &mut Criterion) {
    let mut sizes = vec![(1_000, "1k"), (100_000, "100k")];
    if std::env::var_os("ORGLINE_BENCH_1M").is_some_and(|v| v == "1") {
        sizes.push((1_000_000, "1M"));
    }
    let mut g = c.benchmark_group("reload");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    for (people, label) in sizes {
        let text = generate(people, SEED);
        // The data shown, and the same again as read from the changed file.
        let old = Index::new(load_str(&text).expect("load").dataset);
        let mut new = Some(Index::new(load_str(&text).expect("load").dataset));
        drop(text);
        let as_of = old.default_as_of().expect("a dated dataset").clone();
        let mut shown = State::new(&old, as_of.clone(), WIDTH, HEIGHT);
        shown.chart_thread = true;
        for _ in 0..5 {
            update(&mut shown, &old, Action::Down);
        }
        let fresh = State::new(new.as_ref().expect("the new index"), as_of.clone(), WIDTH, HEIGHT);
        // Each round hands the new index over and gets it back.
        let mut round = |prepared: bool| {
            let mut state = shown.clone();
            let index = new.take().expect("the new index");
            let reloaded = Reloaded::Index(Box::new(index), prepared.then(|| Box::new(fresh.clone())));
            let t = Instant::now();
            new = apply_reload(reloaded, &old, &mut state);
            let took = t.elapsed();
            drop(state);
            took
        };
        g.bench_function(BenchmarkId::new("apply", label), |b| b.iter_custom(|n| (0..n).map(|_| round(true)).sum()));
        g.bench_function(BenchmarkId::new("whole", label), |b| b.iter_custom(|n| (0..n).map(|_| round(false)).sum()));
        g.bench_function(BenchmarkId::new("drop_state", label), |b| {
            b.iter_custom(|n| {
                (0..n)
                    .map(|_| {
                        let state = shown.clone();
                        let t = Instant::now();
                        drop(state);
                        t.elapsed()
                    })
                    .sum()
            })
        });
        g.bench_function(BenchmarkId::new("prepare", label), |b| {
            b.iter_custom(|n| {
                (0..n)
                    .map(|_| {
                        let reloaded = Reloaded::Index(Box::new(new.take().expect("the new index")), None);
                        let t = Instant::now();
                        let prepared = reloaded.prepare(as_of.clone(), WIDTH, HEIGHT);
                        let took = t.elapsed();
                        match prepared {
                            Reloaded::Index(index, state) => {
                                drop(state);
                                new = Some(*index);
                            }
                            Reloaded::Kept(_) => unreachable!("a valid dataset"),
                        }
                        took
                    })
                    .sum()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, reload);
criterion_main!(benches);
