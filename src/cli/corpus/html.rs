//! `.html` and `.htm` files: the text a reader of the page reads, without
//! the site around it (menus, headers, scripts), as plain text whose blocks
//! stay apart, with the page's headings and the anchors that lead to them.
//!
//! What is read:
//! - **The content**: the elements marked `data-trouve-body` or
//!   `data-pagefind-body`, all of them in page order, when the page has any
//!   (and then a site leaves out its pages without, see `marks_content`);
//!   else `<main>`, else `<article>`, else `[role=main]`, else `<body>`.
//! - **Left out**: scripts, styles, menus, headers, footers, asides, forms
//!   ([`IGNORED`]); elements marked `data-trouve-ignore` or
//!   `data-pagefind-ignore`, or weighing 0 (`data-pagefind-weight="0"`);
//!   `aria-hidden="true"` icons; and permalink decorations: `.headerlink`,
//!   and links to a fragment (`href="#…"`) whose text is empty or only
//!   marks such as `¶ § # 🔗`. On `<html>` or `<body>`, an ignore mark or
//!   `<meta name=robots content=noindex>` leaves the whole page out.
//! - **The title**: the first `<h1>` of the content (it leaves the body),
//!   else `<title>`, else `og:title`, else the body's first sentence. A page
//!   with a title and no text is a document with an empty body.
//! - **Headings**: the content's `<h1>`–`<h6>` (the title's aside), each
//!   with its anchor (see [`anchor`]); and text marked
//!   `data-trouve-weight`/`data-pagefind-weight` of 2 or more, which weighs
//!   as a heading (level 0) but starts no section.
//! - **Filters**: anywhere in the page, `data-trouve-filter` or
//!   `data-pagefind-filter`: `"author"` takes the element's text,
//!   `"author[content]"` its `content` attribute, `"author:Marie Dubois"` the
//!   value written (to the end: it may hold commas); several keys,
//!   comma-separated, on one element (`"author, year[data-year]"`).
//! - **Numbers and dates** to keep ranges of and sort by:
//!   `data-trouve-sort` or `data-pagefind-sort`, written as filters are
//!   (`"prix[data-prix]"`).
//! - **Metadata** a result shows: `data-trouve-meta` or
//!   `data-pagefind-meta`, written as filters are (`"image[src]"`); without
//!   an `image` there, the page's `og:image`.

use html5ever::driver::{self, Parser};
use html5ever::tendril::TendrilSink;
use scraper::node::Element;
use scraper::{ElementRef, Html, HtmlTreeSink, Node};
use trouve::{Date, Document, Heading};

use super::plain_text::{Gap, PlainText};
use super::title;
use super::FileDocuments;

/// Elements whose text is not the page's content: code, styling, and the
/// site's furniture around the content.
const IGNORED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg",
    "iframe",
];

/// The attributes that mark a page's content, Trouve's and Pagefind's.
const BODY_MARKS: [&str; 2] = ["data-trouve-body", "data-pagefind-body"];

/// Text that weighs this much or more (`data-pagefind-weight`, whose
/// default is 1) weighs as a heading does.
const WEIGHTY_FROM: f64 = 2.0;

/// What a permalink shows instead of words: a link to a fragment made only
/// of these (and whitespace) is a decoration, not text.
const DECORATIONS: &[char] = &[
    '¶', '§', '#', '🔗', '⚓', '↩', '↑', '\u{fe0e}', '\u{fe0f}', '\u{200b}', '\u{2060}', '\u{feff}',
];

/// A heading's anchor is looked for on enclosing sections at most this
/// many levels up, and among at most this many nodes before it (each scan
/// bounded, so that a page of many empty headings costs no more than one
/// with text).
const MAX_ENCLOSING: usize = 3;
const MAX_BEFORE: usize = 8;

/// Pages nested deeper than this are skipped. Browsers stop nesting there
/// (Chromium at 512 elements, Firefox sooner), so no page meant to be read
/// goes deeper, and html5ever's time grows with the square of the depth
/// (40,000 nested `<div>`s took 13 s; a few megabytes of unclosed ones, hours).
const MAX_DEPTH: usize = 512;

/// The parser is fed this much at a time, and the depth checked between.
const PARSE_STEP: usize = 8 * 1024;

