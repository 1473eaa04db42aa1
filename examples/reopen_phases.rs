//! Times each phase of re-opening a dataset file from its snapshot, as the
//! explorer does on a cache hit:
//!
//! ```text
//! cargo run --release --example reopen_phases -- FILE [ROUNDS]
//! ```
//!
//! Phases: `key` (the file's key: from its hint when one can be trusted, as
//! the explorer does, which then hashes the file after its first frame;
//! else the file hashed, streamed; each round says which), `read` (the snapshot's bytes,
//! mapped), `decode` (header checks, then the dataset, the index's stored
//! tables and the checksum, side by side), `join` (the index from the
//! dataset and its tables), `state` (the explorer's state at the default
//! date, with its org chart, as the first interactive frame needs it);
//! `total` is theirs, and `after` what the explorer then reads on a thread
//! of its own (the tables left in the snapshot: id tables, change points). The
//! snapshot is written first if the cache (`ORGLINE_CACHE_DIR`, or the
//! user's) has none for the file from this executable.
//!
//! Each round runs in a fresh process, as a re-open does: a second round in
//! the same process would reuse memory the first one already touched, and
//! at a million people touching fresh memory is much of the cost. Each
//! round's phases are printed, then the median of each phase (default
//! ROUNDS: 5).

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use orgline::app::State;
use orgline::model::load_bytes;
use orgline::model::snapshot::{self, Contents, Key, hint};
use orgline::query::{Index, Tables};

const NAMES: [&str; 7] = ["key", "read", "decode", "join", "state", "total", "after"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: reopen_phases FILE [ROUNDS]");
        return ExitCode::from(2);
    };
    let Some(dir) = snapshot::cache_dir() else {
        eprintln!("reopen_phases: no cache directory (set ORGLINE_CACHE_DIR)");
        return ExitCode::from(2);
    };
    if args.get(1).is_some_and(|a| a == "--one-round") {
        let (times, hinted) = round(&path, &dir);
        println!("{} {}", times.map(|t| t.as_nanos().to_string()).join(" "), if hinted { "hint" } else { "hash" });
        return ExitCode::SUCCESS;
    }
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let hashed_at = std::time::SystemTime::now();
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
    // The hint a re-open finds (the file hashed just now, and long after
    // its last change, or none if it changed in the last seconds).
    if let Ok(stamp) = hint::Stamp::of(&path) {
        hint::remember(&dir, &path, key, stamp, hashed_at);
    }
    let exe = std::env::current_exe().expect("this executable");
    let mut all: Vec<[Duration; 7]> = Vec::new();
    for _ in 0..rounds {
        let out = Command::new(&exe).arg(&path).arg("--one-round").output().expect("run a round");
        let line = String::from_utf8_lossy(&out.stdout);
        let words: Vec<&str> = line.split_whitespace().collect();
        let times: Vec<Duration> = words.iter().filter_map(|n| n.parse().ok()).map(Duration::from_nanos).collect();
        let (Ok(times), Some(how)) = (<[Duration; 7]>::try_from(times), words.last()) else {
            eprintln!("reopen_phases: a round failed: {}", String::from_utf8_lossy(&out.stderr));
            return ExitCode::FAILURE;
        };
        let phases = NAMES.iter().zip(times).map(|(n, t)| format!("{n} {t:.1?}")).collect::<Vec<_>>().join(", ");
        println!("{phases} (key from the {how})");
        all.push(times);
    }
    println!("medians of {rounds} rounds:");
    for (i, name) in NAMES.iter().enumerate() {
        let mut ts: Vec<Duration> = all.iter().map(|t| t[i]).collect();
        ts.sort();
        println!("{name:>7}: {:>10.1?}", ts[ts.len() / 2]);
    }
    ExitCode::SUCCESS
}

/// One re-open, phase by phase, and whether the key came from the hint.
fn round(path: &std::path::Path, dir: &std::path::Path) -> ([Duration; 7], bool) {
    let mut times = [Duration::ZERO; 7];
    let t = Instant::now();
    let hinted = hint::recall(dir, path);
    let k = hinted.unwrap_or_else(|| Key::of_file(path).expect("hash"));
    times[0] = t.elapsed();
    let t = Instant::now();
    let bytes = snapshot::Mapped::new(snapshot::Bytes::of(&dir.join(k.file_name())).expect("read the snapshot"));
    times[1] = t.elapsed();
    let t = Instant::now();
    let (loaded, tables) = snapshot::decode_with_extra(bytes.bytes(), k, Tables::decode_leaving).expect("decode");
    times[2] = t.elapsed();
    let t = Instant::now();
    let index = Index::from_parts(loaded.dataset, tables, Some(bytes)).expect("tables");
    times[3] = t.elapsed();
    let t = Instant::now();
    let as_of = index.default_as_of().cloned().expect("a dated dataset");
    let state = State::new_but_tenures(&index, as_of, 200, 50);
    times[4] = t.elapsed();
    std::hint::black_box(&state);
    times[5] = times[..5].iter().sum();
    // What the explorer reads on a thread of its own once the first frame
    // is drawn (not part of the total).
    let t = Instant::now();
    index.read_deferred();
    times[6] = t.elapsed();
    // Leaving without freeing, as the measured process has nothing more to do.
    std::mem::forget(state);
    std::mem::forget(index);
    (times, hinted.is_some())
}
