//! Small indexes built inside tests, so each rule is pinned beside its code
//! by a corpus of a few words.

use crate::format::pieces::frame;
use crate::format::placer::{PieceKind, Placer};
use crate::format::root::FileEntry;
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

/// The split layout in memory: every piece framed (not compressed) in one
/// piece file, as `trouve build --layout split` writes them less the
/// compression, so tests see which pieces a search asks for.
#[derive(Debug, Default)]
pub(crate) struct PieceFile {
    pub bytes: Vec<u8>,
}

impl Placer for PieceFile {
    fn encode(&self, _: PieceKind, content: &[u8]) -> Vec<u8> {
        frame(content)
    }

    fn put(&mut self, _: PieceKind, stored: Vec<u8>) -> Location {
        let location = Location {
            file: 1,
            offset: self.bytes.len() as u64,
            length: stored.len() as u32,
        };
        self.bytes.extend_from_slice(&stored);
        location
    }

    fn chunk_is_full(&self, _: PieceKind, content_len: usize, _: &dyn Fn() -> Vec<u8>) -> bool {
        content_len >= 4096
    }

    fn finish(&mut self) -> (Vec<FileEntry>, Vec<u8>) {
        let entry = |length| FileEntry {
            compressed: false,
            length,
            hash: [0; 8],
        };
        (vec![entry(0), entry(self.bytes.len() as u64)], Vec::new())
    }
}

/// A split index of `builder`'s documents: its root opened, and the piece
/// file to serve its pieces from.
pub(crate) fn split(builder: &IndexBuilder) -> (Index<Vec<u8>>, PieceFile) {
    let mut file = PieceFile::default();
    let root = builder.finish_into(&mut file);
    (Index::open(root).expect("a fresh root opens"), file)
}

impl PieceFile {
    /// Adds the pieces at `locations` to `index`.
    pub fn serve(&self, index: &mut Index<Vec<u8>>, locations: &[Location]) {
        for location in locations {
            let start = location.offset as usize;
            let stored = &self.bytes[start..start + location.length as usize];
            index
                .add_piece(*location, stored)
                .expect("a piece of the build");
        }
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
