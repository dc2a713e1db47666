//! The dictionary's side of a build: every term's impacts, head and tail,
//! positions, the term chunks with their completions, and the reverse
//! chunks (see [`crate::format::terms`]).

use super::base::BaseForm;
use super::{parallel, Added, Boosted, TermEntry, BLOCK_WORDS};
use crate::bm25::{field_weights, impact, quantize};
use crate::format::placer::{PieceKind, Placer};
use crate::format::root::{separator, Chunk, Segment};
use crate::format::terms::{
    stem_key, Completion, Form, ListAt, Part, Tail, TermChunkWriter, Tiers, COMPLETIONS, TIERS,
};
use crate::format::{Fields, Location};
use crate::postings::{write_impacts, Impact, Positions, PositionsWriter};
use crate::sort;

/// What [`write`] made.
pub(super) struct Dictionary {
    pub term_count: u64,
    pub stem_count: u64,
    pub terms: Vec<Chunk>,
    pub reverse: Vec<Chunk>,
}

/// How the new documents' lists are cut: the average field lengths their
/// impacts are computed with, where tails' tiers start, and the segments
/// they lie in.
pub(super) struct Lists<'a> {
    pub averages: [f32; 2],
    pub tier_starts: [usize; TIERS],
    pub segments: &'a [Segment],
}

/// Where one of a form's lists (its head, its positions) went.
#[derive(Clone, Debug)]
pub(crate) enum Owned {
    Inline(Vec<u8>),
    Piece(Location),
}

impl Owned {
    fn as_list(&self) -> ListAt<'_> {
        match self {
            Owned::Inline(list) => ListAt::Inline(list),
            Owned::Piece(location) => ListAt::Piece(*location),
        }
    }
}

/// One key of the dictionary, ready to be written into a chunk.
enum Key {
    Form {
        doc_freq: u32,
        stem: String,
        parts: Vec<OwnedPart>,
    },
    Stem(Vec<String>),
}

/// A form's lists in one segment, placed.
#[derive(Clone, Debug)]
pub(crate) struct OwnedPart {
    pub segment: u32,
    pub head: Owned,
    pub tail: Tiers,
    pub positions: Owned,
}

