//! One pool of work for the whole run: `in_parallel` spreads items over the cores, and a
//! call made from inside one of its threads runs in that thread, so nested calls (publish →
//! corpus → annex) never multiply threads beyond the cores.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Set in the threads `in_parallel` starts: work they start runs where it is.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// `f` over `items` on every core, results in `items`' order, so output never depends on
/// scheduling. Each thread takes the next item not yet started, so a few long items (one
/// huge document among small ones) do not leave a core idle. Called from inside one of its
/// own threads it runs in that thread (the cores are already busy). A panic in a thread goes
/// on in the caller.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = if INSIDE.with(Cell::get) {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(items.len())
            .max(1)
    };
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    INSIDE.with(|c| c.set(true));
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            in_parallel(&items, |i| i * 2),
            (0..1000).map(|i| i * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn nested_calls_start_no_threads() {
        let outer: Vec<usize> = (0..8).collect();
        let ids = in_parallel(&outer, |_| {
            let here = std::thread::current().id();
            let inner: Vec<usize> = (0..8).collect();
            in_parallel(&inner, |_| std::thread::current().id())
                .into_iter()
                .all(|id| id == here)
        });
        assert!(ids.into_iter().all(|same| same), "an inner call ran on another thread");
    }
}
