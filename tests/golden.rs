//! Index files written by earlier builds keep opening: `tests/fixtures/`
//! holds an index of each format version, built from the documents below.
//!
//! If a change makes `today_s_build_is_byte_identical` fail, the bytes of an
//! index changed: bump `FORMAT_VERSION` (or `ANALYZER_ID` for analysis
//! changes), teach the reader the old layout or let it refuse it clearly,
//! and add the new golden file with `TROUVE_BLESS=1 cargo test --test golden`.
//! Older versions are refused with an error that says to rebuild: an index
//! is always rebuilt from its site, so reading it twice over was not worth
//! a second reader. Version 1 had one dictionary, postings with
//! frequencies and the whole index in every bundle; version 2 gave every
//! split-layout chunk a file of its own and its full first key in the root;
//! version 3 kept every word's postings head in its term chunk and cut
//! bodies into blocks of 2,048 words; version 4 had no headings, nor the
//! fields (title, heading) of a word in its postings; version 5 kept a text
//! block's stored length in its document's record rather than in the
//! document table; version 6 kept a long body's first block in its record;
//! version 7 kept a frequent word's tail as one list, not in tiers;
//! version 8 kept every index in one segment.
//!
//! Filters came within version 7, as a container section that an index
//! without filters does not have and a reader that does not know it skips:
//! `golden-v9-filters.trv` is the same documents with filters. Number
//! fields came the same way (a `NUMS` section), and metadata at the end of
//! a document's record, which a record without any does not have:
//! `golden-v9-numbers.trv` is the same documents with both. Deleted
//! documents came the same way, a list at the end of the root that a root
//! without any does not have: `golden-v9-deleted.trv` is the same documents
//! with one deleted and one changed (deleted, and added again).
//!
//! Within version 9, builds since 2026-12-08 compute impacts with the
//! average field lengths rounded to a grid (so that a build that adds a
//! segment keeps the earlier segments' impacts equal to a full build's):
//! the bytes of an index changed, not its layout, and the version 9 files
//! were written again.
//!
//! The builds keep heads of one document, so that a word in two of the
//! three documents has a tail, and cut the index in two segments (of two
//! documents and one), so that words have lists in both, read from the
//! golden bytes like any other.

use std::path::PathBuf;

use trouve::{Date, Document, Error, Heading, Index, IndexBuilder, Language, SearchOptions};

fn golden(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/golden-v{version}.trv"))
}

fn documents() -> Vec<Document> {
    [
        ("visite", "Visite officielle à Moscou", "2025-05-09", "Le défilé\n\nLe secrétaire général a assisté au défilé de la Victoire, 80e anniversaire de la Grande Guerre patriotique."),
        ("energie", "Coopération nucléaire", "2025-04", "Les deux pays renforcent la coopération dans l’énergie nucléaire et le libre-échange."),
        ("note", "Note sans date", "", "L'ambassadeur Gennady Bezdetko a évoqué l'amitié d'aujourd'hui."),
    ]
    .into_iter()
    .map(|(id, title, date, body)| Document {
        id: id.into(),
        url: format!("/{id}.html"),
        title: title.into(),
        date: Date::parse(date),
        headings: if id == "visite" {
            vec![Heading {
                start: 0,
                end: "Le défilé".len(),
                level: 2,
                anchor: "defile".into(),
            }]
        } else {
            Vec::new()
        },
        body: body.into(),
        ..Document::default()
    })
    .collect()
}

/// The documents, with filters on two of them when `filtered`.
fn build_with(filtered: bool) -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    builder.head_docs(1).segment_docs(2);
    for mut doc in documents() {
        if filtered && doc.id != "note" {
            doc.filters = vec![
                ("section".into(), "Diplomatie".into()),
                (
                    "lieu".into(),
                    if doc.id == "visite" {
                        "Moscou"
                    } else {
                        "Hanoï"
                    }
                    .into(),
                ),
            ];
        }
        builder.add(&doc).unwrap();
    }
    builder.finish()
}

