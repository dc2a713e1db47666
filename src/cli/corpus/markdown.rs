//! `.md` and `.markdown` files: the plain text of the rendered page, the
//! title from the front matter or the first heading, and the headings with
//! the anchors that generators give them.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use trouve::{Date, Document, Heading};

use super::front_matter;
use super::plain_text::{Gap, PlainText};
use super::title;
use super::FileDocuments;

pub fn read(text: &str) -> Result<FileDocuments, String> {
    let (front, markdown) = front_matter::split(text);
    let mut warnings = Vec::new();
    let date = front.date.and_then(|date| {
        let parsed = Date::parse(date);
        if parsed.is_none() {
            warnings.push(format!("front matter date `{date}` is not a date"));
        }
        parsed
    });
    let front_title = front.title.map(title::one_line).filter(|t| !t.is_empty());
    let Rendered {
        heading,
        body,
        mut headings,
    } = render(markdown, front_title.is_none());
    let (title, body) = match front_title {
        Some(title) => (title, body),
        None if !heading.is_empty() => (heading, body),
        None if body.is_empty() => return Err("no text".into()),
        None => title::from_body_with_headings(&body, &mut headings),
    };
    let document = Document {
        id: front.id.unwrap_or_default().to_owned(),
        url: front.url.unwrap_or_default().to_owned(),
        title,
        date,
        body,
        headings,
        ..Document::default()
    };
    Ok(FileDocuments {
        documents: vec![document],
        warnings,
        language: front.lang.map(str::to_owned),
        fields: vec![front
            .fields
            .iter()
            .map(|&(key, value)| (key.to_owned(), value.to_owned()))
            .collect()],
        ..FileDocuments::default()
    })
}

/// A page's text as [`render`] makes it.
#[derive(Debug, Default)]
struct Rendered {
    /// The first heading's text, when it was taken for the title.
    heading: String,
    body: String,
    headings: Vec<Heading>,
}

