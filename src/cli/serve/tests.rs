//! The server end to end: real sockets on 127.0.0.1, a folder in the
//! temporary directory, the accept loop `run` uses.

use super::*;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Instant;

/// Limits for tests of everything but time.
const TEST: Limits = LIMITS;

/// Serves `root` on a free port, in a thread that runs until the tests end.
fn start(root: &Path, limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let root = root.to_path_buf();
    std::thread::spawn(move || serve_forever(listener, root, limits));
    address
}

/// A folder to serve, removed at the end of the test.
struct Site {
    root: PathBuf,
}

impl Site {
    fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("trouve-serve-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        Site {
            root: root.canonicalize().unwrap(),
        }
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    fn start(&self, limits: Limits) -> SocketAddr {
        start(&self.root, limits)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn gunzipped(&self) -> Vec<u8> {
        assert_eq!(self.header("Content-Encoding"), Some("gzip"), "{self:?}");
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(self.body.as_slice())
            .read_to_end(&mut out)
            .unwrap();
        out
    }
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Reads one answer, its body framed as the headers say.
fn read_reply(reader: &mut impl BufRead, to_head: bool) -> io::Result<Reply> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::other(format!("no status line: {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(": ").unwrap();
        headers.push((name.to_owned(), value.to_owned()));
    }
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if to_head || status == 304 {
        return Ok(reply);
    }
    if reply.header("Transfer-Encoding") == Some("chunked") {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim_end(), 16).unwrap();
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            assert!(chunk.ends_with(b"\r\n"));
            reply.body.extend_from_slice(&chunk[..size]);
            if size == 0 {
                break;
            }
        }
    } else if let Some(length) = reply.header("Content-Length") {
        reply.body = vec![0; length.parse().unwrap()];
        reader.read_exact(&mut reply.body)?;
    } else {
        reader.read_to_end(&mut reply.body)?;
    }
    Ok(reply)
}

/// Sends one raw request on a new connection and reads the answer.
fn exchange(address: SocketAddr, request: &str) -> Reply {
    let mut stream = connect(address);
    stream.write_all(request.as_bytes()).unwrap();
    read_reply(&mut BufReader::new(stream), request.starts_with("HEAD")).unwrap()
}

fn get(address: SocketAddr, path: &str, headers: &str) -> Reply {
    exchange(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n"),
    )
}

/// Whether the server closed the connection (a reset counts: it closes
/// with input unread).
fn closed(stream: &mut impl Read) -> bool {
    match stream.read(&mut [0; 1]) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => error.kind() == io::ErrorKind::ConnectionReset,
    }
}

/// Text that gzip shrinks but not to nothing.
fn prose(length: usize) -> String {
    let words = [
        "trouve", "cherche", "index", "page", "mot", "fst", "wasm", "et",
    ];
    let mut state = 7_u64;
    let mut text = String::new();
    while text.len() < length {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        text.push_str(words[(state >> 33) as usize % words.len()]);
        text.push(if state % 11 == 0 { '\n' } else { ' ' });
    }
    text.truncate(length);
    text
}

