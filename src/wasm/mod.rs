//! The JavaScript-facing facade of the browser module. No logic lives here:
//! it converts arguments, calls the engine and turns every [`Error`] into a
//! JavaScript `Error` whose message says what is wrong.
//!
//! `widget/searcher.js` wraps this in the public `Searcher` API; the glue
//! that wasm-bindgen generates for this file is an implementation detail.

mod to_js;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::format::Location;
use crate::{Bound, Date, Error, Filter, Index, NumberRange, SearchOptions, Sort};
use to_js::ToJs;

// talc instead of Rust's default dlmalloc: 2 KB smaller gzipped, and made
// for this case. Its one condition, stated below, holds for every
// wasm32-unknown-unknown page: the module runs on one thread.
#[global_allocator]
#[allow(unsafe_code)]
// SAFETY: the browser module is single-threaded WebAssembly (no atomics,
// no shared memory), which is all `new_global` asks.
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// Filters from `searcher.js`, flat: `key, "any" | "all" | "none", value, …`
/// joined with NUL characters (empty for none), which keeps a deserializer
/// and the glue of a list of strings out of the module.
fn filters(flat: &str) -> Result<Vec<Filter>, JsError> {
    let mut filters: Vec<Filter> = Vec::new();
    let parts: Vec<&str> = flat.split('\0').collect();
    for triple in parts.chunks(3).filter(|_| !flat.is_empty()) {
        let &[key, mode, value] = triple else {
            return Err(JsError::new(
                "Trouve: filters come as key, mode, value triples",
            ));
        };
        Filter::add(&mut filters, key, mode, value).map_err(js_error)?;
    }
    Ok(filters)
}

/// Ranges from `searcher.js`, flat as filters are: `field, min, max, …`,
/// an empty bound for none; and each bound as JavaScript read it as a
/// number, NaN when it is not one (then it is text, a date): JavaScript
/// reads numbers, which keeps a decimal parser out of the module.
fn ranges(flat: &str, numbers: &[f64]) -> Result<Vec<NumberRange>, JsError> {
    let parts: Vec<&str> = flat.split('\0').collect();
    let bound = |at: usize, text: &str| match numbers.get(at) {
        Some(number) if !number.is_nan() => Some(Bound::Number(*number)),
        _ => (!text.is_empty()).then(|| Bound::Text(text.to_owned())),
    };
    parts
        .chunks(3)
        .filter(|_| !flat.is_empty())
        .enumerate()
        .map(|(n, triple)| match *triple {
            [field, min, max] => Ok(NumberRange {
                field: field.to_owned(),
                min: bound(2 * n, min),
                max: bound(2 * n + 1, max),
            }),
            _ => Err(JsError::new(
                "Trouve: ranges come as field, min, max triples",
            )),
        })
        .collect()
}

/// The options `searcher.js` unpacks (see [`Engine::search`]).
#[allow(clippy::too_many_arguments)]
fn options(
    limit: u32,
    after: Option<String>,
    before: Option<String>,
    sort: Option<String>,
    early: bool,
    filter_triples: &str,
    range_triples: &str,
    range_numbers: &[f64],
) -> Result<SearchOptions, JsError> {
    Ok(SearchOptions {
        early,
        limit: limit as usize,
        after: date_option("after", after)?,
        before: date_option("before", before)?,
        sort: sort
            .as_deref()
            .map_or(Ok(Sort::Relevance), Sort::parse)
            .map_err(js_error)?,
        filters: filters(filter_triples)?,
        ranges: ranges(range_triples, range_numbers)?,
    })
}

/// An open index inside the browser module.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Engine {
    index: Index<Vec<u8>>,
}

fn js_error(error: Error) -> JsError {
    JsError::new(&error.message())
}

/// An optional date option: absent or empty means no bound.
fn date_option(option: &'static str, text: Option<String>) -> Result<Option<Date>, JsError> {
    text.filter(|t| !t.is_empty())
        .map(|t| Date::parse_option(option, &t))
        .transpose()
        .map_err(js_error)
}

