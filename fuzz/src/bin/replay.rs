//! `replay <target> <file or folder>...`: runs saved inputs (the seeds,
//! the regressions, a fuzzer's findings) through a target without the
//! fuzzer, each on its own thread, and names every one that panics or
//! takes longer than a second.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SLOW: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(name) = args.next() else {
        eprintln!("usage: replay <target> <file or folder>...");
        return ExitCode::from(2);
    };
    let Some(&(_, target)) = trouve_fuzz::TARGETS.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = trouve_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "replay: no target `{name}` (there are: {})",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    let mut inputs = Vec::new();
    for arg in args {
        collect(Path::new(&arg), &mut inputs);
    }
    let mut failed = 0;
    for input in &inputs {
        let data = match std::fs::read(input) {
            Ok(data) => data,
            Err(error) => {
                eprintln!("replay: cannot read {}: {error}", input.display());
                failed += 1;
                continue;
            }
        };
        let started = Instant::now();
        let outcome = std::thread::spawn(move || target(&data)).join();
        let took = started.elapsed();
        if outcome.is_err() {
            eprintln!("replay {name}: {} panics", input.display());
            failed += 1;
        } else if took > SLOW {
            eprintln!("replay {name}: {} takes {took:?}", input.display());
            failed += 1;
        }
    }
    eprintln!("replay {name}: {} inputs, {failed} failed", inputs.len());
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn collect(path: &Path, into: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                collect(&path, into);
            }
        }
        Err(_) if path.is_file() => into.push(path.to_path_buf()),
        // A folder that is not there yet (no regressions): nothing to run.
        Err(_) => {}
    }
}
