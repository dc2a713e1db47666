// MiniSearch: the index is built and serialized in Node (toJSON); the page
// loads it with MiniSearch.loadJSON and the same options (config.js).
import fs from 'node:fs';
import path from 'node:path';
import { BENCH, importPackage, packagePath, packageVersion } from '../lib/util.mjs';

export default {
  name: 'minisearch',
  label: 'MiniSearch',
  available: () => true,
  versions: () => ({ minisearch: packageVersion('minisearch'), terser: packageVersion('terser') }),
  /// MiniSearch ships no minified file; a site's bundler would minify it, so
  /// the bench does, with terser.
  async assets(corpus, out) {
    const { minify } = await importPackage('terser');
    const source = fs.readFileSync(packagePath('minisearch', 'dist', 'es', 'index.js'), 'utf8');
    const { code } = await minify(source, { module: true, compress: true, mangle: true });
    fs.writeFileSync(path.join(out, 'minisearch.min.js'), code);
    fs.copyFileSync(path.join(BENCH, 'page', 'engines', 'minisearch.config.js'), path.join(out, 'config.js'));
  },
  command: (corpus, out) => ['node', [path.join(BENCH, 'engines', 'minisearch.build.mjs'), corpus.docs, out]],
  searchFile: () => true,
  /// The extracted JSON (corpora.mjs): no library can hold the generated archive.
  reads: 'docs',
};
