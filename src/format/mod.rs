//! The bytes of a Trouve index, in both of its layouts: what each byte
//! means, the writer and the reader, in one place.
//!
//! An index is a **root** and **pieces**. The root holds what every query
//! needs before it can ask for anything else: collection figures, the table
//! of files, and where each piece of the dictionary, the document tables and
//! the rest lie. Pieces are the dictionary's term chunks (each a range of
//! words), the long postings lists, the document records and the smaller
//! tables; every one is found through a [`Location`] in the root or in
//! another piece.
//!
//! - The **single layout** is one file, a [container](#containers) of kind
//!   `INDEX` whose `PCES` section holds every piece. It travels inside the
//!   browser module ([`module`]) or on its own (`index.trv`).
//! - The **split layout** is a root container of kind `ROOT` and a set of
//!   piece files, each a concatenation of pieces, compressed one by one with
//!   raw DEFLATE, named by the hash of their bytes. The page fetches the
//!   root, then only the pieces a query needs; a piece can be read alone with
//!   an HTTP range request, or taken out of its whole file when the host
//!   ignores ranges.
//!
//! The reader is the same for both ([`crate::Index`]): in the single layout
//! every piece is at hand, in the split one a search says which pieces it
//! still needs.
//!
//! # Containers
//!
//! The root and the single-layout file are containers. All integers are
//! little-endian.
//!
//! ```text
//! container = header, section table, section bodies, checksum
//! header    = magic          8 bytes  89 54 52 56 0D 0A 1A 0A  ("\x89TRV\r\n\x1a\n")
//!             version        u32      FORMAT_VERSION
//!             analyzer       u32      analysis::ANALYZER_ID of the builder
//!             language       u8       analysis::Language, as a number
//!             kind           u8       1 INDEX (single layout), 2 ROOT (split layout)
//!             reserved       2 bytes  zero
//!             sections       u32      number of entries in the section table
//! table     = sections × (tag [u8; 4], offset u32, length u32), offsets from the start
//! checksum  = u32, CRC-32 (IEEE) of every byte before it
//! ```
//!
//! Sections (a reader skips tags it does not know):
//!
//! | tag    | contents |
//! |--------|----------|
//! | `ROOT` | the root, see [`root`]; always there |
//! | `PCES` | pieces, uncompressed and without their own checksum (the container's covers them): file 0 of the root's file table. In the single layout every piece; in the split layout none, or the few small pieces kept with the root |
//! | `FLTR` | the filter keys, their values and how many documents hold each, see [`filters`]; only when some document has a filter |
//! | `NUMS` | the number fields (a number or a date a document, for ranges and sorting), see [`numbers`]; only when some document has one |
//!
//! The magic number's high byte and line endings catch a file mangled by a
//! text-mode transfer, like PNG's. The version changes with this layout; the
//! analyzer id changes whenever analysis output changes. Both are refused on
//! mismatch with an [`Error`] that says to rebuild.
//!
//! # Pieces
//!
//! A [`Location`] is `(file, offset, length)`: a file of the root's file
//! table, and where the piece's stored bytes lie in it. File 0 is the
//! container's own `PCES` section. In any other file, a piece is stored
//! compressed (raw DEFLATE) and its content ends with the CRC-32 of what
//! comes before, so a damaged or substituted piece is refused
//! ([`pieces::unframe`]).
//!
//! | piece | what | reached from |
//! |---|---|---|
//! | term chunk | the dictionary for a range of words: an fst of surface forms and stems, each word's postings head, and completions, see [`terms`] | the root's term table, by key |
//! | reverse chunk | an fst of reversed surface forms → document frequency, for typos early in a word | the root's reverse table |
//! | head | a word's postings head, when it is too long to stay in its entry (split layout) | its term entry |
//! | tail tier | part of the rest of a frequent word's impact list (a tail is cut in up to three tiers), see [`crate::postings`] | its term entry |
//! | positions | a word's positions list, for phrases | its term entry |
//! | document table | where each document's record lies, for a run of documents, see [`docs`] | the root |
//! | record | a document's id, URL, title, date, sections (heading, anchor, first word) and the first text block of its body | a document table |
//! | block | a further text block of a long body | its record |
//! | ids | an fst of document ids → numbers, for a range of ids | the root |
//! | dates | the dates of all documents, as runs | the root |
//! | filter documents | for a filter key, the documents that hold each of its values | the `FLTR` section |
//! | number values | for a number field, its values and the documents that hold each | the `NUMS` section |
//!
//! Documents are numbered newest first, undated last (then in the order they
//! were added), so that a date range is a few runs of numbers and sorting by
//! date is sorting by number.
//!
//! An index is cut in one or more **segments**, runs of those numbers (see
//! [`root`]): a word's lists in a segment number its documents from 0
//! within it, and its dictionary entry holds a part for each segment that
//! has it (see [`terms`]); a segment's documents start a document table.
//! So a segment's postings, records and tables never depend on the
//! documents of the others: what lets a build add documents as a segment
//! and leave the files of the others as they are.
//!
//! A **varint** is LEB128 ([`varint`]). A **string** is a varint length and
//! that many bytes of UTF-8. A **front-coded** key is the length it shares
//! with the key before it (varint), then the rest as a string.