#[wasm_bindgen]
impl Engine {
    /// Opens an index (the single layout) or the root of a split one;
    /// throws if the bytes are not a valid index for this engine (wrong
    /// file, damaged, other version or language).
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> Result<Engine, JsError> {
        Ok(Engine {
            index: Index::open(bytes).map_err(js_error)?,
        })
    }

    /// Ranked results, `[{id, title, url, date, score, snippet, missing}]`,
    /// or the pieces needed first, or, when `early`, possibly an early
    /// answer (see [`to_js`] and [`SearchOptions::early`]).
    /// `searcher.js` unpacks the options object: plain arguments keep serde's
    /// deserializer (and float formatting) out of the module.
    #[allow(clippy::too_many_arguments)]
    pub fn search(
        &self,
        query: &str,
        limit: u32,
        after: Option<String>,
        before: Option<String>,
        sort: Option<String>,
        early: bool,
        filters: &str,
        ranges: &str,
        range_numbers: &[f64],
    ) -> Result<JsValue, JsError> {
        let options = options(
            limit,
            after,
            before,
            sort,
            early,
            filters,
            ranges,
            range_numbers,
        )?;
        Ok(self
            .index
            .search(query, &options)
            .map_err(js_error)?
            .to_js())
    }

    /// For each filter key, `[key, [[value, count], …]]`: how many of the
    /// documents `query` finds (with the dates, filters and ranges) hold each value
    /// (or the pieces needed first).
    pub fn facets(
        &self,
        query: &str,
        after: Option<String>,
        before: Option<String>,
        filters: &str,
        ranges: &str,
        range_numbers: &[f64],
    ) -> Result<JsValue, JsError> {
        let options = options(
            0,
            after,
            before,
            None,
            false,
            filters,
            ranges,
            range_numbers,
        )?;
        Ok(self
            .index
            .facets(query, &options, &[])
            .map_err(js_error)?
            .to_js())
    }

    /// Completions of the word being typed, most frequent first (or the
    /// pieces needed first).
    pub fn complete(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        Ok(self.index.complete(query, limit).map_err(js_error)?.to_js())
    }

    /// The query respelled as the documents spell its words, when some
    /// were found only through typos or not at all: `[]` or one query (or
    /// the pieces needed first).
    pub fn suggest(&self, query: &str) -> Result<JsValue, JsError> {
        Ok(self.index.suggest(query).map_err(js_error)?.to_js())
    }

    /// Every document without its body, newest first, undated last (or
    /// the pieces needed first).
    pub fn documents(&self) -> Result<JsValue, JsError> {
        Ok(self.index.summaries_by_date().map_err(js_error)?.to_js())
    }

    /// One whole document by id, or `null` (or the pieces needed first).
    pub fn document(&self, id: &str) -> Result<JsValue, JsError> {
        Ok(self.index.document(id).map_err(js_error)?.to_js())
    }

    /// Adds a piece that arrived: the bytes at `offset` (`length` of them,
    /// as stored) in file number `file`, decompressed. Throws if they are not
    /// that piece.
    #[wasm_bindgen(js_name = addPiece)]
    pub fn add_piece(
        &mut self,
        file: u32,
        offset: f64,
        length: u32,
        bytes: &[u8],
    ) -> Result<(), JsError> {
        let location = Location {
            file,
            offset: offset as u64,
            length,
        };
        self.index.add_piece(location, bytes).map_err(js_error)
    }

    /// The index's files, `[[name, length, compressed]]`; file 0 is the
    /// root (or the whole index) itself.
    pub fn files(&self) -> JsValue {
        self.index
            .files()
            .iter()
            .map(|f| {
                Array::of3(
                    &f.name().to_js(),
                    &JsValue::from_f64(f.length as f64),
                    &JsValue::from_bool(f.compressed),
                )
            })
            .collect::<Array>()
            .into()
    }

    /// Number of documents in the index, deleted ones aside.
    #[wasm_bindgen(getter, js_name = documentCount)]
    pub fn document_count(&self) -> u32 {
        self.index.live_count()
    }

    /// The index's language code, e.g. `fr`.
    #[wasm_bindgen(getter)]
    pub fn language(&self) -> String {
        self.index.language().code().to_owned()
    }
}
