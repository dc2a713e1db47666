//! The `trouve` command on the bundled articles: real answers to real
//! queries, and clear errors for what can go wrong.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

const A000: &str = "000_ebc104fcd00cffbb"; // 2024-03, phone call Trong–Putin, condolences
const A001: &str = "001_21107d0269baae87"; // undated, Tô Lâm's visit, 80th anniversary
const A002: &str = "002_a8654c4c88d6dd42"; // 2025-04, ambassador Gennady Bezdetko
const A003: &str = "003_9c396d88868f6a05"; // 2026-02-25, XIVth Congress, Lavrov
const A004: &str = "004_56f36989771ccdd4"; // 2026-01-25, phone call Tô Lâm–Putin

fn trouve(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trouve"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs trouve")
}

#[path = "support/scratch.rs"]
mod scratch;
use scratch::scratch;

/// The articles' index, built once for all tests.
fn articles() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = scratch("articles");
        let run = trouve(&[
            "build",
            "www/articles",
            "-o",
            out.to_str().unwrap(),
            "--no-bundle",
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    })
}

fn search_json(query: &str, extra: &[&str]) -> Vec<Value> {
    let index = articles().join("index.trv");
    let mut args = vec!["search", index.to_str().unwrap(), query, "--json"];
    args.extend_from_slice(extra);
    let run = trouve(&args);
    assert!(
        run.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice::<Value>(&run.stdout)
        .expect("JSON")
        .as_array()
        .expect("an array")
        .clone()
}

fn ids(query: &str) -> BTreeSet<String> {
    search_json(query, &[])
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

fn ranked(query: &str, extra: &[&str]) -> Vec<String> {
    search_json(query, extra)
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

// The examples the issue gives.

#[test]
fn amitie_finds_the_three_articles_with_d_amitie() {
    assert_eq!(ids("amitie"), set(&[A001, A002, A004]));
}

#[test]
fn condoleances_without_accents() {
    assert_eq!(ids("condoleances"), set(&[A000]));
}

#[test]
fn a_prefix_finds_economie_and_economique() {
    assert_eq!(ids("econ"), set(&[A000, A002, A004]));
}

#[test]
fn a_typo_finds_gennady() {
    assert_eq!(ids("Genady"), set(&[A002]));
}

#[test]
fn a_quoted_phrase_matches_in_order() {
    assert_eq!(ids("\"guerre patriotique\""), set(&[A001, A004]));
    assert_eq!(ids("\"patriotique guerre\""), set(&[]));
}

#[test]
fn both_apostrophes_find_the_same_articles() {
    let curly = ids("d’aujourd’hui");
    assert_eq!(curly, ids("aujourd'hui"));
    assert_eq!(curly, set(&[A000, A004]));
}

// More of our own.

#[test]
fn accents_and_case_are_optional() {
    assert_eq!(ids("Tô Lâm"), ids("to lam"));
    assert_eq!(ids("to lam"), set(&[A001, A002, A003, A004]));
    assert_eq!(ids("Hanoi"), set(&[A002]));
    assert_eq!(ids("ECONOMIE"), ids("économie"));
}

#[test]
fn hyphenated_words_whole_and_by_part() {
    assert_eq!(ids("Asie-Pacifique"), set(&[A003, A004]));
    assert_eq!(ids("pacifique"), set(&[A003, A004]));
    assert_eq!(ids("libre-échange"), set(&[A002]));
    assert_eq!(ids("\"libre échange\""), set(&[A002]));
}

#[test]
fn elided_words_are_found_bare() {
    // "l’énergie nucléaire", "de l'énergie nucléaire"
    assert_eq!(ids("énergie nucléaire"), set(&[A002, A003]));
    assert_eq!(ids("l’énergie"), ids("energie"));
}

#[test]
fn stems_join_word_forms() {
    // Only "relation" (singular) in 002; plurals elsewhere.
    assert_eq!(ids("relation"), set(&[A000, A001, A002, A003, A004]));
    assert_eq!(ids("félicitations"), ids("félicitation"));
}

#[test]
fn numbers_and_ordinals() {
    assert_eq!(ids("2045"), set(&[A004]));
    assert_eq!(ids("80e"), set(&[A001, A004]));
    assert_eq!(ids("75e anniversaire"), set(&[A001, A002]));
}

#[test]
fn excluded_words_remove_documents() {
    assert_eq!(ids("Poutine"), set(&[A000, A001, A003, A004]));
    assert_eq!(ids("Poutine -Lavrov"), set(&[A000, A001, A004]));
}

#[test]
fn exact_words_rank_above_other_forms() {
    // 002 alone writes "relation" (also "relations"); the others only "relations".
    assert_eq!(ranked("relation ", &[])[0], A002);
}

#[test]
fn title_words_weigh_more() {
    assert_eq!(ranked("congrès", &[])[0], A003);
    assert_eq!(ranked("ambassadeur", &[])[0], A002);
}

#[test]
fn date_filters_and_date_order() {
    assert_eq!(
        ids_with("vietnam", &["--after", "2026"]),
        set(&[A003, A004])
    );
    assert_eq!(ids_with("vietnam", &["--before", "2024-12"]), set(&[A000]));
    assert_eq!(
        ids_with("vietnam", &["--after", "2025-01", "--before", "2025-12-31"]),
        set(&[A002])
    );
    // Undated 001 comes last when sorting by date.
    assert_eq!(
        ranked("vietnam", &["--sort", "date"]),
        [A003, A004, A002, A000, A001]
    );
}

fn ids_with(query: &str, extra: &[&str]) -> BTreeSet<String> {
    ranked(query, extra).into_iter().collect()
}

#[test]
fn limit_caps_results() {
    assert_eq!(ranked("vietnam", &["--limit", "2"]).len(), 2);
}

#[test]
fn json_results_carry_every_field() {
    let hits = search_json("Gennady", &[]);
    let hit = &hits[0];
    assert_eq!(hit["id"], A002);
    assert_eq!(
        hit["title"],
        "Le chef du Parti, Tô Lâm, reçoit l'ambassadeur de Russie au Vietnam"
    );
    assert_eq!(hit["url"], format!("/{A002}.txt"));
    assert_eq!(hit["date"], "2025-04");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    let marked: Vec<&str> = hit["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["highlight"] == true)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["Gennady"]);
    assert_eq!(hit["missing"], Value::Array(vec![]));
}

#[test]
fn an_undated_article_has_a_null_date_and_its_first_sentence_as_title() {
    let hit = &search_json("Chernyshenko", &[])[0];
    assert_eq!(hit["id"], A001);
    assert_eq!(hit["date"], Value::Null);
    assert!(hit["title"]
        .as_str()
        .unwrap()
        .starts_with("Le vice-Premier ministre russe, Dmitry Chernyshenko"));
}

#[test]
fn when_no_document_has_every_word_the_closest_ones_say_what_they_miss() {
    let hits = search_json("Lavrov xyzzy", &[]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], A003);
    assert_eq!(hits[0]["missing"], serde_json::json!(["xyzzy"]));
}

#[test]
fn human_output() {
    let index = articles().join("index.trv");
    let run = trouve(&["search", index.to_str().unwrap(), "nucléaire"]);
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.starts_with("1. "), "{out}");
    assert!(out.contains("[nucléaire]"), "{out}");
    let run = trouve(&["search", index.to_str().unwrap(), "xyzzy"]);
    assert_eq!(
        String::from_utf8(run.stdout).unwrap().trim(),
        "No results for “xyzzy”."
    );
}

#[test]
fn hostile_queries_are_answered() {
    let long = "a".repeat(10_000);
    for query in [
        "",
        "   ",
        long.as_str(),
        "!!!",
        "\"unbalanced",
        "<script>alert(1)</script>",
        "-",
    ] {
        let hits = search_json(query, &[]);
        assert!(hits.len() <= 5, "{query}");
    }
}

// Errors: clear words, non-zero exit, no backtrace.

fn fails_with(args: &[&str], expected: &str) {
    let run = trouve(args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{args:?} succeeded");
    assert!(stderr.contains(expected), "{args:?}: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn a_missing_corpus_folder() {
    let out = scratch("missing-corpus");
    fails_with(
        &["build", "no/such/folder", "-o", out.to_str().unwrap()],
        "corpus folder `no/such/folder` does not exist",
    );
}

#[test]
fn a_corpus_with_no_documents() {
    let corpus = scratch("empty-corpus");
    std::fs::write(corpus.join("notes.csv"), "a,b\n").unwrap();
    let out = scratch("empty-corpus-out");
    fails_with(
        &[
            "build",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        "no documents found",
    );
}

#[test]
fn a_missing_index() {
    fails_with(
        &["search", "no/such/index.trv", "x"],
        "cannot read the index `no/such/index.trv`",
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `trouve search … | head`: the pipe closes before the results are out.
    let index = articles().join("index.trv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_trouve"))
        .args([
            "search",
            index.to_str().unwrap(),
            "la",
            "--json",
            "-n",
            "100",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn damaged_indexes() {
    let good = std::fs::read(articles().join("index.trv")).unwrap();
    let dir = scratch("damaged");
    let truncated = dir.join("truncated.trv");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    fails_with(
        &["search", truncated.to_str().unwrap(), "x"],
        "corrupted or truncated",
    );
    let mut flipped = good.clone();
    flipped[good.len() / 3] ^= 1;
    let flipped_path = dir.join("flipped.trv");
    std::fs::write(&flipped_path, flipped).unwrap();
    fails_with(
        &["search", flipped_path.to_str().unwrap(), "x"],
        "rebuild it with `trouve build`",
    );
    let html = dir.join("page.trv");
    std::fs::write(&html, "<!doctype html><title>oops</title>").unwrap();
    fails_with(
        &["search", html.to_str().unwrap(), "x"],
        "not a Trouve index",
    );
    // A module is read for its one index section, and refused with none or
    // several rather than read as if it were an index.
    let engine = b"\0asm\x01\0\0\0";
    let with_index = trouve::format::module::with_index(engine, &good);
    let twice = dir.join("twice.wasm");
    std::fs::write(
        &twice,
        trouve::format::module::with_index(&with_index, &good),
    )
    .unwrap();
    fails_with(
        &["search", twice.to_str().unwrap(), "x"],
        "a WebAssembly module with more than one search index",
    );
    let bare = dir.join("engine.wasm");
    std::fs::write(&bare, engine).unwrap();
    fails_with(
        &["search", bare.to_str().unwrap(), "x"],
        "a WebAssembly module with no search index",
    );
    let once = dir.join("once.wasm");
    std::fs::write(&once, with_index).unwrap();
    assert!(trouve(&["search", once.to_str().unwrap(), "Gennady"])
        .status
        .success());
}

#[test]
fn bad_files_are_skipped_by_name_and_the_build_goes_on() {
    let corpus = scratch("mixed-corpus");
    std::fs::write(
        corpus.join("good.txt"),
        " date 2025-01 Un bon titre\n\nDu texte à chercher.",
    )
    .unwrap();
    std::fs::write(corpus.join("latin1.txt"), b"caf\xe9 cr\xe8me").unwrap();
    std::fs::write(corpus.join("broken.json"), "[{\"id\": 1, \"body\": ").unwrap();
    let out = scratch("mixed-corpus-out");
    let run = trouve(&[
        "build",
        corpus.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped latin1.txt") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("skipped broken.json"), "{stderr}");
    assert!(
        stdout.contains("Indexed 1 documents (2 skipped)"),
        "{stdout}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_index_in_place() {
    let out = scratch("atomic-out");
    let good = trouve(&[
        "build",
        "www/articles",
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
    ]);
    assert!(good.status.success());
    let before = std::fs::read(out.join("index.trv")).unwrap();
    let empty = scratch("atomic-empty");
    let failed = trouve(&[
        "build",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
    ]);
    assert!(!failed.status.success());
    assert_eq!(std::fs::read(out.join("index.trv")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn urls_follow_the_template() {
    let out = scratch("url-template");
    let run = trouve(&[
        "build",
        "www/articles",
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
        "--url",
        "article.html?id={id}",
    ]);
    assert!(run.status.success());
    let index = out.join("index.trv");
    let run = trouve(&["search", index.to_str().unwrap(), "Gennady", "--json"]);
    let hits: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(hits[0]["url"], format!("article.html?id={A002}"));
}

#[test]
fn the_build_summary_counts_what_it_did() {
    let out = scratch("summary");
    let run = trouve(&[
        "build",
        "www/articles",
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.starts_with("Indexed 5 documents (0 skipped)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" words, ") && stdout.contains(" stems") && stdout.contains("index.trv"),
        "{stdout}"
    );
}

#[test]
fn bad_arguments_are_explained() {
    fails_with(
        &["search", "x.trv", "q", "--after", "yesterday"],
        "`yesterday` is not a date",
    );
    let out = scratch("bad-lang");
    fails_with(
        &[
            "build",
            "www/articles",
            "-o",
            out.to_str().unwrap(),
            "--lang",
            "xx",
        ],
        "unknown language `xx`",
    );
}

#[test]
fn the_browser_bundle_is_one_module_with_the_index_inside() {
    let out = scratch("bundle");
    let run = trouve(&["build", "www/articles", "-o", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for file in [
        "trouve-index.json",
        "trouve.wasm",
        "trouve.js",
        "trouve-engine.js",
        "trouve.css",
        "trouve.d.ts",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let wasm = std::fs::read(out.join("trouve.wasm")).unwrap();
    assert!(wasm.starts_with(b"\0asm"));
    // The terminal reads the index straight out of the module.
    let module = out.join("trouve.wasm");
    let run = trouve(&["search", module.to_str().unwrap(), "Gennady", "--json"]);
    let hits: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(hits[0]["id"], A002);
    // One ES module: the API and the element, with no static import (the
    // engine's glue is loaded when needed).
    let script = std::fs::read_to_string(out.join("trouve.js")).unwrap();
    assert!(script.contains("as Searcher") && script.contains("as TrouveSearch"));
    assert!(script.contains("customElements.define"));
    // (`from"` alone would be the text "from" of the date range.)
    for import in ["import{", "import*", "import\"", "}from\""] {
        assert!(!script.contains(import), "no static import: {import}");
    }
}

/// Writes `files` (path, text) into a fresh corpus folder.
fn corpus_of(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let corpus = scratch(name);
    for (path, text) in files {
        let path = corpus.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    corpus
}

/// Builds `corpus` with `extra` options; the run and its index.
fn build_with(corpus: &Path, name: &str, extra: &[&str]) -> (Output, PathBuf) {
    let out = scratch(name);
    let mut args = vec![
        "build",
        corpus.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
    ];
    args.extend_from_slice(extra);
    (trouve(&args), out.join("index.trv"))
}

/// The ids of the documents `index` finds for `query`.
fn found_in(index: &Path, query: &str) -> BTreeSet<String> {
    let run = trouve(&["search", index.to_str().unwrap(), query, "--json"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let hits: Value = serde_json::from_slice(&run.stdout).unwrap();
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn glob_and_exclude_choose_the_files_read() {
    let corpus = corpus_of(
        "glob-corpus",
        &[
            (
                "index.html",
                "<title>Accueil</title><p>Bienvenue partout.</p>",
            ),
            ("notes/a.md", "# Note A\n\nPartout aussi."),
            ("notes/b.md", "# Note B\n\nPartout encore."),
            ("_sources/index.rst.txt", "Bienvenue partout."),
        ],
    );
    // A built site: its HTML alone.
    let (run, index) = build_with(&corpus, "glob-default", &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(found_in(&index, "partout"), set(&["index"]));
    // --glob replaces that choice, --exclude takes from it.
    let (run, index) = build_with(
        &corpus,
        "glob-chosen",
        &["--glob", "**/*.{html,md}", "--exclude", "notes/b.md"],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        String::from_utf8_lossy(&run.stdout).starts_with("Indexed 2 documents (0 skipped)"),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert_eq!(found_in(&index, "partout"), set(&["index", "notes/a"]));
    let (run, index) = build_with(&corpus, "glob-excluded", &["--exclude", "notes"]);
    assert!(run.status.success());
    assert_eq!(found_in(&index, "partout"), set(&["index"]));
}

#[test]
fn a_bad_or_empty_glob_is_explained() {
    let corpus = corpus_of("bad-glob-corpus", &[("a.md", "# A\n\nTexte.")]);
    let out = scratch("bad-glob-out");
    let base = [
        "build",
        corpus.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    fails_with(
        &[&base[..], &["--glob", "**/*.{md"]].concat(),
        "--glob `**/*.{md`: unclosed alternate group",
    );
    fails_with(
        &[&base[..], &["--exclude", "[a"]].concat(),
        "--exclude `[a`: unclosed character class",
    );
    fails_with(
        &[&base[..], &["--glob", "docs/*.md"]].concat(),
        "no file there matches --glob docs/*.md",
    );
}

#[test]
fn a_site_that_marks_its_content_leaves_out_its_unmarked_pages() {
    let corpus = corpus_of(
        "marked-corpus",
        &[
            (
                "a.html",
                "<title>A</title><body><p>Menu horsmarque.</p><div data-pagefind-body><p>Texte retenu.</p></div></body>",
            ),
            ("b.html", "<title>B</title><main><p>Texte de liste.</p></main>"),
            (
                "c.html",
                "<title>C</title><main data-trouve-body><p>Texte gardé.</p><p data-pagefind-ignore>horsmarque</p></main>",
            ),
        ],
    );
    let (run, index) = build_with(&corpus, "marked-out", &["--quiet"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "skipped 1 page without data-pagefind-body or data-trouve-body: other pages of the site mark their content with it"
    );
    assert_eq!(found_in(&index, "texte"), set(&["a", "c"]));
    assert!(found_in(&index, "horsmarque").is_empty());
}

#[test]
fn without_lang_the_build_stems_in_the_language_the_text_reads_as_and_says_so() {
    let sorting = "# Sorting\n\nThe list type supports sorting in place, and the sorted function returns a new list from any iterable, which is what most people want when they write a program that needs its data in order.";
    let sorted = "# Sorted lists\n\nA sorted list keeps its items in order as they are added, so that the smallest and the largest are always at hand for the program that reads them.";
    let corpus = corpus_of("english-corpus", &[("a.md", sorting), ("b.md", sorted)]);

    let (run, index) = build_with(&corpus, "english-out", &[]);
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("language: en (read from the text of 2 files; --lang chooses another)"),
        "{stderr}"
    );
    // English stemming: `sorting` and `sorted` are one word.
    assert_eq!(found_in(&index, "sorting").len(), 2);

    let (run, index) = build_with(&corpus, "english-as-french-out", &["--lang", "fr"]);
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("language:"));
    assert!(
        stderr.contains(
            "warning: --lang fr, but the pages read as en (read from the text of 2 files)"
        ),
        "{stderr}"
    );
    assert_eq!(found_in(&index, "sorting").len(), 1);

    // Chosen right, or with no stemming at all, nothing to warn about.
    for lang in ["en", "none"] {
        let (run, _) = build_with(
            &corpus,
            &format!("english-as-{lang}-out"),
            &["--lang", lang],
        );
        assert!(run.status.success());
        assert!(
            !String::from_utf8_lossy(&run.stderr).contains("warning"),
            "{lang}"
        );
    }
}

#[test]
fn front_matter_keys_named_become_numbers_filters_and_metadata() {
    let corpus = scratch("named-keys");
    let page = |name: &str, front: &str| {
        std::fs::write(
            corpus.join(name),
            format!("---\n{front}\n---\nUn vélo de ville.\n"),
        )
        .unwrap();
    };
    page(
        "a.md",
        "title: A\nprix: 450\nrayon: urbain\ndescription: Le moins cher",
    );
    page("b.md", "title: B\nprix: 1 200\nrayon: route");
    page("c.md", "title: C\nprix: bientôt\nrayon: urbain");
    let out = scratch("named-keys-out");
    let build = trouve(&[
        "build",
        corpus.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-bundle",
        "--sort-key",
        "prix",
        "--filter-key",
        "rayon",
        "--meta-key",
        "description",
    ]);
    assert!(build.status.success());
    // The value that is not a number is left out, and the build says so.
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr
            .contains("number field `prix`: 1 of its 3 values are not numbers (such as `bientôt`)"),
        "{stderr}"
    );
    let index = out.join("index.trv");
    let search = |extra: &[&str]| -> Vec<Value> {
        let mut args = vec!["search", index.to_str().unwrap(), "vélo", "--json"];
        args.extend_from_slice(extra);
        let run = trouve(&args);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        serde_json::from_slice(&run.stdout).unwrap()
    };
    let ids = |hits: &[Value]| -> Vec<String> {
        hits.iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&search(&["--sort", "prix:desc"])), ["b", "a", "c"]);
    assert_eq!(ids(&search(&["--range", "prix=..1000"])), ["a"]);
    assert_eq!(
        ids(&search(&["--filter", "rayon=urbain", "--sort", "prix"])),
        ["a", "c"]
    );
    let hits = search(&["--range", "prix=400..500"]);
    assert_eq!(hits[0]["meta"]["description"], "Le moins cher");
    fails_with(
        &["search", index.to_str().unwrap(), "vélo", "--range", "prix"],
        "is not FIELD=MIN..MAX",
    );
    fails_with(
        &[
            "search",
            index.to_str().unwrap(),
            "vélo",
            "--range",
            "prix=bon..marché",
        ],
        "prix: bon",
    );
}
