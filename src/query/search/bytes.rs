//! Where some bytes are in a run of at most 64, as the bits of a `u64`,
//! sixteen bytes at a time where the processor compares them so (SSE2,
//! which every x86-64 processor has). The search asks this of hundreds of
//! thousands of short texts a keystroke: compared one byte at a time, or
//! found by `memchr` entered again for each occurrence, it was a good part
//! of the time of the ceiling's programme (see `ceiling`).

/// `chars` as bytes, if every one is ASCII.
pub(super) fn ascii(chars: &[char]) -> Option<Vec<u8>> {
    chars.iter().map(|&c| u8::try_from(c).ok().filter(u8::is_ascii)).collect()
}

/// How many bytes [`any_of`] and [`subsequence_end`] look at at once.
pub(super) const WINDOW: usize = 64;

/// Where the earliest match of `needle` as a subsequence of the first
/// `len` bytes of `window` ends: the offset past its last byte (what
/// `super::subsequence_end` finds, on texts of at most [`WINDOW`] bytes).
/// The bytes past `len` are not read as part of the text.
#[inline]
pub(super) fn subsequence_end(needle: &[u8], window: &[u8; WINDOW], len: usize) -> Option<usize> {
    let mut allowed = below(len);
    let mut end = 0;
    for &c in needle {
        let found = eq(window, c) & allowed;
        if found == 0 {
            return None;
        }
        end = found.trailing_zeros() as usize + 1;
        allowed &= !below(end);
    }
    Some(end)
}

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

/// Bit `j` set where `window[j]` is `byte`.
#[inline]
pub(super) fn eq(window: &[u8; WINDOW], byte: u8) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::eq(window, byte)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        scalar(window, [byte; 4])
    }
}

/// A text's UTF-8 bytes, followed by at least [`WINDOW`] more (of other
/// texts, or zeros) that may be read with them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Padded<'a> {
    /// The text's bytes, then the others.
    bytes: &'a [u8],
    len: usize,
    /// Whether the text is all ASCII: no continuation bytes to look for.
    ascii: bool,
}

impl<'a> Padded<'a> {
    /// [`Padded::with_ascii`], finding out whether the text is all ASCII.
    #[cfg(test)]
    pub(super) fn new(bytes: &'a [u8], len: usize) -> Self {
        Self::with_ascii(bytes, len, bytes[..len].is_ascii())
    }

    /// The text of the first `len` of `bytes`, which must hold [`WINDOW`]
    /// more; `ascii` says whether the text is all ASCII.
    pub(super) fn with_ascii(bytes: &'a [u8], len: usize, ascii: bool) -> Self {
        assert!(bytes.len() >= len + WINDOW, "a text with fewer than {WINDOW} bytes after it");
        debug_assert_eq!(ascii, bytes[..len].is_ascii());
        Padded { bytes, len, ascii }
    }

    /// Bit `j` set where byte `at + j` of the text is a UTF-8 continuation
    /// byte (`10xxxxxx`), for the [`WINDOW`] bytes from `at`.
    #[inline]
    pub(super) fn continuation(&self, at: usize) -> u64 {
        if self.ascii { 0 } else { continuation(self.window(at)) }
    }

    /// The text's bytes.
    #[inline]
    pub(super) fn text(&self) -> &'a [u8] {
        &self.bytes[..self.len]
    }

    /// How many bytes the text has.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Byte `at` of the text.
    #[inline]
    pub(super) fn get(&self, at: usize) -> u8 {
        self.bytes[at]
    }

    /// The [`WINDOW`] bytes from `at` (at most the text's length) on.
    #[inline]
    pub(super) fn window(&self, at: usize) -> &'a [u8; WINDOW] {
        self.bytes[at..at + WINDOW].try_into().expect("a window after the text")
    }

    /// The character that ends right before byte `at` (not the first).
    pub(super) fn char_before(&self, at: usize) -> char {
        let start = (at.saturating_sub(4)..at).rev().find(|&s| self.bytes[s] & 0xC0 != 0x80).unwrap_or(0);
        std::str::from_utf8(&self.bytes[start..at]).ok().and_then(|s| s.chars().next_back()).unwrap_or(' ')
    }
}

