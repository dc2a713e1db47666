//! Which files of a corpus folder Trouve reads.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

/// The extensions Trouve has a reader for, lowercase.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "json", "jsonl"];

/// The files of a corpus that Trouve reads: .txt .md .markdown .html .htm
/// .json .jsonl (extension case-insensitive), recursively, sorted by path,
/// skipping hidden files and folders (name starting with '.') and not
/// following symlinks out of the folder. Errors only if the folder itself
/// cannot be read; an unreadable subfolder is passed over.
pub fn find_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    // Symlinked folders are not walked (they could loop); a symlinked file
    // is read when it points inside the corpus.
    let root = fs::canonicalize(dir)?;
    let mut files = Vec::new();
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
        let is_file = if entry.path_is_symlink() {
            fs::canonicalize(entry.path())
                .is_ok_and(|target| target.starts_with(&root) && target.is_file())
        } else {
            entry.file_type().is_file()
        };
        if is_file && has_known_extension(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().as_encoded_bytes().starts_with(b".")
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|known| e.eq_ignore_ascii_case(known)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::TempDir;
    use super::*;

    #[test]
    fn finds_the_readable_files_recursively_in_path_order() {
        let dir = TempDir::new("find");
        for name in [
            "b.txt",
            "a/z.MD",
            "a/y.html",
            "a/x/w.Json",
            "c.jsonl",
            "d.htm",
            "e.markdown",
            "notes.pdf",
            "README",
            ".hidden.txt",
            ".git/x.md",
            "a/.cache/y.txt",
        ] {
            dir.write(name, b"x");
        }
        let found: Vec<String> = find_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| dir.relative(p))
            .collect();
        assert_eq!(
            found,
            [
                "a/x/w.Json",
                "a/y.html",
                "a/z.MD",
                "b.txt",
                "c.jsonl",
                "d.htm",
                "e.markdown"
            ]
        );
    }

    #[test]
    fn a_hidden_corpus_folder_is_still_read() {
        let dir = TempDir::new("hidden-root");
        dir.write(".site/a.txt", b"x");
        assert_eq!(find_files(&dir.path().join(".site")).unwrap().len(), 1);
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
        let found: Vec<String> = find_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| dir.relative(p))
            .collect();
        assert_eq!(found, ["inside.txt", "real/a.txt"]);
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
