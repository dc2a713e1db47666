//! Trouve: full-text search that runs in the browser.
//!
//! A site's documents are indexed ahead of time into pieces (an [`fst`] term
//! dictionary in chunks, impact-ordered postings, the documents' records)
//! reached from a small root. A small site ships them in one file with the
//! browser engine; a large one as piece files that the page fetches as
//! queries need them (see [`format`]). Either way the page answers
//! as-you-type queries with no server. This crate is both halves:
//! [`IndexBuilder`] writes an index, [`Index`] reads one in place and
//! searches it, saying which pieces it still needs. The same [`Analyzer`]
//! cuts and spells words on both sides.
//!
//! ```
//! use trouve::{Document, Index, IndexBuilder, Language, SearchOptions};
//!
//! let mut builder = IndexBuilder::new(Language::French)?;
//! builder.add(&Document {
//!     id: "energie".into(),
//!     url: "/energie.html".into(),
//!     title: "Coopération nucléaire".into(),
//!     date: trouve::Date::parse("2025-04"),
//!     body: "Les deux pays renforcent la coopération dans l’énergie nucléaire.".into(),
//!     ..Document::default()
//! })?;
//! let index = Index::open(builder.finish())?;
//!
//! // The last word is a prefix while it is being typed; accents are optional.
//! let hits = index.search("energie nucl", &SearchOptions::default())?.into_ready()?;
//! assert_eq!(hits[0].document.id, "energie");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Library and binary code say why a value must be there; tests may unwrap.
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
// Built without the `filters` feature (the lighter browser engine), the
// code that only filters and number fields reach is left out on purpose:
// dead there, and warned about in every other build.
#![cfg_attr(not(feature = "filters"), allow(dead_code))]

// The floors, from the ground up: nothing imports a module above it.
pub mod analysis;
pub mod append;
mod bm25;
mod builder;
mod document;
mod error;
pub mod format;
mod index;
mod postings;
mod search;
mod sort;
#[cfg(test)]
mod testing;

pub use analysis::{Analyzer, Language};
pub use builder::{AddError, AppendError, Base, IndexBuilder};
pub use document::{parse_number, Date, Document, Heading, Meta, StoredDocument, Summary};
pub use error::{Error, Result};
pub use index::{Answer, Index};
pub use search::{
    Bound, Facet, Filter, Hit, NumberRange, Order, SearchOptions, SectionHit, Segment, Sort,
    MAX_LIMIT, MAX_SECTIONS,
};
#[cfg(not(target_arch = "wasm32"))]
pub use search::{ClauseExplanation, Explanation};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
