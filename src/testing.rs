//! Small indexes built inside tests, so each rule is pinned beside its code
//! by a corpus of a few words.

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
