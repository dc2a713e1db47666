// Pagefind through its JavaScript API (pagefind.js). Its base URL is guessed
// from the bundle's path, which is not the site's root here: say it.
let pagefind;

export async function load(base) {
  pagefind = await import(`${base}pagefind.js`);
  await pagefind.options({ baseUrl: '/' });
  await pagefind.init();
}

export async function search(query, limit) {
  const response = await pagefind.search(query);
  const pages = await Promise.all(response.results.slice(0, limit).map((result) => result.data()));
  return pages.map((page) => ({ url: page.url, title: page.meta?.title ?? '', excerpt: page.excerpt.replace(/<[^>]*>/g, '') }));
}
