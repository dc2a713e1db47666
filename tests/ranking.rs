//! The ranking rules, each pinned by a small corpus built here, in both
//! layouts (which must agree): a page whose title is the query before pages
//! that merely hold its words, headings between title and body, words near
//! one another first, fewer typos first, a stem that is another word does
//! not name a page, sections linked by their anchors, a page with a title
//! and no text, hyphenated compounds, and "did you mean".

use trouve::format::placer::InMemory;
use trouve::{Answer, Document, Heading, Index, IndexBuilder, Language, SearchOptions};

/// A document whose body is `sections`, each a heading (with its anchor)
/// and its text, after a first paragraph `intro`.
fn page(id: &str, title: &str, intro: &str, sections: &[(&str, &str, &str)]) -> Document {
    let mut body = intro.to_owned();
    let mut headings = Vec::new();
    for (heading, anchor, text) in sections {
        body.push_str("\n\n");
        let start = body.len();
        body.push_str(heading);
        headings.push(Heading {
            start,
            end: body.len(),
            level: 2,
            anchor: (*anchor).into(),
        });
        body.push_str("\n\n");
        body.push_str(text);
    }
    Document {
        id: id.into(),
        url: format!("/{id}.html"),
        title: title.into(),
        body,
        headings,
        ..Document::default()
    }
}

fn doc(id: &str, title: &str, body: &str) -> Document {
    page(id, title, body, &[])
}

/// What a search answers, in a comparable form: each hit's id and the URLs
/// of its sections.
type Answered = Vec<(String, Vec<String>)>;

/// The answer to `query`, the same in the single and the split layout.
fn search(docs: &[Document], language: Language, query: &str) -> Answered {
    let mut builder = IndexBuilder::new(language).unwrap();
    for doc in docs {
        builder.add(doc).unwrap();
    }
    let options = SearchOptions::default();
    let answered = |hits: Vec<trouve::Hit<'_>>| -> Answered {
        hits.iter()
            .map(|h| {
                let sections = h.sections.iter().map(|s| s.url.clone()).collect();
                (h.document.id.to_owned(), sections)
            })
            .collect()
    };
    let single = Index::open(builder.finish()).unwrap();
    let whole = answered(
        single
            .search(query, &options)
            .unwrap()
            .into_ready()
            .unwrap(),
    );

    let mut pieces = InMemory::new(512);
    let mut split = Index::open(builder.finish_into(&mut pieces)).unwrap();
    for _ in 0..16 {
        match split.search(query, &options).unwrap() {
            Answer::Need(locations) => {
                for location in locations {
                    let stored = pieces.piece(location).unwrap().to_vec();
                    split.add_piece(location, &stored).unwrap();
                }
            }
            answer => {
                let parts = answered(answer.into_ready().unwrap());
                assert_eq!(parts, whole, "{query:?}: the layouts disagree");
                return whole;
            }
        }
    }
    panic!("{query:?}: the split index kept asking for pieces");
}

