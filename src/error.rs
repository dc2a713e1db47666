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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooShort { len } => write!(
                f,
                "not a Trouve index: only {len} bytes (truncated download or wrong file?); rebuild it with `trouve build`"
            ),
            Error::NotAnIndex => write!(
                f,
                "not a Trouve index (the magic number is missing); check the path, or rebuild it with `trouve build`"
            ),
            Error::UnsupportedVersion { found, supported } => write!(
                f,
                "index format version {found} is not supported (this Trouve reads version {supported}); rebuild the index with this version of `trouve build`"
            ),
            Error::AnalyzerMismatch { found, expected } => write!(
                f,
                "index was built with analyzer {found} but this Trouve analyzes text with analyzer {expected}; rebuild the index with this version of `trouve build`"
            ),
            Error::Checksum { stored, computed } => write!(
                f,
                "index is corrupted or truncated (checksum {computed:08x} does not match the stored {stored:08x}); rebuild it with `trouve build` or download it again"
            ),
            Error::Corrupt(what) => {
                write!(f, "index is corrupted ({what}); rebuild it with `trouve build`")
            }
            Error::LanguageUnavailable { code, available } => write!(
                f,
                "this Trouve build has no analyzer for the index's language `{code}` (it has: {available}); use an engine built for `{code}`"
            ),
            Error::UnknownLanguage(byte) => write!(
                f,
                "index uses language number {byte}, unknown to this Trouve; rebuild the index with this version of `trouve build`"
            ),
            Error::Incomplete { missing } => write!(
                f,
                "{missing} pieces of the split index are needed first; add them with `Index::add_piece` and ask again"
            ),
            Error::InvalidOption {
                option,
                value,
                expected,
            } => write!(f, "`{option}` must be {expected}, not `{value}`"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
