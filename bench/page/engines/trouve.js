// Trouve through its JavaScript API alone (trouve-searcher.js, as Pagefind
// through pagefind.js and not its UI), from the bundle's entry:
// one module (single layout) or the engine, a root and the pieces a query
// needs (split layout), whichever `trouve build` chose.
let searcher;

export async function load(base) {
  const { Searcher } = await import(`${base}trouve-searcher.js`);
  searcher = await Searcher.load(new URL(`${base}trouve-index.json`, location.href));
}

const result = (hit) => ({ url: hit.url, title: hit.title, excerpt: (hit.snippet ?? []).map((part) => part.text).join('') });

/** `shown(results)`, when given, receives early results (see Searcher.search's onEarly). */
export async function search(query, limit, shown) {
  const onEarly = shown && ((hits) => shown(hits.map(result)));
  const hits = await searcher.search(query, { limit, onEarly });
  return hits.map(result);
}
