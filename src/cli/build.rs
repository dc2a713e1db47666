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
    /// it, pt, nl, da, sv, no, fi, hu, ro, tr, or none). Without it, the
    /// language the pages declare (`<html lang>`, front matter `lang`), else
    /// the one their text reads as, else fr; the choice is printed.
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
    /// Print only warnings and errors.
    #[arg(short, long)]
    quiet: bool,
    /// Documents a frequent word's postings head holds (for experiments and
    /// tests: the default grows with the site).
    #[arg(long, hide = true)]
    head_docs: Option<usize>,
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

fn parse_language(code: &str) -> Result<Language, String> {
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
    urls: &UrlTemplate,
) -> Vec<corpus::FileDocuments> {
    language::sample(files.len())
        .filter_map(|i| corpus::read_file(corpus, &files[i], urls).ok())
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
    urls: &'a UrlTemplate,
) -> Box<dyn Iterator<Item = (&'a PathBuf, Result<corpus::FileDocuments, String>)> + 'a> {
    let (send, receive) = std::sync::mpsc::sync_channel(READ_AHEAD);
    let reader = std::thread::Builder::new()
        .name("read".into())
        .spawn_scoped(scope, move || {
            for path in files {
                // The indexer stopped (an error): so does reading.
                if send
                    .send((path, corpus::read_file(corpus, path, urls)))
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
                .map(move |path| (path, corpus::read_file(corpus, path, urls))),
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

    let urls = UrlTemplate::new(&args.url);
    if let Some(scheme) = urls.unlinkable_scheme() {
        eprintln!(
            "warning: --url makes `{scheme}:` links, which the search box will not follow: every result would be a dead link; use an http(s) or relative URL"
        );
    }
    let lang = match args.lang {
        Some(lang) => {
            // A language chosen by hand that the pages contradict stems
            // every word wrongly, silently: say so.
            let sample = sample_language(&args.corpus, &files, &urls);
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
            let choice = language::choose(&sample_language(&args.corpus, &files, &urls));
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
    let mut builder = IndexBuilder::new(lang)?;
    if let Some(docs) = args.head_docs {
        builder.head_docs(docs);
    }
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
        for (path, read) in read_ahead(scope, &args.corpus, &files, &urls) {
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
                    for warning in read.warnings {
                        progress.suspend(|| eprintln!("warning: {shown}: {warning}"));
                    }
                    for doc in read.documents {
                        text_bytes += (doc.title.len() + doc.body.len()) as u64;
                        match builder.add(&doc) {
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

    if builder.is_empty() {
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
    let documents = builder.len();
    let layout = match args.layout {
        LayoutArg::Auto if text_bytes <= SINGLE_UP_TO_TEXT_BYTES => LayoutArg::Single,
        LayoutArg::Auto => LayoutArg::Split,
        chosen => chosen,
    };
    // Everything is written aside first and put in place together: a build
    // that fails leaves the previous output as it was.
    let mut staged = Staged::new(&args.out)?;
    let (bundle, terms, stems) = if args.no_bundle || layout == LayoutArg::Single {
        let bytes = builder.finish();
        // Read back what was written: a build never leaves an index it cannot open.
        let index = Index::open(bytes.as_slice())
            .context("the index just built does not open; this is a bug in Trouve")?;
        let counts = (index.term_count(), index.stem_count());
        let bundle = if args.no_bundle {
            staged.write("index.trv", &bytes)?;
            None
        } else {
            Some(bundle::stage_single(&mut staged, &bytes, lang)?)
        };
        (bundle, counts.0, counts.1)
    } else {
        let mut files = split::SplitFiles::default();
        let root = builder.finish_into(&mut files);
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
        let index = Index::open(root.as_slice())
            .context("the index just built does not open; this is a bug in Trouve")?;
        let counts = (index.term_count(), index.stem_count());
        let bundle = bundle::stage_split(&mut staged, &root, files.into_files(), lang)?;
        (Some(bundle), counts.0, counts.1)
    };
    staged.commit()?;
    if let Some(warning) = bundle
        .as_ref()
        .filter(|_| layout == LayoutArg::Single)
        .and_then(|bundle| single_too_large(bundle.boot_gzip_bytes))
    {
        eprintln!("{warning}");
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
        let _ = writeln!(out, "  terms   {terms} words, {stems} stems");
        match bundle {
            None => {
                let _ = writeln!(out, "  index   {}", args.out.join("index.trv").display());
            }
            Some(bundle) => {
                let _ = writeln!(
                    out,
                    "  bundle  {} ({} layout): {} ({} gzipped) before the first query; the index {} in {} file{}",
                    args.out.display(),
                    if layout == LayoutArg::Single { "single" } else { "split" },
                    size(bundle.boot_bytes),
                    size(bundle.boot_gzip_bytes),
                    size(bundle.index_bytes as usize),
                    bundle.index_files,
                    if bundle.index_files == 1 { "" } else { "s" },
                );
                let _ = writeln!(out, "          {}", bundle.files.join(", "));
            }
        }
        print_out(&out)?;
    }
    Ok(ExitCode::SUCCESS)
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
