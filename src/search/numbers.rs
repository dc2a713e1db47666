//! Number fields in a search: ranges that keep documents, and orders by a
//! field's value or by date.
//!
//! A field's values are one piece (see [`crate::format::numbers`]): a
//! search that keeps a range of a field, or sorts by it, reads that piece
//! and no other field's.

use super::filters::Dates;
use super::{Order, Sort};
use crate::document::Date;
use crate::error::{Error, Result};
use crate::format::numbers::{NumberKind, Values};
use crate::index::{Index, Needs};

/// Documents whose number field `field` lies between `min` and `max`
/// (each included; either may be absent). A field of numbers takes number
/// bounds; a field of dates takes dates (`2024`, `2024-03`, `2024-03-01`,
/// a year also as a number), and keeps every document whose date, as
/// precise as it is known, overlaps the range (as
/// [`crate::SearchOptions::after`] does). A document without a value in
/// the field is left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NumberRange {
    pub field: String,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
}

/// A bound of a range: a number, or text (a date). Numbers are read by
/// the caller (`trouve search`, JavaScript), so that the browser module
/// carries no parser of decimal numbers (10 KB gzipped of tables and
/// code).
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    Number(f64),
    Text(String),
}

impl Bound {
    /// A bound as written: a number if it reads as one (see
    /// [`crate::document::parse_number`]), else text.
    pub fn parse(text: &str) -> Bound {
        match crate::document::parse_number(text) {
            Some(number) => Bound::Number(number),
            None => Bound::Text(text.trim().to_owned()),
        }
    }
}

/// The number of the field named `name`, or an error naming it for
/// `option`.
fn field_number<D: AsRef<[u8]>>(
    index: &Index<D>,
    name: &str,
    option: &'static str,
) -> Result<usize> {
    index
        .number_fields()
        .binary_search_by(|f| f.name.as_str().cmp(name))
        .map_err(|_| unknown_field(name, option))
}

pub(super) fn unknown_field(name: &str, option: &'static str) -> Error {
    Error::InvalidOption {
        option,
        value: name.to_owned(),
        expected: "a number field of the index",
    }
}

/// A range's bounds as the keys they compare with: numbers, or for a
/// field of dates the first and last day keys the bounds can mean.
fn bounds(range: &NumberRange, kind: NumberKind) -> Result<(f64, f64)> {
    let bound = |bound: &Option<Bound>, last: bool| -> Result<f64> {
        let date_key = |date: Date| {
            f64::from(if last {
                date.last_key()
            } else {
                date.first_key()
            })
        };
        let parsed = match (bound, kind) {
            (None, _) => Some(if last {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            }),
            (Some(Bound::Number(number)), NumberKind::Number) => Some(*number),
            (Some(Bound::Text(text)), NumberKind::Date) => Date::parse(text).map(date_key),
            // A year, read as a number.
            (Some(Bound::Number(year)), NumberKind::Date) => {
                (year.fract() == 0.0 && (1000.0..10000.0).contains(year)).then(|| {
                    date_key(Date {
                        year: *year as u16,
                        month: 0,
                        day: 0,
                    })
                })
            }
            (Some(Bound::Text(_)), NumberKind::Number) => None,
        };
        parsed.ok_or_else(|| Error::InvalidOption {
            option: "ranges",
            // Joined, not formatted: the browser module has no formatter.
            value: [range.field.as_str(), ": ", &bound_text(bound)].concat(),
            expected: match kind {
                NumberKind::Number => "a number, as the field holds numbers",
                NumberKind::Date => {
                    "a date like 2025, 2025-04 or 2025-04-01, as the field holds dates"
                }
            },
        })
    };
    Ok((bound(&range.min, false)?, bound(&range.max, true)?))
}

/// A bound refused, as an error shows it: text as it is (a number the
/// field does not take is a year out of range or a fraction, shown as
/// such).
fn bound_text(bound: &Option<Bound>) -> String {
    match bound {
        Some(Bound::Text(text)) => text.clone(),
        Some(Bound::Number(_)) => "a number that is not a year".to_owned(),
        None => String::new(),
    }
}

