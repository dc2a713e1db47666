//! An index cut in segments answers as the same documents in one segment
//! do: every kind of query, option and listing, in the single layout and
//! piece by piece in the split one.

use trouve::append::base_of;
use trouve::format::placer::InMemory;
use trouve::format::Location;
use trouve::{
    Answer, AppendError, Bound, Date, Document, Filter, Heading, Hit, Index, IndexBuilder,
    Language, NumberRange, SearchOptions, Sort, Summary,
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
    serve_from(index, &[file], ask)
}

/// [`serve`] from the piece files of several builds.
fn serve_from(
    index: &mut Index<Vec<u8>>,
    files: &[&InMemory],
    ask: impl Fn(&Index<Vec<u8>>) -> Vec<Location>,
) {
    for _ in 0..20 {
        let missing = ask(index);
        if missing.is_empty() {
            return;
        }
        for location in missing {
            let piece = files.iter().find_map(|file| file.piece(location));
            index.add_piece(location, piece.unwrap()).unwrap();
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

/// A changed copy of a document: its title reworded (as long as it was),
/// its body longer.
fn changed(doc: &Document) -> Document {
    let rest = doc.title.split_once(' ').map_or("", |(_, rest)| rest);
    Document {
        title: format!("sommet {rest}").trim_end().to_owned(),
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

/// Whether `got` ranks as `expected` does but for the order of exact ties:
/// the same scores in the same order, and in each run of equal scores the
/// same documents (the last run, which the limit may cut, aside).
fn same_up_to_ties(got: &[Hit<'_>], expected: &[Hit<'_>]) -> Result<(), String> {
    let scores = |hits: &[Hit<'_>]| hits.iter().map(|h| h.score).collect::<Vec<f32>>();
    if scores(got) != scores(expected) {
        return Err(format!(
            "scores {:?} against {:?}",
            scores(got),
            scores(expected)
        ));
    }
    let mut start = 0;
    while start < got.len() {
        let end = (start..got.len())
            .find(|&i| got[i].score != got[start].score)
            .unwrap_or(got.len());
        if end < got.len() {
            let ids = |hits: &[Hit<'_>]| {
                let mut ids: Vec<String> = hits.iter().map(|h| format!("{h:?}")).collect();
                ids.sort();
                ids
            };
            if ids(&got[start..end]) != ids(&expected[start..end]) {
                return Err(format!("hits {start}..{end} differ"));
            }
        }
        start = end;
    }
    Ok(())
}

/// Whether `got` lists documents newest first as `expected` does but for
/// the order of those of one date: the same dates in the same order, and
/// for each date but the last (which a limit may cut) the same documents.
fn same_dates(got: &[Summary<'_>], expected: &[Summary<'_>]) -> Result<(), String> {
    fn dates<'a>(list: &[Summary<'a>]) -> Vec<Option<&'a str>> {
        list.iter().map(|s| s.date).collect()
    }
    fn ids<'a>(list: &[Summary<'a>]) -> Vec<&'a str> {
        let mut ids: Vec<&str> = list.iter().map(|s| s.id).collect();
        ids.sort();
        ids
    }
    if dates(got) != dates(expected) {
        return Err(format!(
            "dates {:?} against {:?}",
            dates(got),
            dates(expected)
        ));
    }
    let mut start = 0;
    while start < got.len() {
        let end = (start..got.len())
            .find(|&i| got[i].date != got[start].date)
            .unwrap_or(got.len());
        if end < got.len() && ids(&got[start..end]) != ids(&expected[start..end]) {
            return Err(format!("documents {start}..{end} differ"));
        }
        start = end;
    }
    Ok(())
}

/// The documents of some hits.
fn summaries<'a>(hits: &[Hit<'a>]) -> Vec<Summary<'a>> {
    hits.iter().map(|h| h.document).collect()
}

/// Whether document `n` of the corpus, built yesterday, changes today
/// (`Some(true)`) or goes (`Some(false)`).
fn today(n: usize) -> Option<bool> {
    match n % 13 {
        5 => Some(true),
        9 if n % 2 == 0 => Some(false),
        _ => None,
    }
}

