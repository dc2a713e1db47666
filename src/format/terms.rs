//! Term chunks: the dictionary for a range of words, and what a search
//! needs of each word before it reads any other piece.
//!
//! ```text
//! chunk       = fst length varint, fst, entries length varint, entries, completions
//! fst         = fst::Map, key → offset of the key's entry in `entries`; the keys
//!               are surface forms (`economiques`) and stems followed by a 0 byte
//!               (`econom\0`), which sort just before the forms they stem
//! entry       = flags u8 (bit 0: a stem; for a form, bit 1: it has a tail,
//!               bit 2: its positions are apart, bit 3: its head is apart,
//!               bit 4: its lists lie in several segments), then a form or a stem
//! form        = stem (front-coded against the form: a stem that begins it
//!               costs two bytes), then
//!               in one segment (bit 4 clear): the lists of segment 0;
//!               else: document frequency varint, parts varint (1 or more),
//!               parts × (segment varint, flags u8 (bits 1 to 3 as above), lists)
//! lists       = head: a string holding an impact list, or
//!               its location when apart, [with a tail or the head apart, in
//!               one segment: document frequency varint], [with a tail: tiers
//!               u8 (1 to TIERS), tiers × (max impact u8, fields varint,
//!               location)], positions: a string holding the positions list,
//!               or its location when apart
//!               (else the document frequency is the head's count)
//! stem        = count varint × form, in key order, each front-coded against
//!               the stem (bytes shared varint, the rest as a string)
//! completions = count varint × (prefix string, count varint × (form string, document frequency varint))
//! ```
//!
//! An index is cut in **segments** (see [`super::root`]), each a run of
//! documents numbered from 0 within it, and a word's lists in a segment
//! are a **part** of its entry: a part's lists name its segment's
//! documents, the document frequency counts them all. An index of one
//! segment writes its one part as entries always were.
//!
//! A word's **head** is its whole impact list when it is in few documents,
//! else the documents where it ranks highest; its **tail** holds the rest,
//! cut the same way in up to [`TIERS`] **tiers**, each a piece: the
//! documents where the word ranks next, then the next, then the rest (the
//! builder's `tier_starts` sizes them for queries of three and four common
//! words). Each tier states its highest impact and every field its
//! documents have the word in ([`Fields::widen`] of all its entries'), so
//! that a search can bound what the documents it has not read could be
//! worth.
//!
//! **Completions** answer a prefix whose words run past the end of this
//! chunk: for every such prefix whose range starts here, its most frequent
//! words over the whole dictionary, so that a search completes a short
//! prefix from one chunk instead of reading every chunk it covers. A prefix
//! inside one chunk is completed from the chunk's fst.

use fst::Streamer;

use super::{read_bytes, read_varint, write_bytes, write_varint, Fields, Location};
use crate::error::{Error, Result};

const DAMAGED: Error = Error::Corrupt("a term chunk of the index is damaged");

/// An entry's first byte: its kind, and for a form what follows.
const FORM: u8 = 0;
const STEM: u8 = 1;
const HAS_TAIL: u8 = 2;
const POSITIONS_APART: u8 = 4;
const HEAD_APART: u8 = 8;
const SEGMENTED: u8 = 16;
/// The flags a part has of its own.
const PART_FLAGS: u8 = HAS_TAIL | POSITIONS_APART | HEAD_APART;

/// Completions kept for a prefix, and the most a word being typed expands
/// to: its most frequent completions.
pub const COMPLETIONS: usize = 24;

/// Marks a stem key in the dictionary; words never contain a 0 byte.
pub(crate) const STEM_MARK: u8 = 0;

/// Whether a dictionary key is a stem's (else it is a surface form).
pub(crate) fn is_stem_key(key: &[u8]) -> bool {
    key.last() == Some(&STEM_MARK)
}

/// The dictionary key of a stem.
pub(crate) fn stem_key(stem: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(stem.len() + 1);
    key.extend_from_slice(stem.as_bytes());
    key.push(STEM_MARK);
    key
}

