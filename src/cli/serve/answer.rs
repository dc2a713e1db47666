//! What to answer to a request: the method and body checks, then the file
//! with its conditional (`If-None-Match`) and partial (`Range`) variants.

use std::fs::{File, Metadata};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

use super::files::{self, Found, Target};
use super::request::{none_match, parse_range, Request, Version};
use super::response::{copy_file, copy_gzipped, send_text, write_head, Chunked, Framing, Status};

/// Smaller files are sent as they are: gzip's header and trailer alone are
/// 18 bytes, and a packet carries 1,400.
const GZIP_ABOVE: u64 = 256;

/// Whether the connection may carry another request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    KeepAlive,
    Close,
}

pub fn answer(root: &Path, request: &Request, out: &mut impl Write) -> io::Result<Next> {
    let mut answer = Answer {
        out,
        head_only: request.method == "HEAD",
        // A body is never read, so what follows it cannot be told from
        // the next request: the connection ends with this answer.
        close: request.has_body || !request.keep_alive,
        version: request.version,
    };
    if request.method != "GET" && request.method != "HEAD" {
        let allow = [("Allow", "GET, HEAD")];
        return answer.text(
            Status::METHOD_NOT_ALLOWED,
            &allow,
            "Only GET and HEAD are served.\n",
        );
    }
    if request.has_body {
        let why = "GET and HEAD requests take no body.\n";
        return answer.text(Status::CONTENT_TOO_LARGE, &[], why);
    }
    match files::resolve(root, &request.path, request.query.as_deref()) {
        Target::NotFound => answer.not_found(),
        Target::Redirect(location) => {
            let location = [("Location", location.as_str())];
            answer.text(Status::MOVED_PERMANENTLY, &location, "")
        }
        Target::File(found) => answer.file(&found, request, root),
    }
}

/// An answer being written, and how the request wants it.
struct Answer<'a, W> {
    out: &'a mut W,
    head_only: bool,
    close: bool,
    version: Version,
}

/// The representation chosen for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Whole { gzip: bool },
    Part { first: u64, last: u64 },
    Unsatisfiable,
}

impl<W: Write> Answer<'_, W> {
    fn next(&self) -> Next {
        if self.close {
            Next::Close
        } else {
            Next::KeepAlive
        }
    }

    fn text(&mut self, status: Status, headers: &[(&str, &str)], text: &str) -> io::Result<Next> {
        send_text(self.out, status, headers, text, self.head_only, self.close)?;
        Ok(self.next())
    }

    fn not_found(&mut self) -> io::Result<Next> {
        self.text(Status::NOT_FOUND, &[], "Not found.\n")
    }

    fn file(&mut self, found: &Found, request: &Request, root: &Path) -> io::Result<Next> {
        let Some((mut file, metadata)) = open_regular(&found.path) else {
            return self.not_found();
        };
        let size = metadata.len();
        let strong = files::etag(&metadata);
        let content_type = found.content_type();
        let compressible = files::compressible(content_type);
        let body = choose_body(request, size, compressible, strong.as_deref());
        let twin = match body {
            Body::Whole { .. } if compressible => precompressed(root, request, &metadata),
            _ => None,
        };
        // A gzipped body is not the file byte for byte: its validator is
        // weak (RFC 9110 §8.8.3), which the weak comparison of
        // `If-None-Match` still matches. A twin is a file of its own, with
        // its own strong validator.
        let etag = match (&twin, &strong, body) {
            (Some(twin), _, _) => files::etag(&twin.metadata),
            (None, Some(strong), Body::Whole { gzip: true }) => Some(format!("W/{strong}")),
            (None, strong, _) => strong.clone(),
        };
        let mut headers = vec![
            ("Cache-Control", found.cache_control()),
            ("Vary", "Accept-Encoding"),
        ];
        if let Some(etag) = &etag {
            headers.push(("ETag", etag));
        }
        if not_modified(request, etag.as_deref()) {
            write_head(
                self.out,
                Status::NOT_MODIFIED,
                &headers,
                Framing::None,
                self.close,
            )?;
            return Ok(self.next());
        }
        headers.extend([("Accept-Ranges", "bytes"), ("Content-Type", content_type)]);
        if let Some(mut twin) = twin {
            headers.push(("Content-Encoding", twin.coding));
            let length = twin.metadata.len();
            return self.identity(Status::OK, &mut twin.file, length, &headers);
        }
        self.body(body, &mut file, size, &headers)
    }

    /// Sends the chosen body; `headers` hold the file's.
    fn body(
        &mut self,
        body: Body,
        file: &mut File,
        size: u64,
        headers: &[(&str, &str)],
    ) -> io::Result<Next> {
        let mut headers = headers.to_vec();
        match body {
            Body::Unsatisfiable => {
                let range = format!("bytes */{size}");
                headers.retain(|(name, _)| *name != "Content-Type");
                headers.push(("Content-Range", &range));
                let text = "The range is outside the file.\n";
                self.text(Status::RANGE_NOT_SATISFIABLE, &headers, text)
            }
            Body::Part { first, last } => {
                let range = format!("bytes {first}-{last}/{size}");
                headers.push(("Content-Range", &range));
                file.seek(SeekFrom::Start(first))?;
                self.identity(Status::PARTIAL_CONTENT, file, last - first + 1, &headers)
            }
            Body::Whole { gzip: false } => self.identity(Status::OK, file, size, &headers),
            Body::Whole { gzip: true } => {
                headers.push(("Content-Encoding", "gzip"));
                self.gzipped(file, size, &headers)
            }
        }
    }

    /// `length` bytes of `file` from where it stands, as they are.
    fn identity(
        &mut self,
        status: Status,
        file: &mut File,
        length: u64,
        headers: &[(&str, &str)],
    ) -> io::Result<Next> {
        write_head(
            self.out,
            status,
            headers,
            Framing::Length(length),
            self.close,
        )?;
        if !self.head_only {
            copy_file(file, length, self.out)?;
        }
        Ok(self.next())
    }

    /// The file gzipped: chunked for HTTP/1.1, which lets the connection
    /// go on, and ended by closing the connection for HTTP/1.0, which has
    /// no chunks.
    fn gzipped(
        &mut self,
        file: &mut File,
        size: u64,
        headers: &[(&str, &str)],
    ) -> io::Result<Next> {
        if self.version == Version::Http10 {
            write_head(self.out, Status::OK, headers, Framing::UntilClose, true)?;
            if !self.head_only {
                copy_gzipped(file, size, &mut *self.out)?;
            }
            return Ok(Next::Close);
        }
        write_head(self.out, Status::OK, headers, Framing::Chunked, self.close)?;
        if !self.head_only {
            copy_gzipped(file, size, Chunked::new(&mut *self.out))?.finish()?;
        }
        Ok(self.next())
    }
}

