//! Completions of the word being typed, spelled as the documents spell it.
//!
//! The dictionary holds folded forms (`economie`), which are not fit to
//! show; a completion is shown as the word is written where it first
//! occurs, lowercased and without its elision (`économie`).

use super::expand::{self, more_frequent, PrefixTerm, MAX_PREFIX_TERMS};
use super::query::{Clause, Query};
use crate::analysis::fold;
use crate::error::Result;
use crate::index::{Index, TermInfo};
use crate::sort;

/// Completions for the last word of `query` while it is being typed, the
/// most frequent first, at most `limit` (and [`MAX_PREFIX_TERMS`]).
pub(super) fn complete<D: AsRef<[u8]>>(
    index: &Index<D>,
    query: &str,
    limit: usize,
) -> Result<Vec<String>> {
    let query = Query::parse(&index.analyzer, query);
    let Some(Clause::Word {
        term, prefix: true, ..
    }) = query.clauses.last()
    else {
        return Ok(Vec::new());
    };
    let mut found = expand::prefix_terms(index, &term.surface)?;
    if let Some(exact) = index.dictionary()?.get(&term.surface) {
        found.push(PrefixTerm {
            info: index.term_info(exact as u32)?,
            surface: term.surface.clone(),
        });
    }
    sort::keep_first(&mut found, MAX_PREFIX_TERMS, more_frequent);
    let mut words: Vec<String> = Vec::new();
    for found in found {
        if words.len() >= limit.min(MAX_PREFIX_TERMS) {
            break;
        }
        if let Some(word) = spelling(index, found.info, &found.surface)? {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    Ok(words)
}

/// How a term is spelled where it first occurs, lowercased, without its
/// elision.
fn spelling<D: AsRef<[u8]>>(
    index: &Index<D>,
    info: TermInfo,
    surface: &str,
) -> Result<Option<String>> {
    let list = index.postings(info)?;
    let Some(doc) = list.first_doc()? else {
        return Ok(None);
    };
    let (mut title, mut body) = (Vec::new(), Vec::new());
    list.cursor().seek(doc, &mut title, &mut body)?;
    let (text, first, position) = match (title.first(), body.first()) {
        (Some(&p), _) => (index.summary(doc)?.title, 0, p),
        (None, Some(&p)) => {
            let passage = index.passage(doc, p, p)?;
            (passage.text, passage.first_position, p)
        }
        (None, None) => return Ok(None),
    };
    let analyzer = &index.analyzer;
    let mut normalized = String::new();
    for token in analyzer
        .tokens_from(text, first)
        .filter(|t| t.position == position)
    {
        if analyzer
            .normalize_into(&text[token.start..token.end], &mut normalized)
            .is_some()
            && fold(&normalized) == surface
        {
            return Ok(Some(normalized));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::index;

    #[test]
    fn completions_are_spelled_as_written_most_frequent_first() {
        // Equally frequent words keep the dictionary's order.
        let index = index(&[
            ("a", "L’Économie", "l’économie et l'économique"),
            ("b", "", "économique"),
            ("c", "", "écologie"),
        ]);
        assert_eq!(
            complete(&index, "relations éco", 5).unwrap(),
            ["économique", "écologie", "économie"]
        );
        assert_eq!(
            complete(&index, "relations éco", 1).unwrap(),
            ["économique"]
        );
    }

    #[test]
    fn only_a_word_being_typed_completes() {
        let index = index(&[("a", "", "économie")]);
        assert!(complete(&index, "éco ", 5).unwrap().is_empty());
        assert!(complete(&index, "\"éco\"", 5).unwrap().is_empty());
        assert!(complete(&index, "", 5).unwrap().is_empty());
        // The word itself counts as its own completion.
        assert_eq!(complete(&index, "économie", 5).unwrap(), ["économie"]);
    }
}
