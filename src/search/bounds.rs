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
//! as (tier, score), compared by tier first; from a tail, at most the best
//! of its forms' (tier, maximum impact times idf and weight). A document
//! seen in the heads can at best take the better of what it was seen with
//! and what the tails allow, clause by clause; a document seen nowhere,
//! what the tails allow.

use super::candidate::{Candidate, Total};
use super::expand::Expansion;
use super::filters::DocRanges;
use super::Sort;
use crate::bm25::{dequantize, idf};
use crate::error::Result;
use crate::index::Index;
use crate::postings::Impacts;
use crate::sort;

/// What a clause is worth in a document: (tier, score).
type Value = (u16, f32);

/// Bounds are compared with this margin, so that floating-point sums taken
/// in another order never settle a tie the wrong way.
const MARGIN: f32 = 1.0001;

/// The candidates, if the heads settle the first `limit` of them; `None`
/// when the tails must be read. `order` is the order clauses are summed in.
pub(super) fn settled<D: AsRef<[u8]>>(
    index: &Index<D>,
    expansions: &[Vec<Expansion<'_>>],
    heads: &[Vec<Impacts<'_>>],
    order: &[usize],
    limit: usize,
    range: Option<&DocRanges>,
) -> Result<Option<Vec<Candidate>>> {
    let clauses = expansions.len();
    let doc_count = index.doc_count();
    // Per clause, the best value its tails could give a document.
    let tails: Vec<Option<Value>> = expansions
        .iter()
        .map(|clause| {
            clause
                .iter()
                .filter_map(|e| {
                    let (max, _) = e.form.tail?;
                    Some((
                        e.quality,
                        idf(doc_count, e.form.doc_freq) * e.weight * dequantize(max),
                    ))
                })
                .reduce(|a, b| if (b.0, b.1) > (a.0, a.1) { b } else { a })
        })
        .collect();

    // Every document the heads hold, with its value clause by clause.
    let mut seen: Vec<(u32, Vec<Option<Value>>)> = Vec::new();
    for (number, (clause, heads)) in expansions.iter().zip(heads).enumerate() {
        for (expansion, head) in clause.iter().zip(heads) {
            let idf = idf(doc_count, expansion.form.doc_freq) * expansion.weight;
            head.for_each(|entry| {
                let mut values = vec![None; clauses];
                values[number] = Some((expansion.quality, idf * dequantize(entry.impact)));
                seen.push((entry.doc, values));
            })?;
        }
    }
    sort::sort_by(&mut seen, |a, b| a.0 < b.0);
    let mut docs: Vec<(u32, Vec<Option<Value>>)> = Vec::new();
    for (doc, values) in seen {
        match docs.last_mut() {
            Some((last, merged)) if *last == doc => {
                for (into, value) in merged.iter_mut().zip(values) {
                    *into = best(*into, value);
                }
            }
            _ => docs.push((doc, values)),
        }
    }

    // The documents with every clause, their totals summed as `evaluate`
    // sums them, ranked.
    let mut found: Vec<Candidate> = docs
        .iter()
        .filter(|(doc, values)| {
            values.iter().all(Option::is_some) && range.is_none_or(|r| r.admits(*doc))
        })
        .map(|(doc, values)| {
            let mut total = Total::default();
            for &number in order {
                if let Some((quality, score)) = values[number] {
                    total.mask |= 1 << number;
                    total.quality += quality;
                    total.score += score;
                }
            }
            Candidate {
                doc: *doc,
                total,
                date_key: 0,
            }
        })
        .collect();
    if found.is_empty() {
        return Ok(None);
    }
    sort::sort_by(&mut found, |a, b| {
        a.rank(Sort::Relevance) > b.rank(Sort::Relevance)
    });
    let kept = limit.min(found.len());
    let last = found[kept - 1].total;

    // A result's own value must be final: no tail can beat a clause of it.
    for result in &found[..kept] {
        let values = &docs[docs.partition_point(|(d, _)| *d < result.doc)].1;
        for (number, clause) in expansions.iter().enumerate() {
            let Some(value) = values[number] else {
                return Ok(None);
            };
            let beaten = clause.iter().any(|e| {
                e.form.tail.is_some_and(|(max, _)| {
                    let bound = (
                        e.quality,
                        idf(doc_count, e.form.doc_freq) * e.weight * dequantize(max),
                    );
                    bound.0 > value.0 || (bound.0 == value.0 && bound.1 * MARGIN >= value.1)
                })
            });
            if beaten {
                return Ok(None);
            }
        }
    }

    // No other document may reach the last result (or, with fewer results
    // than asked for, become one at all).
    let full = kept == limit;
    let last_doc = found[kept - 1].doc;
    let outranks = |doc: Option<u32>, values: &[Option<Value>]| -> bool {
        let mut quality = 0u16;
        let mut score = 0f32;
        // Whether the value is known: every clause seen, none that a tail
        // could better. Then it is summed as the results' were (same
        // values, same order), and a tie goes to the newer document, as
        // ranking does.
        let mut known = doc.is_some();
        // A clause is worth its best expansion, by tier then score: at most
        // the better of what was seen and what the tails allow. Summed, such
        // bounds bound the sums in the same order.
        for &number in order {
            let (value, tail) = (values[number], tails[number]);
            let Some((tier, value_or_bound)) = best(value, tail) else {
                return false;
            };
            known &= value.is_some_and(|(q, v)| {
                tail.is_none_or(|(tail_q, tail_v)| {
                    tail_q < q || (tail_q == q && tail_v * MARGIN < v)
                })
            });
            quality += tier;
            score += value_or_bound;
        }
        if !full {
            return true;
        }
        match doc {
            Some(doc) if known => {
                (quality, score, u32::MAX - doc) > (last.quality, last.score, u32::MAX - last_doc)
            }
            _ => {
                quality > last.quality || (quality == last.quality && score * MARGIN >= last.score)
            }
        }
    };
    let results: Vec<u32> = found[..kept].iter().map(|c| c.doc).collect();
    for (doc, values) in &docs {
        if !results.contains(doc) && outranks(Some(*doc), values) {
            return Ok(None);
        }
    }
    // A document in no head at all.
    if docs.len() < doc_count as usize && outranks(None, &vec![None; clauses]) {
        return Ok(None);
    }
    #[cfg(test)]
    SETTLED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(Some(found))
}

/// How many rankings the heads settled, for tests to see the bounds work.
#[cfg(test)]
pub(super) static SETTLED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The better of two values (by tier, then score).
fn best(a: Option<Value>, b: Option<Value>) -> Option<Value> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if (b.0, b.1) > (a.0, a.1) { b } else { a }),
        (a, None) => a,
        (None, b) => b,
    }
}

