//! The documents' side of the reader: records, text blocks, ids and dates,
//! and the summaries and stored documents built from them.

use super::{Answer, Index, Needs, BAD_DOC};
use crate::document::{StoredDocument, Summary};
use crate::error::{Error, Result};
use crate::format::docs::{doc_in_table, read_dates, DocPieces, Record};
use crate::format::root::Root;
use crate::format::Location;

impl<D: AsRef<[u8]>> Index<D> {
    /// Where document `doc`'s pieces lie.
    pub(crate) fn doc_pieces(&self, doc: u32, needs: &mut Needs) -> Result<Option<DocPieces>> {
        if doc >= self.root.doc_count {
            return Err(BAD_DOC);
        }
        let per_table = self.root.docs_per_table;
        let table = self
            .root
            .doc_tables
            .get((doc / per_table) as usize)
            .ok_or(BAD_DOC)?;
        let Some(table) = self.piece(*table, needs)? else {
            return Ok(None);
        };
        let pieces = doc_in_table(table, (doc % per_table) as usize)?;
        self.root.check(pieces.record)?;
        Ok(Some(pieces))
    }

    /// Document `doc`'s record and where it lies.
    pub(crate) fn record(
        &self,
        doc: u32,
        needs: &mut Needs,
    ) -> Result<Option<(Record<'_>, Location)>> {
        let Some(pieces) = self.doc_pieces(doc, needs)? else {
            return Ok(None);
        };
        let Some(bytes) = self.piece(pieces.record, needs)? else {
            return Ok(None);
        };
        Ok(Some((Record::read(bytes)?, pieces.record)))
    }

    /// Text block `block` of document `doc`'s body, with its first word's
    /// position.
    pub(crate) fn block(
        &self,
        doc: u32,
        block: u32,
        needs: &mut Needs,
    ) -> Result<Option<(&str, u32)>> {
        let Some((record, location)) = self.record(doc, needs)? else {
            return Ok(None);
        };
        if block == 0 {
            return Ok(Some((record.first_block, 0)));
        }
        let piece = record.block(location, block)?;
        self.root.check(piece.location)?;
        let Some(bytes) = self.piece(piece.location, needs)? else {
            return Ok(None);
        };
        let text =
            std::str::from_utf8(bytes).map_err(|_| Error::Corrupt("a text block is not UTF-8"))?;
        Ok(Some((text, piece.first_position)))
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
            Some(doc) if doc < u64::from(self.root.doc_count) => Ok(Some(Some(doc as u32))),
            Some(_) => Err(BAD_DOC),
            None => Ok(Some(None)),
        }
    }

    /// Document number `doc`'s summary.
    pub fn summary(&self, doc: u32) -> Result<Answer<Summary<'_>>> {
        let mut needs = Needs::default();
        Ok(match self.record(doc, &mut needs)? {
            Some((record, _)) => Answer::Ready(summary_of(&record)),
            None => needs.into_answer(),
        })
    }

    /// Every document without its body, newest first, undated last, then
    /// in the order they were added: the order of an archive's front page.
    pub fn summaries_by_date(&self) -> Result<Answer<Vec<Summary<'_>>>> {
        let mut needs = Needs::default();
        let mut out = Vec::with_capacity(self.root.doc_count as usize);
        for doc in 0..self.root.doc_count {
            if let Some((record, _)) = self.record(doc, &mut needs)? {
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
        let Some((record, _)) = self.record(doc, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        // A document's blocks join into its body again.
        let mut body = String::from(record.first_block);
        let mut complete = true;
        for block in 1..record.block_count() {
            match self.block(doc, block, &mut needs)? {
                Some((text, _)) => body.push_str(text),
                None => complete = false,
            }
        }
        if !complete {
            return Ok(needs.into_answer());
        }
        Ok(Answer::Ready(Some(StoredDocument {
            summary: summary_of(&record),
            body: body.into(),
        })))
    }
}

fn summary_of<'a>(record: &Record<'a>) -> Summary<'a> {
    Summary {
        id: record.id,
        title: record.title,
        url: record.url,
        date: record.date,
    }
}
