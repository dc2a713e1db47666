//! The reader: a view of an index, in either layout, and of whatever pieces
//! of it have arrived.
//!
//! [`Index`] is generic over where its bytes live (`Vec<u8>`, `&[u8]`, a
//! memory map): the browser module, the terminal and the tests all use the
//! same reader. Opening checks the container and the root. In the single
//! layout every piece is at hand; in the split layout the pieces a search
//! needs are added with [`Index::add_piece`] as they arrive, and until then
//! the search answers [`Answer::Need`] with their [`Location`]s.
//!
//! This is the storage layer: terms, postings, documents. What a query
//! means and how results are ranked is [`crate::search`], which adds
//! [`Index::search`] and [`Index::complete`].

mod documents;
mod needs;

use std::ops::Range;

pub(crate) use documents::summary_of;
pub use needs::Answer;
pub(crate) use needs::Needs;

use crate::analysis::{Analyzer, Language, ANALYZER_ID};
use crate::error::{Error, Result};
use crate::format::filters::{self, FilterKey};
use crate::format::fst_check;
use crate::format::numbers::{self, NumberField, Values};
use crate::format::pieces::unframe;
use crate::format::root::{FileEntry, Root};
use crate::format::terms::{Entry, Form, ListAt, TermChunk};
use crate::format::{Container, ContainerKind, Location};
use crate::postings::{Impacts, Positions};

/// An open index.
pub struct Index<D> {
    bytes: D,
    /// File 0: the container's own pieces.
    local: Range<usize>,
    root: Root,
    /// The filter keys and their values (see [`crate::format::filters`]).
    filters: Vec<FilterKey>,
    /// The number fields (see [`crate::format::numbers`]).
    numbers: Vec<NumberField>,
    pub(crate) analyzer: Analyzer,
    /// Pieces from other files, as they arrived (checked, unframed),
    /// sorted by location: a few hundred at most in a session, and a sorted
    /// list costs the browser module less than a hash map.
    loaded: Vec<(Location, Box<[u8]>)>,
}

impl<D> std::fmt::Debug for Index<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("language", &self.analyzer.language())
            .field("documents", &self.root.doc_count)
            .field("files", &self.root.files.len())
            .field("loaded", &self.loaded.len())
            .finish()
    }
}

/// A form found in the dictionary: where it is, and what its chunk says.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FormRef<'a> {
    /// The chunk and the entry's offset in it: identifies the form, and
    /// orders forms as the dictionary does.
    pub id: (u32, u64),
    pub form: Form<'a>,
}

pub(super) const BAD_DOC: Error = Error::Corrupt("a document number is out of range");

/// A container's filter keys and number fields, each list empty when its
/// section is absent.
#[cfg(feature = "filters")]
fn read_fields(
    data: &[u8],
    container: &Container,
    doc_count: u32,
) -> Result<(Vec<FilterKey>, Vec<NumberField>)> {
    let filters = if container.filters.is_empty() {
        Vec::new()
    } else {
        filters::read_section(&data[container.filters.clone()], doc_count)?
    };
    let numbers = if container.numbers.is_empty() {
        Vec::new()
    } else {
        numbers::read_section(&data[container.numbers.clone()], doc_count)?
    };
    Ok((filters, numbers))
}

