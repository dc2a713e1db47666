//! Varints: unsigned LEB128, 7 bits a byte, low bits first, the high bit
//! set on every byte but the last. WebAssembly uses the same encoding, which
//! is why [`super::module`] reads and writes sections with these too.

/// Appends `value` as a varint.
pub(crate) fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a varint at `*at`, advancing it; `None` if it is cut short or too
/// long for a u64.
#[inline]
pub(crate) fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    // Most postings numbers fit in one byte.
    let first = *bytes.get(*at)?;
    if first < 0x80 {
        *at += 1;
        return Some(u64::from(first));
    }
    read_long_varint(bytes, at)
}

#[cold]
fn read_long_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// Reads a varint length and that many bytes.
pub(crate) fn read_bytes<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = usize::try_from(read_varint(bytes, at)?).ok()?;
    let end = at.checked_add(len)?;
    let found = bytes.get(*at..end)?;
    *at = end;
    Some(found)
}

pub(crate) fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn varints_round_trip(values in proptest::collection::vec(any::<u64>(), 0..50)) {
            let mut buf = Vec::new();
            values.iter().for_each(|&v| write_varint(&mut buf, v));
            let mut at = 0;
            for &v in &values {
                prop_assert_eq!(read_varint(&buf, &mut at), Some(v));
            }
            prop_assert_eq!(at, buf.len());
            prop_assert_eq!(read_varint(&buf, &mut at), None);
        }

    }

    #[test]
    fn byte_strings_round_trip_and_refuse_overruns() {
        let mut out = Vec::new();
        write_bytes(&mut out, b"abc");
        write_bytes(&mut out, b"");
        let mut at = 0;
        assert_eq!(read_bytes(&out, &mut at), Some(&b"abc"[..]));
        assert_eq!(read_bytes(&out, &mut at), Some(&b""[..]));
        assert_eq!(read_bytes(&out, &mut at), None);
        assert_eq!(read_bytes(&[5, b'a'], &mut 0), None);
    }
}
