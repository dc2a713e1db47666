//! A corpus folder as [`Document`]s, for `trouve build`.
//!
//! [`find_files`] picks the files; [`read_file`] reads one: it checks size
//! and encoding, hands the text to the reader for its format (one file
//! each: `text`, `markdown`, `html`, `json`), then settles ids and URLs,
//! which depend on where the file is, not on its format. All readers write
//! text through [`plain_text`] and take missing titles from [`title`], so a
//! document reads the same whatever format it came in.

mod files;
mod front_matter;
mod html;
mod json;
mod markdown;
mod plain_text;
mod text;
mod title;
mod url;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use trouve::Document;

pub use files::{find_files, is_page, Selection};
pub use url::UrlTemplate;

/// Bigger files are not documents a reader looks for in a search box, and
/// they would make the index the browser downloads balloon.
const MAX_FILE_BYTES: u64 = 50_000_000;

/// What one file yielded.
#[derive(Debug, Default)]
pub struct FileDocuments {
    pub documents: Vec<Document>,
    /// Parts of the file that were skipped, e.g. "line 7: missing body".
    pub warnings: Vec<String>,
    /// An HTML page that marks its content (`data-trouve-body`,
    /// `data-pagefind-body`): on a site where one page does, the pages
    /// that do not are left out (see [`site_marks_content`]).
    pub content_marked: bool,
    /// The language the file declares (`<html lang>`, front matter `lang`),
    /// as written; see `cli::language`.
    pub language: Option<String>,
    /// The language each document declares of its own (a JSON record's
    /// `lang`), in the order of `documents`, as written; may be shorter.
    pub document_languages: Vec<Option<String>>,
    /// Each document's other front matter or record fields, (key, value)
    /// for each value, in the order of `documents` (may be shorter): what
    /// [`FieldKeys`] turns into filters, numbers and metadata.
    pub fields: Vec<Vec<(String, String)>>,
}

/// Which front matter and JSON record keys become a document's filters,
/// number fields (ranges, sorting) and metadata: `tags`, `categories` and
/// `author` filters, `image` and `image_alt` metadata, and the keys
/// `--filter-key`, `--sort-key` and `--meta-key` name. (HTML pages say it
/// with `data-trouve-filter`, `-sort` and `-meta` attributes, JSON records
/// also with `filters`, `sort` and `meta` objects.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldKeys {
    pub filters: Vec<String>,
    pub numbers: Vec<String>,
    pub meta: Vec<String>,
}

impl Default for FieldKeys {
    fn default() -> Self {
        let owned = |keys: &[&str]| keys.iter().map(|&k| k.to_owned()).collect();
        FieldKeys {
            filters: owned(&["tags", "categories", "author"]),
            numbers: Vec::new(),
            meta: owned(&["image", "image_alt"]),
        }
    }
}

impl FieldKeys {
    /// Gives `document` the fields these keys name, each where it goes (a
    /// key named for several goes to each).
    fn assign(&self, document: &mut Document, fields: &[(String, String)]) {
        for (key, value) in fields {
            let has = |keys: &[String]| keys.iter().any(|k| k == key);
            let pair = || (key.clone(), value.clone());
            if has(&self.filters) {
                document.filters.push(pair());
            }
            if has(&self.numbers) {
                document.numbers.push(pair());
            }
            if has(&self.meta) {
                document.meta.push(pair());
            }
        }
    }
}

impl FileDocuments {
    /// The language the `n`th document declares, its own or its file's.
    pub fn language_of(&self, n: usize) -> Option<&str> {
        self.document_languages
            .get(n)
            .and_then(Option::as_deref)
            .or(self.language.as_deref())
    }
}

impl FileDocuments {
    fn one(document: Document) -> FileDocuments {
        FileDocuments {
            documents: vec![document],
            ..FileDocuments::default()
        }
    }
}

/// Reads a file's text, given the file's id (its path less the extension).
pub type Reader = fn(&str, &str) -> Result<FileDocuments, String>;

/// The reader for files with this (lower-case) extension.
pub fn reader_for(extension: &str) -> Result<Reader, String> {
    Ok(match extension {
        "txt" => |text, _| Ok(FileDocuments::one(text::read(text)?)),
        "md" | "markdown" => |text, _| markdown::read(text),
        "html" | "htm" => |text, _| html::read(text),
        "json" => json::read_json,
        "jsonl" => json::read_jsonl,
        _ => {
            return Err(format!(
                "not a format Trouve reads (it reads .{})",
                files::EXTENSIONS.join(" .")
            ))
        }
    })
}

