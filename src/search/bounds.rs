//! Settling a ranking from postings heads alone.
//!
//! A frequent word's postings are a head (the documents where it weighs
//! most) and a tail whose every impact is at most the tail's maximum (see
//! [`crate::postings`]). In the split layout a tail is a piece of its own,
//! often the largest a query could need. So a search first ranks with the
//! heads only, then asks whether the tails could change its first `limit`
//! results: whether any document could, with what the tails may add, reach
//! or pass the last of them, or a result itself be worth more than the heads
//! say. Only then are the tails read. The answer is the same either way:
//! the heads settle a ranking only when no tail could change it.
//!
//! The bounds: a clause's value in a document is its best expansion there,
//! as (tier, score), compared by tier first, with every field (title,
//! heading) any expansion is in there; from a tail, at most the best of its
//! forms' (tier, maximum impact times idf and weight), in any field its
//! entries are in (see [`crate::format::terms::Tail`]). A document seen in
//! the heads can at best take the merge of what it was seen with and what
//! the tails allow, clause by clause; a document seen nowhere, what the
//! tails allow. Summed, such values bound the ranking's keys one by one,
//! which bounds the ranking (see [`super::candidate`]).

use super::candidate::{Candidate, ClauseMatch, Total, BAD_DOC_NUMBER};
use super::expand::Expansion;
use super::impacts::for_each_impact;
use super::Sort;
use crate::bm25::{dequantize, idf};
use crate::error::Result;
use crate::index::Index;
use crate::postings::Impacts;
use crate::sort;

/// Bounds are compared with this margin, so that floating-point sums taken
/// in another order never settle a tie the wrong way.
const MARGIN: f32 = 1.0001;

