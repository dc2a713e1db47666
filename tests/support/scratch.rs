//! A fresh folder for one test's files, under Cargo's temporary folder for
//! integration tests; shared by the test files through `#[path]`.

use std::path::{Path, PathBuf};

/// `name`'s folder, emptied.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creates a scratch folder");
    dir
}