/// Whether a page of the site marks its content with `data-trouve-body` or
/// `data-pagefind-body`, as Pagefind's sites do: then only what those
/// elements hold is read, and the HTML pages without one are left out (the
/// site's other pages: lists, tags, redirects). Asked before the build
/// reads, since a page without a mark is read or left out depending on the
/// pages after it. Reads each page once more, but most are passed over on
/// a scan of their bytes, and the first page with a mark settles it.
pub fn site_marks_content(files: &[PathBuf]) -> bool {
    files
        .iter()
        .filter(|path| is_page(path))
        .any(|path| read_text(path).is_ok_and(|text| html::marks_content(&text)))
}

/// How a build reads its files: where results link to, and which fields
/// become what.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    pub urls: UrlTemplate,
    pub keys: FieldKeys,
}

/// Reads one file. `Err(reason)` means the whole file is skipped; the caller
/// prints "skipped <path>: <reason>".
pub fn read_file(
    corpus_dir: &Path,
    path: &Path,
    reading: &Reading,
) -> Result<FileDocuments, String> {
    let (urls, keys) = (&reading.urls, &reading.keys);
    let relative = relative_path(corpus_dir, path);
    let file_id = match relative.rsplit_once('.') {
        Some((stem, extension)) if !extension.contains('/') => stem,
        _ => &relative,
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let reader = reader_for(&extension)?;
    let text = read_text(path)?;
    // A byte order mark is an encoding detail, not text.
    let mut read = reader(text.strip_prefix('\u{feff}').unwrap_or(&text), file_id)?;
    let fields = std::mem::take(&mut read.fields);
    for (document, fields) in read.documents.iter_mut().zip(&fields) {
        keys.assign(document, fields);
    }
    for document in &mut read.documents {
        if document.id.is_empty() {
            document.id = file_id.to_owned();
        }
        if document.url.is_empty() {
            document.url = urls.url(&document.id, &relative);
        } else if let Some(scheme) = url::unlinkable_scheme(&document.url) {
            read.warnings.push(format!(
                "`{}` links to a `{scheme}:` URL, which the search box will not follow; give it an http(s) or relative URL",
                document.id
            ));
        }
    }
    Ok(read)
}

/// `path` relative to the corpus folder with `/` separators, the same on
/// every system, since it goes into ids and URLs.
fn relative_path(corpus_dir: &Path, path: &Path) -> String {
    let relative = path
        .strip_prefix(corpus_dir)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    let relative = relative
        .or_else(|| path.file_name().map(Path::new))
        .unwrap_or(path);
    relative
        .iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The file's text, or why it cannot be had.
fn read_text(path: &Path) -> Result<String, String> {
    let cannot_read = |error: io::Error| format!("cannot read: {}", describe(&error));
    let file = open_regular(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    if !metadata.is_file() {
        // A FIFO or a device, put there since the folder was walked: its
        // reads could block the build forever.
        return Err("not a regular file".into());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err("larger than 50 MB".into());
    }
    let mut bytes = Vec::new();
    // `take`: the file may have grown since its size was read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err("larger than 50 MB".into());
    }
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "not valid UTF-8 (byte {})",
            error.utf8_error().valid_up_to()
        )
    })
}

