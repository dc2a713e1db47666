//! The root: what a query needs before it can ask for any piece.
//!
//! ```text
//! root       = doc count, term count, stem count, title tokens, body tokens,
//!              head size, block words                       (varints)
//!              files, term chunks, reverse chunks, document tables, id chunks, dates,
//!              segments
//! files      = count varint × (flags u8, length varint, hash [u8; 8])
//!              flags bit 0: its pieces are compressed and framed (see `pieces`)
//! chunks     = count varint × (key front-coded, place)      (terms, reverse, ids)
//! doc tables = documents per table varint, count varint × place
//! dates      = 0 or 1 (varint), then a place
//! segments   = count varint (1 or more), then when more than 1, count × documents varint
//! [deleted]  = count varint (1 or more), count × gap varint: each document
//!              is the one before + 1 + its gap (the first: its number)
//! place      = step varint, [offset varint], length varint: step 0, the
//!              piece follows the one before in its list, in the same file;
//!              else file = step >> 1 (step odd) and the offset is given
//! ```
//!
//! An index is cut in one or more **segments**: runs of documents, the
//! first numbered from 0, each next one after the one before. Postings
//! number a segment's documents from 0 within it (see
//! [`super::terms::Part`]), and a segment's document tables start with it:
//! its first document opens a table. (A build adds a segment for the
//! documents it adds, and leaves the files of the others as they are.)
//!
//! The **deleted** documents are those a later build removed or replaced:
//! their postings and records stay in their segment's files, which that
//! build leaves as they are, and no answer shows them. The list is left
//! out when it is empty, so a root without deletions has the bytes it had
//! before deletions came (within version 9, as filters came within 7).
//!
//! Term chunks cover consecutive ranges of dictionary keys: a key lies in
//! the last chunk whose key is not greater than it. A chunk's key is the
//! shortest beginning of its first key that sorts after the chunk before
//! (empty for the first chunk): enough to route a key, and a few bytes.
//! Reverse chunks do the same for reversed surface forms, id chunks for
//! document ids. File 0 is the container's own `PCES` section; its hash is
//! zero.
//!
//! The root is what grows with a site before its first query, so its lists
//! are written for size: the split layout puts each list's pieces one after
//! another in a few files, which makes most places a step of 0 and a length.

use super::{read_bytes, read_varint, write_bytes, write_varint, Location};
use crate::error::{Error, Result};

const DAMAGED: Error = Error::Corrupt("the root of the index is damaged");

/// A file of the index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileEntry {
    /// Its pieces are compressed and framed.
    pub compressed: bool,
    pub length: u64,
    /// The first bytes of the SHA-256 of the file: its name.
    pub hash: [u8; 8],
}

impl FileEntry {
    /// The file's name in a split bundle's `index/` folder.
    pub fn name(&self) -> String {
        let mut name = String::with_capacity(20);
        for byte in self.hash {
            name.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
            name.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
        }
        name.push_str(".trv");
        name
    }
}

/// A range of keys and the piece that holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chunk {
    pub first_key: Vec<u8>,
    pub location: Location,
}

/// The root, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Root {
    pub doc_count: u32,
    pub term_count: u64,
    pub stem_count: u64,
    pub title_tokens: u64,
    pub body_tokens: u64,
    /// How many documents a frequent word's postings head holds at most.
    pub head_size: u32,
    /// Words in a text block of a body.
    pub block_words: u32,
    pub files: Vec<FileEntry>,
    pub terms: Vec<Chunk>,
    pub reverse: Vec<Chunk>,
    pub docs_per_table: u32,
    pub doc_tables: Vec<Location>,
    pub ids: Vec<Chunk>,
    pub dates: Option<Location>,
    /// At least one; their documents add up to `doc_count`.
    pub segments: Vec<Segment>,
    /// The documents no answer shows, in increasing order.
    pub deleted: Vec<u32>,
}

