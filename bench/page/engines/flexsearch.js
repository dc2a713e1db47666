// FlexSearch: the bundle and the corpus's language pack (classic scripts,
// in that order), its options and the exported index fetched meanwhile, then each
// exported key imported into a Document built with the same options.
import { loadScript } from './load-script.js';

let index, searchOptions;

export async function load(base, lang) {
  const data = fetch(`${base}index.json`).then((response) => response.json());
  const config = import(`${base}config.js`);
  await loadScript(`${base}flexsearch.bundle.min.js`);
  await loadScript(`${base}${lang}.min.js`);
  const FlexSearch = window.FlexSearch;
  const { options, searchOptions: chosen } = await config;
  searchOptions = chosen;
  index = new FlexSearch.Document(options(FlexSearch, FlexSearch.Language[lang]));
  for (const [key, value] of Object.entries(await data)) index.import(key, value);
}

export function search(query, limit) {
  return index.search(query, { ...searchOptions, limit }).map((hit) => ({ url: hit.doc.url, title: hit.doc.title }));
}