/// What the chunk holds for one surface form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form<'a> {
    /// Documents that hold it, in every segment.
    pub doc_freq: u32,
    /// The stem the form was indexed under (its first spelling's), as
    /// (bytes shared with the form, the rest).
    pub stem: (usize, &'a str),
    pub parts: Parts<'a>,
}

/// A form's parts in order (see [`Parts::iter`]).
#[derive(Clone, Debug)]
pub struct PartsIter<'a> {
    parts: Parts<'a>,
    /// Where the next part lies in `rest`, and how many were given.
    at: usize,
    given: u32,
}

impl<'a> Iterator for PartsIter<'a> {
    type Item = Part<'a>;

    fn next(&mut self) -> Option<Part<'a>> {
        let part = match self.given {
            0 => Some(self.parts.first),
            given if given <= self.parts.more => read_part(self.parts.rest, &mut self.at).ok(),
            _ => None,
        };
        self.given += 1;
        part
    }
}

/// A form's lists in one segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Part<'a> {
    /// The segment's number (see [`super::root::Segment`]); the lists
    /// number documents within it.
    pub segment: u32,
    /// An impact list: the whole list, or its head.
    pub head: ListAt<'a>,
    /// The rest of a frequent word's impact list, in tiers.
    pub tail: Tiers,
    pub positions: ListAt<'a>,
}

/// A form's parts, one a segment that holds it: the first read, the others
/// as bytes, read as they are iterated (an entry is checked whole when it
/// is read, so that reading them again cannot fail).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts<'a> {
    first: Part<'a>,
    /// The parts after the first, and how many.
    rest: &'a [u8],
    more: u32,
}

impl<'a> Parts<'a> {
    /// One part.
    pub fn one(part: Part<'a>) -> Parts<'a> {
        Parts {
            first: part,
            rest: &[],
            more: 0,
        }
    }

    /// The first part (the only one of an index of one segment).
    pub fn first(&self) -> &Part<'a> {
        &self.first
    }

    pub fn iter(&self) -> PartsIter<'a> {
        PartsIter {
            parts: *self,
            at: 0,
            given: 0,
        }
    }

    /// Whether some part has a tail.
    pub fn have_tail(&self) -> bool {
        self.iter().any(|part| !part.tail.is_empty())
    }
}

/// The most tiers a tail is cut in.
pub const TIERS: usize = 3;

/// A frequent word's tail: its tiers, the documents where the word ranks
/// highest first; none for a word whose head is its whole list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tiers {
    tiers: [Tail; TIERS],
    count: u8,
}

impl Tiers {
    /// The tiers given, or as many of them as a tail holds.
    pub fn new(tiers: &[Tail]) -> Tiers {
        let mut out = Tiers::default();
        for (slot, tier) in out.tiers.iter_mut().zip(tiers) {
            *slot = *tier;
            out.count += 1;
        }
        out
    }

    pub fn as_slice(&self) -> &[Tail] {
        &self.tiers[..usize::from(self.count)]
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl IntoIterator for Tiers {
    type Item = Tail;
    type IntoIter = std::iter::Take<std::array::IntoIter<Tail, TIERS>>;

    fn into_iter(self) -> Self::IntoIter {
        self.tiers.into_iter().take(usize::from(self.count))
    }
}

/// One tier of a frequent word's tail: where it lies, and what bounds its
/// entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tail {
    /// The highest impact in it.
    pub max: u8,
    /// Every field any of its documents has the word in, with the shortest
    /// title among them.
    pub fields: Fields,
    pub location: Location,
}

/// Where one of a form's lists (its head, its positions) is: in its entry
/// when it is small, else in a piece of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListAt<'a> {
    Inline(&'a [u8]),
    Piece(Location),
}

impl Default for ListAt<'_> {
    fn default() -> Self {
        ListAt::Inline(&[])
    }
}

/// What the chunk holds for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    Form(Form<'a>),
    /// A stem's surface forms, in key order (they may lie in other chunks).
    Stem(Vec<String>),
}

/// A completion: a form and how many documents hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Completion<'a> {
    pub form: &'a str,
    pub doc_freq: u32,
}

/// Builds one term chunk; keys must be added in increasing order.
#[derive(Debug, Default)]
pub struct TermChunkWriter {
    keys: Vec<(Vec<u8>, u64)>,
    entries: Vec<u8>,
    completions: Vec<u8>,
    completion_count: u64,
}

