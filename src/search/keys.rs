//! Runs of dictionary keys: those that begin with a prefix, and the term
//! chunks that hold them. Step 2 ([`super::expand`]) and the typo walk
//! ([`super::typo`]) both read the dictionary by such runs.

use crate::index::Index;

/// The first key after every key that begins with `prefix`.
pub(super) fn after_prefix(prefix: &[u8]) -> Vec<u8> {
    // No key holds a 0xFF byte (UTF-8 never does), so this bounds them all.
    let mut end = prefix.to_vec();
    end.push(0xFF);
    end
}

/// The term chunks whose ranges hold keys that begin with `prefix`.
pub(super) fn chunks_of_prefix<D: AsRef<[u8]>>(
    index: &Index<D>,
    prefix: &[u8],
) -> std::ops::RangeInclusive<usize> {
    index.term_chunk_for(prefix)..=index.term_chunk_for(&after_prefix(prefix))
}
