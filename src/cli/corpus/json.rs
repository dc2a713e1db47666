//! `.json` and `.jsonl` files: documents given as records
//! `{ "id", "url", "title", "date", "body", "lang" }`, the way exports from a
//! CMS or a database come, with a `filters` object (`{"section":
//! "Politique", "region": ["Europe"]}`), a `sort` object of numbers and
//! dates (`{"prix": 12.5}`) and a `meta` object (`{"image": "/une.jpg"}`),
//! as Pagefind's custom records have; the record's other fields (strings,
//! numbers, lists of them) are what [`super::FieldKeys`] may pick, `tags`,
//! `categories` and `author` filters among them. One bad record is skipped
//! with a warning; the others stay.

use serde_json::{Map, Value};
use trouve::{Date, Document};

use super::plain_text;
use super::title;
use super::FileDocuments;

/// An array of records, one record, or `{ "documents": [...] }`.
pub fn read_json(text: &str, file_id: &str) -> Result<FileDocuments, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        format!(
            "invalid JSON at line {}, column {}: {}",
            error.line(),
            error.column(),
            message(&error)
        )
    })?;
    let records = match &value {
        Value::Array(records) => records,
        Value::Object(object) => match object.get("documents") {
            Some(Value::Array(records)) => records,
            // A single record: the file is the document, named like one.
            _ => {
                let mut read = FileDocuments::default();
                add(&mut read, Ok(record(&value, file_id)?), "");
                return Ok(read);
            }
        },
        _ => return Err("expected a record, an array of records or {\"documents\": [...]}".into()),
    };
    let mut read = FileDocuments::default();
    for (i, value) in records.iter().enumerate() {
        let n = i + 1;
        add(
            &mut read,
            record(value, &format!("{file_id}#{n}")),
            &format!("record {n}"),
        );
    }
    not_empty(read)
}

/// One record a line; blank lines are allowed, a bad line is skipped.
pub fn read_jsonl(text: &str, file_id: &str) -> Result<FileDocuments, String> {
    let mut read = FileDocuments::default();
    // Bad lines count as records too, so fixing one does not renumber the
    // ids of the records after it.
    for (n, (i, line)) in text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .enumerate()
    {
        let place = format!("line {}", i + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(value) => add(
                &mut read,
                record(&value, &format!("{file_id}#{}", n + 1)),
                &place,
            ),
            Err(error) => read.warnings.push(format!(
                "{place}: invalid JSON at column {}: {}",
                error.column(),
                message(&error)
            )),
        }
    }
    not_empty(read)
}

/// Adds a record's document, or the reason it was skipped, to `read`.
fn add(read: &mut FileDocuments, record: Result<Record, String>, place: &str) {
    match record {
        Ok(Record {
            document,
            warning,
            language,
            fields,
        }) => {
            read.documents.push(document);
            read.document_languages.push(language);
            read.fields.push(fields);
            read.warnings.extend(warning.map(|warning| {
                if place.is_empty() {
                    warning
                } else {
                    format!("{place}: {warning}")
                }
            }));
        }
        Err(reason) => read.warnings.push(format!("{place}: {reason}")),
    }
}

/// A file with no records at all is skipped like an empty text file.
fn not_empty(read: FileDocuments) -> Result<FileDocuments, String> {
    if read.documents.is_empty() && read.warnings.is_empty() {
        return Err("no text".into());
    }
    Ok(read)
}

/// A record read.
struct Record {
    document: Document,
    warning: Option<String>,
    /// The language the record declares (`lang`), as written.
    language: Option<String>,
    /// Its other fields, (key, value) for each value.
    fields: Vec<(String, String)>,
}

