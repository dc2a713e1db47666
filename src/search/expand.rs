//! Step 2: what each clause of a query matches in the dictionary.
//!
//! A word matches, from best to worst kind:
//! - the same surface form (**exact**);
//! - another form with its stem (**stem**: `relations` for `relation`);
//! - a longer word it begins (**prefix**), only for the last word while it
//!   is being typed;
//! - a word within one or two edits (**typo**, see [`super::typo`]): one
//!   from 5 letters, two from 9, never for numbers, and only when nothing
//!   better matched.
//!
//! A phrase matches its words' exact forms. Every expansion is capped, so a
//! one-letter prefix or a hostile query costs a bounded amount of work.

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Streamer};

use super::query::{Clause, Query};
use super::typo;
use crate::analysis::Term;
use crate::error::Result;
use crate::format::{is_stem_key, stem_key};
use crate::index::{Index, TermInfo};
use crate::sort;

/// Surface forms a prefix may expand to (the most frequent win).
pub(crate) const MAX_PREFIX_TERMS: usize = 24;
/// Dictionary keys read while looking for prefix expansions.
pub(crate) const MAX_PREFIX_SCAN: usize = 2_000;
/// Forms of one stem considered.
pub(crate) const MAX_STEM_TERMS: usize = 64;

/// The kinds of match, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Typo = 1,
    Prefix = 2,
    Stem = 3,
    Exact = 4,
}

impl Kind {
    /// How much of a term's score a match of this kind keeps.
    fn weight(self, distance: u32) -> f32 {
        match self {
            Kind::Exact => 1.0,
            Kind::Stem => 0.8,
            Kind::Prefix => 0.7,
            Kind::Typo if distance <= 1 => 0.5,
            Kind::Typo => 0.3,
        }
    }

    /// The rank tier: prefix and stem matches are equally good guesses.
    pub(super) fn quality(self) -> u16 {
        match self {
            Kind::Exact => 3,
            Kind::Stem | Kind::Prefix => 2,
            Kind::Typo => 1,
        }
    }
}

/// A term a clause expands to.
#[derive(Clone, Copy, Debug)]
pub(super) struct Expansion {
    pub info: TermInfo,
    /// [`Kind::quality`] of the match.
    pub quality: u16,
    /// [`Kind::weight`] of the match, times the term's score.
    pub weight: f32,
}

impl Expansion {
    fn new(info: TermInfo, kind: Kind, distance: u32) -> Expansion {
        Expansion {
            info,
            quality: kind.quality(),
            weight: kind.weight(distance),
        }
    }
}

/// The expansions of every clause, in clause order.
pub(super) fn expand_all<D: AsRef<[u8]>>(
    index: &Index<D>,
    query: &Query,
) -> Result<Vec<Vec<Expansion>>> {
    query
        .clauses
        .iter()
        .map(|clause| match clause {
            Clause::Word { term, prefix, .. } => word(index, term, *prefix),
            Clause::Phrase { words, .. } => phrase(index, words),
        })
        .collect()
}

/// The terms a word matches, each once, best kind first.
pub(super) fn word<D: AsRef<[u8]>>(
    index: &Index<D>,
    term: &Term,
    prefix: bool,
) -> Result<Vec<Expansion>> {
    let Term { surface, stem } = term;
    // A few dozen terms at most: a list is smaller than a hash set in the
    // browser module, and as fast at this size.
    let mut seen: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    let mut push = |term: u32, kind: Kind, distance: u32, out: &mut Vec<Expansion>| -> Result<()> {
        if !seen.contains(&term) {
            seen.push(term);
            out.push(Expansion::new(index.term_info(term)?, kind, distance));
        }
        Ok(())
    };

    let dictionary = index.dictionary()?;
    let exact = dictionary.get(surface).map(|t| t as u32);
    if let Some(term) = exact {
        push(term, Kind::Exact, 0, &mut out)?;
    }
    // The stem of the typed word, and the stem its exact form was indexed
    // under (they differ when stemming an unaccented spelling differs).
    // A word still being typed and found nowhere is a beginning, not a
    // word: its "stem" (`lettr` of `lettri`) would find other words.
    let mut groups: Vec<u32> = Vec::new();
    if exact.is_some() || !prefix {
        groups.extend(dictionary.get(stem_key(stem)).map(|t| t as u32));
    }
    if let Some(term) = exact {
        groups.push(index.group_start(term));
    }
    groups.dedup();
    for first in groups {
        for term in index.stem_group(first).take(MAX_STEM_TERMS) {
            push(term, Kind::Stem, 0, &mut out)?;
        }
    }
    if prefix {
        let mut found = prefix_terms(index, surface)?;
        sort::keep_first(&mut found, MAX_PREFIX_TERMS, more_frequent);
        for found in found {
            push(found.info.term, Kind::Prefix, 0, &mut out)?;
        }
    }
    // A word the corpus holds as typed is taken at its word: typos are
    // looked for when it does not (a misspelling's stem can belong to
    // other words: `imprimente`, `imprimer`), and, for the word being
    // typed, only when no completion matched either.
    let wants_typos = if prefix {
        out.is_empty()
    } else {
        exact.is_none()
    };
    if wants_typos {
        for (term, distance) in typo::terms(index, surface, prefix)? {
            push(term, Kind::Typo, distance, &mut out)?;
        }
    }
    Ok(out)
}

