//! Documents → an index, in either layout.
//!
//! [`IndexBuilder::add`] analyzes a document: each distinct spelling is
//! normalized, stemmed and folded once and then remembered, so the cost per
//! word is segmentation, lowercasing and one hash lookup. A term's positions
//! grow in memory as documents arrive; the document's fields are kept as
//! they are. [`IndexBuilder::finish_into`] then numbers the documents newest
//! first, computes each term's impacts with the collection's average field
//! lengths, and hands the pieces to a [`Placer`]: the dictionary in term
//! chunks ([`terms`]), the documents' records and tables ([`docs`]), the
//! root last.

mod base;
mod docs;
mod parallel;
mod terms;

pub(crate) use base::BaseForm;
pub use base::{AppendError, Base};
pub(crate) use terms::{Owned, OwnedPart};

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::analysis::{Analyzer, Language, ANALYZER_ID};
use crate::document::Document;
use crate::document::{parse_number, Date};
use crate::error::Error;
use crate::format::filters::{self, FilterKey};
use crate::format::numbers::{self, NumberField, NumberKind};
use crate::format::placer::{PieceKind, Placer, SingleFile};
use crate::format::root::{FileEntry, Root, Segment};
use crate::format::terms::TIERS;
use crate::format::{write_container, ContainerKind, Sections};
use crate::postings::PositionsWriter;

/// Words in a text block of a body: a body is cut into blocks so that a
/// snippet reads only the block that holds its words, a few kilobytes per
/// result. Smaller blocks would make each posting's block mask longer.
pub const BLOCK_WORDS: u32 = 512;

/// Documents a frequent word's postings head holds at least, about: the
/// head is what a query reads first, the tail only when the head cannot
/// settle the ranking (see [`head_docs_for`]).
pub const HEAD_DOCS: usize = 256;

/// Documents a frequent word's head holds in a collection of `docs`: at
/// least [`HEAD_DOCS`], and √(16 · docs), so that the heads of two common
/// words share about 16 documents whatever the size of the site (two
/// words found independently share h²/docs of their heads): enough for an
/// early answer's first page (see `SearchOptions::early`). 100,000
/// documents: 1,264, about 4 KB a head.
pub fn head_docs_for(docs: usize) -> usize {
    docs.saturating_mul(16).isqrt().max(HEAD_DOCS)
}

/// Where a frequent word's tail tiers start, in documents ranked by what
/// the word weighs in them (the head holds the first `head`): the first
/// tier reaches the depth at which the lists of three words found
/// independently share about 16 documents (16·docs² = depth³), the second
/// that of four (16·docs³ = depth⁴), the last holds the rest. On a split
/// site, a query of three or four common words reads those tiers with the
/// heads, and so can show a first page before the rest of the tails (see
/// `search::score`). Each tier holds at least as many documents as the
/// head. 100,000 documents: tiers from 1,264, 5,428 and 11,246.
pub fn tier_starts(docs: usize, head: usize) -> [usize; TIERS] {
    let docs = docs as f64;
    let mut starts = [head; TIERS];
    let mut reach = head;
    for (words, start) in (3..).zip(starts.iter_mut().skip(1)) {
        let depth = (16.0 * docs.powi(words - 1)).powf(1.0 / f64::from(words));
        reach = (depth as usize).max(reach + head);
        *start = reach;
    }
    starts
}

/// The reason [`IndexBuilder::add`] refused a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddError {
    /// Another document already has this id.
    DuplicateId(String),
    /// More documents than an index can number.
    TooManyDocuments,
    /// A heading does not lie inside the body, on character boundaries,
    /// after the heading before it.
    BadHeading {
        id: String,
        start: usize,
        end: usize,
    },
}

impl fmt::Display for AddError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddError::DuplicateId(id) => write!(f, "another document already has the id `{id}`"),
            AddError::TooManyDocuments => {
                write!(f, "an index holds at most {} documents", u32::MAX)
            }
            AddError::BadHeading { id, start, end } => write!(
                f,
                "document `{id}`: the heading at bytes {start}..{end} does not lie in its body after the one before"
            ),
        }
    }
}

impl std::error::Error for AddError {}

