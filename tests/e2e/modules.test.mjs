// The widget's sources in widget/ are ES modules that import what they use:
// each loads on its own in the browser, as a site that imports one of them
// (rather than the bundled trouve.js) would. The pages import the sources
// from a copy of widget/ that sits next to a built module and glue; and the
// bundle's trouve-searcher.js, the API alone, works without trouve.js.
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, openPage, resultIds, search, testSite } from './harness.mjs';

const CORPUS = [
  { id: 'paix', title: 'La paix', body: 'Un accord de paix est signé.' },
  { id: 'guerre', title: 'La guerre', body: 'La guerre reprend, sans accord.' },
];

/** A page that loads the Searcher API from `module` alone and notes what it found. */
const apiPage = (module) => `<!doctype html><meta charset="utf-8"><title>searcher</title>
<script type="module">
  import { Searcher } from '${module}';
  const searcher = await Searcher.load();
  window.found = {
    ids: (await searcher.search('accord')).map((hit) => hit.id).sort(),
    count: searcher.documentCount,
    element: Boolean(customElements.get('trouve-search')),
  };
</script>`;

const PAGES = {
  // Only the API: no element is defined, nothing is rendered.
  'searcher.html': apiPage('./widget/searcher.js'),
  // The bundle's API alone, finding its entry next to itself.
  'bundled-searcher.html': apiPage('./trouve/trouve-searcher.js'),
  // Only the element, which imports the API itself.
  'element.html': `<!doctype html><html lang="fr"><meta charset="utf-8"><title>element</title>
<script type="module" src="widget/trouve-search.js"></script>
<trouve-search></trouve-search></html>`,
};

let server;
let browser;
let built;

before(async () => {
  built = await testSite({
    documents: CORPUS,
    pages: PAGES,
    async prepare(site) {
      const widget = path.join(site, 'widget');
      await cp(path.join(ROOT, 'widget'), widget, { recursive: true });
      for (const file of ['trouve.wasm', 'trouve-engine.js', 'trouve-index.json']) await cp(path.join(site, 'trouve', file), path.join(widget, file));
    },
  });
  ({ server, browser } = built);
});

after(() => built?.close());

for (const [name, what] of [['searcher.html', 'searcher.js'], ['bundled-searcher.html', "the bundle's trouve-searcher.js"]]) {
  test(`${what} loads and searches on its own`, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(new URL(name, server.url).href);
    const found = await page.waitForFunction(() => window.found).then((handle) => handle.jsonValue());
    assert.deepEqual(found, { ids: ['guerre', 'paix'], count: 2, element: false });
    assert.deepEqual(problems.pageErrors, []);
  });
}

test('trouve-search.js defines a working element on its own', async () => {
  const { page, problems } = await openPage(browser.context);
  await page.goto(new URL('element.html', server.url).href);
  await search(page, 'guerre');
  assert.deepEqual(await resultIds(page), ['guerre']);
  // It found its stylesheet next to itself.
  const sheets = await page.$$eval('link[rel=stylesheet]', (links) => links.map((link) => new URL(link.href).pathname));
  assert.deepEqual(sheets, ['/widget/trouve.css']);
  assert.deepEqual(problems.pageErrors, []);
});
