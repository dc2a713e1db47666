//! A read-only, zero-copy view of index bytes.
//!
//! [`Index`] is generic over where the bytes live (`Vec<u8>`, `&[u8]`, a
//! memory map): the browser module, the terminal and the tests all use the
//! same reader. Opening checks the header, checksum and every section's
//! shape once; reads after that still check each access, because a file can
//! be written wrong and still carry a valid checksum.
//!
//! This is the storage layer: terms, postings, documents and passages. What
//! a query means and how results are ranked is [`crate::search`], which adds
//! [`Index::search`] and [`Index::complete`].

use std::ops::Range;

use crate::analysis::{Analyzer, Language, ANALYZER_ID};
use crate::bm25::field_weights;
use crate::document::{StoredDocument, Summary};
use crate::error::{Error, Result};
use crate::format::{read_bytes, read_varint, tag, Layout, TableLayout};
use crate::postings::Postings;
use crate::sort;

/// An open index.
pub struct Index<D> {
    bytes: D,
    pub(crate) analyzer: Analyzer,
    doc_count: u32,
    /// Per document, how much one occurrence in the title and in the body
    /// weighs, after length normalization (see [`field_weights`]).
    pub(crate) weights: Vec<[f32; 2]>,
    dictionary: Range<usize>,
    groups: Range<usize>,
    postings: Range<usize>,
    /// Where each term's postings list starts in `postings`: found once, by
    /// walking the lists' headers, when the index opens.
    offsets: Vec<u32>,
    docs: TableLayout,
    store: Range<usize>,
}

impl<D> std::fmt::Debug for Index<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("language", &self.analyzer.language())
            .field("documents", &self.doc_count)
            .finish()
    }
}

/// A document's stored fields, as bytes.
#[derive(Clone, Copy, Debug)]
struct Record<'a> {
    id: &'a [u8],
    url: &'a [u8],
    title: &'a [u8],
    date: &'a [u8],
    checkpoints: &'a [u8],
    body: &'a [u8],
}

/// A stretch of a body, starting and ending at word boundaries.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Passage<'a> {
    pub text: &'a str,
    /// Position of the first word of `text` in the body.
    pub first_position: u32,
    /// Whether `text` starts at the start of the body.
    pub at_start: bool,
    /// Whether `text` ends at the end of the body.
    pub at_end: bool,
}

/// A term: its number, where its postings are and how many documents hold it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TermInfo {
    pub term: u32,
    pub postings_offset: usize,
    pub doc_freq: u32,
}

const BAD_TERM: Error = Error::Corrupt("a term refers to data that is not there");
const BAD_DOC: Error = Error::Corrupt("a document record is damaged");

impl<D: AsRef<[u8]>> Index<D> {
    /// Opens an index, checking it; see [`Error`] for what can be wrong.
    pub fn open(bytes: D) -> Result<Index<D>> {
        let data = bytes.as_ref();
        let layout = Layout::parse(data, ANALYZER_ID)?;
        let language =
            Language::from_byte(layout.language).ok_or(Error::UnknownLanguage(layout.language))?;
        let analyzer = Analyzer::new(language)?;

        let meta = layout.range(tag::META)?;
        let mut at = meta.start;
        let meta_bytes = &data[..meta.end];
        let mut next = || {
            read_varint(meta_bytes, &mut at).ok_or(Error::Corrupt("the META section is damaged"))
        };
        let doc_count = u32::try_from(next()?)
            .map_err(|_| Error::Corrupt("the document count is impossible"))?;
        let term_count = next()?;
        let title_tokens = next()?;
        let body_tokens = next()?;
        let average = |total: u64| {
            if doc_count == 0 {
                1.0
            } else {
                (total as f32 / doc_count as f32).max(1.0)
            }
        };

        let dictionary = layout.range(tag::DICT)?;
        fst_map(&data[dictionary.clone()])?;
        let groups = layout.range(tag::GRPS)?;
        let postings = layout.range(tag::POST)?;
        let section = &data[postings.clone()];
        let mut offsets =
            Vec::with_capacity(usize::try_from(term_count).unwrap_or(0).min(section.len()));
        let mut at = 0;
        while at < section.len() {
            offsets.push(u32::try_from(at).map_err(|_| BAD_TERM)?);
            at = Postings::read_with_end(section, at)?.1;
        }
        let docs = TableLayout::parse(data, layout.range(tag::DOCS)?, 4)?;
        let (title_average, body_average) = (average(title_tokens), average(body_tokens));
        let weights = (0..docs.rows())
            .map(|doc| {
                let title = docs.get(data, doc, 1).ok_or(BAD_DOC)? as f32;
                let body = docs.get(data, doc, 2).ok_or(BAD_DOC)? as f32;
                Ok(field_weights(title / title_average, body / body_average))
            })
            .collect::<Result<Vec<_>>>()?;
        if offsets.len() as u64 != term_count
            || groups.len() != offsets.len().div_ceil(8)
            || docs.rows() != doc_count as usize
        {
            return Err(Error::Corrupt("section sizes disagree"));
        }
        Ok(Index {
            analyzer,
            doc_count,
            weights,
            dictionary,
            groups,
            postings,
            offsets,
            docs,
            store: layout.range(tag::STOR)?,
            bytes,
        })
    }

    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Number of distinct surface forms.
    pub fn term_count(&self) -> usize {
        self.offsets.len()
    }