pub(super) fn write(
    terms: &[TermEntry],
    docs: &[Added],
    number_of: &[u32],
    lists: Lists<'_>,
    base: Option<&[BaseForm]>,
    placer: &mut dyn Placer,
) -> Dictionary {
    let Lists {
        averages,
        tier_starts,
        segments,
    } = lists;
    // Every key in dictionary order: forms, and stems just before their forms.
    let mut order: Vec<(Vec<u8>, Option<u32>)> = Vec::with_capacity(terms.len() * 2);
    let mut stems: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (number, term) in terms.iter().enumerate() {
        order.push((term.surface.as_bytes().to_vec(), Some(number as u32)));
        stems
            .entry(term.stem.as_str())
            .or_default()
            .push(&term.surface);
    }
    for stem in stems.keys() {
        order.push((stem_key(stem), None));
    }
    sort::sort_by(&mut order, |a, b| a.0 < b.0);

    let weights: Vec<[f32; 2]> = docs
        .iter()
        .map(|d| {
            field_weights(
                d.title_len as f32 / averages[0],
                d.body_len as f32 / averages[1],
            )
        })
        .collect();
    let mut keys: Vec<(Vec<u8>, Key)> = Vec::with_capacity(order.len());
    for batch in order.chunks_mut(KEYS_PER_BATCH) {
        let shared: &dyn Placer = placer;
        let lists = parallel::map(batch, |(_, term)| {
            term.map(|term| {
                encode_form(
                    &terms[term as usize],
                    docs,
                    number_of,
                    &weights,
                    tier_starts,
                    segments,
                    shared,
                )
            })
        });
        for ((key, term), lists) in batch.iter_mut().zip(lists) {
            let key = std::mem::take(key);
            match (term, lists) {
                // A form only deleted documents hold is left out.
                (Some(_), Some(lists)) if lists.doc_freq == 0 => {}
                (Some(term), Some(lists)) => {
                    let form = place_form(lists, &terms[*term as usize].stem, placer);
                    keys.push((key, form));
                }
                _ => {
                    let stem = std::str::from_utf8(&key[..key.len() - 1]).unwrap_or_default();
                    let mut forms: Vec<String> = stems
                        .get(stem)
                        .map(|forms| forms.iter().map(|f| f.to_string()).collect())
                        .unwrap_or_default();
                    forms.sort_unstable();
                    keys.push((key, Key::Stem(forms)));
                }
            }
        }
    }

    if let Some(base) = base {
        keys = merge(keys, base, segments.len() as u32);
    } else if docs.iter().any(|d| d.deleted) {
        drop_stems_without_forms(&mut keys);
    }
    let term_count = keys
        .iter()
        .filter(|(_, key)| matches!(key, Key::Form { .. }))
        .count();
    let stem_count = keys.len() - term_count;

    let cuts = cut_chunks(&keys, placer);
    let separators: Vec<Vec<u8>> = cuts
        .iter()
        .map(|range| {
            let before = range
                .start
                .checked_sub(1)
                .map(|last| keys[last].0.as_slice());
            // No key at all (documents without a word): one empty chunk.
            let first = keys.get(range.start).map_or(&[][..], |(key, _)| key);
            separator(before, first)
        })
        .collect();
    let completions = completions(&keys, &cuts, &separators);
    let mut chunks = Vec::with_capacity(cuts.len());
    for (c, range) in cuts.iter().enumerate() {
        let mut writer = TermChunkWriter::default();
        for (key, entry) in &keys[range.clone()] {
            add(&mut writer, key, entry);
        }
        for (prefix, words) in completions
            .iter()
            .filter(|(_, (chunk, _))| *chunk == c)
            .map(|(p, (_, w))| (p, w))
        {
            let words: Vec<Completion<'_>> = words
                .iter()
                .filter_map(|&i| match &keys[i] {
                    (key, Key::Form { doc_freq, .. }) => Some(Completion {
                        form: std::str::from_utf8(key).ok()?,
                        doc_freq: *doc_freq,
                    }),
                    (_, Key::Stem(_)) => None,
                })
                .collect();
            writer.completions(prefix, &words);
        }
        chunks.push(Chunk {
            first_key: separators[c].clone(),
            location: placer.place(PieceKind::TermChunk, &writer.finish()),
        });
    }

    let reverse = reverse_chunks(&keys, placer);
    Dictionary {
        term_count: term_count as u64,
        stem_count: stem_count as u64,
        terms: chunks,
        reverse,
    }
}

