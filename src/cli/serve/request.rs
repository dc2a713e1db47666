//! Reading a request's head with bounded memory, and the few header values
//! a static server acts on.

use std::io::{self, BufRead};

use super::response::Status;

/// The longest request line read: browsers cap URLs near this, and a
/// static site's are far shorter.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most header bytes read for one request, all lines together: what
/// common servers accept, and plenty for a browser's cookies.
pub const MAX_HEADERS: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Http10,
    Http11,
}

/// A request, as much of it as a static server needs.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    pub query: Option<String>,
    pub version: Version,
    /// HTTP/1.1 without `Connection: close`. HTTP/1.0 connections are
    /// closed after one answer, which needs no `Connection: keep-alive`
    /// bookkeeping and lets a gzip body end with the connection.
    pub keep_alive: bool,
    pub accepts_gzip: bool,
    pub accepts_brotli: bool,
    pub if_none_match: Option<String>,
    pub if_range: Option<String>,
    pub range: Option<String>,
    /// `Content-Length` above zero or any `Transfer-Encoding`: the body is
    /// never read, so the connection cannot be used after it.
    pub has_body: bool,
}

/// Why no request came out of the connection.
#[derive(Debug)]
pub enum Unreadable {
    /// The client closed, went silent or failed: nothing to answer.
    Gone,
    /// The head is unacceptable: answer this, then close.
    Refused(Status, &'static str),
}

impl From<io::Error> for Unreadable {
    fn from(_: io::Error) -> Self {
        Unreadable::Gone
    }
}

/// Reads one request's head, never holding more than the limits above.
pub fn read_request(reader: &mut impl BufRead) -> Result<Request, Unreadable> {
    let mut line = Vec::new();
    let mut consumed = read_line(reader, MAX_REQUEST_LINE, &mut line)?;
    // One empty line before a request is tolerated (RFC 9112 §2.2): some
    // clients end a body with an extra line break.
    if line.is_empty() {
        consumed = read_line(reader, MAX_REQUEST_LINE, &mut line)?;
    }
    let mut request = match consumed {
        Line::Read(_) => parse_request_line(&line)?,
        Line::End => return Err(Unreadable::Gone),
        Line::TooLong => {
            return Err(Unreadable::Refused(
                Status::URI_TOO_LONG,
                "The request line is longer than 8 KiB: shorten the URL.\n",
            ))
        }
    };
    let headers = read_headers(reader, &mut line)?;
    apply_headers(&mut request, &headers)?;
    Ok(request)
}

/// How a line read ended.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// A whole line, this many bytes with its ending; `line` holds it
    /// without the ending.
    Read(usize),
    /// The stream ended before a line did.
    End,
    /// No line ending within the limit.
    TooLong,
}

/// Reads a line of at most `limit` bytes, line ending included. Unlike
/// `read_line`, a line without end is never buffered past the limit.
fn read_line(reader: &mut impl BufRead, limit: usize, line: &mut Vec<u8>) -> io::Result<Line> {
    line.clear();
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(Line::End);
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let take = newline.map_or(available.len(), |i| i + 1);
        if line.len() + take > limit {
            return Ok(Line::TooLong);
        }
        line.extend_from_slice(&available[..take]);
        reader.consume(take);
        if newline.is_some() {
            let length = line.len();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Line::Read(length));
        }
    }
}

fn bad(why: &'static str) -> Unreadable {
    Unreadable::Refused(Status::BAD_REQUEST, why)
}

fn parse_request_line(line: &[u8]) -> Result<Request, Unreadable> {
    const MALFORMED: &str = "Malformed request line: send `GET /path HTTP/1.1`.\n";
    let text = std::str::from_utf8(line).map_err(|_| bad(MALFORMED))?;
    let mut parts = text.split_ascii_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad(MALFORMED));
    };
    let version = match version {
        "HTTP/1.1" => Version::Http11,
        "HTTP/1.0" => Version::Http10,
        _ if version.starts_with("HTTP/") => {
            return Err(Unreadable::Refused(
                Status::VERSION_NOT_SUPPORTED,
                "Only HTTP/1.0 and HTTP/1.1 are served.\n",
            ))
        }
        _ => return Err(bad(MALFORMED)),
    };
    // Visible ASCII only: the query is copied into a redirect's `Location`.
    if !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(
            "The URL holds characters that must be percent-encoded.\n",
        ));
    }
    let (path, query) =
        split_target(target).ok_or_else(|| bad("The URL must be a path starting with `/`.\n"))?;
    Ok(Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.map(str::to_owned),
        version,
        keep_alive: version == Version::Http11,
        accepts_gzip: false,
        accepts_brotli: false,
        if_none_match: None,
        if_range: None,
        range: None,
        has_body: false,
    })
}