    /// Number of distinct stems.
    pub fn stem_count(&self) -> usize {
        self.as_bytes()[self.groups.clone()]
            .iter()
            .map(|b| b.count_ones() as usize)
            .sum()
    }

    pub fn language(&self) -> Language {
        self.analyzer.language()
    }

    /// The index's own bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// Document number `doc` (0-based, in the order they were added).
    pub fn document(&self, doc: u32) -> Result<StoredDocument<'_>> {
        Ok(StoredDocument {
            summary: self.summary(doc)?,
            body: std::str::from_utf8(self.record(doc)?.body).map_err(|_| BAD_DOC)?,
        })
    }

    /// A document without its body: cheaper when the body is not needed.
    pub fn summary(&self, doc: u32) -> Result<Summary<'_>> {
        let record = self.record(doc)?;
        let text = |bytes| std::str::from_utf8(bytes).map_err(|_| BAD_DOC);
        let date = text(record.date)?;
        Ok(Summary {
            id: text(record.id)?,
            url: text(record.url)?,
            title: text(record.title)?,
            date: (!date.is_empty()).then_some(date),
        })
    }

    /// Every document without its body, newest first, undated last, then
    /// by id: the order of an archive's front page.
    pub fn summaries_by_date(&self) -> Result<Vec<Summary<'_>>> {
        let mut docs = Vec::with_capacity(self.doc_count as usize);
        for doc in 0..self.doc_count {
            docs.push((self.date_key(doc)?, self.summary(doc)?));
        }
        sort::sort_by(&mut docs, |a, b| (b.0, a.1.id) < (a.0, b.1.id));
        Ok(docs.into_iter().map(|(_, summary)| summary).collect())
    }

    /// The number of the document with this id, if any.
    pub fn find(&self, id: &str) -> Result<Option<u32>> {
        for doc in 0..self.doc_count {
            if self.record(doc)?.id == id.as_bytes() {
                return Ok(Some(doc));
            }
        }
        Ok(None)
    }

    /// A document's fields as stored, not yet checked to be UTF-8: search
    /// reads the body only around a snippet.
    fn record(&self, doc: u32) -> Result<Record<'_>> {
        let data = self.as_bytes();
        let offset = self.docs.get(data, doc as usize, 0).ok_or(BAD_DOC)? as usize;
        let store = &data[self.store.clone()];
        let mut at = offset;
        let mut next = || read_bytes(store, &mut at).ok_or(BAD_DOC);
        Ok(Record {
            id: next()?,
            url: next()?,
            title: next()?,
            date: next()?,
            checkpoints: next()?,
            body: next()?,
        })
    }

    /// The part of a document's body that holds the words from position
    /// `from` to `to`, cut at checkpoints, with where it lies in the body.
    pub(crate) fn passage(&self, doc: u32, from: u32, to: u32) -> Result<Passage<'_>> {
        let record = self.record(doc)?;
        let (mut start, mut end) = ((0u32, 0usize), None);
        let mut checkpoint = (0u32, 0usize);
        let mut at = 0;
        while at < record.checkpoints.len() {
            let words = read_varint(record.checkpoints, &mut at).ok_or(BAD_DOC)?;
            let bytes = read_varint(record.checkpoints, &mut at).ok_or(BAD_DOC)?;
            checkpoint.0 = u32::try_from(words)
                .ok()
                .and_then(|w| checkpoint.0.checked_add(w))
                .ok_or(BAD_DOC)?;
            checkpoint.1 = usize::try_from(bytes)
                .ok()
                .and_then(|b| checkpoint.1.checked_add(b))
                .ok_or(BAD_DOC)?;
            if checkpoint.0 <= from {
                start = checkpoint;
            } else if checkpoint.0 > to {
                end = Some(checkpoint.1);
                break;
            }
        }
        let end = end.unwrap_or(record.body.len());
        let bytes = record.body.get(start.1..end).ok_or(BAD_DOC)?;
        Ok(Passage {
            text: std::str::from_utf8(bytes).map_err(|_| BAD_DOC)?,
            first_position: start.0,
            at_start: start.1 == 0,
            at_end: end == record.body.len(),
        })
    }

    /// The dictionary of surface forms and stems (see [`crate::format`]).
    /// Opening it again per query costs a header read and keeps `Index` free
    /// of self-references.
    pub(crate) fn dictionary(&self) -> Result<fst::Map<&[u8]>> {
        fst_map(&self.as_bytes()[self.dictionary.clone()])
    }

    pub(crate) fn term_info(&self, term: u32) -> Result<TermInfo> {
        let postings_offset = *self.offsets.get(term as usize).ok_or(BAD_TERM)? as usize;
        let doc_freq = self
            .postings(TermInfo {
                term,
                postings_offset,
                doc_freq: 0,
            })?
            .len();
        Ok(TermInfo {
            term,
            postings_offset,
            doc_freq,
        })
    }

    /// The terms of the stem whose first term is `first`.
    pub(crate) fn stem_group(&self, first: u32) -> Range<u32> {
        let end = (first as usize + 1..self.offsets.len())
            .find(|&t| self.starts_group(t))
            .unwrap_or(self.offsets.len());
        first..end as u32
    }

    /// The first term of the stem `term` belongs to.
    pub(crate) fn group_start(&self, term: u32) -> u32 {
        (0..=term)
            .rev()
            .find(|&t| self.starts_group(t as usize))
            .unwrap_or(0)
    }

    fn starts_group(&self, term: usize) -> bool {
        let groups = &self.as_bytes()[self.groups.clone()];
        groups
            .get(term / 8)
            .is_some_and(|byte| byte & (1 << (term % 8)) != 0)
    }

    pub(crate) fn postings(&self, info: TermInfo) -> Result<Postings<'_>> {
        Postings::read(
            &self.as_bytes()[self.postings.clone()],
            info.postings_offset,
        )
    }

    /// The date key of a document (0 if undated); see [`crate::Date::to_key`].
    pub(crate) fn date_key(&self, doc: u32) -> Result<u32> {
        self.docs
            .get(self.as_bytes(), doc as usize, 3)
            .map(|k| k as u32)
            .ok_or(BAD_DOC)
    }
}

#[cfg(test)]
impl<D: AsRef<[u8]>> Index<D> {
    /// The surface form of term number `term`, for tests to name terms.
    pub(crate) fn surface_of(&self, term: u32) -> String {
        use fst::Streamer;
        let dictionary = self.dictionary().unwrap();
        let mut keys = dictionary.stream();
        while let Some((key, number)) = keys.next() {
            if number == u64::from(term) && !crate::format::is_stem_key(key) {
                return String::from_utf8(key.to_vec()).unwrap();
            }
        }
        panic!("no term {term}")
    }
}

fn fst_map(bytes: &[u8]) -> Result<fst::Map<&[u8]>> {
    fst::Map::new(bytes).map_err(|_| Error::Corrupt("a term dictionary is damaged"))
}
