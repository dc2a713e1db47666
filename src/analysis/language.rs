//! The languages Trouve analyzes: for each, its code, its number inside an
//! index, its Snowball stemmer and its list of elisions.

#[allow(unused_imports)] // every language may be left out of a build
use rust_stemmers::{Algorithm, Stemmer};

/// The language of a corpus: chooses the stemmer and the elision list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    French,
    English,
    German,
    Spanish,
    Italian,
    Portuguese,
    Dutch,
    Danish,
    Swedish,
    Norwegian,
    Finnish,
    Hungarian,
    Romanian,
    Turkish,
    /// No stemming and no elision: exact words, prefixes and typos only.
    None,
}

impl Language {
    /// Every language, in the order of their codes' byte values in the index.
    pub const ALL: [Language; 15] = [
        Language::None,
        Language::French,
        Language::English,
        Language::German,
        Language::Spanish,
        Language::Italian,
        Language::Portuguese,
        Language::Dutch,
        Language::Danish,
        Language::Swedish,
        Language::Norwegian,
        Language::Finnish,
        Language::Hungarian,
        Language::Romanian,
        Language::Turkish,
    ];

    /// The ISO 639-1 code (`"fr"`), or `"none"`.
    pub fn code(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
            Language::German => "de",
            Language::Spanish => "es",
            Language::Italian => "it",
            Language::Portuguese => "pt",
            Language::Dutch => "nl",
            Language::Danish => "da",
            Language::Swedish => "sv",
            Language::Norwegian => "no",
            Language::Finnish => "fi",
            Language::Hungarian => "hu",
            Language::Romanian => "ro",
            Language::Turkish => "tr",
            Language::None => "none",
        }
    }

    /// Parses an ISO 639-1 code (`"fr"`, `"fr-CA"`) or `"none"`.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The number that stands for this language inside an index.
    pub(crate) fn to_byte(self) -> u8 {
        Language::ALL.iter().position(|&l| l == self).unwrap_or(0) as u8
    }

    pub(crate) fn from_byte(byte: u8) -> Option<Language> {
        Language::ALL.get(byte as usize).copied()
    }

    /// The Snowball stemmer, `Ok(None)` for no stemming, or `Err` when this
    /// build leaves the language out. Each stemmer costs the browser module
    /// about 8 KB gzipped, so an engine carries only its corpus's language;
    /// `Stemmer::create` is called with a constant in each arm so that the
    /// linker can drop the languages a build does not name.
    pub(super) fn stemmer(self) -> Result<Option<Stemmer>, ()> {
        macro_rules! pick {
            ($($language:ident => $feature:literal),* $(,)?) => {
                match self {
                    Language::None => Ok(None),
                    $(
                        #[cfg(feature = $feature)]
                        Language::$language => Ok(Some(Stemmer::create(Algorithm::$language))),
                    )*
                    #[allow(unreachable_patterns)]
                    _ => Err(()),
                }
            };
        }
        pick! {
            French => "lang-fr", English => "lang-en", German => "lang-de", Spanish => "lang-es",
            Italian => "lang-it", Portuguese => "lang-pt", Dutch => "lang-nl", Danish => "lang-da",
            Swedish => "lang-sv", Norwegian => "lang-no", Finnish => "lang-fi", Hungarian => "lang-hu",
            Romanian => "lang-ro", Turkish => "lang-tr",
        }
    }

    /// Whether this build can analyze the language.
    pub fn is_available(self) -> bool {
        self.stemmer().is_ok()
    }

    /// The codes of the languages this build can analyze, each quoted, so
    /// that `none` reads as a code: "`fr`, `none`".
    pub fn available_codes() -> String {
        let mut codes = String::new();
        for language in Language::ALL.iter().filter(|l| l.is_available()) {
            if !codes.is_empty() {
                codes.push_str(", ");
            }
            codes.push('`');
            codes.push_str(language.code());
            codes.push('`');
        }
        codes
    }

    /// Prefixes cut before an apostrophe, lowercase and without it.
    pub(super) fn elisions(self) -> &'static [&'static str] {
        match self {
            Language::French => &[
                "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
            ],
            Language::Italian => &[
                "l", "d", "un", "dell", "all", "dall", "nell", "sull", "coll", "quell", "quest",
                "c",
            ],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn available_codes_are_quoted_so_that_none_reads_as_a_code() {
        let codes = Language::available_codes();
        assert!(codes.starts_with("`none`, "), "{codes}");
        #[cfg(feature = "lang-fr")]
        assert!(codes.contains(", `fr`"), "{codes}");
    }
}