/// Opens without blocking: opening a FIFO for reading waits for a writer,
/// which may never come. Reading a regular file is unaffected by the flag.
#[cfg(unix)]
fn open_regular(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// "permission denied" from "Permission denied (os error 13)".
fn describe(error: &io::Error) -> String {
    let text = error.to_string();
    let text = text.split(" (os error").next().unwrap_or_default();
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::fs;
    use std::path::PathBuf;

    use proptest::prelude::*;
    use trouve::Date;

    use super::*;

    /// A folder under the system's temp folder, removed when dropped.
    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(name: &str) -> TempDir {
            static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = std::env::temp_dir()
                .join(format!("trouve-corpus-{name}-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }

        pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.0.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, bytes).unwrap();
            path
        }

        pub fn relative(&self, path: &Path) -> String {
            relative_path(&self.0, path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_skipped_without_waiting_for_a_writer() {
        let dir = TempDir::new("fifo");
        let fifo = dir.path().join("became-a-fifo.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Without the non-blocking open, this waits forever for a writer.
        let read = read_file(dir.path(), &fifo, &Reading::default());
        assert_eq!(read.unwrap_err(), "not a regular file");
    }

    #[test]
    fn a_url_the_search_box_would_not_follow_is_warned_about() {
        let dir = TempDir::new("unlinkable");
        let read = read(
            &dir,
            "records.json",
            br#"[{"id": "a", "url": "javascript:alert(1)", "title": "A", "body": "x"},
                 {"id": "b", "url": "https://example.org/b", "title": "B", "body": "y"}]"#,
        )
        .unwrap();
        assert_eq!(read.documents.len(), 2, "the document is kept");
        assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
        assert!(read.warnings[0].contains("`a` links to a `javascript:` URL"));
    }

    /// Checks a document's headings: in order, apart, each on the body's
    /// text (no gap at either end).
    pub fn check_headings(doc: &Document) {
        let mut last_end = 0;
        for heading in &doc.headings {
            assert!(
                last_end <= heading.start && heading.start < heading.end,
                "{:?}",
                doc.headings
            );
            let text = doc.body.get(heading.start..heading.end);
            assert!(
                text.is_some_and(|t| t.trim() == t),
                "{:?} in {:?}",
                heading,
                doc.body
            );
            last_end = heading.end;
        }
    }

    /// A document's headings, checked, as (level, anchor, text).
    pub fn headings_of(doc: &Document) -> Vec<(u8, String, String)> {
        check_headings(doc);
        doc.headings
            .iter()
            .map(|h| {
                (
                    h.level,
                    h.anchor.clone(),
                    doc.body[h.start..h.end].to_owned(),
                )
            })
            .collect()
    }

    fn read(dir: &TempDir, name: &str, bytes: &[u8]) -> Result<FileDocuments, String> {
        let path = dir.write(name, bytes);
        read_file(dir.path(), &path, &Reading::default())
    }

    fn only(read: Result<FileDocuments, String>) -> Document {
        let mut read = read.unwrap();
        assert_eq!(read.documents.len(), 1);
        read.documents.remove(0)
    }

    #[test]
    fn ids_and_urls_come_from_the_path_in_the_corpus() {
        let dir = TempDir::new("ids");
        let doc = only(read(
            &dir,
            "000_ebc104fcd00cffbb.txt",
            b" date 2024-03 Titre.\n\nTexte.",
        ));
        assert_eq!(
            (doc.id.as_str(), doc.url.as_str()),
            ("000_ebc104fcd00cffbb", "/000_ebc104fcd00cffbb.txt")
        );
        assert_eq!(doc.date, Date::parse("2024-03"));
        let doc = only(read(&dir, "news/2024/visit.md", b"# Visite\n\nTexte."));
        assert_eq!(
            (doc.id.as_str(), doc.url.as_str()),
            ("news/2024/visit", "/news/2024/visit.html")
        );
        let doc = only(read(&dir, "v1.2/été.HTML", b"<p>x</p>"));
        assert_eq!(
            (doc.id.as_str(), doc.url.as_str()),
            ("v1.2/été", "/v1.2/%C3%A9t%C3%A9.HTML")
        );
    }

    #[test]
    fn records_keep_their_own_ids_and_urls() {
        let dir = TempDir::new("records");
        let path = dir.write("export/all.jsonl", b"{\"id\": \"a\", \"url\": \"https://example.org/a\", \"body\": \"x\"}\n{\"body\": \"y\"}\n");
        let read = read_file(
            dir.path(),
            &path,
            &Reading {
                urls: UrlTemplate::new("https://example.org/{id}"),
                ..Reading::default()
            },
        )
        .unwrap();
        let got: Vec<(&str, &str)> = read
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.url.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "https://example.org/a"),
                ("export/all#2", "https://example.org/export/all%232")
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let dir = TempDir::new("bom");
        for (name, text) in [
            ("a.txt", "date 2024-03 Titre\n\nTexte."),
            ("b.md", "---\ntitle: Titre\n---\nTexte."),
            ("c.html", "<h1>Titre</h1><p>Texte.</p>"),
            ("d.json", "{\"title\": \"Titre\", \"body\": \"Texte.\"}"),
        ] {
            let doc = only(read(&dir, name, format!("\u{feff}{text}").as_bytes()));
            assert_eq!(
                (doc.title.as_str(), doc.body.as_str()),
                ("Titre", "Texte."),
                "{name}"
            );
        }
    }

    #[test]
    fn a_site_marks_its_content_when_one_of_its_pages_does() {
        let dir = TempDir::new("marks");
        let names = dir.write(
            "a.html",
            b"<p>Add <code>data-pagefind-body</code> to a page.</p>",
        );
        let plain = dir.write("b.html", b"<main><p>x</p></main>");
        let notes = dir.write("c.md", b"<div data-pagefind-body>x</div>");
        let marked = dir.write("d.htm", b"<div data-pagefind-body><p>x</p></div>");
        assert!(!site_marks_content(&[names.clone(), plain.clone(), notes]));
        assert!(site_marks_content(&[names, plain.clone(), marked.clone()]));
        let read = |path: &Path| read_file(dir.path(), path, &Reading::default()).unwrap();
        assert!(read(&marked).content_marked);
        assert!(!read(&plain).content_marked);
    }

    #[test]
    fn invalid_utf8_is_refused_with_its_offset() {
        let dir = TempDir::new("utf8");
        for name in ["a.txt", "a.md", "a.html", "a.json"] {
            assert_eq!(
                read(&dir, name, b"caf\xc3\xa9 cr\xe8me").unwrap_err(),
                "not valid UTF-8 (byte 8)"
            );
        }
    }

    #[test]
    fn empty_files_are_refused() {
        let dir = TempDir::new("empty");
        for name in ["a.txt", "a.md", "a.html", "a.jsonl"] {
            assert_eq!(read(&dir, name, b"").unwrap_err(), "no text", "{name}");
            assert_eq!(
                read(&dir, name, "\u{feff}  \r\n".as_bytes()).unwrap_err(),
                "no text",
                "{name}"
            );
        }
        assert!(read(&dir, "a.json", b"")
            .unwrap_err()
            .starts_with("invalid JSON at line 1, column 0: "));
    }

    #[test]
    fn files_too_large_are_refused_unread() {
        let dir = TempDir::new("large");
        let path = dir.write("big.txt", b"");
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        assert_eq!(
            read_file(dir.path(), &path, &Reading::default()).unwrap_err(),
            "larger than 50 MB"
        );
    }

    #[test]
    fn unreadable_files_say_why() {
        let dir = TempDir::new("unreadable");
        assert_eq!(
            read_file(
                dir.path(),
                &dir.path().join("gone.txt"),
                &Reading::default()
            )
            .unwrap_err(),
            "cannot read: no such file or directory"
        );
        let error = io::Error::from_raw_os_error(13);
        assert_eq!(describe(&error), "permission denied");
    }

    #[test]
    fn other_extensions_are_not_read() {
        let dir = TempDir::new("other");
        assert!(read(&dir, "a.pdf", b"%PDF\xff")
            .unwrap_err()
            .starts_with("not a format Trouve reads"));
    }

    /// Text that is mostly markup, so the parsers' odd corners get reached
    /// more often than with random characters alone.
    fn markupish() -> impl Strategy<Value = Vec<u8>> {
        let mut pieces = vec![
            "<", ">", "</", "<p>", "<h1>", "<pre>", "<main>", "<script>", "<!--", "-->", "&amp;",
            "&#", ";", "\"", "{", "}", "[", "]", ":", ",", "\"body\"", "\"id\"", "#", "---\n",
            "+++\n", "```", "|", "*", "date ", "2024-03", ". ", "\n", "\r\n", " ", "é", "\u{feff}",
            "\0",
        ];
        // Headings, their anchors, permalinks and Pagefind's marks.
        pieces.extend([
            "<h2 id=a>",
            "</h2>",
            "<section id=s>",
            "<a href='#x'>¶</a>",
            "<a name=n></a>",
            "<div data-pagefind-body>",
            "<b data-pagefind-weight=5>",
            "</b>",
            "## ",
            " {#i}",
        ]);
        let pieces = prop::sample::select(pieces);
        prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat().into_bytes())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn read_file_never_panics(
            bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..300), any::<String>().prop_map(String::into_bytes), markupish()],
            extension in prop::sample::select(vec!["txt", "md", "html", "json", "jsonl"]),
        ) {
            let dir = TempDir::new("never-panics");
            let path = dir.write(&format!("f.{extension}"), &bytes);
            if let Ok(read) = read_file(dir.path(), &path, &Reading::default()) {
                for doc in read.documents {
                    check_headings(&doc);
                    prop_assert!(!doc.id.is_empty() && !doc.url.is_empty());
                    prop_assert!(!doc.title.is_empty() || !doc.body.is_empty());
                    prop_assert!(doc.title.chars().count() <= 200 || extension != "txt");
                }
            }
        }
    }
}
