// FlexSearch: a Document index built in Node and exported (export()); the
// page imports it into a Document with the same options (config.js), using
// the package's minified bundle and the corpus's language pack (French or
// English).
import fs from 'node:fs';
import path from 'node:path';
import { BENCH, packagePath, packageVersion } from '../lib/util.mjs';

export default {
  name: 'flexsearch',
  label: 'FlexSearch',
  available: () => true,
  versions: () => ({ flexsearch: packageVersion('flexsearch') }),
  assets(corpus, out) {
    fs.copyFileSync(packagePath('flexsearch', 'dist', 'flexsearch.bundle.min.js'), path.join(out, 'flexsearch.bundle.min.js'));
    fs.copyFileSync(packagePath('flexsearch', 'dist', 'lang', `${corpus.lang}.min.js`), path.join(out, `${corpus.lang}.min.js`));
    fs.copyFileSync(path.join(BENCH, 'page', 'engines', 'flexsearch.config.js'), path.join(out, 'config.js'));
  },
  command: (corpus, out) => ['node', [path.join(BENCH, 'engines', 'flexsearch.build.mjs'), corpus.docs, out, corpus.lang]],
  searchFile: () => true,
  reads: 'docs',
};
