//! Front matter at the top of a Markdown file: YAML between `---` lines or
//! TOML between `+++` lines. Top-level `key: value` / `key = "value"` lines
//! are read, and lists (`[a, "b"]`, or YAML's `- a` lines); nested maps and
//! TOML tables are passed over. A full YAML or TOML parser would be a large
//! dependency for a few strings.

/// The keys Trouve reads; each is `None` when absent or empty.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub id: Option<&'a str>,
    /// The page's language, as a tag (`en`, `fr-CA`).
    pub lang: Option<&'a str>,
    /// (key, value) for each value of every other key, in order: what
    /// `--filter-key`, `--sort-key` and `--meta-key` may pick (see
    /// [`super::FieldKeys`]).
    pub fields: Vec<(&'a str, &'a str)>,
}

/// Splits the front matter off `text`; returns it and the Markdown after it.
/// Without a closing fence there is no front matter: a leading `---` is then
/// just a thematic break.
pub fn split(text: &str) -> (FrontMatter<'_>, &str) {
    let mut lines = text.split_inclusive('\n');
    let (separator, closers): (char, &[&str]) = match lines.next().map(str::trim_end) {
        Some("---") => (':', &["---", "..."]),
        Some("+++") => ('=', &["+++"]),
        _ => return (FrontMatter::default(), text),
    };
    let mut front = FrontMatter::default();
    let mut in_table = false;
    // The key whose YAML list (`- value` lines) may follow.
    let mut list_of: Option<&str> = None;
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    for line in lines {
        offset += line.len();
        let line = line.trim_end();
        if closers.contains(&line) {
            return (front, &text[offset..]);
        }
        // A TOML `[table]` starts keys that belong to something else.
        in_table |= separator == '=' && line.starts_with('[');
        if let Some(key) = list_of {
            if let Some(item) = line.trim_start().strip_prefix("- ") {
                push_values(&mut front.fields, key, item);
                continue;
            }
            list_of = None;
        }
        // Indented keys belong to a nested YAML map.
        if in_table || line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((key, value)) = line.split_once(separator) else {
            continue;
        };
        let key = key.trim();
        let slot = match key {
            "title" => &mut front.title,
            "date" => &mut front.date,
            "url" => &mut front.url,
            "id" => &mut front.id,
            "lang" => &mut front.lang,
            _ => {
                let value = value.trim();
                if value.is_empty() {
                    list_of = Some(key);
                } else {
                    push_values(&mut front.fields, key, value);
                }
                continue;
            }
        };
        let value = unquote(value.trim());
        *slot = (!value.is_empty()).then_some(value);
    }
    (FrontMatter::default(), text)
}

/// Adds a key's values: a flow list (`[a, "b c"]`) or one value.
fn push_values<'a>(fields: &mut Vec<(&'a str, &'a str)>, key: &'a str, value: &'a str) {
    let items = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(list) => list.split(',').collect(),
        None => vec![value],
    };
    for item in items {
        let item = unquote(item.trim());
        if !item.is_empty() {
            fields.push((key, item));
        }
    }
}

/// The text inside matching quotes (anything after the closing quote, like
/// a TOML comment, is dropped), or the value as it is.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            return inner.find(quote).map_or(value, |end| &inner[..end]);
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_front_matter() {
        let (front, rest) = split("---\r\ntitle: \"Visite à Moscou\"\r\ndate: 2024-03-26\r\ntags: [a, b]\r\nauthor:\r\n  id: 7\r\n---\r\n# Texte\r\n");
        assert_eq!(
            front,
            FrontMatter {
                title: Some("Visite à Moscou"),
                date: Some("2024-03-26"),
                url: None,
                id: None,
                lang: None,
                fields: vec![("tags", "a"), ("tags", "b")],
            }
        );
        assert_eq!(rest, "# Texte\r\n");
    }

    #[test]
    fn reads_toml_front_matter() {
        let (front, rest) = split("+++\ntitle = 'L’accord'  # signé\nurl = \"/accord/\"\nid = \"accord-2025\"\nlang = \"fr-CA\"\ndate = 2025-04-01T09:30:00Z\n[extra]\ntitle = \"not this\"\n+++\nCorps.");
        assert_eq!(
            front,
            FrontMatter {
                title: Some("L’accord"),
                date: Some("2025-04-01T09:30:00Z"),
                url: Some("/accord/"),
                id: Some("accord-2025"),
                lang: Some("fr-CA"),
                fields: Vec::new(),
            }
        );
        assert_eq!(rest, "Corps.");
    }

    #[test]
    fn other_keys_take_one_value_or_a_list() {
        let (front, _) = split("---\nauthor: Marie Dubois\ncategories:\n  - Politique\n  - \"Europe, Asie\"\ntitle: T\ntags = x\nprix: 12.5\n---\n");
        assert_eq!(
            front.fields,
            [
                ("author", "Marie Dubois"),
                ("categories", "Politique"),
                ("categories", "Europe, Asie"),
                ("prix", "12.5")
            ]
        );
        let (front, _) =
            split("+++\ntags = [\"nucléaire\", 'énergie']\nimage = \"/une.jpg\"\n+++\n");
        assert_eq!(
            front.fields,
            [
                ("tags", "nucléaire"),
                ("tags", "énergie"),
                ("image", "/une.jpg")
            ]
        );
    }

    #[test]
    fn an_unclosed_fence_is_not_front_matter() {
        let text = "---\ntitle: x\n\nJust a thematic break above.";
        assert_eq!(split(text), (FrontMatter::default(), text));
    }

    #[test]
    fn no_fence_no_front_matter() {
        let text = "# Titre\n---\ntitle: x\n---\n";
        assert_eq!(split(text), (FrontMatter::default(), text));
    }

    #[test]
    fn empty_values_are_absent() {
        let (front, rest) = split("---\ntitle: \"\"\ndate:\n...\n");
        assert_eq!(front, FrontMatter::default());
        assert_eq!(rest, "");
    }
}
