//! Searching an index: what a query means and how results are ranked.
//!
//! A query is answered in steps, one file each:
//!
//! 1. [`query`]: the typed text becomes clauses (words, `"quoted phrases"`)
//!    and `-excluded` words, cut and spelled by the index's own analyzer.
//! 2. [`expand`]: each clause becomes the terms it matches: the same word,
//!    its other forms, its completions while it is being typed, its typos.
//! 3. [`score`]: the terms' postings give each document its clauses, their
//!    tiers and a BM25F score ([`phrase`] finds where phrases occur); the
//!    candidates are those with every clause, or, when none has them all,
//!    those with the most, less what [`filters`] (exclusions, dates) and
//!    [`admitted`] (filters on values, ranges of [`numbers`]) leave out;
//!    an order other than relevance takes [`numbers`]' keys.
//! 4. Here: the candidates are ranked and the first `limit` kept, then
//!    those that rank alike but for the score ordered by how near one
//!    another their passage (read in step 5) holds the words.
//! 5. [`hits`]: each result gets its summary and, from [`snippet`], the
//!    passage that shows why it matched.
//!
//! [`complete`] answers completions of the word being typed, [`typo`] is
//! the edit-distance automaton that step 2 walks the dictionary with, and
//! [`facets`] counts filter values among a query's documents.

mod admitted;
mod bounds;
mod candidate;
mod complete;
mod expand;
#[cfg(not(target_arch = "wasm32"))]
mod explain;
mod facets;
mod filters;
mod hits;
mod impacts;
mod keys;
mod numbers;
mod phrase;
mod query;
mod score;
mod snippet;
mod suggest;
mod typo;

use serde::ser::{Serialize, SerializeStruct, Serializer};

pub use admitted::Filter;
#[cfg(not(target_arch = "wasm32"))]
pub use explain::{ClauseExplanation, Explanation};
pub use facets::Facet;
pub use numbers::{Bound, NumberRange};
pub use snippet::Segment;

use crate::document::{Date, Summary};
use crate::error::{Error, Result};
use crate::index::{Answer, Index, Needs};
use crate::sort;
use query::Query;

/// Results one search returns at most.
pub const MAX_LIMIT: usize = 1_000;

/// How a search is filtered, ordered and cut.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchOptions {
    /// At most this many results (capped at [`MAX_LIMIT`]).
    pub limit: usize,
    /// Only documents dated on or after this date.
    pub after: Option<Date>,
    /// Only documents dated on or before this date.
    pub before: Option<Date>,
    pub sort: Sort,
    /// Only documents with the values these ask for, on each key.
    pub filters: Vec<Filter>,
    /// Only documents whose number fields lie in these ranges.
    pub ranges: Vec<NumberRange>,
    /// In a split index, when the heads at hand cannot settle the ranking
    /// and the tails have not arrived, answer [`Answer::Early`] from the
    /// heads rather than ask for the tails: the documents where the words
    /// weigh most, each holding every word, to show while the tails (a
    /// common word's tail can be hundreds of kilobytes) arrive. Asked again
    /// with them, the search gives the settled answer. An early answer
    /// never says a word is missing: when the heads share no document, the
    /// tails are needed first.
    pub early: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            after: None,
            before: None,
            sort: Sort::Relevance,
            filters: Vec::new(),
            ranges: Vec::new(),
            early: false,
        }
    }
}

/// The order of results.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    /// By date (newest first when descending); undated documents last.
    Date(Order),
    /// By a number field's value (see [`crate::format::numbers`]);
    /// documents without one last, the same value by relevance.
    Field(String, Order),
}

/// Which way an order runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Ascending,
    Descending,
}

impl Sort {
    /// The order named `name`: `relevance`, `date` (newest first), or a
    /// number field's name (ascending); `date` and a field may end with
    /// `:asc` or `:desc`. A field the index lacks is found out when
    /// searching.
    pub fn parse(name: &str) -> Result<Sort> {
        let invalid = || Error::InvalidOption {
            option: "sort",
            value: name.to_owned(),
            expected: "\"relevance\", \"date\", or a number field, with :asc or :desc if wished",
        };
        let (field, order) = match name.rsplit_once(':') {
            Some((field, "asc")) => (field, Some(Order::Ascending)),
            Some((field, "desc")) => (field, Some(Order::Descending)),
            Some(_) => return Err(invalid()),
            None => (name, None),
        };
        Ok(match field.trim() {
            "" => return Err(invalid()),
            "relevance" if order.is_none() => Sort::Relevance,
            "relevance" => return Err(invalid()),
            "date" => Sort::Date(order.unwrap_or(Order::Descending)),
            field => Sort::Field(field.to_owned(), order.unwrap_or(Order::Ascending)),
        })
    }
}

