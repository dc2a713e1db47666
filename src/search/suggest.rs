//! "Did you mean": the query respelled with the dictionary's words, for a
//! query whose words were found only through typos, or not at all.

use super::complete::spelling;
use super::expand::{self, Kind};
use super::query::{Clause, Query};
use super::typo;
use crate::error::Result;
use crate::index::{Answer, Index, Needs};

impl<D: AsRef<[u8]>> Index<D> {
    /// The query as the dictionary spells it: each word found only through
    /// a typo is replaced by its closest, most frequent spelling, and each
    /// word found nowhere by the closest word one edit further away. Empty
    /// when every word is spelled as the documents spell it, or when no
    /// spelling comes close.
    pub fn suggest(&self, query: &str) -> Result<Answer<Vec<String>>> {
        let parsed = Query::parse(&self.analyzer, query);
        let mut needs = Needs::default();
        let mut replacements: Vec<(&str, String)> = Vec::new();
        for clause in &parsed.clauses {
            let Clause::Word { text, term, prefix } = clause else {
                continue;
            };
            let Some(found) = expand::word(self, term, *prefix, &mut needs)? else {
                continue;
            };
            if found.iter().any(|e| e.kind() != Kind::Typo) {
                continue;
            }
            let respelled = match found.first() {
                // Typo expansions come closest first, then most frequent.
                Some(best) => Some(best.surface.clone()),
                None => match typo::suggestions(self, &term.surface, &mut needs)? {
                    Some(close) => close.into_iter().next().map(|f| f.surface),
                    None => continue,
                },
            };
            let Some(respelled) = respelled else { continue };
            // Shown as the documents write it: `coopération`, not the
            // folded `cooperation` the dictionary holds.
            let Some(written) = spelling(self, &respelled, &mut needs)? else {
                continue;
            };
            replacements.push((text.as_str(), written));
        }
        if !needs.is_empty() {
            return Ok(needs.into_answer());
        }
        if replacements.is_empty() {
            return Ok(Answer::Ready(Vec::new()));
        }
        // The typed query with each word replaced where it was typed.
        let mut respelled = String::with_capacity(query.len());
        let mut rest = query;
        for (typed, word) in replacements {
            if let Some(at) = rest.find(typed) {
                respelled.push_str(&rest[..at]);
                respelled.push_str(&word);
                rest = &rest[at + typed.len()..];
            }
        }
        respelled.push_str(rest);
        Ok(Answer::Ready(vec![respelled]))
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::index;

    fn suggest(index: &crate::Index<Vec<u8>>, query: &str) -> Vec<String> {
        index.suggest(query).unwrap().into_ready().unwrap()
    }

    #[test]
    fn a_query_found_through_typos_or_not_at_all_is_respelled() {
        let index = index(&[
            (
                "a",
                "Coopération nucléaire",
                "La coopération entre les deux pays.",
            ),
            ("b", "Visite", "Une visite officielle à Moscou."),
        ]);
        // One edit: found through a typo, respelled.
        assert_eq!(
            suggest(&index, "cooperatoin nucleaire"),
            ["coopération nucleaire"]
        );
        // Two edits on a short word: found nowhere, respelled one edit further.
        assert_eq!(suggest(&index, "la vizyte "), ["la visite "]);
        // Spelled as the documents spell it, or too far from any word.
        assert!(suggest(&index, "visite moscou").is_empty());
        assert!(suggest(&index, "zzzzzz").is_empty());
        assert!(suggest(&index, "").is_empty());
    }
}
