//! Checking an fst before it is walked.
//!
//! The `fst` crate checks an fst's header when it opens one, and trusts the
//! nodes: a node that points outside the bytes, or says it is larger than
//! they are, makes its decoding index out of bounds, a panic (in the
//! browser, a trap). Checksums catch damage on the way; bytes written wrong
//! on purpose could still carry a valid one. So every fst of an index is
//! walked once, node by node, with the same decoding `fst` 0.4 uses but with
//! every offset checked, before any search reads it: from then on, no byte
//! pattern can make `fst` panic. Each node is decoded once (a visited set),
//! and every transition must point to a node written before it, so the walk
//! is linear in the fst's size and ends, and so do the searches after it.

use crate::error::{Error, Result};

const BAD: Error = Error::Corrupt("a dictionary of the index is damaged");

/// The address `fst` reserves for the empty final node.
const EMPTY_ADDRESS: usize = 0;
/// Nodes with more transitions than this carry a 256-byte index.
const TRANS_INDEX_THRESHOLD: usize = 32;

/// Checks that `bytes` are an fst that `fst` 0.4 can walk without panicking.
pub(crate) fn check(bytes: &[u8]) -> Result<()> {
    fst::raw::Fst::new(bytes).map_err(|_| BAD)?;
    // Versions 2 and 3 index large nodes; 3 adds a checksum after the root
    // address (the only version the builder writes).
    if read_u64(bytes, 0) != Some(3) {
        return Err(BAD);
    }
    // Nodes lie between the 16-byte header and the 20-byte footer (root
    // address, length, checksum).
    let nodes_end = bytes.len().checked_sub(20).ok_or(BAD)?;
    let root = usize::try_from(read_u64(bytes, bytes.len() - 12).ok_or(BAD)?).map_err(|_| BAD)?;
    let mut visited = vec![0u64; bytes.len().div_ceil(64)];
    let mut stack = vec![root];
    while let Some(addr) = stack.pop() {
        if addr == EMPTY_ADDRESS {
            continue;
        }
        if addr < 16 || addr >= nodes_end {
            return Err(BAD);
        }
        let (word, bit) = (addr / 64, 1u64 << (addr % 64));
        if visited[word] & bit != 0 {
            continue;
        }
        visited[word] |= bit;
        for target in node_targets(bytes, addr)? {
            if target != EMPTY_ADDRESS && target >= addr {
                return Err(BAD);
            }
            stack.push(target);
        }
    }
    Ok(())
}

/// The transition targets of the node at `addr`, checking that every byte
/// `fst` reads for it lies in the node.
fn node_targets(bytes: &[u8], addr: usize) -> Result<Vec<usize>> {
    let state = bytes[addr];
    let at = |offset: usize| addr.checked_sub(offset).ok_or(BAD);
    match state >> 6 {
        // One transition to the node just before, its input common or in
        // the byte before the state.
        0b11 => {
            let input_len = usize::from(state & 0b11_1111 == 0);
            let end = at(input_len)?;
            Ok(vec![end.checked_sub(1).ok_or(BAD)?])
        }
        // One transition with a packed address (and output).
        0b10 => {
            let input_len = usize::from(state & 0b11_1111 == 0);
            let sizes = bytes[at(input_len + 1)?];
            let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 0xF));
            if !(1..=8).contains(&tsize) || osize > 8 {
                return Err(BAD);
            }
            let end = at(input_len + 1 + tsize + osize)?;
            let delta_at = at(input_len + 1 + tsize)?;
            let delta = unpack(bytes, delta_at, tsize)?;
            Ok(vec![target(end, delta)?])
        }
        // Any number of transitions, maybe final, maybe with outputs.
        _ => {
            let final_state = state & 0b0100_0000 != 0;
            let (ntrans, ntrans_len) = match state & 0b11_1111 {
                0 => {
                    let n = usize::from(bytes[at(1)?]);
                    (if n == 1 { 256 } else { n }, 1)
                }
                n => (usize::from(n), 0),
            };
            let sizes = bytes[at(ntrans_len + 1)?];
            let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 0xF));
            if tsize > 8 || osize > 8 || (ntrans > 0 && tsize == 0) {
                return Err(BAD);
            }
            let index = if ntrans > TRANS_INDEX_THRESHOLD {
                256
            } else {
                0
            };
            let total_trans = ntrans + ntrans * tsize + index;
            let final_osize = if final_state { osize } else { 0 };
            let end = at(ntrans_len + 1 + total_trans + ntrans * osize + final_osize)?;
            let mut targets = Vec::with_capacity(ntrans);
            for i in 0..ntrans {
                let delta_at = at(ntrans_len + 1 + index + ntrans + i * tsize + tsize)?;
                targets.push(target(end, unpack(bytes, delta_at, tsize)?)?);
            }
            Ok(targets)
        }
    }
}

/// The node a transition leads to, from its packed delta.
fn target(end: usize, delta: u64) -> Result<usize> {
    let delta = usize::try_from(delta).map_err(|_| BAD)?;
    if delta == EMPTY_ADDRESS {
        Ok(EMPTY_ADDRESS)
    } else {
        end.checked_sub(delta).ok_or(BAD)
    }
}

fn unpack(bytes: &[u8], at: usize, size: usize) -> Result<u64> {
    let slice = bytes.get(at..at + size).ok_or(BAD)?;
    Ok(slice
        .iter()
        .enumerate()
        .fold(0u64, |n, (i, &b)| n | u64::from(b) << (8 * i)))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{Automaton, IntoStreamer, Streamer};
    use proptest::prelude::*;

    fn map(keys: &[&str]) -> Vec<u8> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let mut builder = fst::MapBuilder::memory();
        for (i, key) in keys.iter().enumerate() {
            builder.insert(key, i as u64 * 1000).unwrap();
        }
        builder.into_inner().unwrap()
    }

    /// Everything a search does with an fst.
    fn walk(bytes: &[u8]) {
        let map = fst::Map::new(bytes).unwrap();
        let _ = map.get("economie");
        let mut all = map.stream();
        while all.next().is_some() {}
        let mut prefixed = map
            .search(fst::automaton::Str::new("ec").starts_with())
            .into_stream();
        while prefixed.next().is_some() {}
    }

    #[test]
    fn real_fsts_pass() {
        let many: Vec<String> = (0..2000).map(|i| format!("w{i}x{}", i % 37)).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        for keys in [
            &["economie", "economique", "econ", "paix"][..],
            &[],
            &["a"],
            &many,
        ] {
            check(&map(keys)).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any damage either fails the check or leaves an fst every walk
        /// survives (fst's own checksum is not what stops it: it is
        /// recomputed).
        #[test]
        fn a_checked_fst_never_panics(changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let many: Vec<String> = (0..300).map(|i| format!("mot{i}{}", i % 7)).collect();
            let many: Vec<&str> = many.iter().map(String::as_str).collect();
            let mut bytes = map(&many);
            let body = bytes.len() - 4;
            for (at, value) in changes {
                bytes[at.index(body)] = value;
            }
            if check(&bytes).is_ok() {
                walk(&bytes);
            }
        }
    }
}
