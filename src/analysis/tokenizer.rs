//! Word segmentation: text → word tokens with byte spans and positions.
//!
//! A word is a run of letters, digits and combining marks. Inside a word, an
//! apostrophe (`'`, `’`, `‘`, `ʼ`, `＇`) or a hyphen joins the letters on both
//! sides, and `.` or `,` joins two digits (`1.5`, `10,000`). This is the part
//! of Unicode's word-boundary rules (UAX #29) that matters for Latin-script
//! text, written out here because the full rule tables would cost the browser
//! module more than the rest of the analyzer.
//!
//! Hyphenated words (`libre-échange`, `Asie-Pacifique`, `2024-2030`) yield the
//! whole word and then each part, so a search finds them whole and by part.
//! The whole shares its position with the first part and the parts take
//! consecutive positions, so phrases over parts (`"libre échange"`) match too.
//!
//! Spans always point into the original text: filters downstream change the
//! term's text, never where it came from, so highlighting stays exact.

/// A word found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset where the word starts in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Word number within the text, counting from 0.
    pub position: u32,
    /// True for one part of a hyphenated word: the whole word is emitted
    /// first with `part == false`.
    pub part: bool,
}

/// Words longer than this (in bytes) are noise (hashes, base64, hostile
/// input): they take a position but produce no token.
pub const MAX_TOKEN_BYTES: usize = 96;

/// Iterator over the [`Token`]s of a text; see [`crate::Analyzer::tokens`].
#[derive(Debug)]
pub struct Tokens<'t> {
    text: &'t str,
    /// Byte offset where scanning resumes.
    cursor: usize,
    position: u32,
    /// Parts of the current hyphenated word still to emit, as spans.
    pending: Vec<(usize, usize)>,
    next_pending: usize,
    pending_position: u32,
}

impl<'t> Tokens<'t> {
    /// The tokens of `text`, whose first word has position `position`: a
    /// text cut at a word boundary numbers its words as the whole text did.
    pub(crate) fn new(text: &'t str, position: u32) -> Self {
        Tokens {
            text,
            cursor: 0,
            position,
            pending: Vec::new(),
            next_pending: 0,
            pending_position: 0,
        }
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        // Latin-1 and Latin Extended letters, the bulk of accented text,
        // without the Unicode table lookup.
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        _ => c.is_alphanumeric() || super::fold::is_combining_mark(c),
    }
}

#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '＇')
}

#[inline]
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            if self.next_pending < self.pending.len() {
                let (start, end) = self.pending[self.next_pending];
                let position = self.pending_position + self.next_pending as u32;
                self.next_pending += 1;
                if end - start <= MAX_TOKEN_BYTES {
                    return Some(Token {
                        start,
                        end,
                        position,
                        part: true,
                    });
                }
                continue;
            }
            let (start, end) = self.scan_word()?;
            let parts = self.pending.len();
            let position = self.position;
            self.position = self.position.saturating_add(parts.max(1) as u32);
            if parts > 1 {
                self.next_pending = 0;
                self.pending_position = position;
            } else {
                self.pending.clear();
            }
            if end - start <= MAX_TOKEN_BYTES {
                return Some(Token {
                    start,
                    end,
                    position,
                    part: false,
                });
            }
        }
    }
}