fn build() -> Vec<u8> {
    build_with(false)
}

fn filtered_golden() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden-v9-filters.trv")
}

#[test]
fn version_9_indexes_with_filters_open_and_filter() {
    let path = filtered_golden();
    if std::env::var_os("TROUVE_BLESS").is_some() && trouve::format::FORMAT_VERSION == 9 {
        std::fs::write(&path, build_with(true)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes == build_with(true),
        "the filtered index's bytes changed"
    );
    let index = Index::open(bytes).unwrap();
    let options = SearchOptions {
        filters: vec![trouve::Filter {
            key: "lieu".into(),
            any: vec!["Moscou".into()],
            ..trouve::Filter::default()
        }],
        ..SearchOptions::default()
    };
    let found = |query: &str| {
        let hits = index.search(query, &options).unwrap().into_ready().unwrap();
        hits.iter()
            .map(|h| h.document.id.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(found("defile"), ["visite"]);
    assert!(found("cooperation").is_empty());
    let facets = index
        .facets("", &SearchOptions::default(), &[])
        .unwrap()
        .into_ready()
        .unwrap();
    let lieu = facets.iter().find(|f| f.key == "lieu").unwrap();
    assert_eq!(lieu.values, [("Hanoï", 1), ("Moscou", 1)]);
}

/// The documents, with a number field, a date field and metadata on two of
/// them.
fn build_with_numbers() -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    builder.head_docs(1).segment_docs(2);
    for mut doc in documents() {
        let (pages, revised) = match doc.id.as_str() {
            "visite" => ("12", "2025-06"),
            "energie" => ("3", "2025-04-30"),
            _ => ("7", ""),
        };
        doc.numbers = vec![
            ("pages".into(), pages.into()),
            ("révisé".into(), revised.into()),
        ];
        if doc.id != "note" {
            doc.meta = vec![
                ("image".into(), format!("/images/{}.jpg", doc.id)),
                ("signature".into(), "Rédaction".into()),
            ];
        }
        builder.add(&doc).unwrap();
    }
    builder.finish()
}

#[test]
fn version_9_indexes_with_numbers_and_metadata_open_and_answer() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden-v9-numbers.trv");
    if std::env::var_os("TROUVE_BLESS").is_some() && trouve::format::FORMAT_VERSION == 9 {
        std::fs::write(&path, build_with_numbers()).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes == build_with_numbers(), "the index's bytes changed");
    let index = Index::open(bytes).unwrap();
    let options = SearchOptions {
        ranges: vec![trouve::NumberRange {
            field: "pages".into(),
            min: Some(trouve::Bound::Number(5.0)),
            max: None,
        }],
        sort: trouve::Sort::parse("pages:desc").unwrap(),
        ..SearchOptions::default()
    };
    let hits = index.search("", &options).unwrap().into_ready().unwrap();
    let found: Vec<(&str, Option<&str>)> = hits
        .iter()
        .map(|h| (h.document.id, h.document.meta.get("image")))
        .collect();
    assert_eq!(
        found,
        [("visite", Some("/images/visite.jpg")), ("note", None)]
    );
    let by_revision = SearchOptions {
        sort: trouve::Sort::parse("révisé").unwrap(),
        ..SearchOptions::default()
    };
    let hits = index
        .search("le", &by_revision)
        .unwrap()
        .into_ready()
        .unwrap();
    let order: Vec<&str> = hits.iter().map(|h| h.document.id).collect();
    assert_eq!(order, ["energie", "visite"]);
}

/// The documents with `energie` deleted and `visite` changed: deleted,
/// then added again with another title.
fn build_with_deletions() -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    builder.head_docs(1).segment_docs(2);
    for doc in documents() {
        builder.add(&doc).unwrap();
    }
    assert!(builder.delete("energie") && builder.delete("visite"));
    let mut visit = documents().remove(0);
    visit.title = "Visite d'État à Moscou".into();
    builder.add(&visit).unwrap();
    builder.finish()
}