/// A phrase's words, each as its exact term; none if one is missing.
fn phrase<D: AsRef<[u8]>>(index: &Index<D>, words: &[(Term, u32)]) -> Result<Vec<Expansion>> {
    let dictionary = index.dictionary()?;
    let mut expansions = Vec::with_capacity(words.len());
    for (term, _) in words {
        let Some(number) = dictionary.get(&term.surface) else {
            return Ok(Vec::new());
        };
        expansions.push(Expansion::new(
            index.term_info(number as u32)?,
            Kind::Exact,
            0,
        ));
    }
    Ok(expansions)
}

/// A dictionary entry found by prefix.
#[derive(Debug)]
pub(super) struct PrefixTerm {
    pub info: TermInfo,
    pub surface: String,
}

/// Surface terms that begin with `prefix` (not `prefix` itself), from the
/// first [`MAX_PREFIX_SCAN`] in dictionary order.
pub(super) fn prefix_terms<D: AsRef<[u8]>>(
    index: &Index<D>,
    prefix: &str,
) -> Result<Vec<PrefixTerm>> {
    let map = index.dictionary()?;
    let mut stream = map.search(Str::new(prefix).starts_with()).into_stream();
    let mut found = Vec::new();
    while let Some((key, term)) = stream.next() {
        if key.len() > prefix.len() && !is_stem_key(key) {
            found.push(PrefixTerm {
                info: index.term_info(term as u32)?,
                surface: String::from_utf8_lossy(key).into_owned(),
            });
        }
        if found.len() >= MAX_PREFIX_SCAN {
            break;
        }
    }
    Ok(found)
}

/// The order of prefix expansions: most documents first, then earlier terms.
pub(super) fn more_frequent(a: &PrefixTerm, b: &PrefixTerm) -> bool {
    (a.info.doc_freq, b.info.term) > (b.info.doc_freq, a.info.term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;
    use crate::testing::index;

    /// A word's expansions as (surface form, kind tier), best first.
    fn expansions(index: &Index<Vec<u8>>, word_typed: &str, prefix: bool) -> Vec<(String, u16)> {
        let analyzer = Analyzer::new(index.language()).unwrap();
        let term = analyzer.term(word_typed).unwrap();
        word(index, &term, prefix)
            .unwrap()
            .into_iter()
            .map(|e| (index.surface_of(e.info.term), e.quality))
            .collect()
    }

    const EXACT: u16 = 3;
    const STEM_OR_PREFIX: u16 = 2;
    const TYPO: u16 = 1;

    #[test]
    fn exact_then_stem_forms() {
        let index = index(&[
            ("a", "", "les relations économiques"),
            ("b", "", "une relation"),
        ]);
        assert_eq!(
            expansions(&index, "relation", false),
            [
                ("relation".into(), EXACT),
                ("relations".into(), STEM_OR_PREFIX)
            ]
        );
    }

    #[test]
    fn only_the_word_being_typed_completes() {
        let index = index(&[("a", "", "économie économique nucléaire")]);
        assert_eq!(expansions(&index, "econ", false), []);
        let completed: Vec<String> = expansions(&index, "econ", true)
            .into_iter()
            .map(|(surface, kind)| {
                assert_eq!(kind, STEM_OR_PREFIX);
                surface
            })
            .collect();
        assert_eq!(completed.len(), 2);
        assert!(completed.contains(&"economie".into()) && completed.contains(&"economique".into()));
    }

    #[test]
    fn a_beginning_found_nowhere_is_not_stemmed() {
        // `lettri` stems to `lettr`, the stem of `lettre`: while it is being
        // typed it begins nothing, so it is a typo of `lettre`, not a form.
        let index = index(&[("a", "", "la lettre et les lettres")]);
        let forms = [
            ("lettre".to_owned(), STEM_OR_PREFIX),
            ("lettres".to_owned(), STEM_OR_PREFIX),
        ];
        assert_eq!(expansions(&index, "lettri", false), forms);
        let typos = [("lettre".to_owned(), TYPO), ("lettres".to_owned(), TYPO)];
        assert_eq!(expansions(&index, "lettri", true), typos);
    }

    #[test]
    fn the_most_frequent_completions_win() {
        // prefixe0 … prefixe30, each in as many documents as its number.
        let mut bodies = vec!["prefixe0".to_owned()];
        for i in 1..=30 {
            bodies.extend((0..i).map(|_| format!("prefixe{i}")));
        }
        let index = crate::testing::bodies(&bodies);
        let completed = expansions(&index, "prefix", true);
        assert_eq!(completed.len(), MAX_PREFIX_TERMS);
        assert_eq!(completed[0].0, "prefixe30");
        assert!(!completed
            .iter()
            .any(|(s, _)| s == "prefixe0" || s == "prefixe6"));
        assert!(completed.iter().any(|(s, _)| s == "prefixe7"));
    }

    #[test]
    fn typos_only_when_the_word_is_not_there() {
        let index = index(&[
            ("a", "", "Gennady Bezdetko, ambassadeur"),
            ("b", "", "genady"),
        ]);
        // `genady` exists as typed: no typo expansion to `gennady`.
        assert_eq!(
            expansions(&index, "Genady", false),
            [("genady".into(), EXACT)]
        );
        let index = crate::testing::index(&[("a", "", "Gennady Bezdetko, ambassadeur")]);
        assert_eq!(
            expansions(&index, "Genady", false),
            [("gennady".into(), TYPO)]
        );
    }
}