/// For each range, the documents it keeps (in the order of their values):
/// `Ok(None)` until the fields' pieces arrive.
pub(super) fn in_ranges<D: AsRef<[u8]>>(
    index: &Index<D>,
    ranges: &[NumberRange],
    needs: &mut Needs,
) -> Result<Option<Vec<Vec<u32>>>> {
    let mut asked = Vec::with_capacity(ranges.len());
    for range in ranges {
        let number = field_number(index, &range.field, "ranges")?;
        let kind = index.number_fields()[number].kind;
        let (min, max) = bounds(range, kind)?;
        asked.push((kind, min, max, index.number_values(number, needs)?));
    }
    let mut kept = Vec::with_capacity(ranges.len());
    for (kind, min, max, values) in asked {
        let Some(values) = values else {
            return Ok(None);
        };
        let mut docs = Vec::new();
        for (n, &value) in values.values.iter().enumerate() {
            // A date overlaps the range from its first day to its last.
            let (first, last) = match kind {
                NumberKind::Number => (value, value),
                NumberKind::Date => match Date::from_key(value as u32) {
                    Some(date) => (f64::from(date.first_key()), f64::from(date.last_key())),
                    None => continue,
                },
            };
            if last >= min && first <= max {
                docs.extend_from_slice(values.docs_of(n));
            }
        }
        kept.push(docs);
    }
    Ok(Some(kept))
}

/// Each document's place in an order other than relevance, larger first
/// (see `Candidate::order_key`).
pub(super) enum OrderKeys {
    Dates(Dates, Order),
    /// Per document.
    Ranks(Vec<u32>),
}

impl OrderKeys {
    /// The keys of `sort`'s order: `Some(None)` for relevance, `None`
    /// until the piece it needs arrives.
    pub fn read<D: AsRef<[u8]>>(
        index: &Index<D>,
        sort: &Sort,
        needs: &mut Needs,
    ) -> Result<Option<Option<OrderKeys>>> {
        match sort {
            Sort::Relevance => Ok(Some(None)),
            Sort::Date(order) => {
                Ok(Dates::read(index, needs)?.map(|dates| Some(OrderKeys::Dates(dates, *order))))
            }
            // Without filters, an engine opens no index with number fields.
            #[cfg(not(feature = "filters"))]
            Sort::Field(name, _) => Err(unknown_field(name, "sort")),
            #[cfg(feature = "filters")]
            Sort::Field(name, order) => {
                let number = field_number(index, name, "sort")?;
                Ok(index.number_values(number, needs)?.map(|values| {
                    Some(OrderKeys::Ranks(ranks(&values, index.doc_count(), *order)))
                }))
            }
        }
    }

    pub fn key_of(&self, doc: u32) -> u32 {
        match self {
            OrderKeys::Dates(dates, order) => match (dates.key_of(doc), order) {
                (0, _) => 0,
                (key, Order::Descending) => key,
                (key, Order::Ascending) => u32::MAX - key,
            },
            OrderKeys::Ranks(ranks) => ranks.get(doc as usize).copied().unwrap_or(0),
        }
    }
}

