//! The library's one error type. Every message says what is wrong and how to
//! fix it, because it reaches people: the terminal prints it, and the browser
//! module turns it into a JavaScript `Error`.

use std::fmt;

/// Why an index could not be opened or read, or a search not be run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Fewer bytes than the smallest possible index.
    TooShort { len: usize },
    /// The bytes do not start with Trouve's magic number.
    NotAnIndex,
    /// Written by a format this version of Trouve cannot read.
    UnsupportedVersion { found: u32, supported: u32 },
    /// Built by another analyzer: its words would not meet this one's.
    AnalyzerMismatch { found: u32, expected: u32 },
    /// The checksum does not match: damaged or cut short.
    Checksum { stored: u32, computed: u32 },
    /// A part of the index is inconsistent (the checksum matched, so the file
    /// was written wrong rather than damaged on the way).
    Corrupt(&'static str),
    /// The index's language has no stemmer in this build.
    LanguageUnavailable {
        code: &'static str,
        available: String,
    },
    /// The index has filters or number fields, and this engine was built
    /// without the `filters` feature.
    FiltersUnavailable,
    /// A language byte this version does not know.
    UnknownLanguage(u8),
    /// A split index was asked for something whose pieces have not been
    /// added yet (see [`crate::Answer`]).
    Incomplete { missing: usize },
    /// A search option with a value it cannot take.
    InvalidOption {
        option: &'static str,
        value: String,
        expected: &'static str,
    },
}

impl Error {
    /// What went wrong and how to fix it, put together without `core::fmt`,
    /// which the browser module would otherwise carry for this alone.
    pub fn message(&self) -> String {
        match self {
            Error::TooShort { len } => [
                "not a Trouve index: only ",
                &decimal(*len as u64),
                " bytes (truncated download or wrong file?); rebuild it with `trouve build`",
            ]
            .concat(),
            Error::NotAnIndex => "not a Trouve index (the magic number is missing); check the path, or rebuild it with `trouve build`".to_owned(),
            Error::UnsupportedVersion { found, supported } => [
                "index format version ",
                &decimal(u64::from(*found)),
                " is not supported (this Trouve reads version ",
                &decimal(u64::from(*supported)),
                "); rebuild the index with this version of `trouve build`",
            ]
            .concat(),
            Error::AnalyzerMismatch { found, expected } => [
                "index was built with analyzer ",
                &decimal(u64::from(*found)),
                " but this Trouve analyzes text with analyzer ",
                &decimal(u64::from(*expected)),
                "; rebuild the index with this version of `trouve build`",
            ]
            .concat(),
            Error::Checksum { stored, computed } => [
                "index is corrupted or truncated (checksum ",
                &hex(*computed),
                " does not match the stored ",
                &hex(*stored),
                "); rebuild it with `trouve build` or download it again",
            ]
            .concat(),
            Error::Corrupt(what) => [
                "index is corrupted (",
                what,
                "); rebuild it with `trouve build`",
            ]
            .concat(),
            Error::LanguageUnavailable { code, available } => [
                "this Trouve build has no analyzer for the index's language `",
                code,
                "` (it has: ",
                available,
                "); use an engine built for `",
                code,
                "`",
            ]
            .concat(),
            Error::FiltersUnavailable => "this engine was built without filters, but the index has filter keys or number fields; rebuild the bundle with `trouve build`, which gives such an index the engine that reads them".to_owned(),
            Error::UnknownLanguage(byte) => [
                "index uses language number ",
                &decimal(u64::from(*byte)),
                ", unknown to this Trouve; rebuild the index with this version of `trouve build`",
            ]
            .concat(),
            Error::Incomplete { missing } => [
                &decimal(*missing as u64),
                " pieces of the split index are needed first; add them with `Index::add_piece` and ask again",
            ]
            .concat(),
            Error::InvalidOption {
                option,
                value,
                expected,
            } => ["`", option, "` must be ", expected, ", not `", value, "`"].concat(),
        }
    }
}

/// `n` in decimal digits.
fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// `n` in eight lowercase hexadecimal digits.
fn hex(n: u32) -> String {
    (0..8)
        .rev()
        .map(|i| char::from(b"0123456789abcdef"[(n >> (4 * i)) as usize & 15]))
        .collect()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages_spell_numbers_as_formatting_would() {
        assert_eq!(
            Error::Checksum {
                stored: 0xdead_beef,
                computed: 0x1a
            }
            .to_string(),
            "index is corrupted or truncated (checksum 0000001a does not match the stored deadbeef); rebuild it with `trouve build` or download it again"
        );
        assert_eq!(
            Error::TooShort { len: 0 }.message(),
            "not a Trouve index: only 0 bytes (truncated download or wrong file?); rebuild it with `trouve build`"
        );
        assert_eq!(
            Error::UnsupportedVersion {
                found: 4_294_967_295,
                supported: 7
            }
            .message(),
            "index format version 4294967295 is not supported (this Trouve reads version 7); rebuild the index with this version of `trouve build`"
        );
        assert_eq!(
            Error::Incomplete { missing: 12 }.message(),
            "12 pieces of the split index are needed first; add them with `Index::add_piece` and ask again"
        );
    }
}
