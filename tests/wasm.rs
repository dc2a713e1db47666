//! The browser module's API, run as WebAssembly (in Node, through
//! wasm-bindgen-test-runner): `cargo test --target wasm32-unknown-unknown
//! --no-default-features --features lang-fr --test wasm`, and again with
//! `--features lang-fr,filters` for the engine that reads filters and
//! number fields.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use trouve::wasm::Engine;
use trouve::{Date, Document, IndexBuilder, Language};

fn index() -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    for (id, title, date, body) in [
        (
            "energie",
            "Coopération nucléaire",
            "2025-04",
            "Les deux pays renforcent la coopération dans l’énergie nucléaire.",
        ),
        (
            "amitie",
            "Amitié traditionnelle",
            "2024-03",
            "Des relations d’amitié traditionnelle, d'aujourd'hui comme d'hier.",
        ),
        ("sans-date", "Note", "", "L'ambassadeur Gennady Bezdetko."),
    ] {
        let doc = Document {
            id: id.into(),
            url: format!("/{id}.html"),
            title: title.into(),
            date: Date::parse(date),
            body: body.into(),
            // Only the engine with filters opens an index with numbers.
            numbers: if cfg!(feature = "filters") {
                vec![
                    ("mots".into(), body.split(' ').count().to_string()),
                    ("révisé".into(), date.into()),
                ]
            } else {
                Vec::new()
            },
            meta: vec![("image".into(), format!("/{id}.jpg"))],
            ..Document::default()
        };
        builder.add(&doc).unwrap();
    }
    builder.finish()
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap()
}

fn ids(results: &JsValue) -> Vec<String> {
    Array::from(results)
        .iter()
        .map(|hit| field(&hit, "id").as_string().unwrap())
        .collect()
}

fn message(error: wasm_bindgen::JsError) -> String {
    js_sys::Error::from(JsValue::from(error)).message().into()
}

#[wasm_bindgen_test]
fn loads_and_searches() {
    let engine = Engine::new(index()).unwrap();
    assert_eq!(engine.document_count(), 3);
    assert_eq!(engine.language(), "fr");
    assert_eq!(
        ids(&engine
            .search("nucl", 10, None, None, None, false, "", "", &[])
            .unwrap()),
        ["energie"]
    );
    assert_eq!(
        ids(&engine
            .search("amitie", 10, None, None, None, false, "", "", &[])
            .unwrap()),
        ["amitie"]
    );
    assert_eq!(
        ids(&engine
            .search("Genady", 10, None, None, None, false, "", "", &[])
            .unwrap()),
        ["sans-date"]
    );
}

#[wasm_bindgen_test]
fn results_have_the_cli_json_shape() {
    let engine = Engine::new(index()).unwrap();
    let hits = engine
        .search("nucléaire", 10, None, None, None, false, "", "", &[])
        .unwrap();
    let hit = Array::from(&hits).get(0);
    assert_eq!(field(&hit, "url").as_string().unwrap(), "/energie.html");
    assert_eq!(field(&hit, "date").as_string().unwrap(), "2025-04");
    assert!(field(&hit, "score").as_f64().unwrap() > 0.0);
    let marked: Vec<String> = Array::from(&field(&hit, "snippet"))
        .iter()
        .filter(|s| field(s, "highlight").as_bool() == Some(true))
        .map(|s| field(&s, "text").as_string().unwrap())
        .collect();
    assert_eq!(marked, ["nucléaire"]);
    assert_eq!(Array::from(&field(&hit, "missing")).length(), 0);
    // An undated document has a null date, as in `trouve search --json`.
    let hits = engine
        .search("Bezdetko", 10, None, None, None, false, "", "", &[])
        .unwrap();
    assert!(field(&Array::from(&hits).get(0), "date").is_null());
}

#[wasm_bindgen_test]
fn filters_and_sorts_by_date() {
    let engine = Engine::new(index()).unwrap();
    let after = engine
        .search(
            "les",
            10,
            Some("2025".into()),
            None,
            None,
            false,
            "",
            "",
            &[],
        )
        .unwrap();
    assert_eq!(ids(&after), ["energie"]);
    let by_date = engine
        .search("d", 10, None, None, Some("date".into()), false, "", "", &[])
        .unwrap();
    assert_eq!(ids(&by_date).first().map(String::as_str), Some("energie"));
    let error = engine
        .search(
            "x",
            10,
            Some("yesterday".into()),
            None,
            None,
            false,
            "",
            "",
            &[],
        )
        .unwrap_err();
    assert!(message(error).contains("`after` must be a date"));
    let error = engine
        .search(
            "x",
            10,
            None,
            None,
            Some("random".into()),
            false,
            "",
            "",
            &[],
        )
        .unwrap_err();
    assert!(message(error).contains("`sort` must be"));
    // Filters come NUL-joined: key, mode, value; an unknown key or mode is
    // an error that names it.
    for (filters, named) in [
        ("section\0any\0Politique", "section"),
        ("section\0some\0Politique", "some"),
    ] {
        let error = engine
            .search("les", 10, None, None, None, false, filters, "", &[])
            .unwrap_err();
        assert!(message(error).contains(named), "{named}");
    }
}

