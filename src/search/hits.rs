//! Step 5: the results as hits: each document's summary, the text block
//! that shows why it matched, and the words it lacks.

use super::candidate::Candidate;
use super::expand::Expansion;
use super::query::Query;
use super::snippet::{self, Passage};
use super::{Hit, SectionHit, MAX_SECTIONS};
use crate::error::Result;
use crate::format::docs::{Record, Section};
use crate::index::{Index, Needs};
use crate::sort;

/// The hits of ranked `results`, each with how near one another the
/// query's words lie in its passage ([`proximity`]); `None` until their
/// records (and, for long bodies, the right text blocks) have arrived.
pub(super) fn hits<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    query: &Query,
    results: &[Candidate],
    expansions: &[Vec<Expansion<'i>>],
    needs: &mut Needs,
) -> Result<Option<Vec<(Hit<'i>, u8)>>> {
    // Where each result's pieces lie (its document table), then which block
    // its snippet comes from, then its record and that block, together.
    let mut block_counts = Vec::with_capacity(results.len());
    for result in results {
        block_counts.push(index.doc_pieces(result.doc, needs)?.map(|p| p.block_count));
    }
    if !needs.is_empty() {
        return Ok(None);
    }
    let block_counts: Vec<u32> = block_counts.into_iter().flatten().collect();
    let Some(blocks) = best_blocks(index, results, &block_counts, expansions, needs)? else {
        return Ok(None);
    };
    let mut read = Vec::with_capacity(results.len());
    for (result, &block) in results.iter().zip(&blocks) {
        read.push(index.record_and_block(result.doc, block, needs)?);
    }
    if !needs.is_empty() {
        return Ok(None);
    }
    let clauses: Vec<Vec<&str>> = expansions
        .iter()
        .map(|clause| clause.iter().map(|e| e.surface.as_str()).collect())
        .collect();
    let mut hits = Vec::with_capacity(results.len());
    for ((result, read), block) in results.iter().zip(read).zip(blocks) {
        let Some((record, text, first_position)) = read else {
            continue;
        };
        let passage = Passage {
            text,
            first_position,
            at_start: block == 0,
            at_end: block + 1 == record.block_count(),
        };
        let matches = snippet::matches(&index.analyzer, &passage, &clauses);
        let sections = sections(index, &record, &passage, &matches, &clauses);
        let missing = query
            .clauses
            .iter()
            .enumerate()
            .filter(|&(number, _)| !result.matched(number))
            .map(|(_, clause)| clause.text().to_owned())
            .collect();
        let hit = Hit {
            document: crate::index::summary_of(&record),
            score: (result.total.score * 1000.0).round() / 1000.0,
            snippet: snippet::for_passage(&index.analyzer, &passage, &matches),
            missing,
            sections,
        };
        hits.push((hit, proximity(&matches, query.clauses.len())));
    }
    Ok(Some(hits))
}

/// The sections of a result that hold query words, best first: those
/// whose heading and text (in the passage read) hold the most clauses, then
/// whose heading holds the most, then the earliest; each with the snippet
/// of its text in the passage.
fn sections<'i, D: AsRef<[u8]>>(
    index: &Index<D>,
    record: &Record<'i>,
    passage: &Passage<'_>,
    matches: &[(u32, u8)],
    clauses: &[Vec<&str>],
) -> Vec<SectionHit<'i>> {
    let all: Vec<Section<'i>> = record.sections().collect();
    let mut found = Vec::new();
    for (number, section) in all.iter().enumerate() {
        let end = all.get(number + 1).map_or(u32::MAX, |next| next.position);
        let heading = Passage {
            text: section.heading,
            first_position: 0,
            at_start: true,
            at_end: true,
        };
        let named = clause_bits(snippet::matches(&index.analyzer, &heading, clauses));
        let inside = matches
            .iter()
            .filter(|&&(position, _)| (section.position..end).contains(&position));
        let held = named | clause_bits(inside.copied());
        if held != 0 {
            let rank = (
                held.count_ones(),
                named.count_ones(),
                std::cmp::Reverse(number),
            );
            found.push((rank, number, end));
        }
    }
    sort::sort_by(&mut found, |a, b| a.0 > b.0);
    found
        .into_iter()
        .take(MAX_SECTIONS)
        .map(|(_, number, end)| {
            let section = all[number];
            // The heading is shown above the snippet: the snippet starts
            // after it.
            let heading_words = index
                .analyzer
                .tokens(section.heading)
                .last()
                .map_or(0, |t| t.position + 1);
            SectionHit {
                heading: section.heading,
                url: link(record.url, section.anchor),
                snippet: snippet::for_span(
                    &index.analyzer,
                    passage,
                    matches,
                    section.position.saturating_add(heading_words),
                    end,
                ),
            }
        })
        .collect()
}

