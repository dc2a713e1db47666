//! Work spread over the machine's cores where there are threads (the
//! `trouve` command), and done in turn where there are none (WebAssembly,
//! where `available_parallelism` is an error).

use std::thread;

/// `f` of every item, in order, on up to `available_parallelism` threads,
/// each taking a run of consecutive items. The results are those of
/// `items.iter().map(f)`, so a build's bytes never depend on the machine.
pub(super) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let run = items.len().div_ceil(threads);
    let f = &f;
    thread::scope(|scope| {
        // The first run is this thread's own; a thread the system refuses
        // leaves its run to this one too.
        let others: Vec<_> = items
            .chunks(run)
            .skip(1)
            .map(|chunk| {
                let spawned = thread::Builder::new()
                    .spawn_scoped(scope, move || chunk.iter().map(f).collect::<Vec<R>>());
                (chunk, spawned.ok())
            })
            .collect();
        let mut out: Vec<R> = items[..run].iter().map(f).collect();
        for (chunk, handle) in others {
            match handle.map(|h| h.join()) {
                Some(Ok(results)) => out.extend(results),
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => out.extend(chunk.iter().map(f)),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn results_come_in_the_items_order_whatever_the_runs() {
        for n in [0, 1, 2, 3, 7, 1000] {
            let items: Vec<u32> = (0..n).collect();
            assert_eq!(
                map(&items, |&i| i * 3),
                items.iter().map(|&i| i * 3).collect::<Vec<_>>()
            );
        }
    }
}
