//! Documents → index bytes.
//!
//! Each distinct spelling is normalized, stemmed and folded once and then
//! remembered, so the cost per word is segmentation, lowercasing and one hash
//! lookup. Postings grow in memory as documents arrive (documents are
//! numbered in arrival order, so every list is already sorted); `finish`
//! renumbers the terms so that each stem's surface forms are consecutive and
//! writes the sections described in [`crate::format`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use crate::analysis::{Analyzer, Language, ANALYZER_ID};
use crate::document::Document;
use crate::error::Error;
use crate::format::{
    stem_key, tag, write_bytes, write_table, write_varint, FileWriter, CHECKPOINT_WORDS,
};
use crate::postings::PostingsWriter;

/// The reason [`IndexBuilder::add`] refused a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddError {
    /// Another document already has this id.
    DuplicateId(String),
    /// More documents than an index can number.
    TooManyDocuments,
}

impl fmt::Display for AddError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddError::DuplicateId(id) => write!(f, "another document already has the id `{id}`"),
            AddError::TooManyDocuments => {
                write!(f, "an index holds at most {} documents", u32::MAX)
            }
        }
    }
}

impl std::error::Error for AddError {}

/// Builds an index in memory; see the [module docs](self).
#[derive(Debug)]
pub struct IndexBuilder {
    analyzer: Analyzer,
    ids: HashSet<String>,
    /// Per document: record offset, title length, body length, date key.
    doc_rows: [Vec<u64>; 4],
    store: Vec<u8>,
    total_title_tokens: u64,
    total_body_tokens: u64,
    /// Each word as written → its term: the analyzer runs once per
    /// distinct spelling, not once per word.
    spellings: HashMap<String, u32, FastHash>,
    /// Folded surface form → term.
    surfaces: HashMap<String, u32, FastHash>,
    /// Per term, in order of first appearance.
    terms: Vec<TermEntry>,
    /// Scratch: (term, field, position) of the current document.
    occurrences: Vec<(u32, u8, u32)>,
    /// Scratch: the current body's checkpoints, encoded.
    checkpoints: Vec<u8>,
    normalized: String,
}

#[derive(Debug)]
struct TermEntry {
    surface: String,
    stem: String,
    postings: PostingsWriter,
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
            ids: HashSet::new(),
            doc_rows: Default::default(),
            store: Vec::new(),
            total_title_tokens: 0,
            total_body_tokens: 0,
            spellings: HashMap::default(),
            surfaces: HashMap::default(),
            terms: Vec::new(),
            occurrences: Vec::new(),
            checkpoints: Vec::new(),
            normalized: String::new(),
        })
    }

    /// Number of documents added so far.
    pub fn len(&self) -> usize {
        self.doc_rows[0].len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indexes one document.
    pub fn add(&mut self, doc: &Document) -> Result<(), AddError> {
        let number = u32::try_from(self.len()).map_err(|_| AddError::TooManyDocuments)?;
        if !self.ids.insert(doc.id.clone()) {
            return Err(AddError::DuplicateId(doc.id.clone()));
        }
        self.occurrences.clear();
        let title_len = self.collect(&doc.title, TITLE);
        let body_len = self.collect(&doc.body, BODY);
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
                .postings
                .add(number, &title, &body);
        }

        self.doc_rows[0].push(self.store.len() as u64);
        self.doc_rows[1].push(u64::from(title_len));
        self.doc_rows[2].push(u64::from(body_len));
        self.doc_rows[3].push(doc.date.map_or(0, |d| u64::from(d.to_key())));
        self.total_title_tokens += u64::from(title_len);
        self.total_body_tokens += u64::from(body_len);
        let date = doc.date.map(|d| d.to_string()).unwrap_or_default();
        for field in [&doc.id, &doc.url, &doc.title, &date] {
            write_bytes(&mut self.store, field.as_bytes());
        }
        write_bytes(&mut self.store, &self.checkpoints);
        write_bytes(&mut self.store, doc.body.as_bytes());
        Ok(())
    }

    /// Analyzes one field into `occurrences`; returns its length in words.
    /// For the body, also writes its checkpoints (see [`crate::format`]).
    fn collect(&mut self, text: &str, field: u8) -> u32 {
        let mut length = 0;
        self.checkpoints.clear();
        let mut last_checkpoint = (0u32, 0usize);
        for token in self.analyzer.tokens(text) {
            length = token.position + 1;
            let next_checkpoint = last_checkpoint.0 + CHECKPOINT_WORDS;
            if field == BODY && !token.part && token.position >= next_checkpoint {
                write_varint(
                    &mut self.checkpoints,
                    u64::from(token.position - last_checkpoint.0),
                );
                write_varint(
                    &mut self.checkpoints,
                    (token.start - last_checkpoint.1) as u64,
                );
                last_checkpoint = (token.position, token.start);
            }
            let word = &text[token.start..token.end];
            let term = match self.spellings.get(word) {
                Some(&term) => term,
                None => {
                    let term = self.new_spelling(word);
                    self.spellings.insert(word.to_owned(), term);
                    term
                }
            };
            if term == NO_TERM {
                continue;
            }
            self.occurrences.push((term, field, token.position));
        }
        length
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
                postings: PostingsWriter::default(),
            });
        }
        term
    }

    /// Writes the index.
    pub fn finish(self) -> Vec<u8> {
        // Renumber terms by (stem, surface): each stem's forms are then a
        // consecutive run, and one bit per term says where runs begin.
        let mut order: Vec<u32> = (0..self.terms.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (&self.terms[a as usize], &self.terms[b as usize]);
            (&a.stem, &a.surface).cmp(&(&b.stem, &b.surface))
        });

        let mut postings = Vec::new();
        let mut groups = vec![0u8; order.len().div_ceil(8)];
        let mut keys: Vec<(Vec<u8>, u64)> = Vec::with_capacity(order.len() * 2);
        for (number, &old) in order.iter().enumerate() {
            let term = &self.terms[old as usize];
            if number == 0 || self.terms[order[number - 1] as usize].stem != term.stem {
                groups[number / 8] |= 1 << (number % 8);
                keys.push((stem_key(&term.stem), number as u64));
            }
            keys.push((term.surface.as_bytes().to_vec(), number as u64));
            term.postings.write_to(&mut postings);
        }
        keys.sort_unstable();
        let mut dictionary = fst::MapBuilder::memory();
        for (key, number) in keys {
            // Keys are sorted and distinct (a stem key ends in a byte no
            // surface form has), so insertion cannot fail.
            let _ = dictionary.insert(key, number);
        }

        let mut meta = Vec::new();
        for value in [
            self.len() as u64,
            order.len() as u64,
            self.total_title_tokens,
            self.total_body_tokens,
        ] {
            write_varint(&mut meta, value);
        }

        let mut file = FileWriter::default();
        file.section(tag::META, meta);
        file.section(tag::DICT, dictionary.into_inner().unwrap_or_default());
        file.section(tag::GRPS, groups);
        file.section(tag::POST, postings);
        file.section(
            tag::DOCS,
            write_table(&[
                &self.doc_rows[0],
                &self.doc_rows[1],
                &self.doc_rows[2],
                &self.doc_rows[3],
            ]),
        );
        file.section(tag::STOR, self.store);
        file.finish(ANALYZER_ID, self.analyzer.language().to_byte())
    }
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
