//! Where an index lives in the browser bundle: inside the engine's
//! WebAssembly module, as a custom section named [`INDEX_SECTION`].
//!
//! Custom sections are part of the WebAssembly format and ignored by the
//! module's code; the page reads this one with
//! `WebAssembly.Module.customSections`. So a site owner needs no compiler:
//! `trouve build` appends the section to a prebuilt engine, and the page
//! downloads and caches one file.
//!
//! ```text
//! section = id 0 (custom), size varint, name length varint, name, payload
//! ```

use super::{read_varint, write_varint};

/// The name of the custom section that holds the index.
pub const INDEX_SECTION: &str = "trouve.index";

/// Whether `bytes` start like a WebAssembly module (magic and version 1).
pub fn is_module(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\0asm\x01\0\0\0")
}

/// The module with `index` appended as its [`INDEX_SECTION`].
pub fn with_index(module: &[u8], index: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(INDEX_SECTION.len() + index.len() + 5);
    write_varint(&mut content, INDEX_SECTION.len() as u64);
    content.extend_from_slice(INDEX_SECTION.as_bytes());
    content.extend_from_slice(index);
    let mut out = Vec::with_capacity(module.len() + content.len() + 6);
    out.extend_from_slice(module);
    out.push(0); // custom section id
    write_varint(&mut out, content.len() as u64);
    out.extend_from_slice(&content);
    out
}

/// The payloads of a module's [`INDEX_SECTION`]s, in order: none when
/// `module` is not a module or carries no index. A well-formed bundle has
/// exactly one; a reader refuses several rather than pick one.
pub fn index_sections(module: &[u8]) -> Vec<&[u8]> {
    let mut found = Vec::new();
    if !is_module(module) {
        return found;
    }
    let mut at = 8;
    while at < module.len() {
        let id = module[at];
        at += 1;
        let Some(size) = read_usize(module, &mut at) else {
            break;
        };
        let Some(end) = at.checked_add(size).filter(|&end| end <= module.len()) else {
            break;
        };
        if id == 0 {
            let mut inner = at;
            let name_end = read_usize(module, &mut inner)
                .and_then(|name_len| inner.checked_add(name_len))
                .filter(|&e| e <= end);
            if let Some(name_end) = name_end {
                if &module[inner..name_end] == INDEX_SECTION.as_bytes() {
                    found.push(&module[name_end..end]);
                }
            }
        }
        at = end;
    }
    found
}

/// The index a module carries, if it carries exactly one.
pub fn index_of(module: &[u8]) -> Option<&[u8]> {
    match index_sections(module)[..] {
        [index] => Some(index),
        _ => None,
    }
}

fn read_usize(bytes: &[u8], at: &mut usize) -> Option<usize> {
    read_varint(bytes, at).and_then(|v| usize::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_section_round_trips() {
        // The smallest valid module: magic and version.
        let module = b"\0asm\x01\0\0\0";
        let payload: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        let with = with_index(module, &payload);
        assert!(is_module(&with));
        assert_eq!(index_of(&with), Some(&payload[..]));
        assert_eq!(index_of(module), None);
        assert_eq!(index_of(b"not wasm at all"), None);
        // Truncated modules are not read past their end.
        for cut in 0..with.len() {
            let _ = index_of(&with[..cut]);
        }
    }

    #[test]
    fn a_module_with_two_indexes_has_no_single_one() {
        let module = b"\0asm\x01\0\0\0";
        let twice = with_index(&with_index(module, b"first"), b"second");
        assert_eq!(index_sections(&twice), [&b"first"[..], &b"second"[..]]);
        assert_eq!(index_of(&twice), None);
    }
}
