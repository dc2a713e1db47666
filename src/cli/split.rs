//! The split layout's piece files: which pieces go together, compressed
//! one by one and named by the hash of their bytes (see
//! [`trouve::format`]).
//!
//! Every piece is read alone, with a range request, out of a file shared
//! with others of its kind: few files for a host to keep, and a root that
//! stays small, since pieces that follow one another in a file cost the
//! root a length each (see `format::root`). Dictionary chunks and tables
//! go in small files, so that a host that ignores ranges sends little more
//! than a piece; postings, positions and documents in larger ones. Document
//! tables of a site of a few thousand documents stay in the root, which
//! spares the first query a round trip.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use flate2::{Compress, Compression, FlushCompress, Status};
use sha2::{Digest, Sha256};
use trouve::format::pieces::frame;
use trouve::format::placer::{PieceKind, Placer, DOCS_PER_TABLE};
use trouve::format::root::FileEntry;
use trouve::format::Location;

/// A term or reverse chunk is full at this many compressed bytes: what a
/// word costs to look up, against what each chunk costs the root. Measured
/// on 2026-12-07 (root and a first query's pieces, by `TROUVE_TRACE`),
/// against 4 KB: the LibreOffice help's root 7.1 → 8.0 KB and its bench
/// queries 2.5 to 8.1 KB lighter; the Python docs' root 4.3 → 6.0 KB, its
/// queries 3.7 to 7.2 KB lighter; the 100,000-document archive's root 19.2
/// → 25.3 KB, its queries 4.2 to 6.9 KB lighter (even, at that size). 1 KB
/// saves less than its root costs on all three.
pub const CHUNK_BYTES: usize = 2 * 1024;
/// Files of dictionary chunks and tables are cut once they reach this many
/// bytes: what a query costs per word on a host that ignores ranges.
pub const TABLE_FILE_BYTES: usize = 128 * 1024;
/// Other shared files (lists, records and blocks) are cut once they reach
/// this many bytes. Pages read them by range, so their size costs a query
/// nothing, while every file costs the root its name and length: the
/// 100,000-document archive's 824 files of 1 MB took 9.5 of its root's
/// 25.3 KB (compressed); in files of 4 MB, 2.7 KB. A host that ignores
/// ranges sends whole files, which no size makes cheap for a large site.
pub const SHARED_FILE_BYTES: usize = 4 << 20;
/// A word's head or positions list of up to this many bytes stays in its
/// entry: a rare word's lists take a few bytes, which a piece of their own
/// would spend again on a location, a frame and a request. Longer ones go
/// apart, which keeps term chunks to the dictionary and small lists, so
/// that a large site has few chunks (each costs the root a few bytes) and
/// a word costs little to look up.
pub const INLINE_LISTS_UP_TO: usize = 48;
/// Up to this many documents, the document tables stay in the root...
pub const ROOT_TABLES_UP_TO: u32 = 4096;
/// ...and past it, they are pieces of 32 documents, which a query reads one
/// a result: on the 100,000-document archive, against 128, a root 2.2 KB
/// larger (19.1 → 21.3 KB) and every query's pieces 5.1 KB lighter
/// (`Marie Dubois` 50.6 → 45.4 KB, by `TROUVE_TRACE`). Kept in the root,
/// 32 would only cost it (the LibreOffice help's, 0.36 KB).
pub const DOCS_PER_TABLE_APART: u32 = 32;
/// ...while they take up to this many bytes (before the root's
/// compression); later tables go to piece files. A table holds each text
/// block's length (so a record and its snippet's block come in one round
/// trip), which a site of long pages pays for here: the Python docs' 498
/// pages take 6.8 KB, the LibreOffice help's 2,561 shorter ones 9.0 KB.
pub const ROOT_TABLES_BYTES: usize = 12 * 1024;

/// zlib's default level: a 10,000-document archive builds in 15.1 s
/// rather than 18.3 s at the densest level (with zlib-rs, against miniz at
/// level 9), and its pieces come 0.7 % smaller, not larger.
const PIECE_LEVEL: Compression = Compression::new(6);

