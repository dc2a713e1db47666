//! Step 3: which documents a query finds, and how well each matches.
//!
//! Every clause is required. Each clause adds, to every document that holds
//! one of its expansions, the score of its best expansion there, and that
//! kind's tier. A form's score in a document is its impact there (BM25F
//! before rarity, see [`crate::bm25`]) times its idf and the kind's weight.
//! Documents that match every clause are the candidates when there is at
//! least one; when none does, the documents that match the most clauses are,
//! each then listing the words it is `missing`, so the page can say so
//! rather than show nothing. `-word` leaves out documents with that word or
//! its stem, a date range leaves out documents outside it (and undated
//! ones), and filters the documents without the values they ask for.
//!
//! A clause's value in a document is its best expansion there, by tier then
//! score, with every field (title, heading) any of its expansions is in
//! there. Candidates rank as [`super::candidate`] says.

use std::cell::RefCell;

use super::admitted;
use super::bounds;
use super::candidate::{Candidate, ClauseMatch, Total, BAD_DOC_NUMBER};
use super::expand::{self, Expansion, Kind};
use super::filters::{self, Dates};
use super::impacts::{for_each_impact, impact_lists, ALL_TIERS};
use super::numbers::OrderKeys;
use super::phrase;
use super::query::{Clause, Query};
use super::{SearchOptions, Sort};
use crate::bm25::{dequantize, idf};
use crate::error::Result;
use crate::format::Fields;
use crate::index::{Index, Needs};
use crate::postings::Impacts;
use crate::sort;

/// Every document a query finds (as [`candidates`] does, with its options'
/// dates, filters and ranges), by number; with no words, every document the options
/// admit. `None` until the pieces it needs have arrived.
pub(super) fn matching<D: AsRef<[u8]>>(
    index: &Index<D>,
    query: &Query,
    options: &SearchOptions,
    needs: &mut Needs,
) -> Result<Option<Vec<u32>>> {
    if query.is_empty() {
        let admitted = admitted::admitted(index, options, needs)?;
        let dated = options.after.is_some() || options.before.is_some();
        let dates = if dated {
            Dates::read(index, needs)?
        } else {
            None
        };
        let (Some(admitted), false) = (admitted, dated && dates.is_none()) else {
            return Ok(None);
        };
        let range = dates.and_then(|d| d.range(options.after, options.before));
        return Ok(Some(
            (0..index.doc_count())
                .filter(|&doc| !index.is_deleted(doc))
                .filter(|&doc| admitted.as_ref().is_none_or(|a| a.admits(doc)))
                .filter(|&doc| !dated || range.as_ref().is_some_and(|r| r.admits(doc)))
                .collect(),
        ));
    }
    let Some(expansions) = expand::expand_all(index, query, needs)? else {
        return Ok(None);
    };
    let found = candidates(index, query, &expansions, options, usize::MAX, true, needs)?;
    Ok(found.map(|found| found.into_iter().map(|c| c.doc).collect()))
}