/// How near one another a passage holds a query's `clauses` (of two or
/// more): 3 when the shortest stretch holding them all is at most one word
/// longer than they are, 2 within three words a clause, 1 within a snippet;
/// 0 when the passage lacks one, or for a single clause.
fn proximity(matches: &[(u32, u8)], clauses: usize) -> u8 {
    if !(2..=32).contains(&clauses) {
        return 0;
    }
    let all = if clauses == 32 {
        u32::MAX
    } else {
        (1u32 << clauses) - 1
    };
    let mut shortest = u32::MAX;
    let mut counts = [0u32; 32];
    let mut held = 0u32;
    let mut from = 0;
    // The smallest window of matches holding every clause, by two pointers.
    for to in 0..matches.len() {
        let clause = usize::from(matches[to].1) % 32;
        counts[clause] += 1;
        held |= 1 << clause;
        while held & all == all {
            shortest = shortest.min(matches[to].0 - matches[from].0 + 1);
            let left = usize::from(matches[from].1) % 32;
            counts[left] -= 1;
            if counts[left] == 0 {
                held &= !(1 << left);
            }
            from += 1;
        }
    }
    let clauses = clauses as u32;
    match shortest {
        span if span <= clauses + 1 => 3,
        span if span <= 3 * clauses => 2,
        span if span <= snippet::SNIPPET_WORDS => 1,
        _ => 0,
    }
}

/// Bit `n` set when clause `n` is among `matches`.
fn clause_bits(matches: impl IntoIterator<Item = (u32, u8)>) -> u32 {
    matches
        .into_iter()
        .fold(0, |bits, (_, clause)| bits | 1 << (clause % 32))
}

/// The page's URL leading to `anchor` (its own fragment replaced), or the
/// page's own URL for a section without one. The anchor is an id as the
/// page writes it: what a fragment cannot hold is percent-encoded, which a
/// browser decodes before it looks for the id.
fn link(url: &str, anchor: &str) -> String {
    if anchor.is_empty() {
        return url.to_owned();
    }
    let page = url.split_once('#').map_or(url, |(page, _)| page);
    let mut out = String::with_capacity(page.len() + anchor.len() + 1);
    out.push_str(page);
    out.push('#');
    for c in anchor.chars() {
        if c.is_ascii_control() || matches!(c, ' ' | '"' | '<' | '>' | '`' | '%' | '#') {
            // By hand: `format!` would bring the formatting machinery into
            // the browser module.
            let byte = c as u8;
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        } else {
            out.push(c);
        }
    }
    out
}

