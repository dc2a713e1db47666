//! Precompressed twins of a bundle's files: `trouve.js.br` and
//! `trouve.js.gz` beside `trouve.js`, for hosts that send them as they are
//! when the browser accepts the encoding (nginx's `gzip_static` and
//! `brotli_static`, Caddy's `precompressed`, `trouve serve`), rather than
//! compressing each response at a fast level, or not at all.
//!
//! Only what a browser downloads whole gets twins: the scripts, the styles
//! and the modules. The split layout's index files are stored compressed
//! already, and they are read by ranges, which must be the file's own bytes.

use std::io::Write;

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

/// The encodings written, by file suffix.
pub const SUFFIXES: [&str; 2] = [".br", ".gz"];

/// Files smaller than this are left alone: a packet carries them anyway.
const TWINS_ABOVE: usize = 1024;

/// Brotli's densest level, the one static hosts precompress with. Its
/// window, 4 MB, covers the modules of all but the largest single-layout
/// sites.
const BROTLI_QUALITY: i32 = 11;
const BROTLI_WINDOW_BITS: i32 = 22;

/// The twins of a file of `bytes`: (suffix, compressed bytes), or none when
/// the file is too small to be worth it.
pub fn twins(bytes: &[u8]) -> Result<Vec<(&'static str, Vec<u8>)>> {
    if bytes.len() <= TWINS_ABOVE {
        return Ok(Vec::new());
    }
    Ok(vec![(".br", brotli(bytes)?), (".gz", gzip(bytes)?)])
}

/// The name a twin stands for: `trouve.js` for `trouve.js.br`.
pub fn original(name: &str) -> Option<&str> {
    SUFFIXES.iter().find_map(|suffix| name.strip_suffix(suffix))
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW_BITS,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .context("cannot compress with brotli")?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder.write_all(bytes).context("cannot gzip")?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn twins_decompress_to_the_file() {
        let text: Vec<u8> = (0..5000u32)
            .flat_map(|i| format!("mot{} ", i % 97).into_bytes())
            .collect();
        let twins = twins(&text).unwrap();
        let suffixes: Vec<&str> = twins.iter().map(|(suffix, _)| *suffix).collect();
        assert_eq!(suffixes, SUFFIXES);
        for (suffix, bytes) in twins {
            assert!(bytes.len() < text.len() / 4, "{suffix} compresses");
            let mut back = Vec::new();
            match suffix {
                ".br" => brotli::Decompressor::new(&bytes[..], 4096)
                    .read_to_end(&mut back)
                    .unwrap(),
                _ => flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut back)
                    .unwrap(),
            };
            assert_eq!(back, text, "{suffix}");
        }
    }

    #[test]
    fn small_files_have_none() {
        assert!(twins(&[b'a'; TWINS_ABOVE]).unwrap().is_empty());
    }

    #[test]
    fn a_twin_names_its_original() {
        assert_eq!(original("trouve.js.br"), Some("trouve.js"));
        assert_eq!(
            original("engine-fr-0123.wasm.gz"),
            Some("engine-fr-0123.wasm")
        );
        assert_eq!(original("trouve.js"), None);
    }
}
