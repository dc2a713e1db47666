// A broken index never freezes the page: for each way a bundle can be
// broken (an engine that traps on every search, pieces that fail every
// query with an ordinary error, a module with two indexes, a module cut
// short), fifty keystrokes leave the main thread free (no task over
// 200 ms), the heap flat, the engine restarted a bounded number of times,
// and nothing running once typing stops.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openPage, testSite, trouve } from './harness.mjs';
import { exportedFunction, readName, sections, withTraps } from '../../.ci/wasm-binary.mjs';

const CORPUS = Array.from({ length: 40 }, (_, n) => ({
  id: `d${n}`,
  title: `Dépêche ${n}`,
  date: `2025-04-${String(1 + (n % 28)).padStart(2, '0')}`,
  body: `Dépêche numéro ${n} : la coopération nucléaire, la glycine et l'edelweiss ${'encore '.repeat(n)}.`,
}));

/** The widget's crash limit (widget/trouve-search.js MAX_CRASHES). */
const MAX_CRASHES = 3;

const page = (src) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>test</title>
<script type="module" src="trouve/trouve.js"></script></head>
<body><button id="alive">alive</button><trouve-search src="${src}"></trouve-search></body></html>
`;

const PAGES = {
  'trap.html': page('trap.wasm'),
  'failing.html': page('failing/trouve-index.json'),
  'twice.html': page('twice.wasm'),
  'truncated.html': page('truncated.wasm'),
};

/**
 * `wasm` with the body of the exported function `name` replaced by
 * `unreachable`: a trap each time it is called, as an engine bug would.
 */
function trapping(wasm, name) {
  const target = exportedFunction(wasm, name);
  return withTraps(wasm, (index) => index === target);
}

/** `wasm` with its custom section `name` written twice. */
function twice(wasm, name) {
  const section = sections(wasm).find((s) => s.id === 0 && readName(wasm, s.start)[0] === name);
  const whole = wasm.subarray(section.header, section.end);
  return Buffer.concat([wasm, whole]);
}

let built;

before(async () => {
  built = await testSite({
    documents: CORPUS,
    pages: PAGES,
    async prepare(site, corpus) {
      const wasm = await readFile(path.join(site, 'trouve', 'trouve.wasm'));
      const glue = await readFile(path.join(site, 'trouve', 'trouve-engine.js'), 'utf8');
      // The wasm-bindgen export behind Engine.search.
      const searchExport = /\.(engine_search)\(/.exec(glue)?.[1];
      assert.ok(searchExport, 'the glue calls engine_search');
      await writeFile(path.join(site, 'trap.wasm'), trapping(wasm, searchExport));
      await writeFile(path.join(site, 'twice.wasm'), twice(wasm, 'trouve.index'));
      await writeFile(path.join(site, 'truncated.wasm'), wasm.subarray(0, wasm.length >> 1));
      // A split bundle whose every piece file is damaged: it opens, and
      // each query fails with an ordinary error.
      const failing = path.join(site, 'failing');
      await trouve('build', corpus, '-o', failing, '--layout', 'split', '--quiet');
      const { root } = JSON.parse(await readFile(path.join(failing, 'trouve-index.json'), 'utf8'));
      const pieces = (await readdir(path.join(failing, 'index')))
        .map((name) => `index/${name}`)
        .filter((name) => name !== root && !/\.(gz|br)$/.test(name));
      assert.ok(pieces.length > 0);
      for (const name of pieces) {
        const bytes = await readFile(path.join(failing, name));
        for (let i = 0; i < bytes.length; i += 7) bytes[i] ^= 0x5a;
        await writeFile(path.join(failing, name), bytes);
      }
    },
  });
});

after(() => built?.close());

/** The main thread's busy time so far, in seconds, and the JS heap in use. */
async function metrics(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name) => list.find((m) => m.name === name).value;
  return { busy: get('TaskDuration'), heap: get('JSHeapUsedSize') };
}

for (const [name, expected] of [
  ['trap.html', /failed 3 times and was stopped; reload the page.*unreachable/],
  ['failing.html', /damaged|cut short|corrupt/],
  ['twice.html', /more than one search index/],
  ['truncated.html', /not a valid search module/],
]) {
  test(`${name}: fifty keystrokes leave the page responsive and nothing looping`, async () => {
    const { page, problems } = await openPage(built.browser.context);
    const engineLoads = [];
    const requests = [];
    page.on('request', (request) => {
      requests.push(request.url());
      if (/trouve-engine\.js/.test(request.url())) engineLoads.push(request.url());
    });
    await page.addInitScript(() => {
      window.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longestTask = Math.max(window.longestTask, entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(new URL(name, built.server.url).href);
    const input = page.locator('trouve-search input');
    await input.waitFor();
    await input.focus();
    await page.keyboard.type('nu');
    await page.waitForFunction(() => document.querySelector('trouve-search .trouve-status-error, trouve-search .trouve-error'));
    const start = await metrics(cdp);
    const keys = [...'cléaire coopération glycine edelweiss dépêche encore'];
    assert.ok(keys.length >= 50);
    for (const key of keys) await page.keyboard.type(key);
    assert.equal(await input.inputValue(), `nu${keys.join('')}`);
    const typed = await metrics(cdp);
    // Once typing stops, nothing keeps running: no retry loop, no restarts.
    await page.waitForTimeout(500);
    const requested = requests.length;
    await page.waitForTimeout(1000);
    const idle = await metrics(cdp);
    assert.deepEqual(requests.slice(requested), [], 'nothing is fetched once typing stops');

    const shown = await page.locator('trouve-search .trouve-status-error:visible, trouve-search .trouve-error:visible').first().textContent();
    assert.match(shown, expected);
    const longest = await page.evaluate(() => window.longestTask);
    assert.ok(longest < 200, `the longest task took ${longest} ms`);
    assert.ok(idle.busy - typed.busy < 0.1, `busy ${((idle.busy - typed.busy) * 1000).toFixed(0)} ms of an idle second`);
    const grown = (idle.heap - start.heap) / 2 ** 20;
    assert.ok(grown < 4, `the heap grew by ${grown.toFixed(1)} MiB over fifty keystrokes`);
    // The first load, and at most one restart a crash up to the limit.
    assert.ok(engineLoads.length <= 1 + MAX_CRASHES, `the engine was loaded ${engineLoads.length} times`);
    await page.screenshot({ path: path.join(tmpdir(), `trouve-degrade-${name}.png`) });
    await page.click('#alive');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
}
