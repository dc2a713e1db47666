// The split layout in the browser (`trouve build --layout split`): a corpus
// generated here, a few hundred notes over a few thousand invented words
// (so that different words lie in different term chunks) and a flower name
// in every note but one in thirteen (so that each flower's notes are known).
// What a query fetches is checked against what the command line reads for
// it (`TROUVE_TRACE=1 trouve search`), piece for piece and byte for byte.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TROUVE, launch, openPage, resultIds, search, serve, testSite, trouve, xorshift } from './harness.mjs';

/** Screenshots to look at by hand; not part of the repository. */
const SHOTS = '/tmp/split-shots';

const FLOWERS = ['azalée', 'bergamote', 'capucine', 'dahlia', 'edelweiss', 'fuchsia', 'glycine', 'hortensia', 'jonquille', 'lavande', 'mimosa', 'narcisse'];
const SYLLABLES = ['ka', 'ro', 'mi', 'tu', 've', 'lan', 'dor', 'is', 'que', 'pha', 'zu', 'bri', 'sol', 'nef', 'gal', 'tor'];
const NOTES = 400;

/**
 * NOTES notes of 90 invented words (frequent ones far more often), dated
 * over 2010–2024; note i holds FLOWERS[i % 13] (none when i % 13 is 12).
 */
