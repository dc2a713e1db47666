// Scores each engine's first 10 results against the judged queries
// (bench/queries/<corpus>.json), the same way for every engine: a query is
// answered correctly when all its `must` pages are in the first 10 and none
// of its MUST NOT pages is. MUST NOT pages are those listed in `mustNot`,
// plus, where a query has `mustNotUnless`, every page of the corpus whose
// folded title and text do not match that regular expression.
// A corpus whose file says `"judged": false` (the generated archive) has
// queries to time, not to score.
// Queries with `filters` ({key: [values]}, any of the values) are measured
// apart (filtered cold loads, `coldFiltered`, and their follow-ups), by the
// engines that take filters only; everything else here leaves them out, so
// that the unfiltered measures are what they were.

import path from 'node:path';
import { BENCH, readJson } from './util.mjs';

export function loadQueries(corpusName) {
  // archive-10k and the like are parts of archive-100k: the same queries.
  const file = /^archive-\d+k$/.test(corpusName) ? 'archive-100k' : corpusName;
  return readJson(path.join(BENCH, 'queries', `${file}.json`));
}

/// The queries of the list without filters.
export const unfiltered = (queries) => queries.queries.filter((query) => !query.filters);

/// The ten more queries run after a cold query: the first ten distinct
/// queries of the list (without filters) that are not that query (a fixed
/// selection, so that every engine gets the same ones).
export function tenMore(queries, cold) {
  const seen = new Set([cold]);
  const out = [];
  for (const { q } of unfiltered(queries)) {
    if (seen.has(q)) continue;
    seen.add(q);
    out.push(q);
    if (out.length === 10) break;
  }
  return out;
}

/// A filtered query as the report names it: «words» key: value|value.
export const filteredLabel = ({ q, filters }) =>
  `«${q}» ${Object.entries(filters).map(([key, values]) => `${key}: ${[values].flat().join(' or ')}`).join(', ')}`;

/// The filtered follow-ups of a filtered cold query: the first ten distinct
/// queries with filters of the list that are not that one (the same for
/// every engine that takes filters).
export function filteredMore(queries, cold) {
  const seen = new Set([filteredLabel(cold)]);
  const out = [];
  for (const { q, filters } of queries.queries.filter((query) => query.filters)) {
    const label = filteredLabel({ q, filters });
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ q, filters });
    if (out.length === 10) break;
  }
  return out;
}

const fold = (text) => text.toLowerCase().replace(/[’ʼ]/g, "'").normalize('NFD').replace(/\p{M}/gu, '');

/// The judged queries with their MUST NOT sets expanded against the corpus.
export function judgments(queries, docs) {
  const folded = docs.map((d) => [d.url, fold(`${d.title} ${d.body}`)]);
  return unfiltered(queries).map((query) => {
    const mustNot = new Set(query.mustNot ?? []);
    if (query.mustNotUnless) {
      const pattern = new RegExp(query.mustNotUnless, 'u');
      for (const [url, text] of folded) if (!pattern.test(text)) mustNot.add(url);
    }
    for (const url of query.must) mustNot.delete(url);
    return { ...query, mustNotSet: mustNot };
  });
}

/// results: query text → the engine's URL paths, best first.
export function score(judged, results) {
  const perQuery = judged.map((query) => {
    const top = (results?.[query.q] ?? []).slice(0, 10);
    const missing = query.must.filter((url) => !top.includes(url));
    const wrong = top.filter((url) => query.mustNotSet.has(url));
    return { q: query.q, category: query.category, ok: missing.length === 0 && wrong.length === 0, missing, wrong, returned: top.length };
  });
  const byCategory = {};
  for (const r of perQuery) {
    const c = (byCategory[r.category] ??= { ok: 0, total: 0 });
    c.total += 1;
    if (r.ok) c.ok += 1;
  }
  const ok = perQuery.filter((r) => r.ok).length;
  return { ok, total: perQuery.length, share: ok / perQuery.length, byCategory, perQuery };
}
