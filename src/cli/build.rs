//! `trouve build`: corpus folder → `index.trv` and the browser bundle.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use trouve::{AddError, Index, IndexBuilder, Language};

use super::bundle;
use super::corpus::{self, Selection, UrlTemplate};
use super::language;
use super::loader;
use super::output::Staged;
use super::print_out;
use super::split;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Folder of documents: .txt, .md, .html, .json and .jsonl, searched
    /// recursively. A folder with HTML pages is a built site: only its HTML
    /// is read (see --glob).
    corpus: PathBuf,
    /// Folder to write index.trv and the browser bundle into.
    #[arg(short, long, value_name = "OUT_DIR")]
    out: PathBuf,
    /// Read the files this pattern matches (of the formats Trouve reads), in
    /// place of the default choice: a path relative to the corpus folder,
    /// where `*` stays within a folder's name and `**` spans folders, e.g.
    /// '**/*.{html,md}'. Repeatable.
    #[arg(long = "glob", value_name = "PATTERN")]
    globs: Vec<String>,
    /// Leave out the files, and the folders with all they hold, that this
    /// pattern matches (as for --glob), e.g. 'drafts/**' or '**/print.html'.
    /// Repeatable.
    #[arg(long = "exclude", value_name = "PATTERN")]
    excludes: Vec<String>,
    /// Where results link to: `{id}` is the document id, `{path}` its file's
    /// path in the corpus (a .md file as .html); without either it is a prefix.
    #[arg(long, value_name = "TEMPLATE", default_value = "/{path}")]
    url: String,
    /// Language of the corpus: chooses stemming and elision (fr, en, de, es,
    /// it, pt, nl, da, sv, no, fi, hu, ro, tr, or none), one index for
    /// every page. Without it, the language most pages declare (`<html
    /// lang>`, front matter `lang`), else the one their text reads as, else
    /// fr, is the site's main language (the choice is printed); and a site
    /// whose pages declare several gets an index for each, the main
    /// language's in OUT_DIR, each other one's in OUT_DIR/<code>/.
    #[arg(long, value_parser = parse_language)]
    lang: Option<Language>,
    /// Write only index.trv, not the browser bundle.
    #[arg(long)]
    no_bundle: bool,
    /// The bundle's layout: `single`, one module with the engine and the
    /// whole index (best for small sites, offline after one visit); `split`,
    /// an index fetched piece by piece as queries need it (large sites);
    /// `auto` picks single up to about 500 KB of text.
    #[arg(long, value_enum, default_value = "auto")]
    layout: LayoutArg,
    /// Also take this front matter or JSON record field as a filter (besides
    /// tags, categories and author), e.g. `section`. Repeatable.
    #[arg(long = "filter-key", value_name = "KEY")]
    filter_keys: Vec<String>,
    /// Take this front matter or JSON record field as a number or a date to
    /// keep ranges of and sort by, e.g. `price`. Repeatable.
    #[arg(long = "sort-key", value_name = "KEY")]
    sort_keys: Vec<String>,
    /// Also take this front matter or JSON record field as metadata that
    /// comes back with each result (besides image and image_alt), e.g.
    /// `description`. Repeatable.
    #[arg(long = "meta-key", value_name = "KEY")]
    meta_keys: Vec<String>,
    /// Print only warnings and errors.
    #[arg(short, long)]
    quiet: bool,
    /// Documents a frequent word's postings head holds (for experiments and
    /// tests: the default grows with the site).
    #[arg(long, hide = true)]
    head_docs: Option<usize>,
}

impl BuildArgs {
    /// Which fields become what: the defaults and the keys named.
    fn field_keys(&self) -> corpus::FieldKeys {
        let mut keys = corpus::FieldKeys::default();
        keys.filters.extend(self.filter_keys.iter().cloned());
        keys.numbers.extend(self.sort_keys.iter().cloned());
        keys.meta.extend(self.meta_keys.iter().cloned());
        keys
    }
}

/// The bundle's layout, on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Auto,
    Single,
    Split,
}

/// `--layout auto` writes a single module up to this much text. Measured
/// (see the README): a first result over a 10 Mbit/s link with 40 ms of
/// latency comes sooner from one module until it weighs about 250 KB
/// gzipped, about this much text.
pub const SINGLE_UP_TO_TEXT_BYTES: u64 = 500_000;

