//! Reading a dataset: bytes → UTF-8 text → RON → checked [`Dataset`].
//!
//! The RON is read by [`fast`] when it can, by ron otherwise.

use std::sync::atomic::AtomicU64;

use ron::extensions::Extensions;

use super::build::Builder;
use super::dataset::Dataset;
use super::diagnostic::{Diagnostic, Pos};
use super::fast;
use super::stream::{Batches, DatasetSeed, Entry, Sink};
use super::text::escape_controls;
use super::validate::{Validated, finish};

/// The dataset bundled into the binary: the Slack leadership story.
pub const BUNDLED: &str = include_str!("../../assets/slack-salesforce.ron");
/// The name diagnostics give the bundled dataset.
pub const BUNDLED_NAME: &str = "<bundled>/slack-salesforce.ron";

/// Nesting deeper than this is refused (ron counts it; no input can
/// exhaust the stack).
const RECURSION_LIMIT: usize = 64;

/// A dataset read and checked, with its warnings.
#[derive(Debug)]
pub struct Loaded {
    /// The checked dataset.
    pub dataset: Dataset,
    /// Problems that do not make it invalid.
    pub warnings: Vec<Diagnostic>,
}

impl From<Validated> for Loaded {
    fn from(v: Validated) -> Self {
        Loaded { dataset: v.dataset, warnings: v.warnings }
    }
}

/// The RON options every dataset is read with: `implicit_some` on, a
/// recursion limit.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME).with_recursion_limit(RECURSION_LIMIT)
}

/// Reads a dataset from raw bytes, which need not be UTF-8.
/// On failure returns every diagnostic (at least one error).
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    load_bytes_counting(bytes, &AtomicU64::new(0))
}

/// [`load_bytes`], storing in `at` now and then how many bytes it has read,
/// for a progress bar. Only the fast reader counts; ron does not.
pub fn load_bytes_counting(bytes: &[u8], at: &AtomicU64) -> Result<Loaded, Vec<Diagnostic>> {
    // Checked with SIMD: on the 483 MB of a generated million people (a
    // third of the names in Cyrillic or Japanese), 36 ms instead of std's 142.
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => load_str_counting(text, at),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let byte = bytes[e.valid_up_to()];
            Err(vec![Diagnostic::error(
                Some(Pos::of_offset(prefix, prefix.len())),
                format!(
                    "file is not valid UTF-8 (byte 0x{byte:02x} at offset {}); datasets must be UTF-8 text",
                    e.valid_up_to()
                ),
            )])
        }
    }
}

/// Reads a dataset from its text.
pub fn load_str(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    load_str_counting(text, &AtomicU64::new(0))
}

fn load_str_counting(text: &str, at: &AtomicU64) -> Result<Loaded, Vec<Diagnostic>> {
    // Editors on Windows may start the file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank(text) {
        return Err(vec![Diagnostic::error(
            Some(Pos::START),
            "file is empty: expected a dataset, an unnamed struct `( … )`",
        )]);
    }
    let builder = match read_fast(text, at) {
        Some(builder) => builder,
        None => {
            // A spelling the fast reader leaves to ron, or an error, which
            // only ron reports (with its position): read it all again.
            let mut builder = Builder::default();
            ron_options().from_str_seed(text, DatasetSeed(&mut builder)).map_err(|e| vec![syntax_error(&e, text)])?;
            builder
        }
    };
    finish(builder.finish(), text).map(Loaded::from)
}

/// Texts at least this long are read and built on two threads.
const SIDE_BY_SIDE: usize = 1 << 20;

/// The text read by [`fast`] into a builder, or `None` when it gave up.
/// A large text is read on this thread while another builds.
fn read_fast<'a>(text: &'a str, at: &AtomicU64) -> Option<Builder<'a>> {
    if text.len() < SIDE_BY_SIDE {
        let mut builder = Builder::default();
        return fast::from_str_seed_counting(text, DatasetSeed(&mut builder), at).is_ok().then_some(builder);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Entry<'_>>>(16);
        let building = scope.spawn(move || {
            let mut builder = Builder::default();
            for batch in rx {
                for entry in batch {
                    builder.push(entry);
                }
            }
            builder
        });
        let mut batches = Batches::new(tx);
        let read = fast::from_str_seed_counting(text, DatasetSeed(&mut batches), at).is_ok();
        if read {
            batches.flush();
        }
        // Hanging up ends the builder's loop once it has built what is
        // queued (after a give-up, for nothing: the builder is dropped).
        drop(batches);
        let builder = building.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.then_some(builder)
    })
}

