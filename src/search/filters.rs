//! What leaves documents out of the results: `-excluded` words, and a date
//! range.
//!
//! Documents are numbered newest first, so their dates are a few runs of
//! numbers (see [`crate::format::docs`]): a date range keeps the runs whose
//! date overlaps it, and the date of a document is its run's.

use super::expand::{self, Kind};
use super::impacts::{for_each_impact, impact_lists, ALL_TIERS};
use crate::analysis::Term;
use crate::document::Date;
use crate::error::Result;
use crate::index::{Index, Needs};
use crate::sort;

/// The documents holding an excluded word (or its stem), sorted; `None`
/// until the pieces they need have arrived.
pub(super) fn excluded_docs<D: AsRef<[u8]>>(
    index: &Index<D>,
    excluded: &[Term],
    needs: &mut Needs,
) -> Result<Option<Vec<u32>>> {
    let mut docs = Vec::new();
    let mut complete = true;
    for term in excluded {
        let Some(expansions) = expand::word(index, term, false, needs)? else {
            complete = false;
            continue;
        };
        for expansion in expansions {
            if expansion.quality < Kind::Stem.quality() {
                continue;
            }
            match impact_lists(index, &expansion, ALL_TIERS, false, needs)? {
                Some(lists) => for_each_impact(&lists, |e| docs.push(e.doc))?,
                None => complete = false,
            }
        }
    }
    if !complete {
        return Ok(None);
    }
    sort::sort_by(&mut docs, |a, b| a < b);
    docs.dedup();
    Ok(Some(docs))
}

/// The documents' dates, as runs.
#[derive(Clone, Debug)]
pub(super) struct Dates {
    /// (date key, first document of the run), in document order.
    runs: Vec<(u32, u32)>,
}

/// The documents a date range keeps: runs of numbers, sorted.
#[derive(Clone, Debug)]
pub(super) struct DocRanges(Vec<std::ops::Range<u32>>);

impl DocRanges {
    pub fn admits(&self, doc: u32) -> bool {
        let at = self.0.partition_point(|r| r.end <= doc);
        self.0.get(at).is_some_and(|r| r.contains(&doc))
    }
}

impl Dates {
    pub fn read<D: AsRef<[u8]>>(index: &Index<D>, needs: &mut Needs) -> Result<Option<Dates>> {
        let Some(runs) = index.date_runs(needs)? else {
            return Ok(None);
        };
        let mut first = 0u32;
        let runs = runs
            .into_iter()
            .map(|(key, count)| {
                let run = (key, first);
                first = first.saturating_add(count);
                run
            })
            .collect();
        Ok(Some(Dates { runs }))
    }

    /// The date key of document `doc` (0 if undated).
    pub fn key_of(&self, doc: u32) -> u32 {
        let at = self.runs.partition_point(|&(_, first)| first <= doc);
        at.checked_sub(1).map_or(0, |at| self.runs[at].0)
    }

    /// The documents whose date (as precise as it is known) overlaps the
    /// range between `after` and `before`; `None` when neither is set.
    /// Undated documents are left out of any range.
    pub fn range(&self, after: Option<Date>, before: Option<Date>) -> Option<DocRanges> {
        if after.is_none() && before.is_none() {
            return None;
        }
        let after = after.map(Date::first_key);
        let before = before.map(Date::last_key);
        let admits = |key: u32| {
            Date::from_key(key).is_some_and(|date| {
                !(after.is_some_and(|a| date.last_key() < a)
                    || before.is_some_and(|b| date.first_key() > b))
            })
        };
        let mut ranges: Vec<std::ops::Range<u32>> = Vec::new();
        for (i, &(key, first)) in self.runs.iter().enumerate() {
            let end = self.runs.get(i + 1).map_or(u32::MAX, |&(_, next)| next);
            if admits(key) {
                match ranges.last_mut() {
                    Some(last) if last.end == first => last.end = end,
                    _ => ranges.push(first..end),
                }
            }
        }
        Some(DocRanges(ranges))
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
            .ready()
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
        let options = SearchOptions::default();
        assert_eq!(ids(&index, "vietnam -russie", &options), ["c"]);
        assert!(ids(&index, "-russie", &options).is_empty());
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
        assert!(found(options("2030", "")).is_empty());
    }

    #[test]
    fn a_document_s_date_is_its_run_s() {
        let dates = Dates {
            runs: vec![(900, 0), (800, 2), (0, 3)],
        };
        assert_eq!(
            [0, 1, 2, 3, 9].map(|d| dates.key_of(d)),
            [900, 900, 800, 0, 0]
        );
        assert!(dates.range(None, None).is_none());
    }
}
