//! Facets: how many of a query's documents hold each value of a filter
//! key.
//!
//! A key's documents are one piece (see [`crate::format::filters`]): a
//! search that counts a key's values reads that piece and no other of the
//! filters.

use super::admitted::{key_number, Admitted};
use super::query::Query;
use super::{score, SearchOptions};
use crate::error::Result;
use crate::index::{Answer, Index, Needs};

/// How many documents hold each value of one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facet<'a> {
    pub key: &'a str,
    /// (value, documents), in the key's order (by bytes), every value,
    /// those with no document included.
    pub values: Vec<(&'a str, u32)>,
}

impl<D: AsRef<[u8]>> Index<D> {
    /// For each of `keys` (every filter key when empty), how many of the
    /// documents `query` finds, with `options`' filters and dates, hold each
    /// value; with an empty query, how many of all the documents the
    /// options admit (without filters or dates, the counts the index holds,
    /// with nothing to read).
    pub fn facets(
        &self,
        query: &str,
        options: &SearchOptions,
        keys: &[&str],
    ) -> Result<Answer<Vec<Facet<'_>>>> {
        let numbers: Vec<usize> = if keys.is_empty() {
            (0..self.filter_keys().len()).collect()
        } else {
            keys.iter()
                .map(|key| key_number(self, key))
                .collect::<Result<_>>()?
        };
        // No key to count: nothing to read. Without filters, an engine
        // opens no index that has keys, and leaves out the counting.
        if numbers.is_empty() || cfg!(not(feature = "filters")) {
            return Ok(Answer::Ready(Vec::new()));
        }
        let parsed = Query::parse(&self.analyzer, query);
        if parsed.is_empty() && !options.chooses() {
            return Ok(Answer::Ready(
                numbers
                    .into_iter()
                    .map(|key| {
                        let key = &self.filter_keys()[key];
                        Facet {
                            key: &key.name,
                            values: key.values.iter().map(|(v, n)| (v.as_str(), *n)).collect(),
                        }
                    })
                    .collect(),
            ));
        }
        let mut needs = Needs::default();
        let documents = numbers
            .iter()
            .map(|&key| self.filter_documents(key, &mut needs))
            .collect::<Result<Vec<_>>>()?;
        let Some(found) = score::matching(self, &parsed, options, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        if !needs.is_empty() {
            return Ok(needs.into_answer());
        }
        let found = Admitted::of(self.doc_count(), &found);
        let facets = numbers
            .into_iter()
            .zip(documents)
            .map(|(key, documents)| {
                let key = &self.filter_keys()[key];
                let documents = documents.unwrap_or_default();
                Facet {
                    key: &key.name,
                    values: key
                        .values
                        .iter()
                        .zip(&documents)
                        .map(|((value, _), docs)| {
                            let count = docs.iter().filter(|&&d| found.admits(d)).count();
                            (value.as_str(), count as u32)
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(needs.or_ready(facets))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{serve, split};
    use crate::{Document, Filter, IndexBuilder, Language};

    /// Four articles: sections, authors (one has two, one none).
    fn builder() -> IndexBuilder {
        let mut builder = IndexBuilder::new(Language::French).unwrap();
        for (id, body, filters) in [
            (
                "a",
                "budget de la ville",
                &[("section", "Politique"), ("author", "Marie")][..],
            ),
            (
                "b",
                "budget du club",
                &[("section", "Sport"), ("author", "Paul")][..],
            ),
            (
                "c",
                "budget et élections",
                &[
                    ("section", "Politique"),
                    ("author", "Marie"),
                    ("author", "Paul"),
                ][..],
            ),
            ("d", "marché de la ville", &[("section", "Économie")][..]),
        ] {
            builder
                .add(&Document {
                    id: id.into(),
                    body: body.into(),
                    filters: filters.iter().map(|&(k, v)| (k.into(), v.into())).collect(),
                    ..Document::default()
                })
                .unwrap();
        }
        builder
    }

    fn filter(key: &str, any: &[&str], all: &[&str], none: &[&str]) -> Filter {
        let own = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
        Filter {
            key: key.into(),
            any: own(any),
            all: own(all),
            none: own(none),
        }
    }

    /// Each key's values and their counts.
    type Counts = Vec<(String, Vec<(String, u32)>)>;

    /// The ids found and the facets, from the single layout and from a
    /// split one given the pieces it asks for; they must agree.
    fn ask(query: &str, filters: Vec<Filter>) -> (Vec<String>, Counts) {
        let options = SearchOptions {
            filters,
            ..SearchOptions::default()
        };
        let builder = builder();
        let single = crate::Index::open(builder.finish()).unwrap();
        let (mut apart, file) = split(&builder);
        let mut answers = Vec::new();
        for _ in 0..8 {
            let mut needs = apart.search(query, &options).unwrap().needs();
            needs.extend(apart.facets(query, &options, &[]).unwrap().needs());
            if needs.is_empty() {
                break;
            }
            serve(&file, &mut apart, &needs);
        }
        for index in [&single, &apart] {
            let mut ids: Vec<String> = index
                .search(query, &options)
                .unwrap()
                .into_ready()
                .unwrap()
                .iter()
                .map(|hit| hit.document.id.to_owned())
                .collect();
            ids.sort();
            let facets = index
                .facets(query, &options, &[])
                .unwrap()
                .into_ready()
                .unwrap()
                .into_iter()
                .map(|f| {
                    let values = f.values.iter().map(|&(v, n)| (v.to_owned(), n)).collect();
                    (f.key.to_owned(), values)
                })
                .collect();
            answers.push((ids, facets));
        }
        assert_eq!(answers[0], answers[1], "the layouts agree on {query:?}");
        answers.remove(0)
    }

    fn counts(facets: &Counts, key: &str) -> Vec<(String, u32)> {
        facets.iter().find(|(k, _)| k == key).unwrap().1.clone()
    }

    fn pairs(values: &[(&str, u32)]) -> Vec<(String, u32)> {
        values.iter().map(|&(v, n)| (v.to_owned(), n)).collect()
    }

    #[test]
    fn filters_keep_any_all_and_none_of_their_values() {
        let ids = |filters| ask("budget", filters).0;
        assert_eq!(ids(vec![]), ["a", "b", "c"]);
        assert_eq!(
            ids(vec![filter("section", &["Politique"], &[], &[])]),
            ["a", "c"]
        );
        assert_eq!(
            ids(vec![filter("author", &["Marie", "Paul"], &[], &[])]),
            ["a", "b", "c"]
        );
        assert_eq!(
            ids(vec![filter("author", &[], &["Marie", "Paul"], &[])]),
            ["c"]
        );
        assert_eq!(ids(vec![filter("author", &[], &[], &["Paul"])]), ["a"]);
        assert_eq!(
            ids(vec![
                filter("section", &["Politique"], &[], &[]),
                filter("author", &[], &[], &["Marie"])
            ]),
            Vec::<String>::new()
        );
        // A value no document holds keeps none.
        assert_eq!(
            ids(vec![filter("section", &["Inconnue"], &[], &[])]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn facets_count_the_documents_found() {
        let (_, facets) = ask("", vec![]);
        assert_eq!(
            counts(&facets, "section"),
            pairs(&[("Politique", 2), ("Sport", 1), ("Économie", 1)])
        );
        let (_, facets) = ask("budget", vec![]);
        assert_eq!(
            counts(&facets, "section"),
            pairs(&[("Politique", 2), ("Sport", 1), ("Économie", 0)])
        );
        assert_eq!(
            counts(&facets, "author"),
            pairs(&[("Marie", 2), ("Paul", 2)])
        );
        let (_, facets) = ask("budget", vec![filter("author", &["Paul"], &[], &[])]);
        assert_eq!(
            counts(&facets, "section"),
            pairs(&[("Politique", 1), ("Sport", 1), ("Économie", 0)])
        );
        // No words: every document the filters keep.
        let (_, facets) = ask("", vec![filter("section", &["Politique"], &[], &[])]);
        assert_eq!(
            counts(&facets, "author"),
            pairs(&[("Marie", 2), ("Paul", 1)])
        );
    }

    #[test]
    fn filters_without_words_list_their_documents_newest_first() {
        let index = crate::Index::open(builder().finish()).unwrap();
        let browse = |filters| {
            let options = SearchOptions {
                filters,
                ..SearchOptions::default()
            };
            index
                .search("", &options)
                .unwrap()
                .into_ready()
                .unwrap()
                .iter()
                .map(|hit| hit.document.id.to_owned())
                .collect::<Vec<_>>()
        };
        // Undated documents keep the order they were added in.
        assert_eq!(
            browse(vec![filter("section", &["Politique"], &[], &[])]),
            ["a", "c"]
        );
        assert_eq!(
            browse(vec![filter("author", &[], &[], &["Marie"])]),
            ["b", "d"]
        );
        // Without filters or dates, no words find nothing.
        assert!(browse(vec![]).is_empty());
        // The same from a split index, given the pieces it asks for.
        assert_eq!(
            ask("", vec![filter("section", &["Politique"], &[], &[])]).0,
            ["a", "c"]
        );
        let hits = index
            .search(
                "",
                &SearchOptions {
                    filters: vec![filter("section", &["Sport"], &[], &[])],
                    ..SearchOptions::default()
                },
            )
            .unwrap()
            .into_ready()
            .unwrap();
        assert_eq!(
            hits[0]
                .snippet
                .iter()
                .map(|s| s.text.as_str())
                .collect::<String>(),
            "budget du club"
        );
    }

    #[test]
    fn a_key_the_index_does_not_have_is_an_error() {
        let index = crate::Index::open(builder().finish()).unwrap();
        let options = SearchOptions {
            filters: vec![filter("sectoin", &["Politique"], &[], &[])],
            ..SearchOptions::default()
        };
        let message = index.search("budget", &options).unwrap_err().to_string();
        assert!(message.contains("sectoin"), "{message}");
        assert!(index
            .facets("budget", &SearchOptions::default(), &["auteur"])
            .is_err());
    }
}
