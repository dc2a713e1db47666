//! Every byte damaged, one at a time: a small bundle in each layout, as
//! `trouve build` writes it, with every byte XOR 0xFF and its checksum
//! recomputed (as a file written wrong, not one damaged on the way, would
//! have it), then opened and asked a prefix, a typo and a phrase query. The
//! answer may be an error or any hits; it is never a panic, an abort, an
//! allocation without bound or a search that does not end.
//!
//! In the split layout the root is damaged the same way, and so is every
//! piece the queries read: its content decompressed, damaged, framed again
//! with a fresh checksum and handed to the index as if it had arrived.

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use flate2::read::DeflateDecoder;
use serde_json::Value;
use trouve::format::{module, pieces, Location};
use trouve::{Index, SearchOptions};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const QUERIES: [&str; 4] = ["nucl", "Genady", "\"guerre patriotique\"", "amitie coopera"];

/// One damaged trial taking longer than this is a search that does not end.
const TRIAL_LIMIT: Duration = Duration::from_secs(20);

#[path = "support/scratch.rs"]
mod scratch;
use scratch::scratch;

/// A corpus of a few dozen short French documents, with the queries'
/// words in some, and a frequent word so that the split layout has
/// postings tails (built with few head documents); one folder per test,
/// as the tests run at once.
fn corpus(test: &str) -> PathBuf {
    let dir = scratch(&format!("damage-corpus-{test}"));
    let words = [
        "coopération",
        "nucléaire",
        "amitié",
        "guerre",
        "patriotique",
        "Gennady",
        "ambassadeur",
        "énergie",
        "relations",
        "traditionnelle",
        "Vietnam",
        "Russie",
        "libre-échange",
        "visite",
        "anniversaire",
        "d’aujourd’hui",
        "l'histoire",
        "partenariat",
        "économique",
        "congrès",
    ];
    let mut rng = Rng(0x5eed_da3a);
    for n in 0..40 {
        let title: Vec<&str> = (0..3).map(|_| words[rng.zipf(words.len())]).collect();
        let body: Vec<&str> = (0..40 + rng.below(60))
            .map(|_| words[rng.zipf(words.len())])
            .collect();
        let date = format!("20{:02}-{:02}", 10 + n % 15, 1 + n % 12);
        std::fs::write(
            dir.join(format!("{n:02}.md")),
            format!(
                "---\ndate: {date}\n---\n# {}\n\n{}, la guerre patriotique.\n",
                title.join(" "),
                body.join(" ")
            ),
        )
        .unwrap();
    }
    dir
}

