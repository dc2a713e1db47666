//! Writing answers: the status line and headers, and bodies streamed from
//! files in fixed chunks, gzipped on the fly when asked, so memory per
//! connection stays the same whatever the file's size.

use std::fs::File;
use std::io::{self, Read, Write};

use flate2::write::GzEncoder;
use flate2::Compression;

/// How much of a file is read at a time, and the size of the output buffer.
pub const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub code: u16,
    pub reason: &'static str,
}

impl Status {
    const fn new(code: u16, reason: &'static str) -> Self {
        Status { code, reason }
    }
    pub const OK: Status = Status::new(200, "OK");
    pub const PARTIAL_CONTENT: Status = Status::new(206, "Partial Content");
    pub const MOVED_PERMANENTLY: Status = Status::new(301, "Moved Permanently");
    pub const NOT_MODIFIED: Status = Status::new(304, "Not Modified");
    pub const BAD_REQUEST: Status = Status::new(400, "Bad Request");
    pub const NOT_FOUND: Status = Status::new(404, "Not Found");
    pub const METHOD_NOT_ALLOWED: Status = Status::new(405, "Method Not Allowed");
    pub const CONTENT_TOO_LARGE: Status = Status::new(413, "Content Too Large");
    pub const URI_TOO_LONG: Status = Status::new(414, "URI Too Long");
    pub const RANGE_NOT_SATISFIABLE: Status = Status::new(416, "Range Not Satisfiable");
    pub const HEADERS_TOO_LARGE: Status = Status::new(431, "Request Header Fields Too Large");
    pub const SERVICE_UNAVAILABLE: Status = Status::new(503, "Service Unavailable");
    pub const VERSION_NOT_SUPPORTED: Status = Status::new(505, "HTTP Version Not Supported");
}

/// How the client finds where a body ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body by definition (304).
    None,
    Length(u64),
    /// For gzip, whose length is known only at the end.
    Chunked,
    /// The body ends with the connection: gzip for an HTTP/1.0 client,
    /// which does not know chunks.
    UntilClose,
}

/// Writes the status line and headers. `close` announces that the
/// connection ends after this answer.
pub fn write_head(
    out: &mut impl Write,
    status: Status,
    headers: &[(&str, &str)],
    framing: Framing,
    close: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", status.code, status.reason);
    match framing {
        Framing::None | Framing::UntilClose => {}
        Framing::Length(length) => head.push_str(&format!("Content-Length: {length}\r\n")),
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    // Types are set by name; a browser second-guessing them could run a
    // text file as a script.
    head.push_str("X-Content-Type-Options: nosniff\r\n");
    if close || framing == Framing::UntilClose {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())
}

/// A short plain-text answer: errors, redirects.
pub fn send_text(
    out: &mut impl Write,
    status: Status,
    headers: &[(&str, &str)],
    text: &str,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut all = vec![("Content-Type", "text/plain; charset=utf-8")];
    all.extend_from_slice(headers);
    write_head(out, status, &all, Framing::Length(text.len() as u64), close)?;
    if !head_only {
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Copies exactly `length` bytes of `file`, a chunk at a time. A file that
/// shrinks meanwhile is an error: the length was promised to the client.
pub fn copy_file(file: &mut File, length: u64, out: &mut impl Write) -> io::Result<()> {
    let mut buffer = vec![0; CHUNK];
    let mut left = length;
    while left > 0 {
        let want = usize::try_from(left).map_or(CHUNK, |left| left.min(CHUNK));
        let read = match file.read(&mut buffer[..want]) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the file shrank while being sent",
                ))
            }
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        out.write_all(&buffer[..read])?;
        left -= read as u64;
    }
    Ok(())
}

/// Gzips `length` bytes of `file` into `out` at level 6, what static
/// hosts commonly use; the encoder's window is all it holds.
pub fn copy_gzipped<W: Write>(file: &mut File, length: u64, out: W) -> io::Result<W> {
    let mut encoder = GzEncoder::new(out, Compression::new(6));
    copy_file(file, length, &mut encoder)?;
    encoder.finish()
}

/// Chunked transfer coding: each write becomes one chunk.
#[derive(Debug)]
pub struct Chunked<W: Write> {
    inner: W,
}

impl<W: Write> Chunked<W> {
    pub fn new(inner: W) -> Self {
        Chunked { inner }
    }

    /// Writes the last, empty chunk that ends the body.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(b"0\r\n\r\n")?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Chunked<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        // An empty chunk would end the body.
        if data.is_empty() {
            return Ok(0);
        }
        write!(self.inner, "{:x}\r\n", data.len())?;
        self.inner.write_all(data)?;
        self.inner.write_all(b"\r\n")?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_frame_each_write_and_end_with_an_empty_one() {
        let mut chunked = Chunked::new(Vec::new());
        chunked.write_all(b"hello").unwrap();
        chunked.write_all(b"").unwrap();
        chunked.write_all(&[b'x'; 17]).unwrap();
        let out = chunked.finish().unwrap();
        let expected = format!("5\r\nhello\r\n11\r\n{}\r\n0\r\n\r\n", "x".repeat(17));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn heads_say_how_the_body_ends() {
        let head = |framing, close| {
            let mut out = Vec::new();
            write_head(&mut out, Status::OK, &[("ETag", "\"a\"")], framing, close).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            head(Framing::Length(3), false),
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nETag: \"a\"\r\nX-Content-Type-Options: nosniff\r\n\r\n"
        );
        assert!(head(Framing::Chunked, false).contains("Transfer-Encoding: chunked\r\n"));
        assert!(head(Framing::UntilClose, false).contains("Connection: close\r\n"));
        assert!(!head(Framing::None, false).contains("Content-Length"));
        assert!(head(Framing::None, true).contains("Connection: close\r\n"));
    }
}
