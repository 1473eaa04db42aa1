//! Making untrusted text safe to print.
//!
//! Dataset strings and file contents reach the terminal through messages and
//! views; a raw ESC, BEL, C1 or bidi control in them could rewrite the screen
//! or reorder what the reader sees. Such characters are shown as visible
//! escapes instead.

use std::borrow::Cow;
use std::fmt::Write;

use super::dataset::Text;

/// True for characters that must never reach a terminal raw: C0 and C1
/// controls, DEL, bidi controls and invisible format characters.
/// Tab is reported too; callers that keep layout turn it into spaces.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2028}' | '\u{2029}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{206a}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

/// `s` with every unsafe character shown as `\u{…}` (tab as a space).
/// Borrows when there is nothing to escape, which is nearly always.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a dataset string is one line (a name, a title) or may hold
/// several (a summary, a note, a quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Line breaks are shown as escapes too.
    One,
    /// `\n` stays a line break (`\r\n` becomes `\n`).
    Many,
}

/// A dataset string made safe once, at load: NFC-normalized (so a
/// combining accent renders and searches like the composed letter), tabs as
/// spaces, and every other unsafe character as a visible `\u{…}` escape.
/// Joiners (ZWJ, ZWNJ) stay. Plain text is returned as is, without copying.
pub fn clean(s: String, lines: Lines) -> Text {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let safe = |c: char| !is_unsafe_char(c) || (lines == Lines::Many && c == '\n');
    if is_plain_text(&s, lines == Lines::Many) {
        return Text::from(s);
    }
    let nfc: Text = if is_nfc_quick(s.chars()) == IsNormalized::Yes { Text::from(s) } else { s.nfc().collect() };
    if nfc.chars().all(safe) {
        return nfc;
    }
    let text = if lines == Lines::Many { Text::from(nfc.replace("\r\n", "\n")) } else { nfc };
    let mut out = Text::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\t' {
            out.push(' ');
        } else if safe(c) {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    out
}

/// Whether `s` holds only [plain](is_plain_code) characters (and line breaks
/// when `many`): then it is already what [`clean`] would make of it. Most
/// text is printable ASCII, checked eight bytes at a time; other characters
/// are decoded here rather than through `chars()`, which is slower.
fn is_plain_text(s: &str, many: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let w = u64::from_le_bytes(chunk);
            let del = w ^ (ONES * 0x7f);
            // A byte at or above 0x80, below 0x20, or equal to 0x7f.
            let odd = (w & HIGH) | (w.wrapping_sub(ONES * 0x20) & !w & HIGH) | (del.wrapping_sub(ONES) & !del & HIGH);
            if odd == 0 {
                i += 8;
                continue;
            }
        }
        // `s` is valid UTF-8, so a lead byte is followed by its continuation bytes.
        let lead = b[i];
        let (code, len) = match lead {
            0..0x80 => (u32::from(lead), 1),
            0x80..0xe0 => ((u32::from(lead & 0x1f) << 6) | u32::from(b[i + 1] & 0x3f), 2),
            0xe0..0xf0 => {
                let code =
                    (u32::from(lead & 0x0f) << 12) | (u32::from(b[i + 1] & 0x3f) << 6) | u32::from(b[i + 2] & 0x3f);
                (code, 3)
            }
            _ => return false,
        };
        if !(is_plain_code(code) || (many && code == u32::from(b'\n'))) {
            return false;
        }
        i += len;
    }
    true
}

/// True for a character that is safe to print, is a starter
/// (canonical combining class 0) and is NFC whatever surrounds it: text made
/// only of these is already what [`clean`] would make of it. Most scripts
/// fall in these ranges; a test checks every one of them against the
/// Unicode tables, so anything outside is simply taken the slow way.
#[cfg(test)]
fn is_plain(c: char) -> bool {
    is_plain_code(c as u32)
}

