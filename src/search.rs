//! Query semantics, expansion caps and ranking.
//!
//! Every word of a query is required. A word matches, from best to worst:
//! the same surface form (**exact**), another form with its stem (**stem**:
//! `relations` for `relation`), a longer word it begins (**prefix**, only for
//! the last word while it is being typed), or, when the corpus has none of
//! those, a word within one or two edits (**typo**, see [`crate::typo`]:
//! one from 5 letters, two from 9, never for numbers). A quoted
//! phrase matches its exact words at consecutive positions. `-word` leaves
//! out documents with that word or its stem.
//!
//! Documents that match every clause come first, and only they are returned
//! when there is at least one. When none does, the documents that match the
//! most clauses are returned instead, each listing the words it is
//! `missing`, so the page can say so rather than show nothing.
//!
//! Among documents matching the same number of clauses, better kinds of
//! match rank first (exact above stem and prefix, those above typos), then
//! BM25 with a title boost decides. Expansions are capped, so a one-letter
//! prefix or a hostile query costs a bounded amount of work.

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Streamer};
use serde::Serialize;

use crate::analysis::{fold, Term};
use crate::document::Date;
use crate::error::{Error, Result};
use crate::format::{stem_key, STEM_MARK};
use crate::index::{Index, TermInfo};
use crate::query::{Clause, Query};
use crate::snippet::{snippet, window_start, Segment, SNIPPET_WORDS};
use crate::sort;
use crate::typo::Typos;

/// Surface forms a prefix may expand to (the most frequent win).
pub const MAX_PREFIX_TERMS: usize = 24;
/// Dictionary keys read while looking for prefix expansions.
pub const MAX_PREFIX_SCAN: usize = 2_000;
/// Surface forms a typo may expand to (the closest, then most frequent).
pub const MAX_TYPO_TERMS: usize = 12;
/// Dictionary keys read while looking for typo expansions.
pub const MAX_TYPO_SCAN: usize = 200;
/// Forms of one stem considered.
pub const MAX_STEM_TERMS: usize = 64;
/// Results one search returns at most.
pub const MAX_LIMIT: usize = 1_000;

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How much more a word in the title counts than one in the body.
const TITLE_BOOST: f32 = 3.0;

/// How a search is filtered, ordered and cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// At most this many results (capped at [`MAX_LIMIT`]).
    pub limit: usize,
    /// Only documents dated on or after this date.
    pub after: Option<Date>,
    /// Only documents dated on or before this date.
    pub before: Option<Date>,
    pub sort: Sort,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            after: None,
            before: None,
            sort: Sort::Relevance,
        }
    }
}

/// The order of results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub url: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the source.
    pub date: Option<String>,
    pub score: f32,
    pub snippet: Vec<Segment>,
    /// Query words this document does not contain (empty when it has all).
    pub missing: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Typo = 1,
    Prefix = 2,
    Stem = 3,
    Exact = 4,
}

impl Kind {
    fn weight(self, distance: u32) -> f32 {
        match self {
            Kind::Exact => 1.0,
            Kind::Stem => 0.8,
            Kind::Prefix => 0.7,
            Kind::Typo if distance <= 1 => 0.5,
            Kind::Typo => 0.3,
        }
    }

    /// The rank tier: prefix and stem matches are equally good guesses.
    fn quality(self) -> u16 {
        match self {
            Kind::Exact => 3,
            Kind::Stem | Kind::Prefix => 2,
            Kind::Typo => 1,
        }
    }
}

/// A term a clause expands to.
#[derive(Clone, Copy, Debug)]
struct Expansion {
    info: TermInfo,
    quality: u16,
    weight: f32,
}

/// What a clause found in one document.
#[derive(Clone, Copy, Debug, Default)]
struct ClauseMatch {
    score: f32,
    quality: u16,
}

/// Per-document totals over all clauses.
#[derive(Clone, Copy, Debug, Default)]
struct Total {
    mask: u32,
    quality: u16,
    score: f32,
}

const BAD_DOC_NUMBER: Error =
    Error::Corrupt("a postings list names a document that does not exist");

