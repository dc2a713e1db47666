//! `.html` and `.htm` files: the text a reader of the page reads, without
//! the site around it (menus, headers, scripts), as plain text whose blocks
//! stay apart.

use html5ever::driver::{self, Parser};
use html5ever::tendril::TendrilSink;
use scraper::node::Element;
use scraper::{ElementRef, Html, HtmlTreeSink, Node};
use trouve::{Date, Document};

use super::plain_text::{Gap, PlainText};
use super::title;

/// Elements whose text is not the page's content: code, styling, and the
/// site's furniture around the content.
const IGNORED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg",
    "iframe",
];

/// Pages nested deeper than this are skipped. Browsers stop nesting there
/// (Chromium at 512 elements, Firefox sooner), so no page meant to be read
/// goes deeper, and html5ever's time grows with the square of the depth
/// (40,000 nested `<div>`s took 13 s; a few megabytes of unclosed ones, hours).
const MAX_DEPTH: usize = 512;

/// The parser is fed this much at a time, and the depth checked between.
const PARSE_STEP: usize = 8 * 1024;

pub fn read(text: &str) -> Result<Document, String> {
    let page = parse(text)?;
    if is_noindex(&page) {
        return Err("marked noindex".into());
    }
    let root = content_root(&page);
    let heading = elements(root)
        .filter(|e| e.value().name() == "h1")
        .map(|h1| (h1, title::one_line(&plain_text(h1, None))))
        .find(|(_, text)| !text.is_empty());
    let body = plain_text(root, heading.as_ref().map(|(h1, _)| *h1));
    if body.is_empty() && heading.is_none() {
        return Err("no text".into());
    }
    let (title, body) = match heading.map(|(_, text)| text).or_else(|| page_title(&page)) {
        Some(title) => (title, body),
        None => title::from_body(&body),
    };
    Ok(Document {
        title,
        date: date(&page),
        body,
        ..Document::default()
    })
}

/// Parses a page, giving up on one nested deeper than [`MAX_DEPTH`]: after
/// each step of input, the node made last (where the parser is) must not lie
/// deeper, so a hostile page costs at most a step past the limit.
fn parse(text: &str) -> Result<Html, String> {
    let mut parser: Parser<HtmlTreeSink> =
        driver::parse_document(HtmlTreeSink::new(Html::new_document()), Default::default());
    let mut rest = text;
    while !rest.is_empty() {
        let mut end = rest.len().min(PARSE_STEP);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(rest[..end].into());
        rest = &rest[end..];
        let page = parser.tokenizer.sink.sink.0.borrow();
        let depth = page
            .tree
            .nodes()
            .next_back()
            .map_or(0, |n| n.ancestors().count());
        if depth > MAX_DEPTH {
            return Err(format!("elements nested deeper than {MAX_DEPTH}"));
        }
    }
    Ok(parser.finish())
}

/// A page that asks search engines to stay away, or that its author kept
/// out of Trouve.
fn is_noindex(page: &Html) -> bool {
    let robots_noindex = elements(page.root_element()).any(|e| {
        let e = e.value();
        e.name() == "meta"
            && e.attr("name")
                .is_some_and(|name| name.eq_ignore_ascii_case("robots"))
            && e.attr("content").is_some_and(|content| {
                content
                    .split(',')
                    .any(|rule| rule.trim().eq_ignore_ascii_case("noindex"))
            })
    });
    let ignored = [Some(page.root_element()), first(page, "body")]
        .into_iter()
        .flatten()
        .any(|e| e.value().attr("data-trouve-ignore").is_some());
    robots_noindex || ignored
}

/// Where the content is: `<main>`, else `<article>`, else `[role=main]`,
/// else the whole `<body>`.
fn content_root(page: &Html) -> ElementRef<'_> {
    first(page, "main")
        .or_else(|| first(page, "article"))
        .or_else(|| elements(page.root_element()).find(|e| e.value().attr("role") == Some("main")))
        .or_else(|| first(page, "body"))
        .unwrap_or_else(|| page.root_element())
}

