//! `.md` and `.markdown` files: the plain text of the rendered page, the
//! title from the front matter or the first heading.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use trouve::{Date, Document};

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
    let (heading, body) = render(markdown, front.title.is_none());
    if heading.is_empty() && body.is_empty() {
        return Err("no text".into());
    }
    let (title, body) = match front.title {
        Some(title) => (title::one_line(title), body),
        None if !heading.is_empty() => (heading, body),
        None => title::from_body(&body),
    };
    let document = Document {
        id: front.id.unwrap_or_default().to_owned(),
        url: front.url.unwrap_or_default().to_owned(),
        title,
        date,
        body,
        ..Document::default()
    };
    Ok(FileDocuments {
        documents: vec![document],
        warnings,
    })
}

/// The plain text of `markdown`; with `take_heading`, the first heading's
/// text goes apart (it becomes the title) instead of into the body.
fn render(markdown: &str, take_heading: bool) -> (String, String) {
    // The extensions of GitHub-flavoured Markdown people write, so that their
    // syntax (`|`, `~~`, `[ ]`) does not end up in the text.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut heading = PlainText::default();
    let mut body = PlainText::default();
    let mut in_heading = false;
    let mut heading_taken = !take_heading;
    let mut in_code = false;
    for event in Parser::new_ext(markdown, options) {
        let out = if in_heading { &mut heading } else { &mut body };
        match event {
            Event::Start(Tag::Heading { .. }) if !heading_taken => in_heading = true,
            Event::End(TagEnd::Heading(_)) if in_heading => {
                in_heading = false;
                heading_taken = true;
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
    (title::one_line(&heading.finish()), body.finish())
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
            "---\ntitle: Vide\n---\n",
            "<!-- rien -->\n",
            "#\n\n---\n",
        ] {
            assert_eq!(read(text).unwrap_err(), "no text", "{text:?}");
        }
    }
}
