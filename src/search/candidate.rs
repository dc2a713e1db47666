//! A document a query found, with its totals over the query's clauses, and
//! the order results rank in.
//!
//! Results rank by, in order:
//!
//! 1. how many clauses they match (every one, when some document does);
//! 2. how many of those without a typo;
//! 3. how well their title and headings name the query ([`Total::naming`]):
//!    a title that is the query, then one that holds every word, then a
//!    heading that is the query, then every word in the title or a heading
//!    (a title that starts with the query
//!    was tried as a rule of its own, between the first two: it ranked no
//!    known page higher on the benchmark's titles and put four judged
//!    queries' answers lower, `ScriptForge` among them, whose page is not
//!    one of the many whose title starts with it);
//! 4. the sum of the clauses' tiers: an exact word above a stem or a prefix
//!    ([`super::expand::Kind::quality`]);
//! 5. the BM25F score;
//! 6. the newer document (documents are numbered newest first).
//!
//! Then, among the results kept, those that rank alike by 1 to 4 are put in
//! order of how near one another their passage holds the words, the score's
//! order kept among equals (`hits::proximity`): the passage is read for the
//! results shown anyway, where the positions of every word of every
//! candidate would cost a large site's visitors far more bytes.
//!
//! Sorting by date or by a number field puts the document's place in that
//! order in place of 2 to 4.

use super::Sort;
use crate::error::Error;
use crate::format::Fields;

/// A postings list naming a document past the last: a damaged index.
pub(super) const BAD_DOC_NUMBER: Error =
    Error::Corrupt("a postings list names a document that does not exist");

/// The ranking's keys before the score: clauses matched, of those
/// without a typo, naming, tiers (or, sorting by date, the date).
pub(super) type Keys = (u32, u32, u8, u32);

/// The tier of a match found through a typo ([`super::expand::Kind::Typo`]).
pub(super) const TYPO_TIER: u16 = 1;

/// What one clause found in one document: its best expansion there (by
/// tier, then score), and every field any of its expansions is in there.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct ClauseMatch {
    pub score: f32,
    pub quality: u16,
    pub fields: Fields,
}

impl ClauseMatch {
    /// The clause's value when it matches both ways.
    pub fn merge(self, other: ClauseMatch) -> ClauseMatch {
        let best = if (other.quality, other.score) > (self.quality, self.score) {
            other
        } else {
            self
        };
        ClauseMatch {
            fields: self.fields.widen(other.fields),
            ..best
        }
    }
}

/// A document's totals over all clauses.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Total {
    /// Bit `n` is set when clause `n` matched.
    pub mask: u32,
    /// Bit `n`: clause `n` matched only through a typo.
    pub typos: u32,
    /// Bit `n`: clause `n` is in the title.
    pub title: u32,
    /// Bit `n`: clause `n` is in a heading.
    pub heading: u32,
    /// The shortest heading's length in words, of those that hold a clause.
    pub heading_words: u32,
    /// The title's length in words, when a clause is in it.
    pub title_words: u32,
    /// Sum of the clauses' tiers.
    pub quality: u16,
    pub score: f32,
}

impl Total {
    /// Adds clause `number`'s match.
    pub fn add(&mut self, number: usize, found: ClauseMatch) {
        let bit = 1 << number;
        self.mask |= bit;
        if found.quality <= TYPO_TIER {
            self.typos |= bit;
        }
        let fields = found.fields;
        if fields.title() {
            self.title |= bit;
            self.title_words = match self.title_words {
                0 => fields.title_words(),
                words => words.min(fields.title_words()),
            };
        }
        if fields.heading() {
            self.heading |= bit;
            self.heading_words = match self.heading_words {
                0 => fields.heading_words(),
                words => words.min(fields.heading_words()),
            };
        }
        self.quality += found.quality;
        self.score += found.score;
    }

    /// How well the title and headings name the query, over the clauses
    /// matched: 4 when the title is the query (every word of it matched,
    /// numbers aside), 3 when it holds every clause, 2 when a heading is the
    /// query (every clause in headings, the shortest no longer than the
    /// query), 1 when every clause is in the title or a heading.
    pub fn naming(&self) -> u8 {
        let mask = self.mask;
        let words = mask.count_ones();
        if mask == 0 {
            0
        } else if self.title & mask == mask {
            if self.title_words <= words {
                4
            } else {
                3
            }
        } else if self.heading & mask == mask && self.heading_words <= words {
            2
        } else if (self.title | self.heading) & mask == mask {
            1
        } else {
            0
        }
    }

