//! What a search still needs: the pieces it asked for and has not got.

use crate::format::Location;

/// A search's answer: ready, or the pieces it needs first. Add them with
/// [`crate::Index::add_piece`] and ask again; a search whose pieces are all
/// at hand never needs anything.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer<T> {
    Ready(T),
    Need(Vec<Location>),
    /// An answer from the pieces at hand, to show while the pieces that
    /// would settle it arrive (only when asked for: see
    /// [`crate::SearchOptions::early`]). Add them and ask again.
    Early {
        value: T,
        settle: Vec<Location>,
    },
}

impl<T> Answer<T> {
    /// The answer, or an error saying how many pieces are missing: for an
    /// index that is whole (the single layout), always the answer.
    pub fn into_ready(self) -> crate::Result<T> {
        match self {
            Answer::Ready(value) => Ok(value),
            Answer::Need(missing)
            | Answer::Early {
                settle: missing, ..
            } => Err(crate::Error::Incomplete {
                missing: missing.len(),
            }),
        }
    }

    /// The pieces still needed (to answer, or to settle an early answer):
    /// none when the answer is ready.
    pub fn needs(self) -> Vec<Location> {
        match self {
            Answer::Ready(_) => Vec::new(),
            Answer::Need(locations)
            | Answer::Early {
                settle: locations, ..
            } => locations,
        }
    }

    /// The answer, if ready.
    pub fn ready(self) -> Option<T> {
        match self {
            Answer::Ready(value) => Some(value),
            Answer::Need(_) | Answer::Early { .. } => None,
        }
    }
}

/// The pieces a step found missing, each once, and those an early answer
/// went without.
#[derive(Debug, Default)]
pub(crate) struct Needs {
    locations: Vec<Location>,
    settle: Vec<Location>,
}

impl Needs {
    pub fn add(&mut self, location: Location) {
        if !self.locations.contains(&location) {
            self.locations.push(location);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.locations.is_empty()
    }

    /// A piece the answer goes without, for now: it would settle it.
    pub fn settle(&mut self, location: Location) {
        if !self.settle.contains(&location) {
            self.settle.push(location);
        }
    }

    /// Whether an answer now would be early.
    pub fn is_early(&self) -> bool {
        !self.settle.is_empty()
    }

    /// No early answer after all: what would have settled it is needed.
    pub fn need_settled(&mut self) {
        for location in std::mem::take(&mut self.settle) {
            self.add(location);
        }
    }

    /// The answer "these pieces first".
    pub fn into_answer<T>(self) -> Answer<T> {
        Answer::Need(self.locations)
    }

    /// `value` if nothing is missing (early if it went without pieces),
    /// else the pieces that are.
    pub fn or_ready<T>(self, value: T) -> Answer<T> {
        if !self.locations.is_empty() {
            Answer::Need(self.locations)
        } else if !self.settle.is_empty() {
            Answer::Early {
                value,
                settle: self.settle,
            }
        } else {
            Answer::Ready(value)
        }
    }
}