/// The plain text of `markdown` and its headings; with `take_heading`, the
/// first heading's text goes apart (it becomes the title) instead of into
/// the body. A heading's anchor is the id it sets (`## Setup {#setup}`),
/// else its slug (see [`Slugs`]), else the anchor of the heading before.
fn render(markdown: &str, take_heading: bool) -> Rendered {
    // The extensions of GitHub-flavoured Markdown people write, so that their
    // syntax (`|`, `~~`, `[ ]`) does not end up in the text, and the
    // `{#id}` that sets a heading's anchor.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut title = PlainText::default();
    let mut body = PlainText::default();
    let mut headings = Vec::new();
    let mut slugs = Slugs::default();
    let mut anchor = String::new();
    // The heading being read: where its text starts, its level, its own id.
    // The title's has no level.
    let mut open: Option<(usize, Option<u8>, Option<String>)> = None;
    let mut heading_taken = !take_heading;
    let mut in_code = false;
    for event in Parser::new_ext(markdown, options) {
        let in_title = matches!(open, Some((_, None, _)));
        let out = if in_title { &mut title } else { &mut body };
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                out.gap(Gap::Paragraph);
                let id = id
                    .map(|id| id.trim().to_owned())
                    .filter(|id| !id.is_empty());
                open = Some(if heading_taken {
                    (body.mark(), Some(level as u8), id)
                } else {
                    heading_taken = true;
                    (0, None, id)
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                out.gap(Gap::Paragraph);
                let Some((mark, level, id)) = open.take() else {
                    continue;
                };
                let span = match level {
                    Some(_) => body.span_from(mark),
                    None => Some((0, title.mark())).filter(|&(_, end)| end > 0),
                };
                let Some((start, end)) = span else {
                    continue;
                };
                let text = if level.is_some() {
                    &body.as_str()[start..end]
                } else {
                    title.as_str()
                };
                let own = match id {
                    Some(id) => slugs.reserve(id),
                    None => slugs.slug(text),
                };
                if !own.is_empty() {
                    anchor = own;
                }
                if let Some(level) = level {
                    headings.push(Heading {
                        start,
                        end,
                        level,
                        anchor: anchor.clone(),
                    });
                }
            }
            Event::Start(tag) => {
                in_code |= matches!(tag, Tag::CodeBlock(_));
                out.gap(gap(&TagEnd::from(tag)));
            }
            Event::End(tag) => {
                in_code &= tag != TagEnd::CodeBlock;
                out.gap(gap(&tag));
            }
            Event::Text(text) | Event::Code(text) => out.push(&text, in_code),
            Event::SoftBreak => out.gap(Gap::Space),
            Event::HardBreak => out.gap(Gap::Line),
            Event::Rule => out.gap(Gap::Paragraph),
            // Raw HTML is markup, not text; the rest carries no words.
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
            Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }
    Rendered {
        heading: title::one_line(title.as_str()),
        body: body.finish(),
        headings,
    }
}

/// The anchors GitHub gives a page's headings, which most generators copy:
/// the heading's text in lower case, with spaces as `-`, keeping letters,
/// digits, `-` and `_` and dropping the rest; a slug already given gets
/// `-1`, then `-2`, and so on.
#[derive(Debug, Default)]
struct Slugs {
    /// Every anchor given, and for a slug, how many times it came again.
    given: HashMap<String, usize>,
}

impl Slugs {
    fn slug(&mut self, text: &str) -> String {
        let base: String = text
            .chars()
            .flat_map(char::to_lowercase)
            .filter_map(|c| match c {
                ' ' => Some('-'),
                // Combining accents, as a decomposed `é` writes them.
                '-' | '_' | '\u{300}'..='\u{36f}' => Some(c),
                _ if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .collect();
        if base.is_empty() {
            return base;
        }
        let mut slug = base.clone();
        while self.given.contains_key(&slug) {
            let again = self.given.entry(base.clone()).or_default();
            *again += 1;
            slug = format!("{base}-{again}");
        }
        self.given.insert(slug.clone(), 0);
        slug
    }

    /// An id the page sets itself, which slugs made later must not repeat.
    fn reserve(&mut self, id: String) -> String {
        self.given.entry(id.clone()).or_default();
        id
    }
}

/// What separates the text of a block from its neighbours; inline tags
/// (emphasis, links, images) separate nothing.
fn gap(tag: &TagEnd) -> Gap {
    match tag {
        TagEnd::Item
        | TagEnd::TableHead
        | TagEnd::TableRow
        | TagEnd::DefinitionListTitle
        | TagEnd::DefinitionListDefinition => Gap::Line,
        TagEnd::TableCell => Gap::Space,
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Superscript
        | TagEnd::Subscript
        | TagEnd::Link
        | TagEnd::Image => Gap::None,
        _ => Gap::Paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::headings_of;
    use super::*;

    fn one(text: &str) -> Document {
        let mut read = read(text).unwrap();
        assert_eq!(read.documents.len(), 1);
        read.documents.remove(0)
    }

    #[test]
    fn the_first_heading_is_the_title_and_leaves_the_body() {
        let doc =
            one("Intro avant.\n\n# Coopération *nucléaire*\n\nLes deux pays.\n\n## Suite\n\nFin.");
        assert_eq!(doc.title, "Coopération nucléaire");
        assert_eq!(doc.body, "Intro avant.\n\nLes deux pays.\n\nSuite\n\nFin.");
    }

    #[test]
    fn yaml_front_matter_gives_title_date_url_and_id() {
        let doc = one("---\ntitle: 'Visite'\ndate: 2024-03-26\nurl: /visite/\nid: visite\n---\n# Un titre de section\n\nTexte.");
        assert_eq!(
            (doc.id.as_str(), doc.url.as_str(), doc.title.as_str()),
            ("visite", "/visite/", "Visite")
        );
        assert_eq!(doc.date, Date::parse("2024-03-26"));
        // The title came from the front matter, so the heading is body text.
        assert_eq!(doc.body, "Un titre de section\n\nTexte.");
    }

    #[test]
    fn front_matter_declares_the_language() {
        let read = |text: &str| read(text).unwrap().language;
        assert_eq!(read("---\nlang: de\n---\nText.").as_deref(), Some("de"));
        assert_eq!(read("Text."), None);
    }

    #[test]
    fn toml_front_matter_gives_title_and_date() {
        let doc = one("+++\ntitle = \"Accord\"\ndate = \"2025-04\"\n+++\nTexte.");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Accord", "Texte.")
        );
        assert_eq!(doc.date, Date::parse("2025-04"));
    }

    #[test]
    fn a_bad_front_matter_date_is_a_warning() {
        let read = read("---\ndate: bientôt\n---\nTexte.").unwrap();
        assert_eq!(read.documents[0].date, None);
        assert_eq!(read.warnings, ["front matter date `bientôt` is not a date"]);
    }

    #[test]
    fn without_heading_the_title_is_the_first_sentence() {
        let doc = one("Une phrase. Une autre\nsur deux lignes.\n\nFin.");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Une phrase.", "Une autre sur deux lignes.\n\nFin.")
        );
    }

    #[test]
    fn markup_goes_and_text_stays() {
        let doc = one(
            "# T\n\nVoir [la doc](https://example.org/doc) et ![un schéma](s.png) `code`.\n\n<div class=\"x\">\nbloc HTML\n</div>\n\n```rust\nfn main() {}\nlet x = 1;\n```\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| c | d |\n\n> cité  \n> dur\n\n- [x] fait",
        );
        assert_eq!(doc.body, "Voir la doc et un schéma code.\n\nfn main() {}\nlet x = 1;\n\nun\ndeux\n\na b\nc d\n\ncité\ndur\n\nfait");
    }

    #[test]
    fn a_file_without_text_is_refused() {
        for text in [
            "",
            "---\ntitle: ' '\n---\n",
            "<!-- rien -->\n",
            "#\n\n---\n",
        ] {
            assert_eq!(read(text).unwrap_err(), "no text", "{text:?}");
        }
    }

    #[test]
    fn a_title_alone_is_a_document() {
        for text in ["---\ntitle: Vide\n---\n", "# Vide\n"] {
            let doc = one(text);
            assert_eq!((doc.title.as_str(), doc.body.as_str()), ("Vide", ""));
        }
    }

    /// Each heading's level, anchor and text (its span of the body).
    fn headings(text: &str) -> Vec<(u8, String, String)> {
        headings_of(&one(text))
    }

    #[test]
    fn headings_get_github_slugs() {
        let text = "# Titre\n\nIntro.\n\n## Coopération *nucléaire*\n\n## What's new? (v2.0)\n\n### `trouve build` — options\n\n## Foo\n\n## Foo\n\n## Foo-1\n\n## C++ & Rust_lang\n\n## Titre\n\n## !!!\n\nFin.";
        let expected = [
            (2, "coopération-nucléaire", "Coopération nucléaire"),
            (2, "whats-new-v20", "What's new? (v2.0)"),
            (3, "trouve-build--options", "trouve build — options"),
            (2, "foo", "Foo"),
            (2, "foo-1", "Foo"),
            (2, "foo-1-1", "Foo-1"),
            (2, "c--rust_lang", "C++ & Rust_lang"),
            // The title's slug was given first.
            (2, "titre-1", "Titre"),
            // No slug: the heading before leads there.
            (2, "titre-1", "!!!"),
        ];
        assert_eq!(
            headings(text),
            expected.map(|(level, anchor, text)| (level, anchor.to_owned(), text.to_owned()))
        );
    }

    #[test]
    fn a_heading_may_set_its_own_id() {
        let text = "---\ntitle: Réglages\n---\n# Installer {#install}\n\nTexte.\n\n## Options {#opts .wide}\n\n## Install\n\n## Options\n";
        assert_eq!(
            headings(text),
            [
                (1, "install".to_owned(), "Installer".to_owned()),
                (2, "opts".to_owned(), "Options".to_owned()),
                (2, "install-1".to_owned(), "Install".to_owned()),
                (2, "options".to_owned(), "Options".to_owned()),
            ]
        );
        assert_eq!(
            one(text).body,
            "Installer\n\nTexte.\n\nOptions\n\nInstall\n\nOptions"
        );
    }
}
