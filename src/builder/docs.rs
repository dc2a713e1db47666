//! The documents' side of a build: their numbering, records, tables, ids
//! and dates (see [`crate::format::docs`]).

use super::base::Base;
use super::{parallel, Added};
use crate::format::docs::{write_dates, write_doc_table, write_record, Section};
use crate::format::placer::{PieceKind, Placer};
use crate::format::root::{separator, Chunk, Segment};
use crate::format::Location;
use crate::sort;

/// Documents numbered newest first, undated last, then in the order they
/// were added.
pub(super) struct Order {
    /// Number → the document's place in the order they were added.
    pub by_number: Vec<u32>,
    /// The inverse: place added → number.
    pub number_of: Vec<u32>,
}

pub(super) fn newest_first(docs: &[Added]) -> Order {
    let mut by_number: Vec<u32> = (0..docs.len() as u32).collect();
    sort::sort_by(&mut by_number, |&a, &b| {
        (docs[b as usize].date_key, a) < (docs[a as usize].date_key, b)
    });
    let mut number_of = vec![0; docs.len()];
    for (number, &added) in by_number.iter().enumerate() {
        number_of[added as usize] = number as u32;
    }
    Order {
        by_number,
        number_of,
    }
}

/// The live documents' title and body lengths in words, summed.
pub(super) fn total_lengths(docs: &[Added]) -> [u64; 2] {
    let live = docs.iter().filter(|d| !d.deleted);
    live.fold([0, 0], |[title, body], d| {
        [title + u64::from(d.title_len), body + u64::from(d.body_len)]
    })
}

/// The live documents' average title and body lengths in words (see
/// [`on_grid`]).
pub(super) fn average_lengths(docs: &[Added]) -> [f32; 2] {
    let live = docs.iter().filter(|d| !d.deleted).count();
    let [title, body] = total_lengths(docs);
    [on_grid(title, live), on_grid(body, live)]
}

/// Steps of the averages' grid in an octave.
const GRID_STEPS: f64 = 8.0;

/// The average length of `tokens` words over `docs` documents, at least 1,
/// rounded to the nearest of eight steps an octave (2^(n/8), each 9 %
/// wider than the one before): impacts are computed with it, and a build
/// that adds documents to an index keeps the index's impacts, which equal
/// a full build's as long as the average stays on the same step (see
/// `IndexBuilder::finish_onto`). A length then weighs at most 4.4 % off
/// what the exact average would give it.
pub(super) fn on_grid(tokens: u64, docs: usize) -> f32 {
    let average = (tokens as f64 / docs.max(1) as f64).max(1.0);
    ((average.log2() * GRID_STEPS).round() / GRID_STEPS).exp2() as f32
}

/// Where the documents' pieces went.
pub(super) struct Written {
    pub tables: Vec<Location>,
    pub ids: Vec<Chunk>,
    pub dates: Option<Location>,
}

/// Ids per id chunk: a lookup by id reads one chunk of this many.
const IDS_PER_CHUNK: usize = 4096;

/// Documents whose pieces are encoded (compressed, in the split layout)
/// together, spread over the cores, before they are placed in order: about
/// 16 MB of stored pieces on a news archive.
const DOCS_PER_BATCH: usize = 4096;

/// A document's record and its blocks (none when its body is in the
/// record), encoded.
struct Encoded {
    record: Vec<u8>,
    blocks: Vec<Vec<u8>>,
}

fn encode(doc: &Added, placer: &dyn Placer) -> Encoded {
    let sections: Vec<Section<'_>> = doc
        .sections
        .iter()
        .map(|(position, heading, anchor)| Section {
            position: *position,
            heading,
            anchor,
        })
        .collect();
    let positions: Vec<u32> = doc.blocks.iter().map(|&(position, _)| position).collect();
    // A body of one block lies in its record; a longer one's blocks, the
    // first included, follow it as pieces (see format::docs).
    let one_block = doc.blocks.is_empty();
    let record = write_record(
        [&doc.id, &doc.url, &doc.title, &doc.date],
        &sections,
        &positions,
        if one_block { &doc.body } else { "" },
        &doc.meta,
    );
    let starts = std::iter::once(0).chain(doc.blocks.iter().map(|&(_, at)| at));
    let ends = starts.clone().skip(1).chain([doc.body.len()]);
    let blocks = if one_block {
        Vec::new()
    } else {
        starts
            .zip(ends)
            .map(|(at, end)| placer.encode(PieceKind::Block, &doc.body.as_bytes()[at..end]))
            .collect()
    };
    Encoded {
        record: placer.encode(PieceKind::Record, &record),
        blocks,
    }
}

