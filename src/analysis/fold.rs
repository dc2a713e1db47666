//! Diacritic folding for Latin scripts: `é → e`, `œ → oe`, `ầ → a`, `đ → d`.
//!
//! Full Unicode normalization tables cost about 64 KB gzipped in the browser
//! module; the Latin letters people type accents on fit in two small tables
//! (Latin-1 Supplement through Latin Extended-B, and Latin Extended
//! Additional, which holds Vietnamese). Combining marks are dropped so text
//! that arrives decomposed (`e` + U+0301) folds the same as precomposed text.
//! Characters of other scripts pass through unchanged.
//!
//! The tables were generated from Unicode's canonical decompositions (base
//! letter of NFKD, lowercased), with hand-written entries for letters that
//! have no decomposition (`đ`, `ł`, `ø`, `ß`, `œ`, ...). An entry is an ASCII
//! letter, 0 for "unchanged", or 1..=8 for a two-letter expansion.

/// Appends `c` to `out` with its diacritics removed.
#[inline]
pub(crate) fn push_folded(c: char, out: &mut String) {
    let cp = c as u32;
    if cp < 0xC0 {
        out.push(c);
        return;
    }
    let entry = match cp {
        0xC0..=0x24F => LATIN_C0_24F[(cp - 0xC0) as usize],
        0x1E00..=0x1EFF => LATIN_1E00_1EFF[(cp - 0x1E00) as usize],
        // Combining diacritical marks (and their extensions): drop them.
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => {
            return
        }
        0xFB00 => return out.push_str("ff"),
        0xFB01 => return out.push_str("fi"),
        0xFB02 => return out.push_str("fl"),
        0xFB03 => return out.push_str("ffi"),
        0xFB04 => return out.push_str("ffl"),
        0xFB05 | 0xFB06 => return out.push_str("st"),
        _ => 0,
    };
    match entry {
        0 => out.push(c),
        1..=8 => out.push_str(EXPANSIONS[entry as usize - 1]),
        letter => out.push(letter as char),
    }
}

/// Whether `c` is a combining mark: part of the letter before it, never a
/// word boundary.
#[inline]
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

const LATIN_C0_24F: &[u8; 400] = b"\
    aaaaaa\x01ceeeeiiiidnooooo\0ouuuuy\x04\x03aaaaaa\x01ceeeeiiii\
    dnooooo\0ouuuuy\x04yaaaaaaccccccccddddeeeeeeeeeegggg\
    gggghhhhiiiiiiiiii\x05\x05jjkk\0llllllllllnnnnnnnnnoooo\
    oo\x02\x02rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs\
    b\0bb\0\0\0cc\0\0dd\0e\0\0ff\0\0\0\0\0kkl\0\0\0n\0oo\0\0pp\0\0\0\0\0\0tt\0u\
    u\0\0yyzz\0\0\0\0\0\0\0\0w\0\0\0\0\x06\x06\x06\x07\x07\x07\x08\x08\x08aaiioouuuuuuuuuueaa\
    aa\x01\x01ggggkkoooo\0\0j\x06\x06\x06gg\0wnnaa\x01\x01ooaaaaeeeeiiiioooo\
    rrrruuuusstt\0\0hhnd\0\0zzaaeeooooooooyylntj\0\0\0ccl\0\0\
    \0\0\0b\0\0eejj\0\0rryy\
";
const LATIN_1E00_1EFF: &[u8; 256] = b"\
    aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiii\
    kkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrr\
    ssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyy\
    zzzzzzhtwy\0s\0\0\x03\0aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
    eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuu\
    uuyyyyyyyy\0\0\0\0\0\0\
";
const EXPANSIONS: [&str; 8] = ["ae", "oe", "ss", "th", "ij", "dz", "lj", "nj"];

#[cfg(test)]
mod tests {
    use super::push_folded;

    fn fold(s: &str) -> String {
        let mut out = String::new();
        s.chars().for_each(|c| push_folded(c, &mut out));
        out
    }

    #[test]
    fn french_accents_and_ligatures() {
        assert_eq!(fold("éèêëàâäîïôöùûüÿç"), "eeeeaaaiioouuuyc");
        assert_eq!(fold("œuvre"), "oeuvre");
        assert_eq!(fold("ÆSOP"), "aeSOP");
        assert_eq!(fold("ﬁn"), "fin");
    }

    #[test]
    fn vietnamese_letters() {
        assert_eq!(fold("tô lâm"), "to lam");
        assert_eq!(fold("lê hoài trung"), "le hoai trung");
        assert_eq!(fold("đầu tư ơn"), "dau tu on");
        assert_eq!(fold("nguyễn phú trọng"), "nguyen phu trong");
    }

    #[test]
    fn other_latin_letters() {
        assert_eq!(
            fold("straße łódź ørsted þorn ĳssel"),
            "strasse lodz orsted thorn ijssel"
        );
        assert_eq!(fold("șțăâî"), "staai");
        assert_eq!(fold("čšžřůň"), "cszrun");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        assert_eq!(fold("e\u{301}conomie"), fold("économie"));
    }

    #[test]
    fn other_scripts_and_symbols_pass_through() {
        assert_eq!(fold("москва 東京 × ÷"), "москва 東京 × ÷");
    }
}