pub fn read(text: &str) -> Result<FileDocuments, String> {
    let page = parse(text)?;
    if is_noindex(&page) {
        return Err("marked noindex".into());
    }
    let marked = if mentions_body_mark(text) {
        marked_roots(&page)
    } else {
        Vec::new()
    };
    let content_marked = !marked.is_empty();
    let content = content_root(&page);
    let roots = if content_marked {
        marked
    } else {
        vec![content]
    };
    // The title is the first h1 of the content; on a page that marks its
    // content, the first h1 of what it marks, else the first of the page's
    // content root as on any page (often the h1 stands above the marked text).
    let heading = roots
        .iter()
        .chain(content_marked.then_some(&content))
        .flat_map(|root| elements(*root))
        .filter(|e| e.value().name() == "h1")
        .map(|h1| (h1, text_of(h1)))
        .find(|(h1, text)| !text.is_empty() && !left_out_by_author(*h1));
    let mut walk = Walk::default();
    for root in &roots {
        walk.read(*root, heading.as_ref().map(|(h1, _)| *h1));
    }
    let (body, mut headings) = (walk.text.finish(), walk.headings);
    let (title, body) = match heading.map(|(_, text)| text).or_else(|| page_title(&page)) {
        Some(title) => (title, body),
        None if body.is_empty() => return Err("no text".into()),
        None => title::from_body_with_headings(&body, &mut headings),
    };
    Ok(FileDocuments {
        documents: vec![Document {
            title,
            date: date(&page),
            body,
            headings,
            filters: marks(&page, ["data-trouve-filter", "data-pagefind-filter"]),
            numbers: marks(&page, ["data-trouve-sort", "data-pagefind-sort"]),
            meta: meta_of(&page),
            ..Document::default()
        }],
        warnings: Vec::new(),
        content_marked,
        language: page
            .root_element()
            .value()
            .attr("lang")
            .map(str::trim)
            .filter(|lang| !lang.is_empty())
            .map(str::to_owned),
        document_languages: Vec::new(),
        fields: Vec::new(),
    })
}

/// Whether the page marks its content (`data-trouve-body`,
/// `data-pagefind-body`): a site with one such page leaves out the pages
/// without, so the build asks before it reads them.
pub fn marks_content(text: &str) -> bool {
    mentions_body_mark(text) && parse(text).is_ok_and(|page| !marked_roots(&page).is_empty())
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
/// out of Trouve (an ignore mark, or a weight of 0, on `<html>` or `<body>`).
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
        .any(|e| Marks::of(e.value()).ignored);
    robots_noindex || ignored
}

/// The elements that mark the page's content, in page order; one inside
/// another is read with it.
fn marked_roots(page: &Html) -> Vec<ElementRef<'_>> {
    let mut marked = Vec::new();
    let mut stack = vec![page.root_element()];
    while let Some(element) = stack.pop() {
        if Marks::of(element.value()).body {
            marked.push(element);
        } else {
            let first_child = stack.len();
            stack.extend(element.child_elements());
            stack[first_child..].reverse();
        }
    }
    marked
}

/// Whether `text` names a body mark at all, in any case: a quick test that
/// spares most pages a search of their elements.
fn mentions_body_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('-').any(|(i, _)| {
        i >= 4
            && bytes[i - 4..i].eq_ignore_ascii_case(b"data")
            && BODY_MARKS.iter().any(|mark| {
                let rest = &mark.as_bytes()[5..];
                bytes
                    .get(i + 1..i + 1 + rest.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(rest))
            })
    })
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

/// The page's metadata: what its `data-trouve-meta` and
/// `data-pagefind-meta` marks say, and its `og:image` when they give no
/// image.
fn meta_of(page: &Html) -> Vec<(String, String)> {
    let mut meta = marks(page, ["data-trouve-meta", "data-pagefind-meta"]);
    if !meta.iter().any(|(key, _)| key == "image") {
        if let Some(image) = self::meta(page, "property", "og:image").map(str::trim) {
            if !image.is_empty() {
                meta.push(("image".to_owned(), image.to_owned()));
            }
        }
    }
    meta
}

/// The (key, value) pairs the page's `marks` attributes say: see the
/// [module docs](self) on filters.
fn marks(page: &Html, names: [&str; 2]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for element in elements(page.root_element()) {
        let marks = names
            .into_iter()
            .filter_map(|mark| element.value().attr(mark));
        for mark in marks {
            // Keys apart with commas; a value written runs to the end.
            let mut rest = mark;
            while !rest.trim().is_empty() {
                let (item, after) = match rest.split_once(':') {
                    Some((key, value)) if !key.contains(',') => ((key, Some(value)), ""),
                    _ => match rest.split_once(',') {
                        Some((item, after)) => ((item, None), after),
                        None => ((rest, None), ""),
                    },
                };
                rest = after;
                let (key, value) = match item {
                    (key, Some(value)) => (key.trim(), value.trim().to_owned()),
                    (key, None) => {
                        match key.trim().strip_suffix(']').and_then(|k| k.split_once('[')) {
                            Some((key, attribute)) => (
                                key.trim(),
                                element
                                    .value()
                                    .attr(attribute.trim())
                                    .unwrap_or_default()
                                    .trim()
                                    .to_owned(),
                            ),
                            None => (key.trim(), text_of(element)),
                        }
                    }
                };
                if !key.is_empty() && !value.is_empty() {
                    out.push((key.to_owned(), value));
                }
            }
        }
    }
    out
}

