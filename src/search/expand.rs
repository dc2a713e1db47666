//! Step 2: what each clause of a query matches in the dictionary.
//!
//! A word matches, from best to worst kind:
//! - the same surface form (**exact**);
//! - another form with its stem (**stem**: `relations` for `relation`);
//! - a longer word it begins (**prefix**), only for the last word while it
//!   is being typed: its [`COMPLETIONS`] most frequent completions over the
//!   whole dictionary;
//! - a word within one or two edits (**typo**, see [`super::typo`]): one
//!   from 5 letters, two from 9, never for numbers, and only when nothing
//!   better matched.
//!
//! A phrase matches its words' exact forms. Every expansion is capped, so a
//! one-letter prefix or a hostile query costs a bounded amount of work.
//!
//! The dictionary is cut into term chunks; a step whose chunk has not
//! arrived notes it in [`Needs`] and answers `None`.

use super::keys::chunks_of_prefix;
use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Streamer};

use super::query::{Clause, Query};
use super::typo;
use crate::analysis::Term;
use crate::error::Result;
use crate::format::terms::{is_stem_key, stem_key, Entry, Form, COMPLETIONS};
use crate::format::Fields;
use crate::index::{FormRef, Index, Needs};
use crate::sort;

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

/// A form a clause expands to.
#[derive(Clone, Debug)]
pub(super) struct Expansion<'i> {
    /// Identifies the form (and orders forms as the dictionary does).
    pub id: (u32, u64),
    /// Its surface form, which a snippet looks for in the text.
    pub surface: String,
    pub form: Form<'i>,
    /// [`Kind::quality`] of the match.
    pub quality: u16,
    /// [`Kind::weight`] of the match, times the form's score.
    pub weight: f32,
    /// Whether a title or heading holding this form names what was typed
    /// (see [`Expansion::naming`]).
    names: bool,
    kind: Kind,
}

impl<'i> Expansion<'i> {
    fn new(
        found: FormRef<'i>,
        surface: String,
        kind: Kind,
        distance: u32,
        typed: &str,
    ) -> Expansion<'i> {
        // Another form of the same stem names the typed word only when one
        // begins the other, as a plural does (`comprehensions`): Snowball
        // also gives `imprimante` and `imprimer` one stem, and a page titled
        // "Imprimer" is not the one named "Imprimante".
        let names = kind != Kind::Stem || surface.starts_with(typed) || typed.starts_with(&surface);
        Expansion {
            id: found.id,
            surface,
            form: found.form,
            quality: kind.quality(),
            weight: kind.weight(distance),
            names,
            kind,
        }
    }

    /// How the form matched.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// How the form matched, as `--explain` says it.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Exact => "exact",
            Kind::Stem => "stem",
            Kind::Prefix => "prefix",
            Kind::Typo => "typo",
        }
    }

    /// The fields of a document's entry that count for how well its title
    /// and headings name the query: none for a form that does not name
    /// the typed word.
    pub fn naming(&self, fields: Fields) -> Fields {
        if self.names {
            fields
        } else {
            Fields::default()
        }
    }

    /// How many tiers of its tail a ranking reads with the heads for an
    /// early answer, in a query of `common` clauses whose words have
    /// tails: none for one or two (their heads share enough documents),
    /// one for three, two for four, as the tiers are sized
    /// (`builder::tier_starts`). Only the word as typed and its stem's forms
    /// read them: a word being typed expands to a score of completions,
    /// whose tiers together would outweigh the rest of the query.
    pub fn tiers_first(&self, common: usize) -> usize {
        match self.kind {
            Kind::Exact | Kind::Stem => common.saturating_sub(2),
            Kind::Prefix | Kind::Typo => 0,
        }
    }
}

/// The expansions of every clause, in clause order; `None` until the
/// chunks they need have arrived.
pub(super) fn expand_all<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    query: &Query,
    needs: &mut Needs,
) -> Result<Option<Vec<Vec<Expansion<'i>>>>> {
    let mut all = Vec::with_capacity(query.clauses.len());
    let mut complete = true;
    for clause in &query.clauses {
        let found = match clause {
            Clause::Word { term, prefix, .. } => word(index, term, *prefix, needs)?,
            Clause::Phrase { words, .. } => phrase(index, words, needs)?,
        };
        match found {
            Some(found) => all.push(found),
            None => complete = false,
        }
    }
    Ok(complete.then_some(all))
}

