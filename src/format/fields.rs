//! Where a term is in a document besides its body: what an impact entry
//! says of the title and the headings (see [`crate::postings`]), and what a
//! tail says of all its entries at once (see [`super::terms`]).

/// Where a term is in a document besides its body, as an impact entry
/// says: in the title, and how many words the title has; in a heading, and
/// how many words the shortest heading that holds it has. Stored as
/// `heading words << 10 | title words << 2 | bits`. Words are counted
/// without numbers: a visitor naming "5.1.3. List Comprehensions" types
/// two words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fields(u32);

impl Fields {
    const TITLE: u32 = 1;
    const HEADING: u32 = 2;
    const TITLE_SHIFT: u32 = 2;
    const HEADING_SHIFT: u32 = 10;
    /// Longer titles and headings are said to be this long: no query is.
    pub const MAX_WORDS: u32 = 255;

    /// A term in a title of `title_words` words, or in none, and in a
    /// heading of `heading_words` words (the shortest, if several), or in
    /// none. A title or heading of numbers alone counts one word.
    pub fn new(title_words: Option<u32>, heading_words: Option<u32>) -> Fields {
        let length = |words: u32| words.clamp(1, Self::MAX_WORDS);
        let mut bits = 0;
        if let Some(words) = title_words {
            bits |= Self::TITLE | length(words) << Self::TITLE_SHIFT;
        }
        if let Some(words) = heading_words {
            bits |= Self::HEADING | length(words) << Self::HEADING_SHIFT;
        }
        Fields(bits)
    }

    pub fn title(self) -> bool {
        self.0 & Self::TITLE != 0
    }

    pub fn heading(self) -> bool {
        self.0 & Self::HEADING != 0
    }

    /// The title's length in words, when the term is in it (else 0).
    pub fn title_words(self) -> u32 {
        self.0 >> Self::TITLE_SHIFT & Self::MAX_WORDS
    }

    /// The shortest heading's length in words, when the term is in one.
    pub fn heading_words(self) -> u32 {
        self.0 >> Self::HEADING_SHIFT & Self::MAX_WORDS
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn to_bits(self) -> u32 {
        self.0
    }

    /// Fields from stored bits; `None` when they cannot be an entry's.
    pub fn from_bits(bits: u64) -> Option<Fields> {
        let fields = Fields(u32::try_from(bits).ok()?);
        let known = Self::TITLE
            | Self::HEADING
            | Self::MAX_WORDS << Self::TITLE_SHIFT
            | Self::MAX_WORDS << Self::HEADING_SHIFT;
        let consistent = fields.0 & !known == 0
            && fields.title() == (fields.title_words() > 0)
            && fields.heading() == (fields.heading_words() > 0);
        consistent.then_some(fields)
    }

    /// How well these fields name a query of this one word, as a search
    /// ranks them (`search::candidate`): 4 when the word is the whole
    /// title, 3 when it is in it, 2 when it is a whole heading, 1 when it
    /// is in one. A word's head keeps the entries that rank highest by this
    /// first.
    pub fn naming(self) -> u16 {
        if self.title() {
            if self.title_words() <= 1 {
                4
            } else {
                3
            }
        } else if self.heading() {
            if self.heading_words() <= 1 {
                2
            } else {
                1
            }
        } else {
            0
        }
    }

    /// Fields that bound both `self` and `other`: in any field either is
    /// in, with the shorter title and heading. A tail says this of all its
    /// entries, so that a search can tell what the documents it has not
    /// read could be.
    pub fn widen(self, other: Fields) -> Fields {
        let shorter = |a: u32, b: u32| match (a, b) {
            (0, b) => b,
            (a, 0) => a,
            (a, b) => a.min(b),
        };
        let title = shorter(self.title_words(), other.title_words());
        let heading = shorter(self.heading_words(), other.heading_words());
        Fields::new(
            (title > 0).then_some(title),
            (heading > 0).then_some(heading),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_say_where_a_term_is() {
        let fields = Fields::new(Some(2), Some(3));
        assert!(fields.title() && fields.heading());
        assert_eq!((fields.title_words(), fields.heading_words()), (2, 3));
        let body = Fields::new(None, None);
        assert!(body.is_empty() && !body.title() && body.title_words() == 0);
        let long = Fields::new(Some(1000), None);
        assert_eq!(long.title_words(), Fields::MAX_WORDS);
        assert_eq!(Fields::from_bits(u64::from(fields.to_bits())), Some(fields));
        // A title or heading of no words, words without a title or heading,
        // unknown bits: not an entry's.
        for bits in [1, 2, 4 | 2, 1 << 10 | 1, 1 << 30, 1 << 40] {
            assert_eq!(Fields::from_bits(bits), None, "{bits}");
        }
    }

    #[test]
    fn a_whole_title_names_best_then_the_title_then_a_whole_heading() {
        let naming = |title, heading| Fields::new(title, heading).naming();
        assert_eq!(naming(Some(1), None), 4);
        assert_eq!(naming(Some(3), Some(1)), 3);
        assert_eq!(naming(None, Some(1)), 2);
        assert_eq!(naming(None, Some(4)), 1);
        assert_eq!(naming(None, None), 0);
    }

    #[test]
    fn widened_fields_bound_both() {
        let short = Fields::new(Some(2), None);
        let long = Fields::new(Some(7), Some(5));
        let heading = Fields::new(None, Some(3));
        let all = short.widen(long).widen(heading);
        assert!(all.title() && all.heading());
        assert_eq!((all.title_words(), all.heading_words()), (2, 3));
        assert_eq!(heading.widen(Fields::default()), heading);
    }
}
