//! Typo tolerance: which words a misspelling finds, and the edit-distance
//! automaton that walks the dictionary to find them.
//!
//! A word gets no typos below five letters or with a digit in it, one up to
//! eight letters and two from nine; the closest words win, then the most
//! frequent, and two edits are tried only when one finds nothing.
//!
//! The dictionary is cut into chunks by key, so a walk over all of it would
//! read every chunk. Instead, one edit leaves half of a word as it was, and
//! two leave a third: the walk reads only the keys that begin with the
//! word's first half (or third), and a second walk, over the reversed
//! dictionary, the keys that end with its last half (or third). So a typo
//! is found wherever it is, but for two edits at both ends of a word; and
//! while a word is being typed, only its beginning can be trusted, so only
//! the first walk runs.
//!
//! The automaton accepts the words within `max` edits of a word:
//! insertions, deletions, substitutions and transpositions of two
//! neighbouring letters (`cooperatoin` is one edit from `cooperation`).
//! Used as an [`fst::Automaton`], it lets the walk skip every branch that
//! is already too far away, so only a few hundred nodes are visited.
//!
//! fst's own `Levenshtein` builds a complete DFA before the walk starts:
//! measured on the bundled articles, 100 µs for one edit on six letters and
//! 1.8 ms for two edits on eleven, which is most of a query's time, and it
//! adds 6.7 KB (gzipped) to the browser module. This automaton computes one
//! row of the edit-distance table per letter instead, and only for the
//! branches the walk takes. Its state is a fixed array: words longer than
//! [`MAX_CHARS`] letters get no typo tolerance.

use fst::{Automaton, IntoStreamer, Streamer};

use super::keys::{after_prefix, chunks_of_prefix};
use crate::error::Result;
use crate::format::root::Root;
use crate::format::terms::{is_stem_key, Entry};
use crate::index::{Index, Needs};
use crate::sort;

/// Surface forms a typo may expand to (the closest, then most frequent).
pub(crate) const MAX_TYPO_TERMS: usize = 12;
/// Matches read by each walk while looking for typo expansions.
pub(crate) const MAX_TYPO_SCAN: usize = 200;

/// A word a misspelling found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub surface: String,
    pub distance: u32,
    pub doc_freq: u32,
}

/// Surface forms within the allowed edit distance of `surface` (of a
/// beginning of them, while the word is being typed), closest first; `None`
/// until the chunks the walks need have arrived.
pub(super) fn terms<D: AsRef<[u8]>>(
    index: &Index<D>,
    surface: &str,
    prefix: bool,
    needs: &mut Needs,
) -> Result<Option<Vec<Found>>> {
    let Some(max_distance) = typo_budget(surface) else {
        return Ok(Some(Vec::new()));
    };
    // The closest typos win: two edits are tried only when one finds
    // nothing, which also spares the wider walk of the dictionary.
    for distance in 1..=max_distance {
        let Some(found) = within(index, surface, distance, prefix, needs)? else {
            return Ok(None);
        };
        if !found.is_empty() {
            return Ok(Some(found));
        }
    }
    Ok(Some(Vec::new()))
}

/// The words a misspelling that found nothing may have meant: the closest
/// within one edit more than [`terms`] allows (one for words of three or
/// four letters, two from five), then the most frequent; `None` until the
/// chunks the walks need have arrived.
pub(super) fn suggestions<D: AsRef<[u8]>>(
    index: &Index<D>,
    surface: &str,
    needs: &mut Needs,
) -> Result<Option<Vec<Found>>> {
    if surface.chars().any(|c| c.is_numeric()) || surface.chars().count() < 3 {
        return Ok(Some(Vec::new()));
    }
    let most = typo_budget(surface).map_or(1, |budget| (budget + 1).min(2));
    for distance in 1..=most {
        let Some(found) = within(index, surface, distance, false, needs)? else {
            return Ok(None);
        };
        if !found.is_empty() {
            return Ok(Some(found));
        }
    }
    Ok(Some(Vec::new()))
}

/// How many edits a word may be away from what it finds: none below five
/// letters or with a digit, one up to eight letters, two from nine.
fn typo_budget(surface: &str) -> Option<u8> {
    if surface.chars().any(|c| c.is_numeric()) {
        return None;
    }
    match surface.chars().count() {
        0..=4 => None,
        5..=8 => Some(1),
        _ => Some(2),
    }
}

/// The first `n` characters of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices()
        .nth(n)
        .map_or(text, |(at, _)| &text[..at])
}