/// `<title>`, else the `og:title` meta.
fn page_title(page: &Html) -> Option<String> {
    let title = first(page, "title").map(|e| title::one_line(&e.text().collect::<String>()));
    let og_title = || meta(page, "property", "og:title").map(title::one_line);
    title
        .filter(|t| !t.is_empty())
        .or_else(og_title)
        .filter(|t| !t.is_empty())
}

/// The publication date: `article:published_time`, else `<meta name=date>`,
/// else the first `<time datetime>`; the first of them that is a date.
fn date(page: &Html) -> Option<Date> {
    let time = elements(page.root_element())
        .filter(|e| e.value().name() == "time")
        .find_map(|e| e.value().attr("datetime"));
    [
        meta(page, "property", "article:published_time"),
        meta(page, "name", "date"),
        time,
    ]
    .into_iter()
    .flatten()
    .find_map(Date::parse)
}

/// The `content` of the first `<meta>` whose `attribute` is `value`.
fn meta<'a>(page: &'a Html, attribute: &str, value: &str) -> Option<&'a str> {
    elements(page.root_element())
        .filter(|e| {
            e.value().name() == "meta"
                && e.value()
                    .attr(attribute)
                    .is_some_and(|v| v.eq_ignore_ascii_case(value))
        })
        .find_map(|e| e.value().attr("content"))
}

fn first<'a>(page: &'a Html, name: &str) -> Option<ElementRef<'a>> {
    elements(page.root_element()).find(|e| e.value().name() == name)
}

/// `root` and the elements inside it, in document order.
fn elements(root: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    root.descendants().filter_map(ElementRef::wrap)
}

/// Elements whose text is not content. `hidden` is not among them: pages
/// hide tabs, accordions and per-system variants that a click reveals, and a
/// visitor searches for those too.
fn is_ignored(element: &Element) -> bool {
    IGNORED.contains(&element.name())
        || element.attr("aria-hidden") == Some("true")
        || element.attr("data-trouve-ignore").is_some()
}

/// What separates an element's text from its neighbours' in the text: a
/// browser would put blocks on lines of their own and cells apart.
fn gap(element: &Element) -> Gap {
    match element.name() {
        // A hidden variant stands apart from the visible one next to it.
        _ if element.attr("hidden").is_some() => Gap::Space,
        "p" | "div" | "section" | "article" | "main" | "body" | "h1" | "h2" | "h3" | "h4"
        | "h5" | "h6" | "blockquote" | "pre" | "table" | "caption" | "thead" | "tbody"
        | "tfoot" | "ul" | "ol" | "dl" | "figure" | "figcaption" | "address" | "details"
        | "summary" | "hr" | "fieldset" | "legend" | "hgroup" | "menu" | "dialog" | "center" => {
            Gap::Paragraph
        }
        "br" | "li" | "tr" | "dt" | "dd" => Gap::Line,
        "td" | "th" => Gap::Space,
        _ => Gap::None,
    }
}

