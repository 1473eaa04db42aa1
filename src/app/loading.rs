//! Opening a dataset in the background: the loader thread reports its
//! progress here, the loading screen reads it. Lock-free: a few atomics.

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::keymap::{Context, Keymap};
use super::{Action, Code, Key};

/// Where a load stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading the file: `done` of `total` bytes.
    Reading,
    /// Parsing and checking the data: `checked` of `total` bytes parsed.
    Checking,
    /// Building the indexes.
    Indexing,
    /// Ready to show.
    Done,
    /// Opening the snapshot of the file kept in the cache: hashing the
    /// file, then decoding the snapshot. A miss goes on to [`Phase::Reading`].
    Snapshot,
}

/// The progress of one load, shared between the loader and the screen.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    checked: AtomicU64,
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
            4 => Phase::Snapshot,
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

    /// Where the parser stores how many bytes it has parsed
    /// ([`crate::model::load_bytes_counting`]).
    pub fn checked_counter(&self) -> &AtomicU64 {
        &self.checked
    }

    /// Bytes parsed so far (0 when the parser does not count).
    pub fn checked(&self) -> u64 {
        self.checked.load(Ordering::Relaxed)
    }
}

/// How fast the loader checks data when its parser does not count bytes
/// (ron, the fallback for spellings the fast reader leaves to it): near
/// 40 MB/s on the development machine. The bar never claims more than 95 %
/// of the phase from this guess.
const CHECK_BYTES_PER_SEC: f64 = 40e6;

/// How fast a file is opened from its snapshot, for the bar (the hash of
/// the file and the decoding of its snapshot): near 1 GB of dataset file a
/// second on the development machine.
const SNAPSHOT_BYTES_PER_SEC: f64 = 1e9;

/// The loading screen's state.
#[derive(Debug)]
pub struct Loading {
    /// The file's display name.
    pub name: String,
    /// When the load began.
    pub started: Instant,
    /// The phase last seen and when it began (for the estimates).
    since: Option<(Phase, Instant)>,
    /// The loader's progress.
    pub progress: std::sync::Arc<Progress>,
    /// The key that quits, as the screen names it (`q` unless rebound).
    pub quit_key: String,
}

impl Loading {
    /// The screen for loading `name`.
    pub fn new(name: String, progress: std::sync::Arc<Progress>) -> Loading {
        Loading { name, started: Instant::now(), since: None, progress, quit_key: "q".into() }
    }

    /// Names the key that quits in `keymap`.
    pub fn with_keymap(mut self, keymap: &Keymap) -> Loading {
        if let Some(key) = keymap.key_for(&[Context::Global], Action::Quit) {
            self.quit_key = key;
        }
        self
    }

    /// Whether `key` cancels the load: the key bound to quitting, Esc, and
    /// Ctrl-C always.
    pub fn cancels(keymap: &Keymap, key: Key) -> bool {
        key == Key::ctrl('c')
            || key == Key::plain(Code::Esc)
            || keymap.lookup(&[Context::Global], key) == Some(Action::Quit)
    }

    /// Time since the load began.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Notes the phase change (call before drawing).
    pub fn tick(&mut self) {
        let phase = self.progress.phase();
        if self.since.is_none_or(|(seen, _)| seen != phase) {
            self.since = Some((phase, Instant::now()));
        }
    }

    /// The bar's fill, 0 to 1, in about the shares of time each phase
    /// takes: reading is the first 5 %, checking the next 80 % (by the bytes
    /// parsed, or estimated from the size when the parser does not count),
    /// indexing the rest.
    pub fn ratio(&self) -> f64 {
        let (done, total) = self.progress.bytes();
        let part = |n: u64| if total == 0 { 0.0 } else { n as f64 / total as f64 };
        let phase = self.progress.phase();
        let spent = self.since.filter(|(seen, _)| *seen == phase).map_or(0.0, |(_, t)| t.elapsed().as_secs_f64());
        match phase {
            // Nothing counts the snapshot's progress: a guess from the
            // file's size, never past 95 %.
            Phase::Snapshot => {
                let expected = (total as f64 / SNAPSHOT_BYTES_PER_SEC).max(0.05);
                0.95 * (spent / expected).min(1.0)
            }
            Phase::Reading => 0.05 * part(done),
            Phase::Checking => {
                let expected = (total as f64 / CHECK_BYTES_PER_SEC).max(0.05);
                let guess = (spent / expected).min(0.95);
                0.05 + 0.8 * guess.max(part(self.progress.checked()).min(1.0))
            }
            Phase::Indexing => 0.85,
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
            Phase::Checking => match self.progress.checked() {
                0 => format!("checking {:.1} MB of data", mb(total)),
                n => format!("checking {:.1} of {:.1} MB", mb(n.min(total)), mb(total)),
            },
            Phase::Indexing => "indexing".to_string(),
            Phase::Done => "ready".to_string(),
            Phase::Snapshot => "opening the cached snapshot".to_string(),
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
        assert!((l.ratio() - 0.025).abs() < 1e-9);
        assert_eq!(l.label(), "reading 0.0 of 0.0 MB");
        p.add_read(500);
        let read = l.ratio();
        p.set_phase(Phase::Checking);
        l.tick();
        let checking = l.ratio();
        assert!(checking >= read && checking < 0.85 + 1e-9);
        assert_eq!(l.label(), "checking 0.0 MB of data");
        // The parser's count moves the bar on, past the guess.
        p.checked_counter().store(600, std::sync::atomic::Ordering::Relaxed);
        let counted = l.ratio();
        assert!((counted - (0.05 + 0.8 * 0.6)).abs() < 0.01, "{counted}");
        assert_eq!(l.label(), "checking 0.0 of 0.0 MB");
        p.set_phase(Phase::Indexing);
        assert!(l.ratio() >= counted);
        p.set_phase(Phase::Done);
        assert_eq!(l.ratio(), 1.0);
        assert_eq!(l.label(), "ready");
    }

    #[test]
    fn opening_the_snapshot_is_said_and_a_miss_goes_on_to_reading() {
        let p = Arc::new(Progress::new(1_000_000_000));
        let mut l = Loading::new("x.ron".into(), Arc::clone(&p));
        p.set_phase(Phase::Snapshot);
        l.tick();
        assert_eq!(p.phase(), Phase::Snapshot);
        assert_eq!(l.label(), "opening the cached snapshot");
        let r = l.ratio();
        assert!((0.0..0.95).contains(&r), "{r}");
        // A miss: the file is read, and the bar starts that phase afresh.
        p.set_phase(Phase::Reading);
        l.tick();
        assert!(l.label().starts_with("reading"));
        assert_eq!(l.ratio(), 0.0);
    }

    #[test]
    fn the_quit_key_of_the_keymap_cancels_and_is_named() {
        let mut keymap = Keymap::default();
        assert!(Loading::cancels(&keymap, Key::ch('q')));
        keymap.rebind(Some(Context::Global), Action::Quit, &[Key::ch('x')]).unwrap();
        assert!(Loading::cancels(&keymap, Key::ch('x')));
        assert!(!Loading::cancels(&keymap, Key::ch('q')), "q no longer quits");
        assert!(Loading::cancels(&keymap, Key::ctrl('c')) && Loading::cancels(&keymap, Key::plain(Code::Esc)));
        let l = Loading::new("x.ron".into(), Arc::new(Progress::default())).with_keymap(&keymap);
        assert_eq!(l.quit_key, "x");
    }
}
