//! `trouve search`: query an index from the terminal.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use trouve::{
    Answer, Bound, Date, Explanation, Facet, Filter, Hit, NumberRange, SearchOptions, Segment, Sort,
};

use super::{loader, parse_date, parse_sort, print_out};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The index: the folder `trouve build` wrote (either layout), an
    /// index.trv or a trouve.wasm.
    index: PathBuf,
    /// The query: words (the last one may be a prefix), "quoted phrases",
    /// -excluded.
    #[arg(allow_hyphen_values = true, required_unless_present = "stdin")]
    query: Option<String>,
    /// Read the queries from the standard input instead, one a line (with
    /// --json, the answers come one array a line).
    #[arg(long, conflicts_with = "query")]
    stdin: bool,
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
    /// Order of the results: relevance; date (newest first, or date:asc);
    /// or a number field, ascending (`price`, `price:desc`).
    #[arg(long, value_parser = parse_sort, default_value = "relevance")]
    sort: Sort,
    /// Only documents whose number field lies in this range, both ends
    /// included, either one left out for no bound: FIELD=MIN..MAX
    /// (`price=10..20`, `updated=2024-01..`). Repeatable.
    #[arg(long = "range", value_name = "FIELD=MIN..MAX", value_parser = parse_range)]
    ranges: Vec<NumberRange>,
    /// In a split index, the answer a page shows first: when the heads of
    /// the words cannot settle the ranking, the results from the heads,
    /// without reading the tails (see TROUVE_TRACE=1 for what is read).
    #[arg(long)]
    early: bool,
    /// Say why each result ranks where it does: the ranking's keys in
    /// order (words matched, of those without a typo, how well the title
    /// and headings name the query, the match tiers) and each word's best
    /// match and score.
    #[arg(long, conflicts_with = "json")]
    explain: bool,
    /// For a site in several languages, search this language's index (the
    /// main language's otherwise).
    #[arg(long, value_parser = super::build::parse_language)]
    lang: Option<trouve::Language>,
    /// Only documents with this filter value, KEY=VALUE (`section=Politique`);
    /// repeated on one key, documents with any of its values.
    #[arg(long = "filter", value_name = "KEY=VALUE", value_parser = parse_filter)]
    filters: Vec<(String, String)>,
    /// Only documents with every one of these values, KEY=VALUE.
    #[arg(long = "filter-all", value_name = "KEY=VALUE", value_parser = parse_filter)]
    filters_all: Vec<(String, String)>,
    /// Only documents without this value, KEY=VALUE.
    #[arg(long = "filter-none", value_name = "KEY=VALUE", value_parser = parse_filter)]
    filters_none: Vec<(String, String)>,
    /// Print, instead of the results, how many of the documents found hold
    /// each value of every filter key (with no query, of all documents).
    #[arg(long, conflicts_with = "explain")]
    facets: bool,
}

