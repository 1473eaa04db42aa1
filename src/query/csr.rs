//! A compact one-to-many map from dense keys to values (compressed sparse
//! rows): two flat arrays instead of a `Vec` per key, so building it for a
//! million keys is two allocations and reading it is a slice.

/// Values grouped by a dense `u32` key.
#[derive(Clone, Debug, Default)]
pub struct Csr<V> {
    offsets: Vec<u32>,
    values: Vec<V>,
}

impl<V: Copy> Csr<V> {
    /// Groups `pairs` by key; values keep the order in which they come.
    /// Keys at or past `keys` are ignored.
    pub fn build(keys: usize, pairs: impl Iterator<Item = (u32, V)> + Clone) -> Self {
        let mut offsets = vec![0u32; keys + 1];
        for (k, _) in pairs.clone() {
            if let Some(c) = offsets.get_mut(k as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill: Vec<u32> = offsets[..keys].to_vec();
        // Every slot is written once below; until then it holds a copy of
        // some value (there is one if there are slots).
        let total = offsets[keys] as usize;
        let Some(any) = pairs.clone().find(|&(k, _)| (k as usize) < keys).map(|(_, v)| v) else {
            return Csr { offsets, values: Vec::new() };
        };
        let mut values: Vec<V> = vec![any; total];
        for (k, v) in pairs {
            if let Some(f) = fill.get_mut(k as usize) {
                values[*f as usize] = v;
                *f += 1;
            }
        }
        Csr { offsets, values }
    }

    /// The offsets and the values, to be stored.
    pub(super) fn parts(&self) -> (&[u32], &[V]) {
        (&self.offsets, &self.values)
    }

    /// A map from stored parts, for `keys` keys; `None` unless the offsets
    /// start at 0, never decrease and end at the number of values, so that
    /// every [`Csr::get`] is in bounds.
    pub(super) fn from_parts(offsets: Vec<u32>, values: Vec<V>, keys: usize) -> Option<Self> {
        let shaped = offsets.len() == keys + 1
            && offsets.first() == Some(&0)
            && offsets.windows(2).all(|w| w[0] <= w[1])
            && offsets.last().is_some_and(|&n| n as usize == values.len());
        shaped.then_some(Csr { offsets, values })
    }

    /// The values of `key`, empty for an unknown key.
    pub fn get(&self, key: u32) -> &[V] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_in_order() {
        let pairs = [(2u32, 'a'), (0, 'b'), (2, 'c'), (9, 'x')];
        let m = Csr::build(3, pairs.iter().copied());
        assert_eq!(m.get(0), &['b']);
        assert_eq!(m.get(1), &[] as &[char]);
        assert_eq!(m.get(2), &['a', 'c']);
        assert_eq!(m.get(7), &[] as &[char]);
    }

    #[test]
    fn stored_parts_come_back_only_when_in_bounds() {
        let m = Csr::build(3, [(2u32, 'a'), (0, 'b')].into_iter());
        let (o, v) = m.parts();
        let back = Csr::from_parts(o.to_vec(), v.to_vec(), 3).expect("valid");
        assert_eq!(back.get(2), &['a']);
        assert!(Csr::from_parts(vec![0, 2, 1, 2], vec!['a', 'b'], 3).is_none(), "decreasing");
        assert!(Csr::from_parts(vec![0, 1, 1, 3], vec!['a', 'b'], 3).is_none(), "past the values");
        assert!(Csr::from_parts(vec![1, 1, 1, 2], vec!['a', 'b'], 3).is_none(), "not from 0");
        assert!(Csr::from_parts(vec![0, 2], vec!['a', 'b'], 3).is_none(), "too few keys");
        assert!(Csr::<char>::from_parts(Vec::new(), Vec::new(), 0).is_none(), "no end offset");
    }
}
