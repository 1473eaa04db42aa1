//! Opening a dataset in the background: the loader thread reports its
//! progress here, the loading screen reads it. Lock-free: a few atomics.

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where a load stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading the file: `done` of `total` bytes.
    Reading,
    /// Parsing and checking the data.
    Checking,
    /// Building the indexes.
    Indexing,
    /// Ready to show.
    Done,
}

/// The progress of one load, shared between the loader and the screen.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    /// A fresh progress of a `total`-byte file.
    pub fn new(total: u64) -> Progress {
        let p = Progress::default();
        p.total.store(total, Ordering::Relaxed);
        p
    }

    /// Enters a phase.
    pub fn set_phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    /// The phase now.
    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Reading,
            1 => Phase::Checking,
            2 => Phase::Indexing,
            _ => Phase::Done,
        }
    }

    /// Bytes read so far.
    pub fn add_read(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Sets the file size (once known).
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Bytes read and the file's size.
    pub fn bytes(&self) -> (u64, u64) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }
}

/// How fast the loader checks data, for the bar's estimate while checking
/// (parse and validation give no progress of their own): measured near
/// 40 MB/s on the development machine; the bar never claims more than 95 %
/// of the phase from this guess.
const CHECK_BYTES_PER_SEC: f64 = 40e6;

/// The loading screen's state.
#[derive(Debug)]
pub struct Loading {
    /// The file's display name.
    pub name: String,
    /// When the load began.
    pub started: Instant,
    /// When the checking phase began (for the estimate).
    checking_since: Option<Instant>,
    /// The loader's progress.
    pub progress: std::sync::Arc<Progress>,
}

impl Loading {
    /// The screen for loading `name`.
    pub fn new(name: String, progress: std::sync::Arc<Progress>) -> Loading {
        Loading { name, started: Instant::now(), checking_since: None, progress }
    }

    /// Time since the load began.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Notes the phase change (call before drawing).
    pub fn tick(&mut self) {
        if self.progress.phase() != Phase::Reading && self.checking_since.is_none() {
            self.checking_since = Some(Instant::now());
        }
    }

    /// The bar's fill, 0 to 1: reading is the first 20 %, checking the
    /// next 70 % (estimated from the size), indexing the rest.
    pub fn ratio(&self) -> f64 {
        let (done, total) = self.progress.bytes();
        match self.progress.phase() {
            Phase::Reading => 0.2 * if total == 0 { 0.0 } else { done as f64 / total as f64 },
            Phase::Checking => {
                let spent = self.checking_since.map_or(0.0, |t| t.elapsed().as_secs_f64());
                let expected = (total as f64 / CHECK_BYTES_PER_SEC).max(0.05);
                0.2 + 0.7 * (spent / expected).min(0.95)
            }
            Phase::Indexing => 0.9,
            Phase::Done => 1.0,
        }
        .clamp(0.0, 1.0)
    }

    /// What the loader is doing, for the bar's label.
    pub fn label(&self) -> String {
        let (done, total) = self.progress.bytes();
        let mb = |b: u64| b as f64 / 1e6;
        match self.progress.phase() {
            Phase::Reading => format!("reading {:.1} of {:.1} MB", mb(done), mb(total)),
            Phase::Checking => format!("checking {:.1} MB of data", mb(total)),
            Phase::Indexing => "indexing".to_string(),
            Phase::Done => "ready".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_bar_moves_forward_through_the_phases() {
        let p = Arc::new(Progress::new(1000));
        let mut l = Loading::new("x.ron".into(), Arc::clone(&p));
        assert_eq!(l.ratio(), 0.0);
        p.add_read(500);
        assert!((l.ratio() - 0.1).abs() < 1e-9);
        assert_eq!(l.label(), "reading 0.0 of 0.0 MB");
        p.add_read(500);
        let read = l.ratio();
        p.set_phase(Phase::Checking);
        l.tick();
        let checking = l.ratio();
        assert!(checking >= read && checking < 0.9 + 1e-9);
        p.set_phase(Phase::Indexing);
        assert!(l.ratio() >= checking);
        p.set_phase(Phase::Done);
        assert_eq!(l.ratio(), 1.0);
        assert_eq!(l.label(), "ready");
    }
}