/// The documents a query finds, unranked: those with every clause if any,
/// else those with the most; when not `every`, possibly only those that can
/// be among the first `limit`. `None` until the pieces it needs have arrived.
pub(super) fn candidates<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    query: &Query,
    expansions: &[Vec<Expansion<'i>>],
    options: &SearchOptions,
    limit: usize,
    every: bool,
    needs: &mut Needs,
) -> Result<Option<Vec<Candidate>>> {
    let order = clause_order(expansions);
    // Tails are the largest pieces a query could read: when the heads
    // settle the ranking, they are not read (see `bounds`). Phrases,
    // exclusions and orders other than relevance need every document of
    // their words.
    let simple = !every
        && query.excluded.is_empty()
        && options.sort == Sort::Relevance
        && query
            .clauses
            .iter()
            .all(|c| matches!(c, Clause::Word { .. }));
    // A filter's piece is asked for with the heads: one round trip.
    let admitted = admitted::admitted(index, options, needs)?;
    let common = expansions
        .iter()
        .filter(|clause| clause.iter().any(|e| e.form.parts.have_tail()))
        .count();
    // The first tiers of the tails are read with the heads only for an
    // early answer on a split index, which they make possible for three or
    // four common words; else they are work the bounds rarely pay back.
    let deepen = options.early && !index.is_whole();
    let tiers_first = |e: &Expansion<'_>| if deepen { e.tiers_first(common) } else { 0 };
    if simple && common > 0 {
        let ranged = options.after.is_some() || options.before.is_some();
        let dates = if ranged {
            Dates::read(index, needs)?
        } else {
            None
        };
        let mut heads = Vec::with_capacity(expansions.len());
        for clause in expansions {
            let mut clause_heads = Vec::with_capacity(clause.len());
            for expansion in clause {
                let lists = impact_lists(index, expansion, tiers_first(expansion), false, needs)?;
                clause_heads.push(lists.unwrap_or_default());
            }
            heads.push(clause_heads);
        }
        let (Some(admitted), false) = (&admitted, ranged && dates.is_none()) else {
            return Ok(None);
        };
        if !needs.is_empty() {
            return Ok(None);
        }
        let range = dates.and_then(|d| d.range(options.after, options.before));
        let admits = |doc: u32| {
            range.as_ref().is_none_or(|r| r.admits(doc))
                && admitted.as_ref().is_none_or(|a| a.admits(doc))
        };
        if let Some(found) = bounds::settled(
            index,
            expansions,
            &heads,
            tiers_first,
            &order,
            limit,
            admits,
        )? {
            return Ok(Some(found));
        }
    }
    // Unsettled by the heads: the tails are read, or, for an early answer,
    // gone without while they have not arrived.
    let early = simple && options.early;
    let mut lists: Vec<Vec<Vec<Impacts<'i>>>> = Vec::with_capacity(expansions.len());
    for clause in expansions {
        let mut clause_lists = Vec::with_capacity(clause.len());
        for expansion in clause {
            clause_lists
                .push(impact_lists(index, expansion, ALL_TIERS, early, needs)?.unwrap_or_default());
        }
        lists.push(clause_lists);
    }
    let excluded = filters::excluded_docs(index, &query.excluded, needs)?;
    let phrases = phrase::all_occurrences(index, query, expansions, needs)?;
    let dated = options.after.is_some() || options.before.is_some();
    let dates = if dated {
        Dates::read(index, needs)?
    } else {
        None
    };
    let order_keys = OrderKeys::read(index, &options.sort, needs)?;
    if !needs.is_empty() {
        return Ok(None);
    }
    let (Some(excluded), Some(phrases), Some(admitted), Some(order_keys)) =
        (excluded, phrases, admitted, order_keys)
    else {
        return Ok(None);
    };
    let range = match &dates {
        Some(dates) => dates.range(options.after, options.before),
        None => None,
    };

    let all = (1u32 << query.clauses.len()) - 1;
    // First only over documents that keep matching every clause; if none
    // has them all (after filters), score them all for the closest.
    for strict in [true, false] {
        let mut found: Vec<Candidate> = SCRATCH.with_borrow_mut(|scratch| -> Result<_> {
            evaluate(
                index, query, expansions, &lists, &phrases, &order, strict, scratch,
            )?;
            let mut found = Vec::with_capacity(scratch.touched.len());
            for &doc in &scratch.touched {
                if excluded.binary_search(&doc).is_ok() {
                    continue;
                }
                if admitted.as_ref().is_some_and(|a| !a.admits(doc)) {
                    continue;
                }
                if range.as_ref().is_some_and(|range| !range.admits(doc)) {
                    continue;
                }
                found.push(Candidate {
                    doc,
                    total: scratch.totals[doc as usize],
                    order_key: order_keys.as_ref().map_or(0, |k| k.key_of(doc)),
                });
            }
            Ok(found)
        })?;
        let whole = found.iter().filter(|c| c.total.mask == all).count();
        if needs.is_early() && whole < limit {
            // An early answer is a full first page of documents with every
            // word: heads that share fewer cannot give one, nor tell what a
            // document lacks. The tails first.
            needs.need_settled();
            return Ok(None);
        }
        if whole > 0 {
            found.retain(|c| c.total.mask == all);
            return Ok(Some(found));
        }
        if !strict {
            return Ok(Some(found));
        }
    }
    Ok(Some(Vec::new()))
}

