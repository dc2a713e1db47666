//! Number fields: a number or a date a document is given (`price: 12.5`,
//! `updated: 2024-03-01`), which a search can keep a range of and sort by.
//!
//! ```text
//! NUMS section = count varint × field      (only when some document has a number field)
//! field        = name string, kind u8 (0 number, 1 date), location of its values piece,
//!                documents varint (how many have a value)
//! values piece = count varint × (value f64 little-endian, documents varint), ascending,
//!                then for each value, in order: that many document numbers,
//!                ascending, as varint deltas (the first from 0)
//! ```
//!
//! A date is stored as its key ([`crate::Date::to_key`]), which sorts as
//! the dates do. Fields are sorted by their bytes. A document has at most
//! one value a field. The section sits in the container beside the root
//! (a few bytes a field); a field's values are one piece, read only when a
//! query keeps a range of the field or sorts by it. A reader that does not
//! know the section skips it (see [`super::Container`]): an index without
//! number fields has none, and its bytes are the same as before they
//! existed.

use super::{read_bytes, read_varint, write_bytes, write_varint, Location};
use crate::error::{Error, Result};

const DAMAGED: Error = Error::Corrupt("the number fields of the index are damaged");

/// What a number field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    Number = 0,
    /// A date, stored as its key.
    Date = 1,
}

/// A number field: its name, what it holds, where its values lie, and how
/// many documents have one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberField {
    pub name: String,
    pub kind: NumberKind,
    pub location: Location,
    pub documents: u32,
}

/// A field's values, ascending, and the documents that hold each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Values {
    pub values: Vec<f64>,
    /// The documents of every value, one value's after another's.
    pub docs: Vec<u32>,
    /// Where each value's documents start in `docs`, and where the last
    /// ends: one more than `values`.
    pub starts: Vec<u32>,
}

impl Values {
    /// The documents that hold value number `n`.
    pub fn docs_of(&self, n: usize) -> &[u32] {
        &self.docs[self.starts[n] as usize..self.starts[n + 1] as usize]
    }
}

/// The `NUMS` section for `fields` (sorted by name).
pub fn write_section(fields: &[NumberField]) -> Vec<u8> {
    let mut out = Vec::new();
    write_varint(&mut out, fields.len() as u64);
    for field in fields {
        write_bytes(&mut out, field.name.as_bytes());
        out.push(field.kind as u8);
        field.location.write(&mut out);
        write_varint(&mut out, u64::from(field.documents));
    }
    out
}

/// Reads the `NUMS` section of an index of `doc_count` documents.
pub fn read_section(bytes: &[u8], doc_count: u32) -> Result<Vec<NumberField>> {
    let mut at = 0;
    let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
    let mut fields: Vec<NumberField> = Vec::new();
    for _ in 0..count {
        // Every field takes several bytes: no count can ask for more
        // fields than the section has room for.
        if at >= bytes.len() {
            return Err(DAMAGED);
        }
        let raw = read_bytes(bytes, &mut at).ok_or(DAMAGED)?;
        let name = String::from_utf8(raw.to_vec()).map_err(|_| DAMAGED)?;
        let kind = match bytes.get(at) {
            Some(0) => NumberKind::Number,
            Some(1) => NumberKind::Date,
            _ => return Err(DAMAGED),
        };
        at += 1;
        let location = Location::read(bytes, &mut at).ok_or(DAMAGED)?;
        let documents = read_varint(bytes, &mut at)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n <= doc_count)
            .ok_or(DAMAGED)?;
        if fields.last().is_some_and(|last| last.name >= name) {
            return Err(DAMAGED);
        }
        fields.push(NumberField {
            name,
            kind,
            location,
            documents,
        });
    }
    if at != bytes.len() {
        return Err(DAMAGED);
    }
    Ok(fields)
}

/// A field's values piece: `values` ascending, each with its documents,
/// ascending.
pub fn write_values(values: &[(f64, Vec<u32>)]) -> Vec<u8> {
    let mut out = Vec::new();
    write_varint(&mut out, values.len() as u64);
    for (value, docs) in values {
        out.extend_from_slice(&value.to_le_bytes());
        write_varint(&mut out, docs.len() as u64);
    }
    for (_, docs) in values {
        let mut previous = 0;
        for &doc in docs {
            write_varint(&mut out, u64::from(doc - previous));
            previous = doc;
        }
    }
    out
}