/// A run of documents whose postings number them from 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Segment {
    pub docs: u32,
    /// The number of its first document in the index.
    pub base: u32,
    /// Its first document table.
    pub first_table: u32,
}

impl Segment {
    /// Segments of `docs` documents each, in order, their tables of
    /// `per_table` documents.
    pub fn cut(docs: &[u32], per_table: u32) -> Vec<Segment> {
        let (mut base, mut first_table) = (0u32, 0u32);
        docs.iter()
            .map(|&docs| {
                let segment = Segment {
                    docs,
                    base,
                    first_table,
                };
                base = base.saturating_add(docs);
                first_table = first_table.saturating_add(docs.div_ceil(per_table.max(1)));
                segment
            })
            .collect()
    }
}

impl Root {
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for value in [
            u64::from(self.doc_count),
            self.term_count,
            self.stem_count,
            self.title_tokens,
            self.body_tokens,
            u64::from(self.head_size),
            u64::from(self.block_words),
        ] {
            write_varint(&mut out, value);
        }
        write_varint(&mut out, self.files.len() as u64);
        for file in &self.files {
            out.push(u8::from(file.compressed));
            write_varint(&mut out, file.length);
            out.extend_from_slice(&file.hash);
        }
        for chunks in [&self.terms, &self.reverse] {
            write_chunks(&mut out, chunks);
        }
        write_varint(&mut out, u64::from(self.docs_per_table));
        write_varint(&mut out, self.doc_tables.len() as u64);
        let mut previous = None;
        for &location in &self.doc_tables {
            write_place(&mut out, &mut previous, location);
        }
        write_chunks(&mut out, &self.ids);
        write_varint(&mut out, u64::from(self.dates.is_some()));
        if let Some(location) = self.dates {
            write_place(&mut out, &mut None, location);
        }
        write_varint(&mut out, self.segments.len().max(1) as u64);
        if self.segments.len() > 1 {
            for segment in &self.segments {
                write_varint(&mut out, u64::from(segment.docs));
            }
        }
        if !self.deleted.is_empty() {
            write_varint(&mut out, self.deleted.len() as u64);
            let mut least = 0;
            for &doc in &self.deleted {
                write_varint(&mut out, u64::from(doc - least));
                least = doc + 1;
            }
        }
        out
    }

    /// Reads a root and checks that every location it gives names a file it
    /// lists and lies inside that file.
    pub fn read(bytes: &[u8], local_length: u64) -> Result<Root> {
        let mut at = 0;
        let mut next = || read_varint(bytes, &mut at).ok_or(DAMAGED);
        let doc_count = u32::try_from(next()?).map_err(|_| DAMAGED)?;
        let term_count = next()?;
        let stem_count = next()?;
        let title_tokens = next()?;
        let body_tokens = next()?;
        let head_size = u32::try_from(next()?).map_err(|_| DAMAGED)?;
        let block_words = u32::try_from(next()?)
            .ok()
            .filter(|&w| w > 0)
            .ok_or(DAMAGED)?;
        let mut root = Root {
            doc_count,
            term_count,
            stem_count,
            title_tokens,
            body_tokens,
            head_size,
            block_words,
            ..Root::default()
        };
        let files = count(bytes, &mut at, 10)?;
        for _ in 0..files {
            let flags = *bytes.get(at).ok_or(DAMAGED)?;
            at += 1;
            let length = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
            let hash: [u8; 8] = bytes
                .get(at..at + 8)
                .and_then(|h| h.try_into().ok())
                .ok_or(DAMAGED)?;
            at += 8;
            root.files.push(FileEntry {
                compressed: flags & 1 == 1,
                length,
                hash,
            });
        }
        match root.files.first_mut() {
            Some(file) if file.length == local_length && !file.compressed => {}
            _ => return Err(DAMAGED),
        }
        root.terms = read_chunks(bytes, &mut at)?;
        root.reverse = read_chunks(bytes, &mut at)?;
        root.docs_per_table = u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?)
            .ok()
            .filter(|&n| n > 0)
            .ok_or(DAMAGED)?;
        let tables = count(bytes, &mut at, 2)?;
        let mut previous = None;
        for _ in 0..tables {
            root.doc_tables
                .push(read_place(bytes, &mut at, &mut previous)?);
        }
        root.ids = read_chunks(bytes, &mut at)?;
        root.dates = match read_varint(bytes, &mut at).ok_or(DAMAGED)? {
            0 => None,
            1 => Some(read_place(bytes, &mut at, &mut None)?),
            _ => return Err(DAMAGED),
        };
        // Each segment's count (the documents' when there is one), its
        // first document and its first table.
        let segments = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        // A segment's count takes a byte at least.
        if segments == 0 || segments > 1 + (bytes.len() - at) as u64 {
            return Err(DAMAGED);
        }
        let (mut base, mut first_table) = (0u32, 0u32);
        for _ in 0..segments {
            let docs = match segments {
                1 => doc_count,
                _ => u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?)
                    .map_err(|_| DAMAGED)?,
            };
            root.segments.push(Segment {
                docs,
                base,
                first_table,
            });
            base = base.checked_add(docs).ok_or(DAMAGED)?;
            first_table = first_table
                .checked_add(docs.div_ceil(root.docs_per_table))
                .ok_or(DAMAGED)?;
        }
        if base != doc_count || root.doc_tables.len() != first_table as usize {
            return Err(DAMAGED);
        }
        if at < bytes.len() {
            root.deleted = read_deleted(bytes, &mut at, doc_count)?;
        }
        if at != bytes.len() {
            return Err(DAMAGED);
        }
        let locations = root
            .terms
            .iter()
            .chain(&root.reverse)
            .chain(&root.ids)
            .map(|c| c.location)
            .chain(root.doc_tables.iter().copied())
            .chain(root.dates);
        for location in locations {
            root.check(location)?;
        }
        Ok(root)
    }

    /// The segment that holds document `doc`, and the document's number
    /// within it.
    pub fn segment_of(&self, doc: u32) -> Option<(&Segment, u32)> {
        let after = self.segments.partition_point(|s| s.base <= doc);
        let segment = self.segments.get(after.checked_sub(1)?)?;
        Some((segment, doc - segment.base)).filter(|&(_, local)| local < segment.docs)
    }

    /// Checks that a location lies inside a file the root lists.
    pub fn check(&self, location: Location) -> Result<()> {
        let file = self.files.get(location.file as usize).ok_or(DAMAGED)?;
        match location.offset.checked_add(u64::from(location.length)) {
            Some(end) if end <= file.length && (location.length > 0 || !file.compressed) => Ok(()),
            _ => Err(Error::Corrupt(
                "a location in the index points outside its file",
            )),
        }
    }

    /// The index of the chunk whose range holds `key`: the last one that
    /// starts at or before it (the first one for a key before them all).
    pub fn chunk_for(chunks: &[Chunk], key: &[u8]) -> usize {
        chunks
            .partition_point(|c| c.first_key.as_slice() <= key)
            .saturating_sub(1)
    }
}

