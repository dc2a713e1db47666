// Trouve: `trouve build` over the corpus pages (or the archive's JSONL)
// writes the browser bundle: its entry trouve-index.json names the layout,
// single (trouve.wasm holds the engine and the index) or split (an engine
// module, a root and piece files under index/).
import fs from 'node:fs';
import path from 'node:path';
import { REPO, run } from '../lib/util.mjs';

export const BINARY = path.join(REPO, 'target', 'release', 'trouve');

export default {
  name: 'trouve',
  label: 'Trouve',
  available: () => fs.existsSync(BINARY) || 'target/release/trouve is missing: build it with `cargo build --release`',
  versions() {
    const version = run(BINARY, ['--version']).trim();
    let commit = '';
    try { commit = run('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']).trim(); } catch { /* not a git checkout */ }
    let dirty = '';
    try { dirty = run('git', ['-C', REPO, 'status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'widget', 'prebuilt']).trim() ? ' + uncommitted changes' : ''; } catch { /* idem */ }
    return { trouve: `${version.replace(/^trouve\s*/, '')} (commit ${commit || '?'}${dirty})` };
  },
  /// The precompressed twins (`.br`, `.gz`) `trouve build` writes are
  /// removed: the server would send them in place of its own gzip, and
  /// Pagefind and the libraries have none, so every engine goes out with
  /// the same encoding.
  assets(corpus, out) {
    for (const file of fs.readdirSync(out, { recursive: true })) {
      if (/\.(br|gz)$/.test(file)) fs.rmSync(path.join(out, file));
    }
  },
  command: (corpus, out) => [BINARY, ['build', corpus.input, '-o', out, '--url', corpus.url, '--lang', corpus.lang, '--quiet',
    ...(corpus.layout ? ['--layout', corpus.layout] : [])]],
  /// The files a page may need to search with the JavaScript API: the entry,
  /// the API alone (trouve-searcher.js) and its glue, and either the module or the engine and the
  /// index's pieces (not the stylesheet, the types, nor the optional
  /// service worker).
  searchFile: (file) => /^(trouve-index\.json|trouve-searcher\.js|trouve-engine\.js|trouve\.wasm|engine-[\w-]+\.wasm|index\/[^/]+\.trv)$/.test(file),
  reads: 'pages',
  /// It takes filters: the corpus's filtered queries run on it (page/engines/*.js
  /// says how each is asked); an engine without this skips them, and the
  /// report says so.
  filters: true,
};