/// One added document, until the index is written.
#[derive(Debug)]
struct Added {
    id: String,
    url: String,
    title: String,
    date: String,
    date_key: u32,
    body: String,
    title_len: u32,
    body_len: u32,
    /// Where each body block after the first starts: (word position, byte).
    blocks: Vec<(u32, usize)>,
    /// The title's words, numbers aside (see [`crate::format::Fields`]).
    title_words: u32,
    /// The body's headings and weighty text, in order.
    boosted: Vec<Boosted>,
    /// The sections: (first word position, heading, anchor).
    sections: Vec<(u32, String, String)>,
    /// Its metadata, one value a key.
    meta: Vec<(String, String)>,
    /// Deleted by [`IndexBuilder::delete`].
    deleted: bool,
}

/// Builds an index in memory; see the [module docs](self).
#[derive(Debug)]
pub struct IndexBuilder {
    analyzer: Analyzer,
    /// Each live document's id → its place in the order they were added.
    ids: HashMap<String, u32>,
    docs: Vec<Added>,
    /// Each word as written → its term: the analyzer runs once per
    /// distinct spelling, not once per word.
    spellings: HashMap<String, u32, FastHash>,
    /// Folded surface form → term.
    surfaces: HashMap<String, u32, FastHash>,
    /// Per term, in order of first appearance.
    terms: Vec<TermEntry>,
    /// Scratch: (term, field, position) of the current document.
    occurrences: Vec<(u32, u8, u32)>,
    normalized: String,
    head_docs: Option<usize>,
    segment_docs: Option<usize>,
    /// Filter key → value → the documents that hold it, in the order they
    /// were added.
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    /// Number field → (document, value as written), in the order they
    /// were added, a document's first value only.
    numbers: BTreeMap<String, Vec<(u32, String)>>,
}

#[derive(Debug)]
struct TermEntry {
    surface: String,
    stem: String,
    /// In the order documents were added.
    positions: PositionsWriter,
}

/// What `spellings` holds for a word that yields no term.
const NO_TERM: u32 = u32::MAX;

const TITLE: u8 = 0;
const BODY: u8 = 1;

impl IndexBuilder {
    /// A builder for a corpus in `language`; fails if this build of Trouve
    /// leaves the language out.
    pub fn new(language: Language) -> Result<IndexBuilder, Error> {
        Ok(IndexBuilder {
            analyzer: Analyzer::new(language)?,
            ids: HashMap::new(),
            docs: Vec::new(),
            spellings: HashMap::default(),
            surfaces: HashMap::default(),
            terms: Vec::new(),
            occurrences: Vec::new(),
            normalized: String::new(),
            head_docs: None,
            segment_docs: None,
            filters: BTreeMap::new(),
            numbers: BTreeMap::new(),
        })
    }

    /// Sets how many documents a frequent word's postings head holds, about
    /// (for experiments and tests; [`head_docs_for`] the collection
    /// otherwise).
    pub fn head_docs(&mut self, docs: usize) -> &mut Self {
        self.head_docs = Some(docs.max(1));
        self
    }

    /// Cuts the index in segments of `docs` documents, newest first (the
    /// last one fewer), rather than one: a build that adds documents to an
    /// index adds a segment, and this makes one of every size (for tests;
    /// the answers are the same).
    pub fn segment_docs(&mut self, docs: usize) -> &mut Self {
        self.segment_docs = Some(docs.max(1));
        self
    }

