//! The one analyzer: text → terms, for indexing and for querying alike.
//!
//! This is the only place in Trouve that knows anything about language. The
//! index records which language and which [`ANALYZER_ID`] built it, and the
//! search side analyzes queries with the same [`Analyzer`], so a word typed
//! in the page is always cut and spelled the way the indexer cut and spelled
//! it. JavaScript never normalizes text: it sends the raw query.
//!
//! The steps, in order (the order matters):
//!
//! 1. **Segment** ([`tokenizer`]): words with their byte spans and positions;
//!    hyphenated words yield the whole word and each part.
//! 2. **Apostrophes**: `’ ‘ ʼ ＇` become `'`, so `l’énergie` and `l'énergie`
//!    are one spelling.
//! 3. **Lowercase** ([`lowercase`]).
//! 4. **Elision**: a listed prefix (`l' d' qu' jusqu'`… for French) is cut,
//!    so `l’énergie` indexes `énergie`; `aujourd'hui` is not an elision and
//!    stays whole.
//! 5. **Stem** (Snowball) the lowercased word. Snowball's French rules match
//!    accented suffixes (`-ité`, `-ément`), so stemming comes before folding.
//! 6. **Fold diacritics** ([`fold`]) in both the word and its stem: `é → e`,
//!    `œ → oe`, `ầ → a`, `đ → d`.
//!
//! Each word therefore has two keys: its *surface* form (steps 2–4 and 6:
//! `économiques → economiques`), which serves exact matches, completion of
//! the word being typed and typo tolerance, and its *stem* (all steps:
//! `econom`), which lets `économie` find `économique`.

mod fold;
mod language;
mod lowercase;
mod tokenizer;

pub use language::Language;
pub use tokenizer::{Token, Tokens, MAX_TOKEN_BYTES};

use rust_stemmers::Stemmer;

use crate::error::Error;

/// Identifies what this analyzer produces. Bump it whenever any step above
/// changes its output: indexes built by another analyzer are refused with a
/// clear error instead of silently missing words.
pub const ANALYZER_ID: u32 = 1;

/// The analyzed forms of one word; see the [module docs](self).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    /// Lowercased, elision cut, diacritics folded: `economiques`.
    pub surface: String,
    /// The folded Snowball stem: `econom`.
    pub stem: String,
}

/// The text → terms pipeline for one language.
pub struct Analyzer {
    language: Language,
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("language", &self.language)
            .finish()
    }
}

