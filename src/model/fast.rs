//! A fast first reading of a dataset's RON.
//!
//! ron is general: it looks, at every value, for the many spellings RON
//! allows (raw strings, number suffixes, extensions, Unicode identifiers),
//! and reads a large generated dataset at about 35 MB/s. Most datasets use
//! few of them. This reader knows only what the dataset's types ask a
//! deserializer for — structs, lists, options, strings, identifiers,
//! booleans and `u32` — in their plainest spelling, over bytes.
//!
//! Anything else, and any error, and it gives up ([`Bail`]): the loader then
//! reads the text again with ron, which accepts it or reports the error at
//! its place. So this reader never decides whether a file is valid or what
//! an error says. Its one promise is that **when it succeeds, it made the
//! same visitor calls ron would have made**: each step below follows the
//! ron 0.12 code it mirrors, and the tests compare the two on real datasets
//! and on many mutated ones.
//!
//! What it reads: whitespace (space, tab, line feed, carriage return),
//! `//` and (nested) `/* */` comments, `#![enable(implicit_some)]`; a
//! struct as `(…)` or `Name(…)` with the name the type expects; fields `name: value` with ASCII names; lists `[…]`; trailing
//! commas; `None`, `Some(…)` and a bare value for options (ron's
//! `implicit_some`, which datasets are read with); strings in double quotes
//! with the escapes `\" \\ \' \n \r \t \0 \u{…}`, raw strings `r#"…"#`;
//! `true`, `false`; a `u32` in decimal digits. What makes it give up: other
//! `#![…]` attributes, other escapes (`\x`, line continuations), Unicode
//! outside strings, signs, number prefixes and suffixes.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// This reader does not handle the text: read it with ron instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the fast reader's subset of RON")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

type Result<T> = std::result::Result<T, Bail>;

/// Reads `text` as ron would with `load::ron_options()`, or gives up.
pub fn from_str_seed<'de, S: DeserializeSeed<'de>>(text: &'de str, seed: S) -> Result<S::Value> {
    read(text, seed, None)
}

/// [`from_str_seed`], storing in `at` now and then how many bytes of the
/// text it has read, for a progress bar.
pub fn from_str_seed_counting<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
    at: &AtomicU64,
) -> Result<S::Value> {
    read(text, seed, Some(at))
}

fn read<'de, S: DeserializeSeed<'de>>(text: &'de str, seed: S, at: Option<&AtomicU64>) -> Result<S::Value> {
    let mut de = Fast { text, pos: 0, at, entries: 0 };
    de.skip_ws();
    // ron: `Parser::new`. Datasets are read with `implicit_some` on, so
    // enabling it again changes nothing; other attributes change how the
    // rest is read.
    while text.as_bytes()[de.pos..].starts_with(IMPLICIT_SOME) {
        de.pos += IMPLICIT_SOME.len();
        de.skip_ws();
    }
    if de.peek() == Some(b'#') {
        return Err(Bail);
    }
    let value = seed.deserialize(&mut de)?;
    de.skip_ws();
    // ron: `Deserializer::end`, trailing characters are an error.
    if de.pos == text.len() { Ok(value) } else { Err(Bail) }
}

/// The one attribute read here, spelled exactly so.
const IMPLICIT_SOME: &[u8] = b"#![enable(implicit_some)]";

struct Fast<'de, 'p> {
    text: &'de str,
    /// Always at a char boundary: it only moves past ASCII bytes, whole
    /// strings and comments that end at ASCII bytes.
    pos: usize,
    /// Where to report `pos`, every [`REPORT_EVERY`] list entries.
    at: Option<&'p AtomicU64>,
    entries: u32,
}

/// List entries between two reports of the position.
const REPORT_EVERY: u32 = 4096;

