//! The browser bundle: `trouve.wasm` (the engine with the index inside, see
//! [`trouve::format::module`]), `trouve.js` (the `Searcher` API and the
//! `<trouve-search>` element), the engine's glue, the element's styles and
//! the TypeScript types.
//!
//! The engines (two per language, each with only its stemmer, one of them
//! with filters and number fields for the sites that have some) and the
//! minified `trouve.js` are built ahead of time into `prebuilt/` and
//! embedded in this binary by `build.rs`, so a site owner needs no compiler
//! and no Node: a build appends the index to a prebuilt engine and copies
//! the rest. What a browser downloads whole also gets precompressed twins
//! (see [`super::precompress`]).

use std::io::Write;

use anyhow::{bail, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use trouve::format::module;
use trouve::Language;

use super::loader::{Entry, EntryFile, ENTRY, PIECES_DIR};
use super::output::Staged;
use super::{precompress, split};

include!(concat!(env!("OUT_DIR"), "/prebuilt.rs"));

const STYLES: &str = include_str!("../../widget/trouve.css");
const TYPES: &str = include_str!("../../widget/trouve.d.ts");
const WORKER: &str = include_str!("../../widget/trouve-sw.js");

/// The prebuilt engine for `language`, the one that reads filters and
/// number fields or the one without, 6.0 KB lighter (see `Cargo.toml`'s
/// `filters` feature).
fn engine(language: Language, filters: bool) -> Result<&'static [u8]> {
    let name = if filters {
        format!("{}-filters", language.code())
    } else {
        language.code().to_owned()
    };
    match ENGINES.iter().find(|(code, _)| *code == name) {
        Some((_, engine)) if module::is_module(engine) => Ok(engine),
        Some(_) => bail!(
            "the browser engine `{name}` embedded in this trouve is damaged; reinstall trouve"
        ),
        None => {
            let built: Vec<&str> = ENGINES
                .iter()
                .map(|(code, _)| *code)
                .filter(|code| !code.ends_with("-filters"))
                .collect();
            let carried = if built.is_empty() {
                "it carries no browser engine at all".to_owned()
            } else {
                format!("it carries engines for {}", built.join(", "))
            };
            bail!(
                "this trouve cannot write a browser bundle for `{code}`: {carried}. \
                 Install a complete trouve (see the README), or pass --no-bundle to write only index.trv",
                code = language.code()
            )
        }
    }
}

/// What a bundle's files weigh.
#[derive(Debug)]
pub struct Bundle {
    /// What a first visit downloads before any query: the module (engine
    /// and index) in the single layout, the engine and the root in the
    /// split one; as stored and gzipped.
    pub boot_bytes: usize,
    pub boot_gzip_bytes: usize,
    /// The index's files and their total bytes as stored (split layout).
    pub index_files: usize,
    pub index_bytes: u64,
    pub files: Vec<String>,
}

/// Where an index's files go: for the site's main language, in the output
/// folder itself, beside the files every bundle has; for each other
/// language of a site in several, in a folder named by its code, which
/// holds an entry of its own (see [`EntryFile`]).
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    /// `""` for the output folder itself, else the language's code.
    pub folder: &'a str,
    /// For the main language of a site in several: every language.
    pub languages: &'a [String],
}

impl Place<'_> {
    /// The output folder itself, for a site in one language.
    #[cfg(test)]
    pub const ALONE: Place<'static> = Place {
        folder: "",
        languages: &[],
    };

    /// `name` (a file, or a folder of the index), here.
    fn at(&self, name: &str) -> String {
        if self.folder.is_empty() {
            name.to_owned()
        } else {
            format!("{}/{name}", self.folder)
        }
    }

    /// The entry file's contents for an index in `language` laid out so.
    fn entry(&self, layout: Entry, language: Language) -> Result<String> {
        let several = !self.languages.is_empty();
        Ok(serde_json::to_string(&EntryFile {
            layout,
            language: several.then(|| language.code().to_owned()),
            languages: self.languages.to_vec(),
        })?)
    }
}

