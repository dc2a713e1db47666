//! Completions of the word being typed, spelled as the documents spell it.
//!
//! The dictionary holds folded forms (`economie`), which are not fit to
//! show; a completion is shown as the word is written where it weighs most,
//! lowercased and without its elision (`économie`).

use super::expand;
use super::query::{Clause, Query};
use crate::analysis::fold;
use crate::error::Result;
use crate::format::terms::COMPLETIONS;
use crate::index::{Answer, Index, Needs};
use crate::sort;

/// Completions for the last word of `query` while it is being typed, the
/// most frequent first, at most `limit` (and [`COMPLETIONS`]).
pub(super) fn complete<D: AsRef<[u8]>>(
    index: &Index<D>,
    query: &str,
    limit: usize,
) -> Result<Answer<Vec<String>>> {
    let query = Query::parse(&index.analyzer, query);
    let Some(Clause::Word {
        term, prefix: true, ..
    }) = query.clauses.last()
    else {
        return Ok(Answer::Ready(Vec::new()));
    };
    let mut needs = Needs::default();
    let Some(mut found) = expand::completions(index, &term.surface, &mut needs)? else {
        return Ok(needs.into_answer());
    };
    // The word itself counts as its own completion.
    let Some(exact) = index.form(term.surface.as_bytes(), &mut needs)? else {
        return Ok(needs.into_answer());
    };
    if let Some(exact) = exact {
        found.push((term.surface.clone(), exact.form.doc_freq));
    }
    sort::keep_first(&mut found, COMPLETIONS, |a, b| (a.1, &b.0) > (b.1, &a.0));
    let mut words: Vec<String> = Vec::new();
    for (surface, _) in found.into_iter().take(limit.min(COMPLETIONS)) {
        if let Some(word) = spelling(index, &surface, &mut needs)? {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    Ok(needs.or_ready(words))
}

/// How a form is spelled in the document where it weighs most (the first
/// of its postings head), lowercased, without its elision.
pub(super) fn spelling<D: AsRef<[u8]>>(
    index: &Index<D>,
    surface: &str,
    needs: &mut Needs,
) -> Result<Option<String>> {
    let Some(Some(found)) = index.form(surface.as_bytes(), needs)? else {
        return Ok(None);
    };
    let first = found.form.parts.first();
    let Some(head) = index.head(first.segment, first.head, needs)? else {
        return Ok(None);
    };
    let mut first = None;
    head.for_each(|e| {
        first.get_or_insert(e);
    })?;
    let Some(first) = first else {
        return Ok(None);
    };
    let block = if first.blocks == 0 {
        0
    } else {
        first.blocks.trailing_zeros()
    };
    let Some((record, body, position)) = index.record_and_block(first.doc, block, needs)? else {
        return Ok(None);
    };
    let analyzer = &index.analyzer;
    let mut normalized = String::new();
    for (text, from) in [(record.title, 0), (body, position)] {
        for token in analyzer.tokens_from(text, from) {
            if analyzer
                .normalize_into(&text[token.start..token.end], &mut normalized)
                .is_some()
                && fold(&normalized) == surface
            {
                return Ok(Some(normalized));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::index;

    fn words(index: &Index<Vec<u8>>, query: &str, limit: usize) -> Vec<String> {
        complete(index, query, limit).unwrap().ready().unwrap()
    }

    #[test]
    fn completions_are_spelled_as_written_most_frequent_first() {
        // Equally frequent words keep the dictionary's order.
        let index = index(&[
            ("a", "L’Économie", "l’économie et l'économique"),
            ("b", "", "économique"),
            ("c", "", "écologie"),
        ]);
        assert_eq!(
            words(&index, "relations éco", 5),
            ["économique", "écologie", "économie"]
        );
        assert_eq!(words(&index, "relations éco", 1), ["économique"]);
    }

    #[test]
    fn only_a_word_being_typed_completes() {
        let index = index(&[("a", "", "économie")]);
        assert!(words(&index, "éco ", 5).is_empty());
        assert!(words(&index, "\"éco\"", 5).is_empty());
        assert!(words(&index, "", 5).is_empty());
        // The word itself counts as its own completion.
        assert_eq!(words(&index, "économie", 5), ["économie"]);
    }
}
