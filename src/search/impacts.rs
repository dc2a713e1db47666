//! A form's impacts: its head, and the tiers of its tail when it has one
//! (see [`crate::postings`]), in every segment that holds it, read as one
//! list by scoring, phrases and filters.

use super::expand::Expansion;
use crate::error::Result;
use crate::index::{Index, Needs};
use crate::postings::{Impact, Impacts};

/// Every tier of a tail: with the head, the whole list.
pub(super) const ALL_TIERS: usize = usize::MAX;

/// A form's impact lists: in each segment that holds it, its head, then
/// the first `tiers` tiers of its tail. When `early`, a tier that has not
/// arrived is left out, and noted as what would settle the answer.
pub(super) fn impact_lists<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    expansion: &Expansion<'i>,
    tiers: usize,
    early: bool,
    needs: &mut Needs,
) -> Result<Option<Vec<Impacts<'i>>>> {
    let mut complete = true;
    let mut lists: Vec<Impacts<'i>> = Vec::new();
    for part in expansion.form.parts.iter() {
        match index.head(part.segment, part.head, needs)? {
            Some(list) => lists.push(list),
            None => complete = false,
        }
        for tier in part.tail.as_slice().iter().take(tiers) {
            if early && !index.has_piece(tier.location) {
                needs.settle(tier.location);
                continue;
            }
            match index.tail(part.segment, tier.location, needs)? {
                Some(list) => lists.push(list),
                None => complete = false,
            }
        }
    }
    Ok(complete.then_some(lists))
}

/// Calls `f` with every document of a form's lists.
pub(super) fn for_each_impact(lists: &[Impacts<'_>], mut f: impl FnMut(Impact)) -> Result<()> {
    for list in lists {
        list.for_each(&mut f)?;
    }
    Ok(())
}
