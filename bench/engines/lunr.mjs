// lunr + lunr-languages (French): the index is built in Node and serialized
// (Index#toJSON); the page loads it with lunr.Index.load, plus a store of
// each document's url and title. English is lunr's own language: no
// lunr-languages file then.
import fs from 'node:fs';
import path from 'node:path';
import { BENCH, packagePath, packageVersion } from '../lib/util.mjs';

export default {
  name: 'lunr',
  label: 'lunr',
  available: () => true,
  versions: () => ({ lunr: packageVersion('lunr'), 'lunr-languages': packageVersion('lunr-languages') }),
  assets(corpus, out) {
    fs.copyFileSync(packagePath('lunr', 'lunr.min.js'), path.join(out, 'lunr.min.js'));
    if (corpus.lang !== 'en') {
      for (const file of ['lunr.stemmer.support.min.js', `lunr.${corpus.lang}.min.js`]) {
        fs.copyFileSync(packagePath('lunr-languages', 'min', file), path.join(out, file));
      }
    }
    fs.copyFileSync(path.join(BENCH, 'page', 'engines', 'lunr.config.js'), path.join(out, 'config.js'));
  },
  command: (corpus, out) => ['node', [path.join(BENCH, 'engines', 'lunr.build.mjs'), corpus.docs, out, corpus.lang]],
  searchFile: () => true,
  reads: 'docs',
};
