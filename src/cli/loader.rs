//! Opening an index from disk in either layout, and answering from it: the
//! terminal's side of what the page's `Searcher` does over the network.
//!
//! A bundle's entry, `trouve-index.json`, says which layout it is. In the
//! split layout the root is read first; each question is then asked again
//! until the index has every piece the answer needs, read from the piece
//! files (only the bytes of each piece) and decompressed.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::read::DeflateDecoder;
use serde::{Deserialize, Serialize};
use trouve::format::module;
use trouve::{Index, Language};

/// The entry file of a bundle, next to `trouve.js`.
pub const ENTRY: &str = "trouve-index.json";
/// The folder of a split bundle's root and piece files.
pub const PIECES_DIR: &str = "index";

/// What the entry file says: the layout of the index beside it and, for a
/// site in several languages, which they are. The index beside the entry
/// is the site's main language's; each other language's is a bundle of its
/// own in the folder named by its code (`en/trouve-index.json`).
#[derive(Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct EntryFile {
    #[serde(flatten)]
    pub layout: Entry,
    /// The language of the index beside the entry (sites in several
    /// languages only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Every language the site has an index in, this one included (sites in
    /// several languages only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
}

/// The layout an entry file names.
#[derive(Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(tag = "layout", rename_all = "lowercase")]
pub enum Entry {
    /// One module holds the engine and the index.
    Single { module: String },
    /// The engine, the root and the piece files are apart.
    Split {
        engine: String,
        root: String,
        /// Files and bytes of the whole index (root and pieces).
        files: usize,
        bytes: u64,
    },
}

/// An index opened from disk.
#[derive(Debug)]
pub struct Loaded {
    pub index: Index<Vec<u8>>,
    /// The folder of the piece files, for a split index.
    pieces: Option<PathBuf>,
    /// Pieces read so far and their stored bytes, for `TROUVE_TRACE`.
    pub read: (usize, u64),
}

/// Opens what `path` names: a bundle's folder, an `index.trv`, a
/// `trouve.wasm`, or a split bundle's entry file; for a site in several
/// languages, its main language's index, or `language`'s.
pub fn open(path: &Path, language: Option<Language>) -> Result<Loaded> {
    let cannot = |path: &Path| {
        format!(
            "cannot read the index `{}`; build one with `trouve build <CORPUS_DIR> -o <OUT_DIR>`",
            path.display()
        )
    };
    let (folder, entry_file) = if path.is_dir() {
        (path.to_owned(), path.join(ENTRY))
    } else {
        (
            path.parent().unwrap_or(Path::new(".")).to_owned(),
            path.to_owned(),
        )
    };
    if entry_file.file_name().is_some_and(|name| name == ENTRY) && entry_file.is_file() {
        let text = std::fs::read_to_string(&entry_file).with_context(|| cannot(&entry_file))?;
        let entry: EntryFile = serde_json::from_str(&text).with_context(|| {
            format!(
                "`{}` is not a Trouve bundle's entry file",
                entry_file.display()
            )
        })?;
        if let Some(wanted) = language.map(Language::code) {
            if entry.language.as_deref().is_some_and(|main| main != wanted) {
                if !entry.languages.iter().any(|code| code == wanted) {
                    bail!(
                        "`{}` has no index in `{wanted}`: its languages are {}",
                        folder.display(),
                        entry.languages.join(", ")
                    );
                }
                return open(&folder.join(wanted).join(ENTRY), None);
            }
        }
        let loaded = match entry.layout {
            Entry::Single { module } => open_file(&folder.join(module)),
            Entry::Split { root, .. } => {
                let root_path = folder.join(&root);
                let stored = std::fs::read(&root_path).with_context(|| cannot(&root_path))?;
                let bytes = inflate(&stored)
                    .with_context(|| format!("`{}` is damaged", root_path.display()))?;
                let index = Index::open(bytes)
                    .with_context(|| format!("cannot open `{}`", root_path.display()))?;
                Ok(Loaded {
                    index,
                    pieces: Some(root_path.parent().unwrap_or(&folder).to_owned()),
                    read: (1, stored.len() as u64),
                })
            }
        }?;
        return in_language(loaded, language, path);
    }
    let loaded = if path.is_dir() {
        open_file(&path.join("index.trv"))?
    } else {
        open_file(path)?
    };
    in_language(loaded, language, path)
}

