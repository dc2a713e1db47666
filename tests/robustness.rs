//! Damaged and hostile input: a corrupt index is an error, never a panic;
//! a hostile query finishes with a normal (possibly empty) answer.

use proptest::prelude::*;
use trouve::{Document, Error, Index, IndexBuilder, Language, SearchOptions};

fn small_index() -> Vec<u8> {
    let mut builder = IndexBuilder::new(Language::French).unwrap();
    let docs = [
        ("a", "Coopération nucléaire", "2025-04", "Les deux pays renforcent la coopération dans l’énergie nucléaire et le libre-échange."),
        ("b", "Amitié traditionnelle", "2024-03", "Relations d'amitié traditionnelle entre le Vietnam et la Russie, d’aujourd’hui et d'hier."),
        ("c", "Sans date", "", "L'ambassadeur Gennady Bezdetko a évoqué la Grande Guerre patriotique (9 mai 1945 - 2025)."),
    ];
    for (id, title, date, body) in docs {
        builder
            .add(&Document {
                id: id.into(),
                url: format!("/{id}.html"),
                title: title.into(),
                date: trouve::Date::parse(date),
                body: body.into(),
                ..Document::default()
            })
            .unwrap();
    }
    builder.finish()
}

const QUERIES: [&str; 8] = [
    "nucl",
    "amitie ",
    "\"guerre patriotique\"",
    "Genady",
    "-russie vietnam",
    "libre-échange",
    "",
    "l’énergie",
];

/// Opens and searches, which must not panic whatever the bytes.
fn exercise(bytes: &[u8]) -> Result<(), Error> {
    let index = Index::open(bytes)?;
    for query in QUERIES {
        index
            .search(query, &SearchOptions::default())?
            .into_ready()?;
        index.complete(query, 5)?.into_ready()?;
    }
    for summary in index.summaries_by_date()?.into_ready()? {
        index.document(summary.id)?.into_ready()?;
    }
    Ok(())
}

/// Recomputes the trailing checksum, as a file written wrong would have it.
fn with_valid_checksum(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 4;
    let crc = crc32(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
    bytes
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                0xEDB8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn the_small_index_works() {
    exercise(&small_index()).unwrap();
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = small_index();
    for len in 0..bytes.len() {
        let error = Index::open(&bytes[..len]).unwrap_err();
        assert!(
            matches!(error, Error::TooShort { .. } | Error::Checksum { .. }),
            "{len}: {error}"
        );
    }
}

#[test]
fn errors_say_what_to_do() {
    let bytes = small_index();
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x40;
    let message = Index::open(&damaged[..]).unwrap_err().to_string();
    assert!(
        message.contains("corrupted") && message.contains("trouve build"),
        "{message}"
    );
    let message = Index::open(&b"<!doctype html>"[..])
        .unwrap_err()
        .to_string();
    assert!(message.contains("not a Trouve index"), "{message}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_damage_is_caught_by_the_checksum(at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let mut bytes = small_index();
        let at = at.index(bytes.len());
        bytes[at] ^= flip;
        prop_assert!(Index::open(&bytes[..]).is_err());
    }

    /// Bytes that pass the checksum but were written wrong: errors or
    /// answers, never a panic.
    #[test]
    fn damage_behind_a_valid_checksum_never_panics(changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = small_index();
        // The header and section table are checked on their own in the
        // format's unit tests; here they stay intact so the sections do.
        let first_section = 24 + 12 * 2;
        let body = bytes.len() - 4;
        for (at, value) in changes {
            let at = first_section + at.index(body - first_section);
            bytes[at] = value;
        }
        let _ = exercise(&with_valid_checksum(bytes));
    }

    #[test]
    fn hostile_queries_get_normal_answers(query in "\\PC{0,300}") {
        let bytes = small_index();
        let index = Index::open(&bytes[..]).unwrap();
        let hits = index.search(&query, &SearchOptions::default()).unwrap().into_ready().unwrap();
        prop_assert!(hits.len() <= 3);
        index.complete(&query, 5).unwrap().into_ready().unwrap();
    }
}

#[test]
fn hostile_queries_from_the_issue() {
    let bytes = small_index();
    let index = Index::open(&bytes[..]).unwrap();
    let long = "économie ".repeat(1200);
    for query in [
        "",
        "   ",
        &long,
        "!!!???...",
        "\"unbalanced quote",
        "<script>alert(1)</script>",
        "\"\"\"",
        "-",
        "- - -",
        "\u{0}\u{1}",
    ] {
        let hits = index
            .search(query, &SearchOptions::default())
            .unwrap()
            .into_ready()
            .unwrap();
        assert!(hits.iter().all(|h| !h.document.id.is_empty()), "{query}");
    }
}