impl Analyzer {
    /// The analyzer for `language`; fails if this build leaves it out.
    pub fn new(language: Language) -> Result<Analyzer, Error> {
        let stemmer = language
            .stemmer()
            .map_err(|()| Error::LanguageUnavailable {
                code: language.code(),
                available: Language::available_codes(),
            })?;
        Ok(Analyzer { language, stemmer })
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Step 1: the words of `text`, with spans into `text`.
    pub fn tokens<'t>(&self, text: &'t str) -> Tokens<'t> {
        Tokens::new(text, 0)
    }

    /// Step 1 on a text cut at a word boundary, whose first word has
    /// position `position` in the whole text.
    pub fn tokens_from<'t>(&self, text: &'t str, position: u32) -> Tokens<'t> {
        Tokens::new(text, position)
    }

    /// Steps 2–4: writes the lowercased word without its elision into `out`
    /// and returns how many bytes of `word` the elision took (0 if none), so
    /// a highlight can start after it. Returns `None` if nothing is left.
    pub fn normalize_into(&self, word: &str, out: &mut String) -> Option<usize> {
        out.clear();
        let mut elided = 0;
        let mut seen_apostrophe = false;
        for (i, c) in word.char_indices() {
            if tokenizer::is_apostrophe(c) {
                if !seen_apostrophe && self.language.elisions().contains(&out.as_str()) {
                    elided = i + c.len_utf8();
                    out.clear();
                    seen_apostrophe = true;
                    continue;
                }
                seen_apostrophe = true;
                out.push('\'');
            } else if tokenizer::is_hyphen(c) {
                out.push('-');
            } else {
                lowercase::push_lowercase(c, out);
            }
        }
        if out.is_empty() {
            None
        } else {
            Some(elided)
        }
    }

    /// Steps 5–6 on a word already through [`Analyzer::normalize_into`].
    pub fn term_of_normalized(&self, normalized: &str) -> Term {
        let stem = match &self.stemmer {
            Some(stemmer) => fold(&stemmer.stem(normalized)),
            None => fold(normalized),
        };
        Term {
            surface: fold(normalized),
            stem,
        }
    }

    /// The surface form alone (steps 2–4 and 6), as typed words are matched.
    pub fn surface(&self, word: &str) -> Option<String> {
        let mut normalized = String::new();
        self.normalize_into(word, &mut normalized)?;
        Some(fold(&normalized))
    }

    /// The character `word`'s surface form begins with, told from its first
    /// character alone (written through `scratch`): `None` when that cannot
    /// be told so, as when an apostrophe means an elision may go. A snippet
    /// spells only the words that could match.
    pub fn surface_start(&self, word: &str, scratch: &mut String) -> Option<char> {
        // Every apostrophe but ' is beyond ASCII.
        if word.bytes().any(|b| b == b'\'' || !b.is_ascii())
            && word.chars().any(tokenizer::is_apostrophe)
        {
            return None;
        }
        let first = word.chars().next()?;
        if first.is_ascii() {
            return Some(first.to_ascii_lowercase());
        }
        scratch.clear();
        lowercase::push_lowercase(first, scratch);
        let lowered = scratch.chars().next()?;
        scratch.clear();
        fold::push_folded(lowered, scratch);
        scratch.chars().next()
    }

    /// [`Analyzer::surface`] into `out`, with `scratch` for the step
    /// before: no allocation once they have grown, for a snippet that
    /// spells every word of a text block. False if nothing is left.
    pub fn surface_into(&self, word: &str, scratch: &mut String, out: &mut String) -> bool {
        if self.normalize_into(word, scratch).is_none() {
            return false;
        }
        out.clear();
        if scratch.is_ascii() {
            out.push_str(scratch);
        } else {
            scratch.chars().for_each(|c| fold::push_folded(c, out));
        }
        true
    }

    /// All steps on one word.
    pub fn term(&self, word: &str) -> Option<Term> {
        let mut normalized = String::new();
        self.normalize_into(word, &mut normalized)?;
        Some(self.term_of_normalized(&normalized))
    }

    /// Every token of `text` with its term: for tests and tools; the indexer
    /// uses the steps separately to stem each distinct word only once.
    pub fn analyze(&self, text: &str) -> Vec<(Token, Term)> {
        self.tokens(text)
            .filter_map(|token| Some((token, self.term(&text[token.start..token.end])?)))
            .collect()
    }
}

