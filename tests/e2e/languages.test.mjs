// A site in two languages: `trouve build` gives each its own index (the
// records say their `lang`), and each page's <trouve-search> searches the
// index of its own language (the nearest `lang`), else the site's main one,
// in either layout; the Searcher API picks by <html lang>, or as told.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, resultIds, search, testSite } from './harness.mjs';

const CORPUS = [
  { id: 'vote', url: '/fr/vote.html', title: 'Le vote', body: 'Les électeurs votent dimanche ; les bureaux ferment tard.', lang: 'fr' },
  { id: 'maires', url: '/fr/maires.html', title: 'Les maires', body: 'Les maires élus prennent leurs fonctions.', lang: 'fr' },
  // The same id in English: a translation of the first page.
  { id: 'vote', url: '/en/vote.html', title: 'The vote', body: 'Voters go to the polls on Sunday; the polls close late.', lang: 'en' },
];

const page = (lang, body, script = '/trouve/trouve.js') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${lang}</title><link rel="icon" href="data:,">
<script type="module" src="${script}"></script></head>
<body>${body}</body></html>
`;

const PAGES = {
  'fr.html': page('fr', '<trouve-search></trouve-search>'),
  'en.html': page('en-GB', '<trouve-search></trouve-search>'),
  // No index in German: the site's main language's.
  'de.html': page('de', '<trouve-search></trouve-search>'),
  // An English box on a French page: the nearest lang.
  'mixed.html': page('fr', '<trouve-search id="fr-box"></trouve-search><div lang="en"><trouve-search id="en-box"></trouve-search></div>'),
  // The split layout, built beside the single one.
  'en-split.html': page('en', '<trouve-search src="/split/trouve-index.json"></trouve-search>'),
  'api.html': `<!doctype html><html lang="en"><meta charset="utf-8"><title>api</title>
<script type="module">
  import { Searcher } from '/trouve/trouve-searcher.js';
  const urls = async (searcher, query) => (await searcher.search(query)).map((hit) => hit.url);
  const page = await Searcher.load();
  const french = await Searcher.load(undefined, { language: 'fr-CA' });
  window.found = {
    page: [page.language, await urls(page, 'polls')],
    french: [french.language, await urls(french, 'bureaux')],
  };
</script></html>`,
};

let server;
let browser;
let built;

before(async () => {
  built = await testSite({
    documents: CORPUS,
    pages: PAGES,
    splitTo: 'split',
  });
  ({ server, browser } = built);
});

after(() => built?.close());

/** The URLs of the results a box shows for `query`. */
async function shown(page, query, box = 'trouve-search') {
  await search(page, query, box);
  return page.$$eval(`${box} [role=option]`, (options) => options.map((option) => new URL(option.href).pathname));
}

for (const [name, query, expected] of [
  ['fr.html', 'bureaux', ['/fr/vote.html']],
  ['fr.html', 'polls', []],
  ['en.html', 'polls', ['/en/vote.html']],
  ['en.html', 'bureaux', []],
  ['de.html', 'bureaux', ['/fr/vote.html']],
  ['en-split.html', 'polls', ['/en/vote.html']],
]) {
  test(`${name} finds ${JSON.stringify(expected)} for «${query}»`, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(new URL(name, server.url).href);
    assert.deepEqual(await shown(page, query), expected);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });
}

test('two boxes on one page search the index of their own language', async () => {
  const { page, problems } = await openPage(browser.context);
  await page.goto(new URL('mixed.html', server.url).href);
  assert.deepEqual(await shown(page, 'vote', '#fr-box'), ['/fr/vote.html']);
  assert.deepEqual(await shown(page, 'vote', '#en-box'), ['/en/vote.html']);
  // Each in its own language's words, too.
  assert.equal(await page.locator('#en-box input').getAttribute('placeholder'), 'Search…');
  assert.deepEqual(await resultIds(page, '#en-box'), ['vote']);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('the Searcher API picks the page\'s language, or the one it is told', async () => {
  const { page, problems } = await openPage(browser.context);
  await page.goto(new URL('api.html', server.url).href);
  const found = await page.waitForFunction(() => window.found).then((handle) => handle.jsonValue());
  assert.deepEqual(found, {
    page: ['en', ['/en/vote.html']],
    french: ['fr', ['/fr/vote.html']],
  });
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});
