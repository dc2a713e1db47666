//! Postings: which documents hold a term, how much the term says about
//! each, and where in them it occurs.
//!
//! A term's documents are two kinds of lists:
//!
//! - **Impact lists** rank. Each entry is a document and the term's impact
//!   there ([`crate::bm25::quantize`]: its BM25F score before idf, in a
//!   byte), plus, for a document whose body is cut into several text blocks,
//!   which blocks hold the term (so a snippet fetches the right one), and
//!   the [`Fields`] it is in when it is in the title or a heading (ranking
//!   puts a page whose title is the query first). A term
//!   in many documents has two: its *head*, the documents where it ranks
//!   highest (those with it in the title, then in a heading, then where it
//!   weighs most), and its *tail*, the rest, ranking below every entry of
//!   the head, cut the same way in tiers (each an impact list); a search
//!   reads a tier only when what it read before cannot settle the ranking.
//! - A **positions list** gives, for every document, where the term occurs in
//!   the title and the body: phrases need it, nothing else does, so it is
//!   stored apart and read only for phrase queries.
//!
//! ```text
//! impact list    = count varint, then count × entry
//! entry          = (doc delta << 2 | has fields << 1 | has blocks) varint, impact u8,
//!                  [blocks varint], [fields varint]
//! positions list = count, skips length, docs length, positions length (varints, lengths in bytes),
//!                  skips, docs, positions
//! skips          = one entry per block of SKIP_BLOCK documents but the first:
//!                  (last document of the block before, docs offset, positions offset)
//!                  varints, each a delta from the previous entry
//! docs           = count × (doc delta, title frequency, body frequency)   varints
//! positions      = count × (title positions, body positions)             varint deltas
//! ```
//!
//! Document numbers grow along every list; the first delta is the number
//! itself. Positions count words within their field, from 0, each stored as
//! the gap from the previous one.

use crate::error::{Error, Result};
use crate::format::{read_varint, write_varint, Fields};

const DAMAGED: Error = Error::Corrupt("a postings list is damaged");

/// Documents per skip block of a positions list.
pub(crate) const SKIP_BLOCK: u32 = 64;

/// One document of an impact list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Impact {
    pub doc: u32,
    /// The quantized impact, 1 to 255.
    pub impact: u8,
    /// Bit `b` is set when text block `b` of the body holds the term; 0 for
    /// a document with one block.
    pub blocks: u64,
    pub fields: Fields,
}

/// Writes an impact list; documents must come in increasing order.
pub(crate) fn write_impacts(entries: &[Impact], out: &mut Vec<u8>) {
    write_varint(out, entries.len() as u64);
    let mut previous = 0;
    for (i, entry) in entries.iter().enumerate() {
        debug_assert!(i == 0 || entry.doc > previous);
        let delta = u64::from(entry.doc - if i == 0 { 0 } else { previous });
        let has_fields = !entry.fields.is_empty();
        write_varint(
            out,
            delta << 2 | u64::from(has_fields) << 1 | u64::from(entry.blocks != 0),
        );
        out.push(entry.impact);
        if entry.blocks != 0 {
            write_varint(out, entry.blocks);
        }
        if has_fields {
            write_varint(out, u64::from(entry.fields.to_bits()));
        }
        previous = entry.doc;
    }
}

/// An impact list read in place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Impacts<'a> {
    count: u32,
    entries: &'a [u8],
    /// Added to every document: the number of the first document of the
    /// list's segment.
    base: u32,
    /// Documents of the index left out (deleted), in increasing order.
    skipped: &'a [u32],
}