    /// Number of documents added so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Indexes one document.
    pub fn add(&mut self, doc: &Document) -> Result<(), AddError> {
        let number = u32::try_from(self.len()).map_err(|_| AddError::TooManyDocuments)?;
        if self.ids.contains_key(&doc.id) {
            return Err(AddError::DuplicateId(doc.id.clone()));
        }
        let spans = heading_spans(doc)?;
        self.occurrences.clear();
        let in_title = self.collect(&doc.title, TITLE, &[]);
        let in_body = self.collect(&doc.body, BODY, &spans);
        self.occurrences.sort_unstable();

        let (mut title, mut body) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < self.occurrences.len() {
            let term = self.occurrences[i].0;
            title.clear();
            body.clear();
            while let Some(&(t, field, position)) = self.occurrences.get(i) {
                if t != term {
                    break;
                }
                if field == TITLE {
                    &mut title
                } else {
                    &mut body
                }
                .push(position);
                i += 1;
            }
            self.terms[term as usize]
                .positions
                .add(number, &title, &body);
        }
        let mut boosted = Vec::new();
        let mut sections = Vec::new();
        for (heading, at) in doc.headings.iter().zip(in_body.spans) {
            if let Some(positions) = at.positions {
                boosted.push(Boosted {
                    positions,
                    heading: heading.level > 0,
                    words: at.words,
                });
            }
            if heading.level > 0 {
                let text = title_line(&doc.body[heading.start..heading.end]);
                sections.push((at.first, text, heading.anchor.clone()));
            }
        }
        for (key, value) in &doc.filters {
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() || value.is_empty() {
                continue;
            }
            let docs = self
                .filters
                .entry(key.to_owned())
                .or_default()
                .entry(value.to_owned())
                .or_default();
            // A value given twice holds the document once.
            if docs.last() != Some(&number) {
                docs.push(number);
            }
        }
        for (field, value) in &doc.numbers {
            let (field, value) = (field.trim(), value.trim());
            if field.is_empty() || value.is_empty() {
                continue;
            }
            let values = self.numbers.entry(field.to_owned()).or_default();
            if values.last().is_none_or(|&(last, _)| last != number) {
                values.push((number, value.to_owned()));
            }
        }
        let mut meta: Vec<(String, String)> = Vec::new();
        for (key, value) in &doc.meta {
            let (key, value) = (key.trim(), value.trim());
            if !key.is_empty() && !value.is_empty() && !meta.iter().any(|(k, _)| k == key) {
                meta.push((key.to_owned(), value.to_owned()));
            }
        }
        self.ids.insert(doc.id.clone(), number);
        self.docs.push(Added {
            deleted: false,
            id: doc.id.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            date: doc.date.map(|d| d.to_string()).unwrap_or_default(),
            date_key: doc.date.map_or(0, |d| d.to_key()),
            body: doc.body.clone(),
            title_len: in_title.length,
            body_len: in_body.length,
            blocks: in_body.blocks,
            title_words: in_title.words,
            boosted,
            sections,
            meta,
        });
        Ok(())
    }

    /// The forms of a title and a body, and their lengths in word
    /// positions: what a document added to an index's dictionary and
    /// statistics (a build that deletes it takes them off).
    pub(crate) fn words_of(
        language: Language,
        title: &str,
        body: &str,
    ) -> Result<(Vec<String>, [u64; 2]), Error> {
        let mut builder = IndexBuilder::new(language)?;
        let doc = Document {
            title: title.to_owned(),
            body: body.to_owned(),
            ..Document::default()
        };
        // A document without headings is never refused.
        let _ = builder.add(&doc);
        let forms = builder.terms.iter().map(|t| t.surface.clone()).collect();
        let lengths = builder
            .docs
            .first()
            .map_or([0, 0], |d| [u64::from(d.title_len), u64::from(d.body_len)]);
        Ok((forms, lengths))
    }

    /// Deletes the document with this id, as a build that adds to an index
    /// deletes an old copy that changed or went: its postings and its
    /// record stay in its segment, answers leave it out, and so do the
    /// collection's statistics (rarity, average lengths), its filters,
    /// numbers and id, so that answers are those of an index without it.
    /// Adding a document with the same id afterwards writes a change.
    /// Returns whether a document had the id.
    pub fn delete(&mut self, id: &str) -> bool {
        match self.ids.remove(id) {
            Some(added) => {
                self.docs[added as usize].deleted = true;
                true
            }
            None => false,
        }
    }

    /// Analyzes one field into `occurrences`; see [`Collected`]. `spans`
    /// are byte ranges of the field, in order.
    fn collect(&mut self, text: &str, field: u8, spans: &[(usize, usize)]) -> Collected {
        let mut found = Collected {
            spans: vec![SpanAt::default(); spans.len()],
            ..Collected::default()
        };
        // The first span a word could still start in.
        let mut span = 0;
        for token in self.analyzer.tokens(text) {
            found.length = token.position + 1;
            let word = &text[token.start..token.end];
            // A whole word, not a part of a hyphenated one nor a number.
            let counts = !token.part && word.chars().any(char::is_alphabetic);
            found.words += u32::from(counts);
            let next_block = (found.blocks.len() as u32 + 1) * BLOCK_WORDS;
            if field == BODY && !token.part && token.position >= next_block {
                found.blocks.push((token.position, token.start));
            }
            for (at, &(start, end)) in found.spans[span..].iter_mut().zip(&spans[span..]) {
                if token.start < start {
                    break;
                }
                at.first = at.first.min(token.position);
                if token.start < end {
                    let positions = at
                        .positions
                        .get_or_insert(token.position..token.position + 1);
                    positions.end = positions.end.max(token.position + 1);
                    at.words += u32::from(counts);
                }
            }
            // Spans this word is past are done with.
            while span < spans.len() && token.start >= spans[span].1 {
                span += 1;
            }
            let term = match self.spellings.get(word) {
                Some(&term) => term,
                None => {
                    let term = self.new_spelling(word);
                    self.spellings.insert(word.to_owned(), term);
                    term
                }
            };
            if term != NO_TERM {
                self.occurrences.push((term, field, token.position));
            }
        }
        for at in &mut found.spans {
            at.first = at.first.min(found.length);
        }
        found
    }

