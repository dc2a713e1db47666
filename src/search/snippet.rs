//! Snippets: the passage of a document that best shows why it matched.
//!
//! A snippet comes from one text block of the body: the first, or, for a
//! long body cut into several, the block that holds most of the query's
//! clauses (the postings say which blocks hold each word). The block is read
//! through the same analyzer as the query, so the words marked are exactly
//! the forms the query expanded to. The text is cut into [`Segment`]s with a highlight flag: data, never
//! markup, so the page decides how to show it and document text can never
//! become HTML.

use serde::Serialize;

use crate::analysis::Analyzer;

/// Words shown around the matches.
pub const SNIPPET_WORDS: u32 = 28;

/// A run of snippet text, highlighted or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub highlight: bool,
}

/// A stretch of a body, starting and ending at word boundaries: one of its
/// text blocks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Passage<'a> {
    pub text: &'a str,
    /// Position of the first word of `text` in the body.
    pub first_position: u32,
    /// Whether `text` starts at the start of the body.
    pub at_start: bool,
    /// Whether `text` ends at the end of the body.
    pub at_end: bool,
}

/// The words of a passage that match the query: each word's position and
/// the number of the clause it matched, sorted. `clauses[n]` holds the
/// surface forms clause `n` expanded to; a word matches when the analyzer
/// spells it as one of them, so the snippet marks exactly what made the
/// document match, whatever form it took (`économiques` for `econ`).
pub(super) fn matches(
    analyzer: &Analyzer,
    passage: &Passage<'_>,
    clauses: &[Vec<&str>],
) -> Vec<(u32, u8)> {
    let text = passage.text;
    let mut found = Vec::new();
    let (mut scratch, mut surface) = (String::new(), String::new());
    // Most words of a block match nothing: those whose surface cannot
    // begin as any expansion does are not spelled.
    let starts: Vec<char> = clauses
        .iter()
        .flatten()
        .filter_map(|s| s.chars().next())
        .collect();
    for token in analyzer.tokens_from(text, passage.first_position) {
        let word = &text[token.start..token.end];
        if analyzer
            .surface_start(word, &mut scratch)
            .is_some_and(|start| !starts.contains(&start))
        {
            continue;
        }
        if !analyzer.surface_into(word, &mut scratch, &mut surface) {
            continue;
        }
        for (number, surfaces) in clauses.iter().enumerate() {
            if surfaces.contains(&surface.as_str()) {
                found.push((token.position, number as u8));
            }
        }
    }
    crate::sort::sort_by(&mut found, |a, b| a < b);
    found.dedup();
    found
}

/// The snippet of a passage around its matches (see [`matches`]).
pub(super) fn for_passage(
    analyzer: &Analyzer,
    passage: &Passage<'_>,
    matches: &[(u32, u8)],
) -> Vec<Segment> {
    snippet(
        analyzer,
        passage,
        window_start(matches).max(passage.first_position)..u32::MAX,
        matches,
    )
}

/// The snippet of the part of a passage from word `from` up to word `to`
/// (a section of the body), around the matches there; empty when none is.
pub(super) fn for_span(
    analyzer: &Analyzer,
    passage: &Passage<'_>,
    matches: &[(u32, u8)],
    from: u32,
    to: u32,
) -> Vec<Segment> {
    let inside: Vec<(u32, u8)> = matches
        .iter()
        .copied()
        .filter(|&(position, _)| (from..to).contains(&position))
        .collect();
    if inside.is_empty() {
        return Vec::new();
    }
    let start = window_start(&inside).max(from).max(passage.first_position);
    snippet(analyzer, passage, start..to, &inside)
}

/// Builds the snippet that shows the words from position `window.start`
/// on, at most [`SNIPPET_WORDS`] and none from `window.end`, given the
/// body positions of matched words, sorted, each with the number of the
/// query clause it matched, and the passage of the body that holds them.
fn snippet(
    analyzer: &Analyzer,
    passage: &Passage<'_>,
    window: std::ops::Range<u32>,
    matches: &[(u32, u8)],
) -> Vec<Segment> {
    let body = passage.text;
    let start = window.start;
    let end = start.saturating_add(SNIPPET_WORDS).min(window.end);

    // Byte spans of the window's first and last words, and of the words to
    // highlight. A hyphenated word shares its position with its first part:
    // if that position matched, the whole word is marked.
    let mut window: Option<(usize, usize)> = None;
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let is_match = |position: u32| matches.binary_search_by_key(&position, |&(p, _)| p).is_ok();
    for token in analyzer.tokens_from(body, passage.first_position) {
        if token.position >= end {
            break;
        }
        if token.position < start {
            continue;
        }
        let (from, to) = window.get_or_insert((token.start, token.end));
        *to = (*to).max(token.end);
        let inside_last_mark = marks.last().is_some_and(|&(_, e)| e >= token.end);
        if is_match(token.position) && !inside_last_mark {
            marks.push((token.start.max(*from), token.end));
        }
    }
    let Some((from, to)) = window else {
        return Vec::new();
    };
    // Keep punctuation that clings to the first and last words: «, ), .
    let clings = |c: &char| !c.is_whitespace() && !c.is_alphanumeric();
    let from = from
        - body[..from]
            .chars()
            .rev()
            .take_while(clings)
            .map(char::len_utf8)
            .sum::<usize>();
    let to = to
        + body[to..]
            .chars()
            .take_while(clings)
            .map(char::len_utf8)
            .sum::<usize>();

    let mut segments = Vec::new();
    let mut at = from;
    let push = |text: &str, highlight: bool, segments: &mut Vec<Segment>| {
        let text = if highlight {
            text.to_owned()
        } else {
            collapse_whitespace(text)
        };
        if !text.is_empty() {
            segments.push(Segment { text, highlight });
        }
    };
    if from > 0 || !passage.at_start {
        push("… ", false, &mut segments);
    }
    for (mark_start, mark_end) in marks {
        let mark_start = mark_start.max(at);
        push(&body[at..mark_start], false, &mut segments);
        push(&body[mark_start..mark_end], true, &mut segments);
        at = mark_end;
    }
    push(&body[at..to], false, &mut segments);
    if to < body.trim_end().len() || !passage.at_end {
        push(" …", false, &mut segments);
    }
    merge_plain(segments)
}