#[test]
fn version_9_indexes_with_deleted_documents_open_and_leave_them_out() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden-v9-deleted.trv");
    if std::env::var_os("TROUVE_BLESS").is_some() && trouve::format::FORMAT_VERSION == 9 {
        std::fs::write(&path, build_with_deletions()).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes == build_with_deletions(), "the index's bytes changed");
    let index = Index::open(bytes).unwrap();
    assert_eq!((index.doc_count(), index.live_count()), (4, 2));
    assert!(ids(&index, "nucleaire").is_empty());
    assert_eq!(ids(&index, "moscou"), ["visite"]);
    assert!(ids(&index, "officielle").is_empty(), "the old title");
    assert_eq!(ids(&index, "etat"), ["visite"]);
    assert!(index
        .document("energie")
        .unwrap()
        .into_ready()
        .unwrap()
        .is_none());
    let listed = index.summaries_by_date().unwrap().into_ready().unwrap();
    let listed: Vec<&str> = listed.iter().map(|s| s.id).collect();
    assert_eq!(listed, ["visite", "note"]);
}

fn ids(index: &Index<Vec<u8>>, query: &str) -> Vec<String> {
    index
        .search(query, &SearchOptions::default())
        .unwrap()
        .into_ready()
        .unwrap()
        .into_iter()
        .map(|h| h.document.id.to_owned())
        .collect()
}

#[test]
fn version_9_indexes_open_and_answer() {
    let path = golden(9);
    if std::env::var_os("TROUVE_BLESS").is_some() && trouve::format::FORMAT_VERSION == 9 {
        std::fs::write(&path, build()).unwrap();
    }
    let index = Index::open(std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(index.doc_count(), 3);
    assert_eq!(ids(&index, "nucl"), ["energie"]);
    assert_eq!(ids(&index, "\"guerre patriotique\""), ["visite"]);
    assert_eq!(ids(&index, "Genady"), ["note"]);
    assert_eq!(ids(&index, "amitie"), ["note"]);
    assert_eq!(ids(&index, "cooperation nucleaire"), ["energie"]);
    // A head of one document and a tail of one.
    let mut either = ids(&index, "a");
    either.sort();
    assert_eq!(either, ["note", "visite"]);
    let parade = index
        .search("defile victoire", &SearchOptions::default())
        .unwrap()
        .into_ready()
        .unwrap();
    assert_eq!(parade[0].sections[0].heading, "Le défilé");
    assert_eq!(parade[0].sections[0].url, "/visite.html#defile");
    let visit = index
        .document("visite")
        .unwrap()
        .into_ready()
        .unwrap()
        .unwrap();
    assert_eq!(visit.summary.date, Some("2025-05-09"));
}

#[test]
fn older_versions_are_refused_with_a_way_out() {
    for version in [1, 2, 3, 4, 5, 6, 7, 8] {
        let error = Index::open(std::fs::read(golden(version)).unwrap()).unwrap_err();
        assert_eq!(
            error,
            Error::UnsupportedVersion {
                found: version,
                supported: 9
            }
        );
        assert!(error.to_string().contains("rebuild the index"), "{error}");
    }
}

#[test]
fn today_s_build_is_byte_identical() {
    let current = golden(trouve::format::FORMAT_VERSION);
    let expected = std::fs::read(&current).expect("a golden file for the current format version");
    assert!(
        build() == expected,
        "the index bytes changed; see the comment at the top of tests/golden.rs"
    );
}

#[test]
fn an_unknown_version_is_refused_clearly() {
    let mut bytes = std::fs::read(golden(9)).unwrap();
    bytes[8] = 10;
    match Index::open(bytes) {
        Err(Error::UnsupportedVersion { found: 10, .. }) => {}
        other => panic!("{other:?}"),
    }
}
