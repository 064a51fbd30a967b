//! Work on two threads: the stages that look at every block of a large document one by one,
//! independently, split the blocks in two halves; a stage with two independent parts runs them
//! at once ([`both`]). A leaf of `doc`.

/// Below this many blocks they are gone through on one thread: starting a thread costs more
/// than it saves.
pub(crate) const MIN_BLOCKS: usize = 4096;

/// `items.iter().enumerate().filter_map(f).collect()`, the second half on another thread when
/// `split` is true and there are two items or more. The order is kept.
pub(crate) fn filter_map<T: Sync, R: Send>(
    items: &[T],
    split: bool,
    f: impl Fn(usize, &T) -> Option<R> + Sync,
) -> Vec<R> {
    let run = |items: &[T], offset: usize| -> Vec<R> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| f(offset + i, item))
            .collect()
    };
    if !split || items.len() < 2 {
        return run(items, 0);
    }
    let (first, second) = items.split_at(items.len() / 2);
    let (mut mine, mut theirs) = both(true, || run(first, 0), || run(second, first.len()));
    mine.append(&mut theirs);
    mine
}

/// `(here(), there())`, with `there` on another thread when `split` is true. A panic on that
/// thread goes on in this one.
pub(crate) fn both<A, B: Send>(
    split: bool,
    here: impl FnOnce() -> A,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !split {
        return (here(), there());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(there);
        let mine = here();
        let theirs = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (mine, theirs)
    })
}

/// `items.iter().enumerate().map(f).collect()`, split as [`filter_map`] splits it.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    split: bool,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    filter_map(items, split, |i, item| Some(f(i, item)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_keep_the_order_and_the_indices() {
        let items: Vec<usize> = (0..1001).collect();
        for split in [false, true] {
            assert_eq!(
                map(&items, split, |i, &x| (i, x * 2)),
                items.iter().map(|&x| (x, x * 2)).collect::<Vec<_>>()
            );
            let odd = filter_map(&items, split, |i, &x| (x % 2 == 1).then_some(i));
            assert_eq!(odd, (1..1001).step_by(2).collect::<Vec<_>>());
        }
        assert!(map(&[] as &[u8], true, |_, &x| x).is_empty());
        for split in [false, true] {
            assert_eq!(both(split, || 1, || "two"), (1, "two"));
        }
        assert_eq!(map(&[7u8], true, |i, &x| (i, x)), vec![(0, 7)]);
    }
}
