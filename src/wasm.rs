//! The JavaScript-facing facade of the browser module. No logic lives here:
//! it converts arguments, calls the engine and turns every [`Error`] into a
//! JavaScript `Error` whose message says what is wrong.
//!
//! `www/widget/trouve.js` wraps this in the public `Searcher` API; the glue
//! that wasm-bindgen generates for this file is an implementation detail.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{Date, Error, Index, SearchOptions, Sort};

/// An open index inside the browser module.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Engine {
    index: Index<Vec<u8>>,
}

fn js_error(error: Error) -> JsError {
    JsError::new(&error.to_string())
}

/// Serializes with `null` for absent values, as `trouve search --json` does.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn parse_date(field: &str, text: Option<String>) -> Result<Option<Date>, JsError> {
    match text.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => Date::parse(&text).map(Some).ok_or_else(|| {
            JsError::new(&format!(
                "`{field}` must be a date like 2025, 2025-04 or 2025-04-01, not `{text}`"
            ))
        }),
    }
}

#[wasm_bindgen]
impl Engine {
    /// Opens index bytes; throws if they are not a valid index for this
    /// engine (wrong file, damaged, other version or language).
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> Result<Engine, JsError> {
        Ok(Engine {
            index: Index::open(bytes).map_err(js_error)?,
        })
    }

    /// Ranked results: `[{id, title, url, date, score, snippet, missing}]`.
    /// `trouve.js` unpacks the options object: plain arguments keep serde's
    /// deserializer (and float formatting) out of the module.
    pub fn search(
        &self,
        query: &str,
        limit: u32,
        after: Option<String>,
        before: Option<String>,
        sort: Option<String>,
    ) -> Result<JsValue, JsError> {
        let sort = match sort.as_deref() {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(other) => {
                return Err(JsError::new(&format!(
                    "`sort` must be \"relevance\" or \"date\", not \"{other}\""
                )))
            }
        };
        let options = SearchOptions {
            limit: limit as usize,
            after: parse_date("after", after)?,
            before: parse_date("before", before)?,
            sort,
        };
        to_js(&self.index.search(query, &options).map_err(js_error)?)
    }

    /// Completions of the word being typed, most frequent first.
    pub fn complete(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        to_js(&self.index.complete(query, limit).map_err(js_error)?)
    }

    /// Every document without its body, newest first, undated last.
    pub fn documents(&self) -> Result<JsValue, JsError> {
        let mut docs = Vec::with_capacity(self.index.doc_count() as usize);
        for number in 0..self.index.doc_count() {
            let summary = self.index.summary(number).map_err(js_error)?;
            docs.push((self.index.date(number).map_err(js_error)?, summary));
        }
        crate::sort::sort_by(&mut docs, |a, b| (b.0, a.1.id) < (a.0, b.1.id));
        to_js(&docs.into_iter().map(|(_, s)| s).collect::<Vec<_>>())
    }

    /// One whole document by id, or `null`.
    pub fn document(&self, id: &str) -> Result<JsValue, JsError> {
        let Some(number) = self.index.find(id).map_err(js_error)? else {
            return Ok(JsValue::NULL);
        };
        to_js(&self.index.document(number).map_err(js_error)?)
    }

    /// Number of documents in the index.
    #[wasm_bindgen(getter, js_name = documentCount)]
    pub fn document_count(&self) -> u32 {
        self.index.doc_count()
    }

    /// The index's language code, e.g. `fr`.
    #[wasm_bindgen(getter)]
    pub fn language(&self) -> String {
        self.index.language().code().to_owned()
    }
}
