// Builds and serializes a lunr index: node lunr.build.mjs DOCS.json OUT_DIR [LANG]
// (French through lunr-languages; English is lunr's own default pipeline).
// lunr keeps no documents, so the page also gets each result's url and title
// (the usual companion "store" of a lunr site).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { NPM_DIR } from '../lib/util.mjs';
import { build } from '../page/engines/lunr.config.js';

const [docsFile, out, lang = 'fr'] = process.argv.slice(2);
const require = createRequire(path.join(NPM_DIR, 'package.json'));
const lunr = require('lunr');
if (lang !== 'en') {
  require('lunr-languages/lunr.stemmer.support')(lunr);
  require(`lunr-languages/lunr.${lang}`)(lunr);
}
const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
const index = build(lunr, docs, lang);
const store = Object.fromEntries(docs.map((d) => [d.id, [d.url, d.title]]));
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify({ index, store }));