/// An engine built without filters opens only indexes that have none: the
/// bundle pairs an index that has some with the engine that reads them.
#[cfg(not(feature = "filters"))]
fn read_fields(
    _: &[u8],
    container: &Container,
    _: u32,
) -> Result<(Vec<FilterKey>, Vec<NumberField>)> {
    if container.filters.is_empty() && container.numbers.is_empty() {
        Ok((Vec::new(), Vec::new()))
    } else {
        Err(Error::FiltersUnavailable)
    }
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Opens an index (the single layout) or the root of a split one,
    /// checking it; see [`Error`] for what can be wrong.
    pub fn open(bytes: D) -> Result<Index<D>> {
        let data = bytes.as_ref();
        let container = Container::parse(data, ANALYZER_ID)?;
        let language = Language::from_byte(container.language)
            .ok_or(Error::UnknownLanguage(container.language))?;
        let analyzer = Analyzer::new(language)?;
        let root = Root::read(&data[container.root.clone()], container.pieces.len() as u64)?;
        if (container.kind == ContainerKind::Index) != (root.files.len() == 1) {
            return Err(Error::Corrupt(
                "the container's kind and its files disagree",
            ));
        }
        let (filters, numbers) = read_fields(data, &container, root.doc_count)?;
        let locations = filters.iter().map(|k| k.location);
        for location in locations.chain(numbers.iter().map(|f| f.location)) {
            root.check(location)?;
        }
        let index = Index {
            local: container.pieces,
            root,
            filters,
            numbers,
            analyzer,
            loaded: Vec::new(),
            bytes,
        };
        // The dictionaries at hand are checked once, so that no walk of
        // theirs can panic later; the others as they arrive.
        for location in index.dictionaries() {
            if location.is_local() {
                let bytes = index.piece(location, &mut Needs::default())?;
                index.check_dictionary(location, bytes.unwrap_or_default())?;
            }
        }
        Ok(index)
    }

    /// Where every piece that holds an fst lies, with the kind of each.
    fn dictionaries(&self) -> impl Iterator<Item = Location> + '_ {
        let root = &self.root;
        root.terms
            .iter()
            .chain(&root.reverse)
            .chain(&root.ids)
            .map(|chunk| chunk.location)
    }

    /// Checks the fst of a piece, if it holds one (see `format::fst_check`).
    fn check_dictionary(&self, location: Location, bytes: &[u8]) -> Result<()> {
        let root = &self.root;
        if root.terms.iter().any(|c| c.location == location) {
            TermChunk::read_checked(bytes)?;
        } else if root
            .reverse
            .iter()
            .chain(&root.ids)
            .any(|c| c.location == location)
        {
            fst_check::check(bytes)?;
        }
        Ok(())
    }

    /// The documents the index numbers, deleted ones included: what
    /// per-document tables are sized by.
    pub fn doc_count(&self) -> u32 {
        self.root.doc_count
    }

    /// The documents an answer can show: the collection that rarity is
    /// measured in.
    pub fn live_count(&self) -> u32 {
        self.root.doc_count - self.root.deleted.len() as u32
    }

    /// Whether document `doc` is deleted (see [`Root::deleted`]).
    pub(crate) fn is_deleted(&self, doc: u32) -> bool {
        crate::postings::holds(&self.root.deleted, doc)
    }

    /// The filter keys, each with its values and how many documents hold
    /// each, sorted by bytes.
    pub fn filter_keys(&self) -> &[FilterKey] {
        // Without the feature none is read, and saying so here lets the
        // compiler leave out all that filters do.
        if cfg!(feature = "filters") {
            &self.filters
        } else {
            &[]
        }
    }

    /// The number fields, sorted by bytes.
    pub fn number_fields(&self) -> &[NumberField] {
        if cfg!(feature = "filters") {
            &self.numbers
        } else {
            &[]
        }
    }

    /// Number field `field`'s values and their documents: `Ok(None)` until
    /// its piece arrives.
    pub(crate) fn number_values(&self, field: usize, needs: &mut Needs) -> Result<Option<Values>> {
        let field = &self.number_fields()[field];
        self.piece(field.location, needs)?
            .map(|bytes| numbers::read_values(bytes, field, self.root.doc_count))
            .transpose()
    }

    /// For filter key number `key`, the documents of each of its values:
    /// `Ok(None)` until its piece arrives.
    pub(crate) fn filter_documents(
        &self,
        key: usize,
        needs: &mut Needs,
    ) -> Result<Option<Vec<Vec<u32>>>> {
        let key = &self.filter_keys()[key];
        self.piece(key.location, needs)?
            .map(|bytes| filters::read_documents(bytes, key, self.root.doc_count))
            .transpose()
    }

    /// Number of distinct surface forms.
    pub fn term_count(&self) -> u64 {
        self.root.term_count
    }

    /// Number of distinct stems.
    pub fn stem_count(&self) -> u64 {
        self.root.stem_count
    }

    pub fn language(&self) -> Language {
        self.analyzer.language()
    }

    /// The index's own bytes (the whole index, or the root).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// The files of the index: file 0 is this one, the others hold pieces.
    pub fn files(&self) -> &[FileEntry] {
        &self.root.files
    }

    /// Whether every piece is at hand (the single layout).
    pub fn is_whole(&self) -> bool {
        self.root.files.len() == 1
    }

    /// Adds a piece that arrived: its stored bytes, decompressed. Refused
    /// if its location is not one of the index's or its checksum fails.
    pub fn add_piece(&mut self, location: Location, content: &[u8]) -> Result<()> {
        if location.is_local() {
            return Ok(());
        }
        self.root.check(location)?;
        let content = unframe(content)?;
        self.check_dictionary(location, content)?;
        if let Err(at) = self.loaded.binary_search_by(|(l, _)| l.cmp(&location)) {
            self.loaded.insert(at, (location, content.into()));
        }
        Ok(())
    }

    /// Whether the piece at `location` is at hand.
    pub fn has_piece(&self, location: Location) -> bool {
        location.is_local()
            || self
                .loaded
                .binary_search_by(|(l, _)| l.cmp(&location))
                .is_ok()
    }

    /// The piece at `location`, or `None` (noted in `needs`) if it has not
    /// arrived.
    pub(crate) fn piece(&self, location: Location, needs: &mut Needs) -> Result<Option<&[u8]>> {
        if location.is_local() {
            let start = self.local.start as u64 + location.offset;
            let end = start + u64::from(location.length);
            let local = end <= self.local.end as u64;
            return match self.bytes.as_ref().get(start as usize..end as usize) {
                Some(bytes) if local => Ok(Some(bytes)),
                _ => Err(Error::Corrupt(
                    "a location in the index points outside its file",
                )),
            };
        }
        match self.loaded.binary_search_by(|(l, _)| l.cmp(&location)) {
            Ok(at) => Ok(Some(&self.loaded[at].1)),
            Err(_) => {
                needs.add(location);
                Ok(None)
            }
        }
    }

    pub(crate) fn root(&self) -> &Root {
        &self.root
    }

    /// Term chunk number `chunk`.
    pub(crate) fn term_chunk(
        &self,
        chunk: usize,
        needs: &mut Needs,
    ) -> Result<Option<TermChunk<'_>>> {
        let Some(entry) = self.root.terms.get(chunk) else {
            return Err(Error::Corrupt("a term chunk number is out of range"));
        };
        self.piece(entry.location, needs)?
            .map(TermChunk::read)
            .transpose()
    }

    /// The number of the term chunk whose range holds `key`.
    pub(crate) fn term_chunk_for(&self, key: &[u8]) -> usize {
        Root::chunk_for(&self.root.terms, key)
    }

    /// Looks a key up: `Ok(None)` if its chunk has not arrived,
    /// `Ok(Some(None))` if the dictionary does not hold it.
    pub(crate) fn entry(
        &self,
        key: &[u8],
        needs: &mut Needs,
    ) -> Result<Option<Option<(u32, u64, Entry<'_>)>>> {
        if self.root.terms.is_empty() {
            return Ok(Some(None));
        }
        let chunk = self.term_chunk_for(key);
        let Some(terms) = self.term_chunk(chunk, needs)? else {
            return Ok(None);
        };
        let found = match terms.fst().get(key) {
            Some(offset) => Some((chunk as u32, offset, terms.entry_of(key, offset)?)),
            None => None,
        };
        Ok(Some(found))
    }

    /// Looks a surface form up (see [`Index::entry`]).
    pub(crate) fn form(
        &self,
        key: &[u8],
        needs: &mut Needs,
    ) -> Result<Option<Option<FormRef<'_>>>> {
        Ok(self.entry(key, needs)?.map(|found| match found {
            Some((chunk, offset, Entry::Form(form))) => Some(FormRef {
                id: (chunk, offset),
                form,
            }),
            _ => None,
        }))
    }

    /// Reverse chunk number `chunk`.
    pub(crate) fn reverse_chunk(
        &self,
        chunk: usize,
        needs: &mut Needs,
    ) -> Result<Option<fst::Map<&[u8]>>> {
        let Some(entry) = self.root.reverse.get(chunk) else {
            return Err(Error::Corrupt("a reverse chunk number is out of range"));
        };
        self.piece(entry.location, needs)?
            .map(|bytes| {
                fst::Map::new(bytes)
                    .map_err(|_| Error::Corrupt("a reverse chunk of the index is damaged"))
            })
            .transpose()
    }

    /// The number of the first document of segment `segment`.
    pub(crate) fn segment_base(&self, segment: u32) -> Result<u32> {
        self.root
            .segments
            .get(segment as usize)
            .map(|s| s.base)
            .ok_or(Error::Corrupt("a segment number is out of range"))
    }

    /// An impact list of segment `segment` stored in a piece (a tier of a
    /// tail), its documents numbered in the index, deleted ones left out.
    pub(crate) fn tail(
        &self,
        segment: u32,
        location: Location,
        needs: &mut Needs,
    ) -> Result<Option<Impacts<'_>>> {
        let base = self.segment_base(segment)?;
        self.piece(location, needs)?
            .map(|bytes| Impacts::read(bytes).map(|list| list.based(base, &self.root.deleted)))
            .transpose()
    }

    /// A form's postings head in segment `segment` (its whole impact list
    /// there if it has no tail), its documents numbered in the index,
    /// deleted ones left out.
    pub(crate) fn head<'a>(
        &'a self,
        segment: u32,
        at: ListAt<'a>,
        needs: &mut Needs,
    ) -> Result<Option<Impacts<'a>>> {
        let base = self.segment_base(segment)?;
        self.list(at, needs)?
            .map(|bytes| Impacts::read(bytes).map(|list| list.based(base, &self.root.deleted)))
            .transpose()
    }

    /// A positions list, its documents numbered within its segment.
    pub(crate) fn positions<'a>(
        &'a self,
        at: ListAt<'a>,
        needs: &mut Needs,
    ) -> Result<Option<Positions<'a>>> {
        self.list(at, needs)?
            .map(|bytes| Positions::read(bytes, 0))
            .transpose()
    }

    fn list<'a>(&'a self, at: ListAt<'a>, needs: &mut Needs) -> Result<Option<&'a [u8]>> {
        match at {
            ListAt::Inline(bytes) => Ok(Some(bytes)),
            ListAt::Piece(location) => self.piece(location, needs),
        }
    }
}
