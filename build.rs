//! Embeds the prebuilt browser files into the `trouve` binary.
//!
//! `prebuilt/` holds, committed, what the browser runs: one engine per
//! language (`engine/<lang>.wasm`, each with only its language's stemmer),
//! their shared JavaScript glue, and the minified `widget/trouve.js` and
//! `widget/trouve-searcher.js`.
//! `bash .ci/prebuild` makes them from `src/` and `widget/`, and CI rebuilds
//! them and fails if they differ from what is committed. This script only
//! turns the folder into `include_bytes!` constants, so `cargo install`
//! gives a `trouve` that writes a full bundle with no wasm toolchain.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let prebuilt = manifest.join("prebuilt");
    let engines_dir = prebuilt.join("engine");
    println!("cargo::rerun-if-changed={}", prebuilt.display());
    println!("cargo::rerun-if-changed={}", engines_dir.display());

    let mut engines: Vec<(String, PathBuf)> = fs::read_dir(&engines_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wasm"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_owned(), path)))
        .collect();
    engines.sort();

    let mut code = String::from(
        "/// Browser engines by language code.\npub static ENGINES: &[(&str, &[u8])] = &[\n",
    );
    for (language, path) in &engines {
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({language:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    for (name, path) in [
        ("ENGINE_GLUE", engines_dir.join("trouve-engine.js")),
        ("WIDGET", prebuilt.join("widget/trouve.js")),
        ("SEARCHER", prebuilt.join("widget/trouve-searcher.js")),
    ] {
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_file() {
            let _ = writeln!(
                code,
                "pub static {name}: &str = include_str!({:?});",
                path.display().to_string()
            );
        } else {
            println!(
                "cargo::warning={} is missing: run `bash .ci/prebuild`",
                path.display()
            );
            let _ = writeln!(code, "pub static {name}: &str = \"\";");
        }
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("prebuilt.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
