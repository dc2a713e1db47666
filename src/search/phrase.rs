//! Phrases: a clause's words at consecutive positions, in order.
//!
//! The rarest word's documents are walked, and each other word's positions
//! are only sought at those documents, so a phrase with one rare word costs
//! about as much as that word alone. A phrase scores like one word whose
//! impact in a document is its rarest word's, in the share of that word's
//! occurrences that the phrase accounts for, title ones weighing more (see
//! [`crate::bm25::phrase_impact`]).

use super::expand::Expansion;
use super::impacts::{for_each_impact, impact_lists, ALL_TIERS};
use super::query::{Clause, Query};
use crate::analysis::Term;
use crate::bm25::{dequantize, phrase_impact};
use crate::error::Result;
use crate::index::{Index, Needs};
use crate::postings::Positions;

/// Where a phrase occurs: each document and the phrase's impact there.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Occurrences {
    pub docs: Vec<(u32, f32)>,
}

/// For each clause, where it occurs if it is a phrase; `None` until the
/// pieces they need have arrived.
pub(super) fn all_occurrences<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    query: &Query,
    expansions: &[Vec<Expansion<'i>>],
    needs: &mut Needs,
) -> Result<Option<Vec<Option<Occurrences>>>> {
    let mut all = Vec::with_capacity(query.clauses.len());
    let mut complete = true;
    for (clause, terms) in query.clauses.iter().zip(expansions) {
        match clause {
            Clause::Phrase { words, .. } => match occurrences(index, words, terms, needs)? {
                Some(found) => all.push(Some(found)),
                None => {
                    complete = false;
                    all.push(None);
                }
            },
            Clause::Word { .. } => all.push(None),
        }
    }
    Ok(complete.then_some(all))
}

/// A term's positions in one document: title, body.
type FieldPositions = (Vec<u32>, Vec<u32>);

/// Where the phrase occurs. `words` are the phrase's words with their
/// offsets from the first; `terms` their exact forms, one per word.
fn occurrences<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    words: &[(Term, u32)],
    terms: &[Expansion<'i>],
    needs: &mut Needs,
) -> Result<Option<Occurrences>> {
    if terms.len() != words.len() || terms.is_empty() {
        return Ok(Some(Occurrences::default()));
    }
    let rarest = (0..terms.len())
        .min_by_key(|&i| (terms[i].form.doc_freq, i))
        .unwrap_or(0);
    // Per segment that holds the rarest word: its first document's number,
    // and every word's positions there (numbered within it); a segment
    // where some word is missing holds no occurrence.
    let mut segments = Vec::new();
    let mut complete = true;
    'segments: for part in terms[rarest].form.parts.iter() {
        let mut parts = Vec::with_capacity(terms.len());
        for term in terms {
            match term.form.parts.iter().find(|p| p.segment == part.segment) {
                Some(found) => parts.push(found.positions),
                None => continue 'segments,
            }
        }
        let mut lists = Vec::with_capacity(terms.len());
        for (at, (_, offset)) in parts.into_iter().zip(words) {
            match index.positions(at, needs)? {
                Some(list) => lists.push((list, *offset)),
                None => complete = false,
            }
        }
        segments.push((index.segment_base(part.segment)?, lists));
    }
    let impacts = impact_lists(index, &terms[rarest], ALL_TIERS, false, needs)?;
    let (Some(impacts), true) = (impacts, complete) else {
        return Ok(None);
    };
    let mut rarest_impacts: Vec<(u32, u8)> = Vec::new();
    for_each_impact(&impacts, |e| rarest_impacts.push((e.doc, e.impact)))?;
    crate::sort::sort_by(&mut rarest_impacts, |a, b| a < b);

    let mut found = Occurrences::default();
    for (base, lists) in segments {
        in_segment(&lists, rarest, base, &rarest_impacts, &mut found)?;
    }
    Ok(Some(found))
}

/// The phrase's occurrences in one segment, whose first document is
/// number `base`: `lists` are its words' positions there, with their
/// offsets from the first word; `rarest_impacts` the rarest word's
/// impacts, by document number in the index.
fn in_segment(
    lists: &[(Positions<'_>, u32)],
    rarest: usize,
    base: u32,
    rarest_impacts: &[(u32, u8)],
    found: &mut Occurrences,
) -> Result<()> {
    // Walk the rarest word's documents; check the others with cursors.
    let mut candidates = Vec::with_capacity(lists[rarest].0.len() as usize);
    lists[rarest].0.for_each(|e| candidates.push(e.doc))?;
    let mut cursors: Vec<_> = lists
        .iter()
        .map(|(list, offset)| (list.cursor(), *offset))
        .collect();
    let mut positions: Vec<FieldPositions> = vec![Default::default(); cursors.len()];
    'docs: for local in candidates {
        for ((cursor, _), (title, body)) in cursors.iter_mut().zip(positions.iter_mut()) {
            if !cursor.seek(local, title, body)? {
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
                            start
                                .checked_add(*offset)
                                .is_some_and(|at| field(p).binary_search(&at).is_ok())
                        })
                })
                .count() as u32
        };
        let phrase = [count(|p| &p.0), count(|p| &p.1)];
        let (title, body) = &positions[rarest];
        let word = [title.len() as u32, body.len() as u32];
        let doc = base.saturating_add(local);
        let impact = rarest_impacts
            .binary_search_by_key(&doc, |&(d, _)| d)
            .ok()
            .map(|at| rarest_impacts[at].1);
        if let (true, Some(impact)) = (phrase != [0, 0], impact) {
            found
                .docs
                .push((doc, phrase_impact(dequantize(impact), word, phrase)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::testing::index;
    use crate::SearchOptions;

    fn ids(index: &crate::Index<Vec<u8>>, query: &str) -> Vec<String> {
        let hits = index
            .search(query, &SearchOptions::default())
            .unwrap()
            .ready()
            .unwrap();
        hits.iter().map(|h| h.document.id.to_owned()).collect()
    }

    #[test]
    fn a_phrase_needs_its_words_in_order_and_together() {
        let index = index(&[
            ("phrase", "", "la grande guerre patriotique"),
            ("apart", "", "la guerre fut grande, et patriotique"),
            ("reversed", "", "patriotique guerre"),
        ]);
        assert_eq!(ids(&index, "\"guerre patriotique\""), ["phrase"]);
        assert_eq!(ids(&index, "\"patriotique guerre\""), ["reversed"]);
        assert_eq!(ids(&index, "\"guerre inconnue\""), Vec::<String>::new());
    }

    #[test]
    fn phrases_count_in_titles_and_bodies_and_over_hyphenated_parts() {
        let index = index(&[
            ("body", "Note", "un accord de libre-échange signé"),
            ("title", "Libre échange", "un accord signé"),
        ]);
        let mut found = ids(&index, "\"libre échange\"");
        found.sort();
        assert_eq!(found, ["body", "title"]);
    }
}
