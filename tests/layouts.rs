//! The two layouts answer alike: the same corpus built as one file and as a
//! split index gives the same hits, in the same order, with the same scores
//! and snippets, for every judged query of `bench/queries/`, the command
//! line tests' queries and queries made to exercise what splitting changes
//! (frequent words whose postings have a tail, short prefixes whose words
//! run over several chunks, typos at either end of a word, phrases,
//! exclusions, date ranges and the date order), with filters, and the
//! counts of filter values (facets).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

#[path = "support/scratch.rs"]
mod scratch;
use scratch::scratch;

fn trouve(args: &[&str], input: Option<&str>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trouve"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs trouve");
    let mut stdin = child.stdin.take().expect("a pipe");
    // A failure to write is told by the exit status below.
    let _ = stdin.write_all(input.unwrap_or("").as_bytes());
    drop(stdin);
    let output = child.wait_with_output().expect("trouve ends");
    assert!(
        output.status.success(),
        "trouve {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Builds `corpus` in both layouts; returns (single, split).
fn build_both(corpus: &Path, name: &str) -> (PathBuf, PathBuf) {
    let single = scratch(&format!("{name}-single"));
    let split = scratch(&format!("{name}-split"));
    for (out, layout) in [(&single, "single"), (&split, "split")] {
        trouve(
            &[
                "build",
                corpus.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--layout",
                layout,
                "--quiet",
            ],
            None,
        );
    }
    assert!(
        split.join("index").is_dir(),
        "the split build wrote piece files"
    );
    (single, split)
}

/// Every query's hits, one JSON array a line.
fn answers(bundle: &Path, queries: &[String], options: &[&str]) -> Vec<String> {
    let mut args = vec![
        "search",
        bundle.to_str().unwrap(),
        "--stdin",
        "--json",
        "-n",
        "20",
    ];
    args.extend_from_slice(options);
    trouve(&args, Some(&(queries.join("\n") + "\n")))
        .lines()
        .map(str::to_owned)
        .collect()
}

fn judged_queries() -> Vec<String> {
    let mut queries = Vec::new();
    for corpus in ["articles", "libreoffice-help"] {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("bench/queries/{corpus}.json"));
        let judged: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for query in judged["queries"].as_array().unwrap() {
            queries.push(query["q"].as_str().unwrap().to_owned());
        }
        for query in judged["cold"].as_array().unwrap() {
            queries.push(query.as_str().unwrap().to_owned());
        }
    }
    queries
}

const CLI_QUERIES: [&str; 28] = [
    "2045",
    "75e anniversaire",
    "80e",
    "Asie-Pacifique",
    "Chernyshenko",
    "Genady",
    "Gennady",
    "Hanoi",
    "Lavrov xyzzy",
    "Poutine -Lavrov",
    "Poutine",
    "\"guerre patriotique\"",
    "\"patriotique guerre\"",
    "ambassadeur",
    "amitie",
    "aujourd'hui",
    "condoleances",
    "congrès",
    "d’aujourd’hui",
    "econ",
    "energie",
    "félicitation",
    "libre-échange",
    "pacifique",
    "relation ",
    "to lam",
    "vietnam",
    "énergie nucléaire",
];

fn assert_agree(single: &Path, split: &Path, queries: &[String]) {
    let found = answers(single, queries, &[])
        .iter()
        .filter(|a| a.as_str() != "[]")
        .count();
    assert!(
        found * 2 > queries.len(),
        "only {found} of {} queries find something",
        queries.len()
    );
    for options in [
        &[][..],
        &["--sort", "date"][..],
        &["--after", "2012", "--before", "2016-06"][..],
    ] {
        let (a, b) = (
            answers(single, queries, options),
            answers(split, queries, options),
        );
        assert_eq!(a.len(), queries.len());
        for ((query, a), b) in queries.iter().zip(&a).zip(&b) {
            assert_eq!(a, b, "{query:?} with {options:?}");
        }
    }
}

#[test]
fn the_articles_answer_alike_in_both_layouts() {
    let (single, split) = build_both(Path::new("www/articles"), "layouts-articles");
    let mut queries = judged_queries();
    queries.extend(CLI_QUERIES.iter().map(|q| q.to_string()));
    assert_agree(&single, &split, &queries);
}

/// Words of news French, most frequent first, then invented ones.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    let common = "de la le et les des à un une du en pour que dans sur au par président russe russie vietnam \
        coopération nucléaire économie économique relations accord visite ministre gouvernement pays \
        développement sécurité énergie commerce investissement partenariat stratégique intégral politique \
        diplomatique ambassadeur entretien téléphonique anniversaire guerre patriotique paix stabilité région \
        Asie-Pacifique libre-échange congrès parti communiste secrétaire général peuple amitié traditionnelle";
    let mut words: Vec<String> = common.split_whitespace().map(str::to_owned).collect();
    let syllables = [
        "ka", "ro", "mi", "tu", "ve", "lan", "dor", "is", "que", "pha", "né", "zé", "bri", "sol",
    ];
    while words.len() < 3000 {
        let parts = 2 + rng.below(3);
        let word: String = (0..parts)
            .map(|_| syllables[rng.below(syllables.len())])
            .collect();
        words.push(word);
    }
    words
}