thread_local! {
    /// A compressor carries hundreds of kilobytes of state that a new one
    /// clears: a build compresses every piece and measures chunks by
    /// compressing them, so one compressor a thread is reset instead.
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(PIECE_LEVEL, false));
}

/// Compresses a piece's framed content with raw DEFLATE.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = compressor.total_in() as usize;
            match compressor.compress_vec(&bytes[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                // Out of room.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(1024)),
                // Not a way compressing to memory fails; if it ever does,
                // a compressor of its own still gives the right bytes.
                Err(_) => return deflate_alone(bytes),
            }
        }
    })
}

fn deflate_alone(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), PIECE_LEVEL);
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The first eight bytes of a SHA-256: a file's name.
pub fn hash(bytes: &[u8]) -> [u8; 8] {
    let digest = Sha256::digest(bytes);
    let mut out = [0; 8];
    out.copy_from_slice(&digest[..8]);
    out
}

/// Which shared file a kind goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shared {
    Tables,
    Lists,
    Store,
}

/// Places pieces into piece files; see the [module docs](self).
#[derive(Debug, Default)]
pub struct SplitFiles {
    /// File 0, the root's own pieces.
    local: Vec<u8>,
    /// Every other file's bytes, in file order (file n is `files[n - 1]`).
    files: Vec<Vec<u8>>,
    /// The open shared files, by kind: their number.
    open: Vec<(Shared, u32)>,
    /// Whether the next document table goes in the root.
    tables_in_root: AtomicBool,
    /// Pieces and stored bytes by kind, for `trouve build`'s trace.
    tally: Vec<(PieceKind, usize, u64)>,
}

impl SplitFiles {
    /// The piece files, by file number from 1, with their bytes.
    pub fn into_files(self) -> Vec<Vec<u8>> {
        self.files
    }

    /// How many pieces of each kind were placed, and their stored bytes.
    pub fn tally(&self) -> &[(PieceKind, usize, u64)] {
        &self.tally
    }

    fn new_file(&mut self) -> u32 {
        self.files.push(Vec::new());
        self.files.len() as u32
    }

    fn shared(&mut self, kind: Shared) -> u32 {
        if let Some(&(_, file)) = self.open.iter().find(|(k, _)| *k == kind) {
            let cap = match kind {
                Shared::Tables => TABLE_FILE_BYTES,
                Shared::Lists | Shared::Store => SHARED_FILE_BYTES,
            };
            if self.files[file as usize - 1].len() < cap || kind == Shared::Store {
                return file;
            }
        }
        let file = self.new_file();
        self.open.retain(|(k, _)| *k != kind);
        self.open.push((kind, file));
        file
    }
}

impl Placer for SplitFiles {
    fn begin(&mut self, doc_count: u32) {
        self.tables_in_root
            .store(doc_count <= ROOT_TABLES_UP_TO, Ordering::Relaxed);
    }

    fn docs_per_table(&self) -> u32 {
        if self.tables_in_root.load(Ordering::Relaxed) {
            DOCS_PER_TABLE
        } else {
            DOCS_PER_TABLE_APART
        }
    }

    fn encode(&self, kind: PieceKind, content: &[u8]) -> Vec<u8> {
        if kind == PieceKind::DocTable && self.tables_in_root.load(Ordering::Relaxed) {
            // Only tables go in the root's own pieces.
            if self.local.len() + content.len() <= ROOT_TABLES_BYTES {
                return content.to_vec();
            }
            self.tables_in_root.store(false, Ordering::Relaxed);
        }
        deflate(&frame(content))
    }

