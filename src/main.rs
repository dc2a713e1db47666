//! The `trouve` command: build an index and its browser bundle from a folder
//! of documents, search an index from the terminal, serve a site locally.

// Library and binary code say why a value must be there; tests may unwrap.
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
