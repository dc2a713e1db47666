// Trouve through its JavaScript API (trouve.js), from the bundle's entry:
// one module (single layout) or the engine, a root and the pieces a query
// needs (split layout), whichever `trouve build` chose.
let searcher;

export async function load(base) {
  const { Searcher } = await import(`${base}trouve.js`);
  searcher = await Searcher.load(new URL(`${base}trouve-index.json`, location.href));
}

export async function search(query, limit) {
  const hits = await searcher.search(query, { limit });
  return hits.map((hit) => ({ url: hit.url, title: hit.title, excerpt: (hit.snippet ?? []).map((part) => part.text).join('') }));
}
