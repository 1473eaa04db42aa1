//! Work split over scoped threads, for the few loops over every item that
//! a keypress can start (a search, the org chart at a new date).

/// Runs `work` on each part, the first on this thread and the others on
/// scoped threads, and returns the outputs in part order. A panic in a
/// part is resumed on this thread.
pub(crate) fn in_parallel<P: Send, T: Send>(parts: Vec<P>, work: impl Fn(P) -> T + Sync) -> Vec<T> {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else { return Vec::new() };
    let work = &work;
    std::thread::scope(|s| {
        let others: Vec<_> = parts.map(|p| s.spawn(move || work(p))).collect();
        let mut out = vec![work(first)];
        for t in others {
            match t.join() {
                Ok(x) => out.push(x),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// How many threads a loop over `items` items should use: one below
/// `from`, else as many as the machine has, at most `max`.
pub(crate) fn threads_for(items: usize, from: usize, max: usize) -> usize {
    if items < from { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, max) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_come_in_part_order() {
        let out = in_parallel((0..5).collect(), |p: u32| p * 10);
        assert_eq!(out, vec![0, 10, 20, 30, 40]);
        assert!(in_parallel(Vec::<u32>::new(), |p| p).is_empty());
    }

    #[test]
    fn small_loops_stay_on_one_thread() {
        assert_eq!(threads_for(10, 100, 8), 1);
        assert!((1..=2).contains(&threads_for(1_000, 100, 2)));
    }
}
