//! What each fuzz target does with its bytes. A target returns normally
//! whatever the bytes; a panic (an abort, with this crate's profile) is
//! what the fuzzer reports as a crash. The same functions run under
//! `afl` (the `fuzz_*` binaries) and under `replay`, which CI runs on the
//! seeds and on every input that once crashed (`regressions/`).

use std::sync::OnceLock;

use trouve::format::pieces::frame;
use trouve::format::placer::InMemory;
use trouve::format::Location;
use trouve::{Bound, Document, Index, IndexBuilder, Language, NumberRange, SearchOptions, Sort};

// The command's own readers and request parser, compiled here from its
// sources: what is fuzzed is what `trouve build` and `trouve serve` run.
#[allow(dead_code, unused_imports)]
#[path = "../../src/cli/corpus/mod.rs"]
mod corpus;
#[allow(dead_code)]
mod serve;

/// Every target, by the name its binary and its seed folder carry.
pub const TARGETS: [(&str, fn(&[u8])); 7] = [
    ("index", index),
    ("query", query),
    ("html", html),
    ("markdown", markdown),
    ("json", json),
    ("text", text),
    ("request", request),
];

/// The queries asked of a damaged index: a prefix, a typo, a phrase, two
/// words, an exclusion.
const QUERIES: [&str; 5] = [
    "nucl",
    "Genady",
    "\"guerre patriotique\"",
    "amitie coopera",
    "-russie vietnam",
];

/// An index, in either layout: `[root length: u32 LE][root][piece file]`,
/// or, when the length does not fit, the whole input as a single-layout
/// index. Checksums are made right again (the root's, and each piece's as
/// it is read), so that damage reaches the reader behind them, as a file
/// written wrong would.
pub fn index(data: &[u8]) {
    let (root, pieces) = match data.get(..4) {
        Some(length) => {
            let length = u32::from_le_bytes(length.try_into().unwrap_or_default()) as usize;
            match data[4..].split_at_checked(length) {
                Some(split) => split,
                None => (data, &[][..]),
            }
        }
        None => (data, &[][..]),
    };
    let Ok(mut index) = Index::open(with_valid_checksum(root)) else {
        return;
    };
    for query in QUERIES {
        let _ = ask(&mut index, query, pieces);
    }
    if let Ok(answer) = index.summaries_by_date() {
        if let Some(summaries) = answer.ready() {
            let ids: Vec<String> = summaries.iter().take(3).map(|s| s.id.to_owned()).collect();
            for id in ids {
                let _ = index.document(&id);
            }
        }
    }
}

/// A query, asked of a small index in each layout, as a search and as
/// completions, in every order, and within a range of a number field.
pub fn query(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    let (single, split) = sample_indexes();
    let single = Index::open(single.clone()).expect("the sample index opens");
    let mut split = Index::open(split.0.clone()).expect("the sample root opens");
    for (sort, ranged) in [
        ("relevance", false),
        ("date", false),
        ("date:asc", true),
        ("mots:desc", false),
        ("mots", true),
    ] {
        let options = SearchOptions {
            sort: Sort::parse(sort).expect("a known order"),
            ranges: if ranged {
                vec![NumberRange {
                    field: "mots".into(),
                    min: Some(Bound::Number(9.0)),
                    max: None,
                }]
            } else {
                Vec::new()
            },
            ..SearchOptions::default()
        };
        let _ = single.search(&query, &options).map(|a| a.into_ready());
        let _ = search_all(&mut split, &query, &options, &sample_indexes().1 .1);
    }
    let _ = single.complete(&query, 5);
}

/// An HTML page, read as `trouve build` reads one, then indexed.
pub fn html(data: &[u8]) {
    read_and_index("html", data);
}

/// A Markdown file, with or without front matter, read then indexed.
pub fn markdown(data: &[u8]) {
    read_and_index("md", data);
}

/// JSON records, read both as a `.json` file and as a `.jsonl` one.
pub fn json(data: &[u8]) {
    read_and_index("json", data);
    read_and_index("jsonl", data);
}

/// A text file, read then indexed.
pub fn text(data: &[u8]) {
    read_and_index("txt", data);
}

/// Request heads on one connection, read until the reader gives up, and
/// the header values the server acts on.
pub fn request(data: &[u8]) {
    serve::exercise(data);
}

