//! Where a build's pieces go: into one file (the single layout), or into
//! piece files (the split layout, written by the `trouve` command, which
//! compresses and names them).
//!
//! The builder hands every piece to a [`Placer`] as it makes it and writes
//! the returned [`Location`] wherever the piece is referred to, so the same
//! build yields either layout; what differs is only where bytes lie.

use super::root::FileEntry;
use super::Location;

/// What a piece is, so that a placer can keep kinds apart (the pieces a
/// query fetches whole in files of their own, the ones read by range in
/// large shared files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PieceKind {
    TermChunk,
    ReverseChunk,
    Head,
    Tail,
    Positions,
    Record,
    Block,
    DocTable,
    Ids,
    Dates,
    FilterDocs,
    NumberValues,
}

/// Documents per document table where tables are at hand.
pub const DOCS_PER_TABLE: u32 = 128;

/// Puts pieces somewhere; see the [module docs](self).
/// `Sync`: a build encodes pieces on several threads (see `encode`).
pub trait Placer: Sync {
    /// Called once, before any piece, with the number of documents.
    fn begin(&mut self, doc_count: u32) {
        let _ = doc_count;
    }

    /// Documents per document table, asked once after `begin`. A table is
    /// what a query reads per result before the result's record when
    /// tables are pieces of their own, so small there; where they are all
    /// at hand (the single layout, a split root that keeps them), fewer
    /// and larger ones cost fewer places and frames.
    fn docs_per_table(&self) -> u32 {
        DOCS_PER_TABLE
    }

    /// The bytes a piece is stored as: as it is in file 0, compressed and
    /// framed in a piece file. A step apart from `put`, so that a build can
    /// encode pieces on several threads and place them in order.
    fn encode(&self, kind: PieceKind, content: &[u8]) -> Vec<u8>;

    /// Stores encoded bytes and says where they lie.
    fn put(&mut self, kind: PieceKind, stored: Vec<u8>) -> Location;

    /// `encode` then `put`.
    fn place(&mut self, kind: PieceKind, content: &[u8]) -> Location {
        let stored = self.encode(kind, content);
        self.put(kind, stored)
    }

    /// Whether a small piece of this kind and length goes inside the entry
    /// that refers to it rather than in a piece of its own.
    fn inline(&self, kind: PieceKind, length: usize) -> bool {
        let _ = (kind, length);
        false
    }

    /// A run of documents begins: their records and blocks, until the next
    /// call, must follow one another in one file.
    fn start_documents(&mut self) {}

    /// Whether a term chunk whose content would be `content` is full.
    fn chunk_is_full(
        &self,
        kind: PieceKind,
        content_len: usize,
        content: &dyn Fn() -> Vec<u8>,
    ) -> bool;

    /// The file table (file 0 first) and the bytes of file 0.
    fn finish(&mut self) -> (Vec<FileEntry>, Vec<u8>);

    /// Numbers the files it makes from `files` on, since those before are
    /// an earlier build's, which this one adds to (see
    /// `IndexBuilder::finish_onto`); the table `finish` gives then holds a
    /// default entry for each of them. Returns whether this placer can.
    fn after_files(&mut self, files: u32) -> bool {
        let _ = files;
        false
    }
}

/// The single layout: every piece in file 0, as it is.
#[derive(Debug, Default)]
pub struct SingleFile {
    bytes: Vec<u8>,
}

/// Term and reverse chunks of the single layout are cut at this many bytes:
/// large, since every chunk is at hand and fewer chunks store fewer
/// completions of prefixes that run over two.
pub const SINGLE_CHUNK_BYTES: usize = 256 * 1024;

impl Placer for SingleFile {
    fn encode(&self, _: PieceKind, content: &[u8]) -> Vec<u8> {
        content.to_vec()
    }

    fn put(&mut self, _: PieceKind, stored: Vec<u8>) -> Location {
        append(&mut self.bytes, 0, &stored)
    }

    fn inline(&self, kind: PieceKind, _: usize) -> bool {
        // Every piece is at hand anyway: a location would only add bytes.
        matches!(kind, PieceKind::Positions | PieceKind::Head)
    }

    fn chunk_is_full(&self, _: PieceKind, content_len: usize, _: &dyn Fn() -> Vec<u8>) -> bool {
        content_len >= SINGLE_CHUNK_BYTES
    }

    fn finish(&mut self) -> (Vec<FileEntry>, Vec<u8>) {
        let bytes = std::mem::take(&mut self.bytes);
        let file = FileEntry {
            compressed: false,
            length: bytes.len() as u64,
            hash: [0; 8],
        };
        (vec![file], bytes)
    }
}

/// The split layout in memory: every piece framed, not compressed, one
/// after another in piece file 1. What tests, fuzzing and benchmarks build
/// to see which pieces a search asks for, with no files to write; the
/// `trouve` command's placer compresses pieces and spreads them over files.
#[derive(Debug)]
pub struct InMemory {
    /// The piece file: file 1, or the one after an earlier build's files.
    pub bytes: Vec<u8>,
    file: u32,
    chunk_bytes: usize,
    inline_up_to: Option<usize>,
}

impl InMemory {
    /// Term and reverse chunks cut at `chunk_bytes` of content, every list
    /// in a piece of its own.
    pub fn new(chunk_bytes: usize) -> InMemory {
        InMemory {
            bytes: Vec::new(),
            file: 1,
            chunk_bytes,
            inline_up_to: None,
        }
    }

    /// Heads and positions lists of up to `length` bytes inside their
    /// entry, as the command keeps small ones.
    pub fn inline_lists_up_to(mut self, length: usize) -> InMemory {
        self.inline_up_to = Some(length);
        self
    }

    /// The stored (framed) bytes at `location`, if it lies in the file.
    pub fn piece(&self, location: Location) -> Option<&[u8]> {
        if location.file != self.file {
            return None;
        }
        let start = usize::try_from(location.offset).ok()?;
        self.bytes
            .get(start..start.checked_add(location.length as usize)?)
    }
}

impl Placer for InMemory {
    fn encode(&self, _: PieceKind, content: &[u8]) -> Vec<u8> {
        super::pieces::frame(content)
    }

    fn put(&mut self, _: PieceKind, stored: Vec<u8>) -> Location {
        append(&mut self.bytes, self.file, &stored)
    }

    fn inline(&self, kind: PieceKind, length: usize) -> bool {
        matches!(kind, PieceKind::Positions | PieceKind::Head)
            && self.inline_up_to.is_some_and(|up_to| length <= up_to)
    }

    fn chunk_is_full(&self, _: PieceKind, content_len: usize, _: &dyn Fn() -> Vec<u8>) -> bool {
        content_len >= self.chunk_bytes
    }

    fn finish(&mut self) -> (Vec<FileEntry>, Vec<u8>) {
        let entry = |length| FileEntry {
            compressed: false,
            length,
            hash: [0; 8],
        };
        let mut files = vec![entry(0); self.file as usize];
        files.push(entry(self.bytes.len() as u64));
        (files, Vec::new())
    }

    fn after_files(&mut self, files: u32) -> bool {
        self.file = files.max(1);
        true
    }
}

/// Appends `stored` to the bytes of file `file`, and says where it lies.
fn append(bytes: &mut Vec<u8>, file: u32, stored: &[u8]) -> Location {
    let location = Location {
        file,
        offset: bytes.len() as u64,
        length: stored.len() as u32,
    };
    bytes.extend_from_slice(stored);
    location
}
