// Trouve through its JavaScript API (trouve.js): one module, one .wasm file.
let searcher;

export async function load(base) {
  const { Searcher } = await import(`${base}trouve.js`);
  searcher = await Searcher.load(new URL(`${base}trouve.wasm`, location.href));
}

export async function search(query, limit) {
  const hits = await searcher.search(query, { limit });
  return hits.map((hit) => ({ url: hit.url, title: hit.title, excerpt: (hit.snippet ?? []).map((part) => part.text).join('') }));
}