impl Tokens<'_> {
    /// Finds the next word, records its hyphen-separated parts in `pending`
    /// and returns its span.
    fn scan_word(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        // Byte by byte where text is ASCII, as most of any Latin-script
        // text is: snippets tokenize whole blocks on every query.
        let mut at = self.cursor;
        let start = loop {
            let c = char_at(text, at)?;
            if is_word_char(c) {
                break at;
            }
            at += c.len_utf8();
        };
        self.pending.clear();
        self.next_pending = 0;
        let mut part_start = start;
        let mut end = start;
        let mut prev: Option<char> = None;
        let mut at = start;
        while let Some(c) = char_at(text, at) {
            let after = at + c.len_utf8();
            if is_word_char(c) {
                end = after;
                prev = Some(c);
                at = after;
                continue;
            }
            // A joiner only joins when a word character follows it.
            let joins = match (prev, char_at(text, after)) {
                (Some(p), Some(n)) if is_word_char(n) => {
                    is_apostrophe(c)
                        || is_hyphen(c)
                        || (matches!(c, '.' | ',') && p.is_numeric() && n.is_numeric())
                }
                _ => false,
            };
            if !joins {
                break;
            }
            if is_hyphen(c) {
                self.pending.push((part_start, end));
                part_start = after;
            }
            prev = Some(c);
            at = after;
        }
        if !self.pending.is_empty() {
            self.pending.push((part_start, end));
        }
        self.cursor = end;
        Some((start, end))
    }
}

/// The character that starts at byte `at` of `text` (a character boundary).
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    match *text.as_bytes().get(at)? {
        byte if byte.is_ascii() => Some(char::from(byte)),
        _ => text.get(at..)?.chars().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (word, position, part) for every token of `text`.
    fn words(text: &str) -> Vec<(&str, u32, bool)> {
        Tokens::new(text, 0)
            .map(|t| (&text[t.start..t.end], t.position, t.part))
            .collect()
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        assert_eq!(
            words("Le président, (russe) «Poutine»!"),
            vec![
                ("Le", 0, false),
                ("président", 1, false),
                ("russe", 2, false),
                ("Poutine", 3, false)
            ]
        );
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        assert_eq!(
            words("l’énergie d'aujourd'hui"),
            vec![("l’énergie", 0, false), ("d'aujourd'hui", 1, false)]
        );
        // Quotes around a word are not part of it.
        assert_eq!(
            words("'guerre' ’x"),
            vec![("guerre", 0, false), ("x", 1, false)]
        );
    }

    #[test]
    fn hyphenated_words_yield_whole_then_parts() {
        assert_eq!(
            words("libre-échange entre"),
            vec![
                ("libre-échange", 0, false),
                ("libre", 0, true),
                ("échange", 1, true),
                ("entre", 2, false)
            ]
        );
        assert_eq!(
            words("a-t-il"),
            vec![
                ("a-t-il", 0, false),
                ("a", 0, true),
                ("t", 1, true),
                ("il", 2, true)
            ]
        );
        // A dash between spaces is punctuation.
        assert_eq!(
            words("paix - stabilité"),
            vec![("paix", 0, false), ("stabilité", 1, false)]
        );
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            words("1.5 10,000 80e 2045."),
            vec![
                ("1.5", 0, false),
                ("10,000", 1, false),
                ("80e", 2, false),
                ("2045", 3, false)
            ]
        );
        // A comma after a number followed by a space ends it.
        assert_eq!(
            words("2025, Hanoï"),
            vec![("2025", 0, false), ("Hanoï", 1, false)]
        );
    }

    #[test]
    fn combining_marks_belong_to_the_word() {
        assert_eq!(
            words("e\u{301}te\u{301} x"),
            vec![("e\u{301}te\u{301}", 0, false), ("x", 1, false)]
        );
    }

    #[test]
    fn overlong_words_take_a_position_but_no_token() {
        let long = "x".repeat(MAX_TOKEN_BYTES + 1);
        let text = format!("a {long} b");
        assert_eq!(words(&text), vec![("a", 0, false), ("b", 2, false)]);
    }

    #[test]
    fn a_text_cut_at_a_word_keeps_its_positions() {
        let text = "un deux-trois quatre";
        let cut = text.find("deux").unwrap();
        let tail: Vec<_> = Tokens::new(&text[cut..], 1).map(|t| t.position).collect();
        assert_eq!(tail, [1, 1, 2, 3]);
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(words("").is_empty());
        assert!(words(" ,;:!?«»—'-").is_empty());
    }
}
