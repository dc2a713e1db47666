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
//! A **table** is `rows u32, columns u8, widths [u8; columns]` followed by
//! `rows` rows of fixed-width unsigned integers, each column as narrow as its
//! largest value needs (1 to 8 bytes). Fixed widths keep random access O(1);
//! narrow columns keep a small corpus's index small.
//!
//! A **varint** is LEB128: 7 bits a byte, low bits first, high bit set on
//! every byte but the last.

use crate::error::{Error, Result};

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

/// Writes a table with each column as narrow as its values allow.
pub(crate) fn write_table(columns: &[&[u64]]) -> Vec<u8> {
    let rows = columns.first().map_or(0, |c| c.len());
    debug_assert!(columns.iter().all(|c| c.len() == rows));
    let widths: Vec<u8> = columns
        .iter()
        .map(|c| width_of(c.iter().copied().max().unwrap_or(0)))
        .collect();
    let stride: usize = widths.iter().map(|&w| w as usize).sum();
    let mut out = Vec::with_capacity(5 + widths.len() + rows * stride);
    out.extend_from_slice(&(rows as u32).to_le_bytes());
    out.push(columns.len() as u8);
    out.extend_from_slice(&widths);
    for row in 0..rows {
        for (column, &width) in columns.iter().zip(&widths) {
            out.extend_from_slice(&column[row].to_le_bytes()[..width as usize]);
        }
    }
    out
}

fn width_of(max: u64) -> u8 {
    (64 - max.leading_zeros()).div_ceil(8).max(1) as u8
}

/// Appends `value` as a varint: unsigned LEB128, the integer encoding of
/// WebAssembly too (the bundle writer uses it for sections).
pub fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
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

/// Where a table's rows live, parsed once when the index opens.
#[derive(Clone, Debug)]
pub(crate) struct TableLayout {
    rows: usize,
    data_start: usize,
    stride: usize,
    columns: Vec<(usize, u8)>,
}

impl TableLayout {
    /// Parses the table header found at `range` of `bytes`.
    pub fn parse(
        bytes: &[u8],
        range: std::ops::Range<usize>,
        min_columns: usize,
    ) -> Result<TableLayout> {
        const BAD: Error = Error::Corrupt("a table header is damaged");
        let section = bytes.get(range.clone()).ok_or(BAD)?;
        if section.len() < 5 {
            return Err(BAD);
        }
        let rows = read_u32(section, 0) as usize;
        let count = section[4] as usize;
        let widths = section.get(5..5 + count).ok_or(BAD)?;
        if count < min_columns || widths.iter().any(|&w| !(1..=8).contains(&w)) {
            return Err(BAD);
        }
        let mut columns = Vec::with_capacity(count);
        let mut stride = 0;
        for &width in widths {
            columns.push((stride, width));
            stride += width as usize;
        }
        let header = 5 + count;
        if rows.checked_mul(stride).and_then(|n| n.checked_add(header)) != Some(section.len()) {
            return Err(BAD);
        }
        Ok(TableLayout {
            rows,
            data_start: range.start + header,
            stride,
            columns,
        })
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The value at `row` and `column`, or `None` past the end.
    #[inline]
    pub fn get(&self, bytes: &[u8], row: usize, column: usize) -> Option<u64> {
        if row >= self.rows {
            return None;
        }
        let &(offset, width) = self.columns.get(column)?;
        let at = self.data_start + row * self.stride + offset;
        let cell = bytes.get(at..at + width as usize)?;
        let mut buf = [0u8; 8];
        buf[..cell.len()].copy_from_slice(cell);
        Some(u64::from_le_bytes(buf))
    }
}

/// Reads a varint at `*at`, advancing it; `None` if it is cut short or too
/// long for a u64.
#[inline]
pub fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    // Most postings numbers fit in one byte.
    let first = *bytes.get(*at)?;
    if first < 0x80 {
        *at += 1;
        return Some(u64::from(first));
    }
    read_long_varint(bytes, at)
}

#[cold]
fn read_long_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// Reads a varint length and that many bytes.
pub(crate) fn read_bytes<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = usize::try_from(read_varint(bytes, at)?).ok()?;
    let end = at.checked_add(len)?;
    let found = bytes.get(*at..end)?;
    *at = end;
    Some(found)
}

pub(crate) fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

// -------------------------------------------------------------- checksum --