/// True when `text` holds only whitespace and comments.
fn is_blank(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if rest.starts_with("/*") {
            // Block comments nest in RON.
            let mut depth = 0usize;
            let mut i = 0;
            let b = rest.as_bytes();
            loop {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= b.len() {
                    return false; // unterminated: let ron report it
                } else {
                    i += 1;
                }
            }
            // `i` is just past an ASCII `*/`, so it is a char boundary.
            rest = rest[i..].trim_start();
        } else {
            return rest.is_empty();
        }
    }
}

fn syntax_error(e: &ron::error::SpannedError, text: &str) -> Diagnostic {
    use ron::error::Error;
    let pos = skip_blanks(text, Pos::new(e.span.start.line as u32, e.span.start.col as u32));
    let message = match &e.code {
        Error::ExceededRecursionLimit => {
            format!("nesting deeper than {RECURSION_LIMIT} levels: this is not a dataset")
        }
        Error::MissingStructField { field, outer } => {
            format!("missing field `{field}` in {}", outer.as_deref().map_or("entry".into(), |o| format!("`{o}`")))
        }
        Error::NoSuchStructField { expected, found, .. } => {
            let mut msg = lowercase_first(&escape_controls(&e.code.to_string()));
            if let Some(best) = closest(found, expected) {
                msg.push_str(&format!("; did you mean `{best}`?"));
            }
            msg
        }
        code => lowercase_first(&escape_controls(&code.to_string())),
    };
    Diagnostic::error(Some(pos), message)
}

/// ron sometimes reports the blank before the offending value (`acting: "yes"`
/// at the space); move to the value itself when it is on the same line.
fn skip_blanks(text: &str, pos: Pos) -> Pos {
    let Some(line) = text.split('\n').nth(pos.line.saturating_sub(1) as usize) else { return pos };
    let blanks = line.chars().skip(pos.col.saturating_sub(1) as usize).take_while(|c| *c == ' ' || *c == '\t').count();
    let rest_empty = line.chars().skip(pos.col.saturating_sub(1) as usize + blanks).all(|c| c == '\r');
    if rest_empty { pos } else { Pos::new(pos.line, pos.col + blanks as u32) }
}

/// The expected field name nearest to a misspelt one, if near enough.
fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    expected.iter().map(|e| (strsim_distance(found, e), *e)).filter(|(d, _)| *d <= 2).min().map(|(_, e)| e)
}

/// Levenshtein distance between two short strings.
pub fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// `s` with its first letter in lower case (ron's messages start upper-case).
pub(crate) fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What one thread builds from `text`, reading and building in turn.
    fn on_one_thread(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
        let mut builder = Builder::default();
        fast::from_str_seed(text, DatasetSeed(&mut builder)).expect("read by the fast reader");
        finish(builder.finish(), text).map(Loaded::from)
    }

    #[test]
    fn reading_beside_building_builds_what_one_thread_builds() {
        let text = crate::generate::generate(5000, 2);
        assert!(text.len() >= SIDE_BY_SIDE, "large enough to be read on two threads");
        let (two, one) = (load_str(&text).unwrap(), on_one_thread(&text).unwrap());
        assert_eq!(format!("{:?}", two.dataset), format!("{:?}", one.dataset));
        assert_eq!(two.warnings, one.warnings);
        // And the same problems, at the same places, in an invalid one.
        let broken = text.replacen("person: \"p1\"", "person: \"nobody\"", 1).replacen("date: \"20", "date: \"x20", 1);
        let (two, one) = (load_str(&broken).unwrap_err(), on_one_thread(&broken).unwrap_err());
        assert!(two.len() >= 2, "{two:?}");
        assert_eq!(two, one);
    }
}