/// The new segments' forms and an earlier index's (`base`, its parts'
/// segments numbered after the `shift` new ones), one key a form: a form
/// in both holds both's lists, the new segments' first, and keeps the
/// stem it had (a folded form keeps its first spelling's); a base form
/// only gone documents held is left out. Then each stem's key, its forms
/// gathered from both.
fn merge(new: Vec<(Vec<u8>, Key)>, base: &[BaseForm], shift: u32) -> Vec<(Vec<u8>, Key)> {
    let shifted = |form: &BaseForm| -> Vec<OwnedPart> {
        let parts = form.parts.iter().cloned();
        parts
            .map(|part| OwnedPart {
                segment: part.segment + shift,
                ..part
            })
            .collect()
    };
    let mut forms: Vec<(Vec<u8>, Key)> = Vec::with_capacity(new.len() + base.len());
    let mut new = new
        .into_iter()
        .filter(|(_, key)| matches!(key, Key::Form { .. }))
        .peekable();
    let mut old = base.iter().peekable();
    loop {
        let take_new = match (new.peek(), old.peek()) {
            (Some((key, _)), Some(form)) => key.as_slice() <= form.form.as_bytes(),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_new {
            let Some((key, mut entry)) = new.next() else {
                break;
            };
            let same = old.next_if(|form| form.form.as_bytes() == key.as_slice());
            if let (
                Some(form),
                Key::Form {
                    doc_freq,
                    stem,
                    parts,
                },
            ) = (same, &mut entry)
            {
                *doc_freq += form.doc_freq;
                stem.clone_from(&form.stem);
                parts.extend(shifted(form));
            }
            forms.push((key, entry));
        } else if let Some(form) = old.next().filter(|form| form.doc_freq > 0) {
            let entry = Key::Form {
                doc_freq: form.doc_freq,
                stem: form.stem.clone(),
                parts: shifted(form),
            };
            forms.push((form.form.as_bytes().to_vec(), entry));
        }
    }
    let mut stems: std::collections::BTreeMap<Vec<u8>, Vec<String>> = Default::default();
    for (form, key) in &forms {
        if let Key::Form { stem, .. } = key {
            let form = String::from_utf8_lossy(form).into_owned();
            stems.entry(stem_key(stem)).or_default().push(form);
        }
    }
    let mut keys = Vec::with_capacity(forms.len() + stems.len());
    let mut stems = stems.into_iter().peekable();
    for (form, key) in forms {
        while let Some((stem, forms)) = stems.next_if(|(stem, _)| *stem < form) {
            keys.push((stem, Key::Stem(forms)));
        }
        keys.push((form, key));
    }
    keys.extend(stems.map(|(stem, forms)| (stem, Key::Stem(forms))));
    keys
}

/// Leaves out of each stem's forms those that were left out (held only by
/// deleted documents), and the stems left with none.
fn drop_stems_without_forms(keys: &mut Vec<(Vec<u8>, Key)>) {
    let forms: std::collections::HashSet<Vec<u8>> = keys
        .iter()
        .filter(|(_, key)| matches!(key, Key::Form { .. }))
        .map(|(form, _)| form.clone())
        .collect();
    keys.retain_mut(|(_, key)| match key {
        Key::Stem(stem_forms) => {
            stem_forms.retain(|form| forms.contains(form.as_bytes()));
            !stem_forms.is_empty()
        }
        Key::Form { .. } => true,
    });
}

fn add(writer: &mut TermChunkWriter, key: &[u8], entry: &Key) {
    match entry {
        Key::Form {
            doc_freq,
            stem,
            parts,
        } => {
            let parts: Vec<Part<'_>> = parts
                .iter()
                .map(|part| Part {
                    segment: part.segment,
                    head: part.head.as_list(),
                    tail: part.tail,
                    positions: part.positions.as_list(),
                })
                .collect();
            let form = std::str::from_utf8(key).unwrap_or_default();
            writer.form(key, *doc_freq, Form::stem_of(form, stem), &parts);
        }
        Key::Stem(forms) => {
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            writer.stem(key, &forms);
        }
    }
}

/// Keys whose lists are encoded together, spread over the cores, before
/// they are placed in dictionary order.
const KEYS_PER_BATCH: usize = 4096;

/// One of a form's lists, encoded: kept inside its entry, or a piece.
enum Encoded {
    Inline(Vec<u8>),
    Piece(Vec<u8>),
}

impl Encoded {
    fn new(kind: PieceKind, list: Vec<u8>, placer: &dyn Placer) -> Encoded {
        if placer.inline(kind, list.len()) {
            Encoded::Inline(list)
        } else {
            Encoded::Piece(placer.encode(kind, &list))
        }
    }

    fn place(self, kind: PieceKind, placer: &mut dyn Placer) -> Owned {
        match self {
            Encoded::Inline(list) => Owned::Inline(list),
            Encoded::Piece(stored) => Owned::Piece(placer.put(kind, stored)),
        }
    }
}

/// One form's postings, its lists encoded (on any thread) and not yet
/// placed (in dictionary order, by [`place_form`]).
struct FormLists {
    doc_freq: u32,
    /// One a segment that holds the form, in order.
    parts: Vec<PartLists>,
}

/// A form's lists in one segment, encoded.
struct PartLists {
    segment: u32,
    positions: Encoded,
    head: Encoded,
    /// Each tier's maximum impact, fields and encoded list.
    tail: Vec<(u8, Fields, Vec<u8>)>,
}

/// One form's postings: its impacts in document order, and its positions
/// renumbered, in each segment that holds it, numbered within it; in each,
/// its impacts cut into a head and the tiers of a tail (starting at
/// `tier_starts`, see [`super::tier_starts`]).
fn encode_form(
    term: &TermEntry,
    docs: &[Added],
    number_of: &[u32],
    weights: &[[f32; 2]],
    tier_starts: [usize; TIERS],
    segments: &[Segment],
    placer: &dyn Placer,
) -> FormLists {
    let list = term.positions.finish();
    let mut entries: Vec<(u32, u32, Vec<u32>, Vec<u32>)> = Vec::new();
    if let Ok(positions) = Positions::read(&list, 0) {
        let _ = positions.for_each_positions(|doc, title, body| {
            entries.push((doc, number_of[doc as usize], title.to_vec(), body.to_vec()));
        });
    }
    drop(list);
    sort::sort_by(&mut entries, |a, b| a.1 < b.1);

    // Deleted documents keep their postings and leave rarity alone.
    let doc_freq = entries
        .iter()
        .filter(|e| !docs[e.0 as usize].deleted)
        .count() as u32;
    let mut parts = Vec::new();
    let mut rest = &entries[..];
    for (number, segment) in segments.iter().enumerate() {
        let end = rest.partition_point(|e| e.1 < segment.base.saturating_add(segment.docs));
        let (inside, after) = rest.split_at(end);
        rest = after;
        if !inside.is_empty() {
            let part = encode_part(inside, segment.base, docs, weights, tier_starts, placer);
            parts.push(PartLists {
                segment: number as u32,
                ..part
            });
        }
    }
    FormLists { doc_freq, parts }
}

/// A form's lists in one segment, from its entries there (added number,
/// number in the index, title and body positions), in order; `base` is
/// the segment's first document.
fn encode_part(
    entries: &[(u32, u32, Vec<u32>, Vec<u32>)],
    base: u32,
    docs: &[Added],
    weights: &[[f32; 2]],
    tier_starts: [usize; TIERS],
    placer: &dyn Placer,
) -> PartLists {
    let mut impacts = Vec::with_capacity(entries.len());
    let mut renumbered = PositionsWriter::default();
    for (added, number, title, body) in entries {
        let doc = &docs[*added as usize];
        let mut blocks = 0u64;
        if !doc.blocks.is_empty() {
            for &position in body {
                blocks |= 1 << (position / BLOCK_WORDS).min(63);
            }
        }
        let (heading_tf, heading_words) = boosted(body, &doc.boosted);
        let title_words = (!title.is_empty()).then_some(doc.title_words);
        let local = number - base;
        impacts.push(Impact {
            doc: local,
            impact: quantize(impact(
                title.len() as u32,
                heading_tf,
                body.len() as u32 - heading_tf,
                weights[*added as usize],
            )),
            blocks,
            fields: Fields::new(title_words, heading_words),
        });
        renumbered.add(local, title, body);
    }
    let positions = Encoded::new(PieceKind::Positions, renumbered.finish(), placer);

    let mut lists = split_tiers(impacts, tier_starts).into_iter();
    let head = lists.next().unwrap_or_default();
    let mut head_bytes = Vec::new();
    write_impacts(&head, &mut head_bytes);
    let head = Encoded::new(PieceKind::Head, head_bytes, placer);
    let tail = lists
        .map(|tier| {
            let mut bytes = Vec::new();
            write_impacts(&tier, &mut bytes);
            let max = tier.iter().map(|e| e.impact).max().unwrap_or(1);
            let fields = tier
                .iter()
                .fold(Fields::default(), |all, e| all.widen(e.fields));
            (max, fields, placer.encode(PieceKind::Tail, &bytes))
        })
        .collect();
    PartLists {
        segment: 0,
        positions,
        head,
        tail,
    }
}

/// Places a form's lists, segment by segment, positions, head then tail,
/// and makes its key.
fn place_form(lists: FormLists, stem: &str, placer: &mut dyn Placer) -> Key {
    let parts = lists
        .parts
        .into_iter()
        .map(|part| {
            let positions = part.positions.place(PieceKind::Positions, placer);
            let head = part.head.place(PieceKind::Head, placer);
            let tiers: Vec<Tail> = part
                .tail
                .into_iter()
                .map(|(max, fields, stored)| Tail {
                    max,
                    fields,
                    location: placer.put(PieceKind::Tail, stored),
                })
                .collect();
            OwnedPart {
                segment: part.segment,
                head,
                tail: Tiers::new(&tiers),
                positions,
            }
        })
        .collect();
    Key::Form {
        doc_freq: lists.doc_freq,
        stem: stem.to_string(),
        parts,
    }
}

/// How many of a term's body `positions` lie in the document's headings
/// and weighty text (`boosted`, in order), and the length in words of the
/// shortest heading that holds one, if any does.
fn boosted(positions: &[u32], boosted: &[Boosted]) -> (u32, Option<u32>) {
    let (mut count, mut shortest): (u32, Option<u32>) = (0, None);
    let mut ranges = boosted.iter().peekable();
    for &position in positions {
        while ranges
            .next_if(|range| range.positions.end <= position)
            .is_some()
        {}
        match ranges.peek() {
            Some(range) if range.positions.start <= position => {
                count += 1;
                if range.heading {
                    shortest = Some(shortest.map_or(range.words, |s| s.min(range.words)));
                }
            }
            Some(_) => {}
            None => break,
        }
    }
    (count, shortest)
}

/// A term's impacts cut in a head and the tiers of a tail, each in
/// document order: the head, the entries that rank highest
/// ([`split_head`]), about `starts[0]` of them; then, of what is left, the
/// entries that rank highest up to about `starts[1]` in all, then up to
/// `starts[2]`, and the rest. Tiers left empty are left out.
fn split_tiers(impacts: Vec<Impact>, starts: [usize; TIERS]) -> Vec<Vec<Impact>> {
    let mut lists = Vec::with_capacity(TIERS + 1);
    let mut rest = impacts;
    let mut reached = 0;
    for start in starts {
        if rest.is_empty() {
            break;
        }
        let (taken, left) = split_head(&rest, start.saturating_sub(reached).max(1));
        reached += taken.len();
        if lists.is_empty() || !taken.is_empty() {
            lists.push(taken);
        }
        rest = left;
    }
    if !rest.is_empty() {
        lists.push(rest);
    }
    lists
}

/// A frequent term's head: about `head_docs` of its entries that rank
/// highest, all of them above every entry left in the tail: as a query of
/// the word alone ranks them, by how well their title and headings name it
/// ([`Fields::naming`]: a page named by the query outranks any score), then
/// by impact. When the boundary is shared by more documents than the head
/// can take, they all go to the tail.
fn split_head(impacts: &[Impact], head_docs: usize) -> (Vec<Impact>, Vec<Impact>) {
    if impacts.len() <= head_docs {
        return (impacts.to_vec(), Vec::new());
    }
    let weight = |e: &Impact| e.fields.naming() << 8 | u16::from(e.impact);
    let mut levels: Vec<u16> = impacts.iter().map(weight).collect();
    sort::sort_by(&mut levels, |a, b| a > b);
    let boundary = levels[head_docs - 1];
    let at_boundary_or_more = levels.iter().filter(|&&l| l >= boundary).count();
    let lowest_kept = if at_boundary_or_more <= 2 * head_docs {
        boundary
    } else {
        boundary + 1
    };
    impacts.iter().partition(|e| weight(e) >= lowest_kept)
}

/// Where term chunks end: ranges of `keys`, each as full as the placer
/// allows.
fn cut_chunks(keys: &[(Vec<u8>, Key)], placer: &dyn Placer) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    let mut writer = TermChunkWriter::default();
    let mut checked_at = 0;
    let mut full_at: Option<usize> = None;
    // The last form of the stems in this chunk so far.
    let mut reach: &[u8] = &[];
    for (i, (key, entry)) in keys.iter().enumerate() {
        // A full chunk ends after the forms of its stems, so that a stem and
        // its forms are read together; unless that is far off.
        if let Some(full) = full_at {
            if key.as_slice() > reach || writer.len() >= full + full / 2 {
                cuts.push(start..i);
                start = i;
                writer = TermChunkWriter::default();
                checked_at = 0;
                full_at = None;
                reach = &[];
            }
        }
        if let Key::Stem(forms) = entry {
            if let Some(last) = forms.last() {
                reach = reach.max(last.as_bytes());
            }
        }
        add(&mut writer, key, entry);
        // Measuring means compressing: only every kilobyte or so.
        if full_at.is_none() && writer.len() >= checked_at + 1024 {
            checked_at = writer.len();
            let content = || {
                let mut copy = TermChunkWriter::default();
                for (key, entry) in &keys[start..=i] {
                    add(&mut copy, key, entry);
                }
                copy.finish()
            };
            if placer.chunk_is_full(PieceKind::TermChunk, writer.len(), &content) {
                full_at = Some(writer.len());
            }
        }
    }
    if start < keys.len() || cuts.is_empty() {
        cuts.push(start..keys.len());
    }
    cuts
}

