//! `trouve serve`: a static file server for trying a site locally, that
//! behaves like a typical static host: gzip for text and WebAssembly, ETags,
//! `index.html` for folders, the right `Content-Type` for `.wasm` (which
//! streaming compilation needs).
//!
//! It is a plain HTTP/1.1 server on `std::net`, a thread per connection with
//! keep-alive: all a preview needs. (tiny_http, tried first, sometimes left a
//! request unanswered when a page fetched many files at once.)

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use clap::Args;
use flate2::write::GzEncoder;
use flate2::Compression;

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

/// A connection idle this long is closed.
const IDLE: Duration = Duration::from_secs(30);
/// Requests with longer headers are refused.
const MAX_HEADER_BYTES: usize = 16 * 1024;

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

    let root = Arc::new(root);
    for stream in listener.incoming().flatten() {
        let root = Arc::clone(&root);
        std::thread::spawn(move || {
            let _ = serve_connection(&root, stream);
        });
    }
    Ok(ExitCode::SUCCESS)
}

/// A request, as much of it as a static server needs.
#[derive(Debug, Default)]
struct Request {
    method: String,
    path: String,
    accepts_gzip: bool,
    if_none_match: Option<String>,
    keep_alive: bool,
}

fn serve_connection(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader)? {
        let keep_alive = request.keep_alive;
        respond(root, &request, &mut writer)?;
        if !keep_alive {
            break;
        }
    }
    Ok(())
}

/// Reads one request's head; `None` when the client closed the connection.
/// Request bodies are not expected (GET and HEAD only) and not read.
fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    let mut total = 0;
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let mut request = Request {
        method: parts.next().unwrap_or_default().to_owned(),
        path: parts.next().unwrap_or("/").to_owned(),
        keep_alive: parts.next() == Some("HTTP/1.1"),
        ..Request::default()
    };
    loop {
        line.clear();
        let read = reader.read_line(&mut line)?;
        total += read;
        if read == 0 || total > MAX_HEADER_BYTES {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            return Ok(Some(request));
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "accept-encoding" => request.accepts_gzip = value.contains("gzip"),
            "if-none-match" => request.if_none_match = Some(value.to_owned()),
            "connection" => request.keep_alive = !value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
}

fn respond(root: &Path, request: &Request, out: &mut impl Write) -> std::io::Result<()> {
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        return write_response(
            out,
            "405 Method Not Allowed",
            &[],
            b"only GET and HEAD\n",
            head,
        );
    }
    let url_path = request.path.split(['?', '#']).next().unwrap_or("/");
    let Some(mut path) = resolve(root, url_path) else {
        return write_response(out, "404 Not Found", &[], b"not found\n", head);
    };
    if path.is_dir() {
        if !url_path.ends_with('/') {
            let location = format!("{url_path}/");
            return write_response(
                out,
                "301 Moved Permanently",
                &[("Location", &location)],
                b"",
                head,
            );
        }
        path.push("index.html");
    }
    let Ok(bytes) = fs::read(&path) else {
        return write_response(out, "404 Not Found", &[], b"not found\n", head);
    };
    let content_type = content_type(&path);
    let etag = fs::metadata(&path)
        .ok()
        .and_then(|m| {
            Some(format!(
                "\"{:x}-{:x}\"",
                m.len(),
                m.modified()
                    .ok()?
                    .duration_since(UNIX_EPOCH)
                    .ok()?
                    .as_nanos()
            ))
        })
        .unwrap_or_default();
    let mut headers = vec![
        ("Content-Type", content_type),
        ("Cache-Control", "no-cache"),
        ("ETag", etag.as_str()),
        ("Vary", "Accept-Encoding"),
    ];
    if !etag.is_empty() && request.if_none_match.as_deref() == Some(etag.as_str()) {
        return write_response(out, "304 Not Modified", &headers, b"", true);
    }
    if compressible(content_type) && bytes.len() > 256 && request.accepts_gzip {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
        encoder.write_all(&bytes)?;
        let gzipped = encoder.finish()?;
        headers.push(("Content-Encoding", "gzip"));
        return write_response(out, "200 OK", &headers, &gzipped, head);
    }
    write_response(out, "200 OK", &headers, &bytes, head)
}

fn write_response(
    out: &mut impl Write,
    status: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    out.write_all(response.as_bytes())?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

/// The file a URL path names under `root`, or `None` if it would leave it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut path = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    // Symbolic links may point anywhere: only serve what stays under root.
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(
            content_type,
            "application/json"
                | "application/manifest+json"
                | "application/wasm"
                | "image/svg+xml"
                | "application/xml"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn paths_never_leave_the_root() {
        let root = std::env::temp_dir().canonicalize().unwrap();
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&root, "/a/../../b"), None);
        assert_eq!(resolve(&root, "/"), Some(root.clone()));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(
            percent_decode("/a%20b/%C3%A9.html").as_deref(),
            Some("/a b/é.html")
        );
        assert_eq!(percent_decode("/bad%zz"), None);
        assert_eq!(percent_decode("/cut%4"), None);
    }

    #[test]
    fn wasm_is_served_as_wasm_and_compressed() {
        assert_eq!(content_type(Path::new("x/trouve.wasm")), "application/wasm");
        assert!(compressible(content_type(Path::new("trouve.wasm"))));
        assert!(!compressible(content_type(Path::new("a.png"))));
    }

    #[test]
    fn many_requests_on_many_connections_all_get_answers() {
        let root = std::env::temp_dir().join(format!("trouve-serve-{}", std::process::id()));
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("page.html"), "<p>".repeat(1000)).unwrap();
        let root = Arc::new(root.canonicalize().unwrap());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server_root = Arc::clone(&root);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = Arc::clone(&server_root);
                std::thread::spawn(move || serve_connection(&root, stream));
            }
        });
        let clients: Vec<_> = (0..16)
            .map(|_| {
                std::thread::spawn(move || {
                    let mut stream = TcpStream::connect(address).unwrap();
                    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    for _ in 0..20 {
                        stream.write_all(b"GET /page.html HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n").unwrap();
                        let mut length = 0;
                        let mut line = String::new();
                        loop {
                            line.clear();
                            reader.read_line(&mut line).unwrap();
                            if line == "\r\n" {
                                break;
                            }
                            if let Some(value) = line.strip_prefix("Content-Length: ") {
                                length = value.trim().parse().unwrap();
                            }
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        assert!(body.starts_with(&[0x1f, 0x8b]), "gzip");
                    }
                })
            })
            .collect();
        for client in clients {
            client.join().unwrap();
        }
        let _ = fs::remove_dir_all(root.as_path());
    }
}
