//! A build killed outright (SIGKILL, a lost machine) at any moment leaves
//! one consistent bundle: the previous one or the new one, never a mix.
//! The command line and what a browser would load give the same answer,
//! a precompressed twin that a server would send is the file it stands
//! for, and the next build removes the hidden temporary files the killed
//! one left.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const QUERY: &str = "Poutine";

fn trouve() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trouve"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

#[path = "support/scratch.rs"]
mod scratch;
use scratch::scratch;

/// A corpus other than the articles, large enough that a build takes a
/// while, with the query's word in some documents.
fn generated_corpus() -> PathBuf {
    let dir = scratch("interrupted-corpus");
    let words = [
        "Poutine",
        "visite",
        "coopération",
        "énergie",
        "nucléaire",
        "amitié",
        "congrès",
        "ambassadeur",
        "économie",
        "Hanoi",
        "Moscou",
        "relations",
        "partenariat",
        "histoire",
    ];
    let mut rng = Rng(0x00c0_ffee);
    for n in 0..1500 {
        let body: Vec<&str> = (0..200).map(|_| words[rng.zipf(words.len())]).collect();
        std::fs::write(
            dir.join(format!("{n:04}.txt")),
            format!(
                "Note {n} {}\n\n{}.\n",
                words[rng.below(words.len())],
                body.join(" ")
            ),
        )
        .unwrap();
    }
    dir
}

fn build(corpus: &Path, out: &Path, layout: &str) -> Command {
    let mut command = trouve();
    command
        .args([
            "build",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--layout", layout, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The command line's answer from the bundle in `out`.
fn answer(out: &Path) -> Result<String, String> {
    let run = trouve()
        .args(["search", out.to_str().unwrap(), QUERY, "--json", "-n", "20"])
        .output()
        .unwrap();
    if run.status.success() {
        Ok(String::from_utf8(run.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&run.stderr).into_owned())
    }
}

/// What a browser loads from `out` is whole: the files the entry names are
/// there, and so is every twin a server would send in their place (one no
/// older than its file) with the same bytes.
fn check_what_a_browser_loads(out: &Path) {
    let entry: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("trouve-index.json")).unwrap())
            .unwrap();
    let named: Vec<&str> = ["module", "engine", "root"]
        .iter()
        .filter_map(|key| entry[key].as_str())
        .collect();
    for name in named.iter().chain(&["trouve.js", "trouve-engine.js"]) {
        let file = out.join(name);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let modified = file.metadata().unwrap().modified().unwrap();
        let twin = out.join(format!("{name}.gz"));
        let Ok(meta) = twin.metadata() else { continue };
        if meta.modified().unwrap() >= modified {
            let mut inflated = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&twin).unwrap())
                .read_to_end(&mut inflated)
                .unwrap();
            assert!(inflated == bytes, "{name}.gz is a twin of another {name}");
        }
    }
}

fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(temporary_files(&path));
        } else if path.to_string_lossy().ends_with(".tmp") {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_whole_bundle() {
    let generated = generated_corpus();
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/articles");
    let out = scratch("interrupted-out");

    // Both answers, and how long a whole build takes.
    let mut expected = Vec::new();
    let mut longest = Duration::ZERO;
    for (corpus, layout) in [(&generated, "split"), (&articles, "single")] {
        let started = Instant::now();
        assert!(build(corpus, &out, layout).status().unwrap().success());
        longest = longest.max(started.elapsed());
        expected.push(answer(&out).unwrap());
    }
    assert_ne!(expected[0], expected[1], "the two corpora answer apart");

    let mut rng = Rng(20);
    let mut in_place = 1; // the articles
    let mut kills = 0;
    for trial in 0..20 {
        let corpus = if in_place == 0 { &articles } else { &generated };
        let layout = if trial % 2 == 0 { "split" } else { "single" };
        let mut child = build(corpus, &out, layout).spawn().unwrap();
        let moment = Duration::from_micros(rng.below(longest.as_micros() as usize + 1) as u64);
        std::thread::sleep(moment);
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();

        let got = answer(&out).unwrap_or_else(|error| {
            panic!("trial {trial}, killed after {moment:?}: the bundle does not open: {error}")
        });
        in_place = expected
            .iter()
            .position(|answer| *answer == got)
            .unwrap_or_else(|| panic!("trial {trial}: an answer from neither build: {got}"));
        check_what_a_browser_loads(&out);
        for temp in temporary_files(&out) {
            let name = temp.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with('.'), "a temporary file is hidden: {name}");
        }
    }
    assert!(kills >= 10, "most builds were killed midway: {kills} of 20");

    // The next build removes what the killed ones left.
    assert!(build(&articles, &out, "single").status().unwrap().success());
    assert_eq!(temporary_files(&out), Vec::<PathBuf>::new());
    assert_eq!(answer(&out).unwrap(), expected[1]);
}