/// A prefix, the chunk that keeps its completions, and its forms (as key
/// indexes), most frequent first.
type Completions = (Vec<u8>, (usize, Vec<usize>));

/// For every prefix whose forms run over more than one chunk: the chunk
/// where its range starts, and its most frequent forms (as key indexes).
fn completions(
    keys: &[(Vec<u8>, Key)],
    cuts: &[std::ops::Range<usize>],
    separators: &[Vec<u8>],
) -> Vec<Completions> {
    let text = |key: &[u8]| -> Vec<u8> { key.strip_suffix(&[0]).unwrap_or(key).to_vec() };
    let mut prefixes: Vec<Vec<u8>> = Vec::new();
    for pair in cuts.windows(2) {
        let (last, first) = (text(&keys[pair[0].end - 1].0), text(&keys[pair[1].start].0));
        let shared = last.iter().zip(&first).take_while(|(a, b)| a == b).count();
        for end in 1..=shared {
            if std::str::from_utf8(&last[..end]).is_ok() {
                prefixes.push(last[..end].to_vec());
            }
        }
    }
    prefixes.sort_unstable();
    prefixes.dedup();
    prefixes
        .into_iter()
        .map(|prefix| {
            let start = keys.partition_point(|(key, _)| key.as_slice() < prefix.as_slice());
            // Kept in the chunk a search looks the prefix up in: the last
            // one whose key is not after it.
            let chunk = separators
                .partition_point(|key| key.as_slice() <= prefix.as_slice())
                .saturating_sub(1);
            let mut found: Vec<(u32, usize)> = keys[start..]
                .iter()
                .enumerate()
                .take_while(|(_, (key, _))| key.starts_with(&prefix))
                .filter_map(|(i, (key, entry))| match entry {
                    Key::Form { doc_freq, .. } if key.len() > prefix.len() => {
                        Some((*doc_freq, start + i))
                    }
                    _ => None,
                })
                .collect();
            sort::keep_first(&mut found, COMPLETIONS, |a, b| (a.0, b.1) > (b.0, a.1));
            (prefix, (chunk, found.into_iter().map(|(_, i)| i).collect()))
        })
        .collect()
}