fn ids(docs: &[Document], query: &str) -> Vec<String> {
    search(docs, Language::French, query)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn a_page_whose_title_is_the_query_comes_before_pages_that_hold_its_words() {
    let docs = [
        doc(
            "mentions",
            "Fonctions d'affichage",
            "La fonction MsgBox, la fonction MsgBox encore, MsgBox partout : fonction, MsgBox.",
        ),
        doc("named", "Fonction MsgBox", "Affiche une boîte de dialogue."),
        doc(
            "longer",
            "Fonction MsgBox et ses constantes",
            "Les constantes.",
        ),
    ];
    assert_eq!(
        ids(&docs, "fonction msgbox"),
        ["named", "longer", "mentions"]
    );
    // Typed without accents or case, or with the last word still being typed.
    assert_eq!(ids(&docs, "FONCTION MSGB")[0], "named");
}

#[test]
fn a_heading_weighs_between_the_title_and_the_body() {
    // The section's number counts for nothing: "5.1.3." is not typed.
    for heading in ["Compréhensions de liste", "5.1.3. Compréhensions de liste"] {
        let docs = [
            doc(
                "body",
                "Tutoriel",
                "Les compréhensions de liste, une liste, des compréhensions, encore une liste.",
            ),
            page(
                "heading",
                "Structures de données",
                "Des structures.",
                &[(heading, "comprehensions", "On écrit ainsi.")],
            ),
            doc("title", "Compréhensions de liste", "Ailleurs."),
            page(
                "longer",
                "Programmation fonctionnelle",
                "Des fonctions.",
                &[(
                    "Générateurs et compréhensions de liste",
                    "generateurs",
                    "Une compréhension de liste, des compréhensions de liste.",
                )],
            ),
        ];
        // A heading that is the query before one that holds its words
        // among others, which comes before the body.
        assert_eq!(
            ids(&docs, "compréhensions de liste"),
            ["title", "heading", "longer", "body"],
            "{heading}"
        );
    }
}

#[test]
fn among_alike_results_words_together_come_first() {
    let docs = [
        doc(
            "apart",
            "Note",
            "Les valeurs sont lues une à une, séparées du reste du texte par des virgules, dans ce fichier de valeurs.",
        ),
        doc(
            "together",
            "Note",
            "Ce fichier contient des valeurs séparées par des virgules, rien d'autre.",
        ),
    ];
    // "apart" holds the words more often (a higher score), "together"
    // holds them side by side.
    assert_eq!(
        ids(&docs, "valeurs séparées virgules"),
        ["together", "apart"]
    );
}

#[test]
fn fewer_typos_come_first_even_before_a_title() {
    // `relations` is in no document: its stem finds `relation`, a typo
    // finds `relatons`, and the title does not outrank the typo.
    let docs = [
        doc("typo", "Relatons", "relatons bilatérales"),
        doc("stem", "Note", "une relation bilatérale"),
    ];
    assert_eq!(ids(&docs, "relations "), ["stem", "typo"]);
}

#[test]
fn a_stem_that_is_another_word_does_not_name_a_page() {
    // Snowball gives `imprimante` and `imprimer` one stem; a page named
    // "Imprimer" is not the one a visitor typing `imprimante` names.
    let docs = [
        doc("imprimer", "Imprimer", "Imprimer le document."),
        doc(
            "printer",
            "Paramétrage",
            "Choisissez l'imprimante, puis l'imprimante par défaut.",
        ),
    ];
    assert_eq!(ids(&docs, "imprimante ")[0], "printer");
    // A plural does name it.
    let docs = [
        doc("plural", "Polices", "Le choix."),
        doc("body", "Note", "La police, la police, la police."),
    ];
    assert_eq!(ids(&docs, "police ")[0], "plural");
}

#[test]
fn a_result_links_to_the_sections_that_match() {
    let docs = [page(
        "typing",
        "typing — Support for type hints",
        "This module provides runtime support for type hints.",
        &[
            ("Generics", "generics", "Type variables make generic types."),
            (
                "NewType",
                "newtype",
                "Use the NewType helper to create distinct types.",
            ),
            ("Callable", "", "Frameworks expecting callback functions."),
            (
                "Type aliases",
                "aliases",
                "An alias is defined by assignment.",
            ),
        ],
    )];
    let found = search(&docs, Language::English, "newtype helper");
    assert_eq!(found[0].1, ["/typing.html#newtype"]);
    // A section without an anchor links to the page.
    let found = search(&docs, Language::English, "callback frameworks");
    assert_eq!(found[0].1, ["/typing.html"]);
    // The best sections first: the one whose heading holds the word, then
    // those whose text does, in page order.
    let found = search(&docs, Language::English, "types");
    assert_eq!(
        found[0].1,
        [
            "/typing.html#aliases",
            "/typing.html#generics",
            "/typing.html#newtype"
        ]
    );
}

#[test]
fn a_page_with_a_title_and_no_text_is_found() {
    let docs = [
        doc("video", "Vidéos YouTube", ""),
        doc("other", "Autre", "Rien sur les vidéos ici."),
    ];
    assert_eq!(ids(&docs, "videos youtube"), ["video"]);
}

#[test]
fn a_hyphenated_compound_is_found_by_its_parts_and_its_plural() {
    let docs = [
        doc(
            "fstrings",
            "Formatted string literals",
            "Python has f-strings since 3.6.",
        ),
        doc("other", "Strings", "A string is text."),
    ];
    let english = |query| -> Vec<String> {
        search(&docs, Language::English, query)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    assert_eq!(english("f-string")[0], "fstrings");
    assert_eq!(english("f-strings ")[0], "fstrings");
    // The French cases still hold: the whole compound and each part.
    let docs = [
        doc(
            "asie",
            "Note",
            "La région Asie-Pacifique et le libre-échange.",
        ),
        doc("vietnam", "Note", "Les relations Vietnam-Russie."),
    ];
    assert_eq!(ids(&docs, "Asie-Pacifique"), ["asie"]);
    assert_eq!(ids(&docs, "pacifique"), ["asie"]);
    assert_eq!(ids(&docs, "libre-échange"), ["asie"]);
    assert_eq!(ids(&docs, "russie vietnam"), ["vietnam"]);
}

#[test]
fn a_misspelled_query_gets_the_dictionary_s_spelling() {
    let docs = [doc(
        "a",
        "Coopération nucléaire",
        "La coopération entre deux pays.",
    )];
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    builder.add(&docs[0]).unwrap();
    let index = Index::open(builder.finish()).unwrap();
    let suggest = |query| index.suggest(query).unwrap().into_ready().unwrap();
    assert_eq!(suggest("cooperatoin"), ["coopération"]);
    assert!(suggest("coopération").is_empty());
}