fn first<'a>(page: &'a Html, name: &str) -> Option<ElementRef<'a>> {
    elements(page.root_element()).find(|e| e.value().name() == name)
}

/// `root` and the elements inside it, in document order.
fn elements(root: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    root.descendants().filter_map(ElementRef::wrap)
}

/// What an element's attributes say about its text, read in one pass.
#[derive(Clone, Copy, Debug, Default)]
struct Marks {
    /// Left out by its author: `data-trouve-ignore`, `data-pagefind-ignore`,
    /// or a weight of 0.
    ignored: bool,
    /// A decoration: `aria-hidden="true"`, or a `.headerlink`.
    decoration: bool,
    /// The page's content: `data-trouve-body`, `data-pagefind-body`.
    body: bool,
    /// A weight of [`WEIGHTY_FROM`] or more.
    weighty: bool,
}

impl Marks {
    fn of(element: &Element) -> Marks {
        let mut marks = Marks::default();
        for (name, value) in element.attrs() {
            match name {
                "data-trouve-ignore" | "data-pagefind-ignore" => marks.ignored = true,
                "data-trouve-body" | "data-pagefind-body" => marks.body = true,
                "data-trouve-weight" | "data-pagefind-weight" => {
                    // Pagefind's weights are numbers such as 0.5 or 7.0; one
                    // that is not a number changes nothing.
                    match value.trim().parse::<f64>() {
                        Ok(0.0) => marks.ignored = true,
                        Ok(weight) if weight >= WEIGHTY_FROM => marks.weighty = true,
                        _ => {}
                    }
                }
                "aria-hidden" => marks.decoration |= value == "true",
                "class" => {
                    marks.decoration |= value.split_ascii_whitespace().any(|c| c == "headerlink")
                }
                _ => {}
            }
        }
        marks
    }

    fn left_out(self) -> bool {
        self.ignored || self.decoration
    }
}

/// Elements whose text is not content. `hidden` is not among them: pages
/// hide tabs, accordions and per-system variants that a click reveals, and a
/// visitor searches for those too.
fn is_left_out(element: ElementRef<'_>, marks: Marks) -> bool {
    IGNORED.contains(&element.value().name()) || marks.left_out() || is_permalink(element)
}

/// Whether `element` or one around it is left out by the page's author or
/// hidden: an `<h1>` there is not the title.
fn left_out_by_author(element: ElementRef<'_>) -> bool {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| Marks::of(e.value()).left_out())
}

/// A link to a fragment that shows no words (`¶`, `#`, an icon): a
/// permalink or a back-link, not text.
fn is_permalink(element: ElementRef<'_>) -> bool {
    let e = element.value();
    e.name() == "a"
        && e.attr("href").is_some_and(|href| href.starts_with('#'))
        && element.text().all(|t| {
            t.chars()
                .all(|c| c.is_whitespace() || DECORATIONS.contains(&c))
        })
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

/// The level of a heading element, 1 for `<h1>` to 6 for `<h6>`.
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] => Some(level - b'0'),
        _ => None,
    }
}

/// The fragment that leads to a heading, by the first rule that gives one:
/// its own `id`; the `id` of the `<section>`, `<div>` or `<article>` it
/// opens (Sphinx puts it there), up to [`MAX_ENCLOSING`] levels up; the
/// `id` (or an `<a>`'s `name`) of an element inside it, or of an empty
/// element just before it (`<a name=…></a>`, `<span id=…></span>`); the
/// `href="#…"` of a permalink inside it. The caller falls back on the
/// anchor of the heading before.
fn anchor(heading: ElementRef<'_>) -> Option<&str> {
    own_id(heading.value())
        .or_else(|| enclosing_id(heading))
        .or_else(|| {
            heading
                .descendants()
                .skip(1)
                .filter_map(ElementRef::wrap)
                .find_map(|e| target(e.value()))
        })
        .or_else(|| target_before(heading))
        .or_else(|| {
            elements(heading)
                .filter(|e| is_permalink(*e))
                .find_map(|e| e.value().attr("href")?.get(1..).filter(|f| !f.is_empty()))
        })
}

fn own_id(element: &Element) -> Option<&str> {
    element.id().map(str::trim).filter(|id| !id.is_empty())
}

/// What a link to a fragment can lead to: an `id`, or an `<a>`'s `name`.
fn target(element: &Element) -> Option<&str> {
    own_id(element).or_else(|| {
        (element.name() == "a")
            .then(|| element.attr("name"))
            .flatten()
            .map(str::trim)
            .filter(|name| !name.is_empty())
    })
}

