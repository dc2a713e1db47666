//! What the options' filters and ranges keep: the documents they admit,
//! one bit a document.
//!
//! A filter key's documents are one piece (see [`crate::format::filters`]),
//! and so are a number field's values ([`super::numbers`]): a search that
//! filters on a key, or keeps a range of a field, reads that piece and no
//! other.

use super::{numbers, SearchOptions};
use crate::error::{Error, Result};
use crate::index::{Index, Needs};

/// A filter on one key: the documents with any of `any` (when it has
/// values), all of `all`, and none of `none`. A value no document holds
/// matches no document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub key: String,
    pub any: Vec<String>,
    pub all: Vec<String>,
    pub none: Vec<String>,
}

impl Filter {
    /// Adds `value` to the filter on `key` in `filters` (a new one for a
    /// new key), in its list named by `mode`: `any`, `all` or `none`.
    pub fn add(filters: &mut Vec<Filter>, key: &str, mode: &str, value: &str) -> Result<()> {
        let at = match filters.iter().position(|f| f.key == key) {
            Some(at) => at,
            None => {
                filters.push(Filter {
                    key: key.to_owned(),
                    ..Filter::default()
                });
                filters.len() - 1
            }
        };
        let filter = &mut filters[at];
        let list = match mode {
            "any" => &mut filter.any,
            "all" => &mut filter.all,
            "none" => &mut filter.none,
            _ => {
                return Err(Error::InvalidOption {
                    option: "filters",
                    value: mode.to_owned(),
                    expected: "values, or { any, all, none } of values",
                })
            }
        };
        list.push(value.to_owned());
        Ok(())
    }
}

/// The documents the filters and ranges admit, one bit a document.
#[derive(Clone, Debug)]
pub(super) struct Admitted(Vec<u64>);

impl Admitted {
    pub fn admits(&self, doc: u32) -> bool {
        self.0
            .get(doc as usize / 64)
            .is_some_and(|word| word >> (doc % 64) & 1 == 1)
    }

    pub fn of(doc_count: u32, docs: &[u32]) -> Admitted {
        let mut bits = vec![0u64; (doc_count as usize).div_ceil(64)];
        for &doc in docs {
            if let Some(word) = bits.get_mut(doc as usize / 64) {
                *word |= 1 << (doc % 64);
            }
        }
        Admitted(bits)
    }

    fn and(&mut self, other: &Admitted) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }

    fn and_not(&mut self, other: &Admitted) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= !b;
        }
    }
}

/// The number of the filter key `key`, or an error naming it.
pub(super) fn key_number<D: AsRef<[u8]>>(index: &Index<D>, key: &str) -> Result<usize> {
    index
        .filter_keys()
        .binary_search_by(|k| k.name.as_str().cmp(key))
        .map_err(|_| unknown_key(key))
}

fn unknown_key(key: &str) -> Error {
    Error::InvalidOption {
        option: "filters",
        value: key.to_owned(),
        expected: "a filter key of the index",
    }
}

/// The documents the options' filters and ranges admit: `Ok(None)` until
/// the pieces they need arrive, `Some(None)` when there are neither.
pub(super) fn admitted<D: AsRef<[u8]>>(
    index: &Index<D>,
    options: &SearchOptions,
    needs: &mut Needs,
) -> Result<Option<Option<Admitted>>> {
    let filters = &options.filters;
    if filters.is_empty() && options.ranges.is_empty() {
        return Ok(Some(None));
    }
    // An engine without filters opens no index that has keys or fields
    // (see `Index::open`): the first asked for is unknown, as the other
    // engine would say, and the rest of this is left out of it.
    if cfg!(not(feature = "filters")) {
        return Err(match filters.first() {
            Some(filter) => unknown_key(&filter.key),
            None => numbers::unknown_field(&options.ranges[0].field, "ranges"),
        });
    }
    let doc_count = index.doc_count();
    let mut lists = Vec::with_capacity(filters.len());
    for filter in filters {
        let key = key_number(index, &filter.key)?;
        lists.push((key, index.filter_documents(key, needs)?));
    }
    let ranged = numbers::in_ranges(index, &options.ranges, needs)?;
    let mut admitted = Admitted(vec![u64::MAX; (doc_count as usize).div_ceil(64)]);
    let Some(ranged) = ranged else {
        return Ok(None);
    };
    for docs in ranged {
        admitted.and(&Admitted::of(doc_count, &docs));
    }
    for (filter, (key, documents)) in filters.iter().zip(lists) {
        let Some(documents) = documents else {
            return Ok(None);
        };
        let values = &index.filter_keys()[key].values;
        let docs_of = |value: &str| {
            values
                .binary_search_by(|(v, _)| v.as_str().cmp(value))
                .map_or(&[][..], |at| &documents[at][..])
        };
        if !filter.any.is_empty() {
            let any: Vec<u32> = filter
                .any
                .iter()
                .flat_map(|v| docs_of(v))
                .copied()
                .collect();
            admitted.and(&Admitted::of(doc_count, &any));
        }
        for value in &filter.all {
            admitted.and(&Admitted::of(doc_count, docs_of(value)));
        }
        for value in &filter.none {
            admitted.and_not(&Admitted::of(doc_count, docs_of(value)));
        }
    }
    Ok(Some(Some(admitted)))
}
