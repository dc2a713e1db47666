//! A read-only, zero-copy view of index bytes.
//!
//! [`Index`] is generic over where the bytes live (`Vec<u8>`, `&[u8]`, a
//! memory map): the browser module, the terminal and the tests all use the
//! same reader. Opening checks the header, checksum and every section's
//! shape once; reads after that still check each access, because a file can
//! be written wrong and still carry a valid checksum.

use std::ops::Range;

use crate::analysis::{Analyzer, Language, ANALYZER_ID};
use crate::document::Date;
use crate::error::{Error, Result};
use crate::format::{read_str, read_varint, tag, Layout, TableLayout};
use crate::postings::Postings;

/// An open index.
pub struct Index<D> {
    bytes: D,
    pub(crate) analyzer: Analyzer,
    doc_count: u32,
    pub(crate) avg_title_len: f32,
    pub(crate) avg_body_len: f32,
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
        f.debug_struct("Index").field("language", &self.analyzer.language()).field("documents", &self.doc_count).finish()
    }
}

/// A document as stored in the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDocument<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub title: &'a str,
    /// As written in the source: `2024-03` or `2026-01-25`; empty if none.
    pub date: &'a str,
    pub body: &'a str,
}

/// Where a term's postings are and how many documents hold it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TermInfo {
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
        let language = Language::from_byte(layout.language).ok_or(Error::UnknownLanguage(layout.language))?;
        let analyzer = Analyzer::new(language)?;

        let meta = layout.range(tag::META)?;
        let mut at = meta.start;
        let meta_bytes = &data[..meta.end];
        let mut next = || read_varint(meta_bytes, &mut at).ok_or(Error::Corrupt("the META section is damaged"));
        let doc_count = u32::try_from(next()?).map_err(|_| Error::Corrupt("the document count is impossible"))?;
        let term_count = next()?;
        let title_tokens = next()?;
        let body_tokens = next()?;
        let average = |total: u64| if doc_count == 0 { 1.0 } else { (total as f32 / doc_count as f32).max(1.0) };

        let dictionary = layout.range(tag::DICT)?;
        fst_map(&data[dictionary.clone()])?;
        let groups = layout.range(tag::GRPS)?;
        let postings = layout.range(tag::POST)?;
        let section = &data[postings.clone()];
        let mut offsets = Vec::with_capacity(usize::try_from(term_count).unwrap_or(0).min(section.len()));
        let mut at = 0;
        while at < section.len() {
            offsets.push(u32::try_from(at).map_err(|_| BAD_TERM)?);
            at = Postings::read_with_end(section, at)?.1;
        }
        let docs = TableLayout::parse(data, layout.range(tag::DOCS)?, 4)?;
        if offsets.len() as u64 != term_count
            || groups.len() != offsets.len().div_ceil(8)
            || docs.rows() != doc_count as usize
        {
            return Err(Error::Corrupt("section sizes disagree"));
        }
        Ok(Index {
            analyzer,
            doc_count,
            avg_title_len: average(title_tokens),
            avg_body_len: average(body_tokens),
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
        self.as_bytes()[self.groups.clone()].iter().map(|b| b.count_ones() as usize).sum()
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
        let data = self.as_bytes();
        let offset = self.docs.get(data, doc as usize, 0).ok_or(BAD_DOC)? as usize;
        let store = &data[self.store.clone()];
        let mut at = offset;
        let mut next = || read_str(store, &mut at).ok_or(BAD_DOC);
        Ok(StoredDocument { id: next()?, url: next()?, title: next()?, date: next()?, body: next()? })
    }

    /// The number of the document with this id, if any.
    pub fn find(&self, id: &str) -> Result<Option<u32>> {
        for doc in 0..self.doc_count {
            if self.document(doc)?.id == id {
                return Ok(Some(doc));
            }
        }
        Ok(None)
    }

    /// The surface dictionary. Opening it again per query costs a header
    /// read: it keeps `Index` free of self-references.
    /// The dictionary of surface forms and stems (see [`crate::format`]).
    /// Opening it again per query costs a header read and keeps `Index` free
    /// of self-references.
    pub(crate) fn dictionary(&self) -> Result<fst::Map<&[u8]>> {
        fst_map(&self.as_bytes()[self.dictionary.clone()])
    }

    pub(crate) fn term_info(&self, term: u32) -> Result<TermInfo> {
        let postings_offset = *self.offsets.get(term as usize).ok_or(BAD_TERM)? as usize;
        let doc_freq = self.postings(TermInfo { postings_offset, doc_freq: 0 })?.len();
        Ok(TermInfo { postings_offset, doc_freq })
    }

    /// The terms of the stem whose first term is `first`.
    pub(crate) fn stem_group(&self, first: u32) -> Range<u32> {
        let end = (first as usize + 1..self.offsets.len()).find(|&t| self.starts_group(t)).unwrap_or(self.offsets.len());
        first..end as u32
    }

    /// The first term of the stem `term` belongs to.
    pub(crate) fn group_start(&self, term: u32) -> u32 {
        (0..=term).rev().find(|&t| self.starts_group(t as usize)).unwrap_or(0)
    }

    fn starts_group(&self, term: usize) -> bool {
        let groups = &self.as_bytes()[self.groups.clone()];
        groups.get(term / 8).is_some_and(|byte| byte & (1 << (term % 8)) != 0)
    }

    pub(crate) fn postings(&self, info: TermInfo) -> Result<Postings<'_>> {
        Postings::read(&self.as_bytes()[self.postings.clone()], info.postings_offset)
    }

    /// Title and body lengths of a document, in words.
    pub(crate) fn field_lengths(&self, doc: u32) -> Result<(u32, u32)> {
        let data = self.as_bytes();
        let title = self.docs.get(data, doc as usize, 1).ok_or(BAD_DOC)?;
        let body = self.docs.get(data, doc as usize, 2).ok_or(BAD_DOC)?;
        Ok((title as u32, body as u32))
    }

    /// The date key of a document (0 if undated); see [`Date::to_key`].
    pub(crate) fn date_key(&self, doc: u32) -> Result<u32> {
        self.docs.get(self.as_bytes(), doc as usize, 3).map(|k| k as u32).ok_or(BAD_DOC)
    }

    pub fn date(&self, doc: u32) -> Result<Option<Date>> {
        Ok(Date::from_key(self.date_key(doc)?))
    }
}

fn fst_map(bytes: &[u8]) -> Result<fst::Map<&[u8]>> {
    fst::Map::new(bytes).map_err(|_| Error::Corrupt("a term dictionary is damaged"))
}
