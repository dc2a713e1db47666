//! The URL a search result links to, for documents that do not carry one.

/// How URLs are made for documents that do not carry their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlTemplate(String);

impl UrlTemplate {
    /// `{id}` = the document id, `{path}` = the file's path relative to the
    /// corpus folder (with `/` separators; a `.md` or `.markdown` extension
    /// becomes `.html`, the page a site generator makes of it). A template
    /// with neither placeholder is a prefix: `{path}` is appended.
    /// Placeholder values are percent-encoded.
    pub fn new(template: &str) -> UrlTemplate {
        if template.contains("{id}") || template.contains("{path}") {
            UrlTemplate(template.to_owned())
        } else {
            UrlTemplate(format!("{template}{{path}}"))
        }
    }

    pub fn url(&self, id: &str, path: &str) -> String {
        let page = match path.rsplit_once('.') {
            Some((stem, extension))
                if ["md", "markdown"]
                    .iter()
                    .any(|md| extension.eq_ignore_ascii_case(md)) =>
            {
                format!("{stem}.html")
            }
            _ => path.to_owned(),
        };
        // Encoded values hold no `{`, so the second replacement cannot touch
        // what the first put in.
        self.0
            .replace("{id}", &percent_encode(id))
            .replace("{path}", &percent_encode(&page))
    }

    /// The scheme every URL this template makes would have, if browsers
    /// would not follow it (see [`unlinkable_scheme`]).
    pub fn unlinkable_scheme(&self) -> Option<String> {
        unlinkable_scheme(&self.url("id", "path")).map(str::to_owned)
    }
}

/// The scheme of `url` when a browser search box would not follow it: any
/// but `http` and `https` (`javascript:`, `data:`, `file:` …). A relative
/// URL has none and is fine.
pub fn unlinkable_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    (is_scheme && !web).then_some(scheme)
}

impl Default for UrlTemplate {
    fn default() -> UrlTemplate {
        UrlTemplate::new("/{path}")
    }
}

/// Keeps what is safe in a URL path (RFC 3986 unreserved characters and
/// `/`) and encodes every other byte of the UTF-8.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_a_browser_would_not_follow_are_told_apart() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "file:///etc",
        ] {
            assert!(unlinkable_scheme(url).is_some(), "{url}");
        }
        for url in [
            "/a/b.html",
            "b.html?x=1:2",
            "https://x.org/a",
            "HTTP://x.org",
            "//cdn/x",
            "#top",
        ] {
            assert_eq!(unlinkable_scheme(url), None, "{url}");
        }
        assert_eq!(
            UrlTemplate::new("javascript:go('{id}')")
                .unlinkable_scheme()
                .as_deref(),
            Some("javascript")
        );
        assert_eq!(UrlTemplate::default().unlinkable_scheme(), None);
    }

    #[test]
    fn the_default_is_the_path_from_the_site_root() {
        assert_eq!(
            UrlTemplate::default().url("news/visit", "news/visit.html"),
            "/news/visit.html"
        );
    }

    #[test]
    fn placeholders_are_replaced_and_encoded() {
        let template = UrlTemplate::new("https://example.org/articles/{id}?from={path}");
        assert_eq!(
            template.url("été 2024/a&b", "été 2024/a&b.txt"),
            "https://example.org/articles/%C3%A9t%C3%A9%202024/a%26b?from=%C3%A9t%C3%A9%202024/a%26b.txt"
        );
        assert_eq!(
            UrlTemplate::new("/{id}/").url("{path}", "x"),
            "/%7Bpath%7D/"
        );
    }

    #[test]
    fn a_template_without_placeholders_is_a_prefix() {
        assert_eq!(
            UrlTemplate::new("https://example.org/docs/").url("a", "a.txt"),
            "https://example.org/docs/a.txt"
        );
    }

    #[test]
    fn markdown_pages_link_to_their_html() {
        let urls = UrlTemplate::default();
        assert_eq!(
            urls.url("guide/start", "guide/start.md"),
            "/guide/start.html"
        );
        assert_eq!(urls.url("README", "README.MARKDOWN"), "/README.html");
        assert_eq!(urls.url("notes", "notes.txt"), "/notes.txt");
        assert_eq!(urls.url("cmd", "cmd.mdx"), "/cmd.mdx");
    }
}