    /// The term of a word not seen before, or [`NO_TERM`] if the analyzer
    /// keeps nothing of it (a lone elision).
    fn new_spelling(&mut self, word: &str) -> u32 {
        if self
            .analyzer
            .normalize_into(word, &mut self.normalized)
            .is_none()
        {
            return NO_TERM;
        }
        let analyzed = self.analyzer.term_of_normalized(&self.normalized);
        let next = self.terms.len() as u32;
        let term = *self
            .surfaces
            .entry(analyzed.surface.clone())
            .or_insert(next);
        if term == next {
            // A folded form keeps the stem of its first spelling.
            self.terms.push(TermEntry {
                surface: analyzed.surface,
                stem: analyzed.stem,
                positions: PositionsWriter::default(),
            });
        }
        term
    }

    /// Writes the index in the single layout: one file.
    pub fn finish(&self) -> Vec<u8> {
        self.finish_into(&mut SingleFile::default())
    }

    /// Hands every piece to `placer` and returns the container that holds
    /// the root (and file 0): the whole index in the single layout, the
    /// root file in the split layout.
    pub fn finish_into(&self, placer: &mut dyn Placer) -> Vec<u8> {
        self.write(placer, None)
    }

    /// Adds the documents added to an earlier index (`base`, read by
    /// [`crate::append::base_of`], which also names the documents the
    /// build deletes) as a new segment, and returns the new root; the
    /// earlier index's files that `base` does not drop stay as they are,
    /// and the placer's new files are numbered after them. Refused, for a
    /// full build instead, when the answers could differ from a full
    /// build's of the same documents (see [`AppendError`]).
    pub fn finish_onto(
        &self,
        base: &Base,
        placer: &mut dyn Placer,
    ) -> Result<Vec<u8>, AppendError> {
        if base.language != self.analyzer.language() {
            return Err(AppendError::Language);
        }
        if base.root.files.len() < 2 {
            return Err(AppendError::SingleLayout);
        }
        if let Some(doc) = self
            .docs
            .iter()
            .find(|d| !d.deleted && base.ids.iter().any(|(id, _)| *id == d.id))
        {
            return Err(AppendError::DuplicateId(doc.id.clone()));
        }
        let doc_count = u32::try_from(self.docs.len())
            .ok()
            .and_then(|added| added.checked_add(base.root.doc_count))
            .ok_or(AppendError::TooManyDocuments)?;
        // The earlier documents' impacts were computed with the averages
        // of its documents then; they hold if the documents now give the
        // same step of the grid.
        let live = base.live() + self.docs.iter().filter(|d| !d.deleted).count();
        let [title, body] = docs::total_lengths(&self.docs);
        let [base_title, base_body] = base.lengths();
        let before = base.root.doc_count as usize - base.root.deleted.len();
        let then = [
            docs::on_grid(base.root.title_tokens, before),
            docs::on_grid(base.root.body_tokens, before),
        ];
        let now = [
            docs::on_grid(base_title + title, live),
            docs::on_grid(base_body + body, live),
        ];
        if then != now {
            return Err(AppendError::AveragesMoved);
        }
        placer.begin(doc_count);
        if placer.docs_per_table() != base.root.docs_per_table {
            return Err(AppendError::TablesDiffer);
        }
        if !placer.after_files(base.root.files.len() as u32) {
            return Err(AppendError::Placer);
        }
        Ok(self.write(placer, Some(base)))
    }

