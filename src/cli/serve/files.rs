//! Which file a URL path names under the served folder, and what a static
//! host says about it: its type, whether it is worth compressing, how long
//! it may be cached, its validator.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Where a URL path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(Found),
    /// A folder named without its trailing slash, to be redirected: the
    /// relative links of its `index.html` only work from `<folder>/`.
    Redirect(String),
    NotFound,
}

/// A regular file under the root.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    /// The file itself: canonical, and under the root.
    pub path: PathBuf,
    /// The name the client asked for, segment by segment, with `index.html`
    /// added for a folder. Type and cache policy go by it, as on a static
    /// host, not by where a symbolic link happens to point.
    pub name: Vec<String>,
}

impl Found {
    fn file_name(&self) -> &str {
        self.name.last().map_or("", String::as_str)
    }

    pub fn content_type(&self) -> &'static str {
        content_type(self.file_name())
    }

    pub fn cache_control(&self) -> &'static str {
        cache_control(&self.name)
    }
}

/// Resolves a URL path (still percent-encoded, without its query) under
/// `root`, which must be canonical. Every path that is finally opened is
/// canonicalized and must stay under `root`: a symbolic link may point
/// anywhere, and so may an `index.html` found inside a folder.
pub fn resolve(root: &Path, url_path: &str, query: Option<&str>) -> Target {
    let Some(mut name) = url_segments(url_path) else {
        return Target::NotFound;
    };
    let mut path = root.to_path_buf();
    path.extend(&name);
    let Some(real) = inside(root, &path) else {
        return Target::NotFound;
    };
    let real = if real.is_dir() {
        if !url_path.ends_with('/') {
            return Target::Redirect(folder_location(&name, query));
        }
        name.push("index.html".to_owned());
        match inside(root, &real.join("index.html")) {
            Some(index) => index,
            None => return Target::NotFound,
        }
    } else {
        real
    };
    if real.is_file() {
        Target::File(Found { path: real, name })
    } else {
        Target::NotFound
    }
}

/// The decoded segments of a URL path, or `None` if one climbs (`..`):
/// empty segments and `.` name the folder they are in.
fn url_segments(url_path: &str) -> Option<Vec<String>> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\0') {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            _ => segments.push(segment.to_owned()),
        }
    }
    Some(segments)
}

/// `path` made canonical, if it exists and stays under `root`.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

/// The location of a folder: rebuilt from its decoded segments, so that it
/// starts with exactly one `/` (`//host/` would send the browser to another
/// site) and holds nothing a browser could read as a separator (`\`).
fn folder_location(segments: &[String], query: Option<&str>) -> String {
    let mut location = String::from("/");
    for segment in segments {
        percent_encode_into(segment, &mut location);
        location.push('/');
    }
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    location
}

fn percent_encode_into(segment: &str, out: &mut String) {
    for &byte in segment.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

pub fn percent_decode(text: &str) -> Option<String> {
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

pub fn content_type(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
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

/// Whether gzip pays for this type: text and WebAssembly do, images and
/// fonts are compressed already.
pub fn compressible(content_type: &str) -> bool {
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

/// A year and `immutable` for the files a build names by their content's
/// hash (a new content gets a new name, so a cached copy is never stale);
/// every other file is revalidated on each use, since a rebuild rewrites
/// it in place.
fn cache_control(name: &[String]) -> &'static str {
    let file = name.last().map_or("", String::as_str);
    let folder = name.len().checked_sub(2).map(|i| name[i].as_str());
    let hashed_piece = folder == Some("index") && file.strip_suffix(".trv").is_some_and(is_hash);
    if hashed_piece || is_hashed_engine(file) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// `engine-<lang>-<hash>.wasm`, as the split bundle names its module.
fn is_hashed_engine(file: &str) -> bool {
    let Some(middle) = file
        .strip_prefix("engine-")
        .and_then(|rest| rest.strip_suffix(".wasm"))
    else {
        return false;
    };
    middle.rsplit_once('-').is_some_and(|(language, hash)| {
        !language.is_empty()
            && language
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && is_hash(hash)
    })
}

/// Sixteen lowercase hexadecimal digits: the bundle's content hashes.
fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A strong validator from the size and modification time: a rebuild that
/// rewrites a file changes it.
pub fn etag(metadata: &Metadata) -> Option<String> {
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("\"{:x}-{modified:x}\"", metadata.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn segments(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|part| (*part).to_owned()).collect()
    }

    #[test]
    fn paths_never_leave_the_root() {
        let root = std::env::temp_dir().canonicalize().unwrap();
        assert_eq!(resolve(&root, "/../etc/passwd", None), Target::NotFound);
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd", None), Target::NotFound);
        assert_eq!(resolve(&root, "/a/../../b", None), Target::NotFound);
        assert_eq!(resolve(&root, "/a%00b", None), Target::NotFound);
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
        assert_eq!(content_type("trouve.wasm"), "application/wasm");
        assert_eq!(content_type("entry.JSON"), "application/json");
        assert_eq!(content_type("README"), "application/octet-stream");
        assert!(compressible(content_type("trouve.wasm")));
        assert!(!compressible(content_type("a.png")));
    }

    #[test]
    fn folder_redirects_start_with_one_slash() {
        let root = std::env::temp_dir().join(format!("trouve-files-{}", std::process::id()));
        fs::create_dir_all(root.join("name")).unwrap();
        let root = root.canonicalize().unwrap();
        for path in [
            "//name", "/name", "///name", "/./name", "/%2Fname", "//name/.",
        ] {
            assert_eq!(
                resolve(&root, path, None),
                Target::Redirect("/name/".to_owned()),
                "{path}"
            );
        }
        assert_eq!(
            resolve(&root, "//name", Some("q=a")),
            Target::Redirect("/name/?q=a".to_owned())
        );
        assert_eq!(
            folder_location(&segments(&["a\\b", "é"]), None),
            "/a%5Cb/%C3%A9/"
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn hashed_names_are_immutable_and_others_revalidated() {
        let immutable = "public, max-age=31536000, immutable";
        for name in [
            &["trouve", "index", "0a1b2c3d4e5f6789.trv"][..],
            &["index", "0a1b2c3d4e5f6789.trv"],
            &["trouve", "engine-fr-9cb1cd05b1f01b20.wasm"],
            &["engine-pt-br-9cb1cd05b1f01b20.wasm"],
        ] {
            assert_eq!(cache_control(&segments(name)), immutable, "{name:?}");
        }
        for name in [
            &["trouve", "index", "0A1B2C3D4E5F6789.trv"][..],
            &["trouve", "pieces", "0a1b2c3d4e5f6789.trv"],
            &["0a1b2c3d4e5f6789.trv"],
            &["trouve", "index", "0a1b2c3d4e5f678.trv"],
            &["trouve", "index", "0a1b2c3d4e5f6789.json"],
            &["trouve", "trouve.wasm"],
            &["trouve", "engine-9cb1cd05b1f01b20.wasm"],
            &["trouve", "engine-fr-9cb1cd05b1f01b2g.wasm"],
            &["index.html"],
        ] {
            assert_eq!(cache_control(&segments(name)), "no-cache", "{name:?}");
        }
    }
}