use crate::error::{Error, Result};

mod checksum;
pub mod docs;
mod fields;
pub mod filters;
pub(crate) mod fst_check;
pub mod module;
pub mod numbers;
pub mod pieces;
pub mod root;
pub mod terms;
mod varint;

pub(crate) use checksum::crc32;
pub use fields::Fields;
pub use pieces::Location;
pub(crate) use varint::{read_bytes, read_varint, write_bytes, write_varint};
pub mod placer;

/// The first eight bytes of every container.
pub const MAGIC: [u8; 8] = *b"\x89TRV\r\n\x1a\n";
/// The layout described above.
pub const FORMAT_VERSION: u32 = 9;

const HEADER_LEN: usize = 24;
const TABLE_ENTRY_LEN: usize = 12;
const CHECKSUM_LEN: usize = 4;

/// Section tags.
pub(crate) mod tag {
    pub const ROOT: [u8; 4] = *b"ROOT";
    pub const PIECES: [u8; 4] = *b"PCES";
    pub const FILTERS: [u8; 4] = *b"FLTR";
    pub const NUMBERS: [u8; 4] = *b"NUMS";
}

/// What a container holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// A whole index, every piece inside: the single layout.
    Index = 1,
    /// The root of a split index, its pieces in other files.
    Root = 2,
}

/// The sections of a container besides its root, each empty when there is
/// none.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sections<'a> {
    /// File 0's pieces.
    pub pieces: &'a [u8],
    pub filters: &'a [u8],
    pub numbers: &'a [u8],
}

