// Trouve through its JavaScript API alone (trouve-searcher.js, as Pagefind
// through pagefind.js and not its UI), from the bundle's entry:
// one module (single layout) or the engine, a root and the pieces a query
// needs (split layout), whichever `trouve build` chose.
let searcher;

/** It takes filters: Searcher.search's `filters`, {key: [values]} (any of them). */
export const filters = true;

export async function load(base) {
  const { Searcher } = await import(`${base}trouve-searcher.js`);
  searcher = await Searcher.load(new URL(`${base}trouve-index.json`, location.href));
}

const result = (hit) => ({ url: hit.url, title: hit.title, excerpt: (hit.snippet ?? []).map((part) => part.text).join('') });

/**
 * `shown(results)`, when given, receives early results (see Searcher.search's onEarly).
 * `wanted`, when given: {key: [values]}, documents with any of a key's values
 * (Trouve's own form); with no words, the documents the filters keep.
 */
export async function search(query, limit, shown, wanted) {
  const onEarly = shown && ((hits) => shown(hits.map(result)));
  const hits = await searcher.search(query, wanted ? { limit, onEarly, filters: wanted } : { limit, onEarly });
  return hits.map(result);
}