/// The reverse dictionary: every form spelled backwards → its document
/// frequency, cut into chunks.
fn reverse_chunks(keys: &[(Vec<u8>, Key)], placer: &mut dyn Placer) -> Vec<Chunk> {
    let mut reversed: Vec<(Vec<u8>, u32)> = keys
        .iter()
        .filter_map(|(key, entry)| match entry {
            Key::Form { doc_freq, .. } => {
                let form = std::str::from_utf8(key).ok()?;
                Some((
                    form.chars().rev().collect::<String>().into_bytes(),
                    *doc_freq,
                ))
            }
            Key::Stem(_) => None,
        })
        .collect();
    sort::sort_by(&mut reversed, |a, b| a.0 < b.0);
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut length = 0;
    // Measuring means building the fst and compressing it: only every
    // kilobyte or so, as for term chunks (every key made builds quadratic).
    let mut checked_at = 0;
    for i in 0..reversed.len() {
        length += reversed[i].0.len() + 3;
        let last = i + 1 == reversed.len();
        let full = length >= checked_at + 1024 && {
            checked_at = length;
            let content = || reverse_fst(&reversed[start..=i]);
            placer.chunk_is_full(PieceKind::ReverseChunk, length, &content)
        };
        if full || last {
            checked_at = 0;
            let before = start.checked_sub(1).map(|last| reversed[last].0.as_slice());
            chunks.push(Chunk {
                first_key: separator(before, &reversed[start].0),
                location: placer.place(PieceKind::ReverseChunk, &reverse_fst(&reversed[start..=i])),
            });
            start = i + 1;
            length = 0;
        }
    }
    chunks
}