/// The path and query of a request target: `/path?query`, or the
/// absolute form `http://host/path?query` that proxies send.
fn split_target(target: &str) -> Option<(&str, Option<&str>)> {
    let target = target.split('#').next().unwrap_or_default();
    let origin = if target.starts_with('/') {
        target
    } else {
        let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
        let rest = if lower.starts_with("http://") {
            &target[7..]
        } else if lower.starts_with("https://") {
            &target[8..]
        } else {
            return None;
        };
        rest.find(['/', '?']).map_or("/", |i| &rest[i..])
    };
    let (path, query) = match origin.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (origin, None),
    };
    Some((if path.is_empty() { "/" } else { path }, query))
}

/// The header lines up to the empty one, names lowercased.
fn read_headers(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
) -> Result<Vec<(String, String)>, Unreadable> {
    const TOO_LARGE: Unreadable = Unreadable::Refused(
        Status::HEADERS_TOO_LARGE,
        "The request headers pass 16 KiB: send fewer or smaller cookies.\n",
    );
    let mut headers = Vec::new();
    let mut budget = MAX_HEADERS;
    loop {
        let length = match read_line(reader, budget, line)? {
            Line::Read(length) => length,
            Line::End => return Err(Unreadable::Gone),
            Line::TooLong => return Err(TOO_LARGE),
        };
        budget -= length;
        if line.is_empty() {
            return Ok(headers);
        }
        headers.push(parse_header(line)?);
    }
}

fn parse_header(line: &[u8]) -> Result<(String, String), Unreadable> {
    const MALFORMED: &str = "Malformed header line: send `Name: value`.\n";
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| bad(MALFORMED))?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    // No whitespace in or around a name (RFC 9112 §5.1), which also
    // refuses the obsolete folding of a value over several lines.
    if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic()) {
        return Err(bad(MALFORMED));
    }
    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
    let value = String::from_utf8_lossy(value)
        .trim_matches([' ', '\t'])
        .to_owned();
    Ok((name, value))
}

/// All the values of one header, joined as a list (RFC 9110 §5.3).
fn joined(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

fn apply_headers(request: &mut Request, headers: &[(String, String)]) -> Result<(), Unreadable> {
    if request.version == Version::Http11 && joined(headers, "host").is_none() {
        return Err(bad("HTTP/1.1 requests need a Host header.\n"));
    }
    if let Some(connection) = joined(headers, "connection") {
        if has_token(&connection, "close") {
            request.keep_alive = false;
        }
    }
    if let Some(length) = joined(headers, "content-length") {
        if length.is_empty() || !length.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("Malformed Content-Length: send one number.\n"));
        }
        request.has_body |= length.bytes().any(|b| b != b'0');
    }
    request.has_body |= joined(headers, "transfer-encoding").is_some();
    let accept_encoding = joined(headers, "accept-encoding").unwrap_or_default();
    request.accepts_gzip = accepts(&accept_encoding, "gzip");
    request.accepts_brotli = accepts(&accept_encoding, "br");
    request.if_none_match = joined(headers, "if-none-match");
    request.if_range = joined(headers, "if-range");
    request.range = joined(headers, "range");
    Ok(())
}

fn has_token(list: &str, token: &str) -> bool {
    list.split(',')
        .any(|item| item.trim().eq_ignore_ascii_case(token))
}

/// Whether an `Accept-Encoding` value accepts `coding` (`gzip` or `br`):
/// named (gzip also as `x-gzip`), or through `*`, with a weight above zero
/// (`gzip;q=0` refuses it).
pub fn accepts(value: &str, coding: &str) -> bool {
    let mut named = None;
    let mut any = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let weight = parts
            .find_map(|parameter| {
                let (key, value) = parameter.split_once('=')?;
                key.trim().eq_ignore_ascii_case("q").then(|| value.trim())
            })
            .map_or(Some(1.0), |q| q.parse::<f32>().ok());
        let Some(weight) = weight else { continue };
        let alias = coding == "gzip" && name.eq_ignore_ascii_case("x-gzip");
        if name.eq_ignore_ascii_case(coding) || alias {
            named = Some(weight);
        } else if name == "*" {
            any = Some(weight);
        }
    }
    named.or(any).is_some_and(|weight| weight > 0.0)
}

