//! Replays the committed fuzz seeds and regressions through the checks the
//! fuzz targets run (`tests/fuzz_checks/mod.rs`), so that every input the
//! fuzzers have found interesting stays checked on stable `cargo test`
//! without cargo-fuzz: `fuzz/seeds/load/*` and `fuzz/regressions/load-*`
//! through the loader checks, `fuzz/seeds/date/*` and
//! `fuzz/regressions/date-*` through the date checks.

mod fuzz_checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Files directly in `dir` whose name starts with `prefix`, sorted; none if
/// `dir` does not exist.
fn files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        .collect();
    out.sort();
    out
}

/// Runs `check` on every file, and fails naming each file whose check panicked.
fn replay(paths: &[PathBuf], check: fn(&[u8])) {
    let failed: Vec<String> = paths
        .iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err()
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{} of {} inputs failed:\n{}", failed.len(), paths.len(), failed.join("\n"));
}

#[test]
fn load_seeds() {
    let seeds = files(&fuzz_dir().join("seeds/load"), "");
    assert!(seeds.len() >= 10, "expected the load seeds in fuzz/seeds/load, found {}", seeds.len());
    replay(&seeds, fuzz_checks::check_load);
}

#[test]
fn load_regressions() {
    replay(&files(&fuzz_dir().join("regressions"), "load-"), fuzz_checks::check_load);
}

#[test]
fn date_seeds() {
    let seeds = files(&fuzz_dir().join("seeds/date"), "");
    assert!(seeds.len() >= 100, "expected the date seeds in fuzz/seeds/date, found {}", seeds.len());
    replay(&seeds, fuzz_checks::check_date);
}

#[test]
fn date_regressions() {
    replay(&files(&fuzz_dir().join("regressions"), "date-"), fuzz_checks::check_date);
}
