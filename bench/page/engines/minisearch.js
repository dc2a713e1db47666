// MiniSearch: the library (an ES module), its options and the serialized
// index, fetched in parallel, then MiniSearch.loadJSON.
let index;

export async function load(base) {
  const [{ default: MiniSearch }, { options }, json] = await Promise.all([
    import(`${base}minisearch.min.js`),
    import(`${base}config.js`),
    fetch(`${base}index.json`).then((response) => response.text()),
  ]);
  index = MiniSearch.loadJSON(json, options);
}

export function search(query, limit) {
  return index.search(query).slice(0, limit).map((hit) => ({ url: hit.url, title: hit.title }));
}