/// For each result, the text block its snippet comes from: the block that
/// holds the most clauses (the first of those), block 0 for a body of one
/// block. The heads tell which blocks hold a word, and only they: reading
/// a word's tail for this alone would cost more than the results, and
/// both layouts must choose alike.
fn best_blocks<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    results: &[Candidate],
    block_counts: &[u32],
    expansions: &[Vec<Expansion<'i>>],
    needs: &mut Needs,
) -> Result<Option<Vec<u32>>> {
    // (document, result) for the results whose body has several blocks.
    let mut long: Vec<(u32, usize)> = results
        .iter()
        .zip(block_counts)
        .enumerate()
        .filter(|(_, (_, &count))| count > 1)
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
            for part in expansion.form.parts.iter() {
                let Some(head) = index.head(part.segment, part.head, needs)? else {
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
    }
    if !complete {
        return Ok(None);
    }
    for ((_, result), clause_masks) in long.iter().zip(masks) {
        let count = block_counts[*result].min(64);
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

#[cfg(test)]
mod tests {
    use super::link;

    #[test]
    fn words_together_are_nearer_than_words_apart() {
        use super::proximity;
        assert_eq!(proximity(&[(4, 0), (5, 1)], 2), 3);
        assert_eq!(proximity(&[(4, 0), (6, 1)], 2), 3);
        assert_eq!(proximity(&[(4, 0), (9, 1)], 2), 2);
        assert_eq!(proximity(&[(4, 0), (30, 1)], 2), 1);
        assert_eq!(proximity(&[(4, 0), (300, 1)], 2), 0);
        // The nearest pair counts, wherever it is.
        assert_eq!(proximity(&[(1, 0), (90, 1), (200, 0), (201, 1)], 2), 3);
        // A clause missing from the passage, or a single clause: no say.
        assert_eq!(proximity(&[(4, 0), (5, 0)], 2), 0);
        assert_eq!(proximity(&[(4, 0)], 1), 0);
    }

    #[test]
    fn a_section_link_replaces_the_page_s_fragment_and_encodes_what_needs_it() {
        assert_eq!(link("/a.html", "intro"), "/a.html#intro");
        assert_eq!(link("/a.html#top", "intro"), "/a.html#intro");
        assert_eq!(link("/a.html", ""), "/a.html");
        assert_eq!(link("/a.html", "a b\"%"), "/a.html#a%20b%22%25");
        assert_eq!(
            link("/a.html", "coopération-nucléaire"),
            "/a.html#coopération-nucléaire"
        );
    }

    /// The rounds of pieces a split index asks for before answering
    /// `query`, each round's locations.
    fn rounds(query: &str) -> Vec<Vec<crate::format::Location>> {
        use crate::builder::BLOCK_WORDS;
        use crate::testing::{serve, split};
        let mut builder = crate::IndexBuilder::new(crate::Language::French).unwrap();
        // A body of three blocks, "bleu" in the first and "vert" in the third.
        let filler = "texte ".repeat(BLOCK_WORDS as usize);
        let body = format!("bleu {filler}{filler}vert fin");
        for (id, body) in [("long", body.as_str()), ("court", "rien ici")] {
            builder
                .add(&crate::Document {
                    id: id.into(),
                    url: format!("/{id}.html"),
                    body: body.into(),
                    ..crate::Document::default()
                })
                .unwrap();
        }
        let (mut index, file) = split(&builder);
        let mut rounds = Vec::new();
        loop {
            let needs = index
                .search(query, &crate::SearchOptions::default())
                .unwrap()
                .needs();
            if needs.is_empty() {
                return rounds;
            }
            assert!(rounds.len() < 8, "{query}: the search keeps asking");
            serve(&file, &mut index, &needs);
            rounds.push(needs);
        }
    }

    #[test]
    fn a_record_and_the_block_its_snippet_needs_come_in_one_round() {
        let first = rounds("bleu");
        let third = rounds("vert");
        assert_eq!(third.len(), first.len(), "{third:?} against {first:?}");
        // The last round holds the record and the block: a long body's
        // blocks, the first included, are pieces of their own.
        assert_eq!(first.last().unwrap().len(), 2);
        assert_eq!(third.last().unwrap().len(), 2);
        assert_ne!(first.last(), third.last());
    }
}
