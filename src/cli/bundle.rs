//! The browser bundle: `trouve.wasm` (the engine with the index inside, see
//! [`trouve::format::module`]), `trouve.js` (the `Searcher` API and the
//! `<trouve-search>` element), the engine's glue, the element's styles and
//! the TypeScript types.
//!
//! The engines (one per language, each with only its stemmer) and the
//! minified `trouve.js` are built ahead of time into `prebuilt/` and
//! embedded in this binary by `build.rs`, so a site owner needs no compiler
//! and no Node: a build appends the index to a prebuilt engine and copies
//! the rest.

use std::io::Write;

use anyhow::{bail, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use trouve::format::module;
use trouve::Language;

use super::output::Staged;

include!(concat!(env!("OUT_DIR"), "/prebuilt.rs"));

const STYLES: &str = include_str!("../../widget/trouve.css");
const TYPES: &str = include_str!("../../widget/trouve.d.ts");

/// The prebuilt engine for `language`.
fn engine(language: Language) -> Result<&'static [u8]> {
    match ENGINES.iter().find(|(code, _)| *code == language.code()) {
        Some((_, engine)) if module::is_module(engine) => Ok(engine),
        Some(_) => bail!(
            "the browser engine for `{}` embedded in this trouve is damaged; reinstall trouve",
            language.code()
        ),
        None => {
            let built: Vec<&str> = ENGINES.iter().map(|(code, _)| *code).collect();
            let carried = if built.is_empty() {
                "it carries no browser engine at all".to_owned()
            } else {
                format!("it carries engines for {}", built.join(", "))
            };
            bail!(
                "this trouve cannot write a browser bundle for `{code}`: {carried}. \
                 Install a complete trouve (see the README), or pass --no-bundle to write only index.trv",
                code = language.code()
            )
        }
    }
}

/// What [`stage`] wrote.
#[derive(Debug)]
pub struct Bundle {
    pub wasm_bytes: usize,
    pub wasm_gzip_bytes: usize,
    pub files: Vec<&'static str>,
}

/// Stages the bundle's files for `index`.
pub fn stage(staged: &mut Staged, index: &[u8], language: Language) -> Result<Bundle> {
    let wasm = module::with_index(engine(language)?, index);
    let files: [(&str, &[u8]); 5] = [
        ("trouve-engine.js", ENGINE_GLUE.as_bytes()),
        ("trouve.css", STYLES.as_bytes()),
        ("trouve.d.ts", TYPES.as_bytes()),
        ("trouve.wasm", &wasm),
        // Last: the file a page loads first.
        ("trouve.js", WIDGET.as_bytes()),
    ];
    for (name, bytes) in files {
        staged.write(name, bytes)?;
    }
    Ok(Bundle {
        wasm_bytes: wasm.len(),
        wasm_gzip_bytes: gzip_len(&wasm),
        files: files.iter().map(|(name, _)| *name).collect(),
    })
}

/// Size after gzip at the level static hosts commonly use.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_engine() {
        for language in Language::ALL {
            let engine = engine(language).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                module::index_of(engine).is_none(),
                "a prebuilt engine carries no index"
            );
        }
        assert!(ENGINE_GLUE.contains("export"), "the glue is an ES module");
        assert!(
            WIDGET.contains("trouve-search"),
            "trouve.js defines the element"
        );
    }
}
