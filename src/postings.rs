//! Postings lists: which documents hold a term, how often, and where.
//!
//! ```text
//! list      = count, docs length in bytes, positions length in bytes (varints), docs, positions
//! docs      = count × (doc delta, title frequency, body frequency)   varints
//! positions = count × (title positions, body positions)             varint deltas
//! ```
//!
//! The first doc delta is the document number itself. Positions count words
//! within their field, from 0, each stored as the gap from the previous one.
//! Ranking reads only the doc stream; positions are decoded for phrases and
//! snippets, and only for the documents that need them, which is why the two
//! streams are kept apart.

use crate::error::{Error, Result};
use crate::format::{read_varint, write_varint};

const DAMAGED: Error = Error::Corrupt("a postings list is damaged");

/// Collects one term's postings while the index is built.
#[derive(Debug, Default)]
pub(crate) struct PostingsWriter {
    count: u32,
    last_doc: u32,
    docs: Vec<u8>,
    positions: Vec<u8>,
}

impl PostingsWriter {
    /// Adds a document; documents must come in increasing order.
    pub fn add(&mut self, doc: u32, title: &[u32], body: &[u32]) {
        debug_assert!(self.count == 0 || doc > self.last_doc);
        let delta = if self.count == 0 { doc } else { doc - self.last_doc };
        write_varint(&mut self.docs, u64::from(delta));
        write_varint(&mut self.docs, title.len() as u64);
        write_varint(&mut self.docs, body.len() as u64);
        for field in [title, body] {
            let mut previous = 0;
            for &position in field {
                write_varint(&mut self.positions, u64::from(position - previous));
                previous = position;
            }
        }
        self.count += 1;
        self.last_doc = doc;
    }

    pub fn write_to(&self, out: &mut Vec<u8>) {
        write_varint(out, u64::from(self.count));
        write_varint(out, self.docs.len() as u64);
        write_varint(out, self.positions.len() as u64);
        out.extend_from_slice(&self.docs);
        out.extend_from_slice(&self.positions);
    }
}

/// One document of a postings list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub doc: u32,
    pub title_tf: u32,
    pub body_tf: u32,
}

/// A postings list read in place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Postings<'a> {
    count: u32,
    docs: &'a [u8],
    positions: &'a [u8],
}

impl<'a> Postings<'a> {
    /// Reads the list that starts at `offset` of the `POST` section.
    pub fn read(section: &'a [u8], offset: usize) -> Result<Postings<'a>> {
        Self::read_with_end(section, offset).map(|(list, _)| list)
    }

    /// Reads the list at `offset` and returns where the next one starts.
    pub fn read_with_end(section: &'a [u8], offset: usize) -> Result<(Postings<'a>, usize)> {
        let mut at = offset;
        let count = read_varint(section, &mut at).ok_or(DAMAGED)?;
        let docs_len = read_varint(section, &mut at).ok_or(DAMAGED)?;
        let positions_len = read_varint(section, &mut at).ok_or(DAMAGED)?;
        let docs_end = usize::try_from(docs_len).ok().and_then(|len| at.checked_add(len)).ok_or(DAMAGED)?;
        let end = usize::try_from(positions_len).ok().and_then(|len| docs_end.checked_add(len)).ok_or(DAMAGED)?;
        let docs = section.get(at..docs_end).ok_or(DAMAGED)?;
        let positions = section.get(docs_end..end).ok_or(DAMAGED)?;
        Ok((Postings { count: u32::try_from(count).map_err(|_| DAMAGED)?, docs, positions }, end))
    }

    pub fn len(&self) -> u32 {
        self.count
    }

    /// Calls `f` with every document, in increasing order.
    pub fn for_each(&self, mut f: impl FnMut(Entry)) -> Result<()> {
        let mut at = 0;
        let mut doc = 0u32;
        for i in 0..self.count {
            let delta = read_varint(self.docs, &mut at).ok_or(DAMAGED)?;
            doc = if i == 0 { delta } else { u64::from(doc) + delta }.try_into().map_err(|_| DAMAGED)?;
            let title_tf = read_varint(self.docs, &mut at).ok_or(DAMAGED)? as u32;
            let body_tf = read_varint(self.docs, &mut at).ok_or(DAMAGED)? as u32;
            f(Entry { doc, title_tf, body_tf });
        }
        Ok(())
    }

    pub fn cursor(&self) -> Cursor<'a> {
        Cursor { list: *self, docs_at: 0, positions_at: 0, seen: 0, doc: 0 }
    }
}

/// Walks a list forward to read the positions of chosen documents.
#[derive(Debug)]
pub(crate) struct Cursor<'a> {
    list: Postings<'a>,
    docs_at: usize,
    positions_at: usize,
    seen: u32,
    doc: u32,
}

