//! Titles for documents that do not name one: the first sentence of the
//! text, shortened when it would not fit a result line.

use trouve::Heading;

/// Longer titles are cut; a whole paragraph as a title helps no one.
const MAX_TITLE_CHARS: usize = 200;

/// Where the first sentence of `text` ends: after the first `.`, `!` or `?`
/// followed by whitespace, or at the end of the first line.
pub fn first_sentence_end(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            return i;
        }
        if matches!(c, '.' | '!' | '?')
            && chars.peek().is_some_and(|&(_, next)| next.is_whitespace())
        {
            return i + 1;
        }
    }
    text.len()
}

/// Splits `text` into a title, `text[..end]`, and what is left for the body.
/// A title too long is shortened, and the body then starts with it whole so
/// no word is lost from the index.
pub fn split_title(text: &str, end: usize) -> (String, &str) {
    let title = one_line(&text[..end]);
    if title.chars().count() <= MAX_TITLE_CHARS {
        (title, &text[end..])
    } else {
        (shorten(&title), text)
    }
}

/// Takes the first sentence of a plain text as its title; returns the title
/// and the body.
pub fn from_body(body: &str) -> (String, String) {
    let (title, rest) = split_title(body, first_sentence_end(body));
    (title, rest.trim_start().to_owned())
}

/// [`from_body`] for a body with headings: those in the sentence that
/// became the title leave with it, and the others move with their text.
pub fn from_body_with_headings(body: &str, headings: &mut Vec<Heading>) -> (String, String) {
    let (title, rest) = from_body(body);
    let cut = body.len() - rest.len();
    headings.retain(|heading| heading.start >= cut);
    for heading in headings.iter_mut() {
        heading.start -= cut;
        heading.end -= cut;
    }
    (title, rest)
}

/// `text` on one line: runs of whitespace become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts a title at a word boundary to fit in `MAX_TITLE_CHARS` with the `…`.
fn shorten(title: &str) -> String {
    let limit = title
        .char_indices()
        .nth(MAX_TITLE_CHARS - 1)
        .map_or(title.len(), |(i, _)| i);
    let head = &title[..limit];
    let cut = if title[limit..].starts_with(char::is_whitespace) {
        head
    } else {
        // No space at all (a long URL, or a script without spaces): cut mid-word.
        head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_at_punctuation_before_a_space_or_at_the_line_end() {
        let cases = [
            ("Le 11 mai. Photo: VNA", "Le 11 mai."),
            ("Vraiment ? Oui.", "Vraiment ?"),
            ("Stop! Go", "Stop!"),
            ("Version 2.5 est là\nsuite. Fin", "Version 2.5 est là"),
            ("Sans point", "Sans point"),
            ("Fin.", "Fin."),
        ];
        for (text, sentence) in cases {
            assert_eq!(&text[..first_sentence_end(text)], sentence, "{text}");
        }
    }

    #[test]
    fn the_body_is_what_follows_the_title() {
        assert_eq!(
            from_body("Titre court. Puis le texte.\n\nSuite."),
            ("Titre court.".into(), "Puis le texte.\n\nSuite.".into())
        );
        assert_eq!(
            from_body("Une seule phrase"),
            ("Une seule phrase".into(), String::new())
        );
    }

    #[test]
    fn headings_move_with_the_body_when_its_first_sentence_becomes_the_title() {
        let body = "Introduction. Suite du texte.\n\nPartie\n\nFin.";
        let heading = |text: &str, level| {
            let start = body.find(text).unwrap();
            Heading {
                start,
                end: start + text.len(),
                level,
                anchor: String::new(),
            }
        };
        let mut headings = vec![heading("Introduction.", 2), heading("Partie", 2)];
        let (title, rest) = from_body_with_headings(body, &mut headings);
        assert_eq!(title, "Introduction.");
        assert_eq!(headings.len(), 1);
        assert_eq!(&rest[headings[0].start..headings[0].end], "Partie");
    }

    #[test]
    fn a_long_title_is_cut_at_a_word_and_kept_whole_in_the_body() {
        let sentence = "mot ".repeat(60) + "fin.";
        let text = format!("{sentence} Ensuite.");
        let (title, body) = from_body(&text);
        assert!(title.ends_with("mot…"), "{title}");
        assert!(title.chars().count() <= MAX_TITLE_CHARS);
        assert_eq!(body, text);
    }

    #[test]
    fn a_title_without_spaces_is_cut_mid_word() {
        let (title, _) = from_body(&"é".repeat(300));
        assert_eq!(title, "é".repeat(MAX_TITLE_CHARS - 1) + "…");
    }

    #[test]
    fn a_title_of_exactly_the_limit_stays_whole() {
        let text = "a".repeat(MAX_TITLE_CHARS);
        assert_eq!(from_body(&text).0, text);
    }
}