/// Stages the files every bundle has, beside the index: the widget, the API
/// alone, their glue, styles and types; returns their names.
pub fn stage_common(staged: &mut Staged) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for (name, bytes) in [
        ("trouve-engine.js", ENGINE_GLUE.as_bytes()),
        ("trouve.css", STYLES.as_bytes()),
        ("trouve-sw.js", WORKER.as_bytes()),
        ("trouve.js", WIDGET.as_bytes()),
        ("trouve-searcher.js", SEARCHER.as_bytes()),
    ] {
        stage_downloaded(staged, name, bytes)?;
        files.push(name.to_owned());
    }
    // Read by editors, never by browsers: no twins.
    staged.write("trouve.d.ts", TYPES.as_bytes())?;
    files.push("trouve.d.ts".to_owned());
    Ok(files)
}

/// Stages a file that browsers download whole, with its precompressed
/// twins, and removes the twins an earlier build left beside it if it has
/// none now.
fn stage_downloaded(staged: &mut Staged, name: &str, bytes: &[u8]) -> Result<()> {
    staged.write(name, bytes)?;
    let twins = precompress::twins(bytes)?;
    for (suffix, twin) in &twins {
        staged.write(&format!("{name}{suffix}"), twin)?;
    }
    if twins.is_empty() {
        let (folder, file) = name.rsplit_once('/').unwrap_or(("", name));
        let original = file.to_owned();
        staged.remove_stale(folder, move |file| {
            precompress::original(file) != Some(&original)
        });
    }
    Ok(())
}

/// Stages a single-layout bundle: `trouve.wasm` holds the engine and the
/// whole index.
pub fn stage_single(
    staged: &mut Staged,
    place: Place<'_>,
    index: &[u8],
    language: Language,
) -> Result<Bundle> {
    let filters = trouve::format::has_filters(index)?;
    let wasm = module::with_index(engine(language, filters)?, index);
    let mut files = Vec::new();
    stage_downloaded(staged, &place.at("trouve.wasm"), &wasm)?;
    // What a split build of the same folder would have left.
    staged.remove_stale(&place.at(PIECES_DIR), |_| false);
    staged.remove_stale(place.folder, |name| !is_split_engine(twin_of(name)));
    let entry = Entry::Single {
        module: "trouve.wasm".to_owned(),
    };
    // Last: what a page reads first.
    staged.write(&place.at(ENTRY), place.entry(entry, language)?.as_bytes())?;
    files.extend([place.at("trouve.wasm"), place.at(ENTRY)]);
    Ok(Bundle {
        boot_bytes: wasm.len(),
        boot_gzip_bytes: gzip_len(&wasm),
        index_files: 1,
        index_bytes: index.len() as u64,
        files,
    })
}

/// Stages a split-layout bundle: the engine alone, named by its hash so
/// that it caches across deploys, the root and the piece files in
/// `index/`, and the entry that names them.
pub fn stage_split(
    staged: &mut Staged,
    place: Place<'_>,
    root: &[u8],
    pieces: Vec<Vec<u8>>,
    language: Language,
) -> Result<Bundle> {
    let engine = engine(language, trouve::format::has_filters(root)?)?;
    let engine_name = format!(
        "engine-{}-{}.wasm",
        language.code(),
        hex(&split::hash(engine))
    );
    let stored_root = split::deflate(root);
    let root_name = format!("{PIECES_DIR}/{}.trv", hex(&split::hash(&stored_root)));
    let mut files = Vec::new();
    let mut index_bytes = stored_root.len() as u64;
    let mut keep = vec![root_name.clone()];
    for piece in &pieces {
        let name = format!("{PIECES_DIR}/{}.trv", hex(&split::hash(piece)));
        index_bytes += piece.len() as u64;
        staged.write(&place.at(&name), piece)?;
        keep.push(name);
    }
    let kept: std::collections::HashSet<String> = keep
        .iter()
        .filter_map(|name| name.rsplit_once('/').map(|(_, file)| file.to_owned()))
        .collect();
    staged.write(&place.at(&root_name), &stored_root)?;
    stage_downloaded(staged, &place.at(&engine_name), engine)?;
    // What an earlier build left: another layout's module, older engines
    // and pieces, and their twins.
    let engine_kept = engine_name.clone();
    staged.remove_stale(place.folder, move |name| {
        let name = twin_of(name);
        name != "trouve.wasm" && (!is_split_engine(name) || name == engine_kept)
    });
    staged.remove_stale(&place.at(PIECES_DIR), move |name| kept.contains(name));
    let entry = Entry::Split {
        engine: engine_name.clone(),
        root: root_name.clone(),
        files: pieces.len() + 1,
        bytes: index_bytes,
    };
    staged.write(&place.at(ENTRY), place.entry(entry, language)?.as_bytes())?;
    files.extend([
        place.at(&engine_name),
        place.at(&root_name),
        format!(
            "{} ({} files)",
            place.at(&format!("{PIECES_DIR}/")),
            pieces.len()
        ),
        place.at(ENTRY),
    ]);
    Ok(Bundle {
        boot_bytes: engine.len() + stored_root.len(),
        boot_gzip_bytes: gzip_len(engine) + stored_root.len(),
        index_files: pieces.len() + 1,
        index_bytes,
        files,
    })
}