/// Writes a container with a root and, if any, the pieces of file 0, the
/// filters and the number fields.
pub(crate) fn write_container(
    kind: ContainerKind,
    analyzer: u32,
    language: u8,
    root: &[u8],
    others: Sections<'_>,
) -> Vec<u8> {
    let sections: Vec<([u8; 4], &[u8])> = [
        (tag::ROOT, root),
        (tag::PIECES, others.pieces),
        (tag::FILTERS, others.filters),
        (tag::NUMBERS, others.numbers),
    ]
    .into_iter()
    .filter(|(tag, bytes)| *tag == tag::ROOT || !bytes.is_empty())
    .collect();
    let body: usize = sections.iter().map(|(_, b)| b.len()).sum();
    let table_len = sections.len() * TABLE_ENTRY_LEN;
    let mut out = Vec::with_capacity(HEADER_LEN + table_len + body + CHECKSUM_LEN);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&analyzer.to_le_bytes());
    out.extend_from_slice(&[language, kind as u8, 0, 0]);
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut offset = HEADER_LEN + table_len;
    for (tag, bytes) in &sections {
        out.extend_from_slice(tag);
        out.extend_from_slice(&(offset as u32).to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        offset += bytes.len();
    }
    for (_, bytes) in &sections {
        out.extend_from_slice(bytes);
    }
    let checksum = crc32(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// Whether a container (an index or a split index's root) has filter keys
/// or number fields, which only an engine built with the `filters` feature
/// reads.
pub fn has_filters(container: &[u8]) -> Result<bool> {
    let container = Container::parse(container, crate::analysis::ANALYZER_ID)?;
    Ok(!container.filters.is_empty() || !container.numbers.is_empty())
}

/// The checked header and sections of a container.
#[derive(Clone, Debug)]
pub(crate) struct Container {
    pub kind: ContainerKind,
    pub language: u8,
    pub root: std::ops::Range<usize>,
    /// File 0's pieces (empty when there are none).
    pub pieces: std::ops::Range<usize>,
    /// The `FLTR` section (empty when there is none).
    pub filters: std::ops::Range<usize>,
    /// The `NUMS` section (empty when there is none).
    pub numbers: std::ops::Range<usize>,
}

impl Container {
    /// Checks everything that can be checked without decoding sections:
    /// length, magic, version, checksum, analyzer, kind and section bounds.
    pub fn parse(bytes: &[u8], analyzer: u32) -> Result<Container> {
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
        let kind = match bytes[17] {
            1 => ContainerKind::Index,
            2 => ContainerKind::Root,
            _ => return Err(Error::Corrupt("the container is of an unknown kind")),
        };
        let count = read_u32(bytes, 20) as usize;
        let table_end = count
            .checked_mul(TABLE_ENTRY_LEN)
            .and_then(|len| len.checked_add(HEADER_LEN))
            .filter(|&end| end <= content.len())
            .ok_or(Error::Corrupt("section table runs past the end"))?;
        let mut root = None;
        let mut pieces = 0..0;
        let mut filters = 0..0;
        let mut numbers = 0..0;
        for entry in bytes[HEADER_LEN..table_end].chunks_exact(TABLE_ENTRY_LEN) {
            let start = read_u32(entry, 4) as usize;
            let range = match start.checked_add(read_u32(entry, 8) as usize) {
                Some(end) if start >= table_end && end <= content.len() => start..end,
                _ => return Err(Error::Corrupt("a section lies outside the file")),
            };
            match [entry[0], entry[1], entry[2], entry[3]] {
                tag::ROOT => root = Some(range),
                tag::PIECES => pieces = range,
                tag::FILTERS => filters = range,
                tag::NUMBERS => numbers = range,
                _ => {}
            }
        }
        Ok(Container {
            kind,
            language,
            root: root.ok_or(Error::Corrupt("a required section is missing"))?,
            pieces,
            filters,
            numbers,
        })
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn container(analyzer: u32) -> Vec<u8> {
        let others = Sections {
            pieces: b"pieces",
            ..Sections::default()
        };
        write_container(ContainerKind::Index, analyzer, 1, b"root", others)
    }

    #[test]
    fn sections_come_back_where_they_were_written() {
        let bytes = container(7);
        let parsed = Container::parse(&bytes, 7).unwrap();
        assert_eq!((parsed.kind, parsed.language), (ContainerKind::Index, 1));
        assert_eq!(&bytes[parsed.root], b"root");
        assert_eq!(&bytes[parsed.pieces], b"pieces");
        let root_only = write_container(ContainerKind::Root, 7, 1, b"r", Sections::default());
        let parsed = Container::parse(&root_only, 7).unwrap();
        assert_eq!((parsed.kind, parsed.pieces), (ContainerKind::Root, 0..0));
        assert_eq!(parsed.filters, 0..0);
        let others = Sections {
            pieces: b"p",
            filters: b"filters",
            numbers: b"numbers",
        };
        let filtered = write_container(ContainerKind::Index, 7, 1, b"r", others);
        let parsed = Container::parse(&filtered, 7).unwrap();
        assert_eq!(&filtered[parsed.filters], b"filters");
        assert_eq!(&filtered[parsed.numbers], b"numbers");
    }

    #[test]
    fn header_errors_name_the_problem() {
        let bytes = container(1);
        assert_eq!(
            Container::parse(&bytes[..10], 1).unwrap_err(),
            Error::TooShort { len: 10 }
        );
        assert_eq!(
            Container::parse(b"<!doctype html><html>...</html>", 1).unwrap_err(),
            Error::NotAnIndex
        );
        let mut other_version = bytes.clone();
        other_version[8] = 8;
        assert_eq!(
            Container::parse(&other_version, 1).unwrap_err(),
            Error::UnsupportedVersion {
                found: 8,
                supported: FORMAT_VERSION
            }
        );
        assert_eq!(
            Container::parse(&bytes, 2).unwrap_err(),
            Error::AnalyzerMismatch {
                found: 1,
                expected: 2
            }
        );
        assert!(matches!(
            Container::parse(&bytes[..bytes.len() - 1], 1),
            Err(Error::Checksum { .. })
        ));
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Container::parse(&bytes, 1);
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = Container::parse(&with_magic, 1);
        }

        #[test]
        fn any_single_byte_change_is_caught(at in 0usize..10_000, flip in 1u8..=255) {
            let mut damaged = container(1);
            let at = at % damaged.len();
            damaged[at] ^= flip;
            prop_assert!(Container::parse(&damaged, 1).is_err());
        }
    }
}