/// One search result: the document's summary, how well it matched, the
/// passage that shows why, the query words it lacks, and the sections of
/// it that matched. It serializes as one flat object: `{id, title, url,
/// date, score, snippet, missing, sections}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit<'a> {
    pub document: Summary<'a>,
    pub score: f32,
    pub snippet: Vec<Segment>,
    /// Query words this document does not contain (empty when it has all).
    pub missing: Vec<String>,
    /// The sections of the document (see [`crate::Heading`]) whose heading
    /// or text holds query words, best first, at most
    /// [`MAX_SECTIONS`]: a page's results grouped under it.
    pub sections: Vec<SectionHit<'a>>,
}

/// Sections shown under one result at most.
pub const MAX_SECTIONS: usize = 3;

/// A section of a result that matched.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SectionHit<'a> {
    /// The section's heading.
    pub heading: &'a str,
    /// The page's URL leading to the section (`/page.html#anchor`), or the
    /// page's own when the section has no anchor.
    pub url: String,
    /// The passage of the section that shows why it matched; empty when
    /// only its heading did, or its text lies in a block not read.
    pub snippet: Vec<Segment>,
}

impl Serialize for Hit<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Hit", 9)?;
        self.document.serialize_fields(&mut object)?;
        object.serialize_field("score", &self.score)?;
        object.serialize_field("snippet", &self.snippet)?;
        object.serialize_field("missing", &self.missing)?;
        object.serialize_field("sections", &self.sections)?;
        object.end()
    }
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Searches; see the [module docs](self) for the steps and
    /// [`score`](self::score) for the ranking rules. In a split index the
    /// answer may be the pieces the search needs first: add them with
    /// [`Index::add_piece`] and search again.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Answer<Vec<Hit<'_>>>> {
        let query = Query::parse(&self.analyzer, query);
        let limit = options.limit.min(MAX_LIMIT);
        if query.is_empty() {
            return self.browse(&query, options, limit);
        }
        if limit == 0 {
            return Ok(Answer::Ready(Vec::new()));
        }
        let mut needs = Needs::default();
        let Some(expansions) = expand::expand_all(self, &query, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        let Some(mut results) =
            score::candidates(self, &query, &expansions, options, limit, false, &mut needs)?
        else {
            return Ok(needs.into_answer());
        };
        sort::keep_first(&mut results, limit, |a, b| {
            a.rank(&options.sort) > b.rank(&options.sort)
        });
        let Some(hits) = hits::hits(self, &query, &results, &expansions, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        // Among the results kept, those whose passage holds the words near
        // one another come first of the ones that rank alike but for the
        // score; among equals, the ranking's order stays (the sort is not
        // stable: the place is a key).
        let mut ranked: Vec<(Hit<'_>, ShownOrder)> = hits
            .into_iter()
            .zip(&results)
            .enumerate()
            .map(|(place, ((hit, proximity), result))| {
                let keys = result.total.keys(&options.sort, result.order_key);
                let proximity = if options.sort == Sort::Relevance {
                    proximity
                } else {
                    0
                };
                (hit, (keys, proximity, std::cmp::Reverse(place)))
            })
            .collect();
        sort::sort_by(&mut ranked, |a, b| a.1 > b.1);
        Ok(needs.or_ready(ranked.into_iter().map(|(hit, _)| hit).collect()))
    }

    /// A query with no words: nothing, unless filters, ranges or dates
    /// choose documents (a section browsed), which then come in the
    /// options' order, newest first by relevance.
    fn browse(
        &self,
        query: &Query,
        options: &SearchOptions,
        limit: usize,
    ) -> Result<Answer<Vec<Hit<'_>>>> {
        if !options.chooses() || !query.excluded.is_empty() || limit == 0 {
            return Ok(Answer::Ready(Vec::new()));
        }
        let mut needs = Needs::default();
        let docs = score::matching(self, query, options, &mut needs)?;
        // Newest first: the documents' order in an index of one segment;
        // else, where a later build added one, their dates'.
        let sort = match options.sort {
            Sort::Relevance if self.root().segments.len() > 1 => Sort::Date(Order::Descending),
            _ => options.sort.clone(),
        };
        let keys = numbers::OrderKeys::read(self, &sort, &mut needs)?;
        let (Some(docs), Some(keys)) = (docs, keys) else {
            return Ok(needs.into_answer());
        };
        let mut results: Vec<candidate::Candidate> = docs
            .into_iter()
            .map(|doc| candidate::Candidate {
                doc,
                total: candidate::Total::default(),
                order_key: keys.as_ref().map_or(0, |k| k.key_of(doc)),
            })
            .collect();
        // Documents are numbered newest first: the rank's last key.
        sort::keep_first(&mut results, limit, |a, b| a.rank(&sort) > b.rank(&sort));
        let Some(hits) = hits::hits(self, query, &results, &[], &mut needs)? else {
            return Ok(needs.into_answer());
        };
        Ok(needs.or_ready(hits.into_iter().map(|(hit, _)| hit).collect()))
    }

    /// Completions of the word being typed (the last word of `query`), the
    /// most frequent first, spelled as in the documents (`économie`).
    pub fn complete(&self, query: &str, limit: usize) -> Result<Answer<Vec<String>>> {
        complete::complete(self, query, limit)
    }
}

