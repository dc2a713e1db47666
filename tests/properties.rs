//! Properties that must hold for any corpus: every word of a document finds
//! it, however it is typed.

use proptest::prelude::*;
use trouve::{Analyzer, Document, Index, IndexBuilder, Language, SearchOptions};

/// Words with the features French text throws at an analyzer: accents,
/// elisions with both apostrophes, hyphens, numbers, Vietnamese names.
const WORDS: &[&str] = &[
    "économie",
    "économique",
    "Économies",
    "l’énergie",
    "l'énergie",
    "d’amitié",
    "d'amitié",
    "aujourd'hui",
    "d’aujourd’hui",
    "libre-échange",
    "Asie-Pacifique",
    "nucléaire",
    "coopération",
    "Tô",
    "Lâm",
    "Nguyễn",
    "Đà",
    "Nẵng",
    "2045",
    "80e",
    "XIVe",
    "relations",
    "relation",
    "qu'il",
    "jusqu'à",
    "Fédération",
    "œuvre",
    "cœur",
    "naïve",
    "Noël",
    "été",
    "paix",
    "pays",
    "téléphonique",
    "Gennady",
    "Bezdetko",
    "Poutine",
    "Kremlin",
    "sécurité-défense",
    "1.5",
    "10,000",
    "a-t-il",
];

fn documents() -> impl Strategy<Value = Vec<(Vec<usize>, Vec<usize>)>> {
    let words = || proptest::collection::vec(0..WORDS.len(), 1..25);
    proptest::collection::vec(
        (proptest::collection::vec(0..WORDS.len(), 1..5), words()),
        1..8,
    )
}

fn build(docs: &[(Vec<usize>, Vec<usize>)]) -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    for (i, (title, body)) in docs.iter().enumerate() {
        let join = |w: &[usize]| w.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        builder
            .add(&Document {
                id: format!("d{i}"),
                url: format!("/d{i}"),
                title: join(title),
                date: None,
                body: join(body) + ".",
                ..Document::default()
            })
            .unwrap();
    }
    builder.finish()
}

/// Spellings a visitor might type for `word`.
fn typings(word: &str) -> Vec<String> {
    let mut out = vec![
        word.to_owned(),
        word.to_uppercase(),
        word.replace('’', "'"),
        word.replace('\'', "’"),
    ];
    // Without accents, as people type on phones.
    out.push(trouve::analysis::fold(&word.to_lowercase()));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn every_word_of_a_document_finds_it(docs in documents()) {
        let bytes = build(&docs);
        let index = Index::open(&bytes[..]).unwrap();
        let analyzer = Analyzer::new(Language::French).unwrap();
        let options = SearchOptions { limit: docs.len(), ..SearchOptions::default() };
        for (i, (title, body)) in docs.iter().enumerate() {
            let id = format!("d{i}");
            for &w in title.iter().chain(body) {
                for typed in typings(WORDS[w]) {
                    // A word is something the analyzer keeps: "l'" alone is not.
                    if analyzer.analyze(&typed).is_empty() {
                        continue;
                    }
                    for query in [typed.clone(), format!("{typed} ")] {
                        let hits = index.search(&query, &options).unwrap().into_ready().unwrap();
                        prop_assert!(
                            hits.iter().any(|h| h.document.id == id && h.missing.is_empty()),
                            "query {:?} does not find {} ({:?})", query, id, hits.iter().map(|h| h.document.id).collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_phrase_copied_from_a_document_finds_it(docs in documents(), from in any::<prop::sample::Index>(), len in 2usize..4) {
        let bytes = build(&docs);
        let index = Index::open(&bytes[..]).unwrap();
        let options = SearchOptions { limit: docs.len(), ..SearchOptions::default() };
        for (i, (_, body)) in docs.iter().enumerate() {
            let start = from.index(body.len());
            let words: Vec<&str> = body[start..(start + len).min(body.len())].iter().map(|&w| WORDS[w]).collect();
            let query = format!("\"{}\"", words.join(" "));
            let hits = index.search(&query, &options).unwrap().into_ready().unwrap();
            prop_assert!(hits.iter().any(|h| h.document.id == format!("d{i}")), "{query} misses d{i}");
        }
    }
}
