// Pagefind through its JavaScript API (pagefind.js). Its base URL is guessed
// from the bundle's path, which is not the site's root here: say it.
let pagefind;

/** It takes filters (pagefind.search's `filters`). */
export const filters = true;

export async function load(base) {
  pagefind = await import(`${base}pagefind.js`);
  await pagefind.options({ baseUrl: '/' });
  await pagefind.init();
}

/**
 * `wanted`, when given: {key: [values]}, documents with any of a key's
 * values, which Pagefind writes {key: {any: [values]}} (a bare array asks
 * for all of them); with no words, Pagefind searches null: every page the
 * filters keep.
 */
export async function search(query, limit, shown, wanted) {
  const response = wanted
    ? await pagefind.search(query === '' ? null : query, { filters: Object.fromEntries(Object.entries(wanted).map(([key, values]) => [key, { any: [values].flat() }])) })
    : await pagefind.search(query);
  const pages = await Promise.all(response.results.slice(0, limit).map((result) => result.data()));
  return pages.map((page) => ({ url: page.url, title: page.meta?.title ?? '', excerpt: page.excerpt.replace(/<[^>]*>/g, '') }));
}
