//! Asking the kernel to back large vectors with huge pages.
//!
//! Opening a million people from the snapshot fills some 600 MB of fresh
//! memory, and the kernel's work to hand it out four kilobytes at a time
//! (a fault, a zeroed page and its bookkeeping for each) was nearly half of
//! the open's processor time. Where transparent huge pages are enabled for
//! those who ask (`madvise`, the common default), one fault maps two
//! megabytes. Only vectors that are about to be filled whole ask (a
//! snapshot's sections), so that no memory is spent on huge pages half
//! used: asking for every large allocation (as an allocator would) raised
//! the peak of a first open by 9 MB and of a re-open by 33 MB.

/// Vectors of at least this many bytes ask for huge pages.
pub const HUGE_FROM: usize = 4 << 20;

/// Asks for huge pages for the spare capacity of `v`, which the caller is
/// about to fill, if it is large. Advice only: where the kernel has no
/// huge pages to give, nothing changes.
pub fn huge_pages<T>(v: &mut Vec<T>) {
    let spare = v.spare_capacity_mut();
    advise(spare.as_mut_ptr().cast(), std::mem::size_of_val(spare));
}

/// Asks for huge pages for the whole pages of the `len` bytes at `p`, if
/// they are many.
#[inline]
fn advise(p: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    if len >= HUGE_FROM && !p.is_null() {
        const PAGE: usize = 4096;
        let start = (p as usize).next_multiple_of(PAGE);
        let end = (p as usize + len) & !(PAGE - 1);
        // SAFETY: the range lies within the allocation `p` points into,
        // whole pages of it; `MADV_HUGEPAGE` is advice, which changes
        // neither the contents nor the mapping, and fails harmlessly where
        // huge pages are not available.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, len);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags the kernel lists for the mapping that holds `p`.
    #[cfg(target_os = "linux")]
    fn flags_at(p: *const u8) -> String {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
        let at = p as usize;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((a, b)) = range.split_once('-')
                && let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
            {
                inside = (a..b).contains(&at);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.to_owned();
            }
        }
        panic!("no mapping holds {p:?}");
    }

    #[test]
    fn a_large_vector_asks_for_huge_pages_and_keeps_what_it_is_given() {
        let n = 3 * HUGE_FROM;
        let mut v: Vec<u64> = Vec::with_capacity(n / 8);
        huge_pages(&mut v);
        assert_eq!((v.len(), v.capacity()), (0, n / 8));
        v.extend(0..(n / 8) as u64);
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
        // Where the kernel has transparent huge pages, its mapping is
        // marked for them ("hg"), past the page the allocation starts on.
        #[cfg(target_os = "linux")]
        if std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
            let flags = flags_at(v.as_ptr().wrapping_add(v.len() / 2).cast());
            assert!(flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        }
        // A vector already full, or small, is left as it is.
        huge_pages(&mut v);
        let mut small: Vec<u8> = Vec::with_capacity(1000);
        huge_pages(&mut small);
        small.push(7);
        assert_eq!(small, [7]);
    }
}