fn parse_filter(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

fn parse_range(text: &str) -> Result<NumberRange, String> {
    let invalid = || format!("`{text}` is not FIELD=MIN..MAX");
    let (field, bounds) = text.split_once('=').ok_or_else(invalid)?;
    let (min, max) = bounds.split_once("..").ok_or_else(invalid)?;
    let bound = |b: &str| (!b.trim().is_empty()).then(|| Bound::parse(b));
    if field.trim().is_empty() {
        return Err(invalid());
    }
    Ok(NumberRange {
        field: field.trim().to_owned(),
        min: bound(min),
        max: bound(max),
    })
}

/// The filters the flags ask for, one a key.
fn filters(args: &SearchArgs) -> Vec<Filter> {
    let mut filters: Vec<Filter> = Vec::new();
    for (list, mode) in [
        (&args.filters, "any"),
        (&args.filters_all, "all"),
        (&args.filters_none, "none"),
    ] {
        for (key, value) in list {
            // The modes are the three above: none is refused.
            let _ = Filter::add(&mut filters, key, mode, value);
        }
    }
    filters
}

pub fn run(args: SearchArgs) -> Result<ExitCode> {
    let mut loaded = loader::open(&args.index, args.lang)?;
    let options = SearchOptions {
        limit: args.limit,
        after: args.after,
        before: args.before,
        sort: args.sort.clone(),
        filters: filters(&args),
        ranges: args.ranges.clone(),
        early: args.early,
    };
    if let Some(query) = &args.query {
        let out = respond(&mut loaded, query, &options, &args)?;
        print_out(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // One query a line; with --json, one array a line.
    let mut out = String::new();
    for line in std::io::stdin().lines() {
        let query = line?;
        if args.json && !args.facets {
            let hits = answer(&mut loaded, &query, &options)?;
            out.push_str(&serde_json::to_string(&hits)?);
            out.push('\n');
        } else {
            out.push_str(&respond(&mut loaded, &query, &options, &args)?);
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The answer to one query as the terminal shows it (or as JSON), with
/// each result's explanation when asked for.
fn respond(
    loaded: &mut loader::Loaded,
    query: &str,
    options: &SearchOptions,
    args: &SearchArgs,
) -> Result<String> {
    if args.facets {
        loaded.load_for(|index| Ok(index.facets(query, options, &[])?.needs()))?;
        let facets = loaded.index.facets(query, options, &[])?.into_ready()?;
        return render_facets(&facets, args.json);
    }
    if !args.explain {
        let hits = answer(loaded, query, options)?;
        let mut out = render(query, &hits, &[], args.json)?;
        if !args.json {
            out.push_str(&did_you_mean(loaded, query)?);
        }
        return Ok(out);
    }
    let ids: Vec<String> = answer(loaded, query, options)?
        .iter()
        .map(|hit| hit.document.id.to_owned())
        .collect();
    for id in &ids {
        loaded.load_for(|index| Ok(index.explain(query, id)?.needs()))?;
    }
    // Everything is at hand now: the same answer, read in place.
    let hits = match loaded.index.search(query, options)? {
        Answer::Early { value, .. } => value,
        answer => answer.into_ready()?,
    };
    let mut explanations = Vec::with_capacity(hits.len());
    for hit in &hits {
        explanations.push(loaded.index.explain(query, hit.document.id)?.into_ready()?);
    }
    render(query, &hits, &explanations, false)
}

/// The hits for `query`, once the index has the pieces they need; with
/// `options.early`, an early answer is taken as it is.
fn answer<'i>(
    loaded: &'i mut loader::Loaded,
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<Hit<'i>>> {
    loaded.load_for(|index| match index.search(query, options)? {
        Answer::Early { .. } => Ok(Vec::new()),
        answer => Ok(answer.needs()),
    })?;
    Ok(match loaded.index.search(query, options)? {
        Answer::Early { value, .. } => value,
        answer => answer.into_ready()?,
    })
}

/// The results as the terminal shows them, or as JSON; `explanations`,
/// when given, one a hit.
fn render(
    query: &str,
    hits: &[Hit<'_>],
    explanations: &[Option<Explanation>],
    json: bool,
) -> Result<String> {
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
    let spell = |segments: &[Segment]| -> String {
        segments
            .iter()
            .map(|s| match (s.highlight, color) {
                (true, true) => format!("\x1b[1;4m{}\x1b[0m", s.text),
                (true, false) => format!("[{}]", s.text),
                (false, _) => s.text.clone(),
            })
            .collect()
    };
    for (rank, hit) in hits.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", rank + 1, hit.document.title);
        let date = hit.document.date.unwrap_or("undated");
        let _ = writeln!(
            out,
            "   {date} · {} · score {:.3}",
            hit.document.url, hit.score
        );
        let snippet = spell(&hit.snippet);
        if !snippet.is_empty() {
            let _ = writeln!(out, "   {snippet}");
        }
        if !hit.missing.is_empty() {
            let _ = writeln!(out, "   missing: {}", hit.missing.join(", "));
        }
        for section in &hit.sections {
            let _ = writeln!(out, "   § {} · {}", section.heading, section.url);
            let snippet = spell(&section.snippet);
            if !snippet.is_empty() {
                let _ = writeln!(out, "     {snippet}");
            }
        }
        if let Some(Some(why)) = explanations.get(rank) {
            out.push_str(&explain(why));
        }
        out.push('\n');
    }
    Ok(out)
}

/// Facets as the terminal shows them (`section  Politique 12 · Sport 3`),
/// or as JSON (`{"section": {"Politique": 12, "Sport": 3}}`).
fn render_facets(facets: &[Facet<'_>], json: bool) -> Result<String> {
    if json {
        let object: serde_json::Map<String, serde_json::Value> = facets
            .iter()
            .map(|facet| {
                let values = facet
                    .values
                    .iter()
                    .map(|&(value, count)| (value.to_owned(), count.into()))
                    .collect();
                (facet.key.to_owned(), serde_json::Value::Object(values))
            })
            .collect();
        // One line: with --stdin, one answer a line.
        return Ok(serde_json::to_string(&object)? + "\n");
    }
    let mut out = String::new();
    if facets.is_empty() {
        out.push_str("The index has no filters.\n");
    }
    for facet in facets {
        let values: Vec<String> = facet
            .values
            .iter()
            .map(|(value, count)| format!("{value} {count}"))
            .collect();
        let _ = writeln!(out, "{}: {}", facet.key, values.join(" · "));
    }
    Ok(out)
}

/// "Did you mean …?" when the dictionary spells the query otherwise.
fn did_you_mean(loaded: &mut loader::Loaded, query: &str) -> Result<String> {
    loaded.load_for(|index| Ok(index.suggest(query)?.needs()))?;
    Ok(match loaded.index.suggest(query)?.into_ready()?.first() {
        Some(respelled) => format!("Did you mean “{}”?\n", respelled.trim()),
        None => String::new(),
    })
}

/// An explanation as `--explain` prints it under a result.
fn explain(why: &Explanation) -> String {
    let (matched, typo_free, naming, tiers) = why.keys;
    let naming = match naming {
        4 => "the title is the query",
        3 => "the title holds every word",
        2 => "a heading is the query",
        1 => "every word is in the title or a heading",
        _ => "not named by its title or headings",
    };
    let mut out = format!(
        "   why: {matched} of {} words, {typo_free} without a typo; {naming}; tiers {tiers}; score {:.3}\n",
        why.clauses.len(),
        why.score
    );
    for clause in &why.clauses {
        let _ = match &clause.matched {
            Some((form, kind)) => {
                let fields = match (clause.in_title, clause.in_heading) {
                    (true, true) => ", in the title and a heading",
                    (true, false) => ", in the title",
                    (false, true) => ", in a heading",
                    (false, false) => "",
                };
                writeln!(
                    out,
                    "        {} → {form} ({kind}{fields}) {:.3}",
                    clause.clause, clause.score
                )
            }
            None => writeln!(out, "        {} → missing", clause.clause),
        };
    }
    out
}
