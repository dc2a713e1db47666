//! An index cut in segments answers as the same documents in one segment
//! do: every kind of query, option and listing, in the single layout and
//! piece by piece in the split one.

use trouve::format::placer::InMemory;
use trouve::format::Location;
use trouve::{
    Answer, Bound, Date, Document, Filter, Heading, Index, IndexBuilder, Language, NumberRange,
    SearchOptions, Sort,
};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const WORDS: [&str; 24] = [
    "accord",
    "paix",
    "russie",
    "vietnam",
    "énergie",
    "nucléaire",
    "commerce",
    "visite",
    "président",
    "coopération",
    "économie",
    "hanoï",
    "moscou",
    "sommet",
    "traité",
    "gaz",
    "pétrole",
    "bilatérale",
    "stratégique",
    "partenariat",
    "relations",
    "ministre",
    "défense",
    "culture",
];

/// Documents of every shape a segment must carry: dated to the day, the
/// month or not at all, headings, bodies of one text block and of several,
/// filters, numbers.
fn corpus() -> Vec<Document> {
    let mut rng = Rng(0x5e6_3e47);
    (0..300)
        .map(|n| {
            let words = if n % 17 == 0 { 1400 } else { 8 + rng.below(60) };
            let body: Vec<&str> = (0..words).map(|_| WORDS[rng.zipf(WORDS.len())]).collect();
            let body = body.join(" ");
            let heading_end = body.find(' ').unwrap_or(body.len());
            let title: Vec<&str> = (0..1 + rng.below(4))
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect();
            let date = match n % 10 {
                0 => None,
                1 => Date::parse(&format!("20{:02}-{:02}", 5 + n % 19, 1 + n % 12)),
                _ => Date::parse(&format!(
                    "20{:02}-{:02}-{:02}",
                    5 + rng.below(19),
                    1 + rng.below(12),
                    1 + rng.below(28)
                )),
            };
            Document {
                id: format!("doc-{n}"),
                url: format!("/{n}.html"),
                title: title.join(" "),
                date,
                headings: vec![Heading {
                    start: 0,
                    end: heading_end,
                    level: 2,
                    anchor: format!("h{n}"),
                }],
                body,
                filters: vec![("section".into(), ["a", "b", "c"][n % 3].into())],
                numbers: vec![("prix".into(), (n * 7 % 101).to_string())],
                ..Document::default()
            }
        })
        .collect()
}

fn builder(segment_docs: Option<usize>) -> IndexBuilder {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    // Small heads: most words have tails, and the bounds are tried.
    builder.head_docs(8);
    if let Some(docs) = segment_docs {
        builder.segment_docs(docs);
    }
    for doc in corpus() {
        builder.add(&doc).unwrap();
    }
    builder
}

/// The pieces an answer still lacks.
fn missing<T>(answer: Answer<T>) -> Vec<Location> {
    match answer {
        Answer::Ready(_) => Vec::new(),
        Answer::Need(missing)
        | Answer::Early {
            settle: missing, ..
        } => missing,
    }
}

/// Adds the pieces from `file` that `ask` says are missing, until none is.
fn serve(
    index: &mut Index<Vec<u8>>,
    file: &InMemory,
    ask: impl Fn(&Index<Vec<u8>>) -> Vec<Location>,
) {
    for _ in 0..20 {
        let missing = ask(index);
        if missing.is_empty() {
            return;
        }
        for location in missing {
            index
                .add_piece(location, file.piece(location).unwrap())
                .unwrap();
        }
    }
    panic!("still not ready after 20 rounds")
}

fn options() -> Vec<SearchOptions> {
    let filter = |mode: &str| {
        let mut filters = Vec::new();
        Filter::add(&mut filters, "section", mode, "b").unwrap();
        filters
    };
    let base = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    vec![
        base.clone(),
        SearchOptions {
            limit: 50,
            early: true,
            ..base.clone()
        },
        SearchOptions {
            after: Date::parse("2012"),
            before: Date::parse("2019-06"),
            ..base.clone()
        },
        SearchOptions {
            sort: Sort::parse("date").unwrap(),
            ..base.clone()
        },
        SearchOptions {
            sort: Sort::parse("date:asc").unwrap(),
            filters: filter("none"),
            ..base.clone()
        },
        SearchOptions {
            filters: filter("any"),
            ranges: vec![NumberRange {
                field: "prix".into(),
                min: Some(Bound::Number(20.0)),
                max: Some(Bound::Number(80.0)),
            }],
            ..base.clone()
        },
        SearchOptions {
            sort: Sort::parse("prix:desc").unwrap(),
            ..base
        },
    ]
}

const QUERIES: [&str; 16] = [
    "paix",
    "accord paix",
    "russie vietnam énergie",
    "président russe coopération",
    "nucl",
    "pai",
    "r",
    "économie -paix",
    "\"accord paix\"",
    "\"énergie nucléaire\" russie",
    "cooperatoin",
    "vietnm hanoi",
    "culture défense ministre relations",
    "sommet traité gaz pétrole",
    "",
    "absent",
];

