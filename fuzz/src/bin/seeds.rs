//! `seeds <folder>`: writes the inputs each target's fuzzing starts from,
//! one folder per target. The index seeds are built by today's builder, so
//! they follow the format wherever it goes; the rest are small samples of
//! what a site holds and what a browser sends.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(folder) = std::env::args().nth(1) else {
        eprintln!("usage: seeds <folder>");
        return ExitCode::from(2);
    };
    match write_seeds(Path::new(&folder)) {
        Ok(count) => {
            eprintln!("seeds: {count} inputs in {folder}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("seeds: cannot write {folder}: {error}");
            ExitCode::FAILURE
        }
    }
}

fn write_seeds(folder: &Path) -> std::io::Result<usize> {
    let (single, (root, pieces)) = trouve_fuzz::sample_indexes();
    let framed = |root: &[u8], pieces: &[u8]| {
        let mut input = (root.len() as u32).to_le_bytes().to_vec();
        input.extend_from_slice(root);
        input.extend_from_slice(pieces);
        input
    };
    let text = |samples: &[&str]| samples.iter().map(|s| s.as_bytes().to_vec()).collect();
    let seeds: [(&str, Vec<Vec<u8>>); 7] = [
        ("index", vec![single.clone(), framed(single, &[]), framed(root, pieces)]),
        ("query", text(&[
            "nucl",
            "amitie ",
            "\"guerre patriotique\" -russie",
            "Genady l’énergie",
            "libre-échange d'aujourd'hui",
        ])),
        ("html", text(&[
            "<!doctype html><html lang=fr><head><title>Amitié ¶</title><meta name=date content=2024-03-01></head>\
             <body><nav>menu</nav><main><h1>Amitié<a href=#a>¶</a></h1><p>Relations d’amitié.</p>\
             <h2 id=s>Section</h2><p data-trouve-ignore>caché</p><p>Texte <b>gras</b>.</p></main></body></html>",
            "<p>no head<table><tr><td>cell</table><script>x()</script><style>p{}</style>",
        ])),
        ("markdown", text(&[
            "---\ntitle: Coopération\ndate: 2025-04-02\ntags: [a, b]\n---\n# Titre\n\nUn *texte* avec [lien](/x) et `code`.\n\n## Section\n\n- liste\n",
            "Pas de titre\n\n```rust\nfn main() {}\n```\n\n> citation\n",
        ])),
        ("json", text(&[
            "[{\"id\":\"a\",\"title\":\"Amitié\",\"body\":\"Relations\",\"date\":\"2024-03\",\"url\":\"/a\"}]",
            "{\"id\":\"b\",\"title\":\"T\",\"body\":\"B\"}\n{\"id\":\"c\",\"body\":\"<p>html</p>\"}\n",
        ])),
        ("text", text(&[
            "Coopération nucléaire. Les deux pays renforcent la coopération.\n\nSecond paragraphe.",
            "une seule ligne sans point",
        ])),
        ("request", text(&[
            "GET /page.html HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br;q=0.5\r\nIf-None-Match: W/\"a\", \"abc\"\r\n\r\n",
            "GET /sub HTTP/1.1\r\nRange: bytes=0-99\r\nIf-Range: \"abc\"\r\n\r\nGET /out/secret HTTP/1.0\r\n\r\n",
            "HEAD /linked/ HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        ])),
    ];
    let mut count = 0;
    for (target, inputs) in seeds {
        let dir = folder.join(target);
        std::fs::create_dir_all(&dir)?;
        for (n, input) in inputs.iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{n}")), input)?;
            count += 1;
        }
    }
    Ok(count)
}