/// Bit `j` set where `window[j]` is a UTF-8 continuation byte (`10xxxxxx`).
#[inline]
fn continuation(window: &[u8; WINDOW]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::continuation(window)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        window.iter().enumerate().fold(0, |m, (j, &b)| m | u64::from(b & 0xC0 == 0x80) << j)
    }
}

/// Where the bytes of a window are of the kinds that decide the matcher's
/// bonuses in folded text (see [`kinds`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Kinds {
    /// ASCII whitespace, control bytes, and every byte of a character of
    /// several (which may be whitespace, or anything).
    pub(super) spacey: u64,
    /// ASCII letters (folded text has no upper case ones) and digits.
    pub(super) word: u64,
    /// ASCII digits.
    pub(super) digit: u64,
}

/// The [`Kinds`] of the bytes of `window`.
#[inline]
pub(super) fn kinds(window: &[u8; WINDOW]) -> Kinds {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::kinds(window)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        kinds_scalar(window)
    }
}

/// [`kinds`], a byte at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn kinds_scalar(window: &[u8; WINDOW]) -> Kinds {
    let mask = |test: fn(u8) -> bool| window.iter().enumerate().fold(0, |m, (j, &b)| m | u64::from(test(b)) << j);
    Kinds {
        spacey: mask(|b| b <= b' ' || b >= 0x80),
        word: mask(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        digit: mask(|b| b.is_ascii_digit()),
    }
}

/// The lowest `n` bits, `n` at most 64.
#[inline]
pub(super) fn below(n: usize) -> u64 {
    if n >= 64 { !0 } else { (1 << n) - 1 }
}