/// Reads `field`'s values piece, in an index of `doc_count` documents.
pub fn read_values(bytes: &[u8], field: &NumberField, doc_count: u32) -> Result<Values> {
    let mut at = 0;
    let count = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
    // Each value takes nine bytes at least.
    if count > (bytes.len() / 9) as u64 {
        return Err(DAMAGED);
    }
    let mut out = Values {
        values: Vec::with_capacity(count as usize),
        docs: Vec::with_capacity(field.documents as usize),
        starts: Vec::with_capacity(count as usize + 1),
    };
    let mut sizes = Vec::with_capacity(count as usize);
    let mut total = 0u64;
    for _ in 0..count {
        let raw: [u8; 8] = bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .ok_or(DAMAGED)?;
        at += 8;
        let value = f64::from_le_bytes(raw);
        // Ascending, and never NaN (which no comparison would place).
        if value.is_nan() || out.values.last().is_some_and(|&last| last >= value) {
            return Err(DAMAGED);
        }
        let size = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
        total += size;
        if total > u64::from(field.documents) {
            return Err(DAMAGED);
        }
        out.values.push(value);
        sizes.push(size);
    }
    if total != u64::from(field.documents) {
        return Err(DAMAGED);
    }
    for size in sizes {
        out.starts.push(out.docs.len() as u32);
        let mut doc = 0u64;
        for n in 0..size {
            let delta = read_varint(bytes, &mut at).ok_or(DAMAGED)?;
            if n > 0 && delta == 0 {
                return Err(DAMAGED);
            }
            doc += delta;
            if doc >= u64::from(doc_count) {
                return Err(DAMAGED);
            }
            out.docs.push(doc as u32);
        }
    }
    out.starts.push(out.docs.len() as u32);
    if at != bytes.len() {
        return Err(DAMAGED);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<NumberField> {
        vec![
            NumberField {
                name: "prix".into(),
                kind: NumberKind::Number,
                location: Location {
                    file: 0,
                    offset: 3,
                    length: 40,
                },
                documents: 3,
            },
            NumberField {
                name: "révisé".into(),
                kind: NumberKind::Date,
                location: Location {
                    file: 1,
                    offset: 0,
                    length: 9,
                },
                documents: 1,
            },
        ]
    }

    #[test]
    fn fields_and_values_come_back_as_written() {
        let section = write_section(&fields());
        assert_eq!(read_section(&section, 5).unwrap(), fields());
        let piece = write_values(&[(-2.5, vec![4]), (10.0, vec![0, 3])]);
        let values = read_values(&piece, &fields()[0], 5).unwrap();
        assert_eq!(values.values, [-2.5, 10.0]);
        assert_eq!(values.docs_of(0), [4]);
        assert_eq!(values.docs_of(1), [0, 3]);
    }

    #[test]
    fn damage_is_an_error() {
        let section = write_section(&fields());
        // Every cut, and a byte past the end.
        for end in 0..section.len() {
            assert!(read_section(&section[..end], 5).is_err(), "cut at {end}");
        }
        let mut longer = section.clone();
        longer.push(0);
        assert!(read_section(&longer, 5).is_err());
        // More documents than the index has.
        assert!(read_section(&section, 2).is_err());
        // Out of order.
        let mut reversed = fields();
        reversed.reverse();
        assert!(read_section(&write_section(&reversed), 5).is_err());

        let field = &fields()[0];
        let piece = write_values(&[(-2.5, vec![4]), (10.0, vec![0, 3])]);
        for end in 0..piece.len() {
            assert!(
                read_values(&piece[..end], field, 5).is_err(),
                "cut at {end}"
            );
        }
        // A document past the last, values out of order, NaN, a document
        // count that disagrees with the section's.
        assert!(read_values(&piece, field, 4).is_err());
        let unordered = write_values(&[(10.0, vec![4]), (-2.5, vec![0, 3])]);
        assert!(read_values(&unordered, field, 5).is_err());
        let nan = write_values(&[(f64::NAN, vec![4]), (10.0, vec![0, 3])]);
        assert!(read_values(&nan, field, 5).is_err());
        let fewer = write_values(&[(10.0, vec![0, 3])]);
        assert!(read_values(&fewer, field, 5).is_err());
        let mut huge = Vec::new();
        write_varint(&mut huge, u64::MAX);
        assert!(read_values(&huge, field, 5).is_err());
    }
}
