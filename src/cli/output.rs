//! A build's output files, written so that a failed or interrupted build
//! leaves the previous output as it was.
//!
//! Every file is first written in full to a hidden temporary file beside
//! its final name and synced to disk; only once all of them are written
//! are they renamed into place, in the order they were staged (so the file
//! a site loads first can come last). If anything fails before that, the
//! temporary files are removed and nothing of the previous output changed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Files written but not yet in place; see the [module docs](self).
#[derive(Debug)]
pub struct Staged {
    dir: PathBuf,
    /// (temporary path, final path), in staging order.
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Stages files for the folder `dir`, creating it if needed.
    pub fn new(dir: &Path) -> Result<Staged> {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder `{}`", dir.display()))?;
        Ok(Staged {
            dir: dir.to_owned(),
            files: Vec::new(),
        })
    }

    /// Writes `bytes` to a temporary file that will become `name`.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.dir.join(name);
        let temp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
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

    /// Moves every staged file into place.
    pub fn commit(mut self) -> Result<()> {
        for (temp, path) in std::mem::take(&mut self.files) {
            fs::rename(&temp, &path)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staged {
    /// Not committed: the temporary files go, the old output stays.
    fn drop(&mut self) {
        for (temp, _) in &self.files {
            let _ = fs::remove_file(temp);
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
        staged.commit().unwrap();
        assert_eq!(listing(&dir), ["a.txt", "b.txt"]);
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "new");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_abandoned_build_leaves_the_old_files_and_no_temporary_ones() {
        let dir = scratch("abandon");
        fs::write(dir.join("a.txt"), "old").unwrap();
        {
            let mut staged = Staged::new(&dir).unwrap();
            staged.write("a.txt", b"new").unwrap();
            // A file that cannot be written: its folder does not exist.
            assert!(staged.write("missing/b.txt", b"new").is_err());
        }
        assert_eq!(listing(&dir), ["a.txt"]);
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "old");
        fs::remove_dir_all(dir).unwrap();
    }
}