/// [`any_of`], a byte at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn scalar(chunk: &[u8], [a, b, c, d]: [u8; 4]) -> u64 {
    chunk.iter().enumerate().fold(0, |m, (j, &x)| m | u64::from((x == a) | (x == b) | (x == c) | (x == d)) << j)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };

    /// Bit `j` set where `test` gives all ones for byte `j` of `chunk`,
    /// sixteen bytes at a time.
    #[inline(always)]
    fn each_sixteen(chunk: &[u8; 64], test: impl Fn(__m128i) -> __m128i) -> u64 {
        let mut mask = 0;
        for (q, sixteen) in chunk.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of every x86-64 processor (the target's
            // baseline), and the unaligned load reads the 16 bytes of
            // `sixteen`.
            let bits = unsafe { _mm_movemask_epi8(test(_mm_loadu_si128(sixteen.as_ptr().cast()))) };
            mask |= u64::from(bits as u16) << (16 * q);
        }
        mask
    }

    /// [`super::eq`].
    #[inline]
    pub(super) fn eq(chunk: &[u8; 64], byte: u8) -> u64 {
        // SAFETY (each block): SSE2, as in `each_sixteen`.
        let b = unsafe { _mm_set1_epi8(byte as i8) };
        each_sixteen(chunk, |v| unsafe { _mm_cmpeq_epi8(v, b) })
    }

    /// [`super::continuation`].
    #[inline]
    pub(super) fn continuation(chunk: &[u8; 64]) -> u64 {
        // As signed bytes, 0x80..=0xBF are the ones below -64 (0xC0).
        // SAFETY (each block): SSE2, as in `each_sixteen`.
        let top = unsafe { _mm_set1_epi8(-64) };
        each_sixteen(chunk, |v| unsafe { _mm_cmplt_epi8(v, top) })
    }

    /// [`super::kinds`].
    #[inline]
    pub(super) fn kinds(chunk: &[u8; 64]) -> super::Kinds {
        // Signed compares: the bytes of 0x80 and over are below 0.
        // SAFETY (each block): SSE2, as in `each_sixteen`.
        let set = |b: u8| unsafe { _mm_set1_epi8(b as i8) };
        let (past_space, before_0, past_9, before_a, past_z) =
            (set(b' ' + 1), set(b'0' - 1), set(b'9' + 1), set(b'a' - 1), set(b'z' + 1));
        let digit = |v| unsafe { _mm_and_si128(_mm_cmpgt_epi8(v, before_0), _mm_cmplt_epi8(v, past_9)) };
        let lower = |v| unsafe { _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, past_z)) };
        super::Kinds {
            spacey: each_sixteen(chunk, |v| unsafe { _mm_cmplt_epi8(v, past_space) }),
            word: each_sixteen(chunk, |v| unsafe { _mm_or_si128(digit(v), lower(v)) }),
            digit: each_sixteen(chunk, digit),
        }
    }

    /// [`super::any_of`] of 64 bytes.
    #[inline]
    pub(super) fn any_of(chunk: &[u8; 64], set: [u8; 4]) -> u64 {
        // SAFETY (each block): SSE2, as in `each_sixteen`.
        let [a, b, c, d] = set.map(|x| unsafe { _mm_set1_epi8(x as i8) });
        each_sixteen(chunk, |v| unsafe {
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)),
                _mm_or_si128(_mm_cmpeq_epi8(v, c), _mm_cmpeq_epi8(v, d)),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Rng;

    #[test]
    fn finds_a_subsequence_as_memchr_does() {
        let mut rng = Rng(3);
        let mut next = |n: usize| rng.below(n);
        let pool = b"aonse -";
        let mut found = 0;
        for _ in 0..20_000 {
            let len = next(65);
            // The text, then other bytes that must not count.
            let mut window = [0u8; WINDOW];
            for b in window.iter_mut() {
                *b = pool[next(pool.len())];
            }
            let needle: Vec<u8> = (0..next(5)).map(|_| pool[next(pool.len())]).collect();
            let chars: Vec<char> = needle.iter().map(|&b| char::from(b)).collect();
            let expected = crate::query::search::subsequence_end(&chars, &window[..len]);
            assert_eq!(subsequence_end(&needle, &window, len), expected, "{needle:?} in {:?}", &window[..len]);
            found += usize::from(expected.is_some_and(|e| e > 0));
        }
        assert!(found > 5_000, "{found}");
    }

    #[test]
    fn tells_the_kinds_of_bytes_as_one_at_a_time_does() {
        let mut rng = Rng(9);
        for _ in 0..2_000 {
            let mut window = [0u8; WINDOW];
            for b in window.iter_mut() {
                // Every byte value, and the edges of each kind often.
                let edges =
                    [0, b' ' - 1, b' ', b' ' + 1, b'/', b'0', b'9', b':', b'`', b'a', b'z', b'{', 0x7f, 0x80, 0xff];
                *b = if rng.below(2) == 0 { rng.below(256) as u8 } else { edges[rng.below(edges.len())] };
            }
            assert_eq!(kinds(&window), kinds_scalar(&window), "{window:?}");
        }
    }

    #[test]
    fn finds_the_bytes_of_any_run_as_one_at_a_time_does() {
        let mut rng = Rng(5);
        let mut next = |n: usize| rng.below(n);
        for len in 0..=64 {
            for _ in 0..50 {
                // Few distinct bytes, 0 and the top ones among them, so that
                // every run holds some of the set.
                let pool = [0, b'a', b'n', b'o', b' ', 0xff, 0x80];
                let chunk: Vec<u8> = (0..len).map(|_| pool[next(7)]).collect();
                let set = [pool[next(7)], pool[next(7)], b'o', 0];
                assert_eq!(any_of(&chunk, set), scalar(&chunk, set), "{chunk:?} {set:?}");
            }
        }
        assert_eq!(any_of(b"one", [b'o'; 4]), 0b1);
        assert_eq!(any_of(&[b'x'; 64], [b'x'; 4]), !0);
    }
}
