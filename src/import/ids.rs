//! Ids for imported entries: readable slugs of names, made unique.
//!
//! docs/format.md allows any string as an id but recommends short lowercase
//! words with hyphens, which is what a slug is. The same input always gives
//! the same ids: they depend only on the names and their order.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest slug, in characters: an id is typed, and a hostile file may hold
/// a name of megabytes.
const MAX_CHARS: usize = 48;

/// `text` as an id: letters and digits kept (lowercased, accents dropped:
/// `Tõnis Lukas` → `tonis-lukas`), every run of anything else one hyphen,
/// no hyphen at either end, at most 48 characters. Empty when `text` has no
/// letter or digit at all.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                if chars + 1 >= MAX_CHARS {
                    break;
                }
                out.push('-');
                chars += 1;
            }
            gap = false;
            for l in c.to_lowercase() {
                out.push(l);
                chars += 1;
            }
            if chars >= MAX_CHARS {
                break;
            }
        } else {
            gap = true;
        }
    }
    out
}

/// Hands out ids of one kind, each once: the slug of the wanted name, then
/// `-2`, `-3` … for later entries with the same slug.
#[derive(Debug)]
pub struct Ids {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
    fallback: &'static str,
}

impl Ids {
    /// Ids whose slug, when a name has no letter or digit, is `fallback`
    /// (`person`, `role`…).
    pub fn new(fallback: &'static str) -> Self {
        Ids { used: HashSet::new(), next_suffix: HashMap::new(), fallback }
    }

    /// A fresh id for an entry named `name`.
    pub fn claim(&mut self, name: &str) -> String {
        let mut base = slug(name);
        if base.is_empty() {
            base = self.fallback.to_owned();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_with_hyphens() {
        assert_eq!(slug("Steven King"), "steven-king");
        assert_eq!(slug("Tõnis Lukas"), "tonis-lukas");
        assert_eq!(slug("  Minister of the Interior!! "), "minister-of-the-interior");
        assert_eq!(slug("Zoë O'Brien-Smith"), "zoe-o-brien-smith");
        assert_eq!(slug("Центристская партия"), "центристская-партия");
        assert_eq!(slug("\u{1b}[31m\u{202e}evil"), "31m-evil");
        assert_eq!(slug("🙂 ~ !!"), "");
    }

    #[test]
    fn slugs_are_short() {
        let s = slug(&"ab cd ".repeat(100_000));
        assert!(s.chars().count() <= MAX_CHARS, "{s}");
        assert!(!s.ends_with('-'));
        // A wide letter whose lowercase is two characters cannot overflow much either.
        assert!(slug(&"İ".repeat(1000)).chars().count() <= MAX_CHARS + 1);
    }

    #[test]
    fn ids_are_unique_and_deterministic() {
        let claim_all = || {
            let mut ids = Ids::new("person");
            ["Ann", "Ann", "Ann 2", "Ann", "", "🙂", "person"].map(|n| ids.claim(n))
        };
        let got = claim_all();
        assert_eq!(got, ["ann", "ann-2", "ann-2-2", "ann-3", "person", "person-2", "person-3"]);
        assert_eq!(claim_all(), got);
    }
}
