//! Embeds the prebuilt browser engines into the `trouve` binary.
//!
//! `bash .ci/engine` compiles the library to WebAssembly once per language
//! (each engine carries only its language's stemmer) into `target/engine/`:
//! `<lang>.wasm` and the shared JavaScript glue `trouve-engine.js`. This
//! script makes them `include_bytes!` constants, so a site owner with only
//! the `trouve` binary can build a browser bundle for their own corpus. When
//! no engine has been built, the binary still works, and `trouve build`
//! says how to get the bundle.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-env-changed=TROUVE_ENGINE_DIR");
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = env::var_os("TROUVE_ENGINE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("target/engine"));
    println!("cargo::rerun-if-changed={}", dir.display());

    let glue = dir.join("trouve-engine.js");
    let mut engines: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wasm"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_owned(), path)))
        .collect();
    engines.sort();
    if !glue.is_file() {
        engines.clear();
    }

    let mut code = String::from("/// Browser engines by language code, built by `.ci/engine`.\npub static ENGINES: &[(&str, &[u8])] = &[\n");
    for (language, path) in &engines {
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({language:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str(
        "];\n/// The wasm-bindgen glue shared by every engine.\npub static ENGINE_GLUE: &str = ",
    );
    if engines.is_empty() {
        code.push_str("\"\";\n");
    } else {
        println!("cargo::rerun-if-changed={}", glue.display());
        let _ = writeln!(code, "include_str!({:?});", glue.display().to_string());
    }
    warn_if_stale(&manifest, &engines);
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("engines.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

/// An engine older than the library's sources may read indexes differently
/// from the `trouve` that writes them: say so at build time.
fn warn_if_stale(manifest: &Path, engines: &[(String, PathBuf)]) {
    let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
    let Some(oldest_engine) = engines.iter().filter_map(|(_, path)| modified(path)).min() else {
        return;
    };
    let mut sources = vec![manifest.join("Cargo.toml")];
    let mut folders = vec![manifest.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("cli") {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("main.rs") {
                sources.push(path);
            }
        }
    }
    for source in &sources {
        println!("cargo::rerun-if-changed={}", source.display());
    }
    if sources
        .iter()
        .filter_map(|path| modified(path))
        .any(|time| time > oldest_engine)
    {
        println!("cargo::warning=the browser engines in target/engine are older than the library sources; run `bash .ci/engine`, then build again");
    }
}
