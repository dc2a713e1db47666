//! Fixed-width tables: `rows u32, columns u8, widths [u8; columns]`, then
//! `rows` rows of little-endian unsigned integers, each column as narrow as
//! its largest value needs (1 to 8 bytes). Fixed widths keep random access
//! O(1); narrow columns keep a small corpus's index small.

use crate::error::{Error, Result};

use super::read_u32;

/// Writes a table with each column as narrow as its values allow.
pub(crate) fn write_table(columns: &[&[u64]]) -> Vec<u8> {
    let rows = columns.first().map_or(0, |c| c.len());
    debug_assert!(columns.iter().all(|c| c.len() == rows));
    let widths: Vec<u8> = columns
        .iter()
        .map(|c| width_of(c.iter().copied().max().unwrap_or(0)))
        .collect();
    let stride: usize = widths.iter().map(|&w| w as usize).sum();
    let mut out = Vec::with_capacity(5 + widths.len() + rows * stride);
    out.extend_from_slice(&(rows as u32).to_le_bytes());
    out.push(columns.len() as u8);
    out.extend_from_slice(&widths);
    for row in 0..rows {
        for (column, &width) in columns.iter().zip(&widths) {
            out.extend_from_slice(&column[row].to_le_bytes()[..width as usize]);
        }
    }
    out
}

fn width_of(max: u64) -> u8 {
    (64 - max.leading_zeros()).div_ceil(8).max(1) as u8
}

/// Where a table's rows live, parsed once when the index opens.
#[derive(Clone, Debug)]
pub(crate) struct TableLayout {
    rows: usize,
    data_start: usize,
    stride: usize,
    columns: Vec<(usize, u8)>,
}

impl TableLayout {
    /// Parses the table header found at `range` of `bytes`.
    pub fn parse(
        bytes: &[u8],
        range: std::ops::Range<usize>,
        min_columns: usize,
    ) -> Result<TableLayout> {
        const BAD: Error = Error::Corrupt("a table header is damaged");
        let section = bytes.get(range.clone()).ok_or(BAD)?;
        if section.len() < 5 {
            return Err(BAD);
        }
        let rows = read_u32(section, 0) as usize;
        let count = section[4] as usize;
        let widths = section.get(5..5 + count).ok_or(BAD)?;
        if count < min_columns || widths.iter().any(|&w| !(1..=8).contains(&w)) {
            return Err(BAD);
        }
        let mut columns = Vec::with_capacity(count);
        let mut stride = 0;
        for &width in widths {
            columns.push((stride, width));
            stride += width as usize;
        }
        let header = 5 + count;
        if rows.checked_mul(stride).and_then(|n| n.checked_add(header)) != Some(section.len()) {
            return Err(BAD);
        }
        Ok(TableLayout {
            rows,
            data_start: range.start + header,
            stride,
            columns,
        })
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The value at `row` and `column`, or `None` past the end.
    #[inline]
    pub fn get(&self, bytes: &[u8], row: usize, column: usize) -> Option<u64> {
        if row >= self.rows {
            return None;
        }
        let &(offset, width) = self.columns.get(column)?;
        let at = self.data_start + row * self.stride + offset;
        let cell = bytes.get(at..at + width as usize)?;
        let mut buf = [0u8; 8];
        buf[..cell.len()].copy_from_slice(cell);
        Some(u64::from_le_bytes(buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_round_trip_with_narrow_columns() {
        let a = [0u64, 1, 255];
        let b = [70_000u64, 0, 3];
        let c = [u64::MAX, 1, 2];
        let bytes = write_table(&[&a, &b, &c]);
        assert_eq!(bytes.len(), 5 + 3 + 3 * (1 + 3 + 8));
        let t = TableLayout::parse(&bytes, 0..bytes.len(), 3).unwrap();
        assert_eq!(t.rows(), 3);
        for row in 0..3 {
            assert_eq!(t.get(&bytes, row, 0), Some(a[row]));
            assert_eq!(t.get(&bytes, row, 1), Some(b[row]));
            assert_eq!(t.get(&bytes, row, 2), Some(c[row]));
        }
        assert_eq!(t.get(&bytes, 3, 0), None);
        assert_eq!(t.get(&bytes, 0, 3), None);
        assert!(TableLayout::parse(&bytes, 0..bytes.len() - 1, 3).is_err());
        assert!(TableLayout::parse(&bytes, 0..bytes.len(), 4).is_err());
    }

    proptest! {
        #[test]
        fn tables_round_trip(rows in proptest::collection::vec((any::<u64>(), 0u64..300, any::<u32>()), 0..40)) {
            let a: Vec<u64> = rows.iter().map(|r| r.0).collect();
            let b: Vec<u64> = rows.iter().map(|r| r.1).collect();
            let c: Vec<u64> = rows.iter().map(|r| u64::from(r.2)).collect();
            let bytes = write_table(&[&a, &b, &c]);
            let t = TableLayout::parse(&bytes, 0..bytes.len(), 3).unwrap();
            prop_assert_eq!(t.rows(), rows.len());
            for (i, row) in rows.iter().enumerate() {
                prop_assert_eq!(t.get(&bytes, i, 0), Some(row.0));
                prop_assert_eq!(t.get(&bytes, i, 1), Some(row.1));
                prop_assert_eq!(t.get(&bytes, i, 2), Some(u64::from(row.2)));
            }
        }

    }
}
