//! Running the binary the way the CLI tests do: from the valid fixtures'
//! folder, with the snapshot cache under `target/`, never the user's.

#![allow(dead_code)] // each test crate uses its own share of these

use std::path::Path;
use std::process::{Command, Output};

/// Runs `orgline ARGS…` in `tests/fixtures/valid`.
pub fn orgline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgline"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"))
        .env("ORGLINE_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests-cache"))
        .args(args)
        .output()
        .expect("run orgline")
}

/// Runs orgline, asserts success and a quiet stderr, returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = orgline(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs orgline, asserts the exit status and an empty stdout, returns stderr.
pub fn fails(args: &[&str], code: i32) -> String {
    let out = orgline(args);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}
