// lunr with French support: lunr, the stemmer support and lunr.fr (classic
// scripts, in that order; lunr alone for English), the query builder
// (config.js) and the serialized index fetched meanwhile, then lunr.Index.load.
import { loadScript } from './load-script.js';

let lunr, index, store, query;

export async function load(base, lang) {
  const data = fetch(`${base}index.json`).then((response) => response.json());
  const config = import(`${base}config.js`);
  await loadScript(`${base}lunr.min.js`);
  if (lang !== 'en') {
    await loadScript(`${base}lunr.stemmer.support.min.js`);
    await loadScript(`${base}lunr.${lang}.min.js`);
  }
  lunr = window.lunr;
  ({ query } = await config);
  const { index: serialized, store: documents } = await data;
  index = lunr.Index.load(serialized);
  store = documents;
}

export function search(text, limit) {
  return query(lunr, index, text).slice(0, limit).map((hit) => ({ url: store[hit.ref][0], title: store[hit.ref][1] }));
}
