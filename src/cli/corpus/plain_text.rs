//! The one way every format writes a document's text: whitespace collapsed,
//! block boundaries kept as line and paragraph breaks, so words from two
//! blocks never glue together and snippets keep their paragraphs.

/// What separates two pieces of text; a stronger gap wins over a weaker one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    #[default]
    None,
    Space,
    Line,
    Paragraph,
}

/// Plain text under construction. Gaps are held back until more text comes,
/// so the result never starts or ends with whitespace.
#[derive(Debug, Default)]
pub struct PlainText {
    text: String,
    pending: Gap,
}

impl PlainText {
    pub fn gap(&mut self, gap: Gap) {
        self.pending = self.pending.max(gap);
    }

    /// Appends `text`, each run of spaces, tabs and newlines becoming one
    /// gap: a line break if `keep_lines` and the run holds a newline (code,
    /// `<pre>`), else a space. Only ASCII whitespace collapses, as in HTML:
    /// a no-break space is meant.
    pub fn push(&mut self, text: &str, keep_lines: bool) {
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                self.gap(if keep_lines && c == '\n' {
                    Gap::Line
                } else {
                    Gap::Space
                });
                continue;
            }
            if !self.text.is_empty() {
                match self.pending {
                    Gap::None => {}
                    Gap::Space => self.text.push(' '),
                    Gap::Line => self.text.push('\n'),
                    Gap::Paragraph => self.text.push_str("\n\n"),
                }
            }
            self.pending = Gap::None;
            self.text.push(c);
        }
    }

    /// Where the text ends so far: a mark to pass to [`PlainText::span_from`]
    /// once more has been pushed.
    pub fn mark(&self) -> usize {
        self.text.len()
    }

    /// Where the text pushed since `mark` lies, without the gap written
    /// before it: `None` if none was. Gaps still pending are not part of it,
    /// so the span ends on the last character pushed.
    pub fn span_from(&self, mark: usize) -> Option<(usize, usize)> {
        let after = &self.text[mark..];
        let gap = after.len() - after.trim_start_matches([' ', '\n']).len();
        (gap < after.len()).then_some((mark + gap, self.text.len()))
    }

    /// The text so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// The plain text of a text file or a JSON body: lines kept, blank lines
/// between them becoming one paragraph break, CRLF or LF alike.
pub fn from_lines(text: &str) -> String {
    let mut plain = PlainText::default();
    for line in text.lines() {
        plain.gap(if line.trim().is_empty() {
            Gap::Paragraph
        } else {
            Gap::Line
        });
        plain.push(line, false);
    }
    plain.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_gap_between_two_words_wins() {
        let mut plain = PlainText::default();
        plain.gap(Gap::Paragraph);
        plain.push("  a \t b ", false);
        plain.gap(Gap::Line);
        plain.gap(Gap::Paragraph);
        plain.gap(Gap::Space);
        plain.push("c", false);
        plain.push("d", false);
        plain.gap(Gap::Line);
        assert_eq!(plain.finish(), "a b\n\ncd");
    }

    #[test]
    fn keeps_lines_only_when_asked() {
        let mut plain = PlainText::default();
        plain.push("fn main() {\n    run();\n}", true);
        plain.push("\nnext\nline", false);
        assert_eq!(plain.finish(), "fn main() {\nrun();\n} next line");
    }

    #[test]
    fn a_no_break_space_is_text() {
        let mut plain = PlainText::default();
        plain.push("Photo\u{a0}: VNA", false);
        assert_eq!(plain.finish(), "Photo\u{a0}: VNA");
    }

    #[test]
    fn a_span_is_the_text_pushed_since_its_mark_without_the_gaps_around() {
        let mut plain = PlainText::default();
        plain.push("avant", false);
        plain.gap(Gap::Paragraph);
        let mark = plain.mark();
        assert_eq!(plain.span_from(mark), None);
        plain.push("  le titre ", false);
        plain.gap(Gap::Paragraph);
        let (start, end) = plain.span_from(mark).unwrap();
        plain.push("après", false);
        let text = plain.finish();
        assert_eq!(&text[start..end], "le titre");
        assert_eq!(text, "avant\n\nle titre\n\naprès");
        let mut plain = PlainText::default();
        plain.gap(Gap::Paragraph);
        plain.push("début", false);
        assert_eq!(plain.span_from(0), Some((0, "début".len())));
    }

    #[test]
    fn lines_become_lines_and_blank_runs_one_paragraph_break() {
        assert_eq!(
            from_lines("\r\n  a\r\nb  \r\n\r\n \t\r\n\r\nc\r\n"),
            "a\nb\n\nc"
        );
        assert_eq!(from_lines(" \n\n "), "");
    }
}
