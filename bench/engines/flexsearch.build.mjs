// Builds and exports a FlexSearch Document: node flexsearch.build.mjs DOCS.json OUT_DIR [LANG]
// The export's keys and values go into one JSON object, imported key by key
// in the page (FlexSearch's export/import, doc/export-import.md).
import fs from 'node:fs';
import path from 'node:path';
import { importPackage } from '../lib/util.mjs';
import { options } from '../page/engines/flexsearch.config.js';

const [docsFile, out, lang = 'fr'] = process.argv.slice(2);
const flexsearch = await importPackage('flexsearch');
const { default: language } = await importPackage(`flexsearch/lang/${lang}`);
const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
const index = new flexsearch.Document(options(flexsearch, language));
for (const doc of docs) index.add({ id: doc.id, url: doc.url, title: doc.title, body: doc.body });
const exported = {};
await index.export((key, data) => { exported[key] = data; });
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(exported));
