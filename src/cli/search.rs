//! `trouve search`: query an index from the terminal.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use trouve::format::module;
use trouve::{Date, Hit, Index, SearchOptions, Sort};

use super::{index_path, parse_date, parse_sort, print_out};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The index: an index.trv, a trouve.wasm, or the folder `trouve build` wrote.
    index: PathBuf,
    /// The query: words (the last one may be a prefix), "quoted phrases", -excluded.
    query: String,
    /// At most this many results.
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    /// Print the results as a JSON array.
    #[arg(long)]
    json: bool,
    /// Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    after: Option<Date>,
    /// Only documents dated on or before this date.
    #[arg(long, value_parser = parse_date)]
    before: Option<Date>,
    /// Order of the results: relevance, or date (newest first).
    #[arg(long, value_parser = parse_sort, default_value = "relevance")]
    sort: Sort,
}

pub fn run(args: SearchArgs) -> Result<ExitCode> {
    let path = index_path(args.index);
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read the index `{}`; build one with `trouve build <CORPUS_DIR> -o <OUT_DIR>`",
            path.display()
        )
    })?;
    let bytes = match module::index_of(&bytes) {
        Some(section) => section.to_vec(),
        None => bytes,
    };
    let index = Index::open(bytes).with_context(|| format!("cannot open `{}`", path.display()))?;
    let options = SearchOptions {
        limit: args.limit,
        after: args.after,
        before: args.before,
        sort: args.sort,
    };
    let hits = index.search(&args.query, &options)?;

    print_out(&render(&args.query, &hits, args.json)?)?;
    Ok(ExitCode::SUCCESS)
}

/// The results as the terminal shows them, or as JSON.
fn render(query: &str, hits: &[Hit<'_>], json: bool) -> Result<String> {
    if json {
        return Ok(serde_json::to_string_pretty(hits)? + "\n");
    }
    let mut out = String::new();
    if hits.is_empty() {
        let _ = writeln!(out, "No results for “{}”.", query.trim());
        return Ok(out);
    }
    if hits.iter().all(|hit| !hit.missing.is_empty()) {
        out.push_str("No document has all the words; these have some of them.\n\n");
    }
    let color = std::io::stdout().is_terminal();
    for (rank, hit) in hits.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", rank + 1, hit.document.title);
        let date = hit.document.date.unwrap_or("undated");
        let _ = writeln!(
            out,
            "   {date} · {} · score {:.3}",
            hit.document.url, hit.score
        );
        let snippet: String = hit
            .snippet
            .iter()
            .map(|s| match (s.highlight, color) {
                (true, true) => format!("\x1b[1;4m{}\x1b[0m", s.text),
                (true, false) => format!("[{}]", s.text),
                (false, _) => s.text.clone(),
            })
            .collect();
        if !snippet.is_empty() {
            let _ = writeln!(out, "   {snippet}");
        }
        if !hit.missing.is_empty() {
            let _ = writeln!(out, "   missing: {}", hit.missing.join(", "));
        }
        out.push('\n');
    }
    Ok(out)
}