#[cfg(not(feature = "filters"))]
#[wasm_bindgen_test]
fn an_engine_without_filters_refuses_an_index_with_them_and_says_why() {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    builder
        .add(&Document {
            id: "prix".into(),
            body: "un prix".into(),
            numbers: vec![("prix".into(), "12".into())],
            ..Document::default()
        })
        .unwrap();
    let error = Engine::new(builder.finish()).err().unwrap();
    assert!(message(error).contains("built without filters"));
    // On an index without them it answers as the other engine does: a
    // key or field it is asked for is unknown, and named.
    let engine = Engine::new(index()).unwrap();
    let search = |sort: Option<String>, filters: &str, ranges: &str| {
        let numbers = [f64::NAN; 2];
        let numbers = &numbers[..if ranges.is_empty() { 0 } else { 2 }];
        message(
            engine
                .search("les", 10, None, None, sort, false, filters, ranges, numbers)
                .unwrap_err(),
        )
    };
    assert!(search(Some("poids".into()), "", "").contains("poids"));
    assert!(search(None, "", "mots\01\0").contains("mots"));
    assert!(search(None, "section\0any\0Politique", "").contains("section"));
    assert_eq!(
        Array::from(&engine.facets("les", None, None, "", "", &[]).unwrap()).length(),
        0
    );
    let hits = engine
        .search("Bezdetko", 10, None, None, None, false, "", "", &[])
        .unwrap();
    let meta = field(&Array::from(&hits).get(0), "meta");
    assert_eq!(field(&meta, "image").as_string().unwrap(), "/sans-date.jpg");
}

#[cfg(feature = "filters")]
#[wasm_bindgen_test]
fn keeps_ranges_sorts_by_a_field_and_returns_metadata() {
    let engine = Engine::new(index()).unwrap();
    // Bounds come as text and, read by JavaScript, as numbers (NaN: not a
    // number, the text is a date).
    let found = |query: &str, sort: &str, ranges: &str, numbers: &[f64]| {
        let sort = Some(sort.to_owned()).filter(|s| !s.is_empty());
        ids(&engine
            .search(query, 10, None, None, sort, false, "", ranges, numbers)
            .unwrap())
    };
    // Word counts: energie 9, amitie 7, sans-date 3.
    assert_eq!(
        found("", "", "mots\05\0", &[5.0, f64::NAN]),
        ["energie", "amitie"]
    );
    assert_eq!(
        found("", "mots", "mots\0\08", &[f64::NAN, 8.0]),
        ["sans-date", "amitie"]
    );
    assert_eq!(
        found("", "révisé:asc", "révisé\02024\0", &[2024.0, f64::NAN]),
        ["amitie", "energie"]
    );
    assert_eq!(
        found("", "", "révisé\02025-04\0", &[f64::NAN, f64::NAN]),
        ["energie"]
    );
    for (sort, ranges, numbers, named) in [
        ("poids", "", &[][..], "poids"),
        (
            "",
            "mots\0beaucoup\0",
            &[f64::NAN, f64::NAN][..],
            "beaucoup",
        ),
        ("", "mots\05", &[][..], "triples"),
    ] {
        let sort = Some(sort.to_owned()).filter(|s| !s.is_empty());
        let error = engine
            .search("les", 10, None, None, sort, false, "", ranges, numbers)
            .unwrap_err();
        assert!(message(error).contains(named), "{named}");
    }
    let hits = engine
        .search("Bezdetko", 10, None, None, None, false, "", "", &[])
        .unwrap();
    let meta = field(&Array::from(&hits).get(0), "meta");
    assert_eq!(field(&meta, "image").as_string().unwrap(), "/sans-date.jpg");
}

#[wasm_bindgen_test]
fn completes_the_word_being_typed() {
    let engine = Engine::new(index()).unwrap();
    let words: Vec<String> = Array::from(&engine.complete("énergie nuc", 5).unwrap())
        .iter()
        .map(|w| w.as_string().unwrap())
        .collect();
    assert_eq!(words, ["nucléaire"]);
    assert_eq!(
        Array::from(&engine.complete("nucléaire ", 5).unwrap()).length(),
        0
    );
}

#[wasm_bindgen_test]
fn lists_and_reads_documents() {
    let engine = Engine::new(index()).unwrap();
    let listed: Vec<String> = Array::from(&engine.documents().unwrap())
        .iter()
        .map(|d| field(&d, "id").as_string().unwrap())
        .collect();
    assert_eq!(listed, ["energie", "amitie", "sans-date"]);
    let doc = engine.document("amitie").unwrap();
    assert!(field(&doc, "body")
        .as_string()
        .unwrap()
        .starts_with("Des relations"));
    assert!(engine.document("nope").unwrap().is_null());
}

#[wasm_bindgen_test]
fn damaged_input_is_a_js_error() {
    let good = index();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 1;
    assert!(message(Engine::new(flipped).unwrap_err()).contains("corrupted"));
    assert!(
        message(Engine::new(good[..good.len() - 10].to_vec()).unwrap_err())
            .contains("corrupted or truncated")
    );
    assert!(
        message(Engine::new(b"<html>not an index</html>".to_vec()).unwrap_err())
            .contains("not a Trouve index")
    );
    let mut other_version = good;
    other_version[8] = 99;
    assert!(
        message(Engine::new(other_version).unwrap_err()).contains("version 99 is not supported")
    );
}
