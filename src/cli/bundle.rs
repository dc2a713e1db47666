//! The browser bundle: one `.wasm` file holding the engine and the index,
//! plus the JavaScript API, the widget and its stylesheet.
//!
//! The engine is compiled ahead of time (one per language, see `build.rs`)
//! and embedded in this binary. The index goes into the module as a custom
//! section named [`INDEX_SECTION`]: custom sections are part of the WebAssembly
//! format and ignored by the engine's code, and `trouve.js` reads it with
//! `WebAssembly.Module.customSections`. So a site owner needs no compiler:
//! appending a section to a prebuilt module is all a build does, and the
//! page downloads and caches one file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use trouve::format::{read_varint, write_varint};
use trouve::Language;

use super::build::write_atomically;

include!(concat!(env!("OUT_DIR"), "/engines.rs"));

/// The custom section of `trouve.wasm` that holds the index.
pub const INDEX_SECTION: &str = "trouve.index";

/// The widget's sources, concatenated into `trouve.js`: the API first, the
/// element that uses it second (one module, one request).
const SEARCHER_JS: &str = include_str!("../../www/widget/searcher.js");
const SEARCH_BOX_JS: &str = include_str!("../../www/widget/search-box.js");
const STYLES: &str = include_str!("../../www/widget/trouve.css");
const TYPES: &str = include_str!("../../www/widget/trouve.d.ts");

/// What [`write`] wrote.
#[derive(Debug)]
pub struct Written {
    pub wasm: PathBuf,
    pub wasm_bytes: usize,
    pub wasm_gzip_bytes: usize,
    pub others: Vec<String>,
}

pub fn write(out: &Path, index: &[u8], language: Language) -> Result<Written> {
    let Some((_, engine)) = ENGINES.iter().find(|(code, _)| *code == language.code()) else {
        let built: Vec<&str> = ENGINES.iter().map(|(code, _)| *code).collect();
        let built = if built.is_empty() {
            "none".to_owned()
        } else {
            built.join(", ")
        };
        bail!(
            "this trouve binary carries no browser engine for `{code}` (it has: {built}). \
             Build it with `TROUVE_ENGINE_LANGS={code} bash .ci/engine`, then rebuild trouve; \
             or pass --no-bundle to write only index.trv",
            code = language.code()
        );
    };
    let wasm = with_custom_section(engine, INDEX_SECTION, index)?;
    let wasm_path = out.join("trouve.wasm");
    write_atomically(&wasm_path, &wasm)?;

    let script = without_comment_lines(&format!("{SEARCHER_JS}\n{SEARCH_BOX_JS}"));
    let others = [
        ("trouve.js", script.as_str()),
        ("trouve-engine.js", ENGINE_GLUE),
        ("trouve.css", STYLES),
        ("trouve.d.ts", TYPES),
    ];
    for (name, text) in others {
        write_atomically(&out.join(name), text.as_bytes())?;
    }
    Ok(Written {
        wasm_gzip_bytes: gzip_len(&wasm),
        wasm_bytes: wasm.len(),
        wasm: wasm_path,
        others: others.iter().map(|(name, _)| name.to_string()).collect(),
    })
}

/// The script without its comment-only lines and blank lines: every visitor
/// downloads it, the comments are for whoever reads the sources in `www/`.
/// Only whole lines go (`// …`, and `/** … */` blocks that start a line), so
/// code and strings are never touched.
fn without_comment_lines(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut in_block = false;
    for line in script.lines() {
        let trimmed = line.trim_start();
        if in_block {
            in_block = !trimmed.contains("*/");
            continue;
        }
        if trimmed.starts_with("/*") {
            in_block = !trimmed.contains("*/");
            if !in_block && !trimmed.trim_end().ends_with("*/") {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Appends a custom section to a WebAssembly module.
pub fn with_custom_section(module: &[u8], name: &str, payload: &[u8]) -> Result<Vec<u8>> {
    if !module.starts_with(b"\0asm") {
        bail!("the embedded browser engine is not a WebAssembly module; rebuild trouve");
    }
    let mut content = Vec::with_capacity(name.len() + payload.len() + 5);
    write_varint(&mut content, name.len() as u64);
    content.extend_from_slice(name.as_bytes());
    content.extend_from_slice(payload);
    let mut out = Vec::with_capacity(module.len() + content.len() + 6);
    out.extend_from_slice(module);
    out.push(0); // custom section id
    write_varint(&mut out, content.len() as u64);
    out.extend_from_slice(&content);
    Ok(out)
}

/// Reads a custom section back: `trouve search` accepts a `trouve.wasm`.
pub fn custom_section<'a>(module: &'a [u8], name: &str) -> Option<&'a [u8]> {
    if !module.starts_with(b"\0asm") || module.len() < 8 {
        return None;
    }
    let mut at = 8;
    while at < module.len() {
        let id = module[at];
        at += 1;
        let size = read_usize(module, &mut at)?;
        let end = at.checked_add(size).filter(|&end| end <= module.len())?;
        if id == 0 {
            let mut inner = at;
            let name_len = read_usize(module, &mut inner)?;
            let name_end = inner.checked_add(name_len).filter(|&e| e <= end)?;
            if &module[inner..name_end] == name.as_bytes() {
                return Some(&module[name_end..end]);
            }
        }
        at = end;
    }
    None
}

fn read_usize(bytes: &[u8], at: &mut usize) -> Option<usize> {
    read_varint(bytes, at).and_then(|v| usize::try_from(v).ok())
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
    fn comment_lines_go_and_code_stays() {
        let script = "// intro\n/**\n * docs\n */\nconst a = 1; // trailing stays\n\n  /** one line */\nconst url = 'http://x';\n/* a */ const b = 2;\n";
        assert_eq!(
            without_comment_lines(script),
            "const a = 1; // trailing stays\nconst url = 'http://x';\n/* a */ const b = 2;\n"
        );
    }

    #[test]
    fn custom_sections_round_trip() {
        // The smallest valid module: magic and version.
        let module = b"\0asm\x01\0\0\0";
        let payload: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        let with = with_custom_section(module, INDEX_SECTION, &payload).unwrap();
        assert_eq!(custom_section(&with, INDEX_SECTION), Some(&payload[..]));
        assert_eq!(custom_section(&with, "other"), None);
        assert_eq!(custom_section(module, INDEX_SECTION), None);
        assert!(with_custom_section(b"not wasm", INDEX_SECTION, &payload).is_err());
        // Truncated modules are not read past their end.
        for cut in 0..with.len() {
            let _ = custom_section(&with[..cut], INDEX_SECTION);
        }
    }
}
