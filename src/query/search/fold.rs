//! Folding text for search: accents, case and a few ligature-like letters
//! removed, so that `zoe` finds "Zoë" and `nunez` finds "Ñúñez".
//!
//! Folding works one character at a time, so the folded form of a string is
//! the concatenation of the folded forms of its characters: a query that
//! grows by a character grows its folded form by that character's fold.
//! The search relies on this to refine a query on its previous matches.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

/// Calls `push` with each character `c` folds to (none, one or several):
/// canonical decomposition (NFD), combining marks dropped (every character
/// with a non-zero canonical combining class: accents, cedillas, kana voicing
/// marks, Arabic and Hebrew vowel points), full lowercase, then
/// ß→ss, æ→ae, œ→oe, ø→o, đ→d, ł→l, ı→i and final ς→σ, which do not
/// decompose. Hangul syllables stay whole, as they are typed.
///
/// Typographic dashes, quotes and no-break spaces become their ASCII
/// forms: a typed `-` finds "—", and text such as "Slack — CTO" or
/// "« Data Cloud »" folds to ASCII, which the matcher scans much faster.
#[inline]
pub(super) fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '\u{ac00}'..='\u{d7a3}' => return push(c),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => return push('-'),
        '\u{2018}'..='\u{201b}' => return push('\''),
        '\u{201c}'..='\u{201f}' | '«' | '»' => return push('"'),
        '\u{a0}' | '\u{2007}' | '\u{202f}' => return push(' '),
        _ => {}
    }
    decompose_canonical(c, |d| {
        if canonical_combining_class(d) != 0 {
            return;
        }
        for l in d.to_lowercase() {
            match l {
                'ß' => {
                    push('s');
                    push('s');
                }
                'æ' => {
                    push('a');
                    push('e');
                }
                'œ' => {
                    push('o');
                    push('e');
                }
                'ø' => push('o'),
                'đ' => push('d'),
                'ł' => push('l'),
                'ı' => push('i'),
                'ς' => push('σ'),
                // `İ` lowercases to `i` and a combining dot.
                l if canonical_combining_class(l) != 0 => {}
                l => push(l),
            }
        }
    });
}

/// The folded form of `s`, as the search compares it.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// Appends the folded characters of `s` to `out`.
pub(super) fn fold_into(s: &str, out: &mut Vec<char>) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        for c in s.chars() {
            fold_char(c, |f| out.push(f));
        }
    }
}

/// Folds `s` into `chars`, and into `origin` the byte offset in `s` of the
/// character each folded character comes from. Both are cleared first.
pub(super) fn fold_with_origin(s: &str, chars: &mut Vec<char>, origin: &mut Vec<usize>) {
    chars.clear();
    origin.clear();
    for (at, c) in s.char_indices() {
        fold_char(c, |f| {
            chars.push(f);
            origin.push(at);
        });
    }
}

/// A 64-bit summary of which characters occur: a-z and 0-9 one bit each,
/// one for other ASCII, and 27 buckets for everything else (by a hash, so
/// that neighbouring letters of one script spread). A text can only match a
/// needle whose mask is a subset of its own, which rejects most texts for
/// one AND instead of a call into the matcher.
#[inline]
pub(super) fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        '\0'..='\u{7f}' => 1 << 36,
        _ => 1 << (37 + ((u64::from(c as u32).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) % 27)),
    }
}

/// The [`char_bit`] union of `chars`.
pub(super) fn mask(chars: impl IntoIterator<Item = char>) -> u64 {
    chars.into_iter().fold(0, |m, c| m | char_bit(c))
}
