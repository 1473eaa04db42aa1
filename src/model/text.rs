//! Making untrusted text safe to print.
//!
//! Dataset strings and file contents reach the terminal through messages and
//! views; a raw ESC, BEL, C1 or bidi control in them could rewrite the screen
//! or reorder what the reader sees. Such characters are shown as visible
//! escapes instead.

use std::borrow::Cow;
use std::fmt::Write;

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
pub fn clean(s: String, lines: Lines) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let safe = |c: char| !is_unsafe_char(c) || (lines == Lines::Many && c == '\n');
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || (lines == Lines::Many && b == b'\n')) {
        return s;
    }
    // Names in Latin, Greek, Cyrillic or CJK scripts take this shortcut too.
    if s.chars().all(|c| is_plain(c) || (lines == Lines::Many && c == '\n')) {
        return s;
    }
    let nfc: String = if is_nfc_quick(s.chars()) == IsNormalized::Yes { s } else { s.nfc().collect() };
    if nfc.chars().all(safe) {
        return nfc;
    }
    let text = if lines == Lines::Many { nfc.replace("\r\n", "\n") } else { nfc };
    let mut out = String::with_capacity(text.len() + 8);
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

/// True for a character that is safe to print, is a starter
/// (canonical combining class 0) and is NFC whatever surrounds it: text made
/// only of these is already what [`clean`] would make of it. Most scripts
/// fall in these ranges; a test checks every one of them against the
/// Unicode tables, so anything outside is simply taken the slow way.
fn is_plain(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7e}'
        | '\u{a0}'..='\u{2ff}' // Latin
        | '\u{388}'..='\u{482}' // Greek, Cyrillic
        | '\u{488}'..='\u{590}' // Cyrillic, Armenian
        | '\u{1e00}'..='\u{1f70}' // Latin and Greek extended
        | '\u{2010}'..='\u{2027}' // punctuation: dashes, quotes
        | '\u{2030}'..='\u{205f}'
        | '\u{2070}'..='\u{20cf}' // super- and subscripts, currency
        | '\u{2e00}'..='\u{3029}' // CJK radicals and punctuation
        | '\u{3030}'..='\u{3098}' // kana
        | '\u{309b}'..='\u{a66e}' // kana, CJK ideographs, Yi
        | '\u{abee}'..='\u{d7ff}' // Hangul
        | '\u{ff00}'..='\u{fff8}') // full- and half-width forms
}

/// [`clean`] for an optional string.
pub fn clean_opt(s: Option<String>, lines: Lines) -> Option<String> {
    s.map(|s| clean(s, lines))
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
        assert_eq!(clean(once.clone(), Lines::One), once);
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
    fn joiners_stay() {
        // ZWJ and ZWNJ build emoji sequences and Indic/Persian words.
        assert_eq!(escape_controls("👩\u{200d}💻 می\u{200c}خواهم"), "👩\u{200d}💻 می\u{200c}خواهم");
    }
}
