//! The engine's answers as JavaScript values, built directly with `js-sys`:
//! plain objects and arrays, `null` for absent values, the shapes
//! `trouve search --json` prints. Serializing through serde-wasm-bindgen
//! cost the module 3.7 KB gzipped for the same values.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::format::Location;
use crate::{Answer, Facet, Hit, SectionHit, Segment, StoredDocument, Summary};

/// A value JavaScript receives.
pub(super) trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// An object with these fields, in this order.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        // Setting a field of a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

fn summary_fields(summary: &Summary<'_>) -> [(&'static str, JsValue); 5] {
    let meta = Object::new();
    for (key, value) in summary.meta.iter() {
        let _ = Reflect::set(&meta, &key.to_js(), &value.to_js());
    }
    [
        ("id", summary.id.to_js()),
        ("title", summary.title.to_js()),
        ("url", summary.url.to_js()),
        ("date", summary.date.to_js()),
        ("meta", meta.into()),
    ]
}

impl ToJs for str {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js(&self) -> JsValue {
        (**self).to_js()
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, ToJs::to_js)
    }
}

impl<T: ToJs> ToJs for [T] {
    fn to_js(&self) -> JsValue {
        self.iter().map(ToJs::to_js).collect::<Array>().into()
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.as_slice().to_js()
    }
}

impl ToJs for Summary<'_> {
    fn to_js(&self) -> JsValue {
        object(&summary_fields(self))
    }
}

impl ToJs for StoredDocument<'_> {
    fn to_js(&self) -> JsValue {
        let [id, title, url, date, meta] = summary_fields(&self.summary);
        object(&[
            id,
            title,
            url,
            date,
            meta,
            ("body", self.body.as_ref().to_js()),
        ])
    }
}

impl ToJs for Segment {
    fn to_js(&self) -> JsValue {
        object(&[
            ("text", self.text.to_js()),
            ("highlight", JsValue::from_bool(self.highlight)),
        ])
    }
}

impl ToJs for Hit<'_> {
    fn to_js(&self) -> JsValue {
        let [id, title, url, date, meta] = summary_fields(&self.document);
        object(&[
            id,
            title,
            url,
            date,
            meta,
            ("score", JsValue::from_f64(f64::from(self.score))),
            ("snippet", self.snippet.to_js()),
            ("missing", self.missing.to_js()),
            ("sections", self.sections.to_js()),
        ])
    }
}

impl ToJs for SectionHit<'_> {
    fn to_js(&self) -> JsValue {
        object(&[
            ("heading", self.heading.to_js()),
            ("url", self.url.to_js()),
            ("snippet", self.snippet.to_js()),
        ])
    }
}

/// `[key, [[value, count], …]]`.
impl ToJs for Facet<'_> {
    fn to_js(&self) -> JsValue {
        let values: Array = self
            .values
            .iter()
            .map(|&(value, count)| pair(value.to_js(), JsValue::from(count)))
            .collect();
        pair(self.key.to_js(), values.into())
    }
}

/// `[a, b]`, pushed rather than made by `Array.of`: an engine without
/// filters has no facets to return, and would otherwise lack that import,
/// which every engine's glue must have for one glue to serve them all.
fn pair(a: JsValue, b: JsValue) -> JsValue {
    let array = Array::new();
    array.push(&a);
    array.push(&b);
    array.into()
}

/// `[file, offset, length]`, as `searcher.js` fetches a piece.
impl ToJs for Location {
    fn to_js(&self) -> JsValue {
        Array::of3(
            &JsValue::from(self.file),
            &JsValue::from_f64(self.offset as f64),
            &JsValue::from(self.length),
        )
        .into()
    }
}

/// The value; or `{need: [location, …]}`, the pieces to fetch and add
/// before asking again; or `{early: value, settle: [location, …]}`, an
/// answer to show while the pieces that would settle it are fetched.
impl<T: ToJs> ToJs for Answer<T> {
    fn to_js(&self) -> JsValue {
        match self {
            Answer::Ready(value) => value.to_js(),
            Answer::Need(locations) => object(&[("need", locations.to_js())]),
            Answer::Early { value, settle } => {
                object(&[("early", value.to_js()), ("settle", settle.to_js())])
            }
        }
    }
}