fn within<D: AsRef<[u8]>>(
    index: &Index<D>,
    surface: &str,
    max_distance: u8,
    prefix: bool,
    needs: &mut Needs,
) -> Result<Option<Vec<Found>>> {
    let Some(automaton) = Typos::new(surface, max_distance, prefix) else {
        return Ok(Some(Vec::new()));
    };
    // With `max` edits, one of `max + 1` parts of the word is untouched.
    let intact = surface.chars().count() / (usize::from(max_distance) + 1);
    let mut found: Vec<Found> = Vec::new();
    let mut complete = true;

    let start = first_chars(surface, intact);
    let mut scanned = 0;
    for chunk in chunks_of_prefix(index, start.as_bytes()) {
        let Some(terms) = index.term_chunk(chunk, needs)? else {
            complete = false;
            continue;
        };
        let walk = Starting {
            prefix: start.as_bytes(),
            inner: &automaton,
        };
        let mut stream = terms.fst().search_with_state(walk).into_stream();
        while scanned < MAX_TYPO_SCAN {
            let Some((key, offset, (state, _))) = stream.next() else {
                break;
            };
            scanned += 1;
            let distance = u32::from(automaton.distance(&state));
            if distance > 0 && !is_stem_key(key) {
                if let Entry::Form(form) = terms.entry(offset)? {
                    found.push(Found {
                        surface: String::from_utf8_lossy(key).into_owned(),
                        distance,
                        doc_freq: form.doc_freq,
                    });
                }
            }
        }
    }

    // Backwards, the word is taken as typed in full, also while it is
    // being typed: a beginning with a typo in its own beginning is not
    // found (that would take a walk of the whole dictionary), a whole word
    // with one is.
    {
        let reversed: String = surface.chars().rev().collect();
        let Some(backwards) = Typos::new(&reversed, max_distance, false) else {
            return Ok(Some(Vec::new()));
        };
        let end = first_chars(&reversed, intact);
        let reverse = &index.root().reverse;
        let first = Root::chunk_for(reverse, end.as_bytes());
        let last = Root::chunk_for(reverse, &after_prefix(end.as_bytes()));
        let mut scanned = 0;
        for chunk in first..=last.max(first) {
            if reverse.is_empty() {
                break;
            }
            let Some(map) = index.reverse_chunk(chunk, needs)? else {
                complete = false;
                continue;
            };
            let walk = Starting {
                prefix: end.as_bytes(),
                inner: &backwards,
            };
            let mut stream = map.search_with_state(walk).into_stream();
            while scanned < MAX_TYPO_SCAN {
                let Some((key, doc_freq, (state, _))) = stream.next() else {
                    break;
                };
                scanned += 1;
                let distance = u32::from(backwards.distance(&state));
                let surface: String = String::from_utf8_lossy(key).chars().rev().collect();
                if distance > 0 && !found.iter().any(|f| f.surface == surface) {
                    found.push(Found {
                        surface,
                        distance,
                        doc_freq: u32::try_from(doc_freq).unwrap_or(u32::MAX),
                    });
                }
            }
        }
    }
    if !complete {
        return Ok(None);
    }
    // Closest first, then most frequent, then in dictionary order.
    sort::keep_first(&mut found, MAX_TYPO_TERMS, |a, b| {
        (a.distance, b.doc_freq, a.surface.as_str()) < (b.distance, a.doc_freq, b.surface.as_str())
    });
    Ok(Some(found))
}

/// A typo automaton that accepts only keys beginning with `prefix` (fst's
/// own intersection with `starts_with` has a state that cannot be cloned,
/// which a walk with states needs).
#[derive(Clone, Debug)]
struct Starting<'a> {
    prefix: &'a [u8],
    inner: &'a Typos,
}

impl Automaton for Starting<'_> {
    /// The inner state, and how many bytes of the prefix were read (`None`
    /// once the key left it).
    type State = (State, Option<usize>);

    fn start(&self) -> Self::State {
        (self.inner.start(), Some(0))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state.1 == Some(self.prefix.len()) && self.inner.is_match(&state.0)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.1.is_some() && self.inner.can_match(&state.0)
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let read = match state.1 {
            Some(n) if n < self.prefix.len() => (self.prefix[n] == byte).then_some(n + 1),
            other => other,
        };
        (self.inner.accept(&state.0, byte), read)
    }
}

/// Longest word (in characters) that gets typo tolerance.
pub const MAX_CHARS: usize = 24;