/// Whether code point `c` is plain (see `is_plain`, its test-only
/// counterpart on a `char`).
fn is_plain_code(c: u32) -> bool {
    matches!(c,
        0x20..=0x7e
        | 0xa0..=0x2ff // Latin
        | 0x388..=0x482 // Greek, Cyrillic
        | 0x488..=0x590 // Cyrillic, Armenian
        | 0x1e00..=0x1f70 // Latin and Greek extended
        | 0x2010..=0x2027 // punctuation: dashes, quotes
        | 0x2030..=0x205f
        | 0x2070..=0x20cf // super- and subscripts, currency
        | 0x2e00..=0x3029 // CJK radicals and punctuation
        | 0x3030..=0x3098 // kana
        | 0x309b..=0xa66e // kana, CJK ideographs, Yi
        | 0xabee..=0xd7ff // Hangul
        | 0xff00..=0xfff8) // full- and half-width forms
}

/// [`clean`] for a string that may be borrowed: plain text is copied once,
/// into the result, and nothing else is allocated.
pub fn clean_cow(s: Cow<'_, str>, lines: Lines) -> Text {
    if is_plain_text(&s, lines == Lines::Many) { Text::from(s) } else { clean(s.into_owned(), lines) }
}

/// `s` in double quotes, escaped, for messages: `"slack-cto"`.
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", escape_controls(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape_controls("Zoë 李 Ñúñez"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape_controls("x\u{9b}y\u{7}"), "x\\u{9b}y\\u{7}");
        assert_eq!(escape_controls("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(escape_controls("a\tb\r\n"), "a b\\u{d}\\u{a}");
        assert_eq!(escape_controls("z\u{200b}w\u{feff}"), "z\\u{200b}w\\u{feff}");
    }

    #[test]
    fn clean_normalizes_and_escapes_once() {
        // "Zoë" with a combining diaeresis becomes the composed letter.
        assert_eq!(clean("Zoe\u{308}".into(), Lines::One), "Zo\u{eb}");
        assert_eq!(clean("a\u{1b}]0;x\u{7}b".into(), Lines::One), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(clean("tab\there".into(), Lines::One), "tab here");
        assert_eq!(clean("one\ntwo".into(), Lines::One), "one\\u{a}two");
        assert_eq!(clean("one\r\ntwo\u{202e}".into(), Lines::Many), "one\ntwo\\u{202e}");
        assert_eq!(clean("👩\u{200d}💻".into(), Lines::One), "👩\u{200d}💻");
        // Cleaning is idempotent: what it produces has nothing left to escape.
        let once = clean("x\u{9b}31m\u{200b}".into(), Lines::One);
        assert_eq!(clean(once.to_string(), Lines::One), once);
        assert!(matches!(escape_controls(&once), Cow::Borrowed(_)));
    }

    #[test]
    fn plain_characters_need_no_cleaning() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for c in (0..=0xffff).filter_map(char::from_u32).filter(|&c| is_plain(c)) {
            assert!(!is_unsafe_char(c), "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert_eq!(clean("Екатерина 李秀英 Ségolène — «x»".into(), Lines::One), "Екатерина 李秀英 Ségolène — «x»");
    }

    #[test]
    fn plain_text_is_found_whatever_its_alignment() {
        let plain = "Le chemin est C:\\Slack, pas ailleurs. Годовой отчёт 年次報告書 —";
        for cut in 0..plain.len() {
            if plain.is_char_boundary(cut) {
                assert!(is_plain_text(&plain[cut..], false));
            }
        }
        for bad in ["\u{1b}", "\u{7f}", "\u{9b}", "\n", "\r", "\t", "e\u{301}", "👩", "\u{202e}", "\u{feff}"] {
            for pad in 0..10 {
                let s = format!("{}{bad}{}", "a".repeat(pad), "b".repeat(9));
                assert!(!is_plain_text(&s, false), "{s:?}");
                assert_eq!(is_plain_text(&s, true), bad == "\n", "{s:?}");
            }
        }
    }

    #[test]
    fn joiners_stay() {
        // ZWJ and ZWNJ build emoji sequences and Indic/Persian words.
        assert_eq!(escape_controls("👩\u{200d}💻 می\u{200c}خواهم"), "👩\u{200d}💻 می\u{200c}خواهم");
    }
}
