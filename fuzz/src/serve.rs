//! The server's request head reader and path resolution, compiled from
//! the command's sources, and what the request target checks of them.

use std::io::BufReader;
use std::path::PathBuf;
use std::sync::OnceLock;

#[path = "../../src/cli/serve/files.rs"]
pub mod files;
#[path = "../../src/cli/serve/request.rs"]
pub mod request;
#[path = "../../src/cli/serve/response.rs"]
pub mod response;

use files::Target;
use request::Unreadable;

/// Reads requests off `data` as off one keep-alive connection, each
/// resolved under a small served folder that holds links out of it.
/// Beyond not panicking: a file found is under the root, and a redirect
/// never names another host.
pub fn exercise(data: &[u8]) {
    let root = served_folder();
    // A small buffer, so that lines straddle reads as on a slow network.
    let mut reader = BufReader::with_capacity(64, data);
    for _ in 0..32 {
        let request = match request::read_request(&mut reader) {
            Ok(request) => request,
            Err(Unreadable::Gone | Unreadable::Refused(..)) => return,
        };
        for value in [&request.if_none_match, &request.if_range] {
            if let Some(value) = value {
                request::none_match(value, "\"abc\"");
            }
        }
        if let Some(range) = request.range.as_deref().and_then(request::parse_range) {
            let _ = range.within(1000);
            let _ = range.within(0);
        }
        match files::resolve(root, &request.path, request.query.as_deref()) {
            Target::File(found) => assert!(
                found.path.starts_with(root),
                "{} is outside the served folder",
                found.path.display()
            ),
            Target::Redirect(location) => assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "a redirect to {location}"
            ),
            Target::NotFound => {}
        }
        if request.has_body || !request.keep_alive {
            return;
        }
    }
}

/// `page.html`, `sub/index.html`, and links out of the folder: to a file,
/// to a folder, and as `linked/index.html`.
fn served_folder() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("trouve-fuzz-serve-{}", std::process::id()));
        let root = base.join("root");
        let outside = base.join("outside");
        for folder in [root.join("sub"), root.join("linked"), outside.clone()] {
            std::fs::create_dir_all(folder).expect("a temporary folder");
        }
        for file in [
            root.join("page.html"),
            root.join("sub/index.html"),
            outside.join("secret"),
        ] {
            std::fs::write(file, "text").expect("a temporary file");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            let _ = symlink(outside.join("secret"), root.join("secret"));
            let _ = symlink(&outside, root.join("out"));
            let _ = symlink(outside.join("secret"), root.join("linked/index.html"));
        }
        root.canonicalize().expect("the folder just made")
    })
}