/// Where the window of [`SNIPPET_WORDS`] starts: around the densest group
/// of matches, preferring more distinct clauses, then more matches, then an
/// earlier place.
fn window_start(matches: &[(u32, u8)]) -> u32 {
    let Some(&(first, _)) = matches.first() else {
        return 0;
    };
    let mut best = (0usize, 0usize, first, first);
    let mut counts = [0u32; 32];
    let mut distinct = 0;
    let mut j = 0;
    for i in 0..matches.len() {
        let window_end = matches[i].0.saturating_add(SNIPPET_WORDS);
        while j < matches.len() && matches[j].0 < window_end {
            let clause = matches[j].1 as usize % 32;
            counts[clause] += 1;
            if counts[clause] == 1 {
                distinct += 1;
            }
            j += 1;
        }
        let candidate = (distinct, j - i, matches[i].0, matches[j - 1].0);
        if (candidate.0, candidate.1) > (best.0, best.1) {
            best = candidate;
        }
        let clause = matches[i].1 as usize % 32;
        counts[clause] -= 1;
        if counts[clause] == 0 {
            distinct -= 1;
        }
    }
    // Some context before the first match, as much as the window spares.
    let (_, _, from, to) = best;
    let spare = SNIPPET_WORDS.saturating_sub(to - from + 1);
    from.saturating_sub(spare.min(6))
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn merge_plain(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    for segment in segments {
        match out.last_mut() {
            Some(last) if !last.highlight && !segment.highlight => {
                last.text.push_str(&segment.text)
            }
            _ => out.push(segment),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    fn render(body: &str, matches: &[(u32, u8)]) -> String {
        let analyzer = Analyzer::new(Language::French).unwrap();
        let passage = Passage {
            text: body,
            first_position: 0,
            at_start: true,
            at_end: true,
        };
        snippet(
            &analyzer,
            &passage,
            window_start(matches)..u32::MAX,
            matches,
        )
        .into_iter()
        .map(|s| {
            if s.highlight {
                format!("[{}]", s.text)
            } else {
                s.text
            }
        })
        .collect()
    }

    #[test]
    fn marks_the_matched_words_exactly() {
        assert_eq!(
            render("Le président russe, Vladimir Poutine.", &[(2, 0), (4, 1)]),
            "Le président [russe], Vladimir [Poutine]."
        );
    }

    #[test]
    fn marks_after_the_elision() {
        // Position 1 is l’énergie; the whole word is marked, apostrophe and all.
        assert_eq!(
            render("de l’énergie nucléaire", &[(1, 0)]),
            "de [l’énergie] nucléaire"
        );
    }

    #[test]
    fn hyphenated_words_marked_whole_or_by_part() {
        assert_eq!(
            render("Accord de libre-échange entre", &[(2, 0)]),
            "Accord de [libre-échange] entre"
        );
        assert_eq!(
            render("Accord de libre-échange entre", &[(3, 0)]),
            "Accord de libre-[échange] entre"
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_densest_matches() {
        let words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let body = words.join(" ");
        let out = render(&body, &[(10, 0), (150, 0), (152, 1)]);
        assert!(out.starts_with("… "), "{out}");
        assert!(out.ends_with(" …"), "{out}");
        assert!(out.contains("[w150]") && out.contains("[w152]"), "{out}");
        assert!(!out.contains("[w10]"), "{out}");
        assert!(out.split(' ').count() as u32 <= SNIPPET_WORDS + 2);
    }

    #[test]
    fn whitespace_collapses_and_no_match_starts_at_the_top() {
        assert_eq!(render("Un\n\n  deux\ttrois", &[]), "Un deux trois");
        assert_eq!(render("", &[]), "");
    }
}
