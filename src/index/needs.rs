//! What a search still needs: the pieces it asked for and has not got.

use crate::format::Location;

/// A search's answer: ready, or the pieces it needs first. Add them with
/// [`crate::Index::add_piece`] and ask again; a search whose pieces are all
/// at hand never needs anything.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer<T> {
    Ready(T),
    Need(Vec<Location>),
}

impl<T> Answer<T> {
    /// The answer, or an error saying how many pieces are missing: for an
    /// index that is whole (the single layout), always the answer.
    pub fn into_ready(self) -> crate::Result<T> {
        match self {
            Answer::Ready(value) => Ok(value),
            Answer::Need(missing) => Err(crate::Error::Incomplete {
                missing: missing.len(),
            }),
        }
    }

    /// The pieces still needed: none when the answer is ready.
    pub fn needs(self) -> Vec<Location> {
        match self {
            Answer::Ready(_) => Vec::new(),
            Answer::Need(locations) => locations,
        }
    }

    /// The answer, if ready.
    pub fn ready(self) -> Option<T> {
        match self {
            Answer::Ready(value) => Some(value),
            Answer::Need(_) => None,
        }
    }
}

/// The pieces a step found missing, each once.
#[derive(Debug, Default)]
pub(crate) struct Needs {
    locations: Vec<Location>,
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

    /// The answer "these pieces first".
    pub fn into_answer<T>(self) -> Answer<T> {
        Answer::Need(self.locations)
    }

    /// `value` if nothing is missing, else the pieces that are.
    pub fn or_ready<T>(self, value: T) -> Answer<T> {
        if self.locations.is_empty() {
            Answer::Ready(value)
        } else {
            Answer::Need(self.locations)
        }
    }
}