/// ASCII bytes that continue an identifier (`is_xid_continue` on ASCII).
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Fast<'de, '_> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    /// ron: `Parser::skip_ws` and `skip_comment`. ron also skips `\x0B`,
    /// `\x0C` and a few Unicode spaces; here they are left in place, where
    /// no token can start, so the caller gives up; so is an unclosed block
    /// comment.
    fn skip_ws(&mut self) {
        let bytes = self.bytes();
        loop {
            while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
                self.pos += 1;
            }
            if bytes[self.pos..].starts_with(b"//") {
                // To the line feed, which the loop above then skips.
                self.pos = memchr::memchr(b'\n', &bytes[self.pos..]).map_or(bytes.len(), |n| self.pos + n);
            } else if bytes[self.pos..].starts_with(b"/*") {
                match block_comment_end(bytes, self.pos + 2) {
                    Some(end) => self.pos = end,
                    None => return,
                }
            } else {
                return;
            }
        }
    }

    /// ron: `consume_char` (after the caller skipped blanks).
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.eat(b) { Ok(()) } else { Err(Bail) }
    }

    /// Whether the identifier read so far ends at `end`. Past ASCII it
    /// cannot tell (a Unicode letter would continue it): it gives up.
    fn ident_ends(&self, end: usize) -> Result<bool> {
        match self.bytes().get(end) {
            None => Ok(true),
            Some(&b) if b >= 0x80 => Err(Bail),
            Some(&b) => Ok(!is_ident_byte(b)),
        }
    }

    /// ron: `consume_ident`: `word` and no identifier character after it.
    fn eat_word(&mut self, word: &str) -> Result<bool> {
        if self.bytes()[self.pos..].starts_with(word.as_bytes()) && self.ident_ends(self.pos + word.len())? {
            self.pos += word.len();
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// ron: `Parser::identifier`, for plain ASCII identifiers only. Raw
    /// identifiers and the starts of raw or byte strings give up.
    fn identifier(&mut self) -> Result<&'de str> {
        let bytes = self.bytes();
        let start = self.pos;
        match bytes.get(start) {
            Some(&b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(Bail),
        }
        let mut end = start + 1;
        while bytes.get(end).is_some_and(|&b| is_ident_byte(b)) {
            end += 1;
        }
        // Unicode continues it; `.`, `+`, `-` would make ron suggest a raw
        // identifier; `#`, `"`, `'` start raw or byte strings.
        if matches!(bytes.get(end), Some(&b) if b >= 0x80 || matches!(b, b'.' | b'+' | b'-' | b'#' | b'"' | b'\'')) {
            return Err(Bail);
        }
        self.pos = end;
        Ok(&self.text[start..end])
    }

    /// ron: `Parser::comma`.
    fn comma(&mut self) -> bool {
        self.skip_ws();
        if self.eat(b',') {
            self.skip_ws();
            true
        } else {
            false
        }
    }

    /// ron: `escaped_string`, without string continuations and `\x`.
    fn string(&mut self) -> Result<Str<'de>> {
        if self.peek() == Some(b'r') {
            return self.raw_string();
        }
        if !self.eat(b'"') {
            return Err(Bail);
        }
        let bytes = self.bytes();
        let start = self.pos;
        let Some(quote) = memchr::memchr(b'"', &bytes[start..]) else { return Err(Bail) };
        let end = start + quote;
        if memchr::memchr(b'\\', &bytes[start..end]).is_none() {
            self.pos = end + 1;
            // Both ends are next to ASCII quotes: char boundaries.
            return Ok(Str::Borrowed(&self.text[start..end]));
        }
        let mut out = String::new();
        let mut from = start;
        loop {
            let Some(n) = memchr::memchr2(b'"', b'\\', &bytes[from..]) else { return Err(Bail) };
            let at = from + n;
            out.push_str(&self.text[from..at]);
            if bytes[at] == b'"' {
                self.pos = at + 1;
                return Ok(Str::Owned(out));
            }
            if bytes.get(at + 1) == Some(&b'u') {
                // ron: `parse_escape`, `\u{…}`: 1 to 6 hex digits, a char.
                let (c, len) = unicode_escape(&bytes[at + 2..])?;
                out.push(c);
                from = at + 2 + len;
                continue;
            }
            out.push(match bytes.get(at + 1) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'\'') => '\'',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'0') => '\0',
                _ => return Err(Bail),
            });
            from = at + 2;
        }
    }

    /// ron: `raw_string`: `r"…"`, `r#"…"#`, …, taken as written up to the
    /// first `"` followed by as many `#`.
    fn raw_string(&mut self) -> Result<Str<'de>> {
        let bytes = self.bytes();
        let hashes = bytes[self.pos + 1..].iter().take_while(|&&b| b == b'#').count();
        let open = self.pos + 1 + hashes;
        if bytes.get(open) != Some(&b'"') {
            return Err(Bail);
        }
        let start = open + 1;
        let mut from = start;
        loop {
            let quote = from + memchr::memchr(b'"', &bytes[from..]).ok_or(Bail)?;
            let close = &bytes[quote + 1..];
            if close.len() >= hashes && close[..hashes].iter().all(|&b| b == b'#') {
                self.pos = quote + 1 + hashes;
                // Both ends are next to ASCII quotes: char boundaries.
                return Ok(Str::Borrowed(&self.text[start..quote]));
            }
            from = quote + 1;
        }
    }

    /// ron: `Parser::integer::<u32>`, decimal digits only.
    fn u32(&mut self) -> Result<u32> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut end = start;
        let mut n: u32 = 0;
        while let Some(&b) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
            n = n.checked_mul(10).and_then(|n| n.checked_add(u32::from(b - b'0'))).ok_or(Bail)?;
            end += 1;
        }
        // ron reads hex digits, `_` and suffixes on: leave those to it.
        if end == start || !self.ident_ends(end)? {
            return Err(Bail);
        }
        self.pos = end;
        Ok(n)
    }
}

