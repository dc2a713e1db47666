//! Documents: what goes into an index ([`Document`]) and what comes back
//! out of one ([`Summary`], [`StoredDocument`]), with their dates.

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::Error;
pub use crate::format::docs::Meta;

/// A document to index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Unique within the corpus: the file's path without extension, or the
    /// `id` of a JSON record.
    pub id: String,
    /// Where a search result links to.
    pub url: String,
    pub title: String,
    pub date: Option<Date>,
    /// The text searched and quoted in snippets, without the title.
    pub body: String,
    /// The body's headings, in order. A heading's words weigh more than
    /// the body's (less than the title's), and each heading starts a
    /// section that runs to the next one: a result can link to the section
    /// that matched (`url#anchor`) and name it.
    pub headings: Vec<Heading>,
    /// Values a search can filter on and count, as (key, value):
    /// `("section", "Politique")`, `("tags", "nucléaire")`. A key may come
    /// several times with different values.
    pub filters: Vec<(String, String)>,
    /// Numbers and dates a search can keep a range of and sort by, as
    /// (field, value as written): `("prix", "12.5")`, `("révisé",
    /// "2024-03-01")`. A field is of numbers when every value is one, else
    /// of dates (see [`crate::IndexBuilder`]); a document's first value of
    /// a field counts.
    pub numbers: Vec<(String, String)>,
    /// What the page says of itself for its result to show, as (key,
    /// value): `("image", "/une.jpg")`, `("byline", "Marie Dubois")`.
    pub meta: Vec<(String, String)>,
}

/// A heading of a document's body, or a stretch of it that the page marks
/// as weighty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heading {
    /// Where its text lies in the body, in bytes: `body[start..end]`.
    pub start: usize,
    pub end: usize,
    /// 1 to 6 for a heading (`<h2>` is 2, `##` is 2). 0 for text the page
    /// marks as weighty (`data-pagefind-weight`), which weighs as a heading
    /// does but starts no section.
    pub level: u8,
    /// The fragment that leads to the section in the page (without `#`), or
    /// empty when it has none: a result then links to the page.
    pub anchor: String,
}

/// A document's stored fields without its body: what listings and search
/// results show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    /// As written in the source: `2024`, `2024-03` or `2026-01-25`.
    pub date: Option<&'a str>,
    /// What the page says of itself (see [`Document::meta`]).
    pub meta: Meta<'a>,
}

/// A whole stored document: its summary and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDocument<'a> {
    pub summary: Summary<'a>,
    /// The body, joined from its text blocks when it has several.
    pub body: std::borrow::Cow<'a, str>,
}

impl Summary<'_> {
    /// Writes the summary's fields into an object being serialized, so that
    /// the types that hold a summary serialize as one flat object: what
    /// JavaScript and `--json` see. (serde's `flatten` does the same through
    /// a map, at almost a kilobyte of the browser module.)
    pub(crate) fn serialize_fields<S: SerializeStruct>(
        &self,
        object: &mut S,
    ) -> Result<(), S::Error> {
        object.serialize_field("id", self.id)?;
        object.serialize_field("title", self.title)?;
        object.serialize_field("url", self.url)?;
        object.serialize_field("date", &self.date)?;
        object.serialize_field("meta", &self.meta)
    }
}

/// As an object, `{"image": "/une.jpg"}` (the builder keeps one value a
/// key).
impl Serialize for Meta<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl Serialize for StoredDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("StoredDocument", 6)?;
        self.summary.serialize_fields(&mut object)?;
        object.serialize_field("body", &self.body)?;
        object.end()
    }
}

