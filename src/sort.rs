//! Heapsort and top-k selection, small on purpose.
//!
//! The standard library's sorts are fast but each element type gets about
//! 3 KB of its own code, and the search path sorts seven kinds of things:
//! measured, they were a fifth of the browser module. These compile to a few
//! hundred bytes per type, run in O(n log n) without allocating, and are
//! plenty fast for the lists a query sorts (expansions, positions, results).

/// Sorts `items` so that `before(a, b)` holds for no later `a` before an
/// earlier `b`; not stable.
pub(crate) fn sort_by<T>(items: &mut [T], before: impl Fn(&T, &T) -> bool) {
    // A max-heap under `before`: the last item in the final order sits on
    // top and is swapped to the end.
    for start in (0..items.len() / 2).rev() {
        sift_down(items, start, &before);
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift_down(&mut items[..end], 0, &before);
    }
}

/// Keeps the `k` first items of the order `before` (in that order) and
/// drops the rest, in O(n log k).
pub(crate) fn keep_first<T>(items: &mut Vec<T>, k: usize, before: impl Fn(&T, &T) -> bool) {
    if items.len() > k {
        if k == 0 {
            items.clear();
            return;
        }
        // A heap of the k best so far, the worst of them on top.
        for start in (0..k / 2).rev() {
            sift_down(&mut items[..k], start, &before);
        }
        for i in k..items.len() {
            if before(&items[i], &items[0]) {
                items.swap(0, i);
                sift_down(&mut items[..k], 0, &before);
            }
        }
        items.truncate(k);
    }
    sort_by(items, before);
}

fn sift_down<T>(heap: &mut [T], mut node: usize, before: &impl Fn(&T, &T) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= heap.len() {
            return;
        }
        if child + 1 < heap.len() && before(&heap[child], &heap[child + 1]) {
            child += 1;
        }
        if !before(&heap[node], &heap[child]) {
            return;
        }
        heap.swap(node, child);
        node = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut items in proptest::collection::vec(any::<(u8, u16)>(), 0..200)) {
            let mut expected = items.clone();
            expected.sort_unstable();
            sort_by(&mut items, |a, b| a < b);
            prop_assert_eq!(items, expected);
        }

        #[test]
        fn keeps_the_first_k(mut items in proptest::collection::vec(any::<u32>(), 0..200), k in 0usize..50) {
            let mut expected = items.clone();
            expected.sort_unstable_by(|a, b| b.cmp(a));
            expected.truncate(k);
            keep_first(&mut items, k, |a, b| a > b);
            prop_assert_eq!(items, expected);
        }
    }
}
