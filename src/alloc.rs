//! The memory allocator orgline's binary runs with: mimalloc, with freed
//! memory handed back to the system at once.
//!
//! Why not the system's (glibc's) malloc: re-opening a million people from
//! their snapshot makes millions of small allocations on several threads at
//! once, and glibc grows each thread's arena a page at a time, with one
//! `mprotect` call a page (22,000 in one re-open), each holding the
//! process's memory map against the page faults of the other threads. With
//! mimalloc the snapshot decodes in about 0.6× the time (see
//! docs/performance.md).
//!
//! Why purge at once while loading: mimalloc by default keeps freed memory
//! for a second before returning it, and loading a large file frees its
//! parsing temporaries while it builds the dataset, so the peak grew by a
//! tenth at a million people (`orgline check`: 1.16 GB with glibc, 1.26 GB
//! so); purging at once brings it to 1.13 GB and costs the re-open nothing
//! measurable. Once the explorer is up, [`keep_freed_memory`] restores the
//! default: each search keystroke allocates and frees some megabytes of
//! per-text scratch, and purged at once they had to be faulted in afresh
//! every time (typed search at 1M: complete results p95 42–46 ms against
//! 32–38 ms).
//!
//! The binary, and every example and benchmark that measures orgline in
//! its own process, declare it the same way, so they measure what ships:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: orgline::alloc::Allocator = orgline::alloc::Allocator;
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_long};
use std::sync::Once;

use mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mi_option_t` in `mimalloc.h`, the
/// same index in its versions 2 and 3): how many milliseconds freed memory
/// is kept before it is returned to the system (1000 by default in
/// version 3, which the `mimalloc` crate builds); 0 returns it at once.
const PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    // From the mimalloc library that the `mimalloc` crate builds and links.
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_option_get(option: c_int) -> c_long;
}

/// mimalloc, its options set before the first allocation (see the module's
/// documentation).
pub struct Allocator;

static TUNE: Once = Once::new();

fn tune() {
    // SAFETY: plain C calls on an option index that exists; mimalloc's
    // options are safe to set at any time, and it never calls back into
    // Rust, so calling it from within the allocator cannot recurse.
    TUNE.call_once(|| unsafe { mi_option_set(PURGE_DELAY, 0) });
}

/// Returns freed memory to the system at once, from now on, as from the
/// start of the process: for a large load (a reload of the dataset).
pub fn purge_at_once() {
    tune();
    // SAFETY: as in `tune`.
    unsafe { mi_option_set(PURGE_DELAY, 0) };
}

/// mimalloc's own purge delay (version 3, `options.c`), in milliseconds.
const DEFAULT_PURGE_DELAY: c_long = 1000;

/// Keeps freed memory for mimalloc's default second before returning it to
/// the system, from now on: for a process whose large allocations are done
/// and that now frees and allocates the same buffers again and again (the
/// explorer once its search index is built).
pub fn keep_freed_memory() {
    tune();
    // SAFETY: as in `tune`.
    unsafe { mi_option_set(PURGE_DELAY, DEFAULT_PURGE_DELAY) };
}

/// The purge delay in force, in milliseconds (for tests and diagnostics).
pub fn purge_delay() -> c_long {
    // SAFETY: a plain C call on an option index that exists.
    unsafe { mi_option_get(PURGE_DELAY) }
}

// SAFETY: every call goes to `MiMalloc` unchanged; `tune` only sets an
// option, and never allocates.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        tune();
        // SAFETY: the caller's contract is passed on.
        unsafe { MiMalloc.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        tune();
        // SAFETY: the caller's contract is passed on.
        unsafe { MiMalloc.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_allocation_sets_the_purge_delay_to_zero() {
        // mimalloc 3's default (`options.c`), unless the environment sets
        // another: so the index is that of the purge delay.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() && !TUNE.is_completed() {
            assert_eq!(purge_delay(), DEFAULT_PURGE_DELAY, "option {PURGE_DELAY} is not mimalloc's purge delay");
        }
        let layout = Layout::from_size_align(64, 8).unwrap();
        // SAFETY: a non-zero size; freed with the same layout.
        unsafe {
            let p = Allocator.alloc(layout);
            assert!(!p.is_null());
            p.write_bytes(7, 64);
            Allocator.dealloc(p, layout);
        }
        assert_eq!(purge_delay(), 0);
        keep_freed_memory();
        assert_eq!(purge_delay(), DEFAULT_PURGE_DELAY);
        // Later allocations leave it so.
        // SAFETY: as above.
        unsafe { Allocator.dealloc(Allocator.alloc(layout), layout) };
        assert_eq!(purge_delay(), DEFAULT_PURGE_DELAY);
        purge_at_once();
        assert_eq!(purge_delay(), 0);
    }
}