#[test]
fn backoff_grows_to_a_second_and_resets() {
    let mut backoff = Backoff::new();
    let delays: Vec<u64> = (0..10)
        .map(|_| backoff.next_delay().as_millis() as u64)
        .collect();
    assert_eq!(delays, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
    backoff.reset();
    assert_eq!(backoff.next_delay(), Duration::from_millis(10));
}

#[test]
fn many_requests_on_many_connections_all_get_answers() {
    let site = Site::new("many");
    let page = "<p>".repeat(1000);
    site.write("page.html", &page);
    let address = site.start(TEST);
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let page = page.clone();
            std::thread::spawn(move || {
                let mut stream = connect(address);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                for _ in 0..20 {
                    stream
                        .write_all(
                            b"GET /page.html HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
                        )
                        .unwrap();
                    let reply = read_reply(&mut reader, false).unwrap();
                    assert_eq!(reply.status, 200);
                    assert_eq!(reply.gunzipped(), page.as_bytes());
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
}

#[test]
fn symlinks_pointing_out_of_the_root_are_not_served() {
    let outside = Site::new("outside");
    outside
        .write("secret.txt", "secret")
        .write("folder/index.html", "secret");
    let site = Site::new("links");
    site.write("sub/ok.txt", "ok").write("ok.txt", "ok");
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, site.root.join(name)).unwrap();
    };
    link(&outside.root.join("secret.txt"), "file.txt");
    link(&outside.root.join("folder"), "folder");
    link(&outside.root.join("secret.txt"), "sub/index.html");
    link(&site.root.join("ok.txt"), "inside.txt");
    let address = site.start(TEST);
    for path in [
        "/file.txt",
        "/%66ile.txt",
        "/folder",
        "/folder/",
        "/folder/index.html",
        "/sub/",
        "/sub//",
        "/sub/./",
        "/%73ub/",
        "/sub/index.html",
        "/sub/%69ndex.html",
        "//sub//index.html",
    ] {
        let reply = get(address, path, "");
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains("secret"), "{path}");
    }
    assert_eq!(get(address, "/sub/ok.txt", "").text(), "ok");
    assert_eq!(
        get(address, "/inside.txt", "").text(),
        "ok",
        "links inside the root are fine"
    );
}

#[test]
fn idle_connections_do_not_lock_out_new_ones() {
    let site = Site::new("idle");
    site.write("a.txt", "a");
    let address = site.start(TEST);
    const { assert!(TEST.connections < 300) };
    let idle: Vec<TcpStream> = (0..300).map(|_| connect(address)).collect();
    let started = Instant::now();
    let reply = get(address, "/a.txt", "");
    assert_eq!(reply.status, 200);
    // Without eviction the request would wait for an idle connection to
    // time out; half that bound leaves room for a loaded machine.
    assert!(started.elapsed() < TEST.idle / 2, "{:?}", started.elapsed());
    drop(idle);
}

/// A file the server cannot finish writing to a client that does not
/// read; sparse, so it costs no disk.
fn huge_file(site: &Site) {
    let file = fs::File::create(site.root.join("huge.bin")).unwrap();
    file.set_len(256 << 20).unwrap();
}

/// Asks for the huge file and reads only the head: the server is then
/// busy writing until the client goes or the write timeout ends it.
fn stuck_download(address: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = connect(address);
    stream
        .write_all(b"GET /huge.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(stream);
    let reply = read_reply(&mut reader, true).unwrap();
    assert_eq!(reply.status, 200);
    reader
}

#[test]
fn a_server_whose_connections_are_all_busy_answers_503() {
    let site = Site::new("busy");
    huge_file(&site);
    let address = site.start(Limits {
        connections: 1,
        ..TEST
    });
    let download = stuck_download(address);
    // Sending nothing: the refusal is read before the server closes.
    let mut refused = BufReader::new(connect(address));
    let reply = read_reply(&mut refused, false).unwrap();
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("Retry-After"), Some("1"));
    assert!(closed(&mut refused));
    drop(download);
}

#[test]
fn a_client_that_never_reads_is_dropped() {
    let site = Site::new("never-reads");
    huge_file(&site);
    site.write("a.txt", "a");
    let address = site.start(Limits {
        connections: 1,
        write: Duration::from_millis(200),
        ..TEST
    });
    let _download = stuck_download(address);
    // The only slot is taken until the blocked write times out.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut stream = connect(address);
        let answered = stream
            .write_all(b"GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            .and_then(|()| read_reply(&mut BufReader::new(stream), false));
        if answered.is_ok_and(|reply| reply.status == 200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the stuck download kept its slot"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn idle_and_trickling_connections_are_closed() {
    let site = Site::new("stalled");
    let address = site.start(Limits {
        idle: Duration::from_millis(300),
        ..TEST
    });
    let mut silent = connect(address);
    assert!(closed(&mut silent), "a silent connection is closed");
    // A byte now and then would renew a timeout per read, not a deadline.
    let mut trickling = connect(address);
    let mut writer = trickling.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        let stop = Instant::now() + Duration::from_secs(10);
        for byte in b"GET / HTTP/1.1\r\nHost: x\r\n".iter().cycle() {
            if writer.write_all(&[*byte]).is_err() || Instant::now() > stop {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    assert!(closed(&mut trickling), "a trickling connection is closed");
    drop(trickling);
    trickle.join().unwrap();
}

#[test]
fn long_request_lines_get_414_and_large_headers_431() {
    let site = Site::new("long");
    let address = site.start(TEST);
    // No line ending at all: the server must answer without waiting for one.
    let endless = format!("GET /{}", "a".repeat(64 * 1024));
    let reply = exchange(address, &endless);
    assert_eq!(reply.status, 414);
    assert_eq!(reply.header("Connection"), Some("close"));
    let large = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(exchange(address, &large).status, 431);
    let fine = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(4 * 1024));
    assert_eq!(exchange(address, &fine).status, 404);
}

#[test]
fn request_bodies_are_refused_and_end_the_connection() {
    let site = Site::new("bodies");
    site.write("a.txt", "a").write("smuggled.txt", "smuggled");
    let address = site.start(TEST);
    let smuggled = "GET /smuggled.txt HTTP/1.1\r\nHost: x\r\n\r\n";
    for framing in [
        format!("Content-Length: {}", smuggled.len()),
        "Transfer-Encoding: chunked".to_owned(),
    ] {
        for method in ["GET", "HEAD", "POST"] {
            let mut stream = connect(address);
            let request =
                format!("{method} /a.txt HTTP/1.1\r\nHost: x\r\n{framing}\r\n\r\n{smuggled}");
            stream.write_all(request.as_bytes()).unwrap();
            let mut reader = BufReader::new(stream);
            let reply = read_reply(&mut reader, method == "HEAD").unwrap();
            let expected = if method == "POST" { 405 } else { 413 };
            assert_eq!(reply.status, expected, "{method} {framing}");
            assert_eq!(reply.header("Connection"), Some("close"));
            assert!(closed(&mut reader), "the body is never read as a request");
        }
    }
    // Without a body the connection goes on.
    let mut stream = connect(address);
    stream
        .write_all(
            b"DELETE /a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        .unwrap();
    let mut reader = BufReader::new(stream);
    let refused = read_reply(&mut reader, false).unwrap();
    assert_eq!(refused.status, 405);
    assert_eq!(refused.header("Allow"), Some("GET, HEAD"));
    assert_eq!(read_reply(&mut reader, false).unwrap().text(), "a");
}

#[test]
fn folder_redirects_are_never_protocol_relative() {
    let site = Site::new("redirects");
    site.write("name/index.html", "<p>name</p>");
    let address = site.start(TEST);
    for (path, location) in [
        ("//name", "/name/"),
        ("///name", "/name/"),
        ("/name", "/name/"),
        ("/name?q=a", "/name/?q=a"),
        ("/%2Fname", "/name/"),
    ] {
        let reply = get(address, path, "");
        assert_eq!(reply.status, 301, "{path}");
        assert_eq!(reply.header("Location"), Some(location), "{path}");
    }
    let index = get(address, "//name/", "");
    assert_eq!(index.text(), "<p>name</p>");
    assert_eq!(
        index.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn if_none_match_takes_lists_weak_tags_and_star() {
    let site = Site::new("etags");
    site.write("a.txt", "a").write("big.js", prose(4000));
    let address = site.start(TEST);
    let first = get(address, "/a.txt", "");
    let etag = first.header("ETag").unwrap().to_owned();
    assert!(etag.starts_with('"'), "{etag}");
    for value in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"other\", {etag}"),
        format!("W/\"other\",W/{etag}"),
        "*".to_owned(),
    ] {
        let reply = get(address, "/a.txt", &format!("If-None-Match: {value}\r\n"));
        assert_eq!(reply.status, 304, "{value}");
        assert_eq!(reply.header("ETag"), Some(etag.as_str()));
        assert_eq!(reply.header("Cache-Control"), Some("no-cache"));
    }
    assert_eq!(
        get(address, "/a.txt", "If-None-Match: \"other\"\r\n").status,
        200
    );
    // A gzipped body has a weak tag, which validates both ways.
    let gzip = "Accept-Encoding: gzip\r\n";
    let gzipped = get(address, "/big.js", gzip);
    let weak = gzipped.header("ETag").unwrap().to_owned();
    assert!(weak.starts_with("W/\""), "{weak}");
    let again = get(
        address,
        "/big.js",
        &format!("{gzip}If-None-Match: {weak}\r\n"),
    );
    assert_eq!(
        (again.status, again.header("ETag")),
        (304, Some(weak.as_str()))
    );
    let plain = get(address, "/big.js", &format!("If-None-Match: {weak}\r\n"));
    assert_eq!(plain.status, 304);
}

#[test]
fn one_range_gets_206_outside_416_and_others_the_whole_file() {
    let site = Site::new("ranges");
    let text = prose(1000);
    site.write("t.txt", &text);
    let address = site.start(TEST);
    let range = |value: &str| {
        get(
            address,
            "/t.txt",
            &format!("Accept-Encoding: gzip\r\nRange: {value}\r\n"),
        )
    };
    for (value, first, last) in [
        ("bytes=0-9", 0, 9),
        ("bytes=990-", 990, 999),
        ("bytes=-5", 995, 999),
        ("bytes=995-5000", 995, 999),
        ("bytes=-5000", 0, 999),
    ] {
        let reply = range(value);
        assert_eq!(reply.status, 206, "{value}");
        assert_eq!(
            reply.header("Content-Range").unwrap(),
            format!("bytes {first}-{last}/1000")
        );
        assert_eq!(
            reply.header("Content-Encoding"),
            None,
            "ranges are never gzipped"
        );
        assert_eq!(reply.header("Accept-Ranges"), Some("bytes"));
        assert_eq!(reply.body, &text.as_bytes()[first..=last], "{value}");
    }
    for value in ["bytes=1000-", "bytes=-0"] {
        let reply = range(value);
        assert_eq!(reply.status, 416, "{value}");
        assert_eq!(reply.header("Content-Range"), Some("bytes */1000"));
    }
    for value in ["bytes=0-1,5-6", "bytes=x-", "bytes=5-1", "lines=1-2"] {
        let reply = range(value);
        assert_eq!(reply.status, 200, "{value}");
        assert_eq!(reply.gunzipped(), text.as_bytes());
    }
    let whole = get(address, "/t.txt", "");
    assert_eq!(
        (whole.status, whole.header("Accept-Ranges")),
        (200, Some("bytes"))
    );
    let etag = whole.header("ETag").unwrap().to_owned();
    let current = get(
        address,
        "/t.txt",
        &format!("Range: bytes=0-1\r\nIf-Range: {etag}\r\n"),
    );
    assert_eq!(current.status, 206);
    let changed = get(
        address,
        "/t.txt",
        "Range: bytes=0-1\r\nIf-Range: \"old\"\r\n",
    );
    assert_eq!(changed.status, 200);
}

#[test]
fn hashed_files_are_immutable_and_others_revalidated() {
    let site = Site::new("caching");
    site.write("trouve/index/0a1b2c3d4e5f6789.trv", "piece")
        .write("trouve/engine-fr-9cb1cd05b1f01b20.wasm", "\0asm")
        .write("trouve/trouve.wasm", "\0asm")
        .write("trouve/entry.json", "{}")
        .write("index.html", "<p>");
    let address = site.start(TEST);
    for (path, cache, content_type) in [
        (
            "/trouve/index/0a1b2c3d4e5f6789.trv",
            "public, max-age=31536000, immutable",
            "application/octet-stream",
        ),
        (
            "/trouve/engine-fr-9cb1cd05b1f01b20.wasm",
            "public, max-age=31536000, immutable",
            "application/wasm",
        ),
        ("/trouve/trouve.wasm", "no-cache", "application/wasm"),
        ("/trouve/entry.json", "no-cache", "application/json"),
        ("/", "no-cache", "text/html; charset=utf-8"),
    ] {
        let reply = get(address, path, "");
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Cache-Control"), Some(cache), "{path}");
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{path}");
        assert!(reply.header("ETag").is_some(), "{path}");
    }
}

#[test]
fn gzip_is_streamed_and_decodes_to_the_file() {
    let site = Site::new("gzip");
    // Several read chunks, so that the stream is not one write.
    let big = prose(3 * response::CHUNK + 123);
    site.write("big.txt", &big)
        .write("small.txt", "small")
        .write("image.png", prose(1000));
    let address = site.start(TEST);
    let gzip = "Accept-Encoding: gzip, br\r\n";
    let reply = get(address, "/big.txt", gzip);
    assert_eq!(reply.header("Transfer-Encoding"), Some("chunked"));
    assert_eq!(reply.header("Vary"), Some("Accept-Encoding"));
    assert_eq!(reply.gunzipped(), big.as_bytes());
    assert!(reply.body.len() < big.len() / 2);
    for (path, headers) in [
        ("/big.txt", ""),
        ("/big.txt", "Accept-Encoding: gzip;q=0\r\n"),
        ("/small.txt", gzip),
        ("/image.png", gzip),
    ] {
        let reply = get(address, path, headers);
        assert_eq!(reply.header("Content-Encoding"), None, "{path} {headers}");
        assert_eq!(
            reply.header("Content-Length").unwrap(),
            reply.body.len().to_string()
        );
    }
    // HTTP/1.0 has no chunks: the body ends with the connection.
    let old = exchange(address, &format!("GET /big.txt HTTP/1.0\r\n{gzip}\r\n"));
    assert_eq!(old.header("Transfer-Encoding"), None);
    assert_eq!(old.gunzipped(), big.as_bytes());
    // HEAD sends the same head and no body: the next answer follows it.
    let mut stream = connect(address);
    let request = format!(
        "HEAD /big.txt HTTP/1.1\r\nHost: x\r\n{gzip}\r\nGET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let head = read_reply(&mut reader, true).unwrap();
    assert_eq!(head.header("Content-Encoding"), Some("gzip"));
    assert_eq!(read_reply(&mut reader, false).unwrap().text(), "small");
}

#[test]
fn precompressed_twins_are_sent_when_accepted_and_fresh() {
    let site = Site::new("twins");
    let script = prose(4000);
    site.write("trouve.js", &script)
        .write("trouve.js.br", "brotli bytes")
        .write("trouve.js.gz", "gzip bytes")
        .write("only-gz.js", &script)
        .write("only-gz.js.gz", "gzip twin");
    let outside = Site::new("twins-outside");
    outside.write("evil.js.br", "outside the root");
    site.write("linked.js", &script);
    std::os::unix::fs::symlink(
        outside.root.join("evil.js.br"),
        site.root.join("linked.js.br"),
    )
    .unwrap();
    let address = site.start(TEST);

    let reply = get(address, "/trouve.js", "Accept-Encoding: gzip, br\r\n");
    assert_eq!(reply.header("Content-Encoding"), Some("br"));
    assert_eq!(reply.text(), "brotli bytes");
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(reply.header("Vary"), Some("Accept-Encoding"));
    let etag = reply.header("ETag").unwrap().to_owned();
    let again = get(
        address,
        "/trouve.js",
        &format!("Accept-Encoding: br\r\nIf-None-Match: {etag}\r\n"),
    );
    assert_eq!(again.status, 304);

    let reply = get(address, "/trouve.js", "Accept-Encoding: gzip\r\n");
    assert_eq!(
        (reply.header("Content-Encoding"), reply.text().as_str()),
        (Some("gzip"), "gzip bytes")
    );
    assert_ne!(
        reply.header("ETag"),
        Some(etag.as_str()),
        "each representation has its own validator"
    );
    let reply = get(address, "/only-gz.js", "Accept-Encoding: br, gzip\r\n");
    assert_eq!(reply.text(), "gzip twin");
    // No encoding accepted, or a range: the file's own bytes.
    let reply = get(address, "/trouve.js", "");
    assert_eq!(
        (reply.header("Content-Encoding"), reply.text()),
        (None, script.clone())
    );
    let reply = get(
        address,
        "/trouve.js",
        "Accept-Encoding: br\r\nRange: bytes=0-9\r\n",
    );
    assert_eq!(
        (reply.status, reply.body.as_slice()),
        (206, &script.as_bytes()[..10])
    );
    // A twin that leaves the root is not sent: the file is gzipped afresh.
    let reply = get(address, "/linked.js", "Accept-Encoding: br, gzip\r\n");
    assert_eq!(reply.gunzipped(), script.as_bytes());

    // A twin older than its file was made from an earlier version.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("trouve.js", prose(4001));
    let reply = get(address, "/trouve.js", "Accept-Encoding: br, gzip\r\n");
    assert_eq!(reply.gunzipped(), prose(4001).as_bytes());
}
