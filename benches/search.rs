//! Native query latency, build throughput and what opening an index costs
//! (its checks included), on the bundled articles and on a generated
//! corpus of 20,000 news-like documents.
//!
//! Run with `cargo bench --bench search`; the README records the medians.
//! The articles are indexed by the real `trouve build` (the same reader the
//! site owner runs); the large corpus is generated here, deterministically,
//! from the articles' own vocabulary plus invented words, with word
//! frequencies that follow Zipf's law like real text.

use std::hint::black_box;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use trouve::format::placer::InMemory;
use trouve::{Analyzer, Document, Index, IndexBuilder, Language, SearchOptions};

#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

const LARGE_DOCS: usize = 20_000;

fn articles_index() -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/bench-articles");
    let status = Command::new(env!("CARGO_BIN_EXE_trouve"))
        .args(["build", "www/articles", "--no-bundle", "--quiet", "-o"])
        .arg(&out)
        .current_dir(&root)
        .status()
        .expect("runs trouve build");
    assert!(status.success(), "trouve build failed");
    std::fs::read(out.join("index.trv")).expect("reads the index")
}

/// The articles' words, most frequent first (so `de` and `la` lead, as in
/// real French), then invented ones.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/www/articles"))
            .expect("articles folder")
            .map(|entry| entry.expect("entry").path())
            .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(path).expect("article text");
        for word in text.split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'' && c != '-')
        {
            if !word.is_empty() {
                *counts.entry(word.to_owned()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut words: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
    const ONSETS: [&str; 16] = [
        "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr", "pl",
    ];
    const VOWELS: [&str; 12] = [
        "a", "e", "i", "o", "u", "é", "è", "ou", "ai", "on", "an", "in",
    ];
    while words.len() < 40_000 {
        let syllables = 2 + rng.below(3);
        let word: String = (0..syllables)
            .map(|_| format!("{}{}", ONSETS[rng.below(16)], VOWELS[rng.below(12)]))
            .collect();
        words.push(word);
    }
    words
}

fn large_corpus() -> Vec<Document> {
    let mut rng = Rng(0x7472_6f75_7665);
    let words = vocabulary(&mut rng);
    let sentence = |rng: &mut Rng, n: usize| -> String {
        let mut s: Vec<&str> = (0..n)
            .map(|_| words[rng.zipf(words.len())].as_str())
            .collect();
        if let Some(first) = s.first_mut() {
            *first = first.trim();
        }
        s.join(" ") + "."
    };
    (0..LARGE_DOCS)
        .map(|i| {
            let title_words = 6 + rng.below(8);
            let title = sentence(&mut rng, title_words);
            let paragraphs = 2 + rng.below(6);
            let body = (0..paragraphs)
                .map(|_| {
                    let words = 30 + rng.below(90);
                    sentence(&mut rng, words)
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            let date = trouve::Date::parse(&format!(
                "{}-{:02}-{:02}",
                2000 + rng.below(26),
                1 + rng.below(12),
                1 + rng.below(28)
            ));
            Document {
                id: format!("doc/{i}"),
                url: format!("/doc/{i}.html"),
                title,
                date,
                body,
                ..Document::default()
            }
        })
        .collect()
}

fn build(docs: &[Document]) -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).expect("French is built in");
    for doc in docs {
        builder.add(doc).expect("ids are unique");
    }
    builder.finish()
}

fn queries(c: &mut Criterion) {
    let options = SearchOptions::default();
    let articles = articles_index();
    let articles = Index::open(&articles[..]).expect("opens");
    let docs = large_corpus();
    let large = build(&docs);
    let large = Index::open(&large[..]).expect("opens");

    let mut group = c.benchmark_group("query");
    group.measurement_time(Duration::from_secs(4));
    // How common the query words are, for whoever reads the figures.
    let analyzer = Analyzer::new(Language::French).expect("French");
    for (word, prefix) in [
        ("coopération", false),
        ("président", false),
        ("russe", false),
        ("nucléaire", false),
        ("Kremlin", false),
        ("nucl", true),
    ] {
        let wanted = analyzer.term(word).expect("a word");
        let holds = |doc: &Document| {
            [&doc.title, &doc.body].iter().any(|text| {
                analyzer.analyze(text).iter().any(|(_, term)| {
                    term.stem == wanted.stem
                        || (prefix && term.surface.starts_with(&wanted.surface))
                })
            })
        };
        let count = docs.iter().filter(|doc| holds(doc)).count();
        eprintln!(
            "20k corpus: {count} documents hold `{word}`{}",
            if prefix { " (as a beginning)" } else { "" }
        );
    }
    for (corpus, index, cases) in [
        (
            "articles",
            &articles,
            [
                ("single word", "coopération "),
                ("prefix", "nucl"),
                ("typo", "Genady "),
                ("3 words", "partenariat stratégique intégral "),
                ("3 words + typo", "partenariat stratégique integrall "),
            ],
        ),
        (
            "20k",
            &large,
            [
                ("single word", "coopération "),
                ("prefix", "nucl"),
                ("typo", "cooperatoin "),
                ("3 words + typo, common", "président russe cooperatoin "),
                ("3 words + typo", "coopération nucléaire Kremlim "),
            ],
        ),
    ] {
        for (name, query) in cases {
            let hits = index
                .search(query, &options)
                .expect("searches")
                .into_ready()
                .expect("a whole index");
            assert!(
                !hits.is_empty(),
                "{corpus}: {query:?} finds nothing, the benchmark would measure nothing"
            );
            group.bench_with_input(BenchmarkId::new(corpus, name), query, |b, query| {
                b.iter(|| index.search(black_box(query), &options).expect("searches"))
            });
        }
    }
    group.finish();
}

fn building(c: &mut Criterion) {
    let docs = large_corpus();
    let text: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(text as u64));
    group.bench_function(format!("20k documents, {} MB", text / 1_000_000), |b| {
        b.iter(|| build(black_box(&docs)))
    });
    group.finish();
}

/// What opening costs, checks included (see `Index::open`): the 20k index
/// in the single layout, its split root, and the root given the pieces a
/// first query asks for (dictionary chunks, each checked as it arrives).
/// `TROUVE_BENCH_OPEN="a.trv b.trv"` adds index files or split roots of
/// real sites (opened without their pieces).
fn opening(c: &mut Criterion) {
    let docs = large_corpus();
    let mut builder = IndexBuilder::new(Language::French).expect("French is built in");
    for doc in &docs {
        builder.add(doc).expect("ids are unique");
    }
    let single = builder.finish();
    let mut pieces = InMemory::new(4096);
    let root = builder.finish_into(&mut pieces);
    let first_pieces = Index::open(&root[..])
        .expect("opens")
        .search("coopération ", &SearchOptions::default())
        .expect("searches")
        .needs();
    assert!(!first_pieces.is_empty(), "a root alone answers nothing");

    let mut group = c.benchmark_group("open");
    group.measurement_time(Duration::from_secs(4));
    let mut files = vec![
        ("20k single".to_owned(), single),
        ("20k split root".to_owned(), root.clone()),
    ];
    for path in std::env::var("TROUVE_BENCH_OPEN")
        .unwrap_or_default()
        .split_whitespace()
    {
        let mut bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        if let Err(trouve::Error::NotAnIndex) = Index::open(&bytes[..]) {
            // A split root as stored: compressed, as a host sends it.
            let mut inflated = Vec::new();
            flate2::read::DeflateDecoder::new(&bytes[..])
                .read_to_end(&mut inflated)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            bytes = inflated;
        }
        Index::open(&bytes[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
        files.push((format!("{path} ({} KB)", bytes.len() / 1000), bytes));
    }
    for (name, bytes) in &files {
        group.bench_function(name.as_str(), |b| {
            b.iter(|| Index::open(black_box(&bytes[..])).expect("opens"))
        });
    }
    group.bench_function(
        format!("20k split root + {} first pieces", first_pieces.len()),
        |b| {
            b.iter(|| {
                let mut index = Index::open(&root[..]).expect("opens");
                for &location in &first_pieces {
                    let stored = pieces.piece(location).expect("a piece of the build");
                    index.add_piece(location, stored).expect("a whole piece");
                }
                index
            })
        },
    );
    group.finish();
}

criterion_group!(benches, queries, building, opening);
criterion_main!(benches);
