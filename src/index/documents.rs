//! The documents' side of the reader: records, text blocks, ids and dates,
//! and the summaries and stored documents built from them.

use super::{Answer, Index, Needs, BAD_DOC};
use crate::document::{StoredDocument, Summary};
use crate::error::{Error, Result};
use crate::format::docs::{doc_in_table, read_dates, DocPieces, Record};
use crate::format::root::Root;

impl<D: AsRef<[u8]>> Index<D> {
    /// Where document `doc`'s pieces lie.
    pub(crate) fn doc_pieces(&self, doc: u32, needs: &mut Needs) -> Result<Option<DocPieces<'_>>> {
        // A segment's documents start a table.
        let (segment, local) = self.root.segment_of(doc).ok_or(BAD_DOC)?;
        let per_table = self.root.docs_per_table;
        let table = self
            .root
            .doc_tables
            .get((segment.first_table + local / per_table) as usize)
            .ok_or(BAD_DOC)?;
        let Some(table) = self.piece(*table, needs)? else {
            return Ok(None);
        };
        let pieces = doc_in_table(table, (local % per_table) as usize)?;
        self.root.check(pieces.record)?;
        Ok(Some(pieces))
    }

    /// Document `doc`'s record.
    pub(crate) fn record(&self, doc: u32, needs: &mut Needs) -> Result<Option<Record<'_>>> {
        let Some(pieces) = self.doc_pieces(doc, needs)? else {
            return Ok(None);
        };
        self.record_at(&pieces, needs)
    }

    fn record_at(&self, pieces: &DocPieces<'_>, needs: &mut Needs) -> Result<Option<Record<'_>>> {
        self.piece(pieces.record, needs)?
            .map(Record::read)
            .transpose()
    }

    /// Text block `block` (0 or more) of document `doc`'s body, its first
    /// word's position, and the document's record. The record and the
    /// block are asked for together, so that they arrive in one round trip.
    pub(crate) fn record_and_block(
        &self,
        doc: u32,
        block: u32,
        needs: &mut Needs,
    ) -> Result<Option<(Record<'_>, &str, u32)>> {
        let Some(pieces) = self.doc_pieces(doc, needs)? else {
            return Ok(None);
        };
        // A body of one block is the record's.
        let text = match pieces.in_record() {
            true => Some(""),
            false => self.block_text(&pieces, block, needs)?,
        };
        let (Some(record), Some(text)) = (self.record_at(&pieces, needs)?, text) else {
            return Ok(None);
        };
        let text = if pieces.in_record() {
            record.body
        } else {
            text
        };
        Ok(Some((record, text, record.first_position(block)?)))
    }

    fn block_text(
        &self,
        pieces: &DocPieces<'_>,
        block: u32,
        needs: &mut Needs,
    ) -> Result<Option<&str>> {
        let location = pieces.block(block)?;
        self.root.check(location)?;
        let Some(bytes) = self.piece(location, needs)? else {
            return Ok(None);
        };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Error::Corrupt("a text block is not UTF-8"))
    }

    /// The runs of dates, newest first (empty if no document is dated).
    pub(crate) fn date_runs(&self, needs: &mut Needs) -> Result<Option<Vec<(u32, u32)>>> {
        match self.root.dates {
            None => Ok(Some(vec![(0, self.root.doc_count)])),
            Some(location) => self
                .piece(location, needs)?
                .map(|bytes| read_dates(bytes, self.root.doc_count))
                .transpose(),
        }
    }

    /// The number of the document with this id: `Ok(None)` until its id
    /// chunk arrives.
    pub(crate) fn find_id(&self, id: &str, needs: &mut Needs) -> Result<Option<Option<u32>>> {
        if self.root.ids.is_empty() {
            return Ok(Some(None));
        }
        let chunk = &self.root.ids[Root::chunk_for(&self.root.ids, id.as_bytes())];
        let Some(bytes) = self.piece(chunk.location, needs)? else {
            return Ok(None);
        };
        let ids = fst::Map::new(bytes)
            .map_err(|_| Error::Corrupt("an id chunk of the index is damaged"))?;
        match ids.get(id) {
            Some(doc) if doc >= u64::from(self.root.doc_count) => Err(BAD_DOC),
            // A deleted document's id names no document (a build that
            // replaces one writes the id of the new copy).
            Some(doc) if self.is_deleted(doc as u32) => Ok(Some(None)),
            Some(doc) => Ok(Some(Some(doc as u32))),
            None => Ok(Some(None)),
        }
    }

    /// Document number `doc`'s summary.
    pub fn summary(&self, doc: u32) -> Result<Answer<Summary<'_>>> {
        let mut needs = Needs::default();
        Ok(match self.record(doc, &mut needs)? {
            Some(record) => Answer::Ready(summary_of(&record)),
            None => needs.into_answer(),
        })
    }

    /// Every document without its body, newest first, undated last, then
    /// in the order they were added: the order of an archive's front page.
    pub fn summaries_by_date(&self) -> Result<Answer<Vec<Summary<'_>>>> {
        let mut needs = Needs::default();
        let mut docs: Vec<u32> = (0..self.root.doc_count)
            .filter(|&doc| !self.is_deleted(doc))
            .collect();
        // Numbered so in an index of one segment; where a later build added
        // one, by the dates' runs (undated, key 0, last).
        if self.root.segments.len() > 1 {
            let Some(runs) = self.date_runs(&mut needs)? else {
                return Ok(needs.into_answer());
            };
            let mut key_of = Vec::with_capacity(self.root.doc_count as usize);
            for (key, count) in runs {
                key_of.extend(std::iter::repeat_n(key, count as usize));
            }
            let key = |doc: u32| key_of.get(doc as usize).copied().unwrap_or(0);
            crate::sort::sort_by(&mut docs, |&a, &b| {
                (key(a), std::cmp::Reverse(a)) > (key(b), std::cmp::Reverse(b))
            });
        }
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            if let Some(record) = self.record(doc, &mut needs)? {
                out.push(summary_of(&record));
            }
        }
        Ok(needs.or_ready(out))
    }

    /// The whole document with this id, if any.
    pub fn document(&self, id: &str) -> Result<Answer<Option<StoredDocument<'_>>>> {
        let mut needs = Needs::default();
        let Some(found) = self.find_id(id, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        let Some(doc) = found else {
            return Ok(Answer::Ready(None));
        };
        let Some(pieces) = self.doc_pieces(doc, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        // The record and every block piece, asked for at once; the blocks
        // join into the body again.
        let record = self.record_at(&pieces, &mut needs)?;
        let mut body = String::new();
        let block_pieces = if pieces.in_record() {
            0
        } else {
            pieces.block_count
        };
        for block in 0..block_pieces {
            if let Some(text) = self.block_text(&pieces, block, &mut needs)? {
                body.push_str(text);
            }
        }
        let Some(record) = record.filter(|_| needs.is_empty()) else {
            return Ok(needs.into_answer());
        };
        body.insert_str(0, record.body);
        Ok(Answer::Ready(Some(StoredDocument {
            summary: summary_of(&record),
            body: body.into(),
        })))
    }
}

pub(crate) fn summary_of<'a>(record: &Record<'a>) -> Summary<'a> {
    Summary {
        id: record.id,
        title: record.title,
        url: record.url,
        date: record.date,
        meta: record.meta,
    }
}
