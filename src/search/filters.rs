//! What leaves documents out of the results: `-excluded` words, and a date
//! range.

use super::expand::{self, Kind};
use crate::analysis::Term;
use crate::document::Date;
use crate::error::Result;
use crate::index::Index;
use crate::sort;

/// The documents holding an excluded word (or its stem), sorted.
pub(super) fn excluded_docs<D: AsRef<[u8]>>(
    index: &Index<D>,
    excluded: &[Term],
) -> Result<Vec<u32>> {
    let mut docs = Vec::new();
    for term in excluded {
        for expansion in expand::word(index, term, false)? {
            if expansion.quality >= Kind::Stem.quality() {
                index
                    .postings(expansion.info)?
                    .for_each(|e| docs.push(e.doc))?;
            }
        }
    }
    sort::sort_by(&mut docs, |a, b| a < b);
    docs.dedup();
    Ok(docs)
}

/// The dates a search keeps: a document's date (as precise as it is known)
/// must overlap the range, and undated documents are left out.
#[derive(Clone, Copy, Debug)]
pub(super) struct DateRange {
    /// Key of the first day kept, if bounded.
    after: Option<u32>,
    /// Key of the last day kept, if bounded.
    before: Option<u32>,
}

impl DateRange {
    /// The range between `after` and `before`; `None` when neither is set.
    pub fn new(after: Option<Date>, before: Option<Date>) -> Option<DateRange> {
        (after.is_some() || before.is_some()).then(|| DateRange {
            after: after.map(Date::first_key),
            before: before.map(Date::last_key),
        })
    }

    /// Whether a document with this date key (0: undated) is kept.
    pub fn admits(self, date_key: u32) -> bool {
        let Some(date) = Date::from_key(date_key) else {
            return false;
        };
        !(self.after.is_some_and(|a| date.last_key() < a)
            || self.before.is_some_and(|b| date.first_key() > b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{dated, index};
    use crate::SearchOptions;

    fn ids(index: &Index<Vec<u8>>, query: &str, options: &SearchOptions) -> Vec<String> {
        let mut ids: Vec<String> = index
            .search(query, options)
            .unwrap()
            .iter()
            .map(|h| h.document.id.to_owned())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn excluded_words_and_their_stems_leave_documents_out() {
        let index = index(&[
            ("a", "", "vietnam et russie"),
            ("b", "", "vietnam et russes"),
            ("c", "", "vietnam seul"),
        ]);
        // Snowball groups `russie` with `russes` and `russe`.
        assert_eq!(
            ids(&index, "vietnam -russie", &SearchOptions::default()),
            ["c"]
        );
        assert!(ids(&index, "-russie", &SearchOptions::default()).is_empty());
    }

    #[test]
    fn date_ranges_keep_dated_documents_inside_them() {
        let index = dated(&[
            ("old", "", "2024-03", "accord"),
            ("month", "", "2025-04", "accord"),
            ("day", "", "2025-04-15", "accord"),
            ("undated", "", "", "accord"),
        ]);
        let options = |after: &str, before: &str| SearchOptions {
            after: Date::parse(after),
            before: Date::parse(before),
            ..SearchOptions::default()
        };
        let found = |o: SearchOptions| ids(&index, "accord", &o);
        assert_eq!(found(options("2025", "")), ["day", "month"]);
        // A month overlaps a day range inside it.
        assert_eq!(found(options("2025-04-10", "2025-04-20")), ["day", "month"]);
        assert_eq!(found(options("", "2024-12")), ["old"]);
        assert_eq!(found(options("", "")).len(), 4);
    }

    #[test]
    fn no_bounds_is_no_range() {
        assert!(DateRange::new(None, None).is_none());
        let range = DateRange::new(Date::parse("2025"), None).unwrap();
        assert!(
            !range.admits(0),
            "undated documents are left out of a range"
        );
    }
}
