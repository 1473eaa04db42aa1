//! Times each phase of loading a dataset file and reports the peak memory
//! after each, to see where load time and memory go:
//!
//! ```text
//! cargo run --release --example load_phases -- FILE [ROUNDS]
//! ```
//!
//! Phases: `ron` (the bare typed deserialize into the raw structs, the
//! floor), `load` (what `load_str` does: ron plus validation), `index`
//! (`Index::new`) and `drop`. With ROUNDS > 1 each phase's best time is
//! shown. Peak memory (VmHWM) is read after the first round only; `--heap`
//! also counts heap bytes and blocks (slower), and `--no-ron` leaves out the
//! ron phase so that the peak is the loader's own.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use orgline::model::load::ron_options;
use orgline::model::load_str;
use orgline::model::raw::RawDataset;
use orgline::query::Index;

/// The system allocator, counting live heap bytes and blocks.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Counting costs a few atomic operations per allocation: only with `--heap`.
static COUNT: AtomicBool = AtomicBool::new(false);

// SAFETY: forwards every call to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !COUNT.load(Relaxed) {
            // SAFETY: the caller's contract is passed on.
            return unsafe { System.alloc(layout) };
        }
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        BLOCKS.fetch_add(1, Relaxed);
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !COUNT.load(Relaxed) {
            // SAFETY: the caller's contract is passed on.
            return unsafe { System.dealloc(ptr, layout) };
        }
        LIVE.fetch_sub(layout.size(), Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !COUNT.load(Relaxed) {
            // SAFETY: the caller's contract is passed on.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        LIVE.fetch_sub(layout.size(), Relaxed);
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The process's peak and current resident set size, in MB (Linux only).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".to_string(), |kb| format!("{} MB", kb / 1024))
    };
    let mb = |a: &AtomicUsize| a.load(Relaxed) >> 20;
    format!(
        "rss peak {}, now {}; heap peak {} MB, live {} MB in {} blocks",
        field("VmHWM:"),
        field("VmRSS:"),
        mb(&PEAK),
        mb(&LIVE),
        BLOCKS.load(Relaxed)
    )
}

fn main() -> ExitCode {
    let (flags, args): (Vec<String>, Vec<String>) = std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let Some(path) = args.first() else {
        eprintln!("usage: load_phases FILE [ROUNDS] [--heap] [--no-ron]");
        return ExitCode::from(2);
    };
    COUNT.store(flags.iter().any(|f| f == "--heap"), Relaxed);
    let skip_ron = flags.iter().any(|f| f == "--no-ron");
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("load_phases: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    println!("file: {} MB; {}", text.len() >> 20, memory());
    let mut best = [Duration::MAX; 4];
    for round in 0..rounds {
        let mut ron = Duration::MAX;
        if !skip_ron {
            let t = Instant::now();
            let raw: RawDataset = ron_options().from_str(&text).expect("ron");
            ron = t.elapsed();
            if round == 0 {
                println!("ron:   {ron:>10.1?}  {}", memory());
            }
            drop(raw);
            if round == 0 {
                println!("drop raw:    {}", memory());
            }
        }
        let t = Instant::now();
        let loaded = load_str(&text).expect("load");
        let load = t.elapsed();
        if round == 0 {
            println!("load:  {load:>10.1?}  {}", memory());
        }
        let t = Instant::now();
        let index = Index::new(loaded.dataset);
        let index_time = t.elapsed();
        if round == 0 {
            println!("index: {index_time:>10.1?}  {}", memory());
        }
        let t = Instant::now();
        drop(index);
        let drop_time = t.elapsed();
        for (b, d) in best.iter_mut().zip([ron, load, index_time, drop_time]) {
            *b = (*b).min(d);
        }
    }
    let [ron, load, index, drop_time] = best;
    if skip_ron {
        println!("best of {rounds}: load {load:.1?}, load+index {:.1?}, drop {drop_time:.1?}", load + index);
    } else {
        let ratio = |d: Duration| d.as_secs_f64() / ron.as_secs_f64();
        println!(
            "best of {rounds}: ron {ron:.1?}, load {load:.1?} ({:.2}×), load+index {:.1?} ({:.2}×), drop {drop_time:.1?}",
            ratio(load),
            load + index,
            ratio(load + index)
        );
    }
    ExitCode::SUCCESS
}