impl<'a> Impacts<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Impacts<'a>> {
        let mut at = 0;
        let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        // Every entry takes at least two bytes: a count beyond that is a lie.
        let count = u32::try_from(count)
            .ok()
            .filter(|&c| c as usize <= bytes.len() / 2)
            .ok_or(DAMAGED)?;
        Ok(Impacts {
            count,
            entries: &bytes[at..],
            base: 0,
            skipped: &[],
        })
    }

    /// The list with its documents numbered from `base` (a segment's list,
    /// read for the whole index), leaving out those whose bit is set in
    /// `skipped` (numbered in the index, in increasing order).
    pub fn based(self, base: u32, skipped: &'a [u32]) -> Impacts<'a> {
        Impacts {
            base,
            skipped,
            ..self
        }
    }

    /// Calls `f` with every entry, in increasing document order.
    pub fn for_each(&self, mut f: impl FnMut(Impact)) -> Result<()> {
        let bytes = self.entries;
        let mut at = 0;
        let mut doc = 0u32;
        for i in 0..self.count {
            let field = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
            let delta = u32::try_from(field >> 2).map_err(|_| DAMAGED)?;
            doc = if i == 0 {
                delta
            } else {
                doc.checked_add(delta)
                    .filter(|_| delta > 0)
                    .ok_or(DAMAGED)?
            };
            let impact = *bytes.get(at).ok_or(DAMAGED)?;
            at += 1;
            let blocks = if field & 1 == 1 {
                read_varint(bytes, &mut at).ok_or(DAMAGED)?
            } else {
                0
            };
            let fields = if field & 2 == 2 {
                let bits = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
                Fields::from_bits(bits)
                    .filter(|f| !f.is_empty())
                    .ok_or(DAMAGED)?
            } else {
                Fields::default()
            };
            // Past the index's documents, a damaged list's number stays
            // past them: readers check it.
            let doc = self.base.saturating_add(doc);
            if !self.skipped.is_empty() && holds(self.skipped, doc) {
                continue;
            }
            f(Impact {
                doc,
                impact,
                blocks,
                fields,
            });
        }
        Ok(())
    }
}

/// Whether the increasing list `docs` holds `doc`. Apart, and called only
/// when `docs` is not empty: an index has few deleted documents, most none,
/// and the loops that read postings stay as tight as without them.
#[inline(never)]
pub(crate) fn holds(docs: &[u32], doc: u32) -> bool {
    docs.binary_search(&doc).is_ok()
}

/// Writes a positions list; documents must come in increasing order.
#[derive(Debug, Default)]
pub(crate) struct PositionsWriter {
    count: u32,
    last_doc: u32,
    skips: Vec<u8>,
    /// The last skip entry written: (document, docs offset, positions offset).
    last_skip: (u32, usize, usize),
    docs: Vec<u8>,
    positions: Vec<u8>,
}

impl PositionsWriter {
    /// Adds a document; documents must come in increasing order.
    pub fn add(&mut self, doc: u32, title: &[u32], body: &[u32]) {
        debug_assert!(self.count == 0 || doc > self.last_doc);
        if self.count > 0 && self.count % SKIP_BLOCK == 0 {
            let skip = (self.last_doc, self.docs.len(), self.positions.len());
            write_varint(&mut self.skips, u64::from(skip.0 - self.last_skip.0));
            write_varint(&mut self.skips, (skip.1 - self.last_skip.1) as u64);
            write_varint(&mut self.skips, (skip.2 - self.last_skip.2) as u64);
            self.last_skip = skip;
        }
        let delta = if self.count == 0 {
            doc
        } else {
            doc - self.last_doc
        };
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

    /// The list's bytes.
    pub fn finish(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out);
        out
    }

    pub fn write_to(&self, out: &mut Vec<u8>) {
        write_varint(out, u64::from(self.count));
        for part in [&self.skips, &self.docs, &self.positions] {
            write_varint(out, part.len() as u64);
        }
        for part in [&self.skips, &self.docs, &self.positions] {
            out.extend_from_slice(part);
        }
    }
}

/// One document of a positions list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub doc: u32,
    pub title_tf: u32,
    pub body_tf: u32,
}

/// A positions list read in place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Positions<'a> {
    count: u32,
    skips: &'a [u8],
    docs: &'a [u8],
    positions: &'a [u8],
}