    /// The index, or with `base` the new segment and root (see
    /// [`Self::finish_onto`], which checks what `base` asks).
    fn write(&self, placer: &mut dyn Placer, base: Option<&Base>) -> Vec<u8> {
        let added = self.docs.len() as u32;
        let doc_count = added + base.map_or(0, |base| base.root.doc_count);
        placer.begin(doc_count);
        let docs_per_table = placer.docs_per_table();
        let order = docs::newest_first(&self.docs);
        let [mut title_tokens, mut body_tokens] = docs::total_lengths(&self.docs);
        let averages = match base {
            // The earlier index's, which finish_onto found on the same step.
            Some(base) => {
                let before = base.root.doc_count as usize - base.root.deleted.len();
                [
                    docs::on_grid(base.root.title_tokens, before),
                    docs::on_grid(base.root.body_tokens, before),
                ]
            }
            None => docs::average_lengths(&self.docs),
        };
        if let Some(base) = base {
            let [title, body] = base.lengths();
            title_tokens += title;
            body_tokens += body;
        }
        let head_docs = self
            .head_docs
            .unwrap_or_else(|| head_docs_for(doc_count as usize));
        let mut sizes: Vec<u32> = match self.segment_docs {
            Some(per_segment) if self.docs.len() > per_segment => self
                .docs
                .chunks(per_segment)
                .map(|docs| docs.len() as u32)
                .collect(),
            _ if added == 0 && base.is_some() => Vec::new(),
            _ => vec![added],
        };
        let new_segments = sizes.len();
        if let Some(base) = base {
            sizes.extend(base.root.segments.iter().map(|s| s.docs));
        }
        let segments = Segment::cut(&sizes, docs_per_table);
        let mut root = Root {
            doc_count,
            title_tokens,
            body_tokens,
            head_size: (head_docs as u32).max(base.map_or(0, |base| base.root.head_size)),
            block_words: BLOCK_WORDS,
            docs_per_table,
            ..Root::default()
        };
        let dictionary = terms::write(
            &self.terms,
            &self.docs,
            &order.number_of,
            terms::Lists {
                averages,
                tier_starts: tier_starts(doc_count as usize, head_docs),
                segments: &segments[..new_segments],
            },
            base.map(|base| &base.forms[..]),
            placer,
        );
        root.term_count = dictionary.term_count;
        root.stem_count = dictionary.stem_count;
        root.terms = dictionary.terms;
        root.reverse = dictionary.reverse;
        let documents = docs::write(
            &self.docs,
            &order.by_number,
            &segments[..new_segments],
            docs_per_table,
            base,
            placer,
        );
        root.segments = segments;
        root.deleted = (0..added)
            .filter(|&number| self.docs[order.by_number[number as usize] as usize].deleted)
            .collect();
        root.doc_tables = documents.tables;
        if let Some(base) = base {
            let earlier = base.root.deleted.iter().chain(&base.gone);
            let mut deleted: Vec<u32> = earlier.map(|doc| doc + added).collect();
            deleted.sort_unstable();
            root.deleted.extend(deleted);
            // Its tables follow the new segments', those in the root's own
            // file copied into the new root's.
            for (i, &table) in base.root.doc_tables.iter().enumerate() {
                root.doc_tables
                    .push(match base.local_tables.iter().find(|(at, _)| *at == i) {
                        Some((_, content)) => placer.place(PieceKind::DocTable, content),
                        None => table,
                    });
            }
        }
        root.ids = documents.ids;
        root.dates = documents.dates;
        let filters = self.write_filters(&order.number_of, base, placer);
        let numbers = self.write_numbers(&order.number_of, base, placer);
        let (mut files, pieces) = placer.finish();
        if let Some(base) = base {
            let dropped = base.dropped_files();
            for (file, entry) in base.root.files.iter().enumerate().skip(1) {
                if let Some(slot) = files.get_mut(file) {
                    // A file no longer published: no location can lie in
                    // it (see Root::check).
                    *slot = if dropped.binary_search(&(file as u32)).is_ok() {
                        FileEntry::default()
                    } else {
                        entry.clone()
                    };
                }
            }
        }
        root.files = files;
        write_container(
            if root.files.len() == 1 {
                ContainerKind::Index
            } else {
                ContainerKind::Root
            },
            ANALYZER_ID,
            self.analyzer.language().to_byte(),
            &root.write(),
            Sections {
                pieces: &pieces,
                filters: &filters,
                numbers: &numbers,
            },
        )
    }