    /// The ranking's keys but the score and the document, larger first;
    /// `order_key` is the document's place in `sort`'s order when it is
    /// not relevance (see [`Candidate::order_key`]).
    pub fn keys(&self, sort: &Sort, order_key: u32) -> Keys {
        let matched = self.mask.count_ones();
        match sort {
            Sort::Relevance => (
                matched,
                (self.mask & !self.typos).count_ones(),
                self.naming(),
                u32::from(self.quality),
            ),
            Sort::Date(_) | Sort::Field(..) => (matched, order_key, 0, 0),
        }
    }
}

/// A document the query found.
#[derive(Clone, Copy, Debug)]
pub(super) struct Candidate {
    pub doc: u32,
    pub total: Total,
    /// The document's place in the order of dates or of a number field,
    /// larger first, 0 for a document without a date or value there (see
    /// `numbers::OrderKeys`); read only when sorting so, else 0.
    pub order_key: u32,
}

impl Candidate {
    /// Larger ranks first; see the [module docs](self).
    pub fn rank(&self, sort: &Sort) -> (Keys, f32, u32) {
        (
            self.total.keys(sort, self.order_key),
            self.total.score,
            u32::MAX - self.doc,
        )
    }

    /// Whether clause `number` matched.
    pub fn matched(&self, number: usize) -> bool {
        self.total.mask & (1 << number) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(words: u32) -> ClauseMatch {
        ClauseMatch {
            score: 1.0,
            quality: 3,
            fields: Fields::new(Some(words), None),
        }
    }

    fn total(matches: &[ClauseMatch]) -> Total {
        let mut total = Total::default();
        for (number, found) in matches.iter().enumerate() {
            total.add(number, *found);
        }
        total
    }

    #[test]
    fn a_title_that_is_the_query_names_it_best() {
        let body = ClauseMatch {
            score: 1.0,
            quality: 3,
            fields: Fields::default(),
        };
        let heading = |words| ClauseMatch {
            fields: Fields::new(None, Some(words)),
            ..body
        };
        assert_eq!(total(&[title(2), title(2)]).naming(), 4);
        assert_eq!(total(&[title(3), title(3)]).naming(), 3);
        assert_eq!(total(&[heading(2), heading(2)]).naming(), 2);
        assert_eq!(total(&[heading(3), heading(3)]).naming(), 1);
        assert_eq!(total(&[title(3), heading(5)]).naming(), 1);
        assert_eq!(total(&[title(3), body]).naming(), 0);
        assert_eq!(total(&[]).naming(), 0);
    }

    #[test]
    fn a_clause_keeps_its_best_match_and_every_field() {
        let exact = ClauseMatch {
            score: 2.0,
            quality: 3,
            fields: Fields::default(),
        };
        let typo_in_title = ClauseMatch {
            score: 3.0,
            quality: TYPO_TIER,
            fields: Fields::new(Some(2), None),
        };
        let merged = exact.merge(typo_in_title);
        assert_eq!((merged.quality, merged.score), (3, 2.0));
        assert!(merged.fields.title());
        assert_eq!(merged, typo_in_title.merge(exact));
    }

    #[test]
    fn fewer_typos_rank_first_then_naming_then_tiers() {
        let typo = ClauseMatch {
            quality: TYPO_TIER,
            ..title(2)
        };
        let named_with_typo = total(&[title(2), typo]);
        let unnamed = total(&[
            ClauseMatch {
                fields: Fields::default(),
                ..title(2)
            },
            ClauseMatch {
                fields: Fields::default(),
                ..title(2)
            },
        ]);
        let keys = |t: &Total| t.keys(&Sort::Relevance, 0);
        assert!(keys(&unnamed) > keys(&named_with_typo));
        let named = total(&[
            title(2),
            ClauseMatch {
                quality: 2,
                ..title(2)
            },
        ]);
        assert!(keys(&named) > keys(&unnamed));
    }
}