impl TermChunkWriter {
    /// Adds a form and its parts (one a segment, in increasing order).
    pub fn form(&mut self, key: &[u8], doc_freq: u32, stem: (usize, &str), parts: &[Part<'_>]) {
        self.keys.push((key.to_vec(), self.entries.len() as u64));
        let out = &mut self.entries;
        let single = match parts {
            [part] if part.segment == 0 => Some(part),
            _ => None,
        };
        out.push(single.map_or(SEGMENTED, part_flags));
        write_varint(out, stem.0 as u64);
        write_bytes(out, stem.1.as_bytes());
        if let Some(part) = single {
            write_lists(out, part, Some(doc_freq));
            return;
        }
        write_varint(out, u64::from(doc_freq));
        write_varint(out, parts.len() as u64);
        for part in parts {
            write_varint(out, u64::from(part.segment));
            out.push(part_flags(part));
            write_lists(out, part, None);
        }
    }

    pub fn stem(&mut self, key: &[u8], forms: &[&str]) {
        self.keys.push((key.to_vec(), self.entries.len() as u64));
        self.entries.push(STEM);
        write_varint(&mut self.entries, forms.len() as u64);
        let stem = key.strip_suffix(&[STEM_MARK]).unwrap_or(key);
        for form in forms {
            let shared = stem
                .iter()
                .zip(form.as_bytes())
                .take_while(|(a, b)| a == b)
                .count();
            write_varint(&mut self.entries, shared as u64);
            write_bytes(&mut self.entries, &form.as_bytes()[shared..]);
        }
    }

    pub fn completions(&mut self, prefix: &[u8], words: &[Completion<'_>]) {
        self.completion_count += 1;
        write_bytes(&mut self.completions, prefix);
        write_varint(&mut self.completions, words.len() as u64);
        for word in words {
            write_bytes(&mut self.completions, word.form.as_bytes());
            write_varint(&mut self.completions, u64::from(word.doc_freq));
        }
    }

    /// Bytes written so far, a measure for cutting chunks.
    pub fn len(&self) -> usize {
        self.entries.len()
            + self.completions.len()
            + self.keys.iter().map(|(k, _)| k.len()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn finish(self) -> Vec<u8> {
        let mut map = fst::MapBuilder::memory();
        for (key, offset) in &self.keys {
            // Keys come sorted and distinct (a stem key ends in a byte no
            // form has), so insertion cannot fail.
            let _ = map.insert(key, *offset);
        }
        let fst = map.into_inner().unwrap_or_default();
        let mut out =
            Vec::with_capacity(fst.len() + self.entries.len() + self.completions.len() + 12);
        write_bytes(&mut out, &fst);
        write_bytes(&mut out, &self.entries);
        write_varint(&mut out, self.completion_count);
        out.extend_from_slice(&self.completions);
        out
    }
}

/// A part's flags: whether it has a tail, and which lists are apart.
fn part_flags(part: &Part<'_>) -> u8 {
    let mut flags = FORM;
    if !part.tail.is_empty() {
        flags |= HAS_TAIL;
    }
    if matches!(part.positions, ListAt::Piece(_)) {
        flags |= POSITIONS_APART;
    }
    if matches!(part.head, ListAt::Piece(_)) {
        flags |= HEAD_APART;
    }
    flags
}

/// A part's lists; `doc_freq` in an entry of one segment, where it is
/// written only when the head does not tell it.
fn write_lists(out: &mut Vec<u8>, part: &Part<'_>, doc_freq: Option<u32>) {
    match part.head {
        ListAt::Inline(list) => write_bytes(out, list),
        ListAt::Piece(location) => location.write(out),
    }
    // Else the head is at hand and the whole list: its count is the
    // document frequency.
    if let Some(doc_freq) = doc_freq.filter(|_| part_flags(part) & (HAS_TAIL | HEAD_APART) != 0) {
        write_varint(out, u64::from(doc_freq));
    }
    if !part.tail.is_empty() {
        out.push(part.tail.count);
    }
    for tier in part.tail.as_slice() {
        out.push(tier.max.max(1));
        write_varint(out, u64::from(tier.fields.to_bits()));
        tier.location.write(out);
    }
    match part.positions {
        ListAt::Inline(list) => write_bytes(out, list),
        ListAt::Piece(location) => location.write(out),
    }
}

/// A part of a form of several segments: segment, flags, lists.
fn read_part<'a>(bytes: &'a [u8], at: &mut usize) -> Result<Part<'a>> {
    let segment = read_varint(bytes, at)
        .and_then(|s| u32::try_from(s).ok())
        .ok_or(DAMAGED)?;
    let flags = *bytes
        .get(*at)
        .filter(|&&f| f & !PART_FLAGS == 0)
        .ok_or(DAMAGED)?;
    *at += 1;
    let (part, _) = read_lists(bytes, at, flags, segment, false)?;
    Ok(part)
}

/// A part's lists, given its flags; in an entry of one segment (`single`),
/// also the document frequency.
fn read_lists<'a>(
    bytes: &'a [u8],
    at: &mut usize,
    flags: u8,
    segment: u32,
    single: bool,
) -> Result<(Part<'a>, Option<u32>)> {
    let head = if flags & HEAD_APART != 0 {
        ListAt::Piece(Location::read(bytes, at).ok_or(DAMAGED)?)
    } else {
        ListAt::Inline(read_bytes(bytes, at).ok_or(DAMAGED)?)
    };
    let doc_freq = match head {
        _ if !single => None,
        ListAt::Inline(list) if flags & HAS_TAIL == 0 => {
            Some(read_varint(list, &mut 0).ok_or(DAMAGED)?)
        }
        _ => Some(read_varint(bytes, at).ok_or(DAMAGED)?),
    };
    let doc_freq = doc_freq
        .map(|df| u32::try_from(df).map_err(|_| DAMAGED))
        .transpose()?;
    let mut tail = Tiers::default();
    if flags & HAS_TAIL != 0 {
        let count = *bytes
            .get(*at)
            .filter(|&&c| (1..=TIERS as u8).contains(&c))
            .ok_or(DAMAGED)?;
        *at += 1;
        for slot in &mut tail.tiers[..usize::from(count)] {
            let max = *bytes.get(*at).filter(|&&m| m > 0).ok_or(DAMAGED)?;
            *at += 1;
            let fields = read_varint(bytes, at)
                .and_then(Fields::from_bits)
                .ok_or(DAMAGED)?;
            let location = Location::read(bytes, at).ok_or(DAMAGED)?;
            *slot = Tail {
                max,
                fields,
                location,
            };
        }
        tail.count = count;
    }
    let positions = if flags & POSITIONS_APART != 0 {
        ListAt::Piece(Location::read(bytes, at).ok_or(DAMAGED)?)
    } else {
        ListAt::Inline(read_bytes(bytes, at).ok_or(DAMAGED)?)
    };
    let part = Part {
        segment,
        head,
        tail,
        positions,
    };
    Ok((part, doc_freq))
}

/// A term chunk read in place.
#[derive(Clone)]
pub struct TermChunk<'a> {
    fst: fst::Map<&'a [u8]>,
    entries: &'a [u8],
    completions: &'a [u8],
}

