//! A site in several languages: without `--lang`, each language its pages
//! declare gets an index of its own, stemmed in it (the main language's in
//! the output folder, each other one's in a folder named by its code), in
//! either layout; `--lang` makes one index of them all again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "support/scratch.rs"]
mod scratch;
use scratch::scratch;

fn trouve(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trouve"))
        .args(args)
        .output()
        .expect("runs trouve")
}

fn succeeded(run: Output) -> Output {
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Two French pages, one English page (declared `en-GB`), and a page that
/// declares nothing: it goes with the main language, French.
fn bilingual_site(name: &str) -> PathBuf {
    let corpus = scratch(name);
    let page = |lang: &str, title: &str, text: &str| {
        format!("<!doctype html><html lang=\"{lang}\"><head><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>")
    };
    for (path, text) in [
        (
            "fr/elections.html",
            page(
                "fr",
                "Les élections",
                "Les électeurs votent dimanche ; les bureaux ferment tard.",
            ),
        ),
        (
            "fr/maires.html",
            page(
                "fr",
                "Les maires",
                "Les maires élus prennent leurs fonctions.",
            ),
        ),
        (
            "en/elections.html",
            page(
                "en-GB",
                "Elections",
                "The polls were running late on Sunday.",
            ),
        ),
        (
            "notes.html",
            "<title>Notes</title><main><p>Les bureaux de vote ouvrent à huit heures.</p></main>"
                .to_owned(),
        ),
    ] {
        let path = corpus.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    corpus
}

fn build(corpus: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        corpus.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    succeeded(trouve(&args))
}

/// The URLs `trouve search` finds in `out`, with `extra` options.
fn found(out: &Path, query: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["search", out.to_str().unwrap(), query, "--json"];
    args.extend_from_slice(extra);
    let run = succeeded(trouve(&args));
    let hits: Vec<Value> = serde_json::from_slice(&run.stdout).unwrap();
    let mut urls: Vec<String> = hits
        .iter()
        .map(|hit| hit["url"].as_str().unwrap().to_owned())
        .collect();
    urls.sort();
    urls
}

fn entry(folder: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(folder.join("trouve-index.json")).unwrap())
        .unwrap()
}

#[test]
fn each_language_the_pages_declare_gets_its_own_index_in_either_layout() {
    let corpus = bilingual_site("bilingual-corpus");
    for layout in ["single", "split"] {
        let out = scratch(&format!("bilingual-{layout}"));
        let run = build(&corpus, &out, &["--layout", layout]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("languages: the pages declare several, one index each (3 fr, 1 en;"),
            "{stderr}"
        );

        let main = entry(&out);
        assert_eq!(main["layout"], layout);
        assert_eq!(main["language"], "fr");
        assert_eq!(main["languages"], serde_json::json!(["fr", "en"]));
        let english = entry(&out.join("en"));
        assert_eq!(english["layout"], layout);
        assert!(english.get("languages").is_none(), "{english}");
        // The page's files are shared; only the index is per language.
        assert!(!out.join("en/trouve.js").exists());

        // French, stemmed as French, with the page that declares nothing.
        assert_eq!(
            found(&out, "bureau", &[]),
            ["/fr/elections.html", "/notes.html"],
            "{layout}"
        );
        assert!(found(&out, "polls", &[]).is_empty(), "{layout}");
        assert_eq!(found(&out, "maire", &["--lang", "fr"]), ["/fr/maires.html"]);
        // English, stemmed as English: `runs` finds `running` (a word
        // typed whole; the last one is a beginning, found as written).
        assert_eq!(
            found(&out, "runs late", &["--lang", "en"]),
            ["/en/elections.html"],
            "{layout}"
        );
        assert!(found(&out, "bureau", &["--lang", "en"]).is_empty());

        let run = trouve(&["search", out.to_str().unwrap(), "runs", "--lang", "de"]);
        assert!(!run.status.success());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("has no index in `de`: its languages are fr, en"),
            "{stderr}"
        );
    }
}

#[test]
fn lang_makes_one_index_again_and_the_other_language_s_folder_goes() {
    let corpus = bilingual_site("one-again-corpus");
    let out = scratch("one-again-out");
    build(&corpus, &out, &["--layout", "split"]);
    assert!(out.join("en/index").is_dir());

    build(&corpus, &out, &["--lang", "fr"]);
    assert!(!out.join("en").exists(), "the English folder stays");
    let main = entry(&out);
    assert!(main.get("languages").is_none(), "{main}");
    // Every page in the one index, the English one stemmed as French.
    assert_eq!(found(&out, "polls", &[]), ["/en/elections.html"]);
    let run = trouve(&["search", out.to_str().unwrap(), "polls", "--lang", "en"]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("its index is in `fr`"));

    // A language that had a folder and is now the main one: the folder goes.
    build(&corpus, &out, &["--layout", "split"]);
    assert!(out.join("en/index").is_dir());
    build(&corpus, &out, &["--lang", "en"]);
    assert!(!out.join("en").exists(), "the English folder stays");
    assert_eq!(found(&out, "polls", &[]), ["/en/elections.html"]);
}

#[test]
fn json_records_say_their_language_each() {
    let corpus = scratch("records-corpus");
    std::fs::write(
        corpus.join("records.jsonl"),
        [
            r#"{"id": "vote", "url": "/fr/vote", "title": "Le vote", "body": "Les électeurs votent.", "lang": "fr"}"#,
            r#"{"id": "vote", "url": "/en/vote", "title": "The vote", "body": "Polls were running late.", "lang": "en"}"#,
            r#"{"id": "maires", "url": "/fr/maires", "title": "Les maires", "body": "Les maires élus.", "lang": "fr-CA"}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let out = scratch("records-out");
    build(&corpus, &out, &[]);
    assert_eq!(entry(&out)["languages"], serde_json::json!(["fr", "en"]));
    // One id in two languages: a page and its translation.
    assert_eq!(found(&out, "vote", &[]), ["/fr/vote"]);
    assert_eq!(found(&out, "vote", &["--lang", "en"]), ["/en/vote"]);
    assert_eq!(found(&out, "runs late", &["--lang", "en"]), ["/en/vote"]);
}