/// The file at `path` with its metadata, if it is a regular file: a FIFO
/// or a device would block or never end. (`resolve` checked, but the
/// folder may have changed since.)
fn open_regular(path: &Path) -> Option<(File, Metadata)> {
    let file = File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    metadata.is_file().then_some((file, metadata))
}

/// A precompressed twin of a file (see `trouve build`'s bundle): its
/// encoding, the file and its metadata.
struct Twin {
    coding: &'static str,
    file: File,
    metadata: Metadata,
}

/// The twin to send instead of the file, `name.br` before `name.gz`, when
/// the client accepts its encoding. A twin older than its file is left
/// alone: it was made from an earlier version. Twins are looked up like
/// any file, so a twin that links outside the root is never sent.
fn precompressed(root: &Path, request: &Request, original: &Metadata) -> Option<Twin> {
    let wanted = [
        (request.accepts_brotli, ".br", "br"),
        (request.accepts_gzip, ".gz", "gzip"),
    ];
    for (accepted, suffix, coding) in wanted {
        if !accepted {
            continue;
        }
        let Target::File(found) = files::resolve(root, &format!("{}{suffix}", request.path), None)
        else {
            continue;
        };
        let Some((file, metadata)) = open_regular(&found.path) else {
            continue;
        };
        let fresh = match (metadata.modified(), original.modified()) {
            (Ok(twin), Ok(original)) => twin >= original,
            _ => false,
        };
        if fresh {
            return Some(Twin {
                coding,
                file,
                metadata,
            });
        }
    }
    None
}

/// Whether `If-None-Match` names the current file (`*` names any).
fn not_modified(request: &Request, etag: Option<&str>) -> bool {
    match (&request.if_none_match, etag) {
        (Some(value), Some(etag)) => none_match(value, etag),
        (Some(value), None) => value.trim() == "*",
        (None, _) => false,
    }
}

/// Picks the whole file, gzipped or not, or the one range asked for. A
/// range is served as the file's own bytes: ranges of a gzip stream made
/// afresh on each request would not fit together.
fn choose_body(request: &Request, size: u64, compressible: bool, etag: Option<&str>) -> Body {
    // `If-Range` asks for the range only if the file is still the one
    // whose start the client holds.
    let range_applies = match &request.if_range {
        None => true,
        Some(validator) => etag.is_some_and(|etag| validator.trim() == etag),
    };
    let range = request
        .range
        .as_deref()
        .filter(|_| range_applies)
        .and_then(parse_range);
    match range.map(|range| range.within(size)) {
        Some(Some((first, last))) => Body::Part { first, last },
        Some(None) => Body::Unsatisfiable,
        None => Body::Whole {
            gzip: request.accepts_gzip && compressible && size > GZIP_ABOVE,
        },
    }
}
