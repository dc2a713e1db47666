//! Phrases: a clause's words at consecutive positions, in order.
//!
//! The rarest word's documents are walked, and each other word's postings
//! are only sought at those documents, so a phrase with one rare word costs
//! about as much as that word alone.

use super::expand::Expansion;
use crate::analysis::Term;
use crate::error::Result;
use crate::index::Index;

/// A term's positions in one document: title, body.
type FieldPositions = (Vec<u32>, Vec<u32>);

/// The documents (that `keep` keeps) where the phrase occurs, with how
/// often in the title and in the body. `words` are the phrase's words with
/// their offsets from the first; `terms` their exact terms, one per word.
pub(super) fn occurrences<D: AsRef<[u8]>>(
    index: &Index<D>,
    words: &[(Term, u32)],
    terms: &[Expansion],
    keep: impl Fn(u32) -> bool,
) -> Result<Vec<(u32, u32, u32)>> {
    if terms.len() != words.len() {
        return Ok(Vec::new());
    }
    let lists = terms
        .iter()
        .zip(words)
        .map(|(t, (_, offset))| Ok((index.postings(t.info)?, *offset)))
        .collect::<Result<Vec<_>>>()?;
    // Walk the rarest word's documents; check the others with cursors.
    let Some(rarest) = lists.iter().map(|(l, _)| *l).min_by_key(|l| l.len()) else {
        return Ok(Vec::new());
    };
    let mut candidates = Vec::with_capacity(rarest.len() as usize);
    rarest.for_each(|e| {
        if keep(e.doc) {
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
                        .all(|((_, offset), p)| field(p).binary_search(&(start + offset)).is_ok())
                })
                .count() as u32
        };
        let (title_tf, body_tf) = (count(|p| &p.0), count(|p| &p.1));
        if title_tf + body_tf > 0 {
            found.push((doc, title_tf, body_tf));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use crate::testing::index;
    use crate::SearchOptions;

    fn ids(index: &crate::Index<Vec<u8>>, query: &str) -> Vec<String> {
        let hits = index.search(query, &SearchOptions::default()).unwrap();
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