/// Each document's rank by its value, 1 for the last in `order`, 0 for a
/// document without a value: larger first.
fn ranks(values: &Values, doc_count: u32, order: Order) -> Vec<u32> {
    let mut ranks = vec![0u32; doc_count as usize];
    let count = values.values.len() as u32;
    for n in 0..values.values.len() {
        let rank = match order {
            Order::Descending => n as u32 + 1,
            Order::Ascending => count - n as u32,
        };
        for &doc in values.docs_of(n) {
            // The reader checked every document number.
            if let Some(slot) = ranks.get_mut(doc as usize) {
                *slot = rank;
            }
        }
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{serve, split};
    use crate::{Document, IndexBuilder, Language, SearchOptions};

    /// Five articles: prices (one written with a space, one missing),
    /// revision dates as precise as known, one not a date.
    fn builder() -> IndexBuilder {
        let mut builder = IndexBuilder::new(Language::French).unwrap();
        let articles = [
            ("a", "12", "2024-03-01"),
            ("b", "1 200", "2024"),
            ("c", "-3.5", "2023-12"),
            ("d", "", "2025-01-10"),
            ("e", "12", "jamais"),
        ];
        for (id, price, revised) in articles {
            let mut numbers = vec![("révisé".to_owned(), revised.to_owned())];
            if !price.is_empty() {
                numbers.push(("prix".to_owned(), price.to_owned()));
            }
            builder
                .add(&Document {
                    id: id.into(),
                    title: format!("Article {id}"),
                    body: "Un accord sur le climat.".into(),
                    numbers,
                    ..Document::default()
                })
                .unwrap();
        }
        builder
    }

    fn ask(query: &str, ranges: &[(&str, &str, &str)], sort: &str) -> Vec<String> {
        let options = SearchOptions {
            ranges: ranges
                .iter()
                .map(|&(field, min, max)| NumberRange {
                    field: field.into(),
                    min: (!min.is_empty()).then(|| Bound::parse(min)),
                    max: (!max.is_empty()).then(|| Bound::parse(max)),
                })
                .collect(),
            sort: Sort::parse(sort).unwrap(),
            ..SearchOptions::default()
        };
        let ids = |index: &crate::Index<Vec<u8>>| -> Vec<String> {
            let hits = index.search(query, &options).unwrap().into_ready().unwrap();
            hits.iter().map(|h| h.document.id.to_owned()).collect()
        };
        let whole = ids(&crate::Index::open(builder().finish()).unwrap());
        // The split layout reads the field's piece and answers the same.
        let (mut apart, file) = split(&builder());
        for _ in 0..8 {
            let needs = apart.search(query, &options).unwrap().needs();
            if needs.is_empty() {
                break;
            }
            serve(&file, &mut apart, &needs);
        }
        assert_eq!(ids(&apart), whole, "{query} {ranges:?} {sort}");
        whole
    }

    #[test]
    fn ranges_keep_numbers_between_their_bounds() {
        assert_eq!(ask("accord", &[("prix", "0", "100")], "prix"), ["a", "e"]);
        assert_eq!(
            ask("accord", &[("prix", "", "12")], "prix"),
            ["c", "a", "e"]
        );
        assert_eq!(ask("accord", &[("prix", "1000", "")], "prix"), ["b"]);
        assert_eq!(
            ask("accord", &[("prix", "13", "14")], "prix"),
            Vec::<String>::new()
        );
        // Without words: the documents the range keeps.
        assert_eq!(ask("", &[("prix", "1000", "")], "relevance"), ["b"]);
    }

    #[test]
    fn date_ranges_keep_dates_that_overlap_them() {
        // `2024` (the year) overlaps March; `2023-12` does not.
        assert_eq!(
            ask("accord", &[("révisé", "2024-03", "2024-03")], "révisé"),
            ["b", "a"]
        );
        assert_eq!(
            ask("", &[("révisé", "2023", "2024-01")], "révisé:desc"),
            ["b", "c"]
        );
        // A year read as a number is the year.
        assert_eq!(
            ask("", &[("révisé", "2023.0", "2024-01")], "révisé:desc"),
            ["b", "c"]
        );
    }

    #[test]
    fn a_field_sorts_both_ways_with_documents_without_a_value_last() {
        // a and e share 12: the newer (added first, undated) first.
        assert_eq!(ask("accord", &[], "prix"), ["c", "a", "e", "b", "d"]);
        assert_eq!(ask("accord", &[], "prix:desc"), ["b", "a", "e", "c", "d"]);
        // The field of dates: `jamais` is not one, and e has no date.
        assert_eq!(ask("accord", &[], "révisé:desc"), ["d", "a", "b", "c", "e"]);
        assert_eq!(ask("accord", &[], "révisé:asc"), ["c", "b", "a", "d", "e"]);
    }

    #[test]
    fn bad_fields_and_bounds_are_errors_that_say_so() {
        let index = crate::Index::open(builder().finish()).unwrap();
        let search = |options: &SearchOptions| index.search("accord", options).unwrap_err();
        let range = |field: &str, min: &str| SearchOptions {
            ranges: vec![NumberRange {
                field: field.into(),
                min: Some(Bound::parse(min)),
                max: None,
            }],
            ..SearchOptions::default()
        };
        for (options, words) in [
            (range("poids", "1"), ["ranges", "poids"]),
            (range("prix", "beaucoup"), ["number", "beaucoup"]),
            (range("révisé", "hier"), ["date", "hier"]),
            (range("révisé", "12.5"), ["date", "not a year"]),
            (
                SearchOptions {
                    sort: Sort::parse("poids").unwrap(),
                    ..SearchOptions::default()
                },
                ["sort", "poids"],
            ),
        ] {
            let message = search(&options).to_string();
            assert!(words.iter().all(|w| message.contains(w)), "{message}");
        }
    }
}