impl Cursor<'_> {
    /// Moves to `target`, which must not be below the previous target, and
    /// fills `title` and `body` with its positions. Returns false (leaving
    /// them empty) if the term is not in `target`.
    pub fn seek(&mut self, target: u32, title: &mut Vec<u32>, body: &mut Vec<u32>) -> Result<bool> {
        title.clear();
        body.clear();
        while self.seen < self.list.count {
            let mut at = self.docs_at;
            let delta = read_varint(self.list.docs, &mut at).ok_or(DAMAGED)?;
            let doc: u32 = if self.seen == 0 { delta } else { u64::from(self.doc) + delta }.try_into().map_err(|_| DAMAGED)?;
            if doc > target {
                return Ok(false);
            }
            let title_tf = read_varint(self.list.docs, &mut at).ok_or(DAMAGED)?;
            let body_tf = read_varint(self.list.docs, &mut at).ok_or(DAMAGED)?;
            self.docs_at = at;
            self.doc = doc;
            self.seen += 1;
            let positions = self.list.positions;
            if doc < target {
                // Skip this document's positions: count varint terminators.
                let skip = title_tf.checked_add(body_tf).ok_or(DAMAGED)?;
                for _ in 0..skip {
                    read_varint(positions, &mut self.positions_at).ok_or(DAMAGED)?;
                }
                continue;
            }
            for (field, tf) in [(&mut *title, title_tf), (&mut *body, body_tf)] {
                let mut position = 0u32;
                for _ in 0..tf {
                    let gap = read_varint(positions, &mut self.positions_at).ok_or(DAMAGED)?;
                    position = u64::from(position).checked_add(gap).and_then(|p| p.try_into().ok()).ok_or(DAMAGED)?;
                    field.push(position);
                }
            }
            return Ok(true);
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Doc = (u32, Vec<u32>, Vec<u32>);

    fn encode(docs: &[Doc]) -> Vec<u8> {
        let mut writer = PostingsWriter::default();
        for (doc, title, body) in docs {
            writer.add(*doc, title, body);
        }
        // Something before the list, to check offsets are honoured.
        let mut out = vec![0xAA; 3];
        writer.write_to(&mut out);
        out
    }

    fn increasing(max_len: usize) -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::vec(0u32..1000, 0..max_len).prop_map(|mut v| {
            v.sort_unstable();
            v
        })
    }

    fn docs() -> impl Strategy<Value = Vec<Doc>> {
        proptest::collection::vec((1u32..50, increasing(6), increasing(12)), 0..30).prop_map(|gaps| {
            let mut doc = 0;
            gaps.into_iter()
                .map(|(gap, t, b)| {
                    doc += gap;
                    (doc, t, b)
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn entries_round_trip(docs in docs()) {
            let bytes = encode(&docs);
            let list = Postings::read(&bytes, 3).unwrap();
            prop_assert_eq!(list.len() as usize, docs.len());
            let mut seen = Vec::new();
            list.for_each(|e| seen.push(e)).unwrap();
            let expected: Vec<Entry> = docs.iter().map(|(d, t, b)| Entry { doc: *d, title_tf: t.len() as u32, body_tf: b.len() as u32 }).collect();
            prop_assert_eq!(seen, expected);
        }

        #[test]
        fn cursor_finds_positions_of_chosen_docs(docs in docs(), pick in proptest::collection::vec(any::<bool>(), 30)) {
            let bytes = encode(&docs);
            let list = Postings::read(&bytes, 3).unwrap();
            let mut cursor = list.cursor();
            let (mut title, mut body) = (Vec::new(), Vec::new());
            for (i, (doc, t, b)) in docs.iter().enumerate() {
                if !pick[i] { continue; }
                // A document just before is absent.
                if *doc > 0 && (i == 0 || docs[i - 1].0 < doc - 1) {
                    prop_assert!(!cursor.seek(doc - 1, &mut title, &mut body).unwrap());
                }
                prop_assert!(cursor.seek(*doc, &mut title, &mut body).unwrap());
                prop_assert_eq!(&title, t);
                prop_assert_eq!(&body, b);
            }
        }

        #[test]
        fn damaged_lists_are_errors_not_panics(docs in docs(), cut in any::<usize>(), noise in proptest::collection::vec(any::<u8>(), 0..64)) {
            let bytes = encode(&docs);
            let cut = 3 + cut % (bytes.len() - 2);
            for damaged in [bytes[..cut].to_vec(), [&bytes[..3], &noise[..]].concat()] {
                if let Ok(list) = Postings::read(&damaged, 3) {
                    let _ = list.for_each(|_| ());
                    let mut cursor = list.cursor();
                    let (mut t, mut b) = (Vec::new(), Vec::new());
                    for target in [0, 5, 100, u32::MAX] {
                        if cursor.seek(target, &mut t, &mut b).is_err() { break; }
                    }
                }
            }
        }
    }
}