fn read_and_index(extension: &str, data: &[u8]) {
    // The build refuses text that is not UTF-8 before any reader runs.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reader = corpus::reader_for(extension).expect("a format the build reads");
    let Ok(read) = reader(text, "fuzz/page") else {
        return;
    };
    let mut builder = IndexBuilder::new(Language::French).expect("French is built in");
    for document in &read.documents {
        let _ = builder.add(document);
    }
    let index = Index::open(builder.finish()).expect("a fresh index opens");
    if let Some(document) = read.documents.first() {
        let words: String = document.title.chars().take(40).collect();
        let _ = index
            .search(&words, &SearchOptions::default())
            .expect("a fresh index answers");
    }
}

/// Asks `query` until answered, serving pieces out of `pieces`, with
/// early answers and without.
fn ask(index: &mut Index<Vec<u8>>, query: &str, pieces: &[u8]) -> trouve::Result<()> {
    for early in [false, true] {
        let options = SearchOptions {
            early,
            ..SearchOptions::default()
        };
        search_all(index, query, &options, pieces)?;
    }
    index.complete(query, 5).map(|_| ())
}

/// A search, fed the pieces it asks for over a few rounds, as the page
/// and `trouve search` do.
fn search_all(
    index: &mut Index<Vec<u8>>,
    query: &str,
    options: &SearchOptions,
    pieces: &[u8],
) -> trouve::Result<()> {
    for _ in 0..16 {
        let needs = index.search(query, options)?.needs();
        if needs.is_empty() {
            return Ok(());
        }
        for location in needs {
            let content =
                piece(pieces, location).ok_or(trouve::Error::Corrupt("a piece cannot be had"))?;
            index.add_piece(location, &content)?;
        }
    }
    Ok(())
}

/// The piece at `location` in the piece file, its checksum made right.
fn piece(pieces: &[u8], location: Location) -> Option<Vec<u8>> {
    let start = usize::try_from(location.offset).ok()?;
    let end = start.checked_add(location.length as usize)?;
    let stored = pieces.get(start..end)?;
    Some(frame(stored.get(..stored.len().checked_sub(4)?)?))
}

fn with_valid_checksum(bytes: &[u8]) -> Vec<u8> {
    match bytes.len().checked_sub(4) {
        Some(n) => frame(&bytes[..n]),
        None => bytes.to_vec(),
    }
}

/// The sample documents the index seeds and the query target use: short
/// French texts with the queries' words, accents, elisions, dates, and a
/// frequent word, so that the split layout has postings tails.
pub fn sample_documents() -> Vec<Document> {
    let words = [
        "coopération",
        "nucléaire",
        "amitié",
        "guerre",
        "patriotique",
        "Gennady",
        "Vietnam",
        "Russie",
        "libre-échange",
        "d’aujourd’hui",
        "l'histoire",
        "énergie",
    ];
    (0..12)
        .map(|n: usize| {
            let body: Vec<&str> = (0..8 + n % 5)
                .map(|k| words[(n * 7 + k * k) % words.len()])
                .collect();
            Document {
                id: format!("doc-{n}"),
                url: format!("/doc-{n}.html"),
                title: format!(
                    "{} {}",
                    words[n % words.len()],
                    words[(n + 3) % words.len()]
                ),
                date: trouve::Date::parse(&format!("20{:02}-{:02}", 10 + n, 1 + n % 12)),
                body: format!("{}, la guerre patriotique.", body.join(" ")),
                numbers: vec![("mots".into(), body.len().to_string())],
                meta: vec![("image".into(), format!("/doc-{n}.jpg"))],
                ..Document::default()
            }
        })
        .collect()
}

/// The sample index in the single layout, and in the split layout (its
/// root and its piece file).
pub fn sample_indexes() -> &'static (Vec<u8>, (Vec<u8>, Vec<u8>)) {
    static SAMPLES: OnceLock<(Vec<u8>, (Vec<u8>, Vec<u8>))> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let mut builder = IndexBuilder::new(Language::French).expect("French is built in");
        builder.head_docs(2);
        for document in sample_documents() {
            builder.add(&document).expect("sample ids are unique");
        }
        // Small chunks, so that a small index has several; small lists
        // inline, as the command keeps them.
        let mut file = InMemory::new(256).inline_lists_up_to(16);
        let root = builder.finish_into(&mut file);
        (builder.finish(), (root, file.bytes))
    })
}
