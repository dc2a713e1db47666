//! BM25F, the ranking's arithmetic: how much a term says about a document,
//! given how rare the term is and how long the document's fields are.
//!
//! It sits below both the reader ([`crate::index`] computes every
//! document's field weights once, when an index opens) and the searcher
//! (which adds up contributions), so neither has to reach into the other.

/// Term-frequency saturation: past a few occurrences, more say little more.
const K1: f32 = 1.2;
/// How much a field's length counts against it (0: not at all, 1: fully).
const B: f32 = 0.75;
/// How much more a word in the title counts than one in the body.
const TITLE_BOOST: f32 = 3.0;
/// How much more a word in a heading counts than one in the rest of the
/// body: a section's name says what it is about, less surely than the
/// page's. Headings are part of the body, and of its length.
const HEADING_BOOST: f32 = 2.0;

/// BM25's saturation of a (field-weighted) term frequency.
pub(crate) fn saturate(tf: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1)
}

/// The weight of one occurrence in a document's title and in its body,
/// given each field's length relative to the corpus average: BM25's length
/// normalization, with the title boost. Computed once per document when an
/// index opens, so scoring a posting is a few multiplications.
pub(crate) fn field_weights(title_ratio: f32, body_ratio: f32) -> [f32; 2] {
    let norm = |ratio: f32| 1.0 - B + B * ratio;
    [TITLE_BOOST / norm(title_ratio), 1.0 / norm(body_ratio)]
}

/// The highest [`saturate`] can give: impacts lie between 0 and this.
const MAX_IMPACT: f32 = K1 + 1.0;

/// How much a term says about a document, before its rarity: the saturated,
/// field-weighted frequency, given the term's frequency in the title, in
/// the body's headings and in the rest of the body, and the document's
/// [`field_weights`].
pub(crate) fn impact(title_tf: u32, heading_tf: u32, body_tf: u32, [title, body]: [f32; 2]) -> f32 {
    let body_tf = heading_tf as f32 * HEADING_BOOST + body_tf as f32;
    saturate(title_tf as f32 * title + body_tf * body)
}

/// A phrase's impact in a document, from its rarest word's: the word's
/// field-weighted frequency (its impact, unsaturated) in the share that the
/// phrase's occurrences make of the word's, a title occurrence counting
/// [`TITLE_BOOST`] body ones as at indexing. The document's field lengths
/// are not stored (impacts are), hence the share; it assumes both fields
/// of average length, which is exact for the weights' ratio but for that.
pub(crate) fn phrase_impact(word_impact: f32, word: [u32; 2], phrase: [u32; 2]) -> f32 {
    let weighted = |[title, body]: [u32; 2]| TITLE_BOOST * title as f32 + body as f32;
    if weighted(word) <= 0.0 {
        return 0.0;
    }
    // saturate's inverse, kept finite at the top of the scale.
    let impact = word_impact.min(MAX_IMPACT * 0.999);
    let frequency = impact * K1 / (K1 + 1.0 - impact);
    saturate(frequency * weighted(phrase) / weighted(word))
}

/// An impact in a byte, 1 to 255: the postings store this, so that ranking
/// needs no per-document figures and two equal impacts compare equal.
pub(crate) fn quantize(impact: f32) -> u8 {
    (impact / MAX_IMPACT * 255.0).round().clamp(1.0, 255.0) as u8
}

/// The impact a stored byte stands for.
pub(crate) fn dequantize(level: u8) -> f32 {
    f32::from(level) * (MAX_IMPACT / 255.0)
}

/// How rare a term is among `doc_count` documents: rarer says more.
pub(crate) fn idf(doc_count: u32, doc_freq: u32) -> f32 {
    let n = doc_count as f32;
    let df = doc_freq as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_occurrences_count_less_and_less() {
        let gains: Vec<f32> = (0..5)
            .map(|tf| saturate(tf as f32 + 1.0) - saturate(tf as f32))
            .collect();
        assert!(gains.windows(2).all(|pair| pair[1] < pair[0]), "{gains:?}");
        assert!(saturate(1000.0) < K1 + 1.0);
        assert_eq!(saturate(0.0), 0.0);
    }

    #[test]
    fn shorter_fields_and_titles_weigh_more() {
        let [title, body] = field_weights(1.0, 1.0);
        assert!((title - TITLE_BOOST).abs() < 1e-6 && (body - 1.0).abs() < 1e-6);
        let [_, short] = field_weights(1.0, 0.5);
        let [_, long] = field_weights(1.0, 2.0);
        assert!(short > 1.0 && long < 1.0);
    }

    #[test]
    fn a_heading_weighs_between_the_title_and_the_body() {
        let weights = field_weights(1.0, 1.0);
        let title = impact(1, 0, 0, weights);
        let heading = impact(0, 1, 0, weights);
        let body = impact(0, 0, 1, weights);
        assert!(
            title > heading && heading > body,
            "{title} {heading} {body}"
        );
    }

    #[test]
    fn impacts_keep_their_order_in_a_byte() {
        let weights = field_weights(1.0, 1.0);
        let levels: Vec<u8> = (1..6)
            .map(|tf| quantize(impact(0, 0, tf, weights)))
            .collect();
        assert!(
            levels.windows(2).all(|pair| pair[0] < pair[1]),
            "{levels:?}"
        );
        assert_eq!(
            quantize(0.0),
            1,
            "a term that is there never weighs nothing"
        );
        assert_eq!(quantize(1e9), 255);
        for level in 1..=255 {
            assert_eq!(quantize(dequantize(level)), level);
        }
    }

    #[test]
    fn a_phrase_weighs_as_its_share_of_the_word_with_titles_first() {
        let weights = field_weights(1.0, 1.0);
        let word = impact(1, 0, 10, weights);
        // Every occurrence of the word in the phrase: the word's impact.
        let whole = phrase_impact(word, [1, 10], [1, 10]);
        assert!((whole - word).abs() < 1e-4, "{whole} {word}");
        // A phrase in the title of a page about it outweighs one mention
        // in the body of a page that has the word once.
        let titled = phrase_impact(word, [1, 10], [1, 2]);
        let once = phrase_impact(impact(0, 0, 1, weights), [0, 1], [0, 1]);
        assert!(titled > once, "{titled} {once}");
        assert!(titled < word);
        assert_eq!(phrase_impact(word, [0, 0], [0, 0]), 0.0);
    }

    #[test]
    fn rarer_terms_say_more() {
        assert!(idf(1000, 1) > idf(1000, 10));
        assert!(idf(1000, 10) > idf(1000, 900));
        // A term in every document still counts a little, never negatively.
        assert!(idf(1000, 1000) > 0.0);
    }
}
