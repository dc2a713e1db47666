//! The bytes of a Trouve index: layout, writer and reader in one place.
//!
//! An index is one byte string, read in place (zero-copy) from wherever it
//! lives: a file, the custom section of the browser module, a test vector.
//! All integers are little-endian.
//!
//! ```text
//! file     = header, section table, section bodies, checksum
//! header   = magic          8 bytes  89 54 52 56 0D 0A 1A 0A  ("\x89TRV\r\n\x1a\n")
//!            version        u32      FORMAT_VERSION
//!            analyzer       u32      analysis::ANALYZER_ID of the builder
//!            language       u8       analysis::Language, as a number
//!            reserved       3 bytes  zero
//!            sections       u32      number of entries in the section table
//! table    = sections × (tag [u8; 4], offset u32, length u32)
//!            offsets count from the start of the file
//! checksum = u32, CRC-32 (IEEE) of every byte before it
//! ```
//!
//! The magic number's high byte and line endings catch a file mangled by a
//! text-mode transfer, like PNG's. The version changes with this layout; the
//! analyzer id changes whenever analysis output changes. Both are refused on
//! mismatch with an [`Error`] that says to rebuild.
//!
//! Sections (a reader skips tags it does not know; all of these must be there):
//!
//! | tag    | contents |
//! |--------|----------|
//! | `META` | varints: document count, term count, total title tokens, total body tokens |
//! | `DICT` | `fst::Map` of two kinds of keys: a surface form → its term number; a stem followed by a 0 byte → the number of the first term of that stem |
//! | `GRPS` | bitset, one bit per term (low bit first): set where a new stem begins. Terms are numbered in (stem, surface) order, so each stem's forms are a run that starts at a set bit |
//! | `POST` | the postings lists in term order, see [`crate::postings`] |
//! | `DOCS` | table, one row per document: record offset in `STOR`, title length and body length in tokens, date (see [`crate::Date::to_key`]) |
//! | `STOR` | document records: id, url, title, date, checkpoints, body; each a varint length then its bytes (UTF-8 but for the checkpoints) |
//!
//! A body's **checkpoints** let a snippet start reading near its words
//! rather than at the top of a long text: for every [`CHECKPOINT_WORDS`]
//! words, the position and byte offset of the first word at or after that
//! many words, as varint deltas from the previous checkpoint.
//!
//! Stems and surface forms share one dictionary because a stem is nearly
//! always a beginning of its forms (`econom` of `economie`), and an fst
//! stores shared beginnings once: the stems cost a few bytes each. Nothing
//! stores where each postings list starts: every list begins with its own
//! byte lengths, and opening an index walks those headers once to find them.
//!
//! A **table** is a block of fixed-width rows ([`table`]); a **varint** is
//! LEB128 ([`varint`]). In the browser bundle the whole index travels inside
//! the engine's WebAssembly module, as a custom section ([`module`]).

use crate::error::{Error, Result};

mod checksum;
pub mod module;
mod table;
mod varint;

use checksum::crc32;
pub(crate) use table::{write_table, TableLayout};
pub(crate) use varint::{read_bytes, read_varint, write_bytes, write_varint};

/// The first eight bytes of every index.
pub const MAGIC: [u8; 8] = *b"\x89TRV\r\n\x1a\n";
/// The layout described above.
pub const FORMAT_VERSION: u32 = 1;

const HEADER_LEN: usize = 24;
const TABLE_ENTRY_LEN: usize = 12;
const CHECKSUM_LEN: usize = 4;

/// Section tags, in the order the writer lays them out.
pub(crate) mod tag {
    pub const META: [u8; 4] = *b"META";
    pub const DICT: [u8; 4] = *b"DICT";
    pub const GRPS: [u8; 4] = *b"GRPS";
    pub const POST: [u8; 4] = *b"POST";
    pub const DOCS: [u8; 4] = *b"DOCS";
    pub const STOR: [u8; 4] = *b"STOR";
    pub const REQUIRED: [[u8; 4]; 6] = [META, DICT, GRPS, POST, DOCS, STOR];
}

/// Words between two checkpoints of a body (see the `STOR` section).
pub const CHECKPOINT_WORDS: u32 = 64;

/// Marks a stem key in the dictionary; words never contain a 0 byte.
pub(crate) const STEM_MARK: u8 = 0;

/// Whether a dictionary key is a stem's (else it is a surface form).
pub(crate) fn is_stem_key(key: &[u8]) -> bool {
    key.last() == Some(&STEM_MARK)
}

/// The dictionary key of a stem.
pub(crate) fn stem_key(stem: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(stem.len() + 1);
    key.extend_from_slice(stem.as_bytes());
    key.push(STEM_MARK);
    key
}

// ---------------------------------------------------------------- writer --

/// Assembles sections into one index file.
#[derive(Debug, Default)]
pub(crate) struct FileWriter {
    sections: Vec<([u8; 4], Vec<u8>)>,
}

impl FileWriter {
    pub fn section(&mut self, tag: [u8; 4], bytes: Vec<u8>) {
        self.sections.push((tag, bytes));
    }

    pub fn finish(self, analyzer: u32, language: u8) -> Vec<u8> {
        let body: usize = self.sections.iter().map(|(_, b)| b.len()).sum();
        let table_len = self.sections.len() * TABLE_ENTRY_LEN;
        let mut out = Vec::with_capacity(HEADER_LEN + table_len + body + CHECKSUM_LEN);
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&analyzer.to_le_bytes());
        out.extend_from_slice(&[language, 0, 0, 0]);
        out.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        let mut offset = HEADER_LEN + table_len;
        for (tag, bytes) in &self.sections {
            out.extend_from_slice(tag);
            out.extend_from_slice(&(offset as u32).to_le_bytes());
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            offset += bytes.len();
        }
        for (_, bytes) in &self.sections {
            out.extend_from_slice(bytes);
        }
        let checksum = crc32(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }
}

