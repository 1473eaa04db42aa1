//! Tables of the index read from a snapshot only when first needed.
//!
//! A re-open of a million people spends some 45 ms of its way to the first
//! frame reading tables that frame does not use: the id tables (lookups by
//! id) and the change points (time travel by change). They are left in the
//! mapped snapshot, and read by whoever asks first: the explorer asks on a
//! thread of its own as soon as its first frame is drawn
//! ([`super::Index::read_deferred`]), so a key that needs them seldom
//! waits. Their bytes passed the snapshot's checksum with the rest; should
//! they still not read (a snapshot written by a faulty build), the table is
//! built from the dataset instead, so an answer is always right.

use std::sync::{Mutex, OnceLock};

use crate::model::Dataset;

/// How a deferred table is made: from the snapshot's bytes, or from the
/// dataset when they do not read.
type Make<T> = Box<dyn FnOnce(&Dataset) -> T + Send + Sync>;

/// A table that is either there, or made on first use.
pub(crate) struct Deferred<T> {
    value: OnceLock<T>,
    make: Mutex<Option<Make<T>>>,
}

impl<T> Deferred<T> {
    /// A table already made.
    pub(crate) fn ready(value: T) -> Deferred<T> {
        Deferred { value: OnceLock::from(value), make: Mutex::new(None) }
    }

    /// A table `make` makes when first asked for.
    pub(crate) fn later(make: impl FnOnce(&Dataset) -> T + Send + Sync + 'static) -> Deferred<T> {
        Deferred { value: OnceLock::new(), make: Mutex::new(Some(Box::new(make))) }
    }

    /// The table, made now if it was not yet (another thread asking at the
    /// same time waits for it); `ds` is the dataset the index holds.
    pub(crate) fn get(&self, ds: &Dataset) -> &T {
        self.value.get_or_init(|| {
            let make = self.make.lock().unwrap_or_else(|e| e.into_inner()).take();
            // `get_or_init` runs this once, and a table is made `ready` or
            // with its `make`: there is always one here.
            make.expect("a deferred table has what makes it")(ds)
        })
    }

    /// Whether the table is made.
    pub(crate) fn is_ready(&self) -> bool {
        self.value.get().is_some()
    }
}

impl<T> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_ready() { "Deferred(ready)" } else { "Deferred(to read)" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_deferred_table_is_made_once_by_whoever_asks_first() {
        let ds = Dataset::default();
        let made = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&made);
        let d = Arc::new(Deferred::later(move |ds: &Dataset| {
            counter.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(20));
            ds.people.len() + 7
        }));
        assert!(!d.is_ready());
        let others: Vec<_> = (0..4)
            .map(|_| {
                let d = Arc::clone(&d);
                std::thread::spawn(move || *d.get(&Dataset::default()))
            })
            .collect();
        assert_eq!(*d.get(&ds), 7);
        for t in others {
            assert_eq!(t.join().unwrap(), 7);
        }
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert!(d.is_ready());
        assert_eq!(format!("{d:?}"), "Deferred(ready)");
        assert_eq!(*Deferred::ready(3).get(&ds), 3);
    }
}
