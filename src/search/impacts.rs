//! A form's impacts: its head, and its tail when it has one (see
//! [`crate::postings`]), read as one list by scoring, phrases and filters.

use super::expand::Expansion;
use crate::error::Result;
use crate::index::{Index, Needs};
use crate::postings::{Impact, Impacts};

/// A form's whole impact list: its head, and its tail if it has one. When
/// `early`, a tail that has not arrived is left out, and noted as what
/// would settle the answer.
pub(super) fn impact_lists<'i, D: AsRef<[u8]>>(
    index: &'i Index<D>,
    expansion: &Expansion<'i>,
    early: bool,
    needs: &mut Needs,
) -> Result<Option<Vec<Impacts<'i>>>> {
    let head = index.head(expansion.form.head, needs)?;
    let tail = match expansion.form.tail {
        Some(tail) if early && !index.has_piece(tail.location) => {
            needs.settle(tail.location);
            Some(None)
        }
        Some(tail) => index.tail(tail.location, needs)?.map(Some),
        None => Some(None),
    };
    let (Some(head), Some(tail)) = (head, tail) else {
        return Ok(None);
    };
    Ok(Some([head].into_iter().chain(tail).collect()))
}

/// Calls `f` with every document of a form, head and tail.
pub(super) fn for_each_impact(lists: &[Impacts<'_>], mut f: impl FnMut(Impact)) -> Result<()> {
    for list in lists {
        list.for_each(&mut f)?;
    }
    Ok(())
}