/// The `id` of the section that `heading` opens: nothing with text comes
/// before it in the section.
fn enclosing_id(heading: ElementRef<'_>) -> Option<&str> {
    let mut child = heading;
    for _ in 0..MAX_ENCLOSING {
        let mut before = child.prev_siblings();
        if !before
            .by_ref()
            .take(MAX_BEFORE)
            .all(|node| is_blank(node.value(), ElementRef::wrap(node)))
            || before.next().is_some()
        {
            return None;
        }
        let parent = child.parent().and_then(ElementRef::wrap)?;
        if !matches!(parent.value().name(), "section" | "div" | "article") {
            return None;
        }
        if let Some(id) = own_id(parent.value()) {
            return Some(id);
        }
        child = parent;
    }
    None
}

/// The target of the empty elements right before `heading`, the nearest
/// first: LibreOffice's help puts `<a name=…></a>` there, Sphinx a
/// `<span id=…></span>`.
fn target_before(heading: ElementRef<'_>) -> Option<&str> {
    for node in heading.prev_siblings().take(MAX_BEFORE) {
        if !is_blank(node.value(), ElementRef::wrap(node)) {
            return None;
        }
        if let Some(found) = node.value().as_element().and_then(target) {
            return Some(found);
        }
    }
    None
}

/// A node that shows no text: whitespace, a comment, an empty element.
fn is_blank(node: &Node, element: Option<ElementRef<'_>>) -> bool {
    match (node, element) {
        (Node::Text(text), _) => text.trim().is_empty(),
        (_, Some(element)) => element.text().all(|t| t.trim().is_empty()),
        _ => true,
    }
}

/// The text of an element on one line: a title.
fn text_of(element: ElementRef<'_>) -> String {
    let mut walk = Walk::default();
    walk.read(element, None);
    title::one_line(&walk.text.finish())
}