    /// Places each number field's values and returns the `NUMS` section
    /// (empty when no document has a number field).
    fn write_numbers(
        &self,
        number_of: &[u32],
        base: Option<&Base>,
        placer: &mut dyn Placer,
    ) -> Vec<u8> {
        // Per field, its kind and (value, document numbered in the index):
        // an earlier index's first, in its kind, the new documents'
        // values read in that kind.
        let mut typed: BTreeMap<&str, base::NumberValues> = BTreeMap::new();
        let after = self.docs.len() as u32;
        for (name, (kind, values)) in base.map_or(&[][..], |base| &base.numbers) {
            let numbered = values.iter().map(|&(value, doc)| (value, doc + after));
            typed.insert(name, (*kind, numbered.collect()));
        }
        for (name, written) in &self.numbers {
            let written = self.live(written);
            let (kind, values) = match typed.get(name.as_str()) {
                Some(&(kind, _)) => (kind, values_of_kind(&written, kind)),
                None => typed_values(&written),
            };
            let entry = typed.entry(name).or_insert((kind, Vec::new()));
            entry.1.extend(
                values
                    .into_iter()
                    .map(|(value, doc)| (value, number_of[doc as usize])),
            );
        }
        let fields: Vec<NumberField> = typed
            .into_iter()
            .filter_map(|(name, (kind, mut values))| {
                if values.is_empty() {
                    return None;
                }
                // By value, then document; then each value's documents.
                values.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let mut grouped: Vec<(f64, Vec<u32>)> = Vec::new();
                for (value, doc) in &values {
                    match grouped.last_mut() {
                        Some((last, docs)) if last == value => docs.push(*doc),
                        _ => grouped.push((*value, vec![*doc])),
                    }
                }
                Some(NumberField {
                    name: name.to_owned(),
                    kind,
                    location: placer
                        .place(PieceKind::NumberValues, &numbers::write_values(&grouped)),
                    documents: values.len() as u32,
                })
            })
            .collect();
        if fields.is_empty() {
            return Vec::new();
        }
        numbers::write_section(&fields)
    }

    /// For each number field whose values are not all of one kind, its
    /// name, its kind, and how many values are left out as not of that
    /// kind, with one of them: what a build should say.
    pub fn number_warnings(&self) -> Vec<String> {
        self.numbers
            .iter()
            .filter_map(|(name, written)| {
                let written = self.live(written);
                let (kind, values) = typed_values(&written);
                let left_out = written.len() - values.len();
                let example = written.iter().find(|(_, text)| {
                    let parsed = match kind {
                        NumberKind::Number => parse_number(text).is_some(),
                        NumberKind::Date => Date::parse(text).is_some(),
                    };
                    !parsed
                })?;
                Some(format!(
                    "number field `{name}`: {left_out} of its {} values are not {} (such as `{}`) and are left out",
                    written.len(),
                    match kind {
                        NumberKind::Number => "numbers",
                        NumberKind::Date => "dates",
                    },
                    example.1
                ))
            })
            .collect()
    }

    /// A number field's values held by live documents.
    fn live(&self, written: &[(u32, String)]) -> Vec<(u32, String)> {
        let live = written
            .iter()
            .filter(|(doc, _)| !self.docs[*doc as usize].deleted);
        live.cloned().collect()
    }

    /// Places each filter key's documents and returns the `FLTR` section
    /// (empty when no document has a filter).
    fn write_filters(
        &self,
        number_of: &[u32],
        base: Option<&Base>,
        placer: &mut dyn Placer,
    ) -> Vec<u8> {
        // Key → value → its live documents, numbered in the index: an
        // earlier index's after the new ones.
        let mut numbered: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
        let after = self.docs.len() as u32;
        for (name, values) in base.map_or(&[][..], |base| &base.filters) {
            let key = numbered.entry(name).or_default();
            for (value, docs) in values {
                let docs = docs.iter().map(|doc| doc + after);
                key.entry(value).or_default().extend(docs);
            }
        }
        for (name, values) in &self.filters {
            let key = numbered.entry(name).or_default();
            for (value, added) in values {
                let live = added.iter().filter(|&&a| !self.docs[a as usize].deleted);
                let docs = live.map(|&a| number_of[a as usize]);
                key.entry(value).or_default().extend(docs);
            }
        }
        let keys: Vec<FilterKey> = numbered
            .into_iter()
            .filter_map(|(name, values)| {
                // Values that only deleted documents hold are left out.
                let (values, documents): (Vec<(String, u32)>, Vec<Vec<u32>>) = values
                    .into_iter()
                    .filter(|(_, docs)| !docs.is_empty())
                    .map(|(value, mut docs)| {
                        docs.sort_unstable();
                        ((value.to_owned(), docs.len() as u32), docs)
                    })
                    .unzip();
                (!values.is_empty()).then(|| FilterKey {
                    name: name.to_owned(),
                    location: placer
                        .place(PieceKind::FilterDocs, &filters::write_documents(&documents)),
                    values,
                })
            })
            .collect();
        if keys.is_empty() {
            return Vec::new();
        }
        filters::write_section(&keys)
    }
}