fn reverse_fst(entries: &[(Vec<u8>, u32)]) -> Vec<u8> {
    let mut map = fst::MapBuilder::memory();
    for (key, doc_freq) in entries {
        // Reversed forms are distinct and sorted, so insertion cannot fail.
        let _ = map.insert(key, u64::from(*doc_freq));
    }
    map.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impacts(levels: &[u8]) -> Vec<Impact> {
        levels
            .iter()
            .enumerate()
            .map(|(doc, &impact)| Impact {
                doc: doc as u32,
                impact,
                ..Impact::default()
            })
            .collect()
    }

    #[test]
    fn documents_without_a_single_word_make_an_index_that_opens_and_finds_nothing() {
        // Found by fuzzing the JSON reader: the builder indexed the first
        // key of a dictionary that had none.
        let index = crate::testing::index(&[("a", "—", "… ¶ !")]);
        let hits = index.search("a", &Default::default()).unwrap();
        assert!(hits.into_ready().unwrap().is_empty());
        assert!(index
            .complete("a", 5)
            .unwrap()
            .into_ready()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_head_holds_the_highest_impacts_and_never_shares_one_with_the_tail() {
        let (head, tail) = split_head(&impacts(&[5, 9, 1, 7, 7, 3]), 3);
        let levels = |list: &[Impact]| list.iter().map(|e| e.impact).collect::<Vec<_>>();
        assert_eq!(levels(&head), [9, 7, 7]);
        assert_eq!(levels(&tail), [5, 1, 3]);
        // The boundary level is shared by too many: it goes to the tail.
        let (head, tail) = split_head(&impacts(&[9, 4, 4, 4, 4, 4, 4, 4]), 2);
        assert_eq!(levels(&head), [9]);
        assert_eq!(tail.len(), 7);
        let (head, tail) = split_head(&impacts(&[2, 2]), 5);
        assert_eq!((head.len(), tail.len()), (2, 0));
    }

    #[test]
    fn a_tail_is_cut_in_tiers_that_rank_lower_and_lower() {
        let levels = |lists: Vec<Vec<Impact>>| {
            lists
                .iter()
                .map(|list| list.iter().map(|e| e.impact).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let list = impacts(&[5, 9, 1, 7, 8, 3, 2, 6, 4]);
        assert_eq!(
            levels(split_tiers(list.clone(), [2, 4, 6])),
            [vec![9, 8], vec![7, 6], vec![5, 4], vec![1, 3, 2]]
        );
        // A short list: its head and what tiers it reaches.
        assert_eq!(
            levels(split_tiers(list.clone(), [3, 7, 20])),
            [vec![9, 7, 8], vec![5, 3, 6, 4], vec![1, 2]]
        );
        assert_eq!(levels(split_tiers(list, [9, 12, 15])).len(), 1);
        // A level shared by too many for a tier goes to the next one.
        assert_eq!(
            levels(split_tiers(impacts(&[9, 4, 4, 4, 4, 4, 1]), [1, 2, 20])),
            [vec![9], vec![4, 4, 4, 4, 4, 1]]
        );
    }

    #[test]
    fn a_head_holds_the_titles_and_headings_first() {
        let mut entries = impacts(&[200, 30, 40, 250, 20, 10]);
        entries[1].fields = Fields::new(Some(2), None);
        entries[2].fields = Fields::new(None, Some(3));
        entries[5].fields = Fields::new(Some(1), None);
        let (head, tail) = split_head(&entries, 3);
        let docs = |list: &[Impact]| list.iter().map(|e| e.doc).collect::<Vec<_>>();
        assert_eq!(
            docs(&head),
            [1, 2, 5],
            "the whole title, in the title, a heading"
        );
        assert_eq!(docs(&tail), [0, 3, 4]);
    }
}
