//! Documents: their records and text blocks, the tables that find them,
//! their ids and their dates.
//!
//! ```text
//! doc table = file varint, first offset varint,
//!             count × (record length varint,
//!                      block pieces varint, block pieces × stored length varint)
//! record    = id, url, title, date (strings; an empty date for none),
//!             sections varint, sections × (first position Δ varint, heading, anchor (strings)),
//!             blocks varint (1 or more), (blocks − 1) × first position Δ varint,
//!             the body's text when it is one block, else nothing (string),
//!             [only when the document has metadata:
//!              meta varint, meta × (key, value (strings))]
//! block     = its text, as it is
//! ids       = fst::Map: document id → number
//! dates     = count varint × (date key varint, documents varint), in document order
//! ```
//!
//! A document table covers [`super::root::Root::docs_per_table`] documents
//! (the last one fewer), whose pieces follow one another in one file: a
//! record, then its block pieces, then the next document's record. A body of
//! one block lies in its record (one piece, one request); a longer body's
//! blocks, block 0 included, are pieces of their own, so that a result whose
//! snippet comes from a later block does not download the first (1.3 KB
//! compressed on the Python docs). The stored lengths are what lies in the
//! file, compressed or not. The table, not the record, holds them: a
//! result's record and the block its snippet needs are then found together
//! and fetched in one round trip, and when that block follows the record,
//! in one request.
//!
//! A body's **sections** each start at a heading: the position of its first
//! word in the body, its text, and the fragment that links to it in the
//! page (empty when none), so that a result can name and link the section
//! that matched.
//!
//! A record's **metadata** is what a page says of itself for its result to
//! show (`image`, a custom `byline`). A record without any ends with its
//! body, as records did before metadata existed, so an index without
//! metadata has the same bytes.
//!
//! A body is cut into **blocks** of `block words` words, so that a snippet
//! needs only the block that holds its words. A date key is [`crate::Date::to_key`]; documents
//! are numbered newest first, so the runs come in decreasing key order, the
//! undated (key 0) last.

use super::{read_bytes, read_varint, write_bytes, write_varint, Location};
use crate::error::{Error, Result};

const DAMAGED: Error = Error::Corrupt("a document record or table of the index is damaged");

/// Where one document's pieces lie: its record, then its block pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocPieces<'a> {
    pub record: Location,
    /// How many text blocks the body has (at least 1).
    pub block_count: u32,
    /// The block pieces' stored lengths (varints, checked); none when the
    /// body lies in the record.
    lengths: &'a [u8],
}

impl DocPieces<'_> {
    /// Whether the body lies in the record, as one block.
    pub fn in_record(&self) -> bool {
        self.lengths.is_empty()
    }

    /// Where block `block` lies, when the body does not lie in the record.
    pub fn block(&self, block: u32) -> Result<Location> {
        if self.in_record() || block >= self.block_count {
            return Err(DAMAGED);
        }
        let mut at = 0;
        let mut offset = self.record.offset + u64::from(self.record.length);
        for b in 0..=block {
            let length = read_varint(self.lengths, &mut at).ok_or(DAMAGED)?;
            if b == block {
                let length = u32::try_from(length).map_err(|_| DAMAGED)?;
                return Ok(Location {
                    file: self.record.file,
                    offset,
                    length,
                });
            }
            offset = offset.checked_add(length).ok_or(DAMAGED)?;
        }
        Err(DAMAGED)
    }
}