/// Reads the deleted documents: 1 or more, increasing, each one of the
/// index's `doc_count`.
fn read_deleted(bytes: &[u8], at: &mut usize, doc_count: u32) -> Result<Vec<u32>> {
    let count = count(bytes, at, 1)?;
    if count == 0 || count > doc_count as usize {
        return Err(DAMAGED);
    }
    let mut deleted = Vec::with_capacity(count);
    // The least number the next one can have.
    let mut least = 0u32;
    for _ in 0..count {
        let gap = read_varint(bytes, at).ok_or(DAMAGED)?;
        let doc = u64::from(least) + gap;
        if doc >= u64::from(doc_count) {
            return Err(DAMAGED);
        }
        deleted.push(doc as u32);
        least = doc as u32 + 1;
    }
    Ok(deleted)
}

/// Reads a count of items that take at least `min_bytes` each, so that a
/// damaged count cannot ask for more memory than the bytes could hold.
fn count(bytes: &[u8], at: &mut usize, min_bytes: usize) -> Result<usize> {
    let count = usize::try_from(read_varint(bytes, at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
    if count.saturating_mul(min_bytes) > bytes.len().saturating_sub(*at) {
        return Err(DAMAGED);
    }
    Ok(count)
}

/// The shortest beginning of `first` that sorts after `before` (the last
/// key of the chunk before), or nothing for the first chunk: a chunk's key.
pub fn separator(before: Option<&[u8]>, first: &[u8]) -> Vec<u8> {
    let Some(before) = before else {
        return Vec::new();
    };
    (1..=first.len())
        .map(|n| &first[..n])
        .find(|beginning| *beginning > before)
        .unwrap_or(first)
        .to_vec()
}

/// Writes where a piece lies, after the piece before it in its list.
fn write_place(out: &mut Vec<u8>, previous: &mut Option<Location>, location: Location) {
    let follows = previous.is_some_and(|p| {
        p.file == location.file
            && p.offset.checked_add(u64::from(p.length)) == Some(location.offset)
    });
    if follows {
        write_varint(out, 0);
    } else {
        write_varint(out, u64::from(location.file) << 1 | 1);
        write_varint(out, location.offset);
    }
    write_varint(out, u64::from(location.length));
    *previous = Some(location);
}

fn read_place(bytes: &[u8], at: &mut usize, previous: &mut Option<Location>) -> Result<Location> {
    let step = read_varint(bytes, at).ok_or(DAMAGED)?;
    let (file, offset) = match (step, *previous) {
        (0, Some(p)) => (
            p.file,
            p.offset.checked_add(u64::from(p.length)).ok_or(DAMAGED)?,
        ),
        (step, _) if step & 1 == 1 => (
            u32::try_from(step >> 1).map_err(|_| DAMAGED)?,
            read_varint(bytes, at).ok_or(DAMAGED)?,
        ),
        _ => return Err(DAMAGED),
    };
    let length = u32::try_from(read_varint(bytes, at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
    let location = Location {
        file,
        offset,
        length,
    };
    *previous = Some(location);
    Ok(location)
}

fn write_chunks(out: &mut Vec<u8>, chunks: &[Chunk]) {
    write_varint(out, chunks.len() as u64);
    let mut previous_key: &[u8] = &[];
    let mut previous = None;
    for chunk in chunks {
        let shared = previous_key
            .iter()
            .zip(&chunk.first_key)
            .take_while(|(a, b)| a == b)
            .count();
        write_varint(out, shared as u64);
        write_bytes(out, &chunk.first_key[shared..]);
        write_place(out, &mut previous, chunk.location);
        previous_key = &chunk.first_key;
    }
}

fn read_chunks(bytes: &[u8], at: &mut usize) -> Result<Vec<Chunk>> {
    let count = count(bytes, at, 4)?;
    let mut chunks: Vec<Chunk> = Vec::with_capacity(count);
    let mut previous = None;
    for _ in 0..count {
        let shared =
            usize::try_from(read_varint(bytes, at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
        let rest = read_bytes(bytes, at).ok_or(DAMAGED)?;
        let previous_key: &[u8] = chunks.last().map_or(&[], |c| &c.first_key);
        let mut first_key = previous_key.get(..shared).ok_or(DAMAGED)?.to_vec();
        first_key.extend_from_slice(rest);
        if chunks.last().is_some_and(|c| c.first_key >= first_key) {
            return Err(Error::Corrupt("the root's chunk keys are out of order"));
        }
        let location = read_place(bytes, at, &mut previous)?;
        chunks.push(Chunk {
            first_key,
            location,
        });
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: u32, offset: u64, length: u32) -> Location {
        Location {
            file,
            offset,
            length,
        }
    }

    #[test]
    fn separators_are_the_shortest_beginnings_that_sort_after() {
        assert_eq!(separator(None, b"abc"), b"");
        assert_eq!(separator(Some(b"abcz"), b"abda"), b"abd");
        assert_eq!(separator(Some(b"ab"), b"abc"), b"abc");
        assert_eq!(separator(Some(b"a"), b"b"), b"b");
    }

    #[test]
    fn places_round_trip_whether_they_follow_or_jump() {
        let files = vec![
            FileEntry::default(),
            FileEntry {
                compressed: true,
                length: 1000,
                hash: [1; 8],
            },
            FileEntry {
                compressed: true,
                length: 1000,
                hash: [2; 8],
            },
        ];
        let chunk = |key: &[u8], location| Chunk {
            first_key: key.to_vec(),
            location,
        };
        let root = Root {
            doc_count: 3,
            block_words: 8,
            files,
            terms: vec![
                chunk(b"", at(1, 0, 10)),
                chunk(b"b", at(1, 10, 20)),
                chunk(b"bd", at(2, 0, 5)),
                chunk(b"c", at(2, 500, 5)),
                chunk(b"d", at(1, 30, 1)),
            ],
            docs_per_table: 2,
            doc_tables: vec![at(2, 5, 10), at(2, 15, 10)],
            dates: Some(at(1, 31, 3)),
            segments: Segment::cut(&[3], 2),
            ..Root::default()
        };
        let bytes = root.write();
        assert_eq!(Root::read(&bytes, 0).unwrap(), root);

        // Segments of 2 and 1 documents: a table each.
        let segmented = Root {
            segments: Segment::cut(&[2, 1], 2),
            ..root.clone()
        };
        let bytes = segmented.write();
        assert_eq!(Root::read(&bytes, 0).unwrap(), segmented);
        assert_eq!(
            segmented
                .segment_of(2)
                .map(|(s, local)| (s.first_table, local)),
            Some((1, 0))
        );
        assert_eq!(segmented.segment_of(3), None);
        // Segments that do not add up to the documents, or that need
        // another count of tables, are damage.
        for docs in [&[2, 2][..], &[1, 1, 1]] {
            let wrong = Root {
                segments: Segment::cut(docs, 2),
                ..root.clone()
            };
            assert!(Root::read(&wrong.write(), 0).is_err(), "{docs:?}");
        }

        // Deleted documents: kept in order, as gaps; an empty list, more
        // than the documents, or one past them is damage.
        for deleted in [vec![0], vec![2], vec![0, 2], vec![0, 1, 2]] {
            let deleted = Root {
                deleted,
                ..segmented.clone()
            };
            let bytes = deleted.write();
            assert_eq!(Root::read(&bytes, 0).unwrap(), deleted);
            assert_eq!(
                bytes[..segmented.write().len()],
                segmented.write(),
                "a root without deletions ends with its segments"
            );
        }
        for gaps in [&[][..], &[3], &[1, 1], &[0, 0, 0, 0]] {
            let mut bytes = segmented.write();
            bytes.push(gaps.len() as u8);
            bytes.extend_from_slice(gaps);
            assert!(Root::read(&bytes, 0).is_err(), "{gaps:?}");
        }

        // Damage: a step that is neither 0 nor odd.
        let mut damaged = root.clone();
        damaged.doc_tables = vec![at(2, 5, 10)];
        damaged.doc_count = 1;
        damaged.segments = Segment::cut(&[1], 2);
        let mut bytes = damaged.write();
        // …, the table's place (step, offset, length), no id chunks, the
        // dates' place (present, step, offset, length), one segment.
        let tables_at = bytes.len() - 9;
        assert_eq!(bytes[tables_at], 2 << 1 | 1);
        bytes[tables_at] = 4;
        assert!(Root::read(&bytes, 0).is_err());
    }
}