/// The forms a word matches, each once, best kind first.
pub(super) fn word<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    term: &Term,
    prefix: bool,
    needs: &mut Needs,
) -> Result<Option<Vec<Expansion<'i>>>> {
    let Term { surface, stem } = term;
    let typed = surface.as_str();
    let mut out: Vec<Expansion<'i>> = Vec::new();
    let push = |found: FormRef<'i>,
                surface: &str,
                kind: Kind,
                distance: u32,
                out: &mut Vec<Expansion<'i>>| {
        // A few dozen forms at most: a list is smaller than a hash set in
        // the browser module, and as fast at this size.
        if !out.iter().any(|e| e.id == found.id) {
            out.push(Expansion::new(
                found,
                surface.to_owned(),
                kind,
                distance,
                typed,
            ));
        }
    };

    let Some(exact) = index.form(surface.as_bytes(), needs)? else {
        return Ok(None);
    };
    if let Some(found) = exact {
        push(found, surface, Kind::Exact, 0, &mut out);
    }
    // The stem of the typed word, and the stem its exact form was indexed
    // under (they differ when stemming an unaccented spelling differs).
    // A word still being typed and found nowhere is a beginning, not a
    // word: its "stem" (`lettr` of `lettri`) would find other words.
    let mut stems: Vec<String> = Vec::new();
    if exact.is_some() || !prefix {
        stems.push(stem.clone());
    }
    if let Some(own) = exact.and_then(|found| found.form.stem(surface.as_bytes())) {
        if !stems.contains(&own) {
            stems.push(own);
        }
    }
    // Every form a stem names is looked up before any missing chunk stops
    // the word, so that their chunks are asked for together.
    let mut complete = true;
    for stem in stems {
        let Some(found) = index.entry(&stem_key(&stem), needs)? else {
            complete = false;
            continue;
        };
        let Some((_, _, Entry::Stem(forms))) = found else {
            continue;
        };
        for form in forms.into_iter().take(MAX_STEM_TERMS) {
            match index.form(form.as_bytes(), needs)? {
                Some(Some(found)) => push(found, &form, Kind::Stem, 0, &mut out),
                Some(None) => {}
                None => complete = false,
            }
        }
    }
    if !complete {
        return Ok(None);
    }
    if prefix {
        let Some(completions) = completions(index, surface, needs)? else {
            return Ok(None);
        };
        for (form, _) in completions {
            match index.form(form.as_bytes(), needs)? {
                Some(Some(found)) => push(found, &form, Kind::Prefix, 0, &mut out),
                Some(None) => {}
                None => complete = false,
            }
        }
        if !complete {
            return Ok(None);
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
        let Some(typos) = typo::terms(index, surface, prefix, needs)? else {
            return Ok(None);
        };
        for typo in typos {
            match index.form(typo.surface.as_bytes(), needs)? {
                Some(Some(found)) => {
                    push(found, &typo.surface, Kind::Typo, typo.distance, &mut out)
                }
                Some(None) => {}
                None => complete = false,
            }
        }
        if !complete {
            return Ok(None);
        }
    }
    Ok(Some(out))
}

/// A phrase's words, each as its exact form; none if one is missing.
fn phrase<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    words: &[(Term, u32)],
    needs: &mut Needs,
) -> Result<Option<Vec<Expansion<'i>>>> {
    let mut expansions = Vec::with_capacity(words.len());
    let mut complete = true;
    let mut missing = false;
    for (term, _) in words {
        match index.form(term.surface.as_bytes(), needs)? {
            None => complete = false,
            Some(None) => missing = true,
            Some(Some(found)) => {
                let surface = term.surface.clone();
                expansions.push(Expansion::new(
                    found,
                    surface,
                    Kind::Exact,
                    0,
                    &term.surface,
                ));
            }
        }
    }
    if !complete {
        return Ok(None);
    }
    Ok(Some(if missing { Vec::new() } else { expansions }))
}

/// The [`COMPLETIONS`] most frequent forms that begin with `prefix` (and
/// are longer), over the whole dictionary, with their document frequency:
/// the most frequent first, then in dictionary order.
pub(super) fn completions<D: AsRef<[u8]>>(
    index: &Index<D>,
    prefix: &str,
    needs: &mut Needs,
) -> Result<Option<Vec<(String, u32)>>> {
    let chunks = chunks_of_prefix(index, prefix.as_bytes());
    let Some(first) = index.term_chunk(*chunks.start(), needs)? else {
        return Ok(None);
    };
    // A prefix whose forms run over several chunks has its completions
    // stored where it starts (see `format::terms`).
    if let Some(stored) = first.completions(prefix.as_bytes())? {
        return Ok(Some(
            stored
                .into_iter()
                .map(|c| (c.form.to_owned(), c.doc_freq))
                .collect(),
        ));
    }
    let mut found: Vec<(u32, (u32, u64), String)> = Vec::new();
    let mut complete = true;
    for chunk in chunks {
        let Some(terms) = index.term_chunk(chunk, needs)? else {
            complete = false;
            continue;
        };
        let mut stream = terms
            .fst()
            .search(Str::new(prefix).starts_with())
            .into_stream();
        while let Some((key, offset)) = stream.next() {
            if key.len() > prefix.len() && !is_stem_key(key) {
                if let Entry::Form(form) = terms.entry(offset)? {
                    let surface = String::from_utf8_lossy(key).into_owned();
                    found.push((form.doc_freq, (chunk as u32, offset), surface));
                }
            }
        }
    }
    if !complete {
        return Ok(None);
    }
    sort::keep_first(&mut found, COMPLETIONS, |a, b| (a.0, b.1) > (b.0, a.1));
    Ok(Some(
        found
            .into_iter()
            .map(|(doc_freq, _, surface)| (surface, doc_freq))
            .collect(),
    ))
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
        word(index, &term, prefix, &mut Needs::default())
            .unwrap()
            .expect("a whole index has every chunk")
            .into_iter()
            .map(|e| (e.surface, e.quality))
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
        assert_eq!(completed.len(), COMPLETIONS);
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