/// Writes a document table for documents whose pieces start at `start`:
/// per document, its record's stored length and its block pieces' (none
/// for a body in its record).
pub fn write_doc_table(start: Location, lengths: &[(u32, Vec<u32>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + 4 * lengths.len());
    write_varint(&mut out, u64::from(start.file));
    write_varint(&mut out, start.offset);
    for (record, blocks) in lengths {
        write_varint(&mut out, u64::from(*record));
        write_varint(&mut out, blocks.len() as u64);
        for &block in blocks {
            write_varint(&mut out, u64::from(block));
        }
    }
    out
}

/// The pieces of document `index` (counted from the table's first).
pub fn doc_in_table(table: &[u8], index: usize) -> Result<DocPieces<'_>> {
    let mut at = 0;
    let file = u32::try_from(read_varint(table, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
    let mut offset = read_varint(table, &mut at).ok_or(DAMAGED)?;
    for i in 0..=index {
        let record = read_varint(table, &mut at).ok_or(DAMAGED)?;
        let pieces = read_varint(table, &mut at).ok_or(DAMAGED)?;
        let lengths_start = at;
        let mut end = offset.checked_add(record).ok_or(DAMAGED)?;
        for _ in 0..pieces {
            let length = read_varint(table, &mut at).ok_or(DAMAGED)?;
            end = end.checked_add(length).ok_or(DAMAGED)?;
        }
        if i == index {
            return Ok(DocPieces {
                record: Location {
                    file,
                    offset,
                    length: u32::try_from(record).map_err(|_| DAMAGED)?,
                },
                block_count: u32::try_from(pieces.max(1)).map_err(|_| DAMAGED)?,
                lengths: &table[lengths_start..at],
            });
        }
        offset = end;
    }
    Err(DAMAGED)
}

/// A document's record, read in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    sections: &'a [u8],
    section_count: u32,
    blocks: &'a [u8],
    block_count: u32,
    /// The body when it is one block; else empty (its blocks are pieces).
    pub body: &'a str,
    pub meta: Meta<'a>,
}

/// A document's metadata, (key, value) pairs in the order the page gave
/// them, read in place (checked when its record was read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta<'a> {
    bytes: &'a [u8],
    count: u32,
}