#[test]
fn a_generated_archive_answers_alike_in_both_layouts() {
    let mut rng = Rng(0x5EED);
    let words = vocabulary(&mut rng);
    let corpus = scratch("layouts-archive-corpus");
    let mut lines = String::new();
    for n in 0..3000 {
        let title: Vec<&str> = (0..4 + rng.below(6))
            .map(|_| words[rng.zipf(words.len())].as_str())
            .collect();
        let body: Vec<&str> = (0..40 + rng.below(200))
            .map(|_| words[rng.zipf(words.len())].as_str())
            .collect();
        let date = if n % 17 == 0 {
            String::new()
        } else {
            let (year, month, day) = (2006 + rng.below(20), 1 + rng.below(12), 1 + rng.below(28));
            match n % 5 {
                0 => format!("{year}-{month:02}"),
                _ => format!("{year}-{month:02}-{day:02}"),
            }
        };
        let section = [
            "Politique",
            "Économie",
            "Sport",
            "Culture",
            "Monde",
            "Sciences",
        ][n % 6];
        let author = format!("Auteur {}", rng.below(12));
        // Numbers to keep ranges of and sort by: the body's length, and a
        // date of revision on most (some as a month only).
        let revised = match n % 7 {
            0 => String::new(),
            1 => format!("{}-{:02}", 2010 + rng.below(15), 1 + rng.below(12)),
            _ => format!(
                "{}-{:02}-{:02}",
                2010 + rng.below(15),
                1 + rng.below(12),
                1 + rng.below(28)
            ),
        };
        let record = serde_json::json!({ "id": format!("a{n}"), "title": title.join(" "), "date": date, "body": body.join(" "), "author": author, "filters": { "section": section }, "sort": { "mots": body.len(), "révisé": revised }, "meta": { "image": format!("/img/{n}.jpg") } });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    std::fs::write(corpus.join("archive.jsonl"), lines).unwrap();
    // Markdown pages with sections: heading words weigh more, and hits list
    // the sections that match, with their anchors.
    for n in 0..400 {
        let mut page = format!(
            "---\ntitle: {}\n---\n",
            (0..2 + rng.below(4))
                .map(|_| words[rng.zipf(words.len())].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        for _ in 0..1 + rng.below(5) {
            let heading: Vec<&str> = (0..1 + rng.below(3))
                .map(|_| words[rng.zipf(words.len())].as_str())
                .collect();
            let text: Vec<&str> = (0..20 + rng.below(80))
                .map(|_| words[rng.zipf(words.len())].as_str())
                .collect();
            page.push_str(&format!(
                "\n## {}\n\n{}\n",
                heading.join(" "),
                text.join(" ")
            ));
        }
        std::fs::write(corpus.join(format!("page{n}.md")), page).unwrap();
    }
    let (single, split) = build_both(&corpus, "layouts-archive");
    let mut queries: Vec<String> = [
        // Frequent words: their postings have tails.
        "de",
        "président russe",
        "la russie",
        "coopération économique ",
        "président russe coopération",
        // Short prefixes, over several chunks.
        "p",
        "co",
        "président r",
        "ka",
        "ro",
        // Typos at the start, the middle and the end of words.
        "kooperation",
        "cooperatoin",
        "présidant",
        "nucleaore",
        "diplomatiquz",
        // Phrases, exclusion, quoted words.
        "\"guerre patriotique\"",
        "\"président russe\"",
        "\"de la\"",
        "vietnam -russie",
        "\"paix\"",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    // Rare invented words, one at a time and in pairs.
    for i in 0..30 {
        queries.push(words[2000 + i * 20].clone());
        queries.push(format!("{} {}", words[100 + i], words[1500 + i * 7]));
    }
    assert_agree(&single, &split, &queries);
    for options in [
        &["--filter", "section=Politique"][..],
        &[
            "--filter",
            "section=Sport",
            "--filter",
            "section=Culture",
            "--filter-none",
            "author=Auteur 3",
        ][..],
        &["--filter-all", "author=Auteur 1", "--sort", "date"][..],
        &["--facets"][..],
        &["--facets", "--filter", "section=Monde", "--after", "2015"][..],
        &["--sort", "mots:desc"][..],
        &["--range", "mots=60..120", "--sort", "mots"][..],
        &[
            "--range",
            "révisé=2015..2018-06",
            "--filter",
            "section=Politique",
        ][..],
        &["--sort", "révisé", "--filter-none", "section=Sport"][..],
        &["--facets", "--range", "mots=..100"][..],
    ] {
        let (a, b) = (
            answers(&single, &queries, options),
            answers(&split, &queries, options),
        );
        assert_eq!(a.len(), queries.len());
        let narrowed = a.iter().filter(|a| a.as_str() != "[]").count();
        assert!(
            narrowed * 4 > queries.len(),
            "{options:?}: {narrowed} answers"
        );
        for ((query, a), b) in queries.iter().zip(&a).zip(&b) {
            assert_eq!(a, b, "{query:?} with {options:?}");
        }
    }
    // Sections came with the hits, with the anchors of their headings.
    let with_sections = answers(&single, &queries, &[])
        .iter()
        .filter(|answer| answer.contains("\"sections\":[{\"heading\""))
        .count();
    assert!(with_sections > 10, "{with_sections} answers list sections");
}
