//! Where pieces lie, and how a piece stored outside the root is framed.
//!
//! ```text
//! location = file varint, offset varint, length varint
//! framed   = content, CRC-32 of content (u32)        (then compressed, raw DEFLATE)
//! ```

use super::{crc32, read_varint, write_varint};
use crate::error::{Error, Result};

/// Where a piece's stored bytes lie: which file of the root's file table,
/// at which offset, how many bytes. File 0 is the container's own `PCES`
/// section, where pieces are stored as they are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: u32,
    pub offset: u64,
    pub length: u32,
}

impl Location {
    /// Whether the piece is in the root (or the single-layout file) itself.
    pub fn is_local(&self) -> bool {
        self.file == 0
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, u64::from(self.file));
        write_varint(out, self.offset);
        write_varint(out, u64::from(self.length));
    }

    pub(crate) fn read(bytes: &[u8], at: &mut usize) -> Option<Location> {
        Some(Location {
            file: u32::try_from(read_varint(bytes, at)?).ok()?,
            offset: read_varint(bytes, at)?,
            length: u32::try_from(read_varint(bytes, at)?).ok()?,
        })
    }
}

/// A piece's content with its checksum, ready to be compressed into a
/// piece file.
pub fn frame(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 4);
    out.extend_from_slice(content);
    out.extend_from_slice(&crc32(content).to_le_bytes());
    out
}

/// A piece's content, once its checksum is checked (after decompression).
pub(crate) fn unframe(framed: &[u8]) -> Result<&[u8]> {
    const DAMAGED: Error =
        Error::Corrupt("a piece of the index is damaged (its checksum does not match)");
    if framed.len() < 4 {
        return Err(DAMAGED);
    }
    let (content, stored) = framed.split_at(framed.len() - 4);
    if crc32(content).to_le_bytes() != stored {
        return Err(DAMAGED);
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn locations_round_trip(file in any::<u32>(), offset in any::<u64>(), length in any::<u32>()) {
            let location = Location { file, offset, length };
            let mut bytes = Vec::new();
            location.write(&mut bytes);
            let mut at = 0;
            prop_assert_eq!(Location::read(&bytes, &mut at), Some(location));
            prop_assert_eq!(at, bytes.len());
        }

        #[test]
        fn a_framed_piece_refuses_any_change(content in proptest::collection::vec(any::<u8>(), 0..64), at in any::<usize>(), flip in 1u8..=255) {
            let mut framed = frame(&content);
            prop_assert_eq!(unframe(&framed).unwrap(), &content[..]);
            let at = at % framed.len();
            framed[at] ^= flip;
            prop_assert!(unframe(&framed).is_err());
        }
    }
}