impl std::fmt::Debug for TermChunk<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermChunk")
            .field("keys", &self.fst.len())
            .finish()
    }
}

impl Form<'_> {
    /// The front-coded stem of `form`, for the writer.
    pub fn stem_of<'s>(form: &str, stem: &'s str) -> (usize, &'s str) {
        let shared = form
            .bytes()
            .zip(stem.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        // Cut at a character boundary of the stem.
        let shared = (0..=shared)
            .rev()
            .find(|&n| stem.is_char_boundary(n))
            .unwrap_or(0);
        (shared, &stem[shared..])
    }

    /// The stem, given the form's key; `None` if the entry is damaged.
    pub fn stem(&self, key: &[u8]) -> Option<String> {
        let mut stem = std::str::from_utf8(key.get(..self.stem.0)?)
            .ok()?
            .to_owned();
        stem.push_str(self.stem.1);
        Some(stem)
    }
}

impl<'a> TermChunk<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<TermChunk<'a>> {
        let mut at = 0;
        let fst = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
        let entries = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
        Ok(TermChunk {
            fst: fst::Map::new(fst).map_err(|_| DAMAGED)?,
            entries,
            completions: &bytes[at..],
        })
    }

    /// Reads a chunk that has just arrived, checking its fst through (see
    /// [`super::fst_check`]): after this, reading it again never panics.
    pub fn read_checked(bytes: &'a [u8]) -> Result<TermChunk<'a>> {
        let mut at = 0;
        let fst = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
        super::fst_check::check(fst)?;
        TermChunk::read(bytes)
    }

    /// The dictionary of this chunk's keys.
    pub fn fst(&self) -> &fst::Map<&'a [u8]> {
        &self.fst
    }

    pub fn get(&self, key: &[u8]) -> Result<Option<Entry<'a>>> {
        match self.fst.get(key) {
            Some(offset) => self.entry_of(key, offset).map(Some),
            None => Ok(None),
        }
    }

    /// The entry at `offset`, a value of the fst for `key`.
    pub fn entry_of(&self, key: &[u8], offset: u64) -> Result<Entry<'a>> {
        let bytes = self.entries;
        let at = usize::try_from(offset).map_err(|_| DAMAGED)?;
        if bytes.get(at).is_none_or(|flags| flags & STEM == 0) {
            return self.entry(offset);
        }
        let stem = key.strip_suffix(&[STEM_MARK]).unwrap_or(key);
        let mut at = at + 1;
        let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        let mut forms = Vec::new();
        for _ in 0..count {
            let shared = usize::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?)
                .map_err(|_| DAMAGED)?;
            let rest = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
            let mut form = stem.get(..shared).ok_or(DAMAGED)?.to_vec();
            form.extend_from_slice(rest);
            forms.push(String::from_utf8(form).map_err(|_| DAMAGED)?);
        }
        Ok(Entry::Stem(forms))
    }

    /// The form entry at `offset` (a stem's needs its key: [`Self::entry_of`]).
    pub fn entry(&self, offset: u64) -> Result<Entry<'a>> {
        let bytes = self.entries;
        let mut at = usize::try_from(offset).map_err(|_| DAMAGED)?;
        let flags = *bytes.get(at).ok_or(DAMAGED)?;
        at += 1;
        match flags {
            _ if flags & STEM == 0 => {
                let shared = usize::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?)
                    .map_err(|_| DAMAGED)?;
                let rest = std::str::from_utf8(read_bytes(bytes, &mut at).ok_or(DAMAGED)?)
                    .map_err(|_| DAMAGED)?;
                let (doc_freq, parts) = if flags & SEGMENTED == 0 {
                    let (part, doc_freq) = read_lists(bytes, &mut at, flags, 0, true)?;
                    (doc_freq.ok_or(DAMAGED)?, Parts::one(part))
                } else {
                    let doc_freq = read_varint(bytes, &mut at)
                        .and_then(|df| u32::try_from(df).ok())
                        .ok_or(DAMAGED)?;
                    let count = read_varint(bytes, &mut at)
                        .and_then(|c| u32::try_from(c).ok())
                        .filter(|&c| c >= 1)
                        .ok_or(DAMAGED)?;
                    let first = read_part(bytes, &mut at)?;
                    let start = at;
                    let mut previous = first.segment;
                    for _ in 1..count {
                        let part = read_part(bytes, &mut at)?;
                        if part.segment <= previous {
                            return Err(DAMAGED);
                        }
                        previous = part.segment;
                    }
                    let parts = Parts {
                        first,
                        rest: &bytes[start..at],
                        more: count - 1,
                    };
                    (doc_freq, parts)
                };
                Ok(Entry::Form(Form {
                    doc_freq,
                    stem: (shared, rest),
                    parts,
                }))
            }
            _ => Err(Error::Corrupt("a stem entry was read without its key")),
        }
    }

    /// The stored completions of `prefix`, if its range starts in this
    /// chunk and runs past its end.
    pub fn completions(&self, prefix: &[u8]) -> Result<Option<Vec<Completion<'a>>>> {
        let bytes = self.completions;
        let mut at = 0;
        let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        for _ in 0..count {
            let stored = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
            let words = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
            let matches = stored == prefix;
            let mut found = Vec::new();
            for _ in 0..words {
                let form = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
                let doc_freq = u32::try_from(read_varint(bytes, &mut at).ok_or(DAMAGED)?)
                    .map_err(|_| DAMAGED)?;
                if matches {
                    found.push(Completion {
                        form: std::str::from_utf8(form).map_err(|_| DAMAGED)?,
                        doc_freq,
                    });
                }
            }
            if matches {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// Every key and its entry offset, in key order (for tools and tests).
    pub fn keys(&self) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::with_capacity(self.fst.len());
        let mut stream = self.fst.stream();
        while let Some((key, offset)) = stream.next() {
            out.push((key.to_vec(), offset));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tail_of_no_tier_or_too_many_is_damage() {
        let tier = Tail {
            max: 9,
            fields: Fields::default(),
            location: Location {
                file: 1,
                offset: 0,
                length: 5,
            },
        };
        let mut writer = TermChunkWriter::default();
        writer.form(
            b"ab",
            500,
            Form::stem_of("ab", "ab"),
            &[Part {
                segment: 0,
                head: ListAt::Inline(b"h"),
                tail: Tiers::new(&[tier]),
                positions: ListAt::Inline(b""),
            }],
        );
        // flags, the stem (2 bytes), the head (2), the frequency (2): the
        // count of tiers.
        assert_eq!(writer.entries[7], 1);
        for count in [0, TIERS as u8 + 1] {
            let mut damaged = TermChunkWriter {
                keys: writer.keys.clone(),
                entries: writer.entries.clone(),
                ..TermChunkWriter::default()
            };
            damaged.entries[7] = count;
            let bytes = damaged.finish();
            let chunk = TermChunk::read(&bytes).unwrap();
            assert!(chunk.get(b"ab").is_err(), "{count} tiers");
        }
        let bytes = writer.finish();
        let chunk = TermChunk::read(&bytes).unwrap();
        let Some(Entry::Form(form)) = chunk.get(b"ab").unwrap() else {
            panic!("a form")
        };
        assert_eq!(form.parts.first().tail.as_slice(), [tier]);
    }

    #[test]
    fn a_chunk_gives_back_its_forms_stems_and_completions() {
        let tail = Location {
            file: 2,
            offset: 300,
            length: 40,
        };
        let positions = Location {
            file: 3,
            offset: 7,
            length: 12,
        };
        let big_tail = Tiers::new(&[
            Tail {
                max: 7,
                fields: Fields::new(Some(3), Some(2)),
                location: tail,
            },
            Tail {
                max: 3,
                fields: Fields::new(None, Some(5)),
                location: Location {
                    file: 2,
                    offset: 340,
                    length: 90,
                },
            },
        ]);
        let mut writer = TermChunkWriter::default();
        writer.stem(&stem_key("econom"), &["economie", "economique"]);
        writer.form(
            b"economie",
            3,
            Form::stem_of("economie", "econom"),
            &[Part {
                segment: 0,
                head: ListAt::Inline(b"\x01\x02"),
                tail: Tiers::default(),
                positions: ListAt::Inline(b"list"),
            }],
        );
        writer.form(
            b"economique",
            900,
            Form::stem_of("economique", "econom"),
            &[Part {
                segment: 0,
                head: ListAt::Inline(b"head"),
                tail: big_tail,
                positions: ListAt::Piece(positions),
            }],
        );
        writer.form(
            b"economiques",
            300,
            Form::stem_of("economiques", "econom"),
            &[Part {
                segment: 0,
                head: ListAt::Piece(tail),
                tail: Tiers::default(),
                positions: ListAt::Inline(b""),
            }],
        );
        let words = [Completion {
            form: "economique",
            doc_freq: 900,
        }];
        writer.completions(b"eco", &words);
        let bytes = writer.finish();
        let chunk = TermChunk::read(&bytes).unwrap();
        assert_eq!(
            chunk.get(&stem_key("econom")).unwrap(),
            Some(Entry::Stem(vec![
                "economie".to_owned(),
                "economique".to_owned()
            ]))
        );
        let Some(Entry::Form(form)) = chunk.get(b"economique").unwrap() else {
            panic!("a form")
        };
        let part = form.parts.first();
        assert_eq!(
            (form.doc_freq, part.head, part.tail, part.positions),
            (
                900,
                ListAt::Inline(&b"head"[..]),
                big_tail,
                ListAt::Piece(positions)
            )
        );
        assert_eq!(part.tail.as_slice().len(), 2, "both tiers, in order");
        let Some(Entry::Form(apart)) = chunk.get(b"economiques").unwrap() else {
            panic!("a form")
        };
        assert_eq!(
            (
                apart.doc_freq,
                apart.parts.first().head,
                apart.parts.first().tail
            ),
            (300, ListAt::Piece(tail), Tiers::default())
        );
        let Some(Entry::Form(small)) = chunk.get(b"economie").unwrap() else {
            panic!("a form")
        };
        assert_eq!(
            small.doc_freq, 1,
            "a whole head at hand counts its documents"
        );
        assert_eq!(form.stem(b"economique").as_deref(), Some("econom"));
        assert_eq!(
            form.stem,
            (6, ""),
            "a stem that begins its form costs nothing but its length"
        );
        assert_eq!(chunk.get(b"econ").unwrap(), None);
        assert_eq!(chunk.completions(b"eco").unwrap(), Some(words.to_vec()));
        assert_eq!(chunk.completions(b"ec").unwrap(), None);
        assert!(is_stem_key(&stem_key("x")) && !is_stem_key(b"x"));
        // Every cut is an error or a shorter answer, never a panic.
        for cut in 0..bytes.len() {
            if let Ok(chunk) = TermChunk::read(&bytes[..cut]) {
                let _ = chunk.get(b"economique");
                let _ = chunk.completions(b"eco");
            }
        }
    }

    #[test]
    fn a_form_in_several_segments_gives_back_each_part_in_order() {
        let piece = |offset| Location {
            file: 1,
            offset,
            length: 9,
        };
        let tiers = Tiers::new(&[Tail {
            max: 4,
            fields: Fields::new(Some(2), None),
            location: piece(50),
        }]);
        let parts = [
            Part {
                segment: 0,
                head: ListAt::Inline(b"\x01\x02\x03"),
                tail: Tiers::default(),
                positions: ListAt::Piece(piece(10)),
            },
            Part {
                segment: 2,
                head: ListAt::Piece(piece(20)),
                tail: tiers,
                positions: ListAt::Inline(b"p"),
            },
            Part {
                segment: 5,
                head: ListAt::Inline(b"h"),
                tail: Tiers::default(),
                positions: ListAt::Inline(b""),
            },
        ];
        let mut writer = TermChunkWriter::default();
        writer.form(b"mot", 1200, Form::stem_of("mot", "mot"), &parts);
        writer.form(b"seul", 7, Form::stem_of("seul", "seul"), &parts[2..]);
        let bytes = writer.finish();
        let chunk = TermChunk::read(&bytes).unwrap();
        let Some(Entry::Form(form)) = chunk.get(b"mot").unwrap() else {
            panic!("a form")
        };
        assert_eq!(form.doc_freq, 1200);
        assert_eq!(form.parts.iter().collect::<Vec<_>>(), parts);
        assert!(form.parts.have_tail());
        let Some(Entry::Form(alone)) = chunk.get(b"seul").unwrap() else {
            panic!("a form")
        };
        assert_eq!(alone.parts.iter().collect::<Vec<_>>(), parts[2..]);
        assert_eq!(
            alone.doc_freq, 7,
            "one part in another segment says its frequency"
        );

        // Parts out of order are damage.
        let mut writer = TermChunkWriter::default();
        writer.form(
            b"mot",
            3,
            Form::stem_of("mot", "mot"),
            &[parts[2], parts[0]],
        );
        let bytes = writer.finish();
        assert!(TermChunk::read(&bytes).unwrap().get(b"mot").is_err());
        for cut in 0..bytes.len() {
            if let Ok(chunk) = TermChunk::read(&bytes[..cut]) {
                let _ = chunk.get(b"mot");
            }
        }
    }
}