impl SearchOptions {
    /// Whether the options choose documents of their own: filters, ranges
    /// or dates.
    pub(crate) fn chooses(&self) -> bool {
        !self.filters.is_empty()
            || !self.ranges.is_empty()
            || self.after.is_some()
            || self.before.is_some()
    }
}

/// The order of the results shown: the ranking's keys but for the score,
/// proximity, then the place in the ranking.
type ShownOrder = (candidate::Keys, u8, std::cmp::Reverse<usize>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{dated, index};

    fn ids<'a>(hits: &[Hit<'a>]) -> Vec<&'a str> {
        hits.iter().map(|h| h.document.id).collect()
    }

    #[test]
    fn limits_cut_the_ranked_list() {
        let index = index(&[("a", "paix", "paix"), ("b", "", "paix"), ("c", "", "paix")]);
        let search = |limit| {
            let options = SearchOptions {
                limit,
                ..SearchOptions::default()
            };
            index
                .search("paix", &options)
                .unwrap()
                .into_ready()
                .unwrap()
        };
        assert_eq!(ids(&search(2)), ["a", "b"]);
        assert!(search(0).is_empty());
        assert_eq!(search(usize::MAX).len(), 3);
    }

    #[test]
    fn a_hit_says_what_it_lacks_and_shows_its_words() {
        let index = dated(&[("a", "Note", "2025-04", "La paix, enfin.")]);
        let hits = index
            .search("paix vietnam", &SearchOptions::default())
            .unwrap()
            .into_ready()
            .unwrap();
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(hit.document.date, Some("2025-04"));
        assert_eq!(hit.missing, ["vietnam"]);
        let marked: Vec<&str> = hit
            .snippet
            .iter()
            .filter(|s| s.highlight)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["paix"]);
    }

    #[test]
    fn nothing_to_look_for_finds_nothing() {
        let index = index(&[("a", "", "paix")]);
        for query in ["", "   ", "!!!", "-paix"] {
            assert!(
                index
                    .search(query, &SearchOptions::default())
                    .unwrap()
                    .into_ready()
                    .unwrap()
                    .is_empty(),
                "{query}"
            );
        }
    }

    #[test]
    fn orders_parse_by_name() {
        assert_eq!(Sort::parse("date").unwrap(), Sort::Date(Order::Descending));
        assert_eq!(
            Sort::parse("date:asc").unwrap(),
            Sort::Date(Order::Ascending)
        );
        assert_eq!(Sort::parse("relevance").unwrap(), Sort::Relevance);
        assert_eq!(
            Sort::parse("prix").unwrap(),
            Sort::Field("prix".into(), Order::Ascending)
        );
        assert_eq!(
            Sort::parse("prix:desc").unwrap(),
            Sort::Field("prix".into(), Order::Descending)
        );
        for bad in ["prix:up", "", ":asc", "relevance:desc"] {
            let message = Sort::parse(bad).unwrap_err().to_string();
            assert!(message.contains("sort"), "{bad}: {message}");
        }
    }
}
