//! Running the binary the way the CLI tests do: from the valid fixtures'
//! folder, with the snapshot cache under `target/`, never the user's.

#![allow(dead_code)] // each test crate uses its own share of these

use std::path::{Path, PathBuf};
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

/// A fresh empty directory for one test, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `$TMPDIR/orgline-test-PID-N-NAME`, emptied first.
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("orgline-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `text` to `name` in the directory (making folders on the way).
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
pub mod pty;
