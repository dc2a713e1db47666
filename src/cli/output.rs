//! A build's output files, written so that a failed or interrupted build
//! leaves the previous output as it was.
//!
//! Every file is first written in full to a hidden temporary file beside
//! its final name and synced to disk; only once all of them are written
//! are they renamed into place, in the order they were staged (so the file
//! a site loads first can come last). If anything fails before that, the
//! temporary files are removed and nothing of the previous output changed.
//! A build killed outright (Ctrl-C) cannot remove them; they are hidden,
//! the previous output is whole beside them, and the next build into the
//! folder removes them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Which names of a folder to keep.
type Keep = Box<dyn Fn(&str) -> bool>;

/// Files written but not yet in place; see the [module docs](self).
pub struct Staged {
    dir: PathBuf,
    /// (temporary path, final path), in staging order.
    files: Vec<(PathBuf, PathBuf)>,
    /// Subfolders this build created, removed again if it fails.
    created: Vec<PathBuf>,
    /// Files of an earlier build to remove once this one is in place:
    /// (subfolder, which names to keep).
    stale: Vec<(String, Keep)>,
}

impl std::fmt::Debug for Staged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staged")
            .field("dir", &self.dir)
            .field("files", &self.files)
            .finish()
    }
}

impl Staged {
    /// Stages files for the folder `dir`, creating it if needed.
    pub fn new(dir: &Path) -> Result<Staged> {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder `{}`", dir.display()))?;
        remove_abandoned(dir);
        Ok(Staged {
            dir: dir.to_owned(),
            files: Vec::new(),
            created: Vec::new(),
            stale: Vec::new(),
        })
    }

    /// Writes `bytes` to a temporary file that will become `name` (a name
    /// in the folder, or in one subfolder of it: `index/x.trv`).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.dir.join(name);
        let (folder, file) = match name.rsplit_once('/') {
            Some((folder, file)) => (self.dir.join(folder), file),
            None => (self.dir.clone(), name),
        };
        if !folder.is_dir() {
            fs::create_dir_all(&folder)
                .with_context(|| format!("cannot create the folder `{}`", folder.display()))?;
            self.created.push(folder.clone());
        }
        let temp = folder.join(format!(".{file}.{}.tmp", std::process::id()));
        // Registered first, so that a failure below still removes it.
        self.files.push((temp.clone(), path.clone()));
        (|| -> std::io::Result<()> {
            let mut file = fs::File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()
        })()
        .with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(path)
    }

    /// Once this build is in place, removes the files of `folder` (`""`
    /// for the output folder itself) that `keep` does not keep, and the
    /// folder if that empties it. Hidden files are never touched.
    pub fn remove_stale(&mut self, folder: &str, keep: impl Fn(&str) -> bool + 'static) {
        self.stale.push((folder.to_owned(), Box::new(keep)));
    }

    /// Moves every staged file into place, then removes stale ones.
    pub fn commit(mut self) -> Result<()> {
        for (temp, path) in std::mem::take(&mut self.files) {
            fs::rename(&temp, &path)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        self.created.clear();
        for (folder, keep) in std::mem::take(&mut self.stale) {
            let folder = self.dir.join(folder);
            let Ok(entries) = fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !name.starts_with('.') && entry.path().is_file() && !keep(&name) {
                    let _ = fs::remove_file(entry.path());
                }
            }
            if folder != self.dir {
                // Only succeeds if it is empty.
                let _ = fs::remove_dir(&folder);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
impl Staged {
    /// The files written so far, as (temporary path, final path), in the
    /// order commit renames them.
    pub fn pending(&self) -> &[(PathBuf, PathBuf)] {
        &self.files
    }
}

/// Removes the temporary files of earlier builds that were killed before
/// they could (Ctrl-C, a lost terminal): `.name.<pid>.tmp`, in the folder
/// and its subfolders, of any process but this one.
fn remove_abandoned(dir: &Path) {
    let ours = format!(".{}.tmp", std::process::id());
    let abandoned = |name: &str| {
        name.starts_with('.')
            && !name.ends_with(&ours)
            && name
                .strip_suffix(".tmp")
                .and_then(|n| n.rsplit_once('.'))
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    let subfolders = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir());
    for folder in std::iter::once(dir.to_owned()).chain(subfolders) {
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if abandoned(&name) && entry.path().is_file() {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

impl Drop for Staged {
    /// Not committed: the temporary files go, the old output stays.
    fn drop(&mut self) {
        for (temp, _) in &self.files {
            let _ = fs::remove_file(temp);
        }
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trouve-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn nothing_changes_until_commit() {
        let dir = scratch("commit");
        fs::write(dir.join("a.txt"), "old").unwrap();
        let mut staged = Staged::new(&dir).unwrap();
        staged.write("a.txt", b"new").unwrap();
        staged.write("b.txt", b"new").unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "old");
        assert!(!dir.join("b.txt").exists());
        staged.remove_stale("", |name| name != "old.txt");
        fs::write(dir.join("old.txt"), "stale").unwrap();
        staged.commit().unwrap();
        assert_eq!(listing(&dir), ["a.txt", "b.txt"]);
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "new");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_killed_build_s_temporary_files_go_with_the_next_build() {
        let dir = scratch("killed");
        fs::create_dir_all(dir.join("index")).unwrap();
        for name in [
            ".trouve.js.4242.tmp",
            "index/.0123.trv.4242.tmp",
            ".keep",
            ".notes.tmp",
            "trouve.js",
        ] {
            fs::write(dir.join(name), "x").unwrap();
        }
        Staged::new(&dir).unwrap().commit().unwrap();
        let mut left = listing(&dir);
        left.extend(
            listing(&dir.join("index"))
                .into_iter()
                .map(|n| format!("index/{n}")),
        );
        assert_eq!(left, [".keep", ".notes.tmp", "index", "trouve.js"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_abandoned_build_leaves_the_old_files_and_no_temporary_ones() {
        let dir = scratch("abandon");
        fs::write(dir.join("a.txt"), "old").unwrap();
        {
            let mut staged = Staged::new(&dir).unwrap();
            staged.write("a.txt", b"new").unwrap();
            staged.write("sub/b.txt", b"new").unwrap();
            // A file that cannot be written: its folder is a file.
            assert!(staged.write("a.txt/b", b"new").is_err());
        }
        assert_eq!(listing(&dir), ["a.txt"]);
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "old");
        fs::remove_dir_all(dir).unwrap();
    }
}