#[cfg(test)]
mod tests {
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
        let mut next = crate::testing::xorshift(7);
        (0..400)
            .map(|n| {
                let body: Vec<&str> = (0..3 + next(40))
                    .map(|_| words[next(words.len()).min(next(words.len()))])
                    .collect();
                Document {
                    id: format!("d{n}"),
                    title: words[next(words.len())].to_owned(),
                    body: body.join(" "),
                    ..Document::default()
                }
            })
            .collect()
    }

    fn build(head_docs: usize) -> Index<Vec<u8>> {
        let mut builder = IndexBuilder::new(Language::French).unwrap();
        builder.head_docs(head_docs);
        for doc in corpus() {
            builder.add(&doc).unwrap();
        }
        Index::open(builder.finish()).unwrap()
    }

    #[test]
    fn heads_never_change_the_answer() {
        // Tiny heads: most words have a tail, and the bounds are tried on
        // every query; huge heads: no tail, every list read whole.
        let (headed, whole) = (build(8), build(100_000));
        let mut settled = 0;
        let before = super::SETTLED.load(std::sync::atomic::Ordering::Relaxed);
        for query in [
            "paix",
            "paix accord",
            "russie vietnam ",
            "énergie nucléaire",
            "visite commerce paix",
            "nucl",
            "acc",
            "pai",
            "v",
            "russie v",
            "paix accord russie vietnam énergie",
        ] {
            for limit in [1, 3, 10, 50] {
                let options = SearchOptions {
                    limit,
                    ..SearchOptions::default()
                };
                let a = headed
                    .search(query, &options)
                    .unwrap()
                    .into_ready()
                    .unwrap();
                let b = whole.search(query, &options).unwrap().into_ready().unwrap();
                assert_eq!(a, b, "{query:?}, limit {limit}");
                settled += usize::from(!a.is_empty());
            }
        }
        assert!(settled > 30);
        let by_heads = super::SETTLED.load(std::sync::atomic::Ordering::Relaxed) - before;
        assert!(by_heads >= 10, "the heads settled only {by_heads} rankings");
    }
}
