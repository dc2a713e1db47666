// trouve-sw.js's lifecycle. Registered by itself (its scope is then the
// bundle's folder) it takes over at once: the first visit's page is
// controlled, and a new version replaces the old one while pages are open.
// Imported by a site's worker, it leaves that to the site's worker.
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openPage, resultIds, search, testSite } from './harness.mjs';

const CORPUS = [
  { id: 'paix', title: 'La paix', body: 'Un accord de paix est signé.' },
  { id: 'guerre', title: 'La guerre', body: 'La guerre reprend, sans accord.' },
];

const page = (worker) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>worker</title><link rel="icon" href="data:,">
<script type="module" src="/trouve/trouve.js"></script>
<script type="module">window.registered = navigator.serviceWorker.register(${JSON.stringify(worker)});</script></head>
<body><trouve-search src="/trouve/trouve-index.json"></trouve-search></body></html>
`;

const PAGES = {
  // A site's worker that imports the bundle's part and nothing else.
  'sw.js': `self.TROUVE_BUNDLE = '/trouve/';\nimportScripts('/trouve/trouve-sw.js');\n`,
  'index.html': page('/sw.js'),
};

let built;

before(async () => {
  built = await testSite({
    documents: CORPUS,
    pages: PAGES,
    // A page under the bundle's folder, which trouve-sw.js's own scope covers.
    prepare: (site) => writeFile(path.join(site, 'trouve', 'search.html'), page('/trouve/trouve-sw.js')),
  });
});

after(() => built?.close());

const controller = (page) => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);

test('registered by itself, trouve-sw.js controls the first visit and updates at once', async () => {
  const { page, problems } = await openPage(built.browser.context);
  await page.goto(new URL('trouve/search.html', built.server.url).href);
  const scope = await page.evaluate(async () => (await window.registered).scope);
  assert.equal(scope, new URL('trouve/', built.server.url).href, 'its scope is the bundle folder');
  await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 5000 });
  assert.equal(await controller(page), new URL('trouve/trouve-sw.js', built.server.url).href);

  // The page's searches go through it.
  const served = [];
  page.on('response', (response) => {
    if (/trouve\.wasm$/.test(response.url())) served.push(response.fromServiceWorker());
  });
  await page.reload();
  await search(page, 'accord');
  assert.deepEqual((await resultIds(page)).sort(), ['guerre', 'paix']);
  assert.deepEqual(served, [true]);

  // A new version, with this page open: it takes over without waiting.
  await appendFile(path.join(built.site, 'trouve', 'trouve-sw.js'), '\n// a new version\n');
  const changed = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true }));
    await registration.update();
    return Promise.race([changed, new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
  });
  assert.equal(changed, true, 'the new version controls the open page');
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('imported by a site\'s worker, trouve-sw.js leaves its lifecycle alone', async () => {
  const { page, problems } = await openPage(built.browser.context);
  await page.goto(built.server.url);
  const registration = await page.evaluate(async () => {
    const registration = await window.registered;
    await navigator.serviceWorker.ready;
    return { scope: registration.scope, active: registration.active?.scriptURL };
  });
  assert.deepEqual(registration, { scope: new URL('/', built.server.url).href, active: new URL('sw.js', built.server.url).href });
  // The site's worker claims no page, so this one stays uncontrolled.
  await page.waitForTimeout(500);
  assert.equal(await controller(page), null);
  await page.reload();
  assert.equal(await controller(page), new URL('sw.js', built.server.url).href);
  await search(page, 'guerre');
  assert.deepEqual(await resultIds(page), ['guerre']);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});
