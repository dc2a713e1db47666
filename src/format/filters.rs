//! Filters: the values documents are tagged with (`section: Politique`,
//! `tags: nucléaire`), and for each key, which documents hold each value.
//!
//! ```text
//! FLTR section = count varint × key          (only when some document has a filter)
//! key          = name string, location of its documents piece,
//!                count varint × (value string, document count varint)
//! documents    = for each value of the key, in order: that many document
//!                numbers, ascending, as varint deltas (the first from 0)
//! ```
//!
//! Keys are sorted by their bytes, and each key's values too. The section
//! sits in the container beside the root, so a page can show every value
//! with its count before it reads anything else; a key's documents are one
//! piece, read when a query filters on the key or counts its values. A
//! reader that does not know the section skips it (see
//! [`super::Container`]): an index without filters has none, and its bytes
//! are the same as before filters existed.

use super::{read_bytes, read_varint, write_bytes, write_varint, Location};
use crate::error::{Error, Result};

const DAMAGED: Error = Error::Corrupt("the filters of the index are damaged");

/// A filter key: its name, where its documents lie, and its values with
/// how many documents hold each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterKey {
    pub name: String,
    pub location: Location,
    pub values: Vec<(String, u32)>,
}

/// The `FLTR` section for `keys` (sorted, each with its values sorted).
pub fn write_section(keys: &[FilterKey]) -> Vec<u8> {
    let mut out = Vec::new();
    write_varint(&mut out, keys.len() as u64);
    for key in keys {
        write_bytes(&mut out, key.name.as_bytes());
        key.location.write(&mut out);
        write_varint(&mut out, key.values.len() as u64);
        for (value, count) in &key.values {
            write_bytes(&mut out, value.as_bytes());
            write_varint(&mut out, u64::from(*count));
        }
    }
    out
}

/// Reads the `FLTR` section of an index of `doc_count` documents.
pub fn read_section(bytes: &[u8], doc_count: u32) -> Result<Vec<FilterKey>> {
    let mut at = 0;
    let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
    let mut keys: Vec<FilterKey> = Vec::new();
    for _ in 0..count {
        // Every key takes at least four bytes: no count can ask for more
        // keys than the section has room for.
        if at >= bytes.len() {
            return Err(DAMAGED);
        }
        let name = string(bytes, &mut at)?;
        let location = Location::read(bytes, &mut at).ok_or(DAMAGED)?;
        let values = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        let mut key = FilterKey {
            name,
            location,
            values: Vec::new(),
        };
        for _ in 0..values {
            if at >= bytes.len() {
                return Err(DAMAGED);
            }
            let value = string(bytes, &mut at)?;
            let docs = read_varint(bytes, &mut at)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|&n| n <= doc_count)
                .ok_or(DAMAGED)?;
            if key.values.last().is_some_and(|(last, _)| *last >= value) {
                return Err(DAMAGED);
            }
            key.values.push((value, docs));
        }
        if keys.last().is_some_and(|last| last.name >= key.name) {
            return Err(DAMAGED);
        }
        keys.push(key);
    }
    if at != bytes.len() {
        return Err(DAMAGED);
    }
    Ok(keys)
}

fn string(bytes: &[u8], at: &mut usize) -> Result<String> {
    let raw = read_bytes(bytes, at).ok_or(DAMAGED)?;
    String::from_utf8(raw.to_vec()).map_err(|_| DAMAGED)
}

/// A key's documents piece: each value's document numbers, ascending.
pub fn write_documents(values: &[Vec<u32>]) -> Vec<u8> {
    let mut out = Vec::new();
    for docs in values {
        let mut previous = 0;
        for &doc in docs {
            write_varint(&mut out, u64::from(doc - previous));
            previous = doc;
        }
    }
    out
}

/// Reads `key`'s documents piece: for each of its values, its documents.
pub fn read_documents(bytes: &[u8], key: &FilterKey, doc_count: u32) -> Result<Vec<Vec<u32>>> {
    let mut at = 0;
    let mut values = Vec::with_capacity(key.values.len());
    for &(_, count) in &key.values {
        let mut docs = Vec::with_capacity(count as usize);
        let mut doc = 0u64;
        for n in 0..count {
            let delta = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
            // Ascending: every delta but the first is at least one.
            if n > 0 && delta == 0 {
                return Err(DAMAGED);
            }
            doc += delta;
            if doc >= u64::from(doc_count) {
                return Err(DAMAGED);
            }
            docs.push(doc as u32);
        }
        values.push(docs);
    }
    if at != bytes.len() {
        return Err(DAMAGED);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<FilterKey> {
        vec![
            FilterKey {
                name: "auteur".into(),
                location: Location {
                    file: 0,
                    offset: 10,
                    length: 4,
                },
                values: vec![("Marie Dubois".into(), 2), ("Paul Martin".into(), 1)],
            },
            FilterKey {
                name: "section".into(),
                location: Location {
                    file: 2,
                    offset: 300,
                    length: 3,
                },
                values: vec![("Politique".into(), 3)],
            },
        ]
    }

    #[test]
    fn the_section_and_the_documents_come_back_as_written() {
        let section = write_section(&keys());
        assert_eq!(read_section(&section, 5).unwrap(), keys());
        let piece = write_documents(&[vec![0, 4], vec![2]]);
        assert_eq!(
            read_documents(&piece, &keys()[0], 5).unwrap(),
            [vec![0, 4], vec![2]]
        );
    }

    #[test]
    fn damage_is_an_error() {
        let section = write_section(&keys());
        for end in 0..section.len() {
            assert!(read_section(&section[..end], 5).is_err(), "cut at {end}");
        }
        // A count larger than the documents.
        assert!(read_section(&section, 1).is_err());
        let mut trailing = section.clone();
        trailing.push(0);
        assert!(read_section(&trailing, 5).is_err());
        let piece = write_documents(&[vec![0, 4], vec![2]]);
        // A document past the last, a repeated one, a cut piece.
        assert!(read_documents(&piece, &keys()[0], 4).is_err());
        assert!(read_documents(&write_documents(&[vec![1, 1], vec![2]]), &keys()[0], 5).is_err());
        assert!(read_documents(&piece[..2], &keys()[0], 5).is_err());
        // Keys out of order.
        let mut swapped = keys();
        swapped.reverse();
        assert!(read_section(&write_section(&swapped), 5).is_err());
    }
}