/// The order clauses are scored (and summed) in: rarest first. Once they
/// have chosen the candidates, the common ones only score documents that
/// can still match everything.
pub(super) fn clause_order(expansions: &[Vec<Expansion<'_>>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..expansions.len()).collect();
    let cost = |clause: usize| {
        expansions[clause]
            .iter()
            .map(|e| u64::from(e.form.doc_freq))
            .sum::<u64>()
    };
    sort::sort_by(&mut order, |&a, &b| (cost(a), a) < (cost(b), b));
    order
}

/// The per-document arrays [`evaluate`] scores into, kept from one search
/// to the next: on a large site they take megabytes, and allocating and
/// zeroing them cost a search for a rare word more than the rest of it.
/// The documents whose entries a search may have written are noted, and
/// set back before the next search, even one after an error.
#[derive(Default)]
struct Scratch {
    totals: Vec<Total>,
    matches: Vec<ClauseMatch>,
    /// The documents with a total, in the order first touched.
    touched: Vec<u32>,
    /// The documents the clause being scored has touched.
    clause_touched: Vec<u32>,
}

impl Scratch {
    /// Every entry back to the default, for `docs` documents.
    fn ready(&mut self, docs: usize) {
        for &doc in self.touched.iter().chain(&self.clause_touched) {
            if let Some(total) = self.totals.get_mut(doc as usize) {
                *total = Total::default();
            }
            if let Some(found) = self.matches.get_mut(doc as usize) {
                *found = ClauseMatch::default();
            }
        }
        self.touched.clear();
        self.clause_touched.clear();
        self.totals.resize(docs, Total::default());
        self.matches.resize(docs, ClauseMatch::default());
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Scores every clause over the documents, in `order`, into `scratch`: the
/// per-document totals and the documents that have any. When `strict`,
/// a clause scores only the documents that matched every clause before
/// it: the answer when some document has every word, found cheaply.
// What the query read and how to score it, and where: each used once here.
#[allow(clippy::too_many_arguments)]
fn evaluate<D: AsRef<[u8]>>(
    index: &Index<D>,
    query: &Query,
    expansions: &[Vec<Expansion<'_>>],
    lists: &[Vec<Vec<Impacts<'_>>>],
    phrases: &[Option<phrase::Occurrences>],
    order: &[usize],
    strict: bool,
    scratch: &mut Scratch,
) -> Result<()> {
    scratch.ready(index.doc_count() as usize);
    let Scratch {
        totals,
        matches,
        touched,
        clause_touched,
    } = scratch;
    let mut required: Option<u32> = None;
    for &number in order {
        clause_touched.clear();
        let filter = required.map(|mask| Filter { totals, mask });
        match (&query.clauses[number], &phrases[number]) {
            (Clause::Phrase { .. }, Some(occurrences)) => {
                score_phrase(index, occurrences, filter, matches, clause_touched)?
            }
            _ => {
                for (expansion, lists) in expansions[number].iter().zip(&lists[number]) {
                    score_form(index, expansion, lists, filter, matches, clause_touched)?;
                }
            }
        }
        for &doc in clause_touched.iter() {
            let found = std::mem::take(&mut matches[doc as usize]);
            let total = &mut totals[doc as usize];
            if total.mask == 0 {
                touched.push(doc);
            }
            total.add(number, found);
        }
        if strict {
            required = Some(required.unwrap_or(0) | 1 << number);
        }
    }
    Ok(())
}

/// Adds one form's score to each document holding it (that passes
/// `filter`), keeping the best expansion per document.
fn score_form<D: AsRef<[u8]>>(
    index: &Index<D>,
    expansion: &Expansion<'_>,
    lists: &[Impacts<'_>],
    filter: Option<Filter<'_>>,
    matches: &mut [ClauseMatch],
    touched: &mut Vec<u32>,
) -> Result<()> {
    let idf = idf(index.live_count(), expansion.form.doc_freq) * expansion.weight;
    let mut bad = false;
    for_each_impact(lists, |entry| {
        let doc = entry.doc as usize;
        if filter.is_some_and(|f| !f.passes(doc)) {
            return;
        }
        match matches.get_mut(doc) {
            Some(slot) => record(
                slot,
                touched,
                entry.doc,
                ClauseMatch {
                    quality: expansion.quality,
                    score: idf * dequantize(entry.impact),
                    fields: expansion.naming(entry.fields),
                },
            ),
            None => bad = true,
        }
    })?;
    if bad {
        return Err(BAD_DOC_NUMBER);
    }
    Ok(())
}

/// Scores the documents where a phrase occurs like one form.
fn score_phrase<D: AsRef<[u8]>>(
    index: &Index<D>,
    occurrences: &phrase::Occurrences,
    filter: Option<Filter<'_>>,
    matches: &mut [ClauseMatch],
    touched: &mut Vec<u32>,
) -> Result<()> {
    let idf = idf(index.live_count(), occurrences.docs.len() as u32);
    for &(doc, impact) in &occurrences.docs {
        if filter.is_some_and(|f| !f.passes(doc as usize)) {
            continue;
        }
        let slot = matches.get_mut(doc as usize).ok_or(BAD_DOC_NUMBER)?;
        // A phrase says more than its words apart.
        record(
            slot,
            touched,
            doc,
            ClauseMatch {
                quality: Kind::Exact.quality(),
                score: 1.5 * idf * impact,
                fields: Fields::default(),
            },
        );
    }
    Ok(())
}

/// Only documents whose clauses so far are exactly `mask`.
#[derive(Clone, Copy, Debug)]
struct Filter<'a> {
    totals: &'a [Total],
    mask: u32,
}

impl Filter<'_> {
    fn passes(self, doc: usize) -> bool {
        self.totals.get(doc).is_some_and(|t| t.mask == self.mask)
    }
}

/// Keeps the better of a clause's matches in a document, and every field.
fn record(slot: &mut ClauseMatch, touched: &mut Vec<u32>, doc: u32, found: ClauseMatch) {
    if slot.quality == 0 {
        touched.push(doc);
        *slot = found;
    } else {
        *slot = slot.merge(found);
    }
}

#[cfg(test)]
mod tests {
    use super::super::expand;
    use super::*;
    use crate::analysis::Analyzer;
    use crate::format::placer::InMemory;
    use crate::format::Location;
    use crate::index::Answer;
    use crate::testing::{dated, index, serve, split};
    use crate::{Document, IndexBuilder, Language};

    #[test]
    fn the_scratch_arrays_are_set_back_before_each_search() {
        let mut scratch = Scratch::default();
        scratch.ready(4);
        // What a search that stopped halfway (a damaged list) leaves.
        scratch.totals[2].mask = 1;
        scratch.touched.push(2);
        scratch.matches[3].quality = 5;
        scratch.clause_touched.push(3);
        scratch.ready(4);
        assert!(scratch.totals.iter().all(|t| *t == Total::default()));
        assert!(scratch.matches.iter().all(|m| *m == ClauseMatch::default()));
        assert!(scratch.touched.is_empty() && scratch.clause_touched.is_empty());
        // Another index, of another size.
        scratch.ready(2);
        assert_eq!((scratch.totals.len(), scratch.matches.len()), (2, 2));
    }

    /// The candidates' ids, ranked, with how many clauses each matched.
    fn ranked(index: &Index<Vec<u8>>, query: &str, options: &SearchOptions) -> Vec<(String, u32)> {
        let analyzer = Analyzer::new(index.language()).unwrap();
        let query = Query::parse(&analyzer, query);
        let mut needs = Needs::default();
        let expansions = expand::expand_all(index, &query, &mut needs)
            .unwrap()
            .unwrap();
        let mut found = candidates(index, &query, &expansions, options, 10, false, &mut needs)
            .unwrap()
            .unwrap();
        sort::sort_by(&mut found, |a, b| {
            a.rank(&options.sort) > b.rank(&options.sort)
        });
        found
            .iter()
            .map(|c| {
                let id = index.summary(c.doc).unwrap().ready().unwrap().id.to_owned();
                (id, c.total.mask.count_ones())
            })
            .collect()
    }

    fn ids(index: &Index<Vec<u8>>, query: &str) -> Vec<String> {
        ranked(index, query, &SearchOptions::default())
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    #[test]
    fn every_word_is_required_when_some_document_has_them_all() {
        let index = index(&[
            ("both", "", "coopération nucléaire"),
            ("one", "", "coopération coopération coopération"),
        ]);
        assert_eq!(
            ranked(&index, "cooperation nucleaire ", &Default::default()),
            [("both".into(), 2)]
        );
    }

    #[test]
    fn when_none_has_them_all_the_most_matched_come_first() {
        let index = index(&[
            ("one", "", "la paix"),
            ("two", "", "paix et stabilité"),
            ("none", "", "rien"),
        ]);
        assert_eq!(
            ranked(&index, "paix stabilite vietnam ", &Default::default()),
            [("two".into(), 2), ("one".into(), 1)]
        );
    }

    #[test]
    fn exact_words_rank_above_stems_and_stems_above_typos() {
        let index = index(&[
            ("typo", "", "relatoin"),
            ("stem", "", "relations"),
            ("exact", "", "relation"),
        ]);
        // Typos are looked for only when the word itself is missing.
        assert_eq!(ids(&index, "relation "), ["exact", "stem"]);
        let index = crate::testing::index(&[("typo", "", "relatoin"), ("stem", "", "relations")]);
        assert_eq!(ids(&index, "relation "), ["stem", "typo"]);
    }

    #[test]
    fn a_better_tier_beats_a_higher_score() {
        // `relation` many times in a short text scores high as a stem match,
        // but the exact word wins.
        let index = index(&[
            ("stem", "", "relations relations relations"),
            (
                "exact",
                "",
                "une longue note qui parle de la relation entre deux pays, un jour",
            ),
        ]);
        assert_eq!(ids(&index, "relation "), ["exact", "stem"]);
    }

    #[test]
    fn titles_count_more_than_bodies() {
        let index = index(&[
            ("body", "Note", "la coopération entre deux pays"),
            ("title", "Coopération", "entre deux pays, une note"),
        ]);
        assert_eq!(ids(&index, "cooperation "), ["title", "body"]);
    }

    #[test]
    fn rarer_words_weigh_more() {
        let index = index(&[
            ("common", "", "russie russie"),
            ("rare", "", "vietnam"),
            ("x", "", "russie"),
            ("y", "", "russie"),
        ]);
        // Each document has one of the two words: the rarer one ranks first.
        assert_eq!(ids(&index, "russie vietnam "), ["rare", "common", "x", "y"]);
    }

    #[test]
    fn the_date_order_is_newest_first_then_relevance() {
        let index = dated(&[
            ("old", "accord", "2024-03", "accord"),
            ("new", "", "2026-01-25", "accord"),
            ("undated", "accord accord", "", "accord"),
        ]);
        let by_date = SearchOptions {
            sort: Sort::Date(crate::search::Order::Descending),
            ..SearchOptions::default()
        };
        let ids: Vec<String> = ranked(&index, "accord", &by_date)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["new", "old", "undated"]);
    }

    #[test]
    fn equal_documents_come_newest_first_then_in_corpus_order() {
        let index = dated(&[
            ("first", "", "", "paix"),
            ("second", "", "", "paix"),
            ("dated", "", "2020", "paix"),
        ]);
        assert_eq!(ids(&index, "paix "), ["dated", "first", "second"]);
    }

    /// 600 documents of 16 to 27 words, each holding `paix` and `accord` 0
    /// to 4 times: a word's head (80 documents) and its tail overlap in
    /// weight, so the heads cannot settle a ranking, as with a large site's
    /// common words.
    fn common_words() -> IndexBuilder {
        common(&["paix", "accord"])
    }

    /// 600 documents as [`common_words`], each holding `words` 0 to 4 times.
    fn common(words: &[&str]) -> IndexBuilder {
        let mut next = crate::testing::xorshift(11);
        let mut builder = IndexBuilder::new(Language::French).unwrap();
        builder.head_docs(80);
        for n in 0..600 {
            let mut body: Vec<String> = Vec::new();
            for word in words {
                body.extend((0..next(5)).map(|_| word.to_string()));
            }
            let length = 16 + next(12);
            while body.len() < length {
                body.push(format!("mot{}", next(50)));
            }
            builder
                .add(&Document {
                    id: format!("d{n}"),
                    body: body.join(" "),
                    ..Document::default()
                })
                .unwrap();
        }
        builder
    }

    fn search_ids(index: &Index<Vec<u8>>, query: &str, options: &SearchOptions) -> Vec<String> {
        let hits = index.search(query, options).unwrap().into_ready().unwrap();
        hits.iter().map(|h| h.document.id.to_owned()).collect()
    }

    /// Asks until the answer is not "these pieces first", serving them.
    fn ask(
        index: &mut Index<Vec<u8>>,
        file: &InMemory,
        query: &str,
        options: &SearchOptions,
    ) -> Answer<Vec<(String, Vec<String>)>> {
        loop {
            let answer = index.search(query, options).unwrap();
            let owned = |hits: Vec<crate::Hit<'_>>| {
                hits.iter()
                    .map(|h| (h.document.id.to_owned(), h.missing.clone()))
                    .collect::<Vec<_>>()
            };
            match answer {
                Answer::Need(locations) => serve(file, index, &locations),
                Answer::Ready(hits) => return Answer::Ready(owned(hits)),
                Answer::Early { value, settle } => {
                    return Answer::Early {
                        value: owned(value),
                        settle,
                    }
                }
            }
        }
    }

    /// Asks a split index of [`common`]`(words)` for the words early:
    /// checks that the answer is early, a full page of documents with
    /// every word, hands the index and what settles the answer to
    /// `at_early`, then serves those pieces and checks that the settled
    /// answer is the whole index's.
    fn early_then_settled(words: &[&str], at_early: impl FnOnce(&Index<Vec<u8>>, &[Location])) {
        let query = words.join(" ");
        let builder = common(words);
        let whole = Index::open(builder.finish()).unwrap();
        let (mut split, file) = split(&builder);
        let limit = 10;
        let early = SearchOptions {
            limit,
            early: true,
            ..SearchOptions::default()
        };
        let settled = SearchOptions {
            limit,
            ..SearchOptions::default()
        };
        let expected = search_ids(&whole, &query, &settled);
        let answer = ask(&mut split, &file, &query, &early);
        let Answer::Early { value, settle } = answer else {
            panic!("{query}: an early answer, from what was read with the heads: {answer:?}");
        };
        assert_eq!(value.len(), limit);
        for (id, missing) in &value {
            assert!(missing.is_empty(), "{id} holds every word");
            let body = &whole
                .document(id)
                .unwrap()
                .into_ready()
                .unwrap()
                .unwrap()
                .body;
            assert!(words.iter().all(|w| body.contains(w)), "{id}");
        }
        assert!(!settle.is_empty());
        assert!(settle.iter().all(|location| !split.has_piece(*location)));
        at_early(&split, &settle);
        serve(&file, &mut split, &settle);
        let Answer::Ready(hits) = ask(&mut split, &file, &query, &early) else {
            panic!("with the tails, the answer is settled");
        };
        let ids: Vec<String> = hits.into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn an_early_answer_comes_from_the_heads_and_settles_to_the_answer() {
        early_then_settled(&["paix", "accord"], |_, _| {});
    }

    #[test]
    fn three_common_words_answer_early_from_their_heads_and_first_tiers() {
        let words = ["paix", "accord", "traite"];
        early_then_settled(&words, |split, settle| {
            // Each word's first tier was read with its head; the rest is
            // what settles the answer.
            let mut needs = Needs::default();
            for word in words {
                let form = split.form(word.as_bytes(), &mut needs).unwrap();
                let tiers = form.unwrap().unwrap().form.parts.first().tail;
                let tiers = tiers.as_slice();
                assert!(tiers.len() >= 2, "{word}: {tiers:?}");
                assert!(split.has_piece(tiers[0].location), "{word}");
                assert!(
                    tiers[1..].iter().all(|t| settle.contains(&t.location)),
                    "{word}"
                );
            }
        });
    }

    #[test]
    fn no_early_answer_unless_asked_or_from_heads_too_thin_for_a_page() {
        let builder = common_words();
        let whole = Index::open(builder.finish()).unwrap();
        for (limit, early) in [(5, false), (200, true)] {
            let (mut split, file) = split(&builder);
            let options = SearchOptions {
                limit,
                early,
                ..SearchOptions::default()
            };
            let Answer::Ready(hits) = ask(&mut split, &file, "paix accord", &options) else {
                panic!("limit {limit}, early {early}: a settled answer");
            };
            let ids: Vec<String> = hits.into_iter().map(|(id, _)| id).collect();
            assert_eq!(
                ids,
                search_ids(&whole, "paix accord", &options),
                "limit {limit}"
            );
        }
    }
}