/// A walk through the content, with its own stack (a page nested
/// thousands of levels deep must not overflow the thread's): the readable
/// text, and the headings found on the way.
#[derive(Default)]
struct Walk<'a> {
    text: PlainText,
    headings: Vec<Heading>,
    /// The heading being read: its element, the mark where its text starts,
    /// its level and anchor. Nothing inside it starts another.
    heading: Option<(ElementRef<'a>, usize, u8, String)>,
    /// The outermost weighty element being read, and the mark where its
    /// text starts (since the last heading inside it).
    weighty: Option<(ElementRef<'a>, usize)>,
    /// The anchor of the last heading, for the next one that has none.
    anchor: String,
    pre_depth: usize,
}

impl<'a> Walk<'a> {
    /// Reads the text inside `root`, a paragraph apart from what came
    /// before, leaving out `skip` (the title's heading).
    fn read(&mut self, root: ElementRef<'a>, skip: Option<ElementRef<'a>>) {
        self.text.gap(Gap::Paragraph);
        // (node, true) opens a node, (node, false) closes an element.
        let mut stack = vec![(*root, true)];
        while let Some((node, opening)) = stack.pop() {
            let Some(element) = ElementRef::wrap(node) else {
                if let Node::Text(text) = node.value() {
                    self.text.push(text, self.pre_depth > 0);
                }
                continue;
            };
            let name = element.value().name();
            if !opening {
                self.text.gap(gap(element.value()));
                self.pre_depth -= usize::from(name == "pre");
                self.close(element);
                continue;
            }
            if skip == Some(element) {
                // Not in the body, but its anchor is the one the headings
                // after it that have none lead to.
                if let Some(anchor) = anchor(element) {
                    self.anchor = anchor.to_owned();
                }
                continue;
            }
            let marks = Marks::of(element.value());
            if is_left_out(element, marks) {
                continue;
            }
            self.text.gap(gap(element.value()));
            self.pre_depth += usize::from(name == "pre");
            self.open(element, marks);
            stack.push((node, false));
            stack.extend(node.children().rev().map(|child| (child, true)));
        }
    }

    fn open(&mut self, element: ElementRef<'a>, marks: Marks) {
        if self.heading.is_some() {
            return;
        }
        if let Some(level) = heading_level(element.value().name()) {
            // The weighty text before the heading is a span of its own.
            if let Some((_, mark)) = self.weighty {
                self.weighty_span(mark);
            }
            let anchor = anchor(element).map_or_else(|| self.anchor.clone(), str::to_owned);
            self.heading = Some((element, self.text.mark(), level, anchor));
        } else if marks.weighty && self.weighty.is_none() {
            self.weighty = Some((element, self.text.mark()));
        }
    }

    fn close(&mut self, element: ElementRef<'a>) {
        if self
            .heading
            .as_ref()
            .is_some_and(|(open, ..)| *open == element)
        {
            let Some((_, mark, level, anchor)) = self.heading.take() else {
                return;
            };
            // A heading without text starts no section.
            if let Some((start, end)) = self.text.span_from(mark) {
                self.anchor.clone_from(&anchor);
                self.headings.push(Heading {
                    start,
                    end,
                    level,
                    anchor,
                });
            }
            if let Some((_, mark)) = &mut self.weighty {
                *mark = self.text.mark();
            }
        } else if self.weighty.is_some_and(|(open, _)| open == element) {
            let Some((_, mark)) = self.weighty.take() else {
                return;
            };
            self.weighty_span(mark);
        }
    }

    fn weighty_span(&mut self, mark: usize) {
        if let Some((start, end)) = self.text.span_from(mark) {
            self.headings.push(Heading {
                start,
                end,
                level: 0,
                anchor: String::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_headings, headings_of};
    use super::*;

    /// The one document a page gives, its headings checked: in order, apart,
    /// each the body's text from its start to its end.
    fn one(html: &str) -> Document {
        let mut read = read(html).unwrap();
        assert_eq!(read.documents.len(), 1);
        let doc = read.documents.remove(0);
        check_headings(&doc);
        doc
    }

    #[test]
    fn numbers_and_metadata_are_marked_as_filters_are() {
        let owned = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|&(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        let doc = one(
            r#"<html><head><meta property="og:image" content="/social.png"></head>
            <body><main><p>Texte.</p><p data-trouve-sort="prix[data-prix]" data-prix="12.5">Douze euros cinquante.</p>
            <time data-pagefind-sort="révisé[datetime]" datetime="2024-03-01">1er mars</time>
            <span data-pagefind-meta="byline">Marie Dubois</span></main></body></html>"#,
        );
        assert_eq!(
            doc.numbers,
            owned(&[("prix", "12.5"), ("révisé", "2024-03-01")])
        );
        // Without an image marked, the page's og:image.
        assert_eq!(
            doc.meta,
            owned(&[("byline", "Marie Dubois"), ("image", "/social.png")])
        );
        let marked = one(
            r#"<html><head><meta property="og:image" content="/social.png"></head>
            <body><main><p>Texte.</p><img data-trouve-meta="image[src], image_alt[alt]" src="une.jpg" alt="La une"></main></body></html>"#,
        );
        assert_eq!(
            marked.meta,
            owned(&[("image", "une.jpg"), ("image_alt", "La une")])
        );
    }

    #[test]
    fn filters_from_text_attributes_and_written_values() {
        let doc = one(
            r#"<html><head><meta data-pagefind-filter="year[content]" content="2024"></head>
            <body><main><p>Texte.</p><p>Par <span data-trouve-filter="author, role[data-role]" data-role="éditrice">Marie Dubois</span></p>
            <div data-pagefind-filter="section:Europe, Asie" hidden></div><i data-trouve-filter="tags"> </i></main></body></html>"#,
        );
        let got: Vec<(&str, &str)> = doc
            .filters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("year", "2024"),
                ("author", "Marie Dubois"),
                ("role", "éditrice"),
                ("section", "Europe, Asie")
            ]
        );
    }

    /// Each heading's level, anchor and text (its span of the body).
    fn headings(html: &str) -> Vec<(u8, String, String)> {
        headings_of(&one(html))
    }

    /// The body of a page that has a title, so none is taken from the text.
    fn body_of(html: &str) -> String {
        one(&format!("<title>T</title>{html}")).body
    }

    #[test]
    fn title_from_the_first_h1_which_leaves_the_body() {
        let doc =
            one("<html><head><title>Site | Page</title></head><body><h1>Coopération <em>nucléaire</em></h1><p>Les deux pays.</p><h1>Autre</h1></body></html>");
        assert_eq!(doc.title, "Coopération nucléaire");
        assert_eq!(doc.body, "Les deux pays.\n\nAutre");
    }

    #[test]
    fn title_falls_back_to_title_then_og_title_then_first_sentence() {
        let doc =
            one("<title> La  page </title><meta property='og:title' content='OG'><p>Texte.</p>");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("La page", "Texte.")
        );
        let doc = one("<meta property='og:title' content='OG titre'><p>Texte.</p>");
        assert_eq!(doc.title, "OG titre");
        let doc = one("<p>Première phrase. Seconde.</p><p>Suite.</p>");
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
            one("<title>Titre</title><body><h1>Nom du site</h1><main><p>Texte.</p></main></body>");
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
            one("<h1>L&rsquo;&eacute;t&eacute; &amp; l&#8217;hiver</h1><p>5&nbsp;%&lt;10</p>");
        assert_eq!(doc.title, "L’été & l’hiver");
        assert_eq!(doc.body, "5\u{a0}%<10");
    }

    #[test]
    fn the_date_comes_from_meta_then_time() {
        let date = |html: &str| one(html).date;
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
            one("<html><body><h1>Titre</h1><p>Un paragraphe <b>non fermé<div>un bloc</span></td>");
        assert_eq!(doc.title, "Titre");
        assert_eq!(doc.body, "Un paragraphe non fermé\n\nun bloc");
        assert_eq!(one("texte nu sans balise").title, "texte nu sans balise");
    }

    #[test]
    fn a_page_nested_to_the_limit_does_not_overflow_the_stack() {
        // Deep enough to overflow this small stack if the walk recursed;
        // unoptimized, the parser alone needs more than 32 KB.
        let html = "<div>".repeat(MAX_DEPTH - 3) + "fond";
        let stack = if cfg!(debug_assertions) { 256 } else { 32 } * 1024;
        let walk = std::thread::Builder::new()
            .stack_size(stack)
            .spawn(move || body_of(&html))
            .unwrap();
        assert_eq!(walk.join().unwrap(), "fond");
    }

    #[test]
    fn the_page_declares_its_language_on_its_html_element() {
        let language = |html: &str| read(html).unwrap().language;
        assert_eq!(
            language("<html lang=' en-GB '><title>T</title><p>x").as_deref(),
            Some("en-GB")
        );
        assert_eq!(language("<html lang=''><title>T</title><p>x"), None);
        // Only the page's own: a quotation's language is not the page's.
        assert_eq!(language("<title>T</title><p lang='de'>x"), None);
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
    fn pages_without_title_or_text_are_refused() {
        for html in [
            "",
            "<title> </title>",
            "<body><nav>menu</nav><script>x()</script></body>",
            "<p> &#32; </p>",
        ] {
            assert_eq!(read(html).unwrap_err(), "no text", "{html}");
        }
    }

    #[test]
    fn a_page_with_a_title_and_no_text_is_indexed_with_an_empty_body() {
        // As LibreOffice's text/shared/06/youtubevideos.html.
        let doc = one("<title>Videos YouTube</title><body><header>Aide</header><div id=DisplayArea><a name=whatisit></a><p id=par_ytvideosample> </p></div></body>");
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Videos YouTube", "")
        );
        assert!(doc.headings.is_empty());
        let doc = one("<meta property='og:title' content='Seul'><p></p>");
        assert_eq!((doc.title.as_str(), doc.body.as_str()), ("Seul", ""));
    }

    /// The shape of Python's documentation (Sphinx 5): the id on the
    /// section, a label's empty span and the heading, a `¶` permalink.
    const SPHINX: &str = r##"<title>5. Data Structures &#8212; Python 3.11.2 documentation</title>
        <div class="sphinxsidebar"><h3>Navigation</h3></div>
        <div class="body" role="main">
        <section id="data-structures">
        <span id="tut-structures"></span><h1><span class="section-number">5. </span>Data Structures<a class="headerlink" href="#data-structures" title="Permalink to this heading">¶</a></h1>
        <p>This chapter describes some things.</p>
        <section id="more-on-lists">
        <span id="tut-morelists"></span><h2><span class="section-number">5.1. </span>More on Lists<a class="headerlink" href="#more-on-lists" title="Permalink to this heading">¶</a></h2>
        <dl class="py method"><dt class="sig sig-object py" id="list.append"><span class="sig-prename">list.</span><span class="sig-name">append</span>(<em>x</em>)<a class="headerlink" href="#list.append" title="Permalink to this definition">¶</a></dt><dd><p>Add an item.</p></dd></dl>
        <section id="list-comprehensions">
        <span id="tut-listcomps"></span><h3><span class="section-number">5.1.3. </span>List Comprehensions<a class="headerlink" href="#list-comprehensions" title="Permalink to this heading">¶</a></h3>
        <p>Concise.</p>
        </section></section></section></div>"##;

    #[test]
    fn sphinx_permalinks_leave_titles_headings_and_text() {
        let doc = one(SPHINX);
        assert_eq!(doc.title, "5. Data Structures");
        assert!(!doc.body.contains('¶'), "{}", doc.body);
        assert_eq!(
            doc.body,
            "This chapter describes some things.\n\n5.1. More on Lists\n\nlist.append(x)\n\nAdd an item.\n\n5.1.3. List Comprehensions\n\nConcise."
        );
        assert_eq!(
            headings(SPHINX),
            [
                (2, "more-on-lists".into(), "5.1. More on Lists".into()),
                (
                    3,
                    "list-comprehensions".into(),
                    "5.1.3. List Comprehensions".into()
                ),
            ]
        );
    }

    #[test]
    fn other_generators_permalinks_leave_headings_too() {
        let html = r##"<title>T</title><main>
            <h2 id="rustdoc">Rustdoc<a href="#rustdoc" class="anchor">§</a></h2>
            <h2 id="hugo"><a class="anchor" href="#hugo">#</a> Hugo</h2>
            <h2 id="docusaurus">Docusaurus<a href="#docusaurus" class="hash-link" aria-label="Direct link">&#8203;</a></h2>
            <h2><a id="user-content-github" class="anchor" aria-hidden="true" href="#github"><svg><path d=""></path></svg></a>GitHub</h2>
            <h2 id="icone">Icône <span aria-hidden="true" class="icon">🔗</span></h2>
            <p>Note<sup><a href="#fn1">1</a></sup>.</p><p id="fn1">La note. <a href="#fnref1" class="footnote-back">↩︎</a></p>
            </main>"##;
        let got: Vec<(String, String)> = headings(html)
            .into_iter()
            .map(|(_, anchor, text)| (anchor, text))
            .collect();
        let expected = [
            ("rustdoc", "Rustdoc"),
            ("hugo", "Hugo"),
            ("docusaurus", "Docusaurus"),
            ("user-content-github", "GitHub"),
            ("icone", "Icône"),
        ];
        assert_eq!(
            got,
            expected.map(|(anchor, text)| (anchor.to_owned(), text.to_owned()))
        );
        assert!(one(html).body.ends_with("\n\nNote1.\n\nLa note."));
    }

    #[test]
    fn a_heading_leads_to_its_own_id_else_its_section_else_a_target_else_the_heading_before() {
        let html = r##"<title>T</title><main>
            <p>Intro.</p>
            <h2>Avant toute ancre</h2>
            <h2 id="propre" class="x">Son id</h2>
            <h3>Celle d'avant</h3>
            <section id="section"><span id="label"></span> <!-- c --> <h2>Sa section</h2><p>x</p></section>
            <div id="haut"><div class="wrap"><h2>Deux niveaux plus haut</h2></div></div>
            <section id="pas-la-sienne"><p>Du texte avant.</p><h2>Pas la première</h2></section>
            <div class="embedded"><a name="nom-avant"></a>
            <h3>Un nom juste avant</h3></div>
            <h3><a name="nom-dedans"></a>Un nom dedans</h3>
            <h3><span id="id-dedans">Un id dedans</span></h3>
            <h4>Un permalien<a class="headerlink" href="#permalien">¶</a></h4>
            <h4><a href="#ailleurs">Un renvoi n'est pas une ancre</a></h4>
            <h5 id="  ">Un id vide</h5>
            </main>"##;
        let anchors: Vec<(String, String)> = headings(html)
            .into_iter()
            .map(|(_, anchor, text)| (text, anchor))
            .collect();
        let expected = [
            ("Avant toute ancre", ""),
            ("Son id", "propre"),
            ("Celle d'avant", "propre"),
            ("Sa section", "section"),
            ("Deux niveaux plus haut", "haut"),
            ("Pas la première", "haut"),
            ("Un nom juste avant", "nom-avant"),
            ("Un nom dedans", "nom-dedans"),
            ("Un id dedans", "id-dedans"),
            ("Un permalien", "permalien"),
            ("Un renvoi n'est pas une ancre", "permalien"),
            ("Un id vide", "permalien"),
        ];
        assert_eq!(
            anchors,
            expected.map(|(text, anchor)| (text.to_owned(), anchor.to_owned()))
        );
    }

    #[test]
    fn libreoffice_help_headings_lead_to_their_ids() {
        // The shape of text/sbasic/shared/03010102.html.
        let html = r##"<title>Fonction MsgBox</title><body><header><p>Aide LibreOffice 7.4</p></header>
            <div id="DisplayArea" itemprop="softwareHelp">
            <a name="msgbox"></a>
            <a name="bm_id3153379"></a>  <meta itemprop="keywords" content="MsgBox, fonction">
            <h1 id="hd_id3153379" dir="auto">Fonction MsgBox</h1>
            <p id="par_id3145171" class="paragraph">Affiche une boîte de dialogue.</p>
            <div class="embedded">
            <a name="functsyntax"></a>
            <h3 id="hd_id061420171139089682" dir="auto">
            <a name="functsyntax"></a>Syntaxe :</h3>
            </div>
            <div class="bascode"><pre dir="auto"><code>MsgBox (Prompt As String)</code></pre></div>
            <h3>Sans id</h3><p>Hérite.</p>
            </div><footer><h3>Help content debug info:</h3></footer></body>"##;
        let doc = one(html);
        assert_eq!(doc.title, "Fonction MsgBox");
        assert_eq!(
            headings(html),
            [
                (3, "hd_id061420171139089682".into(), "Syntaxe :".into()),
                (3, "hd_id061420171139089682".into(), "Sans id".into()),
            ]
        );
        // The title's anchor leads the headings after it that have none.
        assert_eq!(
            headings(
                "<title>T</title><main><h1 id=haut>Titre</h1><p>x</p><h2>Sous-titre</h2></main>"
            ),
            [(2, "haut".into(), "Sous-titre".into())]
        );
    }

    #[test]
    fn every_heading_level_is_a_heading_and_each_spans_its_text_in_the_body() {
        let html = "<title>T</title><main><h1>Titre</h1><p>a</p><h1>Second <em>h1</em></h1><h2>Deux<br>lignes</h2><h3> Trois </h3><h4>Quatre</h4><h5>Cinq</h5><h6>Six</h6><h2></h2><h2>  </h2><p>fin</p></main>";
        let doc = one(html);
        assert_eq!(doc.title, "Titre");
        assert_eq!(
            headings(html)
                .into_iter()
                .map(|(level, _, text)| (level, text))
                .collect::<Vec<_>>(),
            [
                (1, "Second h1".to_owned()),
                (2, "Deux\nlignes".to_owned()),
                (3, "Trois".to_owned()),
                (4, "Quatre".to_owned()),
                (5, "Cinq".to_owned()),
                (6, "Six".to_owned()),
            ]
        );
        assert_eq!(
            doc.body,
            "a\n\nSecond h1\n\nDeux\nlignes\n\nTrois\n\nQuatre\n\nCinq\n\nSix\n\nfin"
        );
    }

    #[test]
    fn headings_move_with_the_body_when_the_title_comes_from_it() {
        let doc = one("<p>Première phrase. Suite.</p><h2 id=a>Partie</h2><p>Fin.</p>");
        assert_eq!(doc.title, "Première phrase.");
        assert_eq!(
            &doc.body[doc.headings[0].start..doc.headings[0].end],
            "Partie"
        );
        let doc = one("<h2 id=a>Partie seule</h2><p>Fin.</p>");
        assert_eq!(doc.title, "Partie seule");
        assert!(doc.headings.is_empty());
    }

    #[test]
    fn pagefind_and_trouve_body_marks_keep_only_what_they_mark() {
        let html = "<title>T</title><body><nav>menu</nav><h1>Grand titre</h1><p>Hors.</p>
            <div data-pagefind-body><p>Un.</p><nav>menu</nav></div><div><p>Pas marqué.</p></div>
            <section data-trouve-body><p>Deux.</p><div data-pagefind-body><h2 id=trois>Trois</h2></div></section></body>";
        let page = read(html).unwrap();
        assert!(page.content_marked);
        let doc = &page.documents[0];
        assert_eq!(doc.title, "Grand titre");
        assert_eq!(doc.body, "Un.\n\nDeux.\n\nTrois");
        assert_eq!(doc.headings[0].anchor, "trois");
        // The title is the first h1 of what is marked, when there is one.
        let doc = one("<title>T</title><h1>Dehors</h1><article DATA-PAGEFIND-BODY><h1>Dedans</h1><p>x</p></article>");
        assert_eq!((doc.title.as_str(), doc.body.as_str()), ("Dedans", "x"));
        assert!(!read("<title>T</title><p>x</p>").unwrap().content_marked);
        // Named in text is not marked.
        let page = "<title>T</title><p>Add <code>data-pagefind-body</code> to &lt;main data-trouve-body&gt;.</p>";
        assert!(!read(page).unwrap().content_marked);
        assert!(!marks_content(page));
        assert!(marks_content("<main data-Trouve-Body><p>x</p></main>"));
    }

    #[test]
    fn pagefind_ignore_marks_and_a_weight_of_zero_leave_text_out() {
        assert_eq!(
            body_of("<p>Gardé <span data-pagefind-ignore>caché</span><span data-pagefind-ignore=all>aussi</span><span data-trouve-weight=0>zéro</span><span data-pagefind-weight=0.0>nul</span>.</p>"),
            "Gardé ."
        );
        for html in [
            "<body data-pagefind-ignore><p>x</p></body>",
            "<html data-pagefind-ignore='all'><p>x</p></html>",
            "<body data-pagefind-weight=0><p>x</p></body>",
        ] {
            assert_eq!(read(html).unwrap_err(), "marked noindex", "{html}");
        }
        // An h1 the page leaves out is not its title.
        let doc = one("<title>T</title><main><div data-pagefind-ignore><h1>Pas lui</h1></div><h1>Lui</h1><p>x</p></main>");
        assert_eq!(doc.title, "Lui");
    }

    #[test]
    fn text_weighing_two_or_more_is_a_heading_of_level_zero() {
        let html = "<title>T</title><main><p>Avant <b data-pagefind-weight='5'>lourd</b> <i data-pagefind-weight=1.5>moyen</i> <u data-trouve-weight=x>rien</u> <s data-trouve-weight=2>deux</s>.</p>
            <div data-trouve-weight=10><p>Un</p><h2 id=a>Titre <b data-pagefind-weight=7>gras</b></h2><p>Deux <b data-pagefind-weight=9>encore</b></p></div></main>";
        assert_eq!(
            headings(html),
            [
                (0, String::new(), "lourd".into()),
                (0, String::new(), "deux".into()),
                (0, String::new(), "Un".into()),
                (2, "a".into(), "Titre gras".into()),
                (0, String::new(), "Deux encore".into()),
            ]
        );
        assert_eq!(
            one(html).body,
            "Avant lourd moyen rien deux.\n\nUn\n\nTitre gras\n\nDeux encore"
        );
    }
}
