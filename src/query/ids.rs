//! Id → index lookup without copying the ids: the table stores only
//! indices and compares against the dataset's own strings.
//!
//! It is a plain open-addressing table (linear probing, at most half full)
//! in one `Vec<u32>`, so that the snapshot can store it as it is and a
//! re-open does not hash a million ids again.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// A slot that holds no index.
const EMPTY: u32 = u32::MAX;

/// Finds the index of an entry by its id.
#[derive(Clone, Default)]
pub struct IdTable {
    /// A power of two in length (or empty), at most half full: a probe
    /// always ends at an empty slot.
    slots: Vec<u32>,
}

impl std::fmt::Debug for IdTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTable").field("slots", &self.slots.len()).finish()
    }
}

fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl IdTable {
    /// Indexes `ids` by position. On a duplicate id the first one wins
    /// (validated datasets have none).
    pub fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> IdTable {
        let n = ids.len();
        if n == 0 {
            return IdTable::default();
        }
        let mut slots = vec![EMPTY; (2 * n).next_power_of_two()];
        let mask = slots.len() - 1;
        let all: Vec<&str> = ids.collect();
        for (i, id) in all.iter().enumerate() {
            let mut at = hash(id) as usize & mask;
            loop {
                match slots[at] {
                    EMPTY => {
                        slots[at] = i as u32;
                        break;
                    }
                    j if all[j as usize] == *id => break,
                    _ => at = (at + 1) & mask,
                }
            }
        }
        IdTable { slots }
    }

    /// The index of `id`; `id_of(i)` gives the id at index `i`.
    pub fn get<'a>(&self, id: &str, id_of: impl Fn(usize) -> &'a str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = hash(id) as usize & mask;
        loop {
            match self.slots[at] {
                EMPTY => return None,
                j if id_of(j as usize) == id => return Some(j),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The table's slots, to be stored.
    pub(super) fn slots(&self) -> &[u32] {
        &self.slots
    }

    /// A table from stored slots, for `entries` ids; `None` unless every
    /// probe is sure to end (a power-of-two length with an empty slot) and
    /// every index is below `entries`.
    pub(super) fn from_slots(slots: Vec<u32>, entries: usize) -> Option<IdTable> {
        let shaped = slots.is_empty() || (slots.len().is_power_of_two() && slots.contains(&EMPTY));
        let in_range = slots.iter().all(|&j| j == EMPTY || (j as usize) < entries);
        (shaped && in_range).then_some(IdTable { slots })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_id_and_nothing_else() {
        let ids: Vec<String> = (0..1000).map(|i| format!("p{i}")).collect();
        let t = IdTable::build(ids.iter().map(|s| s.as_str()));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(t.get(id, |j| &ids[j]), Some(i as u32));
        }
        assert_eq!(t.get("nope", |j| &ids[j]), None);
        let empty = IdTable::build(std::iter::empty());
        assert_eq!(empty.get("p1", |j| &ids[j]), None);
    }

    #[test]
    fn the_first_of_duplicate_ids_wins() {
        let ids: Vec<String> = ["a", "b", "a"].map(String::from).to_vec();
        let t = IdTable::build(ids.iter().map(|s| s.as_str()));
        assert_eq!(t.get("a", |j| &ids[j]), Some(0));
        assert_eq!(t.get("b", |j| &ids[j]), Some(1));
    }

    #[test]
    fn stored_slots_come_back_only_when_safe() {
        let ids: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        let t = IdTable::build(ids.iter().map(|s| s.as_str()));
        let back = IdTable::from_slots(t.slots().to_vec(), ids.len()).expect("valid");
        assert_eq!(back.get("x7", |j| &ids[j]), Some(7));
        // An index past the entries, a full table (a probe for a missing id
        // would never end), a length that is not a power of two.
        let mut bad = t.slots().to_vec();
        let at = bad.iter().position(|&j| j != EMPTY).unwrap();
        bad[at] = 10;
        assert!(IdTable::from_slots(bad, ids.len()).is_none());
        assert!(IdTable::from_slots(vec![0; 4], 1).is_none());
        assert!(IdTable::from_slots(vec![EMPTY; 3], 1).is_none());
        assert!(IdTable::from_slots(Vec::new(), 0).is_some());
    }
}