/// `loaded`, if it is in `language` (when one is asked for).
fn in_language(loaded: Loaded, language: Option<Language>, path: &Path) -> Result<Loaded> {
    let has = loaded.index.language();
    match language {
        Some(wanted) if wanted != has => bail!(
            "`{}` has no index in `{}`: its index is in `{}`",
            path.display(),
            wanted.code(),
            has.code()
        ),
        _ => Ok(loaded),
    }
}

fn open_file(path: &Path) -> Result<Loaded> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "cannot read the index `{}`; build one with `trouve build <CORPUS_DIR> -o <OUT_DIR>`",
            path.display()
        )
    })?;
    let bytes = if module::is_module(&bytes) {
        match module::index_sections(&bytes)[..] {
            [section] => section.to_vec(),
            ref sections => bail!(
                "`{}` is a WebAssembly module with {} search index; rebuild it with `trouve build <CORPUS_DIR> -o <OUT_DIR>`",
                path.display(),
                if sections.is_empty() { "no" } else { "more than one" }
            ),
        }
    } else {
        bytes
    };
    let index = Index::open(bytes).with_context(|| format!("cannot open `{}`", path.display()))?;
    Ok(Loaded {
        index,
        pieces: None,
        read: (0, 0),
    })
}

impl Loaded {
    /// Asks `question` (which says which pieces its answer still needs,
    /// see [`Answer::needs`]) until the index has them all.
    pub fn load_for(
        &mut self,
        question: impl Fn(&Index<Vec<u8>>) -> trouve::Result<Vec<trouve::format::Location>>,
    ) -> Result<()> {
        // At most one round per kind of piece a question can need in turn;
        // more means the index keeps asking for what it was given.
        for _ in 0..16 {
            let needs = question(&self.index)?;
            if needs.is_empty() {
                return Ok(());
            }
            let Some(folder) = &self.pieces else {
                bail!("the index needs pieces, but it is a single file");
            };
            if std::env::var_os("TROUVE_TRACE").is_some() {
                let bytes: u64 = needs.iter().map(|l| u64::from(l.length)).sum();
                eprintln!("trouve: fetching {} pieces, {bytes} bytes", needs.len());
                if std::env::var_os("TROUVE_TRACE").is_some_and(|v| v == "2") {
                    for location in &needs {
                        let name = self
                            .index
                            .files()
                            .get(location.file as usize)
                            .map(|f| f.name());
                        eprintln!(
                            "trouve:   {} at {}, {} bytes",
                            name.unwrap_or_default(),
                            location.offset,
                            location.length
                        );
                    }
                }
            }
            for location in needs {
                self.read.0 += 1;
                self.read.1 += u64::from(location.length);
                let file = self
                    .index
                    .files()
                    .get(location.file as usize)
                    .context("the index names a file it does not have")?;
                let path = folder.join(file.name());
                let stored = read_range(&path, location.offset, location.length)
                    .with_context(|| format!("cannot read `{}`", path.display()))?;
                let content = inflate(&stored)
                    .with_context(|| format!("a piece of `{}` is damaged", path.display()))?;
                self.index
                    .add_piece(location, &content)
                    .with_context(|| format!("a piece of `{}` is damaged", path.display()))?;
            }
        }
        bail!("the index kept asking for pieces it was given; it may be damaged")
    }
}

fn read_range(path: &Path, offset: u64, length: u32) -> std::io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    if file.metadata()?.len() < offset.saturating_add(u64::from(length)) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the file is shorter than the index says",
        ));
    }
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = vec![0; length as usize];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// Raw DEFLATE, decompressed, refusing more than a piece can be.
pub fn inflate(stored: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    DeflateDecoder::new(stored)
        .take(1 << 30)
        .read_to_end(&mut out)?;
    Ok(out)
}
