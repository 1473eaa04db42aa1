//! Where some bytes are in a run of at most 64, as the bits of a `u64`,
//! sixteen bytes at a time where the processor compares them so (SSE2,
//! which every x86-64 processor has). The search asks this of hundreds of
//! thousands of short texts a keystroke: compared one byte at a time, or
//! found by `memchr` entered again for each occurrence, it was a good part
//! of the time of the ceiling's programme (see `ceiling`).

/// Bit `j` set where `chunk[j]` is one of `set`; `chunk` is at most 64
/// bytes long.
#[inline]
pub(super) fn any_of(chunk: &[u8], set: [u8; 4]) -> u64 {
    debug_assert!(chunk.len() <= 64);
    #[cfg(target_arch = "x86_64")]
    {
        if let Ok(all) = <&[u8; 64]>::try_from(chunk) {
            return sse2::any_of(all, set);
        }
        // A shorter run, copied out: a read past its end could leave the
        // memory it is in.
        let mut all = [0; 64];
        all[..chunk.len()].copy_from_slice(chunk);
        sse2::any_of(&all, set) & below(chunk.len())
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        scalar(chunk, set)
    }
}

/// The lowest `n` bits, `n` at most 64.
#[inline]
fn below(n: usize) -> u64 {
    if n >= 64 { !0 } else { (1 << n) - 1 }
}

/// [`any_of`], a byte at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn scalar(chunk: &[u8], [a, b, c, d]: [u8; 4]) -> u64 {
    chunk.iter().enumerate().fold(0, |m, (j, &x)| m | u64::from((x == a) | (x == b) | (x == c) | (x == d)) << j)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};

    /// [`super::any_of`] of 64 bytes.
    #[inline]
    pub(super) fn any_of(chunk: &[u8; 64], set: [u8; 4]) -> u64 {
        // SAFETY: SSE2 is part of every x86-64 processor (the target's
        // baseline), and each unaligned load reads 16 bytes of `chunk`.
        unsafe {
            let [a, b, c, d] = set.map(|x| _mm_set1_epi8(x as i8));
            let mut mask = 0;
            for (q, sixteen) in chunk.chunks_exact(16).enumerate() {
                let v: __m128i = _mm_loadu_si128(sixteen.as_ptr().cast());
                let eq = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)),
                    _mm_or_si128(_mm_cmpeq_epi8(v, c), _mm_cmpeq_epi8(v, d)),
                );
                mask |= u64::from(_mm_movemask_epi8(eq) as u16) << (16 * q);
            }
            mask
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bytes_of_any_run_as_one_at_a_time_does() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as u8
        };
        for len in 0..=64 {
            for _ in 0..50 {
                // Few distinct bytes, 0 and the top ones among them, so that
                // every run holds some of the set.
                let pool = [0, b'a', b'n', b'o', b' ', 0xff, 0x80];
                let chunk: Vec<u8> = (0..len).map(|_| pool[usize::from(next(7))]).collect();
                let set = [pool[usize::from(next(7))], pool[usize::from(next(7))], b'o', 0];
                assert_eq!(any_of(&chunk, set), scalar(&chunk, set), "{chunk:?} {set:?}");
            }
        }
        assert_eq!(any_of(b"one", [b'o'; 4]), 0b1);
        assert_eq!(any_of(&[b'x'; 64], [b'x'; 4]), !0);
    }
}
