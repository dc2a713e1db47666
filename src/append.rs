//! What a build that adds to an index reads of it: its dictionary, ids,
//! dates and document tables, and the documents it deletes (see
//! [`crate::builder::Base`], and `IndexBuilder::finish_onto`).
//!
//! It sits above the reader and the builder, so that neither knows the
//! other: the reader reads, the builder writes what was read.

use fst::Streamer;

use crate::builder::{Base, BaseForm, IndexBuilder, Owned, OwnedPart};
use crate::error::{Error, Result};
use crate::format::terms::{Entry, ListAt};
use crate::index::{Answer, Index, Needs};

/// What `index` keeps when a build adds to it and deletes the documents
/// whose ids are `gone` (changed ones, deleted then added again, and
/// removed ones; an id it does not hold is ignored, one given twice counts
/// once): [`Answer::Need`] lists the pieces to add first (twice: a deleted
/// document's record and text are read once its table has arrived).
pub fn base_of<D: AsRef<[u8]>>(index: &Index<D>, gone: &[String]) -> Result<Answer<Base>> {
    let root = index.root();
    let mut needs = Needs::default();
    let mut filter_docs = Vec::with_capacity(index.filter_keys().len());
    for key in 0..index.filter_keys().len() {
        filter_docs.push(index.filter_documents(key, &mut needs)?);
    }
    let mut number_values = Vec::with_capacity(index.number_fields().len());
    for field in 0..index.number_fields().len() {
        number_values.push(index.number_values(field, &mut needs)?);
    }
    let mut chunks = Vec::with_capacity(root.terms.len());
    for chunk in 0..root.terms.len() {
        chunks.push(index.term_chunk(chunk, &mut needs)?);
    }
    let mut id_chunks = Vec::with_capacity(root.ids.len());
    for chunk in &root.ids {
        id_chunks.push(index.piece(chunk.location, &mut needs)?);
    }
    let date_runs = index.date_runs(&mut needs)?;
    let mut tables = Vec::with_capacity(root.doc_tables.len());
    for &table in &root.doc_tables {
        tables.push(index.piece(table, &mut needs)?);
    }
    // The documents deleted now: their words leave the dictionary's
    // frequencies, their lengths the averages.
    let mut gone_docs = Vec::new();
    let mut gone_words: Vec<String> = Vec::new();
    let mut gone_lengths = [0u64; 2];
    // Each id once: a document's words leave the frequencies once.
    let mut gone: Vec<&str> = gone.iter().map(String::as_str).collect();
    gone.sort_unstable();
    gone.dedup();
    for id in gone {
        let found = match index.document(id)? {
            Answer::Ready(found) => found,
            Answer::Need(missing)
            | Answer::Early {
                settle: missing, ..
            } => {
                missing.into_iter().for_each(|location| needs.add(location));
                continue;
            }
        };
        let Some(document) = found else { continue };
        if let Some(Some(doc)) = index.find_id(id, &mut needs)? {
            gone_docs.push(doc);
        }
        let (words, [title, body]) =
            IndexBuilder::words_of(index.language(), document.summary.title, &document.body)?;
        gone_words.extend(words);
        gone_lengths[0] += title;
        gone_lengths[1] += body;
    }
    if !needs.is_empty() {
        return Ok(needs.into_answer());
    }
    gone_words.sort_unstable();
    gone_docs.sort_unstable();
    gone_docs.dedup();

    let mut forms = Vec::new();
    for chunk in chunks.into_iter().flatten() {
        let mut stream = chunk.fst().stream();
        while let Some((key, offset)) = stream.next() {
            let Entry::Form(form) = chunk.entry_of(key, offset)? else {
                continue;
            };
            let text = std::str::from_utf8(key)
                .map_err(|_| Error::Corrupt("a form of the index is not UTF-8"))?;
            let gone_here = gone_words.partition_point(|w| w.as_str() < text);
            let gone_count = gone_words[gone_here..]
                .iter()
                .take_while(|w| w.as_str() == text)
                .count() as u32;
            let owned = |list: ListAt<'_>| match list {
                ListAt::Inline(bytes) => Owned::Inline(bytes.to_vec()),
                ListAt::Piece(location) => Owned::Piece(location),
            };
            forms.push(BaseForm {
                form: text.to_owned(),
                doc_freq: form.doc_freq.saturating_sub(gone_count),
                stem: form
                    .stem(key)
                    .ok_or(Error::Corrupt("a stem of the index is damaged"))?,
                parts: form
                    .parts
                    .iter()
                    .map(|part| OwnedPart {
                        segment: part.segment,
                        head: owned(part.head),
                        tail: part.tail,
                        positions: owned(part.positions),
                    })
                    .collect(),
            });
        }
    }
    let mut ids = Vec::with_capacity(root.doc_count as usize);
    for bytes in id_chunks.into_iter().flatten() {
        let map = fst::Map::new(bytes)
            .map_err(|_| Error::Corrupt("an id chunk of the index is damaged"))?;
        let mut stream = map.stream();
        while let Some((id, doc)) = stream.next() {
            let doc = u32::try_from(doc)
                .map_err(|_| Error::Corrupt("a document number is out of range"))?;
            if !index.is_deleted(doc) && gone_docs.binary_search(&doc).is_err() {
                let id = String::from_utf8_lossy(id).into_owned();
                ids.push((id, doc));
            }
        }
    }
    let live = |doc: &u32| !index.is_deleted(*doc) && gone_docs.binary_search(doc).is_err();
    let mut filters = Vec::with_capacity(filter_docs.len());
    for (key, documents) in index.filter_keys().iter().zip(filter_docs) {
        let values = key.values.iter().zip(documents.unwrap_or_default());
        let values = values
            .map(|((value, _), docs)| (value.clone(), docs.into_iter().filter(live).collect()));
        filters.push((key.name.clone(), values.collect()));
    }
    let mut numbers = Vec::with_capacity(number_values.len());
    for (field, values) in index.number_fields().iter().zip(number_values) {
        let values = values.unwrap_or_default();
        let mut kept = Vec::new();
        for (n, &value) in values.values.iter().enumerate() {
            let docs = values.docs_of(n).iter().filter(|doc| live(doc));
            kept.extend(docs.map(|&doc| (value, doc)));
        }
        numbers.push((field.name.clone(), (field.kind, kept)));
    }
    let field_pieces = index.filter_keys().iter().map(|key| key.location);
    let field_pieces = field_pieces
        .chain(index.number_fields().iter().map(|field| field.location))
        .collect();
    let mut local_tables = Vec::new();
    let mut record_files = Vec::new();
    for (i, (table, bytes)) in root.doc_tables.iter().zip(tables).enumerate() {
        let bytes = bytes.unwrap_or_default();
        if table.is_local() {
            local_tables.push((i, bytes.to_vec()));
        }
        let mut at = 0;
        let file = crate::format::read_varint(bytes, &mut at)
            .ok_or(Error::Corrupt("a document table of the index is damaged"))?;
        record_files.push(file as u32);
    }
    record_files.sort_unstable();
    record_files.dedup();
    Ok(Answer::Ready(Base {
        language: index.language(),
        root: root.clone(),
        forms,
        ids,
        date_runs: date_runs.unwrap_or_default(),
        local_tables,
        field_pieces,
        record_files,
        filters,
        numbers,
        gone: gone_docs,
        gone_lengths,
    }))
}
