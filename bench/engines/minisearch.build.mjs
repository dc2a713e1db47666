// Builds and serializes a MiniSearch index: node minisearch.build.mjs DOCS.json OUT_DIR
// Run as its own process so that its time and memory can be measured.
import fs from 'node:fs';
import path from 'node:path';
import { importPackage } from '../lib/util.mjs';
import { options } from '../page/engines/minisearch.config.js';

const [docsFile, out] = process.argv.slice(2);
const { default: MiniSearch } = await importPackage('minisearch');
const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
const index = new MiniSearch(options);
index.addAll(docs);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index));
