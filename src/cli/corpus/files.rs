//! Which files of a corpus folder Trouve reads.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

/// The extensions Trouve has a reader for, lowercase.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "json", "jsonl"];

/// What [`find_files`] found in a corpus folder.
#[derive(Debug, Default)]
pub struct Found {
    /// The files to read, sorted by path.
    pub files: Vec<PathBuf>,
    /// Files Trouve could read but passes over because the folder is a built
    /// site: beside HTML pages, a `.txt`, `.md` or `.json` file is an asset
    /// (Sphinx's `_sources/*.rst.txt` copies, `robots.txt`, a manifest), not
    /// a page, and indexing it would return every page twice.
    pub beside_pages: usize,
    /// Entries with a readable extension that are not read, with the reason,
    /// for the caller to print: symlinks that lead nowhere or out of the
    /// folder, and FIFOs, sockets or devices, whose reads could block.
    pub passed_over: Vec<(PathBuf, &'static str)>,
}

/// The files of a corpus that Trouve reads: .txt .md .markdown .html .htm
/// .json .jsonl (extension case-insensitive), recursively, sorted by path,
/// skipping hidden files and folders (name starting with '.') and not
/// following symlinks out of the folder. A folder holding HTML pages is a
/// built site: only its HTML is read (see [`Found::beside_pages`]). Errors
/// only if the folder itself cannot be read; an unreadable subfolder is
/// passed over.
pub fn find_files(dir: &Path) -> io::Result<Found> {
    // Symlinked folders are not walked (they could loop); a symlinked file
    // is read when it points inside the corpus.
    let root = fs::canonicalize(dir)?;
    let mut found = Found::default();
    let walk = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if error.depth() == 0 => {
                return Err(error
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("cannot walk the folder")));
            }
            Err(_) => continue,
        };
        if !has_known_extension(entry.path()) {
            continue;
        }
        if entry.path_is_symlink() {
            match fs::canonicalize(entry.path()) {
                Err(_) => found
                    .passed_over
                    .push((entry.into_path(), "a link to nothing")),
                Ok(target) if !target.starts_with(&root) => found
                    .passed_over
                    .push((entry.into_path(), "a link out of the corpus folder")),
                Ok(target) if target.is_file() => found.files.push(entry.into_path()),
                Ok(target) if !target.is_dir() => found
                    .passed_over
                    .push((entry.into_path(), "not a regular file")),
                Ok(_) => {}
            }
        } else if entry.file_type().is_file() {
            found.files.push(entry.into_path());
        } else if !entry.file_type().is_dir() {
            found
                .passed_over
                .push((entry.into_path(), "not a regular file"));
        }
    }
    if found.files.iter().any(|path| is_page(path)) {
        let before = found.files.len();
        found.files.retain(|path| is_page(path));
        found.beside_pages = before - found.files.len();
    }
    found.files.sort();
    found.passed_over.sort();
    Ok(found)
}

/// An HTML file: in a built site, the only kind that is a page.
fn is_page(path: &Path) -> bool {
    extension_is(path, &["html", "htm"])
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().as_encoded_bytes().starts_with(b".")
}

fn has_known_extension(path: &Path) -> bool {
    extension_is(path, EXTENSIONS)
}

fn extension_is(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|known| e.eq_ignore_ascii_case(known)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::TempDir;
    use super::*;

    fn relative_files(dir: &TempDir, found: &Found) -> Vec<String> {
        found.files.iter().map(|p| dir.relative(p)).collect()
    }

    #[test]
    fn finds_the_readable_files_recursively_in_path_order() {
        let dir = TempDir::new("find");
        for name in [
            "b.txt",
            "a/z.MD",
            "a/x/w.Json",
            "c.jsonl",
            "e.markdown",
            "notes.pdf",
            "README",
            ".hidden.txt",
            ".git/x.md",
            "a/.cache/y.txt",
        ] {
            dir.write(name, b"x");
        }
        let found = find_files(dir.path()).unwrap();
        assert_eq!(
            relative_files(&dir, &found),
            ["a/x/w.Json", "a/z.MD", "b.txt", "c.jsonl", "e.markdown"]
        );
        assert_eq!(found.beside_pages, 0);
    }

    #[test]
    fn a_built_site_is_read_for_its_html_pages_alone() {
        let dir = TempDir::new("built");
        for name in [
            "index.html",
            "library/os.HTM",
            "_sources/index.rst.txt",
            "_sources/library/os.rst.txt",
            "robots.txt",
            "manifest.json",
            "notes.md",
        ] {
            dir.write(name, b"x");
        }
        let found = find_files(dir.path()).unwrap();
        assert_eq!(
            relative_files(&dir, &found),
            ["index.html", "library/os.HTM"]
        );
        assert_eq!(found.beside_pages, 5);
    }

    #[test]
    fn a_hidden_corpus_folder_is_still_read() {
        let dir = TempDir::new("hidden-root");
        dir.write(".site/a.txt", b"x");
        assert_eq!(
            find_files(&dir.path().join(".site")).unwrap().files.len(),
            1
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_only_to_files_inside_the_corpus() {
        use std::os::unix::fs::symlink;
        let outside = TempDir::new("outside");
        outside.write("secret.txt", b"x");
        let dir = TempDir::new("links");
        dir.write("real/a.txt", b"x");
        symlink(dir.path().join("real/a.txt"), dir.path().join("inside.txt")).unwrap();
        symlink(
            outside.path().join("secret.txt"),
            dir.path().join("out.txt"),
        )
        .unwrap();
        symlink(outside.path(), dir.path().join("outdir")).unwrap();
        symlink(dir.path().join("real"), dir.path().join("loop")).unwrap();
        symlink(dir.path().join("gone.txt"), dir.path().join("dangling.txt")).unwrap();
        symlink(dir.path().join("gone.js"), dir.path().join("asset.js")).unwrap();
        let fifo = dir.path().join("pipe.md");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        symlink(&fifo, dir.path().join("to-pipe.txt")).unwrap();
        let found = find_files(dir.path()).unwrap();
        assert_eq!(relative_files(&dir, &found), ["inside.txt", "real/a.txt"]);
        let bad: Vec<(String, &str)> = found
            .passed_over
            .iter()
            .map(|(path, why)| (dir.relative(path), *why))
            .collect();
        assert_eq!(
            bad,
            [
                ("dangling.txt".to_owned(), "a link to nothing"),
                ("out.txt".to_owned(), "a link out of the corpus folder"),
                ("pipe.md".to_owned(), "not a regular file"),
                ("to-pipe.txt".to_owned(), "not a regular file"),
            ]
        );
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = TempDir::new("missing");
        assert_eq!(
            find_files(&dir.path().join("nope")).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }
}