/// A record as a document, with a warning about it and its language, or
/// why it is skipped. `default_id` is used when the record has no id of
/// its own.
fn record(value: &Value, default_id: &str) -> Result<Record, String> {
    let Value::Object(record) = value else {
        return Err("not an object".into());
    };
    let id = match record.get("id") {
        None | Some(Value::Null) => default_id.to_owned(),
        Some(Value::String(id)) if id.is_empty() => default_id.to_owned(),
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        Some(_) => return Err("id is neither a string nor a number".into()),
    };
    let body = ["body", "text", "content"]
        .iter()
        .find_map(|key| text(record, key))
        .map(plain_text::from_lines)
        .unwrap_or_default();
    // A record with a title and no body is a document all the same: what
    // a visitor may look for is its title.
    let title = text(record, "title")
        .map(title::one_line)
        .filter(|title| !title.is_empty());
    let (title, body) = match title {
        Some(title) => (title, body),
        None if body.is_empty() => return Err("missing body".into()),
        None => title::from_body(&body),
    };
    let (date, mut warning) = match record.get("date") {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(date)) if Date::parse(date).is_some() => (Date::parse(date), None),
        Some(date) => (None, Some(format!("date {date} is not a date"))),
    };
    // No body field at all may be a field by another name: say so, as the
    // record used to be skipped for it. An empty one was meant.
    if !["body", "text", "content"]
        .iter()
        .any(|key| record.contains_key(*key))
    {
        let note = "no body, text or content field: indexed by its title alone".to_owned();
        warning = Some(match warning {
            Some(date) => format!("{date}; {note}"),
            None => note,
        });
    }
    let url = text(record, "url").unwrap_or_default().to_owned();
    Ok(Record {
        document: Document {
            id,
            url,
            title,
            date,
            body,
            filters: object(record, "filters"),
            numbers: object(record, "sort"),
            meta: object(record, "meta"),
            ..Document::default()
        },
        warning,
        language: text(record, "lang").map(|lang| lang.trim().to_owned()),
        fields: pairs(
            record
                .iter()
                .filter(|(key, _)| !KNOWN.contains(&key.as_str()))
                .map(|(key, value)| (key.as_str(), value)),
        ),
    })
}

/// The fields a record's document is made of: the others are for
/// [`super::FieldKeys`] to pick.
const KNOWN: [&str; 11] = [
    "id", "url", "title", "date", "body", "text", "content", "lang", "filters", "sort", "meta",
];

/// Every key of the record's object field `name`, with its values.
fn object(record: &Map<String, Value>, name: &str) -> Vec<(String, String)> {
    pairs(
        record
            .get(name)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str(), value)),
    )
}

/// (key, value) for each value of each field: a string, a number, or a
/// list of them (anything else is passed over).
fn pairs<'a>(fields: impl Iterator<Item = (&'a str, &'a Value)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in fields {
        let values = match value {
            Value::Array(values) => values.iter().collect(),
            value => vec![value],
        };
        for value in values {
            let value = match value {
                Value::String(text) => text.trim().to_owned(),
                Value::Number(number) => number.to_string(),
                _ => continue,
            };
            if !value.is_empty() {
                out.push((key.to_owned(), value));
            }
        }
    }
    out
}

/// The field `key` if it is a string with some text.
fn text<'a>(record: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    record
        .get(key)
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
}

