//! Id → index lookup without copying the ids: the table stores only
//! indices and compares against the dataset's own strings.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Finds the index of an entry by its id.
#[derive(Clone, Default)]
pub struct IdTable {
    table: HashTable<u32>,
}

impl std::fmt::Debug for IdTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTable").field("len", &self.table.len()).finish()
    }
}

fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl IdTable {
    /// Indexes `ids` by position. On a duplicate id the first one wins
    /// (validated datasets have none).
    pub fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> IdTable {
        let mut table = HashTable::with_capacity(ids.len());
        let all: Vec<&str> = ids.collect();
        for (i, id) in all.iter().enumerate() {
            let h = hash(id);
            if table.find(h, |&j: &u32| all[j as usize] == *id).is_none() {
                table.insert_unique(h, i as u32, |&j| hash(all[j as usize]));
            }
        }
        IdTable { table }
    }

    /// The index of `id`; `id_of(i)` gives the id at index `i`.
    pub fn get<'a>(&self, id: &str, id_of: impl Fn(usize) -> &'a String) -> Option<u32> {
        self.table.find(hash(id), |&j| id_of(j as usize) == id).copied()
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
    }
}