impl<'a> Meta<'a> {
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let bytes = self.bytes;
        let mut at = 0;
        let mut text = move || std::str::from_utf8(read_bytes(bytes, &mut at)?).ok();
        (0..self.count).map_while(move |_| Some((text()?, text()?)))
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The value of `key`, if the document has one.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.iter().find(|&(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A section of a body: where its heading starts and what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section<'a> {
    /// The position of the heading's first word in the body.
    pub position: u32,
    pub heading: &'a str,
    /// The fragment that leads to it in the page; empty when none.
    pub anchor: &'a str,
}

/// Writes a record; `sections` come in order, `blocks` are the further
/// blocks' first positions, `body` the body when it is one block (else
/// empty), and `meta` the document's metadata.
pub fn write_record(
    fields: [&str; 4],
    sections: &[Section<'_>],
    blocks: &[u32],
    body: &str,
    meta: &[(String, String)],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 64);
    for field in fields {
        write_bytes(&mut out, field.as_bytes());
    }
    write_varint(&mut out, sections.len() as u64);
    let mut previous = 0;
    for section in sections {
        write_varint(&mut out, u64::from(section.position - previous));
        write_bytes(&mut out, section.heading.as_bytes());
        write_bytes(&mut out, section.anchor.as_bytes());
        previous = section.position;
    }
    write_varint(&mut out, blocks.len() as u64 + 1);
    let mut previous = 0;
    for &position in blocks {
        write_varint(&mut out, u64::from(position - previous));
        previous = position;
    }
    write_bytes(&mut out, body.as_bytes());
    if !meta.is_empty() {
        write_varint(&mut out, meta.len() as u64);
        for (key, value) in meta {
            write_bytes(&mut out, key.as_bytes());
            write_bytes(&mut out, value.as_bytes());
        }
    }
    out
}

impl<'a> Record<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Record<'a>> {
        let mut at = 0;
        let mut text = || -> Result<&'a str> {
            std::str::from_utf8(read_bytes(bytes, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)
        };
        let (id, url, title, date) = (text()?, text()?, text()?, text()?);
        let section_count =
            u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
        let sections_start = at;
        let mut position = 0u32;
        for _ in 0..section_count {
            let delta = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
            position = u32::try_from(u64::from(position) + delta).map_err(|_| DAMAGED)?;
            for _ in 0..2 {
                std::str::from_utf8(read_bytes(bytes, &mut at).ok_or(DAMAGED)?)
                    .map_err(|_| DAMAGED)?;
            }
        }
        let sections = &bytes[sections_start..at];
        let block_count = u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or(DAMAGED)?;
        let blocks_start = at;
        for _ in 1..block_count {
            read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        }
        let blocks = &bytes[blocks_start..at];
        let body =
            std::str::from_utf8(read_bytes(bytes, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
        let mut meta = Meta::default();
        if at < bytes.len() {
            meta.count =
                u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
            let start = at;
            for _ in 0..u64::from(meta.count) * 2 {
                std::str::from_utf8(read_bytes(bytes, &mut at).ok_or(DAMAGED)?)
                    .map_err(|_| DAMAGED)?;
            }
            meta.bytes = &bytes[start..at];
            if meta.count == 0 || at != bytes.len() {
                return Err(DAMAGED);
            }
        }
        Ok(Record {
            id,
            url,
            title,
            date: (!date.is_empty()).then_some(date),
            sections,
            section_count,
            blocks,
            block_count,
            body,
            meta,
        })
    }

    /// The body's sections, in order (checked when the record was read).
    pub fn sections(&self) -> impl Iterator<Item = Section<'a>> + 'a {
        let bytes = self.sections;
        let mut at = 0;
        let mut position = 0u32;
        (0..self.section_count).map_while(move |_| {
            let delta = read_varint(bytes, &mut at)?;
            position = position.checked_add(u32::try_from(delta).ok()?)?;
            let mut text = || std::str::from_utf8(read_bytes(bytes, &mut at)?).ok();
            Some(Section {
                position,
                heading: text()?,
                anchor: text()?,
            })
        })
    }

    /// How many text blocks the body has (at least 1).
    pub fn block_count(&self) -> u32 {
        self.block_count
    }

    /// The position of block `block`'s first word in the body (0 for
    /// block 0).
    pub fn first_position(&self, block: u32) -> Result<u32> {
        if block >= self.block_count {
            return Err(DAMAGED);
        }
        let mut at = 0;
        let mut position = 0u32;
        for _ in 0..block {
            let delta = read_varint(self.blocks, &mut at).ok_or(DAMAGED)?;
            position = u32::try_from(u64::from(position) + delta).map_err(|_| DAMAGED)?;
        }
        Ok(position)
    }
}

/// Writes the dates table from runs of (date key, documents).
pub fn write_dates(runs: &[(u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    write_varint(&mut out, runs.len() as u64);
    for &(key, docs) in runs {
        write_varint(&mut out, u64::from(key));
        write_varint(&mut out, u64::from(docs));
    }
    out
}

/// The runs of the dates table, checked to cover exactly `doc_count`
/// documents, each run's date another than the run before's. A segment's
/// documents are numbered newest first, so the dates decrease but where a
/// segment that a later build added ends (see `super::root`).
pub fn read_dates(bytes: &[u8], doc_count: u32) -> Result<Vec<(u32, u32)>> {
    let mut at = 0;
    let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
    let mut runs = Vec::new();
    let mut total = 0u64;
    for _ in 0..count {
        let key =
            u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
        let docs =
            u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?).map_err(|_| DAMAGED)?;
        if runs.last().is_some_and(|&(previous, _)| previous == key) {
            return Err(DAMAGED);
        }
        total += u64::from(docs);
        runs.push((key, docs));
    }
    if total != u64::from(doc_count) || at != bytes.len() {
        return Err(DAMAGED);
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_their_blocks_round_trip() {
        let sections = [
            Section {
                position: 3,
                heading: "Première partie",
                anchor: "premiere",
            },
            Section {
                position: 4200,
                heading: "Sans ancre",
                anchor: "",
            },
        ];
        let bytes = write_record(
            ["a", "/a.html", "Titre", "2025-04"],
            &sections,
            &[4096, 8192],
            "",
            &[],
        );
        let record = Record::read(&bytes).unwrap();
        assert_eq!(
            (record.id, record.url, record.title, record.date),
            ("a", "/a.html", "Titre", Some("2025-04"))
        );
        assert_eq!(record.sections().collect::<Vec<_>>(), sections);
        assert_eq!(record.body, "");
        assert_eq!(record.block_count(), 3);
        assert_eq!(record.first_position(0).unwrap(), 0);
        assert_eq!(record.first_position(2).unwrap(), 8192);
        assert!(record.first_position(3).is_err());
        assert!(record.meta.is_empty());
        let bytes = write_record(["b", "", "", ""], &[], &[], "Le corps.", &[]);
        let undated = Record::read(&bytes).unwrap();
        assert_eq!((undated.date, undated.block_count()), (None, 1));
        assert_eq!(undated.body, "Le corps.");
        assert_eq!(undated.sections().count(), 0);
        for cut in 0..bytes.len() {
            assert!(Record::read(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn metadata_follow_the_body_only_when_there_are_some() {
        let meta = [
            ("image".to_owned(), "/une.jpg".to_owned()),
            ("signature".to_owned(), "M. D.".to_owned()),
        ];
        let plain = write_record(["b", "", "", ""], &[], &[], "Le corps.", &[]);
        let bytes = write_record(["b", "", "", ""], &[], &[], "Le corps.", &meta);
        assert!(bytes.starts_with(&plain));
        let record = Record::read(&bytes).unwrap();
        assert_eq!(record.body, "Le corps.");
        let pairs: Vec<(&str, &str)> = record.meta.iter().collect();
        assert_eq!(pairs, [("image", "/une.jpg"), ("signature", "M. D.")]);
        assert_eq!(record.meta.get("signature"), Some("M. D."));
        for cut in plain.len() + 1..bytes.len() {
            assert!(Record::read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // A count of none, and a byte past the metadata.
        let mut empty = plain.clone();
        empty.push(0);
        assert!(Record::read(&empty).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Record::read(&longer).is_err());
    }

    #[test]
    fn a_table_finds_each_document_and_its_blocks() {
        let start = Location {
            file: 1,
            offset: 50,
            length: 0,
        };
        let table = write_doc_table(start, &[(10, vec![]), (20, vec![6, 5, 3]), (7, vec![])]);
        let third = doc_in_table(&table, 2).unwrap();
        assert_eq!(
            third.record,
            Location {
                file: 1,
                offset: 50 + 10 + 20 + 6 + 5 + 3,
                length: 7
            }
        );
        assert_eq!(third.block_count, 1);
        assert!(third.in_record() && third.block(0).is_err());
        let second = doc_in_table(&table, 1).unwrap();
        assert_eq!(second.block_count, 3);
        assert!(!second.in_record());
        let block = |b| second.block(b).map(|l| (l.file, l.offset, l.length));
        assert_eq!(block(0).unwrap(), (1, 50 + 10 + 20, 6));
        assert_eq!(block(2).unwrap(), (1, 50 + 10 + 20 + 6 + 5, 3));
        assert!(block(3).is_err());
        assert!(doc_in_table(&table, 3).is_err());
        for cut in 0..table.len() {
            assert!(doc_in_table(&table[..cut], 2).is_err());
        }
    }

    #[test]
    fn dates_come_in_runs_that_cover_every_document() {
        let runs = [(9000, 2), (8000, 1), (0, 3)];
        let bytes = write_dates(&runs);
        assert_eq!(read_dates(&bytes, 6).unwrap(), runs);
        assert!(read_dates(&bytes, 5).is_err());
        // A later segment's newest after an earlier one's oldest.
        let segments = [(1, 1), (2, 1), (1, 1)];
        assert_eq!(read_dates(&write_dates(&segments), 3).unwrap(), segments);
        // Two runs of one date are one.
        assert!(read_dates(&write_dates(&[(1, 1), (1, 1)]), 2).is_err());
    }
}