/// CRC-32 (IEEE 802.3). In the browser module, a byte at a time from a
/// 1 KB table: table-driven crates carry 8–16 KB of tables, which the page
/// would download, and indexes there are small. Natively, eight bytes at a
/// time from 8 KB of tables, since `trouve build` writes tens of megabytes.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut crc = !0u32;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let low = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) ^ crc;
            let t = &CRC_TABLES_8;
            crc = t[7][(low & 0xff) as usize]
                ^ t[6][(low >> 8 & 0xff) as usize]
                ^ t[5][(low >> 16 & 0xff) as usize]
                ^ t[4][(low >> 24) as usize]
                ^ t[3][chunk[4] as usize]
                ^ t[2][chunk[5] as usize]
                ^ t[1][chunk[6] as usize]
                ^ t[0][chunk[7] as usize];
        }
        !crc32_bytewise(crc, chunks.remainder())
    }
    #[cfg(target_arch = "wasm32")]
    {
        !crc32_bytewise(!0, bytes)
    }
}

/// Continues a CRC over `bytes`, a byte at a time (pre- and post-inverted
/// by the caller).
fn crc32_bytewise(mut crc: u32, bytes: &[u8]) -> u32 {
    for &byte in bytes {
        crc = CRC_TABLE[((crc ^ u32::from(byte)) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// The classic byte-at-a-time table.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// Slicing-by-8: table k advances a byte that is followed by k more.
#[cfg(not(target_arch = "wasm32"))]
const CRC_TABLES_8: [[u32; 256]; 8] = {
    let mut tables = [CRC_TABLE; 8];
    let mut t = 1;
    while t < 8 {
        let mut i = 0;
        while i < 256 {
            let previous = tables[t - 1][i];
            tables[t][i] = (previous >> 8) ^ CRC_TABLE[(previous & 0xff) as usize];
            i += 1;
        }
        t += 1;
    }
    tables
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    proptest! {
        #[test]
        fn eight_bytes_at_a_time_agrees_with_one(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(crc32(&bytes), !crc32_bytewise(!0, &bytes));
        }
    }

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

    #[test]
    fn table_round_trip_with_narrow_columns() {
        let a = [0u64, 1, 255];
        let b = [70_000u64, 0, 3];
        let c = [u64::MAX, 1, 2];
        let bytes = write_table(&[&a, &b, &c]);
        assert_eq!(bytes.len(), 5 + 3 + 3 * (1 + 3 + 8));
        let t = TableLayout::parse(&bytes, 0..bytes.len(), 3).unwrap();
        assert_eq!(t.rows(), 3);
        for row in 0..3 {
            assert_eq!(t.get(&bytes, row, 0), Some(a[row]));
            assert_eq!(t.get(&bytes, row, 1), Some(b[row]));
            assert_eq!(t.get(&bytes, row, 2), Some(c[row]));
        }
        assert_eq!(t.get(&bytes, 3, 0), None);
        assert_eq!(t.get(&bytes, 0, 3), None);
        assert!(TableLayout::parse(&bytes, 0..bytes.len() - 1, 3).is_err());
        assert!(TableLayout::parse(&bytes, 0..bytes.len(), 4).is_err());
    }

    proptest! {
        #[test]
        fn varints_round_trip(values in proptest::collection::vec(any::<u64>(), 0..50)) {
            let mut buf = Vec::new();
            values.iter().for_each(|&v| write_varint(&mut buf, v));
            let mut at = 0;
            for &v in &values {
                prop_assert_eq!(read_varint(&buf, &mut at), Some(v));
            }
            prop_assert_eq!(at, buf.len());
            prop_assert_eq!(read_varint(&buf, &mut at), None);
        }

        #[test]
        fn tables_round_trip(rows in proptest::collection::vec((any::<u64>(), 0u64..300, any::<u32>()), 0..40)) {
            let a: Vec<u64> = rows.iter().map(|r| r.0).collect();
            let b: Vec<u64> = rows.iter().map(|r| r.1).collect();
            let c: Vec<u64> = rows.iter().map(|r| u64::from(r.2)).collect();
            let bytes = write_table(&[&a, &b, &c]);
            let t = TableLayout::parse(&bytes, 0..bytes.len(), 3).unwrap();
            prop_assert_eq!(t.rows(), rows.len());
            for (i, row) in rows.iter().enumerate() {
                prop_assert_eq!(t.get(&bytes, i, 0), Some(row.0));
                prop_assert_eq!(t.get(&bytes, i, 1), Some(row.1));
                prop_assert_eq!(t.get(&bytes, i, 2), Some(u64::from(row.2)));
            }
        }

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