function notes() {
  const random = xorshift(20250611);
  const words = new Set();
  while (words.size < 4000) {
    let word = '';
    for (let n = 2 + Math.floor(random() * 3); n > 0; n--) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  const vocabulary = [...words];
  const pad = (n) => String(n).padStart(2, '0');
  return Array.from({ length: NOTES }, (_, i) => {
    const body = Array.from({ length: 90 }, () => vocabulary[Math.floor(vocabulary.length * random() ** 2)]);
    const flower = FLOWERS[i % 13];
    if (flower) body.splice(Math.floor(random() * body.length), 0, flower);
    return {
      id: noteId(i),
      title: `Note ${i}`,
      date: `${2010 + (i % 15)}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`,
      body: `${body.join(' ')}.`,
    };
  });
}

const noteId = (i) => `n${String(i).padStart(3, '0')}`;

/** The ids of the notes that hold a flower. */
function holding(flower) {
  const k = FLOWERS.indexOf(flower);
  return Array.from({ length: NOTES }, (_, i) => i).filter((i) => i % 13 === k).map(noteId);
}

const page = (body, script = '') => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>split</title><link rel="icon" href="data:,">
<script type="module" src="trouve/trouve.js"></script>${script}</head>
<body>${body}</body></html>
`;

const PAGES = {
  'split.html': page('<trouve-search></trouve-search>'),
  'single.html': page('<trouve-search src="single/trouve-index.json"></trouve-search>'),
  // The worker is registered when the test says so.
  'offline.html': page(
    '<trouve-search></trouve-search>',
    '<script type="module">window.registerWorker = () => navigator.serviceWorker.register("sw.js");</script>',
  ),
  // A site's own worker, as the README says: the bundle's part imported,
  // the site's pages kept by the site.
  'sw.js': `self.TROUVE_BUNDLE = 'trouve/';
importScripts('trouve/trouve-sw.js');
const BUNDLE = new URL(self.TROUVE_BUNDLE, self.location.href).href;
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open('pages').then((cache) => cache.add('offline.html')).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (event.request.url.startsWith(BUNDLE)) return;
  event.respondWith(caches.match(event.request, { ignoreSearch: true }).then((cached) => cached ?? fetch(event.request)));
});
`,
};

let built;
let server;
let browser;
/** The split bundle's folder, its entry, and each index file's size by URL path. */
let bundle;
let entry;
const sizes = new Map();

before(async () => {
  built = await testSite({
    documents: notes(),
    pages: PAGES,
    buildArgs: ['--layout', 'split', '--url', 'note.html?id={id}'],
    async prepare(site, corpus) {
      await trouve('build', corpus, '-o', path.join(site, 'single'), '--layout', 'single', '--url', 'note.html?id={id}', '--quiet');
    },
  });
  ({ server, browser } = built);
  bundle = path.join(built.site, 'trouve');
  entry = JSON.parse(await readFile(path.join(bundle, 'trouve-index.json'), 'utf8'));
  assert.equal(entry.layout, 'split');
  for (const name of await readdir(path.join(bundle, 'index'))) {
    sizes.set(`/trouve/index/${name}`, (await stat(path.join(bundle, 'index', name))).size);
  }
  assert.equal(sizes.size, entry.files, 'the entry counts the index files');
  assert.ok(sizes.size > 2, `the index has piece files besides its root (${sizes.size} files)`);
  await mkdir(SHOTS, { recursive: true });
});

after(() => built?.close());

/** Runs `trouve` with `input` on its standard input; resolves to {stdout, stderr}. */
function run(args, { input = '', env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(TROUVE, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`trouve ${args.join(' ')}: ${stderr}`))));
    child.stdin.end(input);
  });
}

/** Pieces of a file this close are fetched together (searcher.js's NEAR). */
const NEAR = 256;

/**
 * What the command line reads to answer `queries` one after the other
 * (pieces and their stored bytes, the root aside), the requests the
 * browser makes for them (each round's pieces at most NEAR bytes apart in
 * a file come in one: "path range", the range null for a whole file), and
 * its answers. The widget asks for one hit more than it shows (8 by
 * default).
 */
async function cli(queries, { limit = 9 } = {}) {
  const { stdout, stderr } = await run(['search', bundle, '--stdin', '--json', '-n', String(limit)], {
    input: queries.map((query) => `${query}\n`).join(''),
    env: { TROUVE_TRACE: '2' },
  });
  let pieces = 0;
  let bytes = 0;
  const requests = [];
  for (const [, count, size, listed] of stderr.matchAll(/fetching (\d+) pieces, (\d+) bytes\n((?:trouve: {3}.*\n)*)/g)) {
    pieces += Number(count);
    bytes += Number(size);
    const round = [...listed.matchAll(/ (\S+) at (\d+), (\d+) bytes/g)]
      .map(([, name, offset, length]) => ({ path: `/trouve/index/${name}`, start: Number(offset), end: Number(offset) + Number(length) }))
      .sort((a, b) => a.path.localeCompare(b.path) || a.start - b.start);
    for (const piece of round) {
      const last = requests.at(-1);
      if (last?.round === round && last.path === piece.path && piece.start - last.end <= NEAR) last.end = Math.max(last.end, piece.end);
      else requests.push({ ...piece, round });
    }
  }
  return {
    pieces,
    bytes,
    requests: requests.map(({ path: file, start, end }) => `${file} ${start === 0 && end === sizes.get(file) ? null : `bytes=${start}-${end - 1}`}`),
    answers: stdout.trim().split('\n').map((line) => JSON.parse(line).map((hit) => hit.id)),
  };
}

/** A page of the main server whose requests are recorded, once its searcher is loaded. */
async function open(name, { route } = {}) {
  const opened = await openPage(browser.context);
  const requests = [];
  opened.page.on('request', (request) => {
    requests.push({ path: new URL(request.url()).pathname, range: request.headers().range ?? null });
  });
  await route?.(opened.page);
  await opened.page.goto(new URL(name, server.url).href);
  await loaded(opened.page);
  return { ...opened, requests };
}

const loaded = (page) => page.evaluate(() => document.querySelector('trouve-search').searcher.then(() => true));

/**
 * The index requests among `requests` (taken out of the list): how many,
 * the bytes they ask for (a range's length, else the whole file's), the
 * files asked for whole, and every request as {path, range} in order.
 */
function indexRequests(requests) {
  const taken = requests.splice(0).filter((request) => request.path.startsWith('/trouve/index/'));
  let bytes = 0;
  const whole = new Set();
  for (const { path: file, range } of taken) {
    const found = range && /^bytes=(\d+)-(\d+)$/.exec(range);
    assert.ok(!range || found, `a plain range (${range})`);
    assert.ok(sizes.has(file), `${file} is a file of the index`);
    if (found) bytes += Number(found[2]) - Number(found[1]) + 1;
    else {
      bytes += sizes.get(file);
      whole.add(file);
    }
  }
  return { count: taken.length, bytes, whole, taken };
}

/** Searches with the page's Searcher; resolves to the ids, or {error} with what it threw. */
function searchApi(page, query, options = {}) {
  return page.evaluate(async ([query, options]) => {
    const searcher = await document.querySelector('trouve-search').searcher;
    try {
      return (await searcher.search(query, options)).map((hit) => hit.id);
    } catch (error) {
      return { error: { isError: error instanceof Error, message: error.message } };
    }
  }, [query, options]);
}

test('before a query only the entry, the widget, the engine and the root are fetched; a query, only the pieces it needs', async () => {
  const { page, requests, problems } = await open('split.html');
  const bundleFiles = requests.filter((request) => request.path.startsWith('/trouve/'));
  assert.deepEqual(
    [...new Set(bundleFiles.map((request) => request.path))].sort(),
    ['trouve-index.json', 'trouve.js', 'trouve-engine.js', 'trouve.css', entry.engine, entry.root].map((file) => `/trouve/${file}`).sort(),
  );
  assert.ok(bundleFiles.every((request) => !request.range), 'nothing asked for by range before a query');
  requests.length = 0;

  const queries = ['azalée', 'mimosa', 'glycine note', 'hortensia'];
  let total = 0;
  let before = { pieces: 0, bytes: 0, requests: [] };
  let together = 0;
  for (const [n, query] of queries.entries()) {
    await search(page, query);
    const fetched = indexRequests(requests);
    // The pieces the command line reads for the same queries in the same
    // order, those close together in a file in one request.
    const needed = await cli(queries.slice(0, n + 1));
    assert.ok(needed.pieces > before.pieces, `${query} needs pieces`);
    const expected = needed.requests.slice(before.requests.length);
    assert.deepEqual(
      fetched.taken.map((request) => `${request.path} ${request.range}`).sort(),
      expected.sort(),
      `${query}: the browser fetched what the command line reads`,
    );
    assert.ok(fetched.bytes >= needed.bytes - before.bytes, `${query}: every byte needed`);
    together += needed.pieces - before.pieces - expected.length;
    assert.deepEqual(await resultIds(page), needed.answers[n].slice(0, 8), `${query}: the same results`);
    total += fetched.bytes;
    before = needed;
  }
  assert.ok(together > 0, 'some pieces came together with others');
  // Different words, different dictionary chunks.
  assert.notDeepEqual(await firstPiece('azalée'), await firstPiece('mimosa'), 'azalée and mimosa lie in different chunks');
  assert.ok(total * 5 < entry.bytes, `four queries fetched ${total} bytes of an index of ${entry.bytes}`);
  assert.equal(indexRequests(requests).count, 0, 'nothing more');
  for (const flower of ['azalée', 'mimosa', 'hortensia']) {
    const shown = await searchApi(page, flower, { limit: 50 });
    assert.deepEqual(shown.sort(), holding(flower), `${flower}: every note that holds it`);
  }

  await search(page, 'mimosa');
  assert.match(await page.textContent('trouve-search .trouve-status'), /^8 premiers résultats$/);
  await page.screenshot({ path: path.join(SHOTS, 'split-results.png') });
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
});

test('a query whose pieces are loaded fetches nothing, again or after downloadAll()', async () => {
  const { page, requests } = await open('split.html');
  requests.length = 0;
  await search(page, 'capucine');
  assert.ok(indexRequests(requests).count > 0);
  await search(page, 'fuchsia');
  assert.ok(indexRequests(requests).count > 0);

  // Queries the command line answers with what "capucine" brought.
  const followers = ['capucine', 'Capucine', 'capucin'];
  assert.deepEqual(await cli(['capucine', ...followers]).then(({ pieces, bytes }) => ({ pieces, bytes })), await cli(['capucine']).then(({ pieces, bytes }) => ({ pieces, bytes })));
  for (const query of followers) {
    await search(page, query);
    assert.equal(indexRequests(requests).count, 0, `${query} after capucine fetches nothing`);
    assert.equal((await resultIds(page)).length, 8);
  }

  // Everything, then any query: nothing more, right answers.
  const downloaded = await page.evaluate(async () => {
    const searcher = await document.querySelector('trouve-search').searcher;
    const progress = [];
    const done = await searcher.downloadAll({ onProgress: (report) => progress.push(report) });
    return { done, last: progress.at(-1), files: searcher.files().length };
  });
  const rootSize = sizes.get(`/trouve/${entry.root}`);
  assert.deepEqual(downloaded.done, { files: entry.files - 1, bytes: entry.bytes - rootSize });
  assert.deepEqual(downloaded.last, { loaded: entry.bytes - rootSize, total: entry.bytes - rootSize, files: entry.files - 1, of: entry.files - 1 });
  assert.equal(downloaded.files, entry.files - 1);
  const all = indexRequests(requests);
  assert.ok(all.count <= entry.files - 1 && all.whole.size === all.count, 'each file once, whole');
  for (const query of ['dahlia', 'narcisse', 'note', 'jonq']) {
    await search(page, query);
    assert.equal(indexRequests(requests).count, 0, `${query} after downloadAll() fetches nothing`);
    assert.deepEqual(await resultIds(page), (await cli([query])).answers[0].slice(0, 8));
  }
});

test('after downloadAll() the service worker answers every search with the network gone', async () => {
  // A server of its own, stopped below, and a browser of its own, cut off.
  const ownServer = await serve(built.site);
  const ownBrowser = await launch();
  try {
    const { page, problems } = await openPage(ownBrowser.context);
    await page.goto(new URL('offline.html', ownServer.url).href);
    await loaded(page);
    // A word searched before the worker controls the page: its chunk comes
    // from the network, and must be kept all the same.
    await search(page, 'bergamote');
    await page.evaluate(() => window.registerWorker());
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    const { done, missing } = await page.evaluate(async () => {
      const searcher = await document.querySelector('trouve-search').searcher;
      const done = await searcher.downloadAll();
      // Where trouve-sw.js keeps the bundle's files.
      const cache = await caches.open(`trouve:${new URL('trouve/', location.href).href}`);
      const missing = [];
      for (const [url] of searcher.files()) if (!(await cache.match(url))) missing.push(url);
      return { done, missing };
    });
    assert.equal(done.files, entry.files - 1);
    assert.deepEqual(missing, [], 'the service worker keeps every file of the index');

    await ownBrowser.context.setOffline(true);
    await ownServer.close();
    // Nothing from the HTTP cache (which may be evicted any time): what
    // the page gets, the worker kept.
    await (await ownBrowser.context.newCDPSession(page)).send('Network.clearBrowserCache');
    await page.reload();
    await loaded(page);
    const served = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/trouve/index/')) served.push(response.fromServiceWorker());
    });
    for (const flower of ['bergamote', 'dahlia', 'jonquille', 'lavande', 'edelweiss']) {
      await search(page, flower);
      const ids = await resultIds(page);
      assert.equal(ids.length, 8, `${flower}: ${await page.textContent('trouve-search .trouve-status')}`);
      assert.ok(ids.every((id) => holding(flower).includes(id)), `${flower}: the notes that hold it`);
    }
    await search(page, 'note');
    assert.equal((await resultIds(page)).length, 8);
    assert.deepEqual((await searchApi(page, 'narcisse', { limit: 50 })).sort(), holding('narcisse'));
    assert.ok(served.length > 5 && served.every(Boolean), 'the pieces came from the service worker');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await ownBrowser.close();
    await ownServer.close();
  }
});

/**
 * The first piece a query fetches on a fresh page, {path, range}: the
 * dictionary chunk that holds its word (the pieces share files, so it is
 * asked for by range).
 */
async function firstPiece(query) {
  const { page, requests } = await open('split.html');
  requests.length = 0;
  await search(page, query);
  const [first] = indexRequests(requests).taken;
  await page.close();
  return first;
}

/** The bytes `range` ("bytes=a-b") asks for out of `file` of the site. */
async function rangeOf(file, range) {
  const [, start, end] = /^bytes=(\d+)-(\d+)$/.exec(range).map(Number);
  return (await readFile(path.join(built.site, file))).subarray(start, end + 1);
}

/** Flips 32 bytes in the middle. */
function damage(bytes) {
  const copy = Buffer.from(bytes);
  const middle = copy.length >> 1;
  for (let i = 0; i < 32; i++) copy[middle + i] ^= 0x5a;
  return copy;
}

/** A 206 answer of `bytes` for `range` of a file of `size` bytes. */
const partial = (bytes, range, size) => ({
  status: 206,
  headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${range.replace('=', ' ')}/${size}` },
  body: bytes,
});

