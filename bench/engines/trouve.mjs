// Trouve: `trouve build` over the corpus pages writes the index and the
// browser bundle (trouve.wasm holds the engine and the index).
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
  assets() {},
  command: (corpus, out) => [BINARY, ['build', corpus.pagesDir, '-o', out, '--url', `/${corpus.pages}/{path}`, '--lang', 'fr']],
  /// The files a page needs to search with the JavaScript API (index.trv is
  /// a by-product for the command line; the index is inside trouve.wasm).
  searchFile: (file) => /^(trouve\.wasm|trouve\.js|trouve-engine\.js)$/.test(file),
};