#[test]
fn a_build_that_adds_a_segment_answers_as_a_full_build() {
    // Yesterday's index holds the first 250 documents; today 50 more come,
    // 1 in 13 of yesterday's changes and 1 in 26 goes.
    let corpus = corpus();
    let (yesterday, new) = corpus.split_at(250);
    let mut first = IndexBuilder::new(Language::French).unwrap();
    first.head_docs(8);
    for doc in yesterday {
        first.add(doc).unwrap();
    }
    let mut first_file = InMemory::new(512);
    let mut base_index = Index::open(first.finish_into(&mut first_file)).unwrap();
    let mut gone: Vec<String> = (0..250)
        .filter(|&n| today(n).is_some())
        .map(|n| corpus[n].id.clone())
        .collect();
    // Named twice, and not held: each changes nothing.
    gone.extend(["doc-5".to_owned(), "doc-999".to_owned()]);
    serve(&mut base_index, &first_file, |index| {
        missing(base_of(index, &gone).unwrap())
    });
    let base = base_of(&base_index, &gone).unwrap().into_ready().unwrap();

    let mut second = IndexBuilder::new(Language::French).unwrap();
    second.head_docs(8);
    let changes = yesterday
        .iter()
        .enumerate()
        .filter(|&(n, _)| today(n) == Some(true));
    let changed_today: Vec<Document> = changes.map(|(_, doc)| changed(doc)).collect();
    for doc in new.iter().chain(&changed_today) {
        second.add(doc).unwrap();
    }
    let mut second_file = InMemory::new(512);
    let root = second.finish_onto(&base, &mut second_file).unwrap();
    let mut added = Index::open(root).unwrap();

    // The same documents, built whole.
    let mut whole = IndexBuilder::new(Language::French).unwrap();
    whole.head_docs(8);
    let kept = yesterday
        .iter()
        .enumerate()
        .filter(|&(n, _)| today(n).is_none());
    for doc in kept.map(|(_, doc)| doc).chain(new).chain(&changed_today) {
        whole.add(doc).unwrap();
    }
    let whole = Index::open(whole.finish()).unwrap();
    assert_eq!(added.live_count(), whole.live_count());
    assert_eq!(added.doc_count(), 250 + 50 + changed_today.len() as u32);

    let files = [&first_file, &second_file];
    for query in QUERIES {
        // Each option set, and with every result.
        let every = options().into_iter().map(|options| SearchOptions {
            limit: 400,
            ..options
        });
        for options in options().into_iter().chain(every) {
            let expected = whole.search(query, &options).unwrap().into_ready().unwrap();
            serve_from(&mut added, &files, |index| {
                missing(index.search(query, &options).unwrap())
            });
            let got = added.search(query, &options).unwrap().into_ready().unwrap();
            if query.is_empty() {
                // A section browsed, newest first.
                if let Err(why) = same_dates(&summaries(&got), &summaries(&expected)) {
                    panic!("browsing, {options:?}: {why}");
                }
            }
            if let Err(why) = same_up_to_ties(&got, &expected) {
                panic!("{query:?}, {options:?}: {why}\n{got:#?}\n{expected:#?}");
            }
        }
        let all = SearchOptions::default();
        let facets = whole
            .facets(query, &all, &[])
            .unwrap()
            .into_ready()
            .unwrap();
        serve_from(&mut added, &files, |index| {
            missing(index.facets(query, &all, &[]).unwrap())
        });
        let got = added
            .facets(query, &all, &[])
            .unwrap()
            .into_ready()
            .unwrap();
        assert_eq!(got, facets, "facets, {query:?}");
        let completions = whole.complete(query, 8).unwrap().into_ready().unwrap();
        serve_from(&mut added, &files, |index| {
            missing(index.complete(query, 8).unwrap())
        });
        let got = added.complete(query, 8).unwrap().into_ready().unwrap();
        assert_eq!(got, completions, "completions, {query:?}");
    }
    let listed = whole.summaries_by_date().unwrap().into_ready().unwrap();
    serve_from(&mut added, &files, |index| {
        missing(index.summaries_by_date().unwrap())
    });
    let got = added.summaries_by_date().unwrap().into_ready().unwrap();
    if let Err(why) = same_dates(&got, &listed) {
        panic!("the listing: {why}");
    }
    for n in [0, 5, 9, 18, 22, 260, 299] {
        let id = &corpus[n].id;
        let document = whole.document(id).unwrap().into_ready().unwrap();
        serve_from(&mut added, &files, |index| {
            missing(index.document(id).unwrap())
        });
        let got = added.document(id).unwrap().into_ready().unwrap();
        assert_eq!(got, document, "{id}");
    }

    // A second day, onto the first's: the index grows a third segment.
    let base = {
        let gone = vec![corpus[260].id.clone()];
        serve_from(&mut added, &files, |index| {
            missing(base_of(index, &gone).unwrap())
        });
        base_of(&added, &gone).unwrap().into_ready().unwrap()
    };
    let mut third = IndexBuilder::new(Language::French).unwrap();
    third.add(&changed(&corpus[260])).unwrap();
    let mut third_file = InMemory::new(512);
    let root = third.finish_onto(&base, &mut third_file).unwrap();
    let mut again = Index::open(root).unwrap();
    let files = [&first_file, &second_file, &third_file];
    let all = SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    };
    serve_from(&mut again, &files, |index| {
        let mut missing_pieces = missing(index.search("sommet", &all).unwrap());
        missing_pieces.extend(missing(index.document("doc-260").unwrap()));
        missing_pieces
    });
    let hits = again.search("sommet", &all).unwrap().into_ready().unwrap();
    let copies = hits.iter().filter(|h| h.document.id == "doc-260").count();
    assert_eq!(copies, 1, "the changed copy, not the one before");
    let stored = again.document("doc-260").unwrap().into_ready().unwrap();
    assert_eq!(stored.unwrap().summary.title, changed(&corpus[260]).title);
    assert_eq!(again.live_count(), added.live_count());

    // A new document under an id the index keeps is refused.
    let mut clash = IndexBuilder::new(Language::French).unwrap();
    clash.add(&corpus[1]).unwrap();
    assert_eq!(
        clash.finish_onto(&base, &mut InMemory::new(512)),
        Err(AppendError::DuplicateId("doc-1".into()))
    );
}