impl<'a> Positions<'a> {
    /// Reads the list that starts at `offset` of `section`.
    pub fn read(section: &'a [u8], offset: usize) -> Result<Positions<'a>> {
        Self::read_with_end(section, offset).map(|(list, _)| list)
    }

    /// Reads the list at `offset` and returns where the next one starts.
    pub fn read_with_end(section: &'a [u8], offset: usize) -> Result<(Positions<'a>, usize)> {
        let mut at = offset;
        let count = read_varint(section, &mut at).ok_or(DAMAGED)?;
        let mut lengths = [0usize; 3];
        for length in &mut lengths {
            *length = read_varint(section, &mut at)
                .and_then(|l| usize::try_from(l).ok())
                .ok_or(DAMAGED)?;
        }
        let mut parts = [&section[..0]; 3];
        for (part, length) in parts.iter_mut().zip(lengths) {
            let end = at.checked_add(length).ok_or(DAMAGED)?;
            *part = section.get(at..end).ok_or(DAMAGED)?;
            at = end;
        }
        let [skips, docs, positions] = parts;
        Ok((
            Positions {
                count: u32::try_from(count).map_err(|_| DAMAGED)?,
                skips,
                docs,
                positions,
            },
            at,
        ))
    }

    pub fn len(&self) -> u32 {
        self.count
    }

    /// Calls `f` with every document, in increasing order.
    pub fn for_each(&self, mut f: impl FnMut(Entry)) -> Result<()> {
        let mut at = 0;
        let mut doc = 0u32;
        for i in 0..self.count {
            let (title_tf, body_tf);
            (doc, title_tf, body_tf) = self.entry_at(&mut at, i, doc)?;
            f(Entry {
                doc,
                title_tf: title_tf as u32,
                body_tf: body_tf as u32,
            });
        }
        Ok(())
    }

    /// Entry `i` of the docs stream, read at `at`: its document (a delta
    /// from `previous`, the first one's number itself) and its title and
    /// body frequencies.
    fn entry_at(&self, at: &mut usize, i: u32, previous: u32) -> Result<(u32, u64, u64)> {
        let delta = read_varint(self.docs, at).ok_or(DAMAGED)?;
        let doc = if i == 0 {
            delta
        } else {
            u64::from(previous) + delta
        }
        .try_into()
        .map_err(|_| DAMAGED)?;
        let title_tf = read_varint(self.docs, at).ok_or(DAMAGED)?;
        let body_tf = read_varint(self.docs, at).ok_or(DAMAGED)?;
        Ok((doc, title_tf, body_tf))
    }

    /// Calls `f` with every document and its title and body positions, in
    /// increasing document order.
    pub fn for_each_positions(&self, mut f: impl FnMut(u32, &[u32], &[u32])) -> Result<()> {
        let (mut title, mut body) = (Vec::new(), Vec::new());
        let mut at = 0;
        let mut doc = 0u32;
        let mut positions_at = 0;
        for i in 0..self.count {
            let (title_tf, body_tf);
            (doc, title_tf, body_tf) = self.entry_at(&mut at, i, doc)?;
            for (field, tf) in [(&mut title, title_tf), (&mut body, body_tf)] {
                field.clear();
                let mut position = 0u32;
                for _ in 0..tf {
                    let gap = read_varint(self.positions, &mut positions_at).ok_or(DAMAGED)?;
                    position = u64::from(position)
                        .checked_add(gap)
                        .and_then(|p| p.try_into().ok())
                        .ok_or(DAMAGED)?;
                    field.push(position);
                }
            }
            f(doc, &title, &body);
        }
        Ok(())
    }

    pub fn cursor(&self) -> Cursor<'a> {
        Cursor {
            list: *self,
            docs_at: 0,
            positions_at: 0,
            seen: 0,
            doc: 0,
            skips_at: 0,
            skip: (0, 0, 0),
            blocks_passed: 0,
        }
    }
}

/// Walks a list forward to read the positions of chosen documents.
#[derive(Debug)]
pub(crate) struct Cursor<'a> {
    list: Positions<'a>,
    docs_at: usize,
    positions_at: usize,
    /// Documents consumed so far, and the last one.
    seen: u32,
    doc: u32,
    /// The next skip entry to read, and the last one read (absolute).
    skips_at: usize,
    skip: (u32, usize, usize),
    blocks_passed: u32,
}