impl<D: AsRef<[u8]>> Index<D> {
    /// Searches; see the [module docs](self) for what a query means.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        let query = Query::parse(&self.analyzer, query);
        let limit = options.limit.min(MAX_LIMIT);
        if query.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let expansions = self.expand_all(&query)?;
        let mut candidates = self.candidates(&query, &expansions, options)?;
        let rank = |c: &(u32, Total, u32)| {
            let (doc, total, date) = *c;
            let matched = total.mask.count_ones();
            match options.sort {
                Sort::Relevance => (
                    matched,
                    u32::from(total.quality),
                    total.score,
                    u32::MAX - doc,
                ),
                Sort::Date => (matched, date, total.score, u32::MAX - doc),
            }
        };
        sort::keep_first(&mut candidates, limit, |a, b| rank(a) > rank(b));

        let positions = self.match_positions(&candidates, &expansions)?;
        candidates
            .iter()
            .zip(positions)
            .map(|(&(doc, total, _), body_matches)| {
                let stored = self.summary(doc)?;
                let missing = query
                    .clauses
                    .iter()
                    .enumerate()
                    .filter(|(number, _)| total.mask & (1 << number) == 0)
                    .map(|(_, clause)| clause.text().to_owned())
                    .collect();
                Ok(Hit {
                    id: stored.id.to_owned(),
                    title: stored.title.to_owned(),
                    url: stored.url.to_owned(),
                    date: stored.date.map(str::to_owned),
                    score: (total.score * 1000.0).round() / 1000.0,
                    snippet: {
                        let start = window_start(&body_matches);
                        let passage =
                            self.passage(doc, start, start.saturating_add(SNIPPET_WORDS))?;
                        snippet(&self.analyzer, &passage, start, &body_matches)
                    },
                    missing,
                })
            })
            .collect()
    }

    /// How many documents a search would find with no limit.
    pub fn count(&self, query: &str, options: &SearchOptions) -> Result<usize> {
        let query = Query::parse(&self.analyzer, query);
        if query.is_empty() {
            return Ok(0);
        }
        let expansions = self.expand_all(&query)?;
        Ok(self.candidates(&query, &expansions, options)?.len())
    }

    fn expand_all(&self, query: &Query) -> Result<Vec<Vec<Expansion>>> {
        query
            .clauses
            .iter()
            .map(|clause| match clause {
                Clause::Word { term, prefix, .. } => {
                    self.expand(&term.surface, &term.stem, *prefix)
                }
                Clause::Phrase { words, .. } => self.phrase_terms(words),
            })
            .collect()
    }

    /// The documents a query finds, unranked, each with its totals and date
    /// key: those with every clause if any, else those with the most.
    fn candidates(
        &self,
        query: &Query,
        expansions: &[Vec<Expansion>],
        options: &SearchOptions,
    ) -> Result<Vec<(u32, Total, u32)>> {
        // Rarest clauses first: once they have chosen the candidates, the
        // common ones only score documents that can still match everything.
        let mut order: Vec<usize> = (0..expansions.len()).collect();
        let cost = |clause: usize| {
            expansions[clause]
                .iter()
                .map(|e| u64::from(e.info.doc_freq))
                .sum::<u64>()
        };
        sort::sort_by(&mut order, |&a, &b| (cost(a), a) < (cost(b), b));
        let all = (1u32 << query.clauses.len()) - 1;
        let excluded = self.excluded_docs(query)?;
        let after = options.after.map(Date::first_key);
        let before = options.before.map(Date::last_key);
        let dated = after.is_some() || before.is_some();
        // First only over documents that keep matching every clause; if
        // none has them all (after filters), score them all for the closest.
        for strict in [true, false] {
            let (totals, touched) = self.evaluate(query, expansions, &order, strict)?;
            let mut found: Vec<(u32, Total, u32)> = Vec::with_capacity(touched.len());
            for doc in touched {
                if excluded.binary_search(&doc).is_ok() {
                    continue;
                }
                let key = if dated || options.sort == Sort::Date {
                    self.date_key(doc)?
                } else {
                    0
                };
                if dated {
                    let Some(date) = Date::from_key(key) else {
                        continue;
                    };
                    if after.is_some_and(|a| date.last_key() < a)
                        || before.is_some_and(|b| date.first_key() > b)
                    {
                        continue;
                    }
                }
                found.push((doc, totals[doc as usize], key));
            }
            if found.iter().any(|c| c.1.mask == all) {
                found.retain(|c| c.1.mask == all);
                return Ok(found);
            }
            if !strict {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// Completions for the word being typed (the last word of `query`), the
    /// most frequent first, spelled as in the documents (`économie`).
    pub fn complete(&self, query: &str, limit: usize) -> Result<Vec<String>> {
        let query = Query::parse(&self.analyzer, query);
        let Some(Clause::Word {
            term, prefix: true, ..
        }) = query.clauses.last()
        else {
            return Ok(Vec::new());
        };
        let mut found = self.prefix_terms(&term.surface)?;
        if let Some(exact) = self.dictionary()?.get(&term.surface) {
            found.push(PrefixTerm {
                term: exact as u32,
                info: self.term_info(exact as u32)?,
                surface: term.surface.clone(),
            });
        }
        sort::keep_first(&mut found, MAX_PREFIX_TERMS, more_frequent);
        let mut words: Vec<String> = Vec::new();
        for found in found {
            if words.len() >= limit.min(MAX_PREFIX_TERMS) {
                break;
            }
            if let Some(word) = self.spelling(found.info, &found.surface)? {
                if !words.contains(&word) {
                    words.push(word);
                }
            }
        }
        Ok(words)
    }

    /// The terms a word clause expands to, each once, best kind first.
    fn expand(&self, surface: &str, stem: &str, prefix: bool) -> Result<Vec<Expansion>> {
        // A few dozen terms at most: a list is smaller than a hash set in
        // the browser module, and as fast at this size.
        let mut seen: Vec<u32> = Vec::new();
        let mut out = Vec::new();
        let mut push = |index: &Self,
                        term: u32,
                        kind: Kind,
                        distance: u32,
                        out: &mut Vec<Expansion>|
         -> Result<()> {
            if !seen.contains(&term) {
                seen.push(term);
                let info = index.term_info(term)?;
                out.push(Expansion {
                    info,
                    quality: kind.quality(),
                    weight: kind.weight(distance),
                });
            }
            Ok(())
        };

        let exact = self.dictionary()?.get(surface).map(|t| t as u32);
        if let Some(term) = exact {
            push(self, term, Kind::Exact, 0, &mut out)?;
        }
        // The stem of the typed word, and the stem its exact form was indexed
        // under (they differ when stemming an unaccented spelling differs).
        // A word still being typed and found nowhere is a beginning, not a
        // word: its "stem" (`lettr` of `lettri`) would find other words.
        let mut groups: Vec<u32> = Vec::new();
        if exact.is_some() || !prefix {
            groups.extend(self.dictionary()?.get(stem_key(stem)).map(|t| t as u32));
        }
        if let Some(term) = exact {
            groups.push(self.group_start(term));
        }
        groups.dedup();
        for first in groups {
            for term in self.stem_group(first).take(MAX_STEM_TERMS) {
                push(self, term, Kind::Stem, 0, &mut out)?;
            }
        }
        if prefix {
            let mut found = self.prefix_terms(surface)?;
            sort::keep_first(&mut found, MAX_PREFIX_TERMS, more_frequent);
            for found in found {
                push(self, found.term, Kind::Prefix, 0, &mut out)?;
            }
        }
        // A word the corpus holds as typed is taken at its word: typos are
        // looked for when it does not (a misspelling's stem can belong to
        // other words: `imprimente`, `imprimer`), and, for the word being
        // typed, only when no completion matched either.
        if if prefix {
            out.is_empty()
        } else {
            exact.is_none()
        } {
            for (term, distance) in self.typo_terms(surface, prefix)? {
                push(self, term, Kind::Typo, distance, &mut out)?;
            }
        }
        Ok(out)
    }

    /// Surface terms that begin with `prefix` (not `prefix` itself), from the
    /// first [`MAX_PREFIX_SCAN`] in dictionary order.
    fn prefix_terms(&self, prefix: &str) -> Result<Vec<PrefixTerm>> {
        let map = self.dictionary()?;
        let mut stream = map.search(Str::new(prefix).starts_with()).into_stream();
        let mut found = Vec::new();
        while let Some((key, term)) = stream.next() {
            if key.len() > prefix.len() && !is_stem_key(key) {
                let surface = String::from_utf8_lossy(key).into_owned();
                found.push(PrefixTerm {
                    term: term as u32,
                    info: self.term_info(term as u32)?,
                    surface,
                });
            }
            if found.len() >= MAX_PREFIX_SCAN {
                break;
            }
        }
        Ok(found)
    }

    /// Surface terms within the allowed edit distance of `surface` (of a
    /// beginning of them, while the word is being typed), closest first.
    fn typo_terms(&self, surface: &str, prefix: bool) -> Result<Vec<(u32, u32)>> {
        let letters = surface.chars().count();
        let max_distance = match letters {
            _ if surface.chars().any(|c| c.is_numeric()) => return Ok(Vec::new()),
            0..=4 => return Ok(Vec::new()),
            5..=8 => 1,
            _ => 2,
        };
        // The closest typos win: two edits are tried only when one finds
        // nothing, which also spares the wider walk of the dictionary.
        for distance in 1..=max_distance {
            let found = self.typos_within(surface, distance, prefix)?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    fn typos_within(
        &self,
        surface: &str,
        max_distance: u8,
        prefix: bool,
    ) -> Result<Vec<(u32, u32)>> {
        let Some(automaton) = Typos::new(surface, max_distance, prefix) else {
            return Ok(Vec::new());
        };
        let map = self.dictionary()?;
        let mut stream = map.search_with_state(automaton.clone()).into_stream();
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        for _ in 0..MAX_TYPO_SCAN {
            let Some((key, term, state)) = stream.next() else {
                break;
            };
            let distance = u32::from(automaton.distance(&state));
            if distance > 0 && !is_stem_key(key) {
                found.push((distance, term as u32, self.term_info(term as u32)?.doc_freq));
            }
        }
        // Closest first, then most frequent.
        sort::keep_first(&mut found, MAX_TYPO_TERMS, |a, b| {
            (a.0, b.2, a.1) < (b.0, a.2, b.1)
        });
        Ok(found
            .into_iter()
            .map(|(distance, term, _)| (term, distance))
            .collect())
    }

    /// Scores every clause over the documents, in `order`, and returns the
    /// per-document totals and the documents that have any. When `strict`,
    /// a clause scores only the documents that matched every clause before
    /// it: the answer when some document has every word, found cheaply.
    fn evaluate(
        &self,
        query: &Query,
        expansions: &[Vec<Expansion>],
        order: &[usize],
        strict: bool,
    ) -> Result<(Vec<Total>, Vec<u32>)> {
        let docs = self.doc_count() as usize;
        let mut totals = vec![Total::default(); docs];
        let mut touched: Vec<u32> = Vec::new();
        let mut matches = vec![ClauseMatch::default(); docs];
        let mut clause_touched: Vec<u32> = Vec::new();
        let mut required: Option<u32> = None;
        for &number in order {
            clause_touched.clear();
            let filter = required.map(|mask| Filter {
                totals: &totals,
                mask,
            });
            match &query.clauses[number] {
                Clause::Word { .. } => {
                    for expansion in &expansions[number] {
                        self.score_term(expansion, filter, &mut matches, &mut clause_touched)?;
                    }
                }
                Clause::Phrase { words, .. } => self.score_phrase(
                    words,
                    &expansions[number],
                    filter,
                    &mut matches,
                    &mut clause_touched,
                )?,
            }
            for &doc in &clause_touched {
                let found = std::mem::take(&mut matches[doc as usize]);
                let total = &mut totals[doc as usize];
                if total.mask == 0 {
                    touched.push(doc);
                }
                total.mask |= 1 << number;
                total.quality += found.quality;
                total.score += found.score;
            }
            if strict {
                required = Some(required.unwrap_or(0) | 1 << number);
            }
        }
        Ok((totals, touched))
    }

    /// Adds one term's BM25 contribution to each document holding it (that
    /// passes `filter`), keeping the best expansion per document.
    fn score_term(
        &self,
        expansion: &Expansion,
        filter: Option<Filter<'_>>,
        matches: &mut [ClauseMatch],
        touched: &mut Vec<u32>,
    ) -> Result<()> {
        let idf = self.idf(expansion.info.doc_freq) * expansion.weight;
        let mut bad = false;
        self.postings(expansion.info)?.for_each(|entry| {
            let doc = entry.doc as usize;
            if filter.is_some_and(|f| !f.passes(doc)) {
                return;
            }
            match (matches.get_mut(doc), self.weights.get(doc)) {
                (Some(slot), Some(&[title, body])) => {
                    let tf = entry.title_tf as f32 * title + entry.body_tf as f32 * body;
                    record(
                        slot,
                        touched,
                        entry.doc,
                        expansion.quality,
                        idf * saturate(tf),
                    );
                }
                _ => bad = true,
            }
        })?;
        if bad {
            return Err(BAD_DOC_NUMBER);
        }
        Ok(())
    }

    /// A phrase's words, each as its exact term; none if one is missing.
    fn phrase_terms(&self, words: &[(Term, u32)]) -> Result<Vec<Expansion>> {
        let map = self.dictionary()?;
        let mut expansions = Vec::with_capacity(words.len());
        for (term, _) in words {
            let Some(number) = map.get(&term.surface) else {
                return Ok(Vec::new());
            };
            let info = self.term_info(number as u32)?;
            expansions.push(Expansion {
                info,
                quality: Kind::Exact.quality(),
                weight: 1.0,
            });
        }
        Ok(expansions)
    }

    /// Finds the documents holding a phrase and scores it like one term.
    fn score_phrase(
        &self,
        words: &[(Term, u32)],
        terms: &[Expansion],
        filter: Option<Filter<'_>>,
        matches: &mut [ClauseMatch],
        touched: &mut Vec<u32>,
    ) -> Result<()> {
        if terms.len() != words.len() {
            return Ok(());
        }
        let lists = terms
            .iter()
            .zip(words)
            .map(|(t, (_, offset))| Ok((self.postings(t.info)?, *offset)))
            .collect::<Result<Vec<_>>>()?;
        // Walk the rarest word's documents; check the others with cursors.
        let Some(rarest) = lists.iter().map(|(l, _)| *l).min_by_key(|l| l.len()) else {
            return Ok(());
        };
        let mut candidates = Vec::with_capacity(rarest.len() as usize);
        rarest.for_each(|e| {
            if filter.is_none_or(|f| f.passes(e.doc as usize)) {
                candidates.push(e.doc)
            }
        })?;
        let mut cursors: Vec<_> = lists
            .iter()
            .map(|(l, offset)| (l.cursor(), *offset))
            .collect();
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        let mut positions: Vec<FieldPositions> = vec![Default::default(); cursors.len()];
        'docs: for doc in candidates {
            for ((cursor, _), (title, body)) in cursors.iter_mut().zip(positions.iter_mut()) {
                if !cursor.seek(doc, title, body)? {
                    continue 'docs;
                }
            }
            let count = |field: fn(&FieldPositions) -> &Vec<u32>| {
                field(&positions[0])
                    .iter()
                    .filter(|&&start| {
                        cursors
                            .iter()
                            .zip(&positions)
                            .skip(1)
                            .all(|((_, offset), p)| {
                                field(p).binary_search(&(start + offset)).is_ok()
                            })
                    })
                    .count() as u32
            };
            let (title_tf, body_tf) = (count(|p| &p.0), count(|p| &p.1));
            if title_tf + body_tf > 0 {
                found.push((doc, title_tf, body_tf));
            }
        }
        let idf = self.idf(found.len() as u32);
        for (doc, title_tf, body_tf) in found {
            let [title, body] = *self.weights.get(doc as usize).ok_or(BAD_DOC_NUMBER)?;
            let slot = matches.get_mut(doc as usize).ok_or(BAD_DOC_NUMBER)?;
            // A phrase says more than its words apart.
            let score = 1.5 * idf * saturate(title_tf as f32 * title + body_tf as f32 * body);
            record(slot, touched, doc, Kind::Exact.quality(), score);
        }
        Ok(())
    }

    /// The documents holding an excluded word (or its stem), sorted.
    fn excluded_docs(&self, query: &Query) -> Result<Vec<u32>> {
        let mut excluded = Vec::new();
        for term in &query.excluded {
            for expansion in self.expand(&term.surface, &term.stem, false)? {
                if expansion.quality >= Kind::Stem.quality() {
                    self.postings(expansion.info)?
                        .for_each(|e| excluded.push(e.doc))?;
                }
            }
        }
        sort::sort_by(&mut excluded, |a, b| a < b);
        excluded.dedup();
        Ok(excluded)
    }

    fn idf(&self, doc_freq: u32) -> f32 {
        let n = self.doc_count() as f32;
        let df = doc_freq as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// For each result, the body positions of every expansion it holds, each
    /// with its clause number, sorted. One cursor per expansion walks the
    /// results in document order, so each list is read at most once.
    fn match_positions(
        &self,
        results: &[(u32, Total, u32)],
        expansions: &[Vec<Expansion>],
    ) -> Result<Vec<Vec<(u32, u8)>>> {
        let mut order: Vec<usize> = (0..results.len()).collect();
        sort::sort_by(&mut order, |&a, &b| results[a].0 < results[b].0);
        let mut out = vec![Vec::new(); results.len()];
        let (mut title, mut body) = (Vec::new(), Vec::new());
        for (number, clause) in expansions.iter().enumerate() {
            for expansion in clause {
                let mut cursor = self.postings(expansion.info)?.cursor();
                for &i in &order {
                    let (doc, total, _) = results[i];
                    if total.mask & (1 << number) == 0 {
                        continue;
                    }
                    if cursor.seek(doc, &mut title, &mut body)? {
                        out[i].extend(body.iter().map(|&p| (p, number as u8)));
                    }
                }
            }
        }
        for positions in &mut out {
            sort::sort_by(positions, |a, b| a < b);
            positions.dedup();
        }
        Ok(out)
    }

    /// How a term is spelled where it first occurs, lowercased, without its
    /// elision: the folded dictionary key is not fit to show.
    fn spelling(&self, info: TermInfo, surface: &str) -> Result<Option<String>> {
        let list = self.postings(info)?;
        let Some(doc) = list.first_doc()? else {
            return Ok(None);
        };
        let (mut title, mut body) = (Vec::new(), Vec::new());
        list.cursor().seek(doc, &mut title, &mut body)?;
        let (text, first, position) = match (title.first(), body.first()) {
            (Some(&p), _) => (self.summary(doc)?.title, 0, p),
            (None, Some(&p)) => {
                let passage = self.passage(doc, p, p)?;
                (passage.text, passage.first_position, p)
            }
            (None, None) => return Ok(None),
        };
        let mut normalized = String::new();
        for token in self
            .analyzer
            .tokens_from(text, first)
            .filter(|t| t.position == position)
        {
            if self
                .analyzer
                .normalize_into(&text[token.start..token.end], &mut normalized)
                .is_some()
                && fold(&normalized) == surface
            {
                return Ok(Some(normalized));
            }
        }
        Ok(None)
    }
}

fn is_stem_key(key: &[u8]) -> bool {
    key.last() == Some(&STEM_MARK)
}

fn more_frequent(a: &PrefixTerm, b: &PrefixTerm) -> bool {
    (a.info.doc_freq, b.term) > (b.info.doc_freq, a.term)
}

/// A dictionary entry found by prefix.
#[derive(Debug)]
struct PrefixTerm {
    term: u32,
    info: TermInfo,
    surface: String,
}

/// A term's positions in one document: title, body.
type FieldPositions = (Vec<u32>, Vec<u32>);

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

/// BM25's saturation of a (field-weighted) term frequency.
fn saturate(tf: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1)
}

/// The weight of one occurrence in a document's title and in its body,
/// given each field's length relative to the corpus average: BM25's length
/// normalization, with the title boost. Computed once per document when an
/// index opens, so scoring a posting is a few multiplications.
pub(crate) fn field_weights(title_ratio: f32, body_ratio: f32) -> [f32; 2] {
    let norm = |ratio: f32| 1.0 - B + B * ratio;
    [TITLE_BOOST / norm(title_ratio), 1.0 / norm(body_ratio)]
}

fn record(slot: &mut ClauseMatch, touched: &mut Vec<u32>, doc: u32, quality: u16, score: f32) {
    if slot.quality == 0 {
        touched.push(doc);
    }
    if (quality, score) > (slot.quality, slot.score) {
        *slot = ClauseMatch { score, quality };
    }
}
