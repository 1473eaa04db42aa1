//! Times each phase of re-opening a dataset file from its snapshot, as the
//! explorer does on a cache hit:
//!
//! ```text
//! cargo run --release --example reopen_phases -- FILE [ROUNDS]
//! ```
//!
//! Phases: `hash` (the file's key, streamed), `read` (the snapshot's bytes,
//! mapped), `decode` (header checks, then the dataset, the index's stored
//! tables and the checksum, side by side), `join` (the index from the
//! dataset and its tables), `state` (the explorer's state at the default
//! date, with its org chart, as the first interactive frame needs it). The
//! snapshot is written first if the cache (`ORGLINE_CACHE_DIR`, or the
//! user's) has none for the file from this executable.
//! With ROUNDS > 1 each phase's best time is shown.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use orgline::app::State;
use orgline::model::load_bytes;
use orgline::model::snapshot::{self, Contents, Key};
use orgline::query::{Index, Tables};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: reopen_phases FILE [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let Some(dir) = snapshot::cache_dir() else {
        eprintln!("reopen_phases: no cache directory (set ORGLINE_CACHE_DIR)");
        return ExitCode::from(2);
    };
    let key = match Key::of_file(&path) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("reopen_phases: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    // Snapshots are tied to the executable that wrote them: this one writes
    // its own unless it already has.
    if snapshot::read(&dir, key).is_err() {
        let bytes = std::fs::read(&path).expect("read");
        let loaded = load_bytes(&bytes).expect("a valid dataset");
        drop(bytes);
        let index = Index::new(loaded.dataset);
        let tables = index.tables();
        let contents = Contents { dataset: index.dataset(), warnings: &loaded.warnings, extra: &tables };
        snapshot::write_contents(&dir, key, contents).expect("write the snapshot");
        println!("wrote {}", dir.join(key.file_name()).display());
    }
    let names = ["hash", "read", "decode", "join", "state", "total"];
    let mut best = [Duration::MAX; 6];
    for _ in 0..rounds {
        let mut times = [Duration::ZERO; 6];
        let t = Instant::now();
        let k = Key::of_file(&path).expect("hash");
        times[0] = t.elapsed();
        let t = Instant::now();
        let bytes = snapshot::Bytes::of(&dir.join(k.file_name())).expect("read the snapshot");
        times[1] = t.elapsed();
        let t = Instant::now();
        let (loaded, tables) = snapshot::decode_with_extra(&bytes, k, Tables::decode).expect("decode");
        times[2] = t.elapsed();
        let t = Instant::now();
        let index = Index::from_parts(loaded.dataset, tables).expect("tables");
        times[3] = t.elapsed();
        let t = Instant::now();
        let as_of = index.default_as_of().cloned().expect("a dated dataset");
        let state = State::new(&index, as_of, 200, 50);
        times[4] = t.elapsed();
        std::hint::black_box(&state);
        times[5] = times[..5].iter().sum();
        for (b, t) in best.iter_mut().zip(times) {
            *b = (*b).min(t);
        }
        drop(index);
    }
    for (name, t) in names.iter().zip(best) {
        println!("{name:>7}: {t:>10.1?}");
    }
    ExitCode::SUCCESS
}
