//! Why a document ranks where it does: the ranking's keys (see
//! [`super::candidate`]) and each clause's best match in it, for `trouve
//! search --explain`. The same steps as a search, for one document, so the
//! figures are the ones that ranked it. Native only: the browser module
//! does not carry it.

use super::candidate::{ClauseMatch, Total};
use super::expand::{self, Expansion, Kind};
use super::impacts::{for_each_impact, impact_lists, ALL_TIERS};
use super::phrase;
use super::query::{Clause, Query};
use super::score::clause_order;
use super::Sort;
use crate::bm25::{dequantize, idf};
use crate::error::Result;
use crate::format::Fields;
use crate::index::{Answer, Index, Needs};

/// How one document matched a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The ranking's keys, in the order they rank (see the `search`
    /// module's docs): clauses matched, of those without a typo, how well
    /// the title and headings name the query (4 the title is the query,
    /// 3 it holds every word, 2 a heading is the query, 1 every word is in
    /// the title or a heading),
    /// the sum of the tiers (3 exact, 2 stem or prefix, 1 typo).
    pub keys: (u32, u32, u8, u32),
    pub score: f32,
    /// Each clause, in the order typed.
    pub clauses: Vec<ClauseExplanation>,
}

/// What one clause matched in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseExplanation {
    /// As typed.
    pub clause: String,
    /// The form that matched best (`None`: the clause is missing), and how:
    /// `exact`, `stem`, `prefix`, `typo` or `phrase`.
    pub matched: Option<(String, &'static str)>,
    /// The fields that counted for naming: in the title, in a heading.
    pub in_title: bool,
    pub in_heading: bool,
    pub score: f32,
}

impl<D: AsRef<[u8]>> Index<D> {
    /// Why document `id` ranks where it does for `query` (`None`: no such
    /// document). In a split index the answer may be the pieces it needs.
    pub fn explain(&self, query: &str, id: &str) -> Result<Answer<Option<Explanation>>> {
        let query = Query::parse(&self.analyzer, query);
        let mut needs = Needs::default();
        let Some(doc) = self.find_id(id, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        let Some(doc) = doc else {
            return Ok(Answer::Ready(None));
        };
        let Some(expansions) = expand::expand_all(self, &query, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        let Some(phrases) = phrase::all_occurrences(self, &query, &expansions, &mut needs)? else {
            return Ok(needs.into_answer());
        };
        let mut found: Vec<Option<(ClauseMatch, String, &'static str)>> = Vec::new();
        for (number, clause) in query.clauses.iter().enumerate() {
            let best = match (clause, &phrases[number]) {
                (Clause::Phrase { text, .. }, Some(occurrences)) => occurrences
                    .docs
                    .iter()
                    .find(|&&(d, _)| d == doc)
                    .map(|&(_, impact)| {
                        let idf = idf(self.live_count(), occurrences.docs.len() as u32);
                        let value = ClauseMatch {
                            quality: Kind::Exact.quality(),
                            score: 1.5 * idf * impact,
                            fields: Fields::default(),
                        };
                        (value, text.clone(), "phrase")
                    }),
                _ => self.best_form(doc, &expansions[number], &mut needs)?,
            };
            found.push(best);
        }
        if !needs.is_empty() {
            return Ok(needs.into_answer());
        }
        let mut total = Total::default();
        for number in clause_order(&expansions) {
            if let Some((value, _, _)) = &found[number] {
                total.add(number, *value);
            }
        }
        let clauses = query
            .clauses
            .iter()
            .zip(found)
            .map(|(clause, found)| match found {
                Some((value, form, kind)) => ClauseExplanation {
                    clause: clause.text().to_owned(),
                    matched: Some((form, kind)),
                    in_title: value.fields.title(),
                    in_heading: value.fields.heading(),
                    score: value.score,
                },
                None => ClauseExplanation {
                    clause: clause.text().to_owned(),
                    matched: None,
                    in_title: false,
                    in_heading: false,
                    score: 0.0,
                },
            })
            .collect();
        Ok(Answer::Ready(Some(Explanation {
            keys: total.keys(&Sort::Relevance, 0),
            score: total.score,
            clauses,
        })))
    }

    /// A clause's value in `doc` over its expansions, as scoring merges
    /// them, with the form that gave it.
    fn best_form(
        &self,
        doc: u32,
        expansions: &[Expansion<'_>],
        needs: &mut Needs,
    ) -> Result<Option<(ClauseMatch, String, &'static str)>> {
        let mut best: Option<(ClauseMatch, String, &'static str)> = None;
        for expansion in expansions {
            let Some(lists) = impact_lists(self, expansion, ALL_TIERS, false, needs)? else {
                continue;
            };
            let idf = idf(self.live_count(), expansion.form.doc_freq) * expansion.weight;
            let mut value = None;
            for_each_impact(&lists, |entry| {
                if entry.doc == doc {
                    value = Some(ClauseMatch {
                        quality: expansion.quality,
                        score: idf * dequantize(entry.impact),
                        fields: expansion.naming(entry.fields),
                    });
                }
            })?;
            let Some(value) = value else { continue };
            best = Some(match best {
                Some((old, form, kind)) => {
                    let merged = old.merge(value);
                    if merged.score == old.score && merged.quality == old.quality {
                        (merged, form, kind)
                    } else {
                        (merged, expansion.surface.clone(), expansion.kind_name())
                    }
                }
                None => (value, expansion.surface.clone(), expansion.kind_name()),
            });
        }
        Ok(best)
    }
}
