// Filters and facets in the page: the Searcher API filters by any, all and
// none of a key's values and counts each value's documents, alike in both
// layouts, and refuses an unknown option or key; <trouve-search filters>
// offers the keys' values as chips with counts, and choosing one filters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, resultIds, search, testSite } from './harness.mjs';

const CORPUS = [
  { id: 'a', title: 'Budget voté', body: 'Le conseil vote le budget de la ville.', author: 'Marie Dubois', filters: { section: 'Politique' } },
  { id: 'b', title: 'Match nul', body: 'Le club boucle son budget après un match nul.', author: 'Paul Martin', filters: { section: 'Sport' } },
  { id: 'c', title: 'Élections', body: 'Le conseil prépare les élections et le budget.', author: ['Marie Dubois', 'Paul Martin'], filters: { section: 'Politique' } },
  { id: 'd', title: 'Marché', body: 'Le marché de la ville ouvre ses portes.', filters: { section: 'Économie' } },
  // Ten bylines on the town: more values than a row offers at first.
  ...Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, title: `Quartier ${i}`, body: `Un quartier de la ville, numéro ${i}.`, author: `Auteur ${i}`, filters: { section: 'Régions' } })),
];

const API = (bundle) => `<!doctype html><html lang="fr"><meta charset="utf-8"><title>api</title><link rel="icon" href="data:,">
<script type="module">
  import { Searcher } from '/${bundle}/trouve-searcher.js';
  const searcher = await Searcher.load();
  const ids = async (query, options) => (await searcher.search(query, options)).map((hit) => hit.id).sort();
  const refused = (promise) => promise.then(() => 'no error', (error) => error.message);
  window.found = {
    politique: await ids('budget', { filters: { section: ['Politique'] } }),
    either: await ids('budget', { filters: { author: 'Paul Martin' } }),
    both: await ids('budget', { filters: { author: { all: ['Marie Dubois', 'Paul Martin'] } } }),
    notSport: await ids('budget', { filters: { section: { none: ['Sport'] } } }),
    browsed: await ids('', { filters: { section: ['Politique'] } }),
    nothing: await ids(''),
    facets: await searcher.facets('budget'),
    everything: await searcher.facets(''),
    narrowed: await searcher.facets('budget', { filters: { section: ['Politique'] } }),
    unknownOption: await refused(searcher.search('budget', { filtres: {} })),
    unknownKey: await refused(searcher.search('budget', { filters: { sectoin: ['Politique'] } })),
  };
</script></html>`;

const PAGES = {
  'api.html': API('trouve'),
  'api-split.html': API('split'),
  'chips.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>chips</title><link rel="icon" href="data:,">
<script type="module" src="/trouve/trouve.js"></script></head>
<body><trouve-search filters="section author"></trouve-search></body></html>`,
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

for (const name of ['api.html', 'api-split.html']) {
  test(`the Searcher filters and counts (${name})`, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(new URL(name, server.url).href);
    const found = await page.waitForFunction(() => window.found).then((handle) => handle.jsonValue());
    assert.deepEqual(found.politique, ['a', 'c']);
    assert.deepEqual(found.either, ['b', 'c']);
    assert.deepEqual(found.both, ['c']);
    assert.deepEqual(found.notSport, ['a', 'c']);
    // No words: the section's pages; with no filter either, nothing.
    assert.deepEqual(found.browsed, ['a', 'c']);
    assert.deepEqual(found.nothing, []);
    const authors = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`Auteur ${i}`, 0]));
    assert.deepEqual(found.facets, {
      author: { 'Marie Dubois': 2, 'Paul Martin': 2, ...authors },
      section: { Politique: 2, Sport: 1, Économie: 0, Régions: 0 },
    });
    assert.deepEqual(found.everything.section, { Politique: 2, Sport: 1, Économie: 1, Régions: 10 });
    assert.deepEqual(found.narrowed.author, { 'Marie Dubois': 2, 'Paul Martin': 1, ...authors });
    assert.match(found.unknownOption, /unknown option `filtres`/);
    assert.match(found.unknownKey, /sectoin/);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
}

/** The chips shown, as "key: value count [chosen]". */
function chips(page) {
  return page.$$eval('trouve-search .trouve-chips', (rows) => rows.flatMap((row) => [...row.querySelectorAll('.trouve-chip')].map((chip) => {
    const pressed = chip.getAttribute('aria-pressed') === 'true' ? ' chosen' : '';
    return `${row.getAttribute('aria-label')}: ${chip.firstChild.textContent} ${chip.querySelector('.trouve-count').textContent}${pressed}`;
  })));
}

test('<trouve-search filters> offers chips with counts, and a chip filters', async () => {
  const { page, problems } = await openPage(browser.context);
  await page.goto(new URL('chips.html', server.url).href);
  await search(page, 'budget');
  await page.waitForSelector('trouve-search .trouve-chip');
  assert.deepEqual(await chips(page), [
    'section: Politique 2', 'section: Sport 1',
    'author: Marie Dubois 2', 'author: Paul Martin 2',
  ]);
  assert.deepEqual((await resultIds(page)).sort(), ['a', 'b', 'c']);

  await page.click('trouve-search .trouve-chip >> text=Politique');
  await page.waitForFunction(() => document.querySelector('trouve-search .trouve-chip[aria-pressed=true]'));
  await page.waitForFunction(() => document.querySelectorAll('trouve-search [role=option]').length === 2);
  assert.deepEqual((await resultIds(page)).sort(), ['a', 'c']);
  // The section's other values stay to choose (counted without its own
  // choice); the authors are counted among the chosen section's pages.
  await page.waitForFunction(() => document.querySelector('trouve-search .trouve-chips[aria-label=author] .trouve-count')?.textContent === '2'
    && [...document.querySelectorAll('trouve-search .trouve-chips[aria-label=author] .trouve-count')].map((c) => c.textContent).join() === '2,1');
  assert.deepEqual(await chips(page), [
    'section: Politique 2 chosen', 'section: Sport 1',
    'author: Marie Dubois 2', 'author: Paul Martin 1',
  ]);
  // The focus stayed in the box.
  assert.equal(await page.evaluate(() => document.activeElement?.matches('trouve-search input')), true);
  if (process.env.TROUVE_SHOTS) await page.screenshot({ path: process.env.TROUVE_SHOTS });
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('a key with many values offers the busiest first, and "+n" the others', async () => {
  const { page, problems } = await openPage(browser.context);
  await page.goto(new URL('chips.html', server.url).href);
  await search(page, 'ville');
  await page.waitForSelector('trouve-search .trouve-more');
  const authors = () => page.$$eval('trouve-search .trouve-chips[aria-label=author] .trouve-chip', (chips) => chips.map((chip) => chip.firstChild.textContent));
  // Eleven bylines hold the word, one page each: eight, then "+3".
  const first = await authors();
  assert.equal(first.length, 9);
  assert.equal(first.at(-1), '+3');
  await page.click('trouve-search .trouve-more');
  await page.waitForFunction(() => !document.querySelector('trouve-search .trouve-more'));
  assert.equal((await authors()).length, 11);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});