/// Whether an `If-None-Match` value matches `etag`: `*`, or a list of
/// entity tags compared weakly (`W/"a"` matches `"a"`), as RFC 9110 §13.1.2
/// asks. A malformed list matches nothing from where it goes wrong.
pub fn none_match(value: &str, etag: &str) -> bool {
    if value.trim() == "*" {
        return true;
    }
    let wanted = opaque(etag);
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            return false;
        }
        let tag = rest.strip_prefix("W/").unwrap_or(rest);
        let Some(quoted) = tag.strip_prefix('"') else {
            return false;
        };
        let Some(end) = quoted.find('"') else {
            return false;
        };
        if Some(&quoted[..end]) == wanted {
            return true;
        }
        rest = &quoted[end + 1..];
    }
}

/// The quoted part of an entity tag, weak or strong.
fn opaque(etag: &str) -> Option<&str> {
    etag.strip_prefix("W/")
        .unwrap_or(etag)
        .strip_prefix('"')?
        .strip_suffix('"')
}

/// One byte range, as a `Range` header asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=a-b` (inclusive) or `bytes=a-`.
    From(u64, Option<u64>),
    /// `bytes=-n`: the last `n` bytes.
    Last(u64),
}

/// A `Range` value of one byte range; `None` for anything else (several
/// ranges, other units, malformed), which is then ignored (RFC 9110 §14.2).
pub fn parse_range(value: &str) -> Option<ByteRange> {
    let (unit, spec) = value.split_once('=')?;
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return None;
    }
    let (first, last) = spec.trim().split_once('-')?;
    match (first.is_empty(), last.is_empty()) {
        (true, true) => None,
        (true, false) => Some(ByteRange::Last(number(last)?)),
        (false, _) => {
            let first = number(first)?;
            let last = if last.is_empty() {
                None
            } else {
                Some(number(last)?)
            };
            match last {
                Some(last) if last < first => None,
                _ => Some(ByteRange::From(first, last)),
            }
        }
    }
}

