// <trouve-search> on minimal pages, with a corpus built here by `trouve
// build`: hostile document text, a module that is missing or damaged, the
// loading state, when the index loads (on intent, or load="eager"). What a
// site owner sets (texts, theme, layout of a result) is in options.test.mjs.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { HOSTILE_BODY, HOSTILE_CORPUS, HOSTILE_TITLE, openPage, resultIds, search, testSite } from './harness.mjs';
import { readName, sections } from '../../.ci/wasm-binary.mjs';


const page = (head, body) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>test</title>${head}
<script type="module" src="trouve/trouve.js"></script></head>
<body>${body}</body></html>
`;

// No CSP on these pages: if the widget inserted document text as HTML, the
// hostile title would really run.
const PAGES = {
  'index.html': page('', '<trouve-search></trouve-search><textarea id="notes"></textarea>'),
  'intent.html': page('', '<trouve-search load="intent"></trouve-search><p>text</p>'),
  'eager.html': page('', '<trouve-search load="eager"></trouve-search>'),
  'missing.html': page('', '<trouve-search load="eager" src="missing.wasm"></trouve-search><p id="after">still here</p>'),
  'damaged.html': page('', '<trouve-search load="eager" src="damaged.wasm"></trouve-search><p id="after">still here</p>'),
  'not-wasm.html': page('', '<trouve-search load="eager" src="index.html"></trouve-search><p id="after">still here</p>'),
};

/** Flips bytes in the middle of the module's index section. */
function damageIndex(wasm) {
  const index = sections(wasm).find((s) => s.id === 0 && readName(wasm, s.start)[0] === 'trouve.index');
  if (!index) throw new Error('no trouve.index section in trouve.wasm');
  const payload = readName(wasm, index.start)[1];
  const middle = payload + Math.floor((index.end - payload) / 2);
  for (let i = 0; i < 16; i++) wasm[middle + i] ^= 0xa5;
  return wasm;
}

let server;
let browser;
let built;

before(async () => {
  built = await testSite({
    documents: HOSTILE_CORPUS,
    pages: PAGES,
    buildArgs: ['--url', 'doc.html?id={id}'],
    async prepare(site) {
      const wasm = await readFile(path.join(site, 'trouve', 'trouve.wasm'));
      await writeFile(path.join(site, 'damaged.wasm'), damageIndex(wasm));
      await copyFile(path.join(site, 'trouve', 'trouve.wasm'), path.join(site, 'copy.wasm'));
    },
  });
  ({ server, browser } = built);
});

after(() => built?.close());

async function open(name) {
  const opened = await openPage(browser.context);
  await opened.page.goto(new URL(name, server.url).href);
  await opened.page.waitForSelector('trouve-search input');
  return opened;
}

test('document text is shown as text, never run as HTML', async () => {
  const { page, problems } = await open('index.html');
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await search(page, 'piège');
  assert.deepEqual((await resultIds(page)).sort(), ['ordinary', 'other', 'x']);
  const hostile = page.locator('trouve-search [data-doc-id="x"]');
  assert.equal(await hostile.locator('.trouve-title').textContent(), HOSTILE_TITLE);
  assert.match(await hostile.locator('.trouve-snippet').textContent(), /<script>alert\(2\)<\/script> texte piège/);
  assert.equal(await page.locator('img').count(), 0, 'no img element');
  assert.equal(await page.locator('trouve-search script').count(), 0, 'no script element');
  await page.waitForTimeout(300);
  assert.deepEqual(problems.dialogs, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.ok(!requests.includes('/x'), 'the hostile image was never requested');
});

test('the element links its stylesheet by itself', async () => {
  const { page } = await open('index.html');
  const links = await page.$$eval('link[rel=stylesheet]', (items) => items.map((link) => new URL(link.href).pathname));
  assert.deepEqual(links, ['/trouve/trouve.css']);
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.trouve-panel')).position === 'absolute');
});

test('the / shortcut leaves other text fields alone', async () => {
  const { page } = await open('index.html');
  await page.locator('#notes').focus();
  await page.keyboard.type('a/b');
  assert.equal(await page.inputValue('#notes'), 'a/b');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'notes');
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'notes', 'nor does Ctrl-K');
});

test('a query typed while the module downloads runs once it is ready', async () => {
  const { context } = browser;
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/copy.wasm', async (route) => {
    await held;
    await route.continue();
  });
  const { page } = await openPage(context);
  await page.goto(new URL('index.html', server.url).href);
  await page.evaluate(() => {
    const box = document.createElement('trouve-search');
    box.setAttribute('src', 'copy.wasm');
    box.id = 'slow';
    document.body.append(box);
  });
  const input = page.locator('#slow input');
  await input.fill('pi');
  await input.fill('ordinaire');
  assert.equal(await page.textContent('#slow .trouve-status'), 'Chargement…');
  assert.equal(await page.locator('#slow .trouve-busy').count(), 1, 'a spinner while loading');
  release();
  await page.waitForSelector('#slow [role=option]');
  assert.deepEqual(await resultIds(page, '#slow'), ['ordinary']);
  assert.equal(await page.locator('#slow .trouve-busy').count(), 0);
  await context.unroute('**/copy.wasm');
});

/** The paths a page requests, from before it starts loading. */
async function openRecording(name) {
  const opened = await openPage(browser.context);
  const requests = [];
  opened.page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await opened.page.goto(new URL(name, server.url).href);
  await opened.page.evaluate(() => customElements.whenDefined('trouve-search'));
  // An eager element would have asked for its index by now.
  await opened.page.waitForLoadState('networkidle');
  return { ...opened, requests };
}

/** What loading the index asks for: the entry, the module and its glue. */
const isIndexRequest = (path) => /trouve-index\.json$|\.wasm$|trouve-engine\.js$/.test(path);

for (const [intent, show, name = 'intent.html'] of [
  ['Tab into the box, by default', (page) => page.keyboard.press('Tab'), 'index.html'],
  ['Tab into the box', (page) => page.keyboard.press('Tab')],
  ['the / shortcut', (page) => page.keyboard.press('/')],
  ['Ctrl-K', (page) => page.keyboard.press('Control+k')],
  ['a pointer over the box', (page) => page.hover('trouve-search')],
  ['a press on the box', (page) => page.locator('trouve-search').dispatchEvent('pointerdown')],
]) {
  test(`load="intent" fetches nothing of the index until ${intent}`, async () => {
    const { page, requests, problems } = await openRecording(name);
    assert.deepEqual([...new Set(requests.filter((path) => path.startsWith('/trouve/')))].sort(), ['/trouve/trouve.css', '/trouve/trouve.js']);
    assert.deepEqual(requests.filter(isIndexRequest), []);
    assert.equal(await page.locator('trouve-search .trouve-busy').count(), 0, 'no spinner before intent');

    const loading = Promise.all([page.waitForRequest(/\/trouve\/trouve-index\.json$/), page.waitForRequest(/\/trouve\/trouve\.wasm$/)]);
    await show(page);
    await loading;
    assert.deepEqual(requests.filter(isIndexRequest).sort(), ['/trouve/trouve-engine.js', '/trouve/trouve-index.json', '/trouve/trouve.wasm']);
    await search(page, 'ordinaire');
    assert.deepEqual(await resultIds(page), ['ordinary']);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
}

test('load="intent": what is typed while the index loads is searched once it is there', async () => {
  const { page, requests } = await openRecording('intent.html');
  assert.deepEqual(requests.filter(isIndexRequest), []);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/trouve/trouve.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.keyboard.press('/');
  await page.keyboard.type('ordinaire');
  assert.equal(await page.inputValue('trouve-search input'), 'ordinaire');
  assert.equal(await page.textContent('trouve-search .trouve-status'), 'Chargement…');
  assert.equal(await page.locator('trouve-search .trouve-busy').count(), 1, 'a spinner while loading');
  release();
  await page.waitForSelector('trouve-search [role=option]');
  assert.deepEqual(await resultIds(page), ['ordinary']);
  assert.equal(await page.textContent('trouve-search .trouve-status'), '1 résultat');
  await page.close();
});

test('load="eager": the index loads with the page', async () => {
  const { page, requests } = await openRecording('eager.html');
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'nothing was focused');
  assert.deepEqual(requests.filter(isIndexRequest).sort(), ['/trouve/trouve-engine.js', '/trouve/trouve-index.json', '/trouve/trouve.wasm']);
  await page.waitForFunction(() => !document.querySelector('trouve-search .trouve-busy'));
  await page.close();
});

for (const [name, detail] of [
  ['missing.html', /missing\.wasm.*404/],
  ['damaged.html', /corrupt|damaged|checksum/i],
  ['not-wasm.html', /not a Trouve bundle's entry/],
]) {
  test(`a broken module shows a visible error (${name})`, async () => {
    const { page, problems } = await open(name);
    const error = page.locator('trouve-search .trouve-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), /^Erreur\u00a0: la recherche est indisponible\./);
    assert.match(await error.locator('.trouve-detail').textContent(), detail);
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.notEqual(await error.evaluate((element) => getComputedStyle(element).borderTopStyle), 'none', 'styled');
    assert.equal(await page.locator('trouve-search .trouve-busy').count(), 0, 'the spinner stops');
    // The page lives on, and typing does no harm.
    await page.locator('trouve-search input').fill('piège');
    assert.equal(await page.locator('trouve-search [role=option]').count(), 0);
    assert.equal(await page.textContent('#after'), 'still here');
    assert.deepEqual(problems.pageErrors, []);
  });
}
