//! Small indexes built inside tests, so each rule is pinned beside its code
//! by a corpus of a few words.

use crate::format::placer::InMemory;
use crate::format::Location;
use crate::{Date, Document, Index, IndexBuilder, Language};

/// A French index of `(id, title, body)` documents, undated.
pub(crate) fn index(docs: &[(&str, &str, &str)]) -> Index<Vec<u8>> {
    dated(
        &docs
            .iter()
            .map(|&(id, title, body)| (id, title, "", body))
            .collect::<Vec<_>>(),
    )
}

/// A French index of `(id, title, date, body)` documents.
pub(crate) fn dated(docs: &[(&str, &str, &str, &str)]) -> Index<Vec<u8>> {
    let mut builder = IndexBuilder::new(Language::French).expect("French is in test builds");
    for &(id, title, date, body) in docs {
        builder
            .add(&Document {
                id: id.into(),
                url: format!("/{id}.html"),
                title: title.into(),
                date: Date::parse(date),
                body: body.into(),
                ..Document::default()
            })
            .expect("test ids are unique");
    }
    Index::open(builder.finish()).expect("a fresh index opens")
}

/// An index of untitled documents with these bodies, numbered from 0.
pub(crate) fn bodies(bodies: &[String]) -> Index<Vec<u8>> {
    let ids: Vec<String> = (0..bodies.len()).map(|n| n.to_string()).collect();
    index(
        &ids.iter()
            .zip(bodies)
            .map(|(id, body)| (id.as_str(), "", body.as_str()))
            .collect::<Vec<_>>(),
    )
}

/// A split index of `builder`'s documents: its root opened, and the piece
/// file to serve its pieces from.
pub(crate) fn split(builder: &IndexBuilder) -> (Index<Vec<u8>>, InMemory) {
    let mut file = InMemory::new(4096);
    let root = builder.finish_into(&mut file);
    (Index::open(root).expect("a fresh root opens"), file)
}

/// Adds the pieces at `locations` to `index`, from `file`.
pub(crate) fn serve(file: &InMemory, index: &mut Index<Vec<u8>>, locations: &[Location]) {
    for &location in locations {
        let stored = file.piece(location).expect("a piece of the build");
        index
            .add_piece(location, stored)
            .expect("a piece of the build");
    }
}

/// A small deterministic generator (xorshift64) for generated test corpora:
/// `next(n)` is in `0..n`.
pub(crate) fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