impl Cursor<'_> {
    /// Moves to `target`, which must not be below the previous target, and
    /// fills `title` and `body` with its positions. Returns false (leaving
    /// them empty) if the term is not in `target`.
    pub fn seek(&mut self, target: u32, title: &mut Vec<u32>, body: &mut Vec<u32>) -> Result<bool> {
        title.clear();
        body.clear();
        self.skip_to(target)?;
        while self.seen < self.list.count {
            let mut at = self.docs_at;
            let delta = read_varint(self.list.docs, &mut at).ok_or(DAMAGED)?;
            let doc: u32 = if self.seen == 0 {
                delta
            } else {
                u64::from(self.doc) + delta
            }
            .try_into()
            .map_err(|_| DAMAGED)?;
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
                    position = u64::from(position)
                        .checked_add(gap)
                        .and_then(|p| p.try_into().ok())
                        .ok_or(DAMAGED)?;
                    field.push(position);
                }
            }
            return Ok(true);
        }
        Ok(false)
    }

    /// Jumps over whole blocks whose documents all come before `target`.
    fn skip_to(&mut self, target: u32) -> Result<()> {
        let skips = self.list.skips;
        while self.skips_at < skips.len() {
            let mut at = self.skips_at;
            let mut next = || read_varint(skips, &mut at).ok_or(DAMAGED);
            let (doc, docs, positions) = (next()?, next()?, next()?);
            let skip = (
                u32::try_from(u64::from(self.skip.0) + doc).map_err(|_| DAMAGED)?,
                self.skip.1.checked_add(docs as usize).ok_or(DAMAGED)?,
                self.skip.2.checked_add(positions as usize).ok_or(DAMAGED)?,
            );
            // The block after this entry starts past every document up to
            // `skip.0`: jump if the target lies beyond it.
            if skip.0 >= target {
                return Ok(());
            }
            self.skips_at = at;
            self.skip = skip;
            self.blocks_passed += 1;
            let block_start = self.blocks_passed.checked_mul(SKIP_BLOCK).ok_or(DAMAGED)?;
            if block_start > self.seen {
                self.seen = block_start;
                self.doc = skip.0;
                self.docs_at = skip.1;
                self.positions_at = skip.2;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Doc = (u32, Vec<u32>, Vec<u32>);

    fn encode(docs: &[Doc]) -> Vec<u8> {
        let mut writer = PositionsWriter::default();
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
        proptest::collection::vec((1u32..50, increasing(6), increasing(12)), 0..300).prop_map(
            |gaps| {
                let mut doc = 0;
                gaps.into_iter()
                    .map(|(gap, t, b)| {
                        doc += gap;
                        (doc, t, b)
                    })
                    .collect()
            },
        )
    }

    fn impacts() -> impl Strategy<Value = Vec<Impact>> {
        let entry = (1u32..50, 1u8..=255, any::<u64>(), any::<(u8, u8)>());
        proptest::collection::vec(entry, 0..200).prop_map(|gaps| {
            let mut doc = 0;
            gaps.into_iter()
                .enumerate()
                .map(|(i, (gap, impact, blocks, (words, heading)))| {
                    doc += if i == 0 { gap - 1 } else { gap };
                    let title = (words % 3 != 0).then_some(u32::from(words));
                    let heading = (heading % 2 == 0).then_some(u32::from(heading));
                    Impact {
                        doc,
                        impact,
                        blocks: if blocks % 3 == 0 { blocks } else { 0 },
                        fields: Fields::new(title, heading),
                    }
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn impact_lists_round_trip(entries in impacts()) {
            let mut bytes = Vec::new();
            write_impacts(&entries, &mut bytes);
            let mut seen = Vec::new();
            Impacts::read(&bytes).unwrap().for_each(|e| seen.push(e)).unwrap();
            prop_assert_eq!(seen, entries);
        }

        #[test]
        fn damaged_impact_lists_are_errors_not_panics(entries in impacts(), cut in any::<usize>(), noise in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut bytes = Vec::new();
            write_impacts(&entries, &mut bytes);
            let cut = cut % (bytes.len() + 1);
            for damaged in [&bytes[..cut], &noise[..]] {
                if let Ok(list) = Impacts::read(damaged) {
                    let _ = list.for_each(|_| ());
                }
            }
        }

        #[test]
        fn entries_round_trip(docs in docs()) {
            let bytes = encode(&docs);
            let list = Positions::read(&bytes, 3).unwrap();
            prop_assert_eq!(list.len() as usize, docs.len());
            let mut seen = Vec::new();
            list.for_each(|e| seen.push(e)).unwrap();
            let expected: Vec<Entry> = docs.iter().map(|(d, t, b)| Entry { doc: *d, title_tf: t.len() as u32, body_tf: b.len() as u32 }).collect();
            prop_assert_eq!(seen, expected);
        }

        #[test]
        fn cursor_finds_positions_of_chosen_docs(docs in docs(), pick in proptest::collection::vec(any::<bool>(), 300)) {
            let bytes = encode(&docs);
            let list = Positions::read(&bytes, 3).unwrap();
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
                if let Ok(list) = Positions::read(&damaged, 3) {
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