/// The readable text inside `root`, leaving out ignored elements and `skip`.
/// Walks with its own stack: a page nested thousands of levels deep must not
/// overflow the thread's.
fn plain_text(root: ElementRef<'_>, skip: Option<ElementRef<'_>>) -> String {
    let mut text = PlainText::default();
    let mut pre_depth = 0usize;
    // (node, true) opens a node, (node, false) closes an element.
    let mut stack = vec![(*root, true)];
    while let Some((node, opening)) = stack.pop() {
        match node.value() {
            Node::Text(t) if opening => text.push(t, pre_depth > 0),
            Node::Element(element) if opening => {
                if is_ignored(element) || skip.is_some_and(|s| s.id() == node.id()) {
                    continue;
                }
                text.gap(gap(element));
                pre_depth += usize::from(element.name() == "pre");
                stack.push((node, false));
                stack.extend(node.children().rev().map(|child| (child, true)));
            }
            Node::Element(element) => {
                text.gap(gap(element));
                pre_depth -= usize::from(element.name() == "pre");
            }
            _ => {}
        }
    }
    text.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body of a page that has a title, so none is taken from the text.
    fn body_of(html: &str) -> String {
        read(&format!("<title>T</title>{html}")).unwrap().body
    }

    #[test]
    fn title_from_the_first_h1_which_leaves_the_body() {
        let doc =
            read("<html><head><title>Site | Page</title></head><body><h1>Coopération <em>nucléaire</em></h1><p>Les deux pays.</p><h1>Autre</h1></body></html>")
                .unwrap();
        assert_eq!(doc.title, "Coopération nucléaire");
        assert_eq!(doc.body, "Les deux pays.\n\nAutre");
    }

    #[test]
    fn title_falls_back_to_title_then_og_title_then_first_sentence() {
        let doc =
            read("<title> La  page </title><meta property='og:title' content='OG'><p>Texte.</p>")
                .unwrap();
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("La page", "Texte.")
        );
        let doc = read("<meta property='og:title' content='OG titre'><p>Texte.</p>").unwrap();
        assert_eq!(doc.title, "OG titre");
        let doc = read("<p>Première phrase. Seconde.</p><p>Suite.</p>").unwrap();
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Première phrase.", "Seconde.\n\nSuite.")
        );
    }

    #[test]
    fn the_content_root_is_main_then_article_then_role_main_then_body() {
        let site =
            |inner: &str| format!("<body><div>menu du site</div>{inner}<div>pied</div></body>");
        assert_eq!(
            body_of(&site("<article>article</article><main>principal</main>")),
            "principal"
        );
        assert_eq!(body_of(&site("<article>article</article>")), "article");
        assert_eq!(body_of(&site("<div role=main>rôle</div>")), "rôle");
        assert_eq!(body_of(&site("")), "menu du site\n\npied");
    }

    #[test]
    fn an_h1_outside_the_content_root_is_not_the_title() {
        let doc =
            read("<title>Titre</title><body><h1>Nom du site</h1><main><p>Texte.</p></main></body>")
                .unwrap();
        assert_eq!((doc.title.as_str(), doc.body.as_str()), ("Titre", "Texte."));
    }

    #[test]
    fn scripts_styles_menus_and_decorations_are_left_out() {
        let html = r#"<body>
            <header>En-tête</header><nav><a href="/">Accueil</a></nav>
            <script>var x = "<p>no</p>";</script><style>p { color: red }</style><noscript>Activez JS</noscript>
            <template><p>modèle</p></template><aside>Voir aussi</aside><form><label>Nom</label></form>
            <svg><text>dessin</text></svg><iframe>cadre</iframe>
            <p>Gardé<span aria-hidden="true">★</span><span data-trouve-ignore>exclu</span>.</p>
            <footer>Pied</footer></body>"#;
        assert_eq!(body_of(html), "Gardé.");
    }

    #[test]
    fn hidden_variants_are_content_kept_apart() {
        assert_eq!(
            body_of("<p>Appuyez sur <span hidden>Cmd</span><span>Ctrl</span>+Entrée</p>"),
            "Appuyez sur Cmd Ctrl+Entrée"
        );
    }

    #[test]
    fn blocks_separate_words_and_inline_elements_do_not() {
        assert_eq!(body_of("<p>a</p><p>b</p>"), "a\n\nb");
        assert_eq!(
            body_of("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "a b\nc"
        );
        assert_eq!(
            body_of("<ul><li>un</li><li>deux</li></ul><div>trois<br>quatre</div>"),
            "un\ndeux\n\ntrois\nquatre"
        );
        assert_eq!(
            body_of("<p>mot<b>gras</b> <i>et</i>\n\t  fin</p>"),
            "motgras et fin"
        );
        assert_eq!(
            body_of("<pre>ligne 1\n   ligne 2</pre>"),
            "ligne 1\nligne 2"
        );
    }

    #[test]
    fn entities_are_decoded() {
        let doc =
            read("<h1>L&rsquo;&eacute;t&eacute; &amp; l&#8217;hiver</h1><p>5&nbsp;%&lt;10</p>")
                .unwrap();
        assert_eq!(doc.title, "L’été & l’hiver");
        assert_eq!(doc.body, "5\u{a0}%<10");
    }

    #[test]
    fn the_date_comes_from_meta_then_time() {
        let date = |html: &str| read(html).unwrap().date;
        let expected = Date::parse("2025-04-01");
        assert_eq!(date("<meta property='article:published_time' content='2025-04-01T09:30:00Z'><meta name=date content=2020><p>x</p>"), expected);
        assert_eq!(date("<meta name='date' content='2025-04-01'><p>x <time datetime='2020-01-01'>hier</time></p>"), expected);
        assert_eq!(
            date("<p>x <time>hier</time> <time datetime='2025-04-01'>mardi</time></p>"),
            expected
        );
        assert_eq!(date("<meta name='date' content='mardi'><p>x</p>"), None);
    }

    #[test]
    fn malformed_html_still_yields_its_text() {
        let doc =
            read("<html><body><h1>Titre</h1><p>Un paragraphe <b>non fermé<div>un bloc</span></td>")
                .unwrap();
        assert_eq!(doc.title, "Titre");
        assert_eq!(doc.body, "Un paragraphe non fermé\n\nun bloc");
        assert_eq!(
            read("texte nu sans balise").unwrap().title,
            "texte nu sans balise"
        );
    }

    #[test]
    fn a_page_nested_to_the_limit_does_not_overflow_the_stack() {
        // Deep enough to overflow this small stack if the walk recursed.
        let html = "<div>".repeat(MAX_DEPTH - 3) + "fond";
        let walk = std::thread::Builder::new()
            .stack_size(32 * 1024)
            .spawn(move || body_of(&html))
            .unwrap();
        assert_eq!(walk.join().unwrap(), "fond");
    }

    #[test]
    fn a_page_nested_deeper_than_browsers_nest_is_refused() {
        // Each of these took html5ever minutes to hours at a few megabytes.
        for unit in ["<div>", "<ul>", "<section>", "<a><b>", "<font><a>"] {
            let html = format!("<title>T</title>{}fond", unit.repeat(200_000));
            assert_eq!(
                read(&html).unwrap_err(),
                format!("elements nested deeper than {MAX_DEPTH}"),
                "{unit}"
            );
        }
        // Long flat pages, or nesting the parser closes by itself, are fine.
        for unit in ["<p>x", "<li>x", "<span>x</span>", "<br>x", "<td>x"] {
            let html = format!("<title>T</title>{}", unit.repeat(100_000));
            assert!(read(&html).is_ok(), "{unit}");
        }
    }

    #[test]
    fn pages_marked_noindex_are_refused() {
        for html in [
            "<meta name='Robots' content='index, NoIndex'><p>x</p>",
            "<body data-trouve-ignore><p>x</p></body>",
            "<html data-trouve-ignore><p>x</p></html>",
        ] {
            assert_eq!(read(html).unwrap_err(), "marked noindex", "{html}");
        }
        assert!(read("<meta name='robots' content='nofollow'><p>x</p>").is_ok());
    }

    #[test]
    fn pages_without_text_are_refused() {
        for html in [
            "",
            "<title>Seul le titre</title>",
            "<body><nav>menu</nav><script>x()</script></body>",
            "<p> &#32; </p>",
        ] {
            assert_eq!(read(html).unwrap_err(), "no text", "{html}");
        }
    }
}
