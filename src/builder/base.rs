//! What a build that adds to an index keeps of it: the earlier index, read
//! by [`crate::append`], which [`super::IndexBuilder::finish_onto`] adds a
//! segment to.
//!
//! The new documents become the first segment(s), numbered from 0; the
//! earlier index's segments follow, their documents' numbers shifted by
//! the new ones' count in the root only, so that none of their files
//! changes. What is global is written again: the dictionary (each form's
//! earlier parts kept as they are, where they are), the ids, the dates and
//! the root. The documents the build replaces or removes (`gone`) join the
//! deleted ones.

use std::fmt;

use super::terms::OwnedPart;
use crate::analysis::Language;
use crate::format::numbers::NumberKind;
use crate::format::root::Root;

/// A filter key's values, each with its documents.
pub(crate) type FilterValues = Vec<(String, Vec<u32>)>;

/// A number field's kind, and its values as (value, document).
pub(crate) type NumberValues = (NumberKind, Vec<(f64, u32)>);

/// An index a build adds to; see the [module docs](self).
#[derive(Debug)]
pub struct Base {
    pub(crate) language: Language,
    pub(crate) root: Root,
    /// Every form of its dictionary, in key order, its document frequency
    /// less the gone documents'.
    pub(crate) forms: Vec<BaseForm>,
    /// Its live documents' ids and numbers, the gone ones left out.
    pub(crate) ids: Vec<(String, u32)>,
    /// Its dates' runs (date key, documents), in document order.
    pub(crate) date_runs: Vec<(u32, u32)>,
    /// The contents of its document tables that lie in the root's own
    /// file (which the new root replaces), by their place in `root.doc_tables`.
    pub(crate) local_tables: Vec<(usize, Vec<u8>)>,
    /// Where its filter keys' and number fields' pieces lie (written again).
    pub(crate) field_pieces: Vec<crate::format::Location>,
    /// The files its document tables name as their records' (kept).
    pub(crate) record_files: Vec<u32>,
    /// Its filter keys, each value's live documents.
    pub(crate) filters: Vec<(String, FilterValues)>,
    /// Its number fields, their kind and (value, document) of the live
    /// documents.
    pub(crate) numbers: Vec<(String, NumberValues)>,
    /// The documents the build deletes, changed or gone, by number.
    pub(crate) gone: Vec<u32>,
    /// Their title and body lengths in words, summed.
    pub(crate) gone_lengths: [u64; 2],
}

/// A form of an earlier index, as a build that adds to it keeps it.
#[derive(Debug)]
pub(crate) struct BaseForm {
    pub form: String,
    pub doc_freq: u32,
    pub stem: String,
    pub parts: Vec<OwnedPart>,
}

impl Base {
    /// Its live documents, the gone ones left out.
    pub(crate) fn live(&self) -> usize {
        let root = &self.root;
        root.doc_count as usize - root.deleted.len() - self.gone.len()
    }

    /// Its live documents' title and body lengths, summed.
    pub(crate) fn lengths(&self) -> [u64; 2] {
        let [title, body] = self.gone_lengths;
        [
            self.root.title_tokens.saturating_sub(title),
            self.root.body_tokens.saturating_sub(body),
        ]
    }

    /// The files the new index no longer needs: those that held only its
    /// dictionary, ids and dates, which the new one writes again.
    pub(crate) fn dropped_files(&self) -> Vec<u32> {
        let root = &self.root;
        let rewritten = root.terms.iter().chain(&root.reverse).chain(&root.ids);
        let rewritten = rewritten
            .map(|c| c.location)
            .chain(root.dates)
            .chain(self.field_pieces.iter().copied());
        let lists =
            self.forms
                .iter()
                .flat_map(|form| &form.parts)
                .flat_map(|part| {
                    let tail = part.tail.into_iter().map(|tier| tier.location);
                    let pieces = [&part.head, &part.positions]
                        .into_iter()
                        .filter_map(|list| match list {
                            super::terms::Owned::Piece(location) => Some(*location),
                            super::terms::Owned::Inline(_) => None,
                        });
                    tail.chain(pieces)
                });
        let kept: std::collections::HashSet<u32> = lists
            .map(|location| location.file)
            .chain(root.doc_tables.iter().map(|location| location.file))
            .chain(self.record_files.iter().copied())
            .chain([0])
            .collect();
        let mut dropped: Vec<u32> = rewritten
            .map(|location| location.file)
            .filter(|file| !kept.contains(file))
            .collect();
        dropped.sort_unstable();
        dropped.dedup();
        dropped
    }
}

/// Why [`super::IndexBuilder::finish_onto`] cannot add to an index: each
/// asks for a full build instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppendError {
    /// The index is of another language than the builder.
    Language,
    /// The index is in the single layout, whose one file a build writes
    /// whole anyway.
    SingleLayout,
    /// The average title or body length moved to another step of its grid,
    /// so the earlier documents' impacts would differ from a full build's.
    AveragesMoved,
    /// The documents would be numbered in tables of another size.
    TablesDiffer,
    /// The placer cannot number its files after the index's.
    Placer,
    /// A new document has the id of one the index keeps.
    DuplicateId(String),
    /// More documents than an index can number.
    TooManyDocuments,
}

impl fmt::Display for AppendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AppendError::Language => "the index is of another language",
            AppendError::SingleLayout => "the index is in the single layout",
            AppendError::AveragesMoved => "the average title or body length moved to another step",
            AppendError::TablesDiffer => "the documents would need tables of another size",
            AppendError::Placer => "the placer cannot number its files after the index's",
            AppendError::DuplicateId(_) => "a new document has the id of one the index keeps",
            AppendError::TooManyDocuments => "more documents than an index can number",
        })?;
        if let AppendError::DuplicateId(id) = self {
            write!(f, " (`{id}`)")?;
        }
        f.write_str(": build it whole")
    }
}

impl std::error::Error for AppendError {}
