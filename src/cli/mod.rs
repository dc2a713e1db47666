//! Command-line parsing and the commands. Everything here is native-only:
//! the library and the browser module never see it.

mod build;
mod bundle;
pub mod corpus;
mod language;
mod loader;
mod output;
mod precompress;
mod search;
mod serve;
mod split;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Full-text search for static sites: an fst index inside one WebAssembly
/// module, searched in the page with no server.
#[derive(Debug, Parser)]
#[command(name = "trouve", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index a folder of documents and write the index and browser bundle.
    Build(build::BuildArgs),
    /// Search an index from the terminal.
    Search(search::SearchArgs),
    /// Serve a folder on localhost, gzipped like a static host.
    Serve(serve::ServeArgs),
}

pub fn run() -> ExitCode {
    // An internal error is a bug: say so in one line, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("trouve: internal error: {info}\nThis is a bug in Trouve; please report it with the command you ran.");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Search(args) => search::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes a command's output. A reader that stops early (`trouve search …
/// | head`) is not an error: the output simply ends there.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

/// Parses a `--after`/`--before` date.
pub fn parse_date(text: &str) -> Result<trouve::Date, String> {
    trouve::Date::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"))
}

/// Parses `--sort`.
pub fn parse_sort(name: &str) -> Result<trouve::Sort, String> {
    trouve::Sort::parse(name).map_err(|error| error.to_string())
}
