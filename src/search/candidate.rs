//! A document a query found, with its totals over the query's clauses, and
//! the order results rank in.

use super::Sort;

/// A document's totals over all clauses.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Total {
    /// Bit `n` is set when clause `n` matched.
    pub mask: u32,
    /// Sum of the clauses' tiers.
    pub quality: u16,
    pub score: f32,
}

/// A document the query found.
#[derive(Clone, Copy, Debug)]
pub(super) struct Candidate {
    pub doc: u32,
    pub total: Total,
    /// The document's date key (see [`crate::Date::to_key`]), read only when
    /// the date order needs it, else 0.
    pub date_key: u32,
}

impl Candidate {
    /// Larger ranks first; see the ranking rule in [`super::score`].
    pub fn rank(&self, sort: Sort) -> (u32, u32, f32, u32) {
        let matched = self.total.mask.count_ones();
        let order = match sort {
            Sort::Relevance => u32::from(self.total.quality),
            Sort::Date => self.date_key,
        };
        (matched, order, self.total.score, u32::MAX - self.doc)
    }

    /// Whether clause `number` matched.
    pub fn matched(&self, number: usize) -> bool {
        self.total.mask & (1 << number) != 0
    }
}
