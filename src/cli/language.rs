//! The corpus's language when `--lang` does not say it: what its pages
//! declare (`<html lang>`, front matter `lang`), else what its text reads as,
//! else French. Stemming in the wrong language loses matches (English
//! stemmed as French found 25 pages for `sorting lists` on the Python docs,
//! where English stemming finds 97), so the choice is printed with why.

use std::collections::HashMap;

use trouve::Language;
use whatlang::{Detector, Lang};

use super::corpus::FileDocuments;

/// Files read to choose: enough that a few odd pages do not decide, few
/// enough to cost nothing next to the build.
pub const SAMPLE_FILES: usize = 40;

/// Text given to the guess: whatlang is sure well before this.
const GUESS_TEXT_BYTES: usize = 64 * 1024;

/// The language chosen, and why, for the build to print.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub language: Language,
    pub why: String,
}

/// Which of `count` files to sample: spread over the whole list, as files
/// come in path order and a site's sections can differ.
pub fn sample(count: usize) -> impl Iterator<Item = usize> {
    let step = count.div_ceil(SAMPLE_FILES).max(1);
    (0..count).step_by(step)
}

/// Chooses from the files sampled (those that could be read).
pub fn choose(sample: &[FileDocuments]) -> Choice {
    read(sample).unwrap_or_else(|| Choice {
        language: Language::French,
        why: "the default: the files neither declare a language nor read clearly as one".to_owned(),
    })
}

/// The language the files sampled declare, else the one their text reads
/// as; none when they say nothing clear.
pub fn read(sample: &[FileDocuments]) -> Option<Choice> {
    declared(sample).or_else(|| guessed(sample))
}

/// The language most of the declaring files declare, if any do.
fn declared(sample: &[FileDocuments]) -> Option<Choice> {
    let mut votes: HashMap<String, usize> = HashMap::new();
    for tag in sample.iter().filter_map(file_language) {
        *votes.entry(primary_subtag(tag)).or_default() += 1;
    }
    let declaring: usize = votes.values().sum();
    // The most votes, and among equals the first code in order, so that
    // the choice does not depend on the map's order.
    let (code, count) = votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    let of = format!("{count} of the {} files sampled", sample.len());
    Some(match Language::from_code(&code) {
        Some(language) if language != Language::None => Choice {
            language,
            why: if declaring == count {
                format!("declared by {of}")
            } else {
                format!("declared by {of}, the most declared of {declaring}")
            },
        },
        _ => Choice {
            language: Language::None,
            why: format!(
                "declared `{code}` by {of}, a language Trouve cannot stem: words match as written"
            ),
        },
    })
}

/// What a file declares: its own language, else the one most of its
/// records declare (the first of equals).
fn file_language(file: &FileDocuments) -> Option<&str> {
    if let Some(own) = file.language.as_deref() {
        return Some(own);
    }
    let declared: Vec<&str> = file
        .document_languages
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let votes = |tag: &str| declared.iter().filter(|&&other| other == tag).count();
    declared
        .iter()
        .copied()
        .reduce(|best, tag| if votes(tag) > votes(best) { tag } else { best })
}

/// The language a file declares (`en-GB`), if Trouve stems it: a page in
/// a language it cannot stem goes to the site's main language's index.
pub fn stemmed(tag: &str) -> Option<Language> {
    Language::from_code(&primary_subtag(tag)).filter(|&language| language != Language::None)
}

/// `en` for `en-US`, `no` for Norwegian Bokmål and Nynorsk.
fn primary_subtag(tag: &str) -> String {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match primary.as_str() {
        "nb" | "nn" => "no".to_owned(),
        _ => primary,
    }
}

/// What the sampled text reads as, among the languages Trouve stems, when
/// whatlang is confident.
fn guessed(sample: &[FileDocuments]) -> Option<Choice> {
    let mut text = String::new();
    for document in sample.iter().flat_map(|file| &file.documents) {
        if text.len() >= GUESS_TEXT_BYTES {
            break;
        }
        for part in [&document.title, &document.body] {
            text.push_str(part);
            text.push('\n');
        }
    }
    let detector = Detector::with_allowlist(STEMMED.iter().map(|&(lang, _)| lang).collect());
    let info = detector.detect(cut(&text, GUESS_TEXT_BYTES))?;
    if !info.is_reliable() {
        return None;
    }
    let &(_, language) = STEMMED.iter().find(|&&(lang, _)| lang == info.lang())?;
    Some(Choice {
        language,
        why: format!("read from the text of {} files", sample.len()),
    })
}