/// A number field's values of `kind` among those `written`, as (value,
/// document).
fn values_of_kind(written: &[(u32, String)], kind: NumberKind) -> Vec<(f64, u32)> {
    let parse = |text: &str| match kind {
        NumberKind::Number => parse_number(text),
        NumberKind::Date => Date::parse(text).map(|date| f64::from(date.to_key())),
    };
    written
        .iter()
        .filter_map(|(doc, text)| Some((parse(text)?, *doc)))
        .collect()
}

/// A number field's kind and its values of that kind, as (value,
/// document): numbers when every value is one; else dates, when more are
/// dates than numbers (a year is both: `2024` in a field of dates is the
/// year 2024); else numbers.
fn typed_values(written: &[(u32, String)]) -> (NumberKind, Vec<(f64, u32)>) {
    let numbers: Vec<(f64, u32)> = written
        .iter()
        .filter_map(|(doc, text)| Some((parse_number(text)?, *doc)))
        .collect();
    if numbers.len() == written.len() {
        return (NumberKind::Number, numbers);
    }
    let dates: Vec<(f64, u32)> = written
        .iter()
        .filter_map(|(doc, text)| Some((f64::from(Date::parse(text)?.to_key()), *doc)))
        .collect();
    if dates.len() > numbers.len() {
        (NumberKind::Date, dates)
    } else {
        (NumberKind::Number, numbers)
    }
}

/// What [`IndexBuilder::collect`] finds in a field.
#[derive(Debug, Default)]
struct Collected {
    /// Its length in word positions.
    length: u32,
    /// Its whole words, numbers aside.
    words: u32,
    /// For the body, where its blocks after the first start: (word
    /// position, byte).
    blocks: Vec<(u32, usize)>,
    spans: Vec<SpanAt>,
}

/// Where a span of a field lies in its words.
#[derive(Clone, Debug)]
struct SpanAt {
    /// The position of the first word at or after its start.
    first: u32,
    /// The positions of the words inside it; `None` when it has none.
    positions: Option<Range<u32>>,
    /// Its whole words, numbers aside.
    words: u32,
}

impl Default for SpanAt {
    fn default() -> Self {
        SpanAt {
            first: u32::MAX,
            positions: None,
            words: 0,
        }
    }
}

/// A heading, or text the page marks as weighty, in a document's body.
#[derive(Clone, Debug)]
struct Boosted {
    /// Its words' positions in the body.
    positions: Range<u32>,
    /// A heading (which starts a section), rather than weighty text.
    heading: bool,
    /// Its whole words, numbers aside.
    words: u32,
}

/// The byte spans of a document's headings, checked: inside the body, on
/// character boundaries, each after the one before.
fn heading_spans(doc: &Document) -> Result<Vec<(usize, usize)>, AddError> {
    let mut previous_end = 0;
    doc.headings
        .iter()
        .map(|heading| {
            let (start, end) = (heading.start, heading.end);
            let fits = previous_end <= start
                && start <= end
                && end <= doc.body.len()
                && doc.body.is_char_boundary(start)
                && doc.body.is_char_boundary(end);
            previous_end = end;
            if fits {
                Ok((start, end))
            } else {
                Err(AddError::BadHeading {
                    id: doc.id.clone(),
                    start,
                    end,
                })
            }
        })
        .collect()
}

/// A heading's text on one line, as a result shows it.
fn title_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A multiply-rotate hash over eight bytes at a time (as in rustc's
/// FxHash): the builder hashes millions of short words it produced itself,
/// so SipHash's protection against chosen keys buys nothing and costs time.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = hash;
    }
}

type FastHash = BuildHasherDefault<WordHasher>;