/// Where the block comment whose `/*` ends at `from` ends, past its `*/`;
/// block comments nest. `None` if it is not closed.
fn block_comment_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    let mut level = 1;
    while level > 0 {
        let at = from + memchr::memchr2(b'/', b'*', &bytes[from..])?;
        if bytes[at..].starts_with(b"/*") {
            level += 1;
            from = at + 2;
        } else if bytes[at..].starts_with(b"*/") {
            level -= 1;
            from = at + 2;
        } else {
            from = at + 1;
        }
    }
    Some(from)
}

/// The char of a `\u` escape whose `{…}` starts `rest`, and the length of
/// the `{…}`.
fn unicode_escape(rest: &[u8]) -> Result<(char, usize)> {
    if rest.first() != Some(&b'{') {
        return Err(Bail);
    }
    let mut value: u32 = 0;
    let mut digits = 0;
    while digits < 6 {
        match rest.get(1 + digits) {
            Some(b'}') => break,
            Some(&b) => {
                let digit = char::from(b).to_digit(16).ok_or(Bail)?;
                value = value << 4 | digit;
                digits += 1;
            }
            None => return Err(Bail),
        }
    }
    if digits == 0 || rest.get(1 + digits) != Some(&b'}') {
        return Err(Bail);
    }
    Ok((char::from_u32(value).ok_or(Bail)?, digits + 2))
}

enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Deserializer<'de> for &mut Fast<'de, '_> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Bail)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct map enum ignored_any
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("true")? {
            visitor.visit_bool(true)
        } else if self.eat_word("false")? {
            visitor.visit_bool(false)
        } else {
            Err(Bail)
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let n = self.u32()?;
        visitor.visit_u32(n)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Str::Borrowed(s) => visitor.visit_borrowed_str(s),
            Str::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let ident = self.identifier()?;
        visitor.visit_borrowed_str(ident)
    }

    /// ron: `deserialize_option` with `implicit_some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("None")? {
            visitor.visit_none()
        } else if self.eat_word("Some")? {
            self.skip_ws();
            self.expect(b'(')?;
            self.skip_ws();
            let value = visitor.visit_some(&mut *self)?;
            self.comma();
            self.expect(b')')?;
            Ok(value)
        } else {
            visitor.visit_some(self)
        }
    }

    /// ron: `deserialize_seq`.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = visitor.visit_seq(Commas { de: &mut *self, end: b']', had_comma: true })?;
        self.skip_ws();
        self.expect(b']')?;
        Ok(value)
    }

    /// ron: `deserialize_struct` (the dataset's structs are never ranges),
    /// `consume_struct_name` and `handle_struct_after_name`.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.peek() != Some(b'(') {
            // A name, and it must be this struct's.
            if self.identifier()? != name || name.is_empty() {
                return Err(Bail);
            }
        }
        self.skip_ws();
        self.expect(b'(')?;
        let value = visitor.visit_map(Commas { de: &mut *self, end: b')', had_comma: true })?;
        self.skip_ws();
        self.expect(b')')?;
        Ok(value)
    }
}

/// ron: `CommaSeparated`, the entries of a list or the fields of a struct.
struct Commas<'a, 'de, 'p> {
    de: &'a mut Fast<'de, 'p>,
    /// `]` or `)`.
    end: u8,
    had_comma: bool,
}

impl Commas<'_, '_, '_> {
    /// ron: `CommaSeparated::has_element`.
    fn has_element(&mut self) -> Result<bool> {
        self.de.skip_ws();
        let more = self.de.peek() != Some(self.end);
        match (self.had_comma, more) {
            (true, more) => Ok(more),
            (false, false) => Ok(false),
            (false, true) => Err(Bail),
        }
    }
}

impl<'de> SeqAccess<'de> for Commas<'_, 'de, '_> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.de)?;
        self.had_comma = self.de.comma();
        self.de.entries = self.de.entries.wrapping_add(1);
        if let Some(at) = self.de.at
            && self.de.entries.is_multiple_of(REPORT_EVERY)
        {
            at.store(self.de.pos as u64, Ordering::Relaxed);
        }
        Ok(Some(value))
    }
}

impl<'de> MapAccess<'de> for Commas<'_, 'de, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let key = self.de.identifier()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::<Bail>::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.skip_ws();
        self.de.expect(b':')?;
        self.de.skip_ws();
        let value = seed.deserialize(&mut *self.de)?;
        self.had_comma = self.de.comma();
        Ok(value)
    }
}

#[cfg(test)]
mod tests;