pub(super) fn write(
    docs: &[Added],
    by_number: &[u32],
    segments: &[Segment],
    docs_per_table: u32,
    base: Option<&Base>,
    placer: &mut dyn Placer,
) -> Written {
    let mut tables = Vec::new();
    let per_table = docs_per_table.max(1) as usize;
    // Whole tables a batch; a segment's documents start a table.
    let segment_docs = segments
        .iter()
        .filter_map(|s| by_number.get(s.base as usize..(s.base + s.docs) as usize));
    let batches =
        segment_docs.flat_map(|docs| docs.chunks(DOCS_PER_BATCH.div_ceil(per_table) * per_table));
    for batch in batches {
        let shared: &dyn Placer = placer;
        let encoded = parallel::map(batch, |&added| encode(&docs[added as usize], shared));
        let mut encoded = encoded.into_iter().peekable();
        while encoded.peek().is_some() {
            placer.start_documents();
            let mut start = None;
            let mut lengths = Vec::with_capacity(per_table);
            for Encoded { record, blocks } in encoded.by_ref().take(per_table) {
                let location = placer.put(PieceKind::Record, record);
                start.get_or_insert(location);
                let blocks = blocks
                    .into_iter()
                    .map(|block| placer.put(PieceKind::Block, block).length)
                    .collect();
                lengths.push((location.length, blocks));
            }
            let start = start.unwrap_or_default();
            tables.push(placer.place(PieceKind::DocTable, &write_doc_table(start, &lengths)));
        }
    }

    // A deleted document's id is free: a change adds the new copy under it.
    let mut ids: Vec<(&str, u32)> = by_number
        .iter()
        .enumerate()
        .filter(|&(_, &added)| !docs[added as usize].deleted)
        .map(|(number, &added)| (docs[added as usize].id.as_str(), number as u32))
        .collect();
    // An earlier index's documents come after these.
    let after = by_number.len() as u32;
    if let Some(base) = base {
        let numbered = base.ids.iter().map(|(id, doc)| (id.as_str(), doc + after));
        ids.extend(numbered);
    }
    sort::sort_by(&mut ids, |a, b| a.0 < b.0);
    let id_chunks = ids
        .chunks(IDS_PER_CHUNK)
        .enumerate()
        .map(|(c, slice)| {
            let mut map = fst::MapBuilder::memory();
            for &(id, number) in slice {
                // Ids are distinct and sorted, so insertion cannot fail.
                let _ = map.insert(id, u64::from(number));
            }
            let bytes = map.into_inner().unwrap_or_default();
            let before = (c > 0).then(|| ids[c * IDS_PER_CHUNK - 1].0.as_bytes());
            Chunk {
                first_key: separator(before, slice[0].0.as_bytes()),
                location: placer.place(PieceKind::Ids, &bytes),
            }
        })
        .collect();

    let mut runs: Vec<(u32, u32)> = Vec::new();
    let keys = by_number
        .iter()
        .map(|&added| (docs[added as usize].date_key, 1));
    let base_runs = base.map_or(&[][..], |base| &base.date_runs);
    for (key, docs) in keys.chain(base_runs.iter().copied()) {
        match runs.last_mut() {
            Some((last, count)) if *last == key => *count += docs,
            _ => runs.push((key, docs)),
        }
    }
    let dated = docs.iter().any(|d| !d.deleted && d.date_key != 0)
        || base.is_some_and(|base| base.root.dates.is_some());
    Written {
        tables,
        ids: id_chunks,
        dates: dated.then(|| placer.place(PieceKind::Dates, &write_dates(&runs))),
    }
}