    fn put(&mut self, kind: PieceKind, stored: Vec<u8>) -> Location {
        match self.tally.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, count, bytes)) => {
                *count += 1;
                *bytes += stored.len() as u64;
            }
            None => self.tally.push((kind, 1, stored.len() as u64)),
        }
        let file = match kind {
            PieceKind::DocTable if self.tables_in_root.load(Ordering::Relaxed) => 0,
            PieceKind::TermChunk
            | PieceKind::ReverseChunk
            | PieceKind::Ids
            | PieceKind::Dates
            | PieceKind::FilterDocs
            | PieceKind::NumberValues
            | PieceKind::DocTable => self.shared(Shared::Tables),
            PieceKind::Head | PieceKind::Tail | PieceKind::Positions => self.shared(Shared::Lists),
            PieceKind::Record | PieceKind::Block => self.shared(Shared::Store),
        };
        let bytes = if file == 0 {
            &mut self.local
        } else {
            &mut self.files[file as usize - 1]
        };
        let location = Location {
            file,
            offset: bytes.len() as u64,
            length: stored.len() as u32,
        };
        bytes.extend_from_slice(&stored);
        location
    }

    fn inline(&self, kind: PieceKind, length: usize) -> bool {
        matches!(kind, PieceKind::Positions | PieceKind::Head) && length <= INLINE_LISTS_UP_TO
    }

    fn start_documents(&mut self) {
        // A run of documents may start a new store file, never straddle two.
        if let Some(&(_, file)) = self.open.iter().find(|(k, _)| *k == Shared::Store) {
            if self.files[file as usize - 1].len() >= SHARED_FILE_BYTES {
                self.open.retain(|(k, _)| *k != Shared::Store);
            }
        }
    }

    fn chunk_is_full(
        &self,
        _: PieceKind,
        content_len: usize,
        content: &dyn Fn() -> Vec<u8>,
    ) -> bool {
        // Text and postings compress to about half at best: only measure
        // once the raw size could be over.
        content_len >= CHUNK_BYTES && deflate(&content()).len() >= CHUNK_BYTES
    }

    fn finish(&mut self) -> (Vec<FileEntry>, Vec<u8>) {
        let local = std::mem::take(&mut self.local);
        let mut entries = vec![FileEntry {
            compressed: false,
            length: local.len() as u64,
            hash: [0; 8],
        }];
        entries.extend(self.files.iter().map(|bytes| FileEntry {
            compressed: true,
            length: bytes.len() as u64,
            hash: hash(bytes),
        }));
        (entries, local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_compressor_gives_every_piece_its_own_stream() {
        let large: Vec<u8> = (0..300_000u32)
            .flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes())
            .collect();
        for bytes in [&b"premier morceau"[..], &large, b"", b"premier morceau"] {
            let stored = deflate(bytes);
            assert_eq!(stored, deflate_alone(bytes));
            assert_eq!(super::super::loader::inflate(&stored).unwrap(), bytes);
        }
    }

    #[test]
    fn tables_kept_apart_hold_fewer_documents() {
        let mut files = SplitFiles::default();
        files.begin(ROOT_TABLES_UP_TO);
        assert_eq!(files.docs_per_table(), DOCS_PER_TABLE);
        files.begin(ROOT_TABLES_UP_TO + 1);
        assert_eq!(files.docs_per_table(), DOCS_PER_TABLE_APART);
    }

    #[test]
    fn the_root_keeps_document_tables_up_to_its_budget() {
        let table = vec![7u8; ROOT_TABLES_BYTES / 3 + 1];
        let place = |doc_count: u32| {
            let mut files = SplitFiles::default();
            files.begin(doc_count);
            (0..4)
                .map(|_| files.place(PieceKind::DocTable, &table).file)
                .collect::<Vec<_>>()
        };
        // Two tables fit; the third and every later one go to a piece file.
        let files = place(ROOT_TABLES_UP_TO);
        assert_eq!(files[..2], [0, 0]);
        assert!(files[2..].iter().all(|&file| file != 0), "{files:?}");
        // A site of more documents keeps none in its root.
        assert!(place(ROOT_TABLES_UP_TO + 1).iter().all(|&file| file != 0));
    }
}