/// Words within `max` edits of a word, or (`prefix`) words that begin with
/// something within `max` edits of it, as the word being typed needs.
#[derive(Clone, Debug)]
pub(crate) struct Typos {
    word: Vec<char>,
    max: u8,
    prefix: bool,
}

/// Where the walk is: the last two rows of the distance table (row[i] is the
/// distance between the first i letters of the word and the key read so far,
/// capped at max + 1), and a character still being decoded from UTF-8.
#[derive(Clone, Debug)]
pub(crate) struct State {
    row: [u8; MAX_CHARS + 1],
    previous: [u8; MAX_CHARS + 1],
    last: char,
    pending: [u8; 4],
    pending_len: u8,
    /// Prefix mode: a beginning of the key was already close enough.
    matched: bool,
    /// The key's bytes are not valid UTF-8: nothing below can match.
    dead: bool,
}

impl Typos {
    /// `None` if the word is longer than [`MAX_CHARS`].
    pub fn new(word: &str, max: u8, prefix: bool) -> Option<Typos> {
        let word: Vec<char> = word.chars().collect();
        (word.len() <= MAX_CHARS).then_some(Typos { word, max, prefix })
    }

    /// Edits between the word and the key that led to `state` (in prefix
    /// mode, the first beginning of the key that came within reach: the
    /// state stops changing there).
    pub fn distance(&self, state: &State) -> u8 {
        state.row[self.word.len()]
    }

    fn step(&self, state: &State, c: char) -> State {
        let n = self.word.len();
        let cap = self.max + 1;
        let mut next = state.clone();
        next.previous = state.row;
        next.row[0] = state.row[0].saturating_add(1).min(cap);
        for i in 1..=n {
            let substitution = state.row[i - 1] + u8::from(self.word[i - 1] != c);
            let mut best = substitution.min(state.row[i] + 1).min(next.row[i - 1] + 1);
            if i > 1 && self.word[i - 1] == state.last && self.word[i - 2] == c {
                best = best.min(state.previous[i - 2] + 1);
            }
            next.row[i] = best.min(cap);
        }
        next.last = c;
        if self.prefix && next.row[n] <= self.max {
            next.matched = true;
        }
        next
    }
}

impl Automaton for Typos {
    type State = State;

