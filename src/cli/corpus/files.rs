//! Which files of a corpus folder Trouve reads.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
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

/// The files the command names (`--glob`, `--exclude`): patterns matched
/// against each path relative to the corpus folder, `/` between its names
/// (`docs/**/*.md`). `*`, `?` and `[…]` stay within one name, `**` spans
/// folders, `{a,b}` is either; case counts. A leading `/` or `./` is
/// dropped.
#[derive(Debug, Default)]
pub struct Selection {
    /// `--glob`: the files to read, in place of Trouve's own choice.
    only: Option<GlobSet>,
    /// `--exclude`: files, and folders with everything in them, not read.
    except: Option<GlobSet>,
}

impl Selection {
    /// The selection the patterns make, or an error that names the first
    /// bad pattern and what is wrong with it.
    pub fn new(globs: &[String], excludes: &[String]) -> Result<Selection, String> {
        Ok(Selection {
            only: glob_set("--glob", globs)?,
            except: glob_set("--exclude", excludes)?,
        })
    }

    fn excludes(&self, dir: &Path, path: &Path) -> bool {
        self.except
            .as_ref()
            .is_some_and(|set| set.is_match(super::relative_path(dir, path)))
    }

    /// Whether the patterns choose a file, when `--glob` is given.
    fn chooses(&self, dir: &Path, path: &Path) -> Option<bool> {
        let set = self.only.as_ref()?;
        Some(set.is_match(super::relative_path(dir, path)))
    }
}

fn glob_set(option: &str, patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let relative = pattern.trim_start_matches("./").trim_start_matches('/');
        let glob = GlobBuilder::new(relative)
            .literal_separator(true)
            .build()
            .map_err(|error| format!("{option} `{pattern}`: {}", error.kind()))?;
        set.add(glob);
    }
    let set = set
        .build()
        .map_err(|error| format!("{option}: {}", error.kind()))?;
    Ok(Some(set))
}

/// The files of a corpus that Trouve reads: .txt .md .markdown .html .htm
/// .json .jsonl (extension case-insensitive), recursively, sorted by path,
/// skipping hidden files and folders (name starting with '.') and not
/// following symlinks out of the folder. A folder holding HTML pages is a
/// built site: only its HTML is read (see [`Found::beside_pages`]). With
/// `--glob`, the files its patterns match are read instead, whatever the
/// folder holds; `--exclude` leaves out the files and folders its patterns
/// match, as if they were not there (an excluded folder of HTML does not
/// make the rest a built site). Errors only if the folder itself cannot be
/// read; an unreadable subfolder is passed over.
pub fn find_files(dir: &Path, selection: &Selection) -> io::Result<Found> {
    // Symlinked folders are not walked (they could loop); a symlinked file
    // is read when it points inside the corpus.
    let root = fs::canonicalize(dir)?;
    let mut found = Found::default();
    let walk = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !(is_hidden(entry) || selection.excludes(dir, entry.path()))
        });
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
        if !has_known_extension(entry.path()) || selection.chooses(dir, entry.path()) == Some(false)
        {
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
    if selection.only.is_none() && found.files.iter().any(|path| is_page(path)) {
        let before = found.files.len();
        found.files.retain(|path| is_page(path));
        found.beside_pages = before - found.files.len();
    }
    found.files.sort();
    found.passed_over.sort();
    Ok(found)
}

/// An HTML file: in a built site, the only kind that is a page.
pub fn is_page(path: &Path) -> bool {
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
        let found = find_files(dir.path(), &Selection::default()).unwrap();
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
        let found = find_files(dir.path(), &Selection::default()).unwrap();
        assert_eq!(
            relative_files(&dir, &found),
            ["index.html", "library/os.HTM"]
        );
        assert_eq!(found.beside_pages, 5);
    }

    fn selection(globs: &[&str], excludes: &[&str]) -> Selection {
        let strings =
            |patterns: &[&str]| patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        Selection::new(&strings(globs), &strings(excludes)).unwrap()
    }

    #[test]
    fn globs_choose_the_files_in_place_of_the_built_site_rule() {
        let dir = TempDir::new("globs");
        for name in [
            "index.html",
            "guide/start.md",
            "guide/deep/more.md",
            "guide/old.html",
            "_sources/index.rst.txt",
            "notes.txt",
            "top.md",
            "image.png",
        ] {
            dir.write(name, b"x");
        }
        let find = |globs: &[&str], excludes: &[&str]| {
            let found = find_files(dir.path(), &selection(globs, excludes)).unwrap();
            assert_eq!(found.beside_pages, 0, "no built-site rule with --glob");
            relative_files(&dir, &found)
        };
        assert_eq!(
            find(&["**/*.{html,md}"], &[]),
            [
                "guide/deep/more.md",
                "guide/old.html",
                "guide/start.md",
                "index.html",
                "top.md"
            ]
        );
        // `*` stays in a folder; `**` spans folders, none included.
        assert_eq!(find(&["*.md"], &[]), ["top.md"]);
        assert_eq!(
            find(&["guide/**"], &[]),
            ["guide/deep/more.md", "guide/old.html", "guide/start.md"]
        );
        // Several patterns add up; a leading `./` or `/` is the corpus folder.
        assert_eq!(find(&["./*.txt", "/top.md"], &[]), ["notes.txt", "top.md"]);
        // Only readable formats, whatever the pattern.
        assert_eq!(find(&["*.png", "index.*"], &[]), ["index.html"]);
        // Excludes come after, and take folders whole.
        assert_eq!(
            find(&["**/*.md"], &["guide/deep", "top.*"]),
            ["guide/start.md"]
        );
    }

    #[test]
    fn excluded_files_are_as_if_they_were_not_there() {
        let dir = TempDir::new("excludes");
        for name in ["index.html", "print/index.html", "docs/a.md", "drafts/b.md"] {
            dir.write(name, b"x");
        }
        let find = |excludes: &[&str]| {
            let found = find_files(dir.path(), &selection(&[], excludes)).unwrap();
            (relative_files(&dir, &found), found.beside_pages)
        };
        assert_eq!(find(&["**/print/**"]), (vec!["index.html".to_owned()], 2));
        // With its HTML excluded, the folder is no built site.
        assert_eq!(
            find(&["**/*.html", "drafts"]),
            (vec!["docs/a.md".to_owned()], 0)
        );
    }

    #[test]
    fn a_bad_pattern_is_named_in_the_error() {
        let error = Selection::new(&["**/*.{html,md".to_owned()], &[]).unwrap_err();
        assert!(
            error.starts_with("--glob `**/*.{html,md`: unclosed alternate group"),
            "{error}"
        );
        let error = Selection::new(&[], &["a[".to_owned()]).unwrap_err();
        assert!(
            error.starts_with("--exclude `a[`: unclosed character class"),
            "{error}"
        );
    }

    #[test]
    fn a_hidden_corpus_folder_is_still_read() {
        let dir = TempDir::new("hidden-root");
        dir.write(".site/a.txt", b"x");
        assert_eq!(
            find_files(&dir.path().join(".site"), &Selection::default())
                .unwrap()
                .files
                .len(),
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
        let found = find_files(dir.path(), &Selection::default()).unwrap();
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
            find_files(&dir.path().join("nope"), &Selection::default())
                .unwrap_err()
                .kind(),
            io::ErrorKind::NotFound
        );
    }
}