/// serde_json's message without the ` at line L column C` it ends with,
/// so the position can be said the way the line's context needs.
fn message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(read: &FileDocuments) -> Vec<&str> {
        read.documents.iter().map(|d| d.id.as_str()).collect()
    }

    #[test]
    fn an_array_of_records() {
        let read = read_json(
            r#"[
                {"id": "visite", "url": "https://example.org/v", "title": "Visite", "date": "2024-03", "body": "Texte\r\n\r\nsuite"},
                {"id": 42, "text": "Sans titre. Puis le reste."},
                {"content": "Contenu."}
            ]"#,
            "news/export",
        )
        .unwrap();
        assert_eq!(ids(&read), ["visite", "42", "news/export#3"]);
        let first = &read.documents[0];
        assert_eq!(
            (
                first.url.as_str(),
                first.title.as_str(),
                first.body.as_str()
            ),
            ("https://example.org/v", "Visite", "Texte\n\nsuite")
        );
        assert_eq!(first.date, Date::parse("2024-03"));
        assert_eq!(
            (
                read.documents[1].title.as_str(),
                read.documents[1].body.as_str()
            ),
            ("Sans titre.", "Puis le reste.")
        );
        assert_eq!(read.documents[1].url, "");
        assert!(read.warnings.is_empty());
    }

    #[test]
    fn a_record_may_declare_its_language() {
        let read = read_jsonl(
            "{\"body\": \"Bonjour.\", \"lang\": \"fr\"}\n{\"body\": \"Hello.\", \"lang\": \" en-GB \"}\n{\"body\": \"Hallo.\"}\n",
            "f",
        )
        .unwrap();
        assert_eq!(
            read.document_languages,
            [Some("fr".to_owned()), Some("en-GB".to_owned()), None]
        );
    }

    #[test]
    fn filters_sort_and_meta_objects_and_the_other_fields() {
        let read = read_json(
            r#"[{"body": "a", "tags": ["x", " y ", 3, null], "author": "Marie", "filters": {"section": "Politique", "year": 2024, "skip": {"a": 1}}, "sort": {"prix": 12.5}, "meta": {"image": "/une.jpg"}, "draft": true}]"#,
            "f",
        )
        .unwrap();
        let expect = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|&(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        let document = &read.documents[0];
        assert_eq!(
            document.filters,
            expect(&[("section", "Politique"), ("year", "2024")])
        );
        assert_eq!(document.numbers, expect(&[("prix", "12.5")]));
        assert_eq!(document.meta, expect(&[("image", "/une.jpg")]));
        // The rest, by key, for --filter-key and the like; no boolean.
        assert_eq!(
            read.fields[0],
            expect(&[
                ("author", "Marie"),
                ("tags", "x"),
                ("tags", "y"),
                ("tags", "3")
            ])
        );
    }

    #[test]
    fn a_documents_object_and_a_single_record() {
        let read = read_json(r#"{"documents": [{"body": "a"}, {"body": "b"}]}"#, "f").unwrap();
        assert_eq!(ids(&read), ["f#1", "f#2"]);
        let read = read_json(r#"{"title": "Seul", "body": "Le texte."}"#, "f").unwrap();
        assert_eq!(ids(&read), ["f"]);
        assert_eq!(read.documents[0].title, "Seul");
    }

    #[test]
    fn bad_records_are_skipped_with_a_warning_and_the_rest_stays() {
        let read = read_json(r#"[{"body": "a"}, {"title": " ", "body": " "}, 3, {"id": [1], "body": "b"}, {"body": "c", "date": "bientôt"}]"#, "f").unwrap();
        assert_eq!(ids(&read), ["f#1", "f#5"]);
        assert_eq!(read.documents[1].date, None);
        assert_eq!(
            read.warnings,
            [
                "record 2: missing body",
                "record 3: not an object",
                "record 4: id is neither a string nor a number",
                "record 5: date \"bientôt\" is not a date"
            ]
        );
    }

    #[test]
    fn jsonl_goes_on_after_a_bad_line() {
        let text = "{\"id\": \"a\", \"body\": \"un\"}\r\n\r\n{\"body\": \"deux\"}\n{\"url\": \"x\"}\n{oops\n{\"body\": \"cinq\"}\n";
        let read = read_jsonl(text, "f").unwrap();
        assert_eq!(ids(&read), ["a", "f#2", "f#5"]);
        assert_eq!(
            read.warnings,
            [
                "line 4: missing body",
                "line 5: invalid JSON at column 2: key must be a string"
            ]
        );
    }

    #[test]
    fn a_record_with_a_title_and_no_body_is_a_document() {
        let read = read_json(
            r#"[{"title": "Seul le titre"}, {"title": "Vide", "body": "  "}]"#,
            "f",
        )
        .unwrap();
        let got: Vec<(&str, &str)> = read
            .documents
            .iter()
            .map(|d| (d.title.as_str(), d.body.as_str()))
            .collect();
        assert_eq!(got, [("Seul le titre", ""), ("Vide", "")]);
        // A body left empty was meant; no body field at all may be a field
        // of another name.
        assert_eq!(
            read.warnings,
            ["record 1: no body, text or content field: indexed by its title alone"]
        );
    }

    #[test]
    fn a_file_that_is_not_json_is_refused_with_the_position() {
        assert_eq!(
            read_json("[\n  {\"body\": \"a\"},\n  {body}\n]", "f").unwrap_err(),
            "invalid JSON at line 3, column 4: key must be a string"
        );
        assert_eq!(
            read_json("", "f").unwrap_err(),
            "invalid JSON at line 1, column 0: EOF while parsing a value"
        );
        assert_eq!(
            read_json("\"texte\"", "f").unwrap_err(),
            "expected a record, an array of records or {\"documents\": [...]}"
        );
        assert_eq!(
            read_json("{\"url\": \"/t\"}", "f").unwrap_err(),
            "missing body"
        );
        assert_eq!(read_json("[]", "f").unwrap_err(), "no text");
        assert_eq!(read_jsonl("\n \n", "f").unwrap_err(), "no text");
    }
}