// ---------------------------------------------------------------- reader --

/// The checked header and section table of an index.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    pub language: u8,
    sections: Vec<([u8; 4], std::ops::Range<usize>)>,
}

impl Layout {
    /// Checks everything that can be checked without decoding sections:
    /// length, magic, version, analyzer, checksum and section bounds.
    pub fn parse(bytes: &[u8], analyzer: u32) -> Result<Layout> {
        if bytes.len() < HEADER_LEN + CHECKSUM_LEN {
            return Err(if bytes.len() >= 8 && bytes[..8] != MAGIC {
                Error::NotAnIndex
            } else {
                Error::TooShort { len: bytes.len() }
            });
        }
        if bytes[..8] != MAGIC {
            return Err(Error::NotAnIndex);
        }
        let version = read_u32(bytes, 8);
        if version != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        // The checksum comes before the analyzer check: a damaged file should
        // say "damaged", not "rebuild with another analyzer".
        let (content, stored) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        let stored = read_u32(stored, 0);
        let computed = crc32(content);
        if stored != computed {
            return Err(Error::Checksum { stored, computed });
        }
        let found = read_u32(bytes, 12);
        if found != analyzer {
            return Err(Error::AnalyzerMismatch {
                found,
                expected: analyzer,
            });
        }
        let language = bytes[16];
        let count = read_u32(bytes, 20) as usize;
        let table_end = count
            .checked_mul(TABLE_ENTRY_LEN)
            .and_then(|len| len.checked_add(HEADER_LEN))
            .filter(|&end| end <= content.len())
            .ok_or(Error::Corrupt("section table runs past the end"))?;
        let mut sections = Vec::with_capacity(count);
        for entry in bytes[HEADER_LEN..table_end].chunks_exact(TABLE_ENTRY_LEN) {
            let tag = [entry[0], entry[1], entry[2], entry[3]];
            let start = read_u32(entry, 4) as usize;
            let end = start.checked_add(read_u32(entry, 8) as usize);
            match end {
                Some(end) if start >= table_end && end <= content.len() => {
                    sections.push((tag, start..end))
                }
                _ => return Err(Error::Corrupt("a section lies outside the file")),
            }
        }
        let layout = Layout { language, sections };
        for tag in tag::REQUIRED {
            layout.range(tag)?;
        }
        Ok(layout)
    }

    pub fn range(&self, tag: [u8; 4]) -> Result<std::ops::Range<usize>> {
        self.sections
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, r)| r.clone())
            .ok_or(Error::Corrupt("a required section is missing"))
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_file_round_trips_header() {
        let bytes = FileWriter::default().finish(7, 3);
        assert_eq!(&bytes[..8], &MAGIC);
        // No sections: the required ones are missing.
        assert_eq!(
            Layout::parse(&bytes, 7).unwrap_err(),
            Error::Corrupt("a required section is missing")
        );
        assert_eq!(
            Layout::parse(&bytes, 8).unwrap_err(),
            Error::AnalyzerMismatch {
                found: 7,
                expected: 8
            }
        );
    }

    fn full_file(analyzer: u32) -> Vec<u8> {
        let mut w = FileWriter::default();
        for (i, tag) in tag::REQUIRED.into_iter().enumerate() {
            w.section(tag, vec![i as u8; i]);
        }
        w.finish(analyzer, 1)
    }

    #[test]
    fn sections_come_back_where_they_were_written() {
        let bytes = full_file(1);
        let layout = Layout::parse(&bytes, 1).unwrap();
        assert_eq!(layout.language, 1);
        for (i, tag) in tag::REQUIRED.into_iter().enumerate() {
            assert_eq!(&bytes[layout.range(tag).unwrap()], &vec![i as u8; i][..]);
        }
    }

    #[test]
    fn header_errors_name_the_problem() {
        let bytes = full_file(1);
        assert_eq!(
            Layout::parse(&bytes[..10], 1).unwrap_err(),
            Error::TooShort { len: 10 }
        );
        assert_eq!(
            Layout::parse(b"<!doctype html><html>...</html>", 1).unwrap_err(),
            Error::NotAnIndex
        );
        let mut other_version = bytes.clone();
        other_version[8] = 9;
        assert_eq!(
            Layout::parse(&other_version, 1).unwrap_err(),
            Error::UnsupportedVersion {
                found: 9,
                supported: 1
            }
        );
        assert_eq!(
            Layout::parse(&bytes, 2).unwrap_err(),
            Error::AnalyzerMismatch {
                found: 1,
                expected: 2
            }
        );
        assert!(matches!(
            Layout::parse(&bytes[..bytes.len() - 1], 1),
            Err(Error::Checksum { .. })
        ));
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Layout::parse(&bytes, 1);
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = Layout::parse(&with_magic, 1);
        }

        #[test]
        fn any_single_byte_change_is_caught(at in 0usize..10_000, flip in 1u8..=255) {
            let bytes = full_file(1);
            let mut damaged = bytes.clone();
            let at = at % damaged.len();
            damaged[at] ^= flip;
            prop_assert!(Layout::parse(&damaged, 1).is_err());
        }
    }
}