/// Step 6: removes diacritics.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_owned();
    }
    let mut out = String::with_capacity(word.len());
    word.chars().for_each(|c| fold::push_folded(c, &mut out));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> Analyzer {
        Analyzer::new(Language::French).unwrap()
    }

    #[test]
    fn a_surface_starts_as_its_first_letter_says_or_it_is_not_told() {
        let analyzer = fr();
        let mut scratch = String::new();
        for word in [
            "Économie",
            "d’amitié",
            "l'État",
            "İstanbul",
            "Œuvre",
            "Ærø",
            "ßa",
            "123",
            "x-y",
            "ÇA",
            "ǅemal",
            "ﬁn",
            "Ångström",
            "qu’il",
        ] {
            let start = analyzer.surface_start(word, &mut scratch);
            let surface = analyzer.surface(word).and_then(|s| s.chars().next());
            assert!(
                start.is_none() || start == surface,
                "{word}: {start:?} against {surface:?}"
            );
        }
        assert_eq!(analyzer.surface_start("Économie", &mut scratch), Some('e'));
        assert_eq!(analyzer.surface_start("d’amitié", &mut scratch), None);
    }

    fn surfaces(text: &str) -> Vec<String> {
        fr().analyze(text)
            .into_iter()
            .map(|(_, t)| t.surface)
            .collect()
    }

    #[test]
    fn step_apostrophes_are_one_spelling() {
        let a = fr();
        for word in [
            "l’énergie",
            "l'énergie",
            "l‘énergie",
            "lʼénergie",
            "l＇énergie",
        ] {
            assert_eq!(a.surface(word).as_deref(), Some("energie"), "{word}");
        }
    }

    #[test]
    fn step_lowercase() {
        assert_eq!(fr().surface("ÉCONOMIE").as_deref(), Some("economie"));
        assert_eq!(fr().surface("Poutine").as_deref(), Some("poutine"));
    }

    #[test]
    fn step_elision_cuts_listed_prefixes_only() {
        assert_eq!(
            surfaces("d’amitié l'histoire qu'il jusqu'à lorsqu'elle s’est"),
            ["amitie", "histoire", "il", "a", "elle", "est"]
        );
        assert_eq!(
            surfaces("aujourd'hui d’aujourd’hui"),
            ["aujourd'hui", "aujourd'hui"]
        );
        // Only the first apostrophe can be an elision.
        assert_eq!(fr().surface("l'l'x").as_deref(), Some("l'x"));
        // English has no elision list: the apostrophe stays.
        assert_eq!(
            Analyzer::new(Language::English)
                .unwrap()
                .surface("l'amour")
                .as_deref(),
            Some("l'amour")
        );
    }

    #[test]
    fn elision_reports_where_the_word_starts() {
        let mut out = String::new();
        assert_eq!(fr().normalize_into("l’énergie", &mut out), Some("l’".len()));
        assert_eq!(out, "énergie");
        assert_eq!(fr().normalize_into("énergie", &mut out), Some(0));
        // A lone elision leaves nothing.
        assert_eq!(fr().normalize_into("l'", &mut out), None);
    }

    #[test]
    fn step_stem_groups_word_forms() {
        let a = fr();
        let stem = |w: &str| a.term(w).map(|t| t.stem);
        assert_eq!(stem("économie"), stem("économies"));
        assert_eq!(stem("économique"), stem("économiques"));
        assert_eq!(stem("relation"), stem("relations"));
        assert_eq!(stem("amitié"), stem("amitiés"));
        assert_eq!(stem("téléphonique"), stem("téléphoniques"));
        assert_ne!(stem("paix"), stem("pays"));
    }

    #[test]
    fn step_stem_then_fold() {
        // The stem is folded too, so an accent-free query meets it.
        let t = fr().term("Fédération").unwrap();
        assert_eq!(t.surface, "federation");
        assert!(t.stem.is_ascii() && t.surface.starts_with(&t.stem), "{t:?}");
    }

    #[test]
    fn step_fold_vietnamese_names() {
        assert_eq!(
            surfaces("Tô Lâm, Lê Hoài Trung, Nguyễn Phú Trọng, Đà Nẵng"),
            ["to", "lam", "le", "hoai", "trung", "nguyen", "phu", "trong", "da", "nang"]
        );
    }

    #[test]
    fn hyphenated_words_are_found_whole_and_by_part() {
        assert_eq!(
            surfaces("libre-échange"),
            ["libre-echange", "libre", "echange"]
        );
        assert_eq!(
            surfaces("l'Asie-Pacifique"),
            ["asie-pacifique", "asie", "pacifique"]
        );
    }

    #[test]
    fn numbers_are_kept() {
        assert_eq!(
            surfaces("en 2045, le 80e anniversaire (9 mai 1945 - 2025)"),
            [
                "en",
                "2045",
                "le",
                "80e",
                "anniversaire",
                "9",
                "mai",
                "1945",
                "2025"
            ]
        );
    }

    #[test]
    fn language_codes_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_code(language.code()), Some(language));
            assert_eq!(Language::from_byte(language.to_byte()), Some(language));
        }
        assert_eq!(Language::from_code("FR-ca"), Some(Language::French));
        assert_eq!(Language::from_code("xx"), None);
    }
}
