//! The index's checksum: CRC-32 (IEEE 802.3), written last in the file.

/// CRC-32 (IEEE 802.3). In the browser module, a byte at a time from a
/// 1 KB table computed on each call (2,048 steps, about a microsecond):
/// a stored table would be 1 KB more for every page to download, since
/// tables barely compress, and pieces are checked a few at a time.
/// Natively, eight bytes at a time from 8 KB of tables, since
/// `trouve build` writes tens of megabytes.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut crc = !0u32;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let low = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) ^ crc;
            let t = &CRC_TABLES_8;
            crc = t[7][(low & 0xff) as usize]
                ^ t[6][(low >> 8 & 0xff) as usize]
                ^ t[5][(low >> 16 & 0xff) as usize]
                ^ t[4][(low >> 24) as usize]
                ^ t[3][chunk[4] as usize]
                ^ t[2][chunk[5] as usize]
                ^ t[1][chunk[6] as usize]
                ^ t[0][chunk[7] as usize];
        }
        !crc32_bytewise(&CRC_TABLES_8[0], crc, chunks.remainder())
    }
    #[cfg(target_arch = "wasm32")]
    {
        !crc32_bytewise(&crc_table(), !0, bytes)
    }
}

/// Continues a CRC over `bytes`, a byte at a time (pre- and post-inverted
/// by the caller).
fn crc32_bytewise(table: &[u32; 256], mut crc: u32, bytes: &[u8]) -> u32 {
    for &byte in bytes {
        crc = table[((crc ^ u32::from(byte)) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// The classic byte-at-a-time table.
const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// Slicing-by-8: table k advances a byte that is followed by k more.
#[cfg(not(target_arch = "wasm32"))]
const CRC_TABLES_8: [[u32; 256]; 8] = {
    let first = crc_table();
    let mut tables = [first; 8];
    let mut t = 1;
    while t < 8 {
        let mut i = 0;
        while i < 256 {
            let previous = tables[t - 1][i];
            tables[t][i] = (previous >> 8) ^ first[(previous & 0xff) as usize];
            i += 1;
        }
        t += 1;
    }
    tables
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    proptest! {
        #[test]
        fn eight_bytes_at_a_time_agrees_with_one(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(crc32(&bytes), !crc32_bytewise(&crc_table(), !0, &bytes));
        }
    }
}