pub fn parse_language(code: &str) -> Result<Language, String> {
    Language::from_code(code).ok_or_else(|| {
        format!(
            "unknown language `{code}`; use one of: {}",
            Language::available_codes()
        )
    })
}

/// The language of the files [`language::sample`] picks, read as the build
/// reads them (a file that cannot be read has no say).
fn sample_language(
    corpus: &Path,
    files: &[PathBuf],
    reading: &corpus::Reading,
) -> Vec<corpus::FileDocuments> {
    language::sample(files.len())
        .filter_map(|i| corpus::read_file(corpus, &files[i], reading).ok())
        .collect()
}

/// Files read ahead of the one being indexed.
const READ_AHEAD: usize = 4;

/// The files, each read (parsed, its text extracted) on a thread of its
/// own while the one before is indexed, in order: reading is a tenth of a
/// build, and indexing cannot be shared. Read in turn if the thread cannot
/// start.
fn read_ahead<'a>(
    scope: &'a std::thread::Scope<'a, '_>,
    corpus: &'a Path,
    files: &'a [PathBuf],
    reading: &'a corpus::Reading,
) -> Box<dyn Iterator<Item = (&'a PathBuf, Result<corpus::FileDocuments, String>)> + 'a> {
    let (send, receive) = std::sync::mpsc::sync_channel(READ_AHEAD);
    let reader = std::thread::Builder::new()
        .name("read".into())
        .spawn_scoped(scope, move || {
            for path in files {
                // The indexer stopped (an error): so does reading.
                if send
                    .send((path, corpus::read_file(corpus, path, reading)))
                    .is_err()
                {
                    break;
                }
            }
        });
    match reader {
        Ok(_) => Box::new(receive.into_iter()),
        Err(_) => Box::new(
            files
                .iter()
                .map(move |path| (path, corpus::read_file(corpus, path, reading))),
        ),
    }
}

/// Above this many files, a progress bar shows (on a terminal).
const PROGRESS_FROM: usize = 200;

pub fn run(args: BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    if !args.corpus.exists() {
        bail!("corpus folder `{}` does not exist", args.corpus.display());
    }
    if !args.corpus.is_dir() {
        bail!(
            "`{}` is not a folder: pass the folder that holds the documents",
            args.corpus.display()
        );
    }
    let selection = Selection::new(&args.globs, &args.excludes).map_err(anyhow::Error::msg)?;
    let found = corpus::find_files(&args.corpus, &selection)
        .with_context(|| format!("cannot read the corpus folder `{}`", args.corpus.display()))?;
    for (path, reason) in &found.passed_over {
        let shown = path.strip_prefix(&args.corpus).unwrap_or(path).display();
        eprintln!("skipped {shown}: {reason}");
    }
    if found.beside_pages > 0 && !args.quiet {
        eprintln!(
            "a built site: reading its HTML pages, passing over the {} .txt, .md and .json files beside them (--glob chooses other files)",
            found.beside_pages
        );
    }
    let files = found.files;
    let site_marks_content = corpus::site_marks_content(&files);
    let mut unmarked_pages = 0usize;

    let reading = corpus::Reading {
        urls: UrlTemplate::new(&args.url),
        keys: args.field_keys(),
    };
    if let Some(scheme) = reading.urls.unlinkable_scheme() {
        eprintln!(
            "warning: --url makes `{scheme}:` links, which the search box will not follow: every result would be a dead link; use an http(s) or relative URL"
        );
    }
    let lang = match args.lang {
        Some(lang) => {
            // A language chosen by hand that the pages contradict stems
            // every word wrongly, silently: say so.
            let sample = sample_language(&args.corpus, &files, &reading);
            match language::read(&sample) {
                Some(read)
                    if read.language != lang
                        && read.language != Language::None
                        && lang != Language::None =>
                {
                    eprintln!(
                        "warning: --lang {}, but the pages read as {} ({}): words are stemmed as {} words, and queries will find fewer pages",
                        lang.code(),
                        read.language.code(),
                        read.why,
                        lang.code()
                    );
                }
                _ => {}
            }
            lang
        }
        None => {
            let choice = language::choose(&sample_language(&args.corpus, &files, &reading));
            if !args.quiet {
                eprintln!(
                    "language: {} ({}; --lang chooses another)",
                    choice.language.code(),
                    choice.why
                );
            }
            choice.language
        }
    };
    // Without --lang, a document goes to the index of the language its file
    // declares, when Trouve stems it; the rest to the main language's.
    let mut indexes = vec![LanguageIndex::new(lang, args.head_docs)?];
    let mut skipped = found.passed_over.len();
    let mut text_bytes = 0u64;
    let progress = if files.len() >= PROGRESS_FROM && !args.quiet {
        let bar = ProgressBar::new(files.len() as u64);
        // The rate in whole files; the time left only once there is a rate
        // to tell it by (indicatif's own print four decimals, and "0s").
        let style =
            ProgressStyle::with_template("{spinner} indexing [{bar:30}] {pos}/{len} files{rate}")
                .map(|s| {
                    s.progress_chars("=> ").with_key(
                        "rate",
                        |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let rate = state.per_sec();
                            let left = state.eta().as_secs();
                            if state.pos() >= 10 && rate.is_finite() && left > 0 {
                                let _ = write!(w, ", {rate:.0} a second, about {left} s left");
                            }
                        },
                    )
                })
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    } else {
        ProgressBar::hidden()
    };
    std::thread::scope(|scope| -> Result<()> {
        for (path, read) in read_ahead(scope, &args.corpus, &files, &reading) {
            progress.inc(1);
            let shown = path
                .strip_prefix(&args.corpus)
                .unwrap_or(path)
                .display()
                .to_string();
            match read {
                Ok(read) if site_marks_content && !read.content_marked && corpus::is_page(path) => {
                    unmarked_pages += 1;
                }
                Ok(read) => {
                    for warning in &read.warnings {
                        progress.suspend(|| eprintln!("warning: {shown}: {warning}"));
                    }
                    for (n, doc) in read.documents.iter().enumerate() {
                        let declared = read.language_of(n).and_then(language::stemmed);
                        let language = match declared {
                            Some(declared) if args.lang.is_none() => declared,
                            _ => lang,
                        };
                        let at = match indexes.iter().position(|i| i.language == language) {
                            Some(at) => at,
                            None => {
                                indexes.push(LanguageIndex::new(language, args.head_docs)?);
                                indexes.len() - 1
                            }
                        };
                        let index = &mut indexes[at];
                        let bytes = (doc.title.len() + doc.body.len()) as u64;
                        text_bytes += bytes;
                        index.text_bytes += bytes;
                        match index.builder.add(doc) {
                            Ok(()) => {}
                            Err(error @ AddError::DuplicateId(_)) => {
                                skipped += 1;
                                progress.suspend(|| eprintln!("skipped {shown}: {error}"));
                            }
                            Err(error) => bail!("{shown}: {error}"),
                        }
                    }
                }
                Err(reason) => {
                    skipped += 1;
                    progress.suspend(|| eprintln!("skipped {shown}: {reason}"));
                }
            }
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    if unmarked_pages > 0 {
        skipped += unmarked_pages;
        eprintln!(
            "skipped {unmarked_pages} page{} without data-pagefind-body or data-trouve-body: other pages of the site mark their content with it",
            if unmarked_pages == 1 { "" } else { "s" }
        );
    }

    indexes.retain(|index| !index.builder.is_empty());
    if indexes.is_empty() {
        let also = if skipped > 0 {
            format!(" ({skipped} skipped, see above)")
        } else {
            String::new()
        };
        if !args.globs.is_empty() && files.is_empty() {
            bail!(
                "no documents found in `{}`{also}: no file there matches --glob {}",
                args.corpus.display(),
                args.globs.join(" --glob ")
            );
        }
        bail!(
            "no documents found in `{}`{also}: Trouve reads .txt, .md, .html, .htm, .json and .jsonl files",
            args.corpus.display()
        );
    }
    let documents: usize = indexes.iter().map(|i| i.builder.len()).sum();
    // The main language first (the largest, if none of its pages was
    // read), then the others, largest first.
    indexes.sort_by_key(|index| {
        (
            index.language != lang,
            std::cmp::Reverse(index.builder.len()),
            index.language.code(),
        )
    });
    let languages: Vec<String> = if indexes.len() > 1 {
        indexes
            .iter()
            .map(|i| i.language.code().to_owned())
            .collect()
    } else {
        Vec::new()
    };
    if !languages.is_empty() && !args.quiet {
        let counts: Vec<String> = indexes
            .iter()
            .map(|i| format!("{} {}", i.builder.len(), i.language.code()))
            .collect();
        eprintln!(
            "languages: the pages declare several, one index each ({}; --lang makes one index of them all)",
            counts.join(", ")
        );
    }
    for index in &indexes {
        for warning in index.builder.number_warnings() {
            eprintln!("warning: {warning}");
        }
    }
    // Every index is encoded (and read back) before anything is written:
    // a build stopped meanwhile leaves no file behind.
    let mut finished = Vec::with_capacity(indexes.len());
    for index in &indexes {
        let layout = match args.layout {
            LayoutArg::Auto if index.text_bytes <= SINGLE_UP_TO_TEXT_BYTES => LayoutArg::Single,
            LayoutArg::Auto => LayoutArg::Split,
            chosen => chosen,
        };
        finished.push((layout, finish_index(index, layout, args.no_bundle)?));
    }
    // Everything is written aside first and put in place together: a build
    // that fails leaves the previous output as it was.
    let mut staged = Staged::new(&args.out)?;
    let previous_languages = bundle::languages_in(&args.out);
    let common = if args.no_bundle {
        Vec::new()
    } else {
        bundle::stage_common(&mut staged)?
    };
    // The main language's last: its entry is what a page reads first.
    let mut written = Vec::new();
    for (n, (index, (layout, finished))) in indexes.iter().zip(finished).enumerate().rev() {
        let place = if n == 0 {
            bundle::Place {
                folder: "",
                languages: &languages,
            }
        } else {
            bundle::Place {
                folder: index.language.code(),
                languages: &[],
            }
        };
        let counts = (finished.terms, finished.stems);
        let bundle = stage_index(&mut staged, place, finished, index.language)?;
        written.push((index.language, layout, (bundle, counts.0, counts.1)));
    }
    written.reverse();
    // The folders of an earlier build's other languages that this build
    // does not write (gone, or now the main language, at the top).
    for code in previous_languages {
        if !indexes[1..]
            .iter()
            .any(|index| index.language.code() == code)
        {
            staged.remove_stale(&format!("{code}/{}", loader::PIECES_DIR), |_| false);
            staged.remove_stale(&code, |_| false);
        }
    }
    staged.commit()?;
    for (_, layout, (bundle, _, _)) in &written {
        if let Some(warning) = bundle
            .as_ref()
            .filter(|_| *layout == LayoutArg::Single)
            .and_then(|bundle| single_too_large(bundle.boot_gzip_bytes))
        {
            eprintln!("{warning}");
        }
    }

    if !args.quiet {
        let seconds = started.elapsed().as_secs_f64();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Indexed {documents} documents ({skipped} skipped) in {seconds:.2} s, {} of text at {}/s",
            size(text_bytes as usize),
            size((text_bytes as f64 / seconds.max(1e-3)) as usize)
        );
        for (language, layout, (bundle, terms, stems)) in &written {
            let of = if languages.is_empty() {
                String::new()
            } else {
                format!(" ({})", language.code())
            };
            let _ = writeln!(out, "  terms{of}   {terms} words, {stems} stems");
            let folder = match written.first() {
                Some((main, _, _)) if main != language => args.out.join(language.code()),
                _ => args.out.clone(),
            };
            match bundle {
                None => {
                    let _ = writeln!(out, "  index   {}", folder.join("index.trv").display());
                }
                Some(bundle) => {
                    let _ = writeln!(
                        out,
                        "  bundle  {} ({} layout): {} ({} gzipped) before the first query; the index {} in {} file{}",
                        folder.display(),
                        if *layout == LayoutArg::Single { "single" } else { "split" },
                        size(bundle.boot_bytes),
                        size(bundle.boot_gzip_bytes),
                        size(bundle.index_bytes as usize),
                        bundle.index_files,
                        if bundle.index_files == 1 { "" } else { "s" },
                    );
                    // The main language's with the files every page loads.
                    let shared = if folder == args.out { &common[..] } else { &[] };
                    let _ = writeln!(
                        out,
                        "          {}",
                        [shared, &bundle.files].concat().join(", ")
                    );
                }
            }
        }
        print_out(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One language's index being built.
struct LanguageIndex {
    language: Language,
    builder: IndexBuilder,
    /// Text added, which chooses the layout.
    text_bytes: u64,
}

impl LanguageIndex {
    fn new(language: Language, head_docs: Option<usize>) -> Result<LanguageIndex> {
        let mut builder = IndexBuilder::new(language)?;
        if let Some(docs) = head_docs {
            builder.head_docs(docs);
        }
        Ok(LanguageIndex {
            language,
            builder,
            text_bytes: 0,
        })
    }
}

/// A language's index, encoded and read back, not yet written.
struct Finished {
    /// The single layout's file, or the split layout's root and piece files.
    bytes: Vec<u8>,
    pieces: Option<Vec<Vec<u8>>>,
    /// Alone as `index.trv` (`--no-bundle`), without the browser's files.
    alone: bool,
    terms: u64,
    stems: u64,
}

/// Encodes a language's index in `layout` (or as `index.trv` alone), and
/// reads it back: a build never leaves an index it cannot open.
fn finish_index(index: &LanguageIndex, layout: LayoutArg, no_bundle: bool) -> Result<Finished> {
    let (bytes, pieces) = if no_bundle || layout == LayoutArg::Single {
        (index.builder.finish(), None)
    } else {
        let mut files = split::SplitFiles::default();
        let root = index.builder.finish_into(&mut files);
        if std::env::var_os("TROUVE_TRACE").is_some() {
            for (kind, count, bytes) in files.tally() {
                eprintln!(
                    "trace: {count:>8} {kind:?} pieces, {:.1} KB stored",
                    *bytes as f64 / 1000.0
                );
            }
            eprintln!(
                "trace: root {:.1} KB before compression",
                root.len() as f64 / 1000.0
            );
        }
        (root, Some(files.into_files()))
    };
    let opened = Index::open(bytes.as_slice())
        .context("the index just built does not open; this is a bug in Trouve")?;
    Ok(Finished {
        terms: opened.term_count(),
        stems: opened.stem_count(),
        bytes,
        pieces,
        alone: no_bundle,
    })
}

/// Stages a finished index at `place`; the bundle written, if any.
fn stage_index(
    staged: &mut Staged,
    place: bundle::Place<'_>,
    finished: Finished,
    language: Language,
) -> Result<Option<bundle::Bundle>> {
    if finished.alone {
        let name = if place.folder.is_empty() {
            "index.trv".to_owned()
        } else {
            format!("{}/index.trv", place.folder)
        };
        staged.write(&name, &finished.bytes)?;
        return Ok(None);
    }
    Ok(Some(match finished.pieces {
        None => bundle::stage_single(staged, place, &finished.bytes, language)?,
        Some(pieces) => bundle::stage_split(staged, place, &finished.bytes, pieces, language)?,
    }))
}

/// Bytes as people read them: 820 bytes, 75.1 KB, 8.6 MB.
fn size(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// A single module larger than this, gzipped, is worth a warning: twice
/// where the split layout starts to give a first result sooner at
/// 10 Mbit/s (see [`SINGLE_UP_TO_TEXT_BYTES`]).
const SINGLE_WARNING_GZIP_BYTES: usize = 500_000;

/// The warning for a single module that every first visit pays for whole.
fn single_too_large(boot_gzip_bytes: usize) -> Option<String> {
    (boot_gzip_bytes > SINGLE_WARNING_GZIP_BYTES).then(|| {
        format!(
            "warning: the single layout makes every visitor download {} (gzipped) before a first result; the split layout (--layout split, or auto) fetches the index piece by piece as queries need it",
            size(boot_gzip_bytes)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_unit_that_fits() {
        assert_eq!(size(820), "820 bytes");
        assert_eq!(size(75_149), "75.1 KB");
        assert_eq!(size(8_606_400), "8.6 MB");
    }

    #[test]
    fn only_a_heavy_single_module_is_warned_of() {
        assert_eq!(single_too_large(250_000), None);
        let warning = single_too_large(5_960_000).unwrap();
        assert!(warning.contains("download 6.0 MB (gzipped)"), "{warning}");
    }
}
