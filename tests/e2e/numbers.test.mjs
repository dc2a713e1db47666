// Number fields and metadata in the page: the Searcher keeps ranges of
// numbers and dates and sorts by a field, alike in both layouts, refuses a
// field the index lacks or a bound it cannot read, and hands each hit its
// metadata; <trouve-search images> shows a result's image, a web URL only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, resultIds, search, testSite } from './harness.mjs';

// `prix` is a plain field that --sort-key names; `révisé` comes in the
// record's `sort` object; `image` is a default metadata key.
const CORPUS = [
  { id: 'a', title: 'Budget voté', body: 'Le conseil vote le budget.', prix: 12, sort: { révisé: '2024-03-02' }, image: 'images/a.svg', meta: { signature: 'M. D.' }, tags: 'ville' },
  { id: 'b', title: 'Budget du club', body: 'Le club boucle son budget.', prix: 1200, sort: { révisé: '2024' }, tags: 'sport' },
  { id: 'c', title: 'Budget des écoles', body: 'Les écoles et leur budget.', prix: -3.5, sort: { révisé: '2023-12' }, image: 'javascript:alert(1)' },
  { id: 'd', title: 'Budget sans prix', body: 'Un budget sans prix.', sort: { révisé: '2025-01-10' } },
];

const API = (bundle) => `<!doctype html><html lang="fr"><meta charset="utf-8"><title>api</title><link rel="icon" href="data:,">
<script type="module">
  import { Searcher } from '/${bundle}/trouve-searcher.js';
  const searcher = await Searcher.load();
  const ids = async (query, options) => (await searcher.search(query, options)).map((hit) => hit.id);
  const refused = (promise) => promise.then(() => 'no error', (error) => error.message);
  window.found = {
    cheap: await ids('budget', { filters: { prix: { min: 0, max: 100 } }, sort: 'prix' }),
    upTo12: await ids('budget', { filters: { prix: { max: 12 } }, sort: 'prix' }),
    dearFirst: await ids('budget', { sort: { prix: 'desc' } }),
    march: await ids('budget', { filters: { révisé: { min: '2024-03', max: '2024-03' } }, sort: 'révisé' }),
    browsed: await ids('', { filters: { prix: { min: 1000 } } }),
    counted: await searcher.facets('', { filters: { prix: { min: 0 } } }),
    meta: (await searcher.search('vote')).map((hit) => hit.meta),
    noMeta: (await searcher.search('club')).map((hit) => hit.meta),
    unknownField: await refused(searcher.search('budget', { sort: 'poids' })),
    badBound: await refused(searcher.search('budget', { filters: { prix: { min: 'beaucoup' } } })),
    badRange: await refused(searcher.search('budget', { filters: { prix: { min: 1, moins: 2 } } })),
  };
</script></html>`;

const PAGES = {
  'api.html': API('trouve'),
  'api-split.html': API('split'),
  'images.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>images</title><link rel="icon" href="data:,">
<script type="module" src="/trouve/trouve.js"></script></head>
<body><trouve-search images sort="prix"></trouve-search></body></html>`,
  'images/a.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="teal"/></svg>',
};

let server;
let browser;
let built;

before(async () => {
  built = await testSite({
    documents: CORPUS,
    pages: {},
    buildArgs: ['--sort-key', 'prix', '--url', '/{id}.html'],
    splitTo: 'split',
    prepare: async (site) => {
      const { mkdir, writeFile } = await import('node:fs/promises');
      await mkdir(`${site}/images`);
      for (const [name, text] of Object.entries(PAGES)) await writeFile(`${site}/${name}`, text);
    },
  });
  ({ server, browser } = built);
});

after(() => built?.close());

for (const name of ['api.html', 'api-split.html']) {
  test(`the Searcher keeps ranges, sorts by a field and returns metadata (${name})`, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(new URL(name, server.url).href);
    const found = await page.waitForFunction(() => window.found).then((handle) => handle.jsonValue());
    assert.deepEqual(found.cheap, ['a']);
    assert.deepEqual(found.upTo12, ['c', 'a']);
    // d has no price: last either way.
    assert.deepEqual(found.dearFirst, ['b', 'a', 'c', 'd']);
    // The year 2024 overlaps March 2024; December 2023 does not.
    assert.deepEqual(found.march, ['b', 'a']);
    assert.deepEqual(found.browsed, ['b']);
    // Counts among the documents the range keeps (c and d are not).
    assert.deepEqual(found.counted, { tags: { sport: 1, ville: 1 } });
    assert.deepEqual(found.meta, [{ image: 'images/a.svg', signature: 'M. D.' }]);
    assert.deepEqual(found.noMeta, [{}]);
    assert.match(found.unknownField, /sort.*poids/);
    assert.match(found.badBound, /beaucoup/);
    assert.match(found.badRange, /unknown option `moins`/);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
}

test('<trouve-search images> shows a result\'s image, and no unsafe one', async () => {
  const { page, problems } = await openPage(browser.context);
  await page.goto(new URL('images.html', server.url).href);
  await search(page, 'budget');
  // Sorted by the attribute's field: the cheapest first.
  assert.deepEqual(await resultIds(page), ['c', 'a', 'b', 'd']);
  const images = await page.$$eval('trouve-search [role=option]', (options) => options.map((option) => {
    const image = option.querySelector('img.trouve-image');
    return image ? new URL(image.src).pathname : null;
  }));
  // Relative to the result's page; the javascript: one is left out.
  assert.deepEqual(images, [null, '/images/a.svg', null, null]);
  await page.waitForFunction(() => document.querySelector('trouve-search img.trouve-image')?.complete);
  assert.equal(await page.$eval('trouve-search img.trouve-image', (image) => image.naturalWidth), 10);
  if (process.env.TROUVE_SHOTS) await page.screenshot({ path: process.env.TROUVE_SHOTS });
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});
