//! The JavaScript-facing facade of the browser module. No logic lives here:
//! it converts arguments, calls the engine and turns every [`Error`] into a
//! JavaScript `Error` whose message says what is wrong.
//!
//! `widget/searcher.js` wraps this in the public `Searcher` API; the glue
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

/// An optional date option: absent or empty means no bound.
fn date_option(option: &'static str, text: Option<String>) -> Result<Option<Date>, JsError> {
    text.filter(|t| !t.is_empty())
        .map(|t| Date::parse_option(option, &t))
        .transpose()
        .map_err(js_error)
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
    /// `searcher.js` unpacks the options object: plain arguments keep serde's
    /// deserializer (and float formatting) out of the module.
    pub fn search(
        &self,
        query: &str,
        limit: u32,
        after: Option<String>,
        before: Option<String>,
        sort: Option<String>,
    ) -> Result<JsValue, JsError> {
        let options = SearchOptions {
            limit: limit as usize,
            after: date_option("after", after)?,
            before: date_option("before", before)?,
            sort: sort
                .as_deref()
                .map_or(Ok(Sort::Relevance), Sort::parse)
                .map_err(js_error)?,
        };
        to_js(&self.index.search(query, &options).map_err(js_error)?)
    }

    /// Completions of the word being typed, most frequent first.
    pub fn complete(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        to_js(&self.index.complete(query, limit).map_err(js_error)?)
    }

    /// Every document without its body, newest first, undated last.
    pub fn documents(&self) -> Result<JsValue, JsError> {
        to_js(&self.index.summaries_by_date().map_err(js_error)?)
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