fn build(corpus: &Path, layout: &str) -> PathBuf {
    let out = scratch(&format!("damage-{layout}"));
    let run = Command::new(env!("CARGO_BIN_EXE_trouve"))
        .args([
            "build",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--layout", layout, "--head-docs", "4", "--quiet"])
        .output()
        .expect("runs trouve");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn inflate(stored: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    DeflateDecoder::new(stored)
        .take(1 << 30)
        .read_to_end(&mut out)?;
    Ok(out)
}

/// The container with its trailing CRC-32 made right again.
fn with_valid_checksum(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 4;
    let framed = pieces::frame(&bytes[..n]);
    bytes[n..].copy_from_slice(&framed[n..]);
    bytes
}

/// A split bundle's piece contents (decompressed, framed), by location.
struct Pieces {
    folder: PathBuf,
}

impl Pieces {
    fn content(&self, index: &Index<Vec<u8>>, location: Location) -> Option<Vec<u8>> {
        let file = index.files().get(location.file as usize)?;
        let bytes = std::fs::read(self.folder.join(file.name())).ok()?;
        let start = usize::try_from(location.offset).ok()?;
        let stored = bytes.get(start..start.checked_add(location.length as usize)?)?;
        inflate(stored).ok()
    }
}

/// Hands over a piece's framed content, when it can be had.
type Serve<'a> = &'a dyn Fn(&Index<Vec<u8>>, Location) -> Option<Vec<u8>>;

/// Asks every query until it is answered, handing over the pieces it
/// needs from `serve`; an error ends the trial, as it would a visitor's
/// search. Returns the locations that were read.
fn ask_all(mut index: Index<Vec<u8>>, serve: Serve<'_>) -> trouve::Result<Vec<Location>> {
    let mut read = Vec::new();
    for query in QUERIES {
        for early in [false, true] {
            let options = SearchOptions {
                early,
                ..SearchOptions::default()
            };
            // As `trouve search` does: a few rounds, then it is the index
            // that keeps asking.
            for _ in 0..16 {
                let needs = index.search(query, &options)?.needs();
                if needs.is_empty() {
                    break;
                }
                for location in needs {
                    let content = serve(&index, location)
                        .ok_or(trouve::Error::Corrupt("a piece cannot be had"))?;
                    index.add_piece(location, &content)?;
                    read.push(location);
                }
            }
        }
        index.complete(query, 5)?;
    }
    Ok(read)
}

/// Runs `trials` on a thread of its own and returns the ones that
/// panicked; fails if one does not end within [`TRIAL_LIMIT`].
fn run_trials(what: &str, trials: Vec<Box<dyn FnOnce() + Send>>) -> Vec<usize> {
    let count = trials.len();
    let (sent, done) = mpsc::channel();
    std::thread::spawn(move || {
        for (n, trial) in trials.into_iter().enumerate() {
            let panicked = catch_unwind(AssertUnwindSafe(trial)).is_err();
            if sent.send((n, panicked)).is_err() {
                return;
            }
        }
    });
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut panicked = Vec::new();
    for n in 0..count {
        match done.recv_timeout(TRIAL_LIMIT) {
            Ok((_, true)) => panicked.push(n),
            Ok((_, false)) => {}
            Err(_) => {
                std::panic::set_hook(hook);
                panic!("{what}: trial {n} of {count} did not end within {TRIAL_LIMIT:?}");
            }
        }
    }
    std::panic::set_hook(hook);
    eprintln!(
        "{what}: {count} damaged copies in {:.1} s, {} panics",
        started.elapsed().as_secs_f64(),
        panicked.len()
    );
    panicked
}

#[test]
fn every_damaged_byte_of_a_single_layout_index_is_an_error_or_an_answer() {
    let out = build(&corpus("single"), "single");
    let wasm = std::fs::read(out.join("trouve.wasm")).unwrap();
    let good = module::index_of(&wasm)
        .expect("the module's index")
        .to_vec();
    let no_pieces = |_: &Index<Vec<u8>>, _: Location| None;
    ask_all(Index::open(good.clone()).unwrap(), &no_pieces).expect("the intact index answers");

    let trials: Vec<Box<dyn FnOnce() + Send>> = (0..good.len())
        .map(|at| {
            let mut bytes = good.clone();
            bytes[at] ^= 0xFF;
            // Damage to the checksum itself is left for it to catch.
            if at < bytes.len() - 4 {
                bytes = with_valid_checksum(bytes);
            }
            Box::new(move || {
                if let Ok(index) = Index::open(bytes) {
                    let _ = ask_all(index, &no_pieces);
                }
            }) as Box<dyn FnOnce() + Send>
        })
        .collect();
    let panicked = run_trials("single layout", trials);
    assert!(
        panicked.is_empty(),
        "panics with damage at bytes {panicked:?}"
    );
}

#[test]
fn every_damaged_byte_of_a_split_bundle_is_an_error_or_an_answer() {
    let out = build(&corpus("split"), "split");
    let entry: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("trouve-index.json")).unwrap())
            .unwrap();
    let root_path = out.join(entry["root"].as_str().unwrap());
    let root = inflate(&std::fs::read(&root_path).unwrap()).unwrap();
    let pieces = std::sync::Arc::new(Pieces {
        folder: root_path.parent().unwrap().to_owned(),
    });
    let intact = {
        let pieces = pieces.clone();
        move |index: &Index<Vec<u8>>, location: Location| pieces.content(index, location)
    };
    let mut read = ask_all(Index::open(root.clone()).unwrap(), &intact).expect("intact answers");
    read.sort();
    read.dedup();
    assert!(
        read.len() >= 5,
        "the queries read several pieces: {}",
        read.len()
    );

    let mut trials: Vec<Box<dyn FnOnce() + Send>> = Vec::new();
    for at in 0..root.len() {
        let mut bytes = root.clone();
        bytes[at] ^= 0xFF;
        if at < bytes.len() - 4 {
            bytes = with_valid_checksum(bytes);
        }
        let intact = intact.clone();
        trials.push(Box::new(move || {
            if let Ok(index) = Index::open(bytes) {
                let _ = ask_all(index, &intact);
            }
        }));
    }
    let root_trials = trials.len();
    let good_root = Index::open(root.clone()).unwrap();
    for &damaged in &read {
        let framed = pieces.content(&good_root, damaged).unwrap();
        let content_len = framed.len() - 4;
        for at in 0..framed.len() {
            let mut bytes = framed.clone();
            bytes[at] ^= 0xFF;
            if at < content_len {
                bytes = pieces::frame(&bytes[..content_len]);
            }
            let intact = intact.clone();
            let root = root.clone();
            trials.push(Box::new(move || {
                let serve = |index: &Index<Vec<u8>>, location: Location| {
                    if location == damaged {
                        Some(bytes.clone())
                    } else {
                        intact(index, location)
                    }
                };
                let _ = ask_all(Index::open(root).unwrap(), &serve);
            }));
        }
    }
    let piece_trials = trials.len() - root_trials;
    let panicked = run_trials(
        &format!(
            "split layout ({root_trials} root bytes, {piece_trials} bytes of {} pieces)",
            read.len()
        ),
        trials,
    );
    assert!(
        panicked.is_empty(),
        "panics in trials {panicked:?} (root trials come first)"
    );
}
