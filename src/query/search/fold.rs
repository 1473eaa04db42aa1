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

/// The classes the matcher (`nucleo_matcher`, default configuration) puts
/// characters in to give bonuses, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Letter,
    Number,
}

/// [`class`] of an ASCII character.
#[inline]
pub(super) const fn ascii_class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        // The default delimiters.
        b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
        b if b.is_ascii_whitespace() => Class::Whitespace,
        _ => Class::NonWord,
    }
}

/// The matcher's class of `c`.
#[inline]
pub(super) fn class(c: char) -> Class {
    if c.is_ascii() {
        ascii_class(c as u8)
    } else if c.is_lowercase() {
        Class::Lower
    } else if nucleo_matcher::chars::is_upper_case(c) {
        Class::Upper
    } else if c.is_numeric() {
        Class::Number
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_whitespace() {
        Class::Whitespace
    } else {
        Class::NonWord
    }
}

// The matcher's scoring constants (nucleo-matcher 0.3, `score.rs` and
// `config.rs`, default configuration), for the bound of `Query::bound` and
// the programme of `ceiling`. A test holds both to the matcher's scores.

/// Points for each matched character.
pub(super) const SCORE_MATCH: u32 = 16;
/// The first matched character's bonus counts this many times.
pub(super) const BONUS_FIRST_CHAR_MULTIPLIER: u32 = 2;
/// The start of a word after whitespace, and whitespace itself.
pub(super) const BONUS_WHITE: u32 = 10;
/// The start of a word after a delimiter (`/ , : ; |`).
pub(super) const BONUS_DELIMITER: u32 = 9;
/// The start of a word after another non-word character, and such a
/// character itself; the least a bonus must be to carry on through
/// consecutive characters.
pub(super) const BONUS_BOUNDARY: u32 = 8;
/// A camelCase or letter–digit change.
pub(super) const BONUS_CAMEL123: u32 = 5;
/// The first character of a gap; each other costs 1.
pub(super) const PENALTY_GAP_START: u32 = 3;
/// The least bonus of a character consecutive to the one before: a gap's
/// start and one character of its extension.
pub(super) const BONUS_CONSECUTIVE: u32 = PENALTY_GAP_START + 1;

/// The bonus a run of consecutive characters carries on to a character
/// with its own bonus `bonus` right after one that carried `before`: at
/// least [`BONUS_CONSECUTIVE`], raised by a bonus of [`BONUS_BOUNDARY`] or
/// more. (The character gets the larger of this and its own.)
#[inline]
pub(super) const fn carried(before: u32, bonus: u32) -> u32 {
    let carried = if before > BONUS_CONSECUTIVE { before } else { BONUS_CONSECUTIVE };
    if bonus >= BONUS_BOUNDARY && bonus > carried { bonus } else { carried }
}

/// The bonus the matcher gives a character of class `class` after one of
/// class `prev` (at the start, `prev` is whitespace).
#[inline]
pub(super) const fn bonus(prev: Class, class: Class) -> u32 {
    // (By their order, as `const` compares them.)
    let (p, c) = (prev as u8, class as u8);
    if c > Class::Delimiter as u8 {
        match prev {
            Class::Whitespace => return BONUS_WHITE,
            Class::Delimiter => return BONUS_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if (p == Class::Lower as u8 && c == Class::Upper as u8) || (p != Class::Number as u8 && c == Class::Number as u8) {
        BONUS_CAMEL123
    } else if c == Class::Whitespace as u8 {
        BONUS_WHITE
    } else if c == Class::NonWord as u8 {
        BONUS_BOUNDARY
    } else {
        0
    }
}

/// Where the characters of a text can get the matcher's bonuses, in three
/// 64-bit masks (see [`initials`]). They bound the score of any needle in
/// the text (see `bound`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Initials {
    /// The [`char_bit`]s of the characters the matcher gives its highest
    /// bonus (at the start of a word after whitespace) at one of their
    /// places at least.
    pub(super) white: u64,
    /// Those of the characters it gives another bonus somewhere.
    pub(super) other: u64,
    /// The [`pair_bit`]s of the first two characters of each word after
    /// whitespace (whose first is a word character: see [`is_word`]).
    pub(super) white_pairs: u64,
}

/// For `d` = 2, 3, 4 (`near[d - 2]`): the [`pair_bit`]s of each word
/// character of a text that the matcher gives a bonus and the character `d`
/// places after it. A needle whose first two characters are in none of them
/// pays for a gap of four or more after its first character wherever that
/// has a bonus and the second does not follow right after it. Kept apart
/// from the [`Initials`], which a search reads for every matching text,
/// while these are read for queries of two to four letters only.
pub(super) type Near = [u64; NEAR];

/// How many distances after a character with a bonus [`Near`] records: 2
/// to `NEAR + 1`.
pub(super) const NEAR: usize = 3;

/// Whether the matcher counts `c` as part of a word (a letter or a
/// digit): only pairs that start with one are in [`Initials`]' pair masks.
#[inline]
pub(super) fn is_word(c: char) -> bool {
    class(c) > Class::Delimiter
}

/// One of 64 bits for the pair of characters `a`, `b`, by a hash.
#[inline]
pub(super) fn pair_bit(a: char, b: char) -> u64 {
    let pair = (u64::from(a as u32) << 32) | u64::from(b as u32);
    // Mixed twice: with one multiplication, `a` moves the top bits by
    // (a · the multiplier's low half) mod 2³², which for letters two apart
    // is close to 0, so that `on` and `mn` shared a bit.
    let x = pair.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    1 << ((x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 58)
}

/// The [`Initials`] and [`Near`] masks of `text`. A needle whose first
/// character is in neither `white` nor `other` starts every match of `text`
/// without a bonus; one whose first two characters are not a pair of
/// `white_pairs` leaves a gap after its first character wherever that
/// starts a word; and the near masks say how short a gap after a word
/// character with a bonus can be.
pub(super) fn initials(text: &[char]) -> (Initials, Near) {
    let mut prev = Class::Whitespace;
    let mut m = Initials::default();
    let mut near: Near = [0; NEAR];
    for (i, &c) in text.iter().enumerate() {
        let class = class(c);
        let b = bonus(prev, class);
        // Whitespace and punctuation get bonuses too, but pairs that start
        // with them would only fill the pair masks (a needle's first
        // character is a word character where they are read).
        let word = class > Class::Delimiter;
        match b {
            BONUS_WHITE => {
                m.white |= char_bit(c);
                if let Some(&next) = text.get(i + 1)
                    && word
                {
                    m.white_pairs |= pair_bit(c, next);
                }
            }
            0 => {}
            _ => m.other |= char_bit(c),
        }
        if b != 0 && word {
            for (d, near) in near.iter_mut().enumerate() {
                if let Some(&later) = text.get(i + 2 + d) {
                    *near |= pair_bit(c, later);
                }
            }
        }
        prev = class;
    }
    (m, near)
}
