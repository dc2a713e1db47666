//! `trouve serve`: a static file server for trying a site, that behaves
//! like a typical static host: gzip for text and WebAssembly, ETags and
//! ranges, `index.html` for folders, the right `Content-Type` for `.wasm`
//! (which streaming compilation needs), a year of caching for the files a
//! build names by their hash.
//!
//! It is a plain HTTP/1.1 server on `std::net`, a thread per connection
//! with keep-alive. (tiny_http, tried first, sometimes left a request
//! unanswered when a page fetched many files at once.) Since a preview
//! does end up reachable from elsewhere, every resource a client can make
//! it hold is bounded: connections (`slots`), time (`connection`), memory
//! per request head (`request`) and per body (`response`); and nothing
//! outside the folder is ever read (`files`).

mod answer;
mod connection;
mod files;
mod request;
mod response;
mod slots;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;

use response::{send_text, Status};
use slots::Slots;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder to serve.
    dir: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
}

/// What one server lets its clients take.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Connections handled at once: a thread each.
    connections: usize,
    /// How long a connection may wait for a request and take to send its
    /// head, together.
    idle: Duration,
    /// How long one write may block on a client that does not read.
    write: Duration,
}

/// A page fetches a few dozen files at once, over six connections per
/// host in a browser: 256 leaves room for many visitors, and 256 threads
/// are cheap. Thirty seconds is what common servers allow an idle client.
const LIMITS: Limits = Limits {
    connections: 256,
    idle: Duration::from_secs(30),
    write: Duration::from_secs(30),
};

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let root = args
        .dir
        .canonicalize()
        .with_context(|| format!("cannot serve `{}`", args.dir.display()))?;
    if !root.is_dir() {
        bail!("`{}` is not a folder", args.dir.display());
    }
    let address = format!("{}:{}", args.host, args.port);
    let listener = TcpListener::bind(&address).with_context(|| {
        format!("cannot listen on {address}; if the port is in use, pass --port with another number (0 picks a free one)")
    })?;
    let local = listener.local_addr()?;
    println!(
        "Serving {} at http://{local}/  (Ctrl-C stops)",
        root.display()
    );
    let _ = std::io::stdout().flush();
    serve_forever(listener, root, LIMITS)
}

/// Accepts connections and serves `root` (canonical) on each in a thread.
fn serve_forever(listener: TcpListener, root: PathBuf, limits: Limits) -> ! {
    let root = Arc::new(root);
    let slots = Slots::new(limits.connections);
    let mut backoff = Backoff::new();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                backoff.reset();
                dispatch(&root, &slots, limits, stream);
            }
            // Out of file descriptors, typically: failing again at once
            // would spin, while waiting lets connections end.
            Err(_) => std::thread::sleep(backoff.next_delay()),
        }
    }
}

/// Gives a new connection a slot and a thread, or refuses it.
fn dispatch(root: &Arc<PathBuf>, slots: &Arc<Slots>, limits: Limits, stream: TcpStream) {
    match slots.admit(stream) {
        Err(stream) => refuse_busy(stream),
        Ok(slot) => {
            let root = Arc::clone(root);
            // A thread that cannot start drops the connection, and its
            // slot with it.
            let _ = std::thread::Builder::new()
                .name("trouve-serve".to_owned())
                .spawn(move || connection::serve(&root, limits, slot));
        }
    }
}

/// Answers 503 when every connection is busy answering. The accept loop
/// must never wait on a client: the socket is made non-blocking, and a
/// fresh socket's buffer always has room for this short answer.
fn refuse_busy(stream: TcpStream) {
    let mut answer = Vec::new();
    let text = "The server is busy: retry in a moment.\n";
    let retry = [("Retry-After", "1")];
    if send_text(
        &mut answer,
        Status::SERVICE_UNAVAILABLE,
        &retry,
        text,
        false,
        true,
    )
    .is_ok()
        && stream.set_nonblocking(true).is_ok()
    {
        let _ = (&stream).write_all(&answer);
    }
}

/// Waits after failed accepts: 10 ms, doubling up to a second, and back to
/// 10 ms once one succeeds.
#[derive(Debug)]
struct Backoff {
    next: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(10);
    const MOST: Duration = Duration::from_secs(1);

    fn new() -> Self {
        Backoff { next: Self::FIRST }
    }

    fn reset(&mut self) {
        self.next = Self::FIRST;
    }

    fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (delay * 2).min(Self::MOST);
        delay
    }
}

#[cfg(test)]
mod tests;