/// Asserts that `built`, in the single layout and piece by piece in the
/// split one, answers every query, option set, facet, completion, listing
/// and document as `expected` does.
fn assert_answers_as(expected: &Index<Vec<u8>>, built: &IndexBuilder, context: &str) {
    let single = Index::open(built.finish()).unwrap();
    let mut file = InMemory::new(512);
    let mut split = Index::open(built.finish_into(&mut file)).unwrap();
    let one = expected;
    for query in QUERIES {
        for options in options() {
            let expected = one.search(query, &options).unwrap().into_ready().unwrap();
            let context = format!("{context}, {query:?}, {options:?}");
            let got = single
                .search(query, &options)
                .unwrap()
                .into_ready()
                .unwrap();
            assert_eq!(got, expected, "{context}");
            serve(&mut split, &file, |index| {
                missing(index.search(query, &options).unwrap())
            });
            let got = split.search(query, &options).unwrap().into_ready().unwrap();
            assert_eq!(got, expected, "split, {context}");
        }
        let facets = one
            .facets(query, &SearchOptions::default(), &[])
            .unwrap()
            .into_ready()
            .unwrap();
        let all = SearchOptions::default();
        serve(&mut split, &file, |index| {
            missing(index.facets(query, &all, &[]).unwrap())
        });
        let got = split
            .facets(query, &all, &[])
            .unwrap()
            .into_ready()
            .unwrap();
        assert_eq!(got, facets, "facets, {context}, {query:?}");
        let completions = one.complete(query, 8).unwrap().into_ready().unwrap();
        serve(&mut split, &file, |index| {
            missing(index.complete(query, 8).unwrap())
        });
        let got = split.complete(query, 8).unwrap().into_ready().unwrap();
        assert_eq!(got, completions, "completions, {context}, {query:?}");
    }
    let listed = one.summaries_by_date().unwrap().into_ready().unwrap();
    serve(&mut split, &file, |index| {
        missing(index.summaries_by_date().unwrap())
    });
    let got = split.summaries_by_date().unwrap().into_ready().unwrap();
    assert_eq!(got, listed, "{context}");
    for id in ["doc-0", "doc-3", "doc-17", "doc-299", "doc-300"] {
        let document = one.document(id).unwrap().into_ready().unwrap();
        serve(&mut split, &file, |index| {
            missing(index.document(id).unwrap())
        });
        let got = split.document(id).unwrap().into_ready().unwrap();
        assert_eq!(got, document, "{id}, {context}");
    }
    assert_eq!(split.live_count(), one.live_count(), "{context}");
    assert_eq!(single.live_count(), one.live_count(), "{context}");
}

#[test]
fn segments_answer_as_one_segment() {
    let one = Index::open(builder(None).finish()).unwrap();
    assert_eq!(one.doc_count(), 300);
    // Segments of one document, of a few (the last one shorter) and of
    // more than a table holds.
    for per_segment in [1, 37, 150] {
        let segmented = builder(Some(per_segment));
        assert_answers_as(&one, &segmented, &format!("{per_segment} a segment"));
    }
}

/// Whether document `n` of the corpus goes in the deletions' test, and
/// whether it changes (`Some(true)`) or goes (`Some(false)`).
fn touched(n: usize) -> Option<bool> {
    match n % 11 {
        3 => Some(false),
        7 => Some(true),
        _ => None,
    }
}

/// A changed copy of a document: its title reworded, its body longer.
fn changed(doc: &Document) -> Document {
    Document {
        title: format!("{} sommet", doc.title),
        body: format!("{} partenariat stratégique", doc.body),
        filters: vec![("section".into(), "d".into())],
        ..doc.clone()
    }
}

#[test]
fn deleted_documents_answer_as_the_documents_left() {
    // Every 11th document goes, every other 11th changes: deleted, then
    // added again under its id. The reference holds the documents left,
    // the changed ones added last as a build that adds to an index adds
    // them; the other index keeps the deleted ones' postings and records,
    // in segments.
    let corpus = corpus();
    let mut reference = IndexBuilder::new(Language::French).unwrap();
    reference.head_docs(8);
    for (n, doc) in corpus.iter().enumerate() {
        if touched(n).is_none() {
            reference.add(doc).unwrap();
        }
    }
    for (n, doc) in corpus.iter().enumerate() {
        if touched(n) == Some(true) {
            reference.add(&changed(doc)).unwrap();
        }
    }
    let one = Index::open(reference.finish()).unwrap();
    assert!(one
        .document("doc-3")
        .unwrap()
        .into_ready()
        .unwrap()
        .is_none());

    for per_segment in [37, 400] {
        let mut built = builder(Some(per_segment));
        for (n, doc) in corpus.iter().enumerate() {
            if touched(n).is_some() {
                assert!(built.delete(&doc.id));
            }
        }
        assert!(!built.delete("doc-3"), "deleted already");
        for (n, doc) in corpus.iter().enumerate() {
            if touched(n) == Some(true) {
                built.add(&changed(doc)).unwrap();
            }
        }
        let context = format!("deletions, {per_segment} a segment");
        assert_answers_as(&one, &built, &context);
        let index = Index::open(built.finish()).unwrap();
        assert_eq!(index.doc_count(), 300 + 27, "{context}");
        assert_eq!(index.live_count(), 300 - 27, "{context}");
    }
}