// What went wrong, said: a missing file's status, the decompressor's or the
// engine's complaint, or how many bytes came of how many.
for (const [problem, fulfill, expected] of [
  ['missing', (route) => route.fulfill({ status: 404, body: 'Not Found' }), /cannot download .*\(HTTP 404\)/],
  ['damaged', async (route, { path: file, range }) => route.fulfill(partial(damage(await rangeOf(file, range)), range, sizes.get(file))), /a piece of .* is damaged \((?!Failed to fetch)[^)]+\)/],
  ['cut short', async (route, { path: file, range }) => route.fulfill(partial((await rangeOf(file, range)).subarray(0, 1000), range, sizes.get(file))), /bytes \d+-\d+ of .* is cut short \(1000 bytes, not \d+\)/],
]) {
  test(`a ${problem} term chunk fails its query visibly, and the next query works`, async () => {
    const chunk = await firstPiece('edelweiss');
    assert.ok(chunk?.range, 'edelweiss\'s chunk is asked for by range');
    assert.notDeepEqual(await firstPiece('glycine'), chunk, 'glycine lies elsewhere');
    const name = path.basename(chunk.path);
    const { page, problems } = await open('split.html', {
      // That piece alone fails; the rest of its file is served as usual.
      route: (page) => page.route(`**${chunk.path}`, (route) => {
        return route.request().headers().range === chunk.range ? fulfill(route, chunk) : route.continue();
      }),
    });
    await search(page, 'edelweiss');
    const status = page.locator('trouve-search .trouve-status');
    assert.ok(await status.isVisible(), 'the message is shown');
    const shown = await status.textContent();
    assert.match(shown, /^Erreur\u00a0: cette recherche a échoué\. Trouve: /);
    assert.match(shown, expected);
    assert.ok(shown.includes(name), `the message names ${name}: ${shown}`);
    assert.equal((await resultIds(page)).length, 0);
    // Shown as an error, and announced at once rather than politely.
    assert.equal(await status.getAttribute('class'), 'trouve-status trouve-status-error');
    assert.equal(await status.evaluate((element) => getComputedStyle(element).borderLeftStyle), 'solid', 'styled as an error');
    assert.equal(await page.textContent('trouve-search [role=alert].trouve-live'), shown);
    assert.equal(await page.textContent('trouve-search [role=status]'), '');
    if (problem === 'missing') await page.screenshot({ path: path.join(SHOTS, 'split-missing-chunk.png') });
    if (problem === 'damaged') await page.screenshot({ path: path.join(SHOTS, 'split-damaged-chunk.png') });
    if (problem === 'cut short') {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: path.join(SHOTS, 'split-cut-short-chunk-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    }

    const thrown = await searchApi(page, 'edelweiss');
    assert.equal(thrown.error?.isError, true, 'Searcher.search rejects with an Error');
    assert.match(thrown.error.message, expected);
    assert.ok(thrown.error.message.includes(name), `the Error names ${name}: ${thrown.error.message}`);

    await search(page, 'glycine');
    const ids = await resultIds(page);
    assert.equal(ids.length, 8, await status.textContent());
    assert.ok(ids.every((id) => holding('glycine').includes(id)));
    assert.equal(await status.getAttribute('class'), 'trouve-status', 'no longer an error');
    assert.equal(await page.textContent('trouve-search [role=alert].trouve-live'), '');
    assert.equal(await page.textContent('trouve-search [role=status]'), '8 premiers résultats');

    // Once the host is fixed, the query that failed works: nothing bad was kept.
    await page.unrouteAll();
    await search(page, 'edelweiss');
    assert.equal((await resultIds(page)).length, 8, await status.textContent());
    assert.deepEqual((await searchApi(page, 'edelweiss', { limit: 50 })).sort(), holding('edelweiss'));
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
}

test('the split and single layouts give the same results in the browser', async () => {
  const { page } = await open('split.html');
  const queries = [...FLOWERS, 'note', 'not', 'glycine note', 'azalée mimosa', 'dahlia -note', '"note 13"', 'kat', 'rovek', 'xyzzy'];
  const optionSets = [{ limit: 20 }, { limit: 20, sort: 'date' }, { limit: 20, after: '2014', before: '2019-06' }];
  const answers = await page.evaluate(async ([queries, optionSets]) => {
    const { Searcher } = await import('/trouve/trouve.js');
    const [split, single] = await Promise.all([Searcher.load('/trouve/trouve-index.json'), Searcher.load('/single/trouve-index.json')]);
    const out = [];
    for (const options of optionSets) {
      for (const query of queries) {
        const ids = async (searcher) => (await searcher.search(query, options)).map((hit) => `${hit.id} ${hit.score}`);
        out.push({ query, options, layouts: [split.layout, single.layout], split: await ids(split), single: await ids(single) });
      }
    }
    return out;
  }, [queries, optionSets]);
  let found = 0;
  for (const { query, options, layouts, split, single } of answers) {
    assert.deepEqual(layouts, ['split', 'single']);
    assert.deepEqual(split, single, `${query} ${JSON.stringify(options)}`);
    if (split.length) found += 1;
  }
  assert.ok(found * 3 > answers.length * 2, `${found} of ${answers.length} searches find something`);
  // And the widget, on a page of each layout.
  const other = await open('single.html');
  for (const query of ['hortensia', 'note']) {
    await search(page, query);
    await search(other.page, query);
    assert.deepEqual(await resultIds(page), await resultIds(other.page), query);
  }
  assert.ok(other.requests.some((request) => request.path === '/single/trouve.wasm'), 'the single page loaded the single module');
});

test('a host that ignores ranges serves the pieces out of whole files', async () => {
  let ignored = 0;
  const { page, requests } = await open('split.html', {
    route: (page) => page.route('**/trouve/index/*.trv', async (route) => {
      const headers = { ...route.request().headers() };
      if (!headers.range) return route.continue();
      delete headers.range;
      ignored += 1;
      const response = await route.fetch({ headers });
      assert.equal(response.status(), 200);
      await route.fulfill({ response });
    }),
  });
  requests.length = 0;
  const queries = ['lavande', 'note', 'mimosa', 'glycine note'];
  const expected = await cli(queries);
  for (const [n, query] of queries.entries()) {
    await search(page, query);
    assert.deepEqual(await resultIds(page), expected.answers[n].slice(0, 8), query);
  }
  assert.deepEqual((await searchApi(page, 'lavande', { limit: 50 })).sort(), holding('lavande'));
  assert.ok(ignored > 0, 'pieces were asked for by range');
  // Once the host is seen to ignore ranges, each file is downloaded once.
  const byFile = new Map();
  for (const request of requests.filter((request) => request.path.startsWith('/trouve/index/'))) {
    byFile.set(request.path, (byFile.get(request.path) ?? 0) + 1);
  }
  const repeated = [...byFile].filter(([, count]) => count > 1);
  assert.deepEqual(repeated, [], 'no file downloaded twice');
});
