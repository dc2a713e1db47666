//! The root: what a query needs before it can ask for any piece.
//!
//! ```text
//! root       = doc count, term count, stem count, title tokens, body tokens,
//!              head size, block words                       (varints)
//!              files, term chunks, reverse chunks, document tables, id chunks, dates
//! files      = count varint × (flags u8, length varint, hash [u8; 8])
//!              flags bit 0: its pieces are compressed and framed (see `pieces`)
//! chunks     = count varint × (first key front-coded, location)     (terms, reverse, ids)
//! doc tables = documents per table varint, count varint × location
//! dates      = 0 or 1 (varint), then a location
//! ```
//!
//! Term chunks cover consecutive ranges of dictionary keys: a key lies in
//! the last chunk whose first key is not greater than it. Reverse chunks do
//! the same for reversed surface forms, id chunks for document ids. File 0
//! is the container's own `PCES` section; its hash is zero.

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
        for location in &self.doc_tables {
            location.write(&mut out);
        }
        write_chunks(&mut out, &self.ids);
        write_varint(&mut out, u64::from(self.dates.is_some()));
        if let Some(location) = &self.dates {
            location.write(&mut out);
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
        let tables = count(bytes, &mut at, 3)?;
        for _ in 0..tables {
            root.doc_tables
                .push(Location::read(bytes, &mut at).ok_or(DAMAGED)?);
        }
        root.ids = read_chunks(bytes, &mut at)?;
        root.dates = match read_varint(bytes, &mut at).ok_or(DAMAGED)? {
            0 => None,
            1 => Some(Location::read(bytes, &mut at).ok_or(DAMAGED)?),
            _ => return Err(DAMAGED),
        };
        if at != bytes.len()
            || root.doc_tables.len() as u64
                != u64::from(doc_count).div_ceil(u64::from(root.docs_per_table))
        {
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

/// Reads a count of items that take at least `min_bytes` each, so that a
/// damaged count cannot ask for more memory than the bytes could hold.
fn count(bytes: &[u8], at: &mut usize, min_bytes: usize) -> Result<usize> {
    let count = usize::try_from(read_varint(bytes, at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
    if count.saturating_mul(min_bytes) > bytes.len().saturating_sub(*at) {
        return Err(DAMAGED);
    }
    Ok(count)
}

fn write_chunks(out: &mut Vec<u8>, chunks: &[Chunk]) {
    write_varint(out, chunks.len() as u64);
    let mut previous: &[u8] = &[];
    for chunk in chunks {
        let shared = previous
            .iter()
            .zip(&chunk.first_key)
            .take_while(|(a, b)| a == b)
            .count();
        write_varint(out, shared as u64);
        write_bytes(out, &chunk.first_key[shared..]);
        chunk.location.write(out);
        previous = &chunk.first_key;
    }
}

fn read_chunks(bytes: &[u8], at: &mut usize) -> Result<Vec<Chunk>> {
    let count = count(bytes, at, 5)?;
    let mut chunks: Vec<Chunk> = Vec::with_capacity(count);
    for _ in 0..count {
        let shared =
            usize::try_from(read_varint(bytes, at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
        let rest = read_bytes(bytes, at).ok_or(DAMAGED)?;
        let previous: &[u8] = chunks.last().map_or(&[], |c| &c.first_key);
        let mut first_key = previous.get(..shared).ok_or(DAMAGED)?.to_vec();
        first_key.extend_from_slice(rest);
        if chunks.last().is_some_and(|c| c.first_key >= first_key) {
            return Err(Error::Corrupt("the root's chunk keys are out of order"));
        }
        let location = Location::read(bytes, at).ok_or(DAMAGED)?;
        chunks.push(Chunk {
            first_key,
            location,
        });
    }
    Ok(chunks)
}