fn number(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl ByteRange {
    /// The first and last byte of this range in a file of `size` bytes,
    /// or `None` if it holds none of them.
    pub fn within(self, size: u64) -> Option<(u64, u64)> {
        let end = size.checked_sub(1)?;
        match self {
            ByteRange::From(first, _) if first > end => None,
            ByteRange::From(first, last) => Some((first, last.map_or(end, |last| last.min(end)))),
            ByteRange::Last(0) => None,
            ByteRange::Last(count) => Some((size - count.min(size), end)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Read};

    fn read(text: &str) -> Result<Request, Unreadable> {
        read_request(&mut text.as_bytes())
    }

    fn refusal(result: Result<Request, Unreadable>) -> u16 {
        match result {
            Err(Unreadable::Refused(status, _)) => status.code,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_request_head_is_read() {
        let request = read(
            "GET /a%20b/?q=1 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br, gzip\r\n\
             If-None-Match: \"a\"\r\nIf-None-Match: W/\"b\"\r\nRange: bytes=1-2\r\n\r\nGET",
        )
        .unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/a%20b/");
        assert_eq!(request.query.as_deref(), Some("q=1"));
        assert!(request.keep_alive && request.accepts_gzip && request.accepts_brotli);
        assert!(!request.has_body);
        assert_eq!(request.if_none_match.as_deref(), Some("\"a\", W/\"b\""));
        assert_eq!(request.range.as_deref(), Some("bytes=1-2"));
        assert!(!read("GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive);
        assert!(
            !read("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, close\r\n\r\n")
                .unwrap()
                .keep_alive
        );
        let absolute = read("GET http://x.test/a?b HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(
            (absolute.path.as_str(), absolute.query.as_deref()),
            ("/a", Some("b"))
        );
        assert!(matches!(read(""), Err(Unreadable::Gone)));
        assert!(matches!(
            read("GET / HTTP/1.1\r\nHost"),
            Err(Unreadable::Gone)
        ));
    }

    #[test]
    fn malformed_heads_are_refused() {
        assert_eq!(refusal(read("GET /\r\n\r\n")), 400);
        assert_eq!(refusal(read("GET / HTTP/1.1\r\n\r\n")), 400, "no Host");
        assert_eq!(refusal(read("GET a HTTP/1.1\r\nHost: x\r\n\r\n")), 400);
        assert_eq!(refusal(read("GET / HTTP/2.0\r\nHost: x\r\n\r\n")), 505);
        assert_eq!(refusal(read("GET / HTTP/1.1\r\nHost : x\r\n\r\n")), 400);
        assert_eq!(
            refusal(read("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")),
            400
        );
        assert_eq!(
            refusal(read(
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"
            )),
            400
        );
    }

    #[test]
    fn an_endless_request_line_is_refused_without_being_buffered() {
        // An endless stream with no line ending: `read_line` would grow its
        // buffer until memory ran out.
        let mut endless = BufReader::new(io::repeat(b'a'));
        assert_eq!(refusal(read_request(&mut endless)), 414);
        let mut long = format!(
            "GET /{} HTTP/1.1\r\nHost: x\r\n\r\n",
            "a".repeat(MAX_REQUEST_LINE)
        );
        assert_eq!(refusal(read(&long)), 414);
        long.truncate(0);
        long.push_str(&format!(
            "GET /{} HTTP/1.1\r\nHost: x\r\n\r\n",
            "a".repeat(MAX_REQUEST_LINE - 20)
        ));
        assert!(read(&long).is_ok());
    }

    #[test]
    fn endless_headers_are_refused_without_being_buffered() {
        let head = b"GET / HTTP/1.1\r\nHost: x\r\nCookie: ".as_slice();
        let mut endless = BufReader::new(head.chain(io::repeat(b'a')));
        assert_eq!(refusal(read_request(&mut endless)), 431);
        let many = format!(
            "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
            "X-A: b\r\n".repeat(3000)
        );
        assert_eq!(refusal(read(&many)), 431);
    }

    #[test]
    fn a_body_is_noticed() {
        let with = |header: &str| {
            read(&format!("GET / HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n"))
                .unwrap()
                .has_body
        };
        assert!(with("Content-Length: 5"));
        assert!(with("Transfer-Encoding: chunked"));
        assert!(!with("Content-Length: 0"));
        assert!(!with("X-Nothing: 1"));
    }

    #[test]
    fn accept_encoding_weights() {
        let gzip = |value| accepts(value, "gzip");
        assert!(gzip("gzip"));
        assert!(gzip("x-gzip"));
        assert!(gzip("gzip, deflate, br"));
        assert!(gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(gzip("*"));
        assert!(!gzip("gzip;q=0"));
        assert!(!gzip("*, gzip;q=0"));
        assert!(!gzip("br, identity"));
        assert!(!gzip("notgzip"));
        assert!(!gzip(""));
        let brotli = |value| accepts(value, "br");
        assert!(brotli("gzip, deflate, br"));
        assert!(brotli("BR;q=0.5"));
        assert!(!brotli("gzip"));
        assert!(!brotli("br;q=0, *"));
        assert!(!brotli("x-br"));
    }

    #[test]
    fn if_none_match_forms() {
        let etag = "\"12-ab\"";
        assert!(none_match("\"12-ab\"", etag));
        assert!(none_match("W/\"12-ab\"", etag));
        assert!(none_match("\"x\", \"12-ab\"", etag));
        assert!(none_match("\"x\",W/\"12-ab\"", etag));
        assert!(none_match("*", etag));
        assert!(none_match("\"12-ab\"", "W/\"12-ab\""));
        assert!(!none_match("\"12-ac\"", etag));
        assert!(!none_match("12-ab", etag));
        assert!(!none_match("\"x\", 12-ab", etag));
        assert!(!none_match("", etag));
    }

    #[test]
    fn one_range_is_understood_and_others_ignored() {
        assert_eq!(parse_range("bytes=0-9"), Some(ByteRange::From(0, Some(9))));
        assert_eq!(parse_range("bytes=5-"), Some(ByteRange::From(5, None)));
        assert_eq!(parse_range("Bytes = -3"), Some(ByteRange::Last(3)));
        for ignored in [
            "bytes=0-1,4-5",
            "bytes=5-1",
            "bytes=-",
            "items=0-1",
            "bytes=a-b",
            "bytes=0-99999999999999999999",
            "0-1",
        ] {
            assert_eq!(parse_range(ignored), None, "{ignored}");
        }
        assert_eq!(ByteRange::From(0, Some(9)).within(5), Some((0, 4)));
        assert_eq!(ByteRange::From(4, None).within(5), Some((4, 4)));
        assert_eq!(ByteRange::From(5, None).within(5), None);
        assert_eq!(ByteRange::Last(2).within(5), Some((3, 4)));
        assert_eq!(ByteRange::Last(9).within(5), Some((0, 4)));
        assert_eq!(ByteRange::Last(0).within(5), None);
        assert_eq!(ByteRange::Last(1).within(0), None);
    }
}