/// The languages the bundle in `dir` has indexes in, besides its main one
/// (none when it is not a bundle, or in one language).
pub fn languages_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(dir.join(ENTRY))
        .ok()
        .and_then(|text| serde_json::from_str::<EntryFile>(&text).ok())
        .map(|entry| {
            entry
                .languages
                .into_iter()
                .filter(|code| Some(code) != entry.language.as_ref())
                // Only names a build could have given a folder.
                .filter(|code| Language::from_code(code).is_some_and(|l| l.code() == code))
                .collect()
        })
        .unwrap_or_default()
}

/// The file a twin stands for, or the name itself.
fn twin_of(name: &str) -> &str {
    precompress::original(name).unwrap_or(name)
}

fn is_split_engine(name: &str) -> bool {
    name.starts_with("engine-") && name.ends_with(".wasm")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Size after gzip at the level static hosts commonly use.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_engine() {
        for language in Language::ALL {
            for filters in [false, true] {
                let engine = engine(language, filters).unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    module::index_of(engine).is_none(),
                    "a prebuilt engine carries no index"
                );
            }
        }
        assert!(ENGINE_GLUE.contains("export"), "the glue is an ES module");
        assert!(
            WIDGET.contains("trouve-search"),
            "trouve.js defines the element"
        );
        assert!(
            SEARCHER.contains("trouve-index.json") && !SEARCHER.contains("customElements"),
            "trouve-searcher.js is the API alone"
        );
    }

    /// A site with filters or number fields gets the engine that reads
    /// them, and any other the lighter one, in both layouts.
    #[test]
    fn an_index_gets_the_engine_its_fields_need() {
        let scratch = std::env::temp_dir().join(format!("trouve-engines-{}", std::process::id()));
        let field = |key: &str, value: &str| vec![(key.to_owned(), value.to_owned())];
        let cases = [
            ("plain", vec![], vec![], false),
            ("filtered", field("rubrique", "Monde"), vec![], true),
            ("numbered", vec![], field("prix", "12"), true),
        ];
        for (name, filters, numbers, with_filters) in cases {
            let mut builder = trouve::IndexBuilder::new(Language::French).unwrap();
            let document = trouve::Document {
                id: "une".into(),
                body: "une visite".into(),
                filters,
                numbers,
                ..trouve::Document::default()
            };
            builder.add(&document).unwrap();
            let expected = engine(Language::French, with_filters).unwrap();
            let (single, split) = (
                scratch.join(name).join("single"),
                scratch.join(name).join("split"),
            );

            let mut staged = Staged::new(&single).unwrap();
            stage(&mut staged, &builder, Layout::Single);
            staged.commit().unwrap();
            let module = std::fs::read(single.join("trouve.wasm")).unwrap();
            assert_eq!(
                module,
                module::with_index(expected, &builder.finish()),
                "{name}, single"
            );

            let mut staged = Staged::new(&split).unwrap();
            let bundle = stage(&mut staged, &builder, Layout::Split);
            staged.commit().unwrap();
            let engine_file = bundle.files.iter().find(|f| is_split_engine(f)).unwrap();
            assert_eq!(
                std::fs::read(split.join(engine_file)).unwrap(),
                expected,
                "{name}, split"
            );
        }
        assert_ne!(
            engine(Language::French, false).unwrap(),
            engine(Language::French, true).unwrap()
        );
        let _ = std::fs::remove_dir_all(&scratch);
    }

    #[derive(Clone, Copy, Debug)]
    enum Layout {
        Single,
        Split,
    }

    /// `builder`'s index staged in `layout`, without the common files.
    fn stage(staged: &mut Staged, builder: &trouve::IndexBuilder, layout: Layout) -> Bundle {
        let french = Language::French;
        match layout {
            Layout::Single => stage_single(staged, Place::ALONE, &builder.finish(), french),
            Layout::Split => {
                let mut files = split::SplitFiles::default();
                let root = builder.finish_into(&mut files);
                stage_split(staged, Place::ALONE, &root, files.into_files(), french)
            }
        }
        .unwrap()
    }

    /// A bundle of `docs` (id, body) staged into `dir`, not yet in place.
    fn staged(dir: &std::path::Path, docs: &[(&str, &str)], layout: Layout) -> Staged {
        let mut builder = trouve::IndexBuilder::new(Language::French).unwrap();
        for &(id, body) in docs {
            builder
                .add(&trouve::Document {
                    id: id.into(),
                    body: body.into(),
                    ..trouve::Document::default()
                })
                .unwrap();
        }
        let mut staged = Staged::new(dir).unwrap();
        stage_common(&mut staged).unwrap();
        stage(&mut staged, &builder, layout);
        staged
    }

    /// The ids `trouve search` finds for "visite" in the bundle in `dir`.
    fn found(dir: &std::path::Path) -> Result<Vec<String>> {
        let mut loaded = super::super::loader::open(dir, None)?;
        let options = trouve::SearchOptions::default();
        loaded.load_for(|index| Ok(index.search("visite", &options)?.needs()))?;
        let hits = loaded.index.search("visite", &options)?.into_ready()?;
        Ok(hits.iter().map(|hit| hit.document.id.to_string()).collect())
    }

    fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy_folder(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    /// Whatever moment a build is killed at during its renames (the rest of
    /// it writes only hidden temporary files), the folder holds the old
    /// bundle or the new one, in any pair of layouts: one rename switches
    /// from one to the other (the entry's, or the single module's, which
    /// keeps its name), and the other files of either still serve it.
    #[test]
    fn a_build_killed_between_any_two_renames_leaves_one_whole_bundle() {
        let old: &[(&str, &str)] = &[("ancien", "une visite d'hier")];
        let new: &[(&str, &str)] = &[("neuf", "la visite d'aujourd'hui"), ("autre", "rien")];
        let scratch = std::env::temp_dir().join(format!("trouve-killed-{}", std::process::id()));
        let (dir, old_bundle, stash) = (
            scratch.join("out"),
            scratch.join("old"),
            scratch.join("stash"),
        );
        for before in [Layout::Single, Layout::Split] {
            let _ = std::fs::remove_dir_all(&scratch);
            staged(&old_bundle, old, before).commit().unwrap();
            for after in [Layout::Single, Layout::Split] {
                // The new build, staged once over the old bundle: its files
                // kept aside, then put back before each kill.
                copy_folder(&old_bundle, &dir);
                let build = staged(&dir, new, after);
                let renames: Vec<_> = build.pending().to_vec();
                std::fs::create_dir_all(&stash).unwrap();
                for (n, (temp, _)) in renames.iter().enumerate() {
                    std::fs::copy(temp, stash.join(n.to_string())).unwrap();
                }
                drop(build);
                let mut switched = false;
                for killed_at in 0..=renames.len() {
                    let _ = std::fs::remove_dir_all(&dir);
                    copy_folder(&old_bundle, &dir);
                    for (n, (temp, path)) in renames.iter().enumerate() {
                        std::fs::create_dir_all(temp.parent().unwrap()).unwrap();
                        std::fs::copy(stash.join(n.to_string()), temp).unwrap();
                        if n < killed_at {
                            std::fs::rename(temp, path).unwrap();
                        }
                    }
                    let moment = format!(
                        "{before:?} to {after:?}, killed after {killed_at} of {} renames",
                        renames.len()
                    );
                    let ids = found(&dir).unwrap_or_else(|error| panic!("{moment}: {error:#}"));
                    if ids == ["neuf"] {
                        switched = true;
                    } else {
                        assert!(!switched, "{moment}: back to the old bundle");
                        assert_eq!(ids, ["ancien"], "{moment}");
                    }
                }
                assert!(
                    switched,
                    "{before:?} to {after:?}: the new bundle in the end"
                );
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        let _ = std::fs::remove_dir_all(&scratch);
    }
}