/// The candidates, if the heads settle the first `limit` of them; `None`
/// when the tails must be read. `heads` holds each expansion's head and the
/// first `tiers_first` tiers of its tail; the bounds stand for the tiers
/// left. `order` is the order clauses are summed in;
/// `admits` says which documents the options (dates, filters, ranges) keep:
/// leaving documents out only lowers what the heads must beat, so the
/// bounds hold.
pub(super) fn settled<D: AsRef<[u8]>>(
    index: &Index<D>,
    expansions: &[Vec<Expansion<'_>>],
    heads: &[Vec<Vec<Impacts<'_>>>],
    tiers_first: impl Fn(&Expansion<'_>) -> usize,
    order: &[usize],
    limit: usize,
    admits: impl Fn(u32) -> bool,
) -> Result<Option<Vec<Candidate>>> {
    let clauses = expansions.len();
    let doc_count = index.doc_count();
    let live = index.live_count();
    // Per clause and expansion, the best value the tiers of its tail left
    // unread could give a document that what was read does not hold (a
    // form's head and tiers hold different documents).
    let tails: Vec<Vec<Option<ClauseMatch>>> = expansions
        .iter()
        .map(|clause| {
            clause
                .iter()
                .map(|e| {
                    let idf = idf(live, e.form.doc_freq) * e.weight;
                    // A document lies in one segment: the bound over every
                    // segment's tiers holds for each.
                    let mut bound: Option<ClauseMatch> = None;
                    for part in e.form.parts.iter() {
                        for tier in part.tail.into_iter().skip(tiers_first(e)) {
                            let tier = ClauseMatch {
                                quality: e.quality,
                                score: idf * dequantize(tier.max),
                                fields: e.naming(tier.fields),
                            };
                            bound = Some(bound.map_or(tier, |b| b.merge(tier)));
                        }
                    }
                    bound
                })
                .collect()
        })
        .collect();
    // What the tails of clause `number` could give a document whose heads
    // of the expansions in `seen` (bit `e`) hold it.
    let tail_bound = |number: usize, seen: u64| {
        tails[number]
            .iter()
            .enumerate()
            .filter(|&(e, _)| e >= 64 || seen & 1 << e == 0)
            .filter_map(|(_, bound)| *bound)
            .reduce(ClauseMatch::merge)
    };

    // Every document the heads hold (`docs`, in the order first seen), with
    // its value clause by clause and the expansions whose heads hold it
    // (`seen`, `clauses` a document). A slot a document, found by number:
    // heads hold thousands of entries, and sorting them cost more than all
    // the rest of a query.
    let mut slot_of = vec![u32::MAX; doc_count as usize];
    let mut docs: Vec<u32> = Vec::new();
    let mut seen: Vec<Seen> = Vec::new();
    let mut bad = false;
    for (number, (clause, heads)) in expansions.iter().zip(heads).enumerate() {
        for (e, (expansion, lists)) in clause.iter().zip(heads).enumerate() {
            let idf = idf(live, expansion.form.doc_freq) * expansion.weight;
            for_each_impact(lists, |entry| {
                let Some(slot) = slot_of.get_mut(entry.doc as usize) else {
                    bad = true;
                    return;
                };
                if *slot == u32::MAX {
                    *slot = docs.len() as u32;
                    docs.push(entry.doc);
                    seen.extend(std::iter::repeat_n(Seen::default(), clauses));
                }
                let into = &mut seen[*slot as usize * clauses + number];
                into.value = merge(
                    into.value,
                    Some(ClauseMatch {
                        quality: expansion.quality,
                        score: idf * dequantize(entry.impact),
                        fields: expansion.naming(entry.fields),
                    }),
                );
                into.expansions |= if e < 64 { 1 << e } else { 0 };
            })?;
        }
    }
    if bad {
        return Err(BAD_DOC_NUMBER);
    }
    let values_at = |slot: usize| &seen[slot * clauses..(slot + 1) * clauses];

    // The documents with every clause, their totals summed as `evaluate`
    // sums them, ranked.
    let total_of = |values: &[Option<ClauseMatch>]| {
        let mut total = Total::default();
        for &number in order {
            if let Some(value) = values[number] {
                total.add(number, value);
            }
        }
        total
    };
    let values_of = |values: &[Seen]| values.iter().map(|v| v.value).collect::<Vec<_>>();
    let found: Vec<Candidate> = docs
        .iter()
        .enumerate()
        .filter(|&(slot, doc)| values_at(slot).iter().all(|v| v.value.is_some()) && admits(*doc))
        .map(|(slot, doc)| Candidate {
            doc: *doc,
            total: total_of(&values_of(values_at(slot))),
            order_key: 0,
        })
        .collect();
    if found.is_empty() {
        return Ok(None);
    }
    // The first `limit` in order; the caller ranks them all again.
    let mut first = found.clone();
    sort::keep_first(&mut first, limit, |a, b| {
        a.rank(&Sort::Relevance) > b.rank(&Sort::Relevance)
    });
    let kept = first.len();
    let last = first[kept - 1];

    // What a document could be worth: clause by clause, the merge of what
    // the heads hold and what the tails of the other expansions allow; and
    // whether that is its value already (no tail can add to it).
    let bound = |values: &[Seen]| -> Option<(Vec<Option<ClauseMatch>>, bool)> {
        let mut bounds = Vec::with_capacity(clauses);
        let mut known = true;
        for (number, seen) in values.iter().enumerate() {
            let tail = tail_bound(number, seen.expansions);
            let bound = merge(seen.value, tail)?;
            known &= seen.value.is_some_and(|v| {
                tail.is_none_or(|t| {
                    (t.quality < v.quality
                        || (t.quality == v.quality && t.score * MARGIN < v.score))
                        && v.fields.widen(t.fields) == v.fields
                })
            });
            bounds.push(Some(bound));
        }
        Some((bounds, known))
    };

    // A result's own value must be final: no tail can add to a clause of
    // it, in score or in fields.
    for result in &first {
        let values = values_at(slot_of[result.doc as usize] as usize);
        if !bound(values).is_some_and(|(_, known)| known) {
            return Ok(None);
        }
    }

    // No other document may reach the last result (or, with fewer results
    // than asked for, become one at all).
    let full = kept == limit;
    let last_keys = last.total.keys(&Sort::Relevance, 0);
    let outranks = |doc: Option<u32>, values: &[Seen]| -> bool {
        let Some((bounds, known)) = bound(values) else {
            return false;
        };
        if !full {
            return true;
        }
        let total = total_of(&bounds);
        match doc {
            // Summed as the results' were (same values, same order), and a
            // tie goes to the newer document, as ranking does.
            Some(doc) if known => {
                let candidate = Candidate {
                    doc,
                    total,
                    order_key: 0,
                };
                candidate.rank(&Sort::Relevance) > last.rank(&Sort::Relevance)
            }
            _ => {
                let keys = total.keys(&Sort::Relevance, 0);
                keys > last_keys || (keys == last_keys && total.score * MARGIN >= last.total.score)
            }
        }
    };
    let results: Vec<u32> = first.iter().map(|c| c.doc).collect();
    for (slot, doc) in docs.iter().enumerate() {
        if !results.contains(doc) && outranks(Some(*doc), values_at(slot)) {
            return Ok(None);
        }
    }
    // A document in no head at all.
    if docs.len() < live as usize && outranks(None, &vec![Seen::default(); clauses]) {
        return Ok(None);
    }
    #[cfg(test)]
    SETTLED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(Some(found))
}

/// How many rankings the heads settled, for tests to see the bounds work.
#[cfg(test)]
pub(super) static SETTLED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What the heads hold of a clause in a document: its value there, and
/// which of the clause's expansions (bit `e`, the first 64) hold it.
#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    value: Option<ClauseMatch>,
    expansions: u64,
}

/// The merge of two values, either of which may be missing.
fn merge(a: Option<ClauseMatch>, b: Option<ClauseMatch>) -> Option<ClauseMatch> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.merge(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

#[cfg(test)]
mod tests {
    use crate::index::Answer;
    use crate::{Document, Index, IndexBuilder, Language, SearchOptions};

    /// A corpus where a few words are in most documents, with impacts that
    /// vary (document lengths and counts differ).
    fn corpus() -> Vec<Document> {
        let words = [
            "paix",
            "accord",
            "russie",
            "vietnam",
            "énergie",
            "nucléaire",
            "visite",
            "commerce",
        ];
        let others = [
            "rapport", "sommet", "bilan", "dossier", "analyse", "semaine", "annonce", "réunion",
        ];
        let mut next = crate::testing::xorshift(7);
        (0..400)
            .map(|n| {
                let body: Vec<&str> = (0..3 + next(40))
                    .map(|_| words[next(words.len()).min(next(words.len()))])
                    .collect();
                // Titles of a few words, a query word in one of four.
                let mut title: Vec<&str> = (0..2 + next(3))
                    .map(|_| others[next(others.len())])
                    .collect();
                if next(4) == 0 {
                    title.insert(next(title.len()), words[next(words.len())]);
                }
                Document {
                    id: format!("d{n}"),
                    title: title.join(" "),
                    body: body.join(" "),
                    filters: vec![("section".into(), ["a", "b", "c"][n % 3].into())],
                    numbers: vec![("n".into(), n.to_string())],
                    ..Document::default()
                }
            })
            .collect()
    }

    fn builder(head_docs: usize) -> IndexBuilder {
        let mut builder = IndexBuilder::new(Language::French).unwrap();
        builder.head_docs(head_docs);
        for doc in corpus() {
            builder.add(&doc).unwrap();
        }
        builder
    }

    fn build(head_docs: usize) -> Index<Vec<u8>> {
        Index::open(builder(head_docs).finish()).unwrap()
    }

    #[test]
    fn heads_never_change_the_answer() {
        // Tiny heads: most words have a tail, and the bounds are tried on
        // every query; huge heads: no tail, every list read whole. Split
        // and asked for early answers, the same tiny heads are read with
        // the first tiers of their tails for three or four common words.
        let (headed, whole) = (build(16), build(100_000));
        let (mut split, file) = crate::testing::split(&builder(16));
        let mut settled = 0;
        let mut filtered_by_heads = 0;
        let before = super::SETTLED.load(std::sync::atomic::Ordering::Relaxed);
        for query in [
            "paix",
            "paix accord",
            "russie vietnam ",
            "énergie nucléaire",
            "visite commerce paix",
            "paix accord russie",
            "paix accord russie vietnam",
            "nucl",
            "acc",
            "pai",
            "v",
            "russie v",
            "paix accord russie vietnam énergie",
        ] {
            for limit in [1, 3, 10, 50] {
                // Filters and ranges leave documents out of the heads too.
                let section = |mode: &str| {
                    let mut filters = Vec::new();
                    crate::Filter::add(&mut filters, "section", mode, "a").unwrap();
                    filters
                };
                let chosen = [
                    SearchOptions::default(),
                    SearchOptions {
                        filters: section("any"),
                        ..SearchOptions::default()
                    },
                    SearchOptions {
                        filters: section("none"),
                        ranges: vec![crate::NumberRange {
                            field: "n".into(),
                            min: Some(crate::Bound::Number(100.0)),
                            max: None,
                        }],
                        ..SearchOptions::default()
                    },
                ];
                for options in chosen {
                    let options = SearchOptions { limit, ..options };
                    let before = super::SETTLED.load(std::sync::atomic::Ordering::Relaxed);
                    let a = headed
                        .search(query, &options)
                        .unwrap()
                        .into_ready()
                        .unwrap();
                    let b = whole.search(query, &options).unwrap().into_ready().unwrap();
                    assert_eq!(a, b, "{query:?}, limit {limit}, {options:?}");
                    let early = SearchOptions {
                        early: true,
                        ..options.clone()
                    };
                    loop {
                        let more = match split.search(query, &early).unwrap() {
                            Answer::Ready(_) => break,
                            Answer::Need(more) | Answer::Early { settle: more, .. } => more,
                        };
                        crate::testing::serve(&file, &mut split, &more);
                    }
                    let c = split.search(query, &early).unwrap().into_ready().unwrap();
                    assert_eq!(c, b, "split, {query:?}, limit {limit}, {options:?}");
                    settled += usize::from(!a.is_empty());
                    if options.chooses() {
                        filtered_by_heads +=
                            super::SETTLED.load(std::sync::atomic::Ordering::Relaxed) - before;
                    }
                }
            }
        }
        assert!(settled > 90);
        let by_heads = super::SETTLED.load(std::sync::atomic::Ordering::Relaxed) - before;
        assert!(by_heads >= 10, "the heads settled only {by_heads} rankings");
        assert!(
            filtered_by_heads >= 3,
            "the heads settled only {filtered_by_heads} filtered rankings"
        );
    }
}
