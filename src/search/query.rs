//! What a typed query means: words, `"quoted phrases"` and `-excluded` words.
//!
//! The words are cut and spelled by the index's own [`Analyzer`], so the
//! query side never disagrees with the indexer. Anything can be typed: the
//! parser accepts every string, caps how much of it it reads, and turns what
//! it cannot use (punctuation, markup, a lone quote) into nothing.

use crate::analysis::{Analyzer, Term};

/// Longer queries are cut here (at a character boundary): no one types
/// more, and it bounds the work a hostile query can cause.
pub const MAX_QUERY_BYTES: usize = 512;
/// Words and phrases beyond this many are ignored.
pub const MAX_CLAUSES: usize = 12;

/// One required part of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Clause {
    /// A word; `prefix` when it is the last thing typed, still being written.
    Word {
        text: String,
        term: Term,
        prefix: bool,
    },
    /// Words that must appear in this order; each with its offset in words
    /// from the first.
    Phrase {
        text: String,
        words: Vec<(Term, u32)>,
    },
}

impl Clause {
    /// The words as the person typed them, for "missing: …" notes.
    pub fn text(&self) -> &str {
        match self {
            Clause::Word { text, .. } | Clause::Phrase { text, .. } => text,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pub clauses: Vec<Clause>,
    /// Words whose documents are left out.
    pub excluded: Vec<Term>,
}

impl Query {
    pub fn parse(analyzer: &Analyzer, input: &str) -> Query {
        let mut end = input.len().min(MAX_QUERY_BYTES);
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        let input = &input[..end];
        let mut query = Query::default();
        let mut rest = input;
        let mut offset = 0;
        while !rest.is_empty() && query.clauses.len() < MAX_CLAUSES {
            let Some(start) = rest.find(|c: char| !c.is_whitespace()) else {
                break;
            };
            let chunk_start = offset + start;
            let chunk = &input[chunk_start..];
            if let Some(inner) = chunk.strip_prefix('"') {
                // A phrase runs to the closing quote, or to the end if none.
                let (phrase, consumed) = match inner.find('"') {
                    Some(close) => (&inner[..close], close + 2),
                    None => (inner, inner.len() + 1),
                };
                query.push_phrase(analyzer, phrase);
                offset = chunk_start + consumed;
            } else {
                let len = chunk
                    .find(|c: char| c.is_whitespace() || c == '"')
                    .unwrap_or(chunk.len());
                let word = &chunk[..len];
                let at_end = chunk_start + len == input.len();
                match word.strip_prefix('-') {
                    Some(excluded) if !excluded.is_empty() => {
                        query.push_excluded(analyzer, excluded)
                    }
                    _ => query.push_words(analyzer, word, at_end),
                }
                offset = chunk_start + len;
            }
            rest = &input[offset..];
        }
        query.clauses.truncate(MAX_CLAUSES);
        query
    }

    /// Adds the words of a chunk typed without quotes. Only the last word of
    /// the whole query, touching its end, is a prefix.
    fn push_words(&mut self, analyzer: &Analyzer, chunk: &str, chunk_at_end: bool) {
        let tokens: Vec<_> = analyzer.tokens(chunk).filter(|t| !t.part).collect();
        for (i, token) in tokens.iter().enumerate() {
            let text = &chunk[token.start..token.end];
            let Some(term) = analyzer.term(text) else {
                continue;
            };
            let prefix = chunk_at_end && i + 1 == tokens.len() && token.end == chunk.len();
            self.clauses.push(Clause::Word {
                text: text.to_owned(),
                term,
                prefix,
            });
        }
    }

    fn push_phrase(&mut self, analyzer: &Analyzer, phrase: &str) {
        let mut words = Vec::new();
        let mut first = None;
        for token in analyzer.tokens(phrase).filter(|t| !t.part) {
            let Some(term) = analyzer.term(&phrase[token.start..token.end]) else {
                continue;
            };
            let first = *first.get_or_insert(token.position);
            words.push((term, token.position - first));
        }
        match words.len() {
            0 => {}
            // One quoted word is that exact word.
            1 => {
                let (term, _) = words.remove(0);
                self.clauses.push(Clause::Phrase {
                    text: phrase.trim().to_owned(),
                    words: vec![(term, 0)],
                });
            }
            _ => self.clauses.push(Clause::Phrase {
                text: phrase.trim().to_owned(),
                words,
            }),
        }
    }

    fn push_excluded(&mut self, analyzer: &Analyzer, chunk: &str) {
        for token in analyzer.tokens(chunk).filter(|t| !t.part) {
            self.excluded
                .extend(analyzer.term(&chunk[token.start..token.end]));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;
    use proptest::prelude::*;

    fn parse(input: &str) -> Query {
        Query::parse(&Analyzer::new(Language::French).unwrap(), input)
    }

    /// A compact view: `word`, `word*` for a prefix, `"a b"` for a phrase.
    fn show(input: &str) -> (Vec<String>, Vec<String>) {
        let q = parse(input);
        let clauses = q
            .clauses
            .iter()
            .map(|c| match c {
                Clause::Word {
                    term, prefix: true, ..
                } => format!("{}*", term.surface),
                Clause::Word { term, .. } => term.surface.clone(),
                Clause::Phrase { words, .. } => {
                    let words: Vec<String> = words
                        .iter()
                        .map(|(t, o)| format!("{}@{o}", t.surface))
                        .collect();
                    format!("\"{}\"", words.join(" "))
                }
            })
            .collect();
        (clauses, q.excluded.into_iter().map(|t| t.surface).collect())
    }

    fn clauses(input: &str) -> Vec<String> {
        show(input).0
    }

    #[test]
    fn last_word_is_a_prefix_only_while_typing() {
        assert_eq!(clauses("relations écon"), ["relations", "econ*"]);
        assert_eq!(clauses("relations écon "), ["relations", "econ"]);
        assert_eq!(clauses("écon,"), ["econ"]);
    }

    #[test]
    fn elision_and_apostrophes_in_queries() {
        assert_eq!(clauses("d’aujourd’hui"), ["aujourd'hui*"]);
        assert_eq!(clauses("l'amitié "), ["amitie"]);
    }

    #[test]
    fn phrases_keep_word_offsets() {
        assert_eq!(
            clauses("\"Guerre patriotique\" russie"),
            ["\"guerre@0 patriotique@1\"", "russie*"]
        );
        // A hyphenated word inside a phrase takes as many positions as parts.
        assert_eq!(
            clauses("\"accord de libre-échange entre\""),
            ["\"accord@0 de@1 libre-echange@2 entre@4\""]
        );
        // Unbalanced quote: the phrase runs to the end.
        assert_eq!(
            clauses("vietnam \"grande guerre"),
            ["vietnam", "\"grande@0 guerre@1\""]
        );
        assert_eq!(clauses("\"\""), Vec::<String>::new());
    }

    #[test]
    fn excluded_words() {
        assert_eq!(
            show("vietnam -russie"),
            (vec!["vietnam".to_owned()], vec!["russie".to_owned()])
        );
        // A lone minus and a hyphen inside a word are not exclusions.
        assert_eq!(
            show("paix - stabilité"),
            (vec!["paix".to_owned(), "stabilite*".to_owned()], vec![])
        );
        assert_eq!(clauses("libre-échange"), ["libre-echange*"]);
    }

    #[test]
    fn hostile_input_becomes_little_or_nothing() {
        assert!(parse("").is_empty());
        assert!(parse("     ").is_empty());
        assert!(parse("!!! ... ??? «» — ;").is_empty());
        assert_eq!(
            clauses("<script>alert(1)</script>"),
            ["script", "alert", "1", "script"]
        );
        let long = "économie ".repeat(2000);
        assert_eq!(parse(&long).clauses.len(), MAX_CLAUSES);
    }

    proptest! {
        #[test]
        fn never_panics_and_stays_bounded(input in ".{0,2000}") {
            let q = parse(&input);
            prop_assert!(q.clauses.len() <= MAX_CLAUSES);
            prop_assert!(q.excluded.len() <= MAX_QUERY_BYTES);
        }
    }
}
