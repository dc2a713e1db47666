//! Where a term is in a document besides its body: what an impact entry
//! says of the title and the headings (see [`crate::postings`]), and what a
//! tail says of all its entries at once (see [`super::terms`]).

/// Where a term is in a document besides its body, as an impact entry
/// says: in the title (and how long the title is), in a heading. Stored as
/// `title words << 2 | bits`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fields(u32);

impl Fields {
    const TITLE: u32 = 1;
    const HEADING: u32 = 2;
    const LENGTH_SHIFT: u32 = 2;
    /// Longer titles are said to be this long: no query is.
    pub const MAX_TITLE_WORDS: u32 = 255;

    /// A term in a title of `title_words` words, or in none, and in a
    /// heading or not.
    pub fn new(title_words: Option<u32>, heading: bool) -> Fields {
        let mut bits = if heading { Self::HEADING } else { 0 };
        if let Some(words) = title_words {
            bits |= Self::TITLE | words.min(Self::MAX_TITLE_WORDS) << Self::LENGTH_SHIFT;
        }
        Fields(bits)
    }

    pub fn title(self) -> bool {
        self.0 & Self::TITLE != 0
    }

    pub fn heading(self) -> bool {
        self.0 & Self::HEADING != 0
    }

    /// The title's length in words, when the term is in it.
    pub fn title_words(self) -> u32 {
        self.0 >> Self::LENGTH_SHIFT
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn to_bits(self) -> u32 {
        self.0
    }

    /// Fields from stored bits; `None` when they cannot be an entry's.
    pub fn from_bits(bits: u64) -> Option<Fields> {
        let bits = u32::try_from(bits).ok()?;
        let fields = Fields(bits);
        let consistent = if fields.title() {
            (1..=Self::MAX_TITLE_WORDS).contains(&fields.title_words())
        } else {
            bits & !Self::HEADING == 0
        };
        consistent.then_some(fields)
    }

    /// How well these fields name a query of this one word, as a search
    /// ranks them (`search::candidate`): 3 when the word is the whole
    /// title, 2 when it is in it, 1 in a heading. A word's head keeps the
    /// entries that rank highest by this first.
    pub fn naming(self) -> u16 {
        if self.title() {
            if self.title_words() <= 1 {
                3
            } else {
                2
            }
        } else {
            u16::from(self.heading())
        }
    }

    /// Fields that bound both `self` and `other`: in any field either is
    /// in, with the shorter title. A tail says this of all its entries, so
    /// that a search can tell what the documents it has not read could be.
    pub fn widen(self, other: Fields) -> Fields {
        let words = match (self.title(), other.title()) {
            (true, true) => self.title_words().min(other.title_words()),
            (true, false) => self.title_words(),
            (false, true) => other.title_words(),
            (false, false) => 0,
        };
        let bits = (self.0 | other.0) & (Self::TITLE | Self::HEADING);
        Fields(bits | words << Self::LENGTH_SHIFT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_say_where_a_term_is() {
        let fields = Fields::new(Some(2), true);
        assert!(fields.title() && fields.heading());
        assert_eq!(fields.title_words(), 2);
        let body = Fields::new(None, false);
        assert!(body.is_empty() && !body.title() && body.title_words() == 0);
        let long = Fields::new(Some(1000), false);
        assert_eq!(long.title_words(), Fields::MAX_TITLE_WORDS);
        assert_eq!(Fields::from_bits(u64::from(fields.to_bits())), Some(fields));
        // A title of no words, or words without a title, are not an entry's.
        for bits in [1, 4 | 2, 1 << 40] {
            assert_eq!(Fields::from_bits(bits), None, "{bits}");
        }
    }

    #[test]
    fn widened_fields_bound_both() {
        let short = Fields::new(Some(2), false);
        let long = Fields::new(Some(7), false);
        let heading = Fields::new(None, true);
        let both = short.widen(long).widen(heading);
        assert!(both.title() && both.heading());
        assert_eq!(both.title_words(), 2);
        assert_eq!(heading.widen(Fields::default()), heading);
    }
}
