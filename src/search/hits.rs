//! Step 5: the results as hits: each document's summary, the text block
//! that shows why it matched, and the words it lacks.

use super::candidate::Candidate;
use super::expand::Expansion;
use super::query::Query;
use super::snippet::{self, Passage};
use super::Hit;
use crate::error::Result;
use crate::index::{Index, Needs};
use crate::sort;

/// The hits of ranked `results`; `None` until their records (and, for long
/// bodies, the right text blocks) have arrived.
pub(super) fn hits<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    query: &Query,
    results: &[Candidate],
    expansions: &[Vec<Expansion<'i>>],
    needs: &mut Needs,
) -> Result<Option<Vec<Hit<'i>>>> {
    let mut records = Vec::with_capacity(results.len());
    for result in results {
        records.push(index.record(result.doc, needs)?);
    }
    if !needs.is_empty() {
        return Ok(None);
    }
    let records: Vec<_> = records.into_iter().flatten().collect();
    let blocks = best_blocks(index, results, &records, expansions, needs)?;
    let Some(blocks) = blocks else {
        return Ok(None);
    };
    let clauses: Vec<Vec<&str>> = expansions
        .iter()
        .map(|clause| clause.iter().map(|e| e.surface.as_str()).collect())
        .collect();
    let mut hits = Vec::with_capacity(results.len());
    for ((result, (record, _)), block) in results.iter().zip(&records).zip(blocks) {
        let Some((text, first_position)) = index.block(result.doc, block, needs)? else {
            continue;
        };
        let passage = Passage {
            text,
            first_position,
            at_start: block == 0,
            at_end: block + 1 == record.block_count(),
        };
        let matches = snippet::matches(&index.analyzer, &passage, &clauses);
        let missing = query
            .clauses
            .iter()
            .enumerate()
            .filter(|&(number, _)| !result.matched(number))
            .map(|(_, clause)| clause.text().to_owned())
            .collect();
        hits.push(Hit {
            document: crate::document::Summary {
                id: record.id,
                title: record.title,
                url: record.url,
                date: record.date,
            },
            score: (result.total.score * 1000.0).round() / 1000.0,
            snippet: snippet::for_passage(&index.analyzer, &passage, &matches),
            missing,
        });
    }
    if !needs.is_empty() {
        return Ok(None);
    }
    Ok(Some(hits))
}

/// For each result, the text block its snippet comes from: the block that
/// holds the most clauses (the first of those), block 0 for a body of one
/// block. The heads tell which blocks hold a word, and only they: reading
/// a word's tail for this alone would cost more than the results, and
/// both layouts must choose alike.
fn best_blocks<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    results: &[Candidate],
    records: &[(crate::format::docs::Record<'i>, crate::format::Location)],
    expansions: &[Vec<Expansion<'i>>],
    needs: &mut Needs,
) -> Result<Option<Vec<u32>>> {
    // (document, result) for the results whose body has several blocks.
    let mut long: Vec<(u32, usize)> = results
        .iter()
        .zip(records)
        .enumerate()
        .filter(|(_, (_, (record, _)))| record.block_count() > 1)
        .map(|(i, (result, _))| (result.doc, i))
        .collect();
    let mut blocks = vec![0u32; results.len()];
    if long.is_empty() {
        return Ok(Some(blocks));
    }
    sort::sort_by(&mut long, |a, b| a < b);
    // Per long result, per clause: the blocks that hold it.
    let mut masks = vec![vec![0u64; expansions.len()]; long.len()];
    let mut complete = true;
    for (number, clause) in expansions.iter().enumerate() {
        for expansion in clause {
            let Some(head) = index.head(expansion.form.head, needs)? else {
                complete = false;
                continue;
            };
            head.for_each(|entry| {
                if let Ok(at) = long.binary_search_by_key(&entry.doc, |&(doc, _)| doc) {
                    masks[at][number] |= entry.blocks;
                }
            })?;
        }
    }
    if !complete {
        return Ok(None);
    }
    for ((_, result), clause_masks) in long.iter().zip(masks) {
        let count = records[*result].0.block_count().min(64);
        let best = (0..count)
            .max_by_key(|&b| {
                let clauses = clause_masks.iter().filter(|&&m| m & (1 << b) != 0).count();
                (clauses, std::cmp::Reverse(b))
            })
            .unwrap_or(0);
        blocks[*result] = best;
    }
    Ok(Some(blocks))
}