    fn start(&self) -> State {
        let mut row = [0u8; MAX_CHARS + 1];
        for (i, cell) in row.iter_mut().enumerate().take(self.word.len() + 1) {
            *cell = (i as u8).min(self.max + 1);
        }
        State {
            row,
            previous: row,
            last: '\0',
            pending: [0; 4],
            pending_len: 0,
            matched: self.prefix && self.word.len() <= self.max as usize,
            dead: false,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        !state.dead
            && state.pending_len == 0
            && (state.matched || state.row[self.word.len()] <= self.max)
    }

    fn can_match(&self, state: &State) -> bool {
        !state.dead
            && (state.matched || state.row[..=self.word.len()].iter().any(|&d| d <= self.max))
    }

    fn will_always_match(&self, state: &State) -> bool {
        !state.dead && state.matched
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        if state.dead || state.matched {
            return state.clone();
        }
        let mut state = state.clone();
        state.pending[state.pending_len as usize] = byte;
        state.pending_len += 1;
        let bytes = &state.pending[..state.pending_len as usize];
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let c = text.chars().next().unwrap_or('\0');
                state.pending_len = 0;
                self.step(&state, c)
            }
            // An incomplete character: wait for its next byte.
            Err(error) if error.error_len().is_none() && state.pending_len < 4 => state,
            Err(_) => {
                state.dead = true;
                state
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_grows_with_the_word() {
        assert_eq!(typo_budget("paix"), None);
        assert_eq!(typo_budget("russie"), Some(1));
        assert_eq!(typo_budget("cooperation"), Some(2));
        assert_eq!(typo_budget("20245"), None);
    }

    /// The typos a word finds in a small index, closest first.
    fn found(bodies: &str, word: &str) -> Vec<String> {
        let index = crate::testing::index(&[("a", "", bodies)]);
        terms(&index, word, false, &mut Needs::default())
            .unwrap()
            .expect("a whole index has every chunk")
            .into_iter()
            .map(|found| found.surface)
            .collect()
    }

    #[test]
    fn a_word_finds_the_closest_typos_its_length_allows() {
        let words = "russie cooperation paix";
        assert!(found(words, "pax").is_empty(), "under five letters");
        assert_eq!(found(words, "rusie"), ["russie"]);
        // Two edits (a transposition and a deletion) from nine letters on.
        assert_eq!(found(words, "cooperatoi"), ["cooperation"]);
        assert!(found(words, "rsuie").is_empty(), "two edits on six letters");
        assert_eq!(
            found("cooperation cooperations", "cooperatio"),
            ["cooperation"]
        );
    }

    #[test]
    fn a_typo_near_the_start_is_found_from_the_end() {
        let words = "scriptforge russie cooperation";
        assert_eq!(found(words, "sciptforge"), ["scriptforge"]);
        assert_eq!(found(words, "sriptforge"), ["scriptforge"]);
        assert_eq!(found(words, "ruusie"), ["russie"]);
        assert_eq!(found(words, "xooperation"), ["cooperation"]);
        let as_typed = |word| -> Vec<String> {
            let index = crate::testing::index(&[("a", "", words)]);
            let found = terms(&index, word, true, &mut Needs::default())
                .unwrap()
                .unwrap();
            found.into_iter().map(|found| found.surface).collect()
        };
        assert_eq!(
            as_typed("sciptforge"),
            ["scriptforge"],
            "a whole word being typed"
        );
    }
    use fst::{IntoStreamer, Set, Streamer};
    use proptest::prelude::*;

    /// Optimal string alignment distance, the definition the automaton
    /// follows, computed the plain way.
    fn osa(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        d[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j - 1] + cost)
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    fn matches(words: &[&str], query: &str, max: u8, prefix: bool) -> Vec<(String, u8)> {
        let mut sorted: Vec<&str> = words.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let set = Set::from_iter(sorted).unwrap();
        let automaton = Typos::new(query, max, prefix).unwrap();
        let mut stream = set.search_with_state(automaton.clone()).into_stream();
        let mut out = Vec::new();
        while let Some((key, state)) = stream.next() {
            out.push((
                String::from_utf8(key.to_vec()).unwrap(),
                automaton.distance(&state),
            ));
        }
        out
    }

    #[test]
    fn finds_words_one_or_two_edits_away() {
        let words = [
            "gennady",
            "genady",
            "gennadi",
            "kennedy",
            "poutine",
            "cooperation",
            "cooperatoin",
            "coopera",
        ];
        assert_eq!(
            matches(&words, "genady", 1, false),
            [("genady".to_owned(), 0), ("gennady".to_owned(), 1)]
        );
        assert_eq!(matches(&words, "genady", 2, false).len(), 3);
        // A swap of two neighbours is one edit.
        assert_eq!(
            matches(&words, "cooperatoin", 1, false),
            [("cooperation".to_owned(), 1), ("cooperatoin".to_owned(), 0)]
        );
    }

    #[test]
    fn prefix_mode_accepts_longer_words() {
        let words = ["gennady", "genre", "bezdetko"];
        let found: Vec<String> = matches(&words, "genad", 1, true)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(found, ["gennady"]);
    }

    #[test]
    fn accents_are_one_edit_per_letter() {
        let found: Vec<String> = matches(&["hanoï", "hanoi", "hano"], "hanoi", 1, false)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(found, ["hano", "hanoi", "hanoï"]);
    }

    #[test]
    fn long_words_get_no_automaton() {
        assert!(Typos::new(&"a".repeat(MAX_CHARS + 1), 1, false).is_none());
    }

    proptest! {
        #[test]
        fn agrees_with_the_plain_definition(
            words in proptest::collection::vec("[abcé]{0,7}", 1..40),
            query in "[abcé]{1,6}",
            max in 1u8..=2,
        ) {
            let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let found = matches(&word_refs, &query, max, false);
            let q: Vec<char> = query.chars().collect();
            let mut expected: Vec<(String, u8)> = words
                .iter()
                .filter_map(|w| {
                    let d = osa(&q, &w.chars().collect::<Vec<_>>());
                    (d <= max as usize).then(|| (w.clone(), d as u8))
                })
                .collect();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn prefix_mode_agrees_with_the_plain_definition(
            words in proptest::collection::vec("[abc]{0,7}", 1..40),
            query in "[abc]{1,5}",
        ) {
            let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let found: Vec<String> = matches(&word_refs, &query, 1, true).into_iter().map(|(w, _)| w).collect();
            let q: Vec<char> = query.chars().collect();
            let mut expected: Vec<String> = words
                .iter()
                .filter(|w| {
                    let chars: Vec<char> = w.chars().collect();
                    (0..=chars.len()).any(|end| osa(&q, &chars[..end]) <= 1)
                })
                .cloned()
                .collect();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(found, expected);
        }
    }
}