/// A number as a page writes it: `12`, `-3.5`, `1e3`, and `1 200` (spaces
/// between thousands, as French writes them); never NaN nor infinite. A
/// comma is refused rather than guessed: `1,200` is 1200 in English and
/// 1.2 in French.
pub fn parse_number(text: &str) -> Option<f64> {
    let compact: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    compact.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A calendar date, as precise as the source gives it: a year, a month or a
/// day. News archives often know only the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    /// 1–12, or 0 when only the year is known.
    pub month: u8,
    /// 1–31, or 0 when the day is not known.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also with `/` or `.`), and
    /// the date part of an ISO 8601 timestamp (`2025-04-01T09:30:00Z`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next()?;
        let mut parts = date_part.split(['-', '/', '.']);
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: u16 = year_text.parse().ok()?;
        let mut field = |max: u8| -> Option<Option<u8>> {
            match parts.next() {
                None => Some(None),
                Some(p) if (1..=2).contains(&p.len()) => {
                    let v: u8 = p.parse().ok()?;
                    (1..=max).contains(&v).then_some(Some(v))
                }
                Some(_) => None,
            }
        };
        let month = field(12)?;
        let day = match month {
            Some(_) => field(31)?,
            None => None,
        };
        if parts.next().is_some() || !(1000..=9999).contains(&year) {
            return None;
        }
        Some(Date {
            year,
            month: month.unwrap_or(0),
            day: day.unwrap_or(0),
        })
    }

    /// Parses the value of a date option such as `after`, with an error
    /// that names the option and the forms it takes.
    pub fn parse_option(option: &'static str, text: &str) -> Result<Date, Error> {
        Date::parse(text).ok_or_else(|| Error::InvalidOption {
            option,
            value: text.to_owned(),
            expected: "a date like 2025, 2025-04 or 2025-04-01",
        })
    }

    /// A sortable number: `year << 9 | month << 5 | day`. Zero means "no
    /// date" in the index, which no real date can produce.
    pub fn to_key(self) -> u32 {
        u32::from(self.year) << 9 | u32::from(self.month) << 5 | u32::from(self.day)
    }

    pub fn from_key(key: u32) -> Option<Date> {
        let date = Date {
            year: (key >> 9) as u16,
            month: (key >> 5 & 0xf) as u8,
            day: (key & 0x1f) as u8,
        };
        (key != 0 && date.month <= 12).then_some(date)
    }

    /// The key of the earliest day this date can mean.
    pub(crate) fn first_key(self) -> u32 {
        self.to_key()
    }

    /// The key of the latest day this date can mean.
    pub(crate) fn last_key(self) -> u32 {
        let month = if self.month == 0 { 15 } else { self.month };
        let day = if self.day == 0 { 31 } else { self.day };
        Date { month, day, ..self }.to_key()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
            if self.day > 0 {
                write!(f, "-{:02}", self.day)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_precisions_news_uses() {
        assert_eq!(
            Date::parse("2024-03"),
            Some(Date {
                year: 2024,
                month: 3,
                day: 0
            })
        );
        assert_eq!(
            Date::parse("2026-01-25"),
            Some(Date {
                year: 2026,
                month: 1,
                day: 25
            })
        );
        assert_eq!(
            Date::parse("2025"),
            Some(Date {
                year: 2025,
                month: 0,
                day: 0
            })
        );
        assert_eq!(
            Date::parse(" 2025/4/1 "),
            Some(Date {
                year: 2025,
                month: 4,
                day: 1
            })
        );
        assert_eq!(
            Date::parse("2025-04-01T09:30:00+07:00"),
            Some(Date {
                year: 2025,
                month: 4,
                day: 1
            })
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "25-04",
            "2025-13",
            "2025-00-01",
            "2025-04-32",
            "2025-04-01-02",
            "abcd",
            "20250401",
            "2025-004",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn displays_as_precise_as_known() {
        for text in ["2024", "2024-03", "2026-01-25"] {
            assert_eq!(Date::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn keys_sort_like_dates_and_round_trip() {
        let dates: Vec<Date> = ["2024", "2024-03", "2024-03-26", "2024-12-31", "2025-01"]
            .iter()
            .map(|d| Date::parse(d).unwrap())
            .collect();
        for pair in dates.windows(2) {
            assert!(pair[0].to_key() < pair[1].to_key());
        }
        for d in dates {
            assert_eq!(Date::from_key(d.to_key()), Some(d));
            assert!(d.first_key() <= d.last_key());
        }
        assert_eq!(Date::from_key(0), None);
    }

    #[test]
    fn a_month_covers_its_days() {
        let month = Date::parse("2024-03").unwrap();
        let day = Date::parse("2024-03-31").unwrap();
        assert!(month.first_key() <= day.first_key() && day.last_key() <= month.last_key());
        let next = Date::parse("2024-04-01").unwrap();
        assert!(month.last_key() < next.first_key());
    }
}