/// Whatlang's name for each language Trouve stems.
const STEMMED: [(Lang, Language); 14] = [
    (Lang::Fra, Language::French),
    (Lang::Eng, Language::English),
    (Lang::Deu, Language::German),
    (Lang::Spa, Language::Spanish),
    (Lang::Ita, Language::Italian),
    (Lang::Por, Language::Portuguese),
    (Lang::Nld, Language::Dutch),
    (Lang::Dan, Language::Danish),
    (Lang::Swe, Language::Swedish),
    (Lang::Nob, Language::Norwegian),
    (Lang::Fin, Language::Finnish),
    (Lang::Hun, Language::Hungarian),
    (Lang::Ron, Language::Romanian),
    (Lang::Tur, Language::Turkish),
];

/// At most `bytes` of `text`, cut at a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use trouve::Document;

    use super::*;

    fn file(language: Option<&str>, body: &str) -> FileDocuments {
        FileDocuments {
            documents: vec![Document {
                title: "T".into(),
                body: body.into(),
                ..Document::default()
            }],
            language: language.map(str::to_owned),
            ..FileDocuments::default()
        }
    }

    const ENGLISH: &str = "The list type supports sorting in place, and the sorted function returns a new list from any iterable, which is what most people want when they write a program that needs its data in order.";
    const FRENCH: &str = "Le président a reçu son homologue pour parler de la coopération nucléaire entre les deux pays, qui se sont promis de renforcer leurs liens dans les années qui viennent.";
    const GERMAN: &str = "Die Funktion gibt eine neue Liste zurück, die nach dem angegebenen Schlüssel sortiert ist, und lässt die ursprüngliche Liste dabei unverändert, was meistens gewünscht wird.";

    #[test]
    fn the_pages_declaration_wins_over_their_text() {
        let sample = [file(Some("en-US"), FRENCH), file(Some("en"), FRENCH)];
        let choice = choose(&sample);
        assert_eq!(choice.language, Language::English);
        assert_eq!(choice.why, "declared by 2 of the 2 files sampled");
    }

    #[test]
    fn the_most_declared_language_wins() {
        let sample = [
            file(Some("de"), GERMAN),
            file(Some("fr"), FRENCH),
            file(Some("de-AT"), GERMAN),
            file(None, ENGLISH),
        ];
        let choice = choose(&sample);
        assert_eq!(choice.language, Language::German);
        assert_eq!(
            choice.why,
            "declared by 2 of the 4 files sampled, the most declared of 3"
        );
        // Among equals, the first code in order: the same on every run.
        let tie = [file(Some("fr"), FRENCH), file(Some("de"), GERMAN)];
        assert_eq!(choose(&tie).language, Language::German);
    }

    #[test]
    fn a_declared_language_without_a_stemmer_matches_words_as_written() {
        let choice = choose(&[file(Some("pl"), "Dzień dobry, to jest strona.")]);
        assert_eq!(choice.language, Language::None);
        assert!(choice.why.starts_with("declared `pl`"), "{}", choice.why);
        assert_eq!(
            choose(&[file(Some("nb-NO"), "")]).language,
            Language::Norwegian
        );
    }

    #[test]
    fn undeclared_text_is_read_for_its_language() {
        for (text, language) in [
            (ENGLISH, Language::English),
            (FRENCH, Language::French),
            (GERMAN, Language::German),
        ] {
            let choice = choose(&[file(None, text), file(None, text)]);
            assert_eq!(choice.language, language, "{text}");
            assert_eq!(choice.why, "read from the text of 2 files");
        }
    }

    #[test]
    fn too_little_text_falls_back_to_french() {
        let choice = choose(&[file(None, "42")]);
        assert_eq!(choice.language, Language::French);
        assert!(choice.why.starts_with("the default"), "{}", choice.why);
    }

    #[test]
    fn the_sample_spreads_over_every_file() {
        assert_eq!(sample(3).collect::<Vec<_>>(), [0, 1, 2]);
        let spread: Vec<usize> = sample(1000).collect();
        assert_eq!(spread.len(), SAMPLE_FILES);
        assert_eq!((spread[0], spread[39]), (0, 975));
        assert_eq!(sample(0).count(), 0);
    }
}
