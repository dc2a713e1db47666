// The key flows in the two other browser engines, Firefox ESR and WebKitGTK
// (Safari's engine), through tests/e2e/drivers.mjs; Chromium runs the same
// flows and more in the other files here. In each engine: the demo (a prefix,
// and accents and typos, with the matches marked), the keyboard (the ARIA
// state following the arrows, Enter opening a result, Escape closing), the
// demo pages' strict CSP and errors, a split index's pieces fetched and
// inflated, hostile document text shown as text, and the archive searching
// offline after one visit with its service worker.
// WebKit's driver can't watch a page before it has loaded (see drivers.mjs):
// there errors and CSP violations count from the load event on, and the CSP
// test checks that what loading needs (styles, module, worker) did load.
//
// Needs `trouve build www/articles -o www/trouve --url 'article.html?id={id}'`,
// and firefox-esr, webkit2gtk-driver and xvfb (`bash .ci/setup --browsers`).
// An engine that is not installed fails its tests, saying what is missing.
// To leave engines out, list the ones to test in TROUVE_BROWSERS, e.g.
// TROUVE_BROWSERS=chromium (this file then tests nothing) or
// TROUVE_BROWSERS=chromium,firefox. The engines run one after the other; each
// takes a screenshot of the demo with results to /tmp/engines-<engine>.png.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { ENGINES, launch, missing } from './drivers.mjs';
import { HOSTILE_CORPUS, HOSTILE_TITLE, serve, trouve, WWW } from './harness.mjs';

const CHOSEN = process.env.TROUVE_BROWSERS?.split(/[\s,]+/).filter(Boolean);

const INPUT = 'trouve-search input';
const NUCL = ['002_a8654c4c88d6dd42', '003_9c396d88868f6a05'];
const AMITIE = ['001_21107d0269baae87', '002_a8654c4c88d6dd42', '004_56f36989771ccdd4'];

// No CSP here: if the widget inserted document text as HTML, it would run.
const HOSTILE_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>test</title>
<script type="module" src="trouve/trouve.js"></script></head>
<body><trouve-search></trouve-search></body></html>
`;

// ---- Run in the page (sent as source text: no closures).

/** The results once settled and exactly `expected` (ids, any order), else null. */
function settledResults(expected) {
  const box = document.querySelector('trouve-search');
  if (!box || box.querySelector('.trouve-busy') || box.querySelector('.trouve-panel')?.hidden !== false) return null;
  const options = [...box.querySelectorAll('[role=option]')];
  const ids = options.map((option) => option.dataset.docId).sort();
  if (JSON.stringify(ids) !== JSON.stringify(expected)) return null;
  return {
    status: box.querySelector('.trouve-status')?.textContent,
    results: options.map((option) => ({
      id: option.dataset.docId,
      href: option.getAttribute('href'),
      title: option.querySelector('.trouve-title')?.textContent,
      marks: [...option.querySelectorAll('mark')].map((mark) => mark.textContent),
      markBackground: option.querySelector('mark') && getComputedStyle(option.querySelector('mark')).backgroundColor,
    })),
  };
}

/** The front page's list and the search box, once both are there. */
function frontPageReady() {
  return document.querySelectorAll('#articles .story').length > 0 && Boolean(document.querySelector('trouve-search input'));
}

/**
 * Where the focus and the combobox's ARIA state are, when every field of
 * `expected` is as given; else false.
 */
function comboState(expected) {
  const input = document.querySelector('trouve-search input');
  const state = {
    focused: document.activeElement === input,
    expanded: input.getAttribute('aria-expanded'),
    active: input.getAttribute('aria-activedescendant'),
    selected: [...document.querySelectorAll('trouve-search [aria-selected=true]')].map((option) => option.id),
    open: !document.querySelector('trouve-search .trouve-panel').hidden,
  };
  return Object.entries(expected).every(([key, value]) => JSON.stringify(state[key]) === JSON.stringify(value)) && state;
}

// ---- Steps shared by the flows.

/** Waits for the results of what was typed: exactly `expected`. */
function results(session, expected) {
  return session.waitFor(settledResults, [expected], `the results ${expected.join(', ')}`);
}

/** Waits until the combobox state has every field of `expected`. */
function expectState(session, expected, what) {
  return session.waitFor(comboState, [expected], `${what}: ${JSON.stringify(expected)}`, 3_000);
}

async function openFrontPage(session, base, address = 'index.html') {
  await session.goto(new URL(address, base).href);
  await session.waitFor(frontPageReady, [], 'the front page and its search box');
}

async function clearSearch(session) {
  await session.evaluate(() => {
    document.querySelector('trouve-search input').value = '';
  });
}

let demo;
let hostile;
let work;

before(async () => {
  demo = await serve(WWW);
  // The hostile corpus, built and served here (nothing else of harness.mjs's
  // testSite: it launches Chromium).
  work = await mkdtemp(path.join(tmpdir(), 'trouve-engines-'));
  const corpus = path.join(work, 'corpus');
  const site = path.join(work, 'site');
  await mkdir(corpus);
  await mkdir(site);
  await writeFile(path.join(corpus, 'documents.json'), JSON.stringify(HOSTILE_CORPUS));
  await trouve('build', corpus, '-o', path.join(site, 'trouve'), '--quiet', '--url', 'doc.html?id={id}');
  await writeFile(path.join(site, 'index.html'), HOSTILE_PAGE);
  // The same corpus in the split layout: its pieces fetched by range and
  // inflated by the browser's DecompressionStream, in each engine.
  await mkdir(path.join(site, 'split'));
  await trouve('build', corpus, '-o', path.join(site, 'split', 'trouve'), '--quiet', '--layout', 'split', '--url', 'doc.html?id={id}');
  await writeFile(path.join(site, 'split', 'index.html'), HOSTILE_PAGE);
  hostile = await serve(site);
});

after(async () => {
  await demo?.close();
  await hostile?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

for (const engine of ENGINES) {
  const skip = CHOSEN && !CHOSEN.includes(engine) && `${engine} is not in TROUVE_BROWSERS=${process.env.TROUVE_BROWSERS}`;

  describe(engine, { skip }, () => {
    let session;
    // Why the engine can't run: each test fails with it (a failing hook
    // would only cancel them).
    let unavailable;

    before(async () => {
      const absent = missing(engine);
      if (absent) {
        unavailable = new Error(
          `${engine} cannot run: ${absent} not installed. Install it with \`bash .ci/setup --browsers\`, ` +
            `or leave ${engine} out by listing the engines to test, e.g. TROUVE_BROWSERS=chromium.`,
        );
        return;
      }
      try {
        session = await launch(engine);
      } catch (error) {
        unavailable = new Error(`${engine} did not start: ${error.message}`, { cause: error });
      }
    });

    after(() => session?.close());

    /** A test of this engine, failing at once if the engine can't run. */
    const flow = (name, options, run) =>
      test(name, options, async () => {
        if (unavailable) throw unavailable;
        await run();
      });

    flow('the demo: a prefix, then accents and typos, with the matches marked', { timeout: 60_000 }, async () => {
      await openFrontPage(session, demo.url);
      await session.type(INPUT, 'nucl');
      const nucl = await results(session, NUCL);
      assert.match(nucl.status, /^2 résultats/);
      for (const result of nucl.results) {
        assert.ok(result.marks.length > 0, `marks in ${result.id}`);
        for (const mark of result.marks) assert.match(mark, /^nucl/i);
        assert.notEqual(result.markBackground, 'rgba(0, 0, 0, 0)', 'a mark stands out');
        assert.ok(result.href.endsWith(`article.html?id=${result.id}`), result.href);
      }
      await session.screenshot(`/tmp/engines-${engine}.png`);

      await clearSearch(session);
      await session.type(INPUT, 'amitie');
      const amitie = await results(session, AMITIE);
      for (const result of amitie.results) assert.ok(result.marks.length > 0, `marks in ${result.id}`);
      await clearSearch(session);
      await session.type(INPUT, 'Genady');
      await results(session, ['002_a8654c4c88d6dd42']);
    });

    flow('the keyboard: arrows move the active result, Escape closes, Enter opens', { timeout: 60_000 }, async () => {
      await openFrontPage(session, demo.url);
      await session.type(INPUT, 'nucl');
      await results(session, NUCL);
      const ids = await session.evaluate(() => [...document.querySelectorAll('trouve-search [role=option]')].map((option) => option.id));
      assert.equal(ids.length, 2);
      await expectState(session, { focused: true, expanded: 'true', active: null, selected: [], open: true }, 'typed');

      await session.press('ArrowDown');
      await expectState(session, { focused: true, expanded: 'true', active: ids[0], selected: [ids[0]], open: true }, 'ArrowDown');
      await session.press('ArrowDown');
      await expectState(session, { active: ids[1], selected: [ids[1]] }, 'ArrowDown again');
      await session.press('ArrowUp');
      await expectState(session, { active: ids[0], selected: [ids[0]] }, 'ArrowUp');

      await session.press('Escape');
      await expectState(session, { focused: true, expanded: 'false', active: null, selected: [], open: false }, 'Escape');
      assert.equal(await session.evaluate(() => document.querySelector('trouve-search input').value), 'nucl', 'Escape keeps the query');

      await session.press('ArrowDown');
      await expectState(session, { expanded: 'true', open: true }, 'ArrowDown reopens the list');
      await session.press('ArrowDown');
      const chosen = await expectState(session, { active: ids[0], selected: [ids[0]] }, 'the first result chosen');
      const { id, title } = await session.evaluate((optionId) => {
        const option = document.getElementById(optionId);
        return { id: option.dataset.docId, title: option.querySelector('.trouve-title').textContent };
      }, chosen.active);
      await session.press('Enter');
      const opened = await session.waitFor(
        () => location.pathname.endsWith('/article.html') && document.querySelector('.article-title')?.textContent && { search: location.search, title: document.querySelector('.article-title').textContent },
        [],
        'the article Enter opens',
      );
      assert.deepEqual(opened, { search: `?id=${id}`, title });
    });

    flow('the demo pages keep to their Content-Security-Policy, with no error', { timeout: 60_000 }, async () => {
      // With the pages the flows above saw: every watched page counts.
      await openFrontPage(session, demo.url, 'index.html?q=amitie');
      await results(session, AMITIE);
      await session.goto(new URL('article.html?id=003_9c396d88868f6a05', demo.url).href);
      await session.waitFor(() => document.querySelectorAll('.article-text').length >= 8, [], 'the article text');
      // What loading needs from the policy did load: both stylesheets, the
      // module (compiled under 'wasm-unsafe-eval'), the service worker.
      await session.goto(new URL('index.html', demo.url).href);
      await session.waitFor(frontPageReady, [], 'the front page');
      const loaded = await session.waitFor(
        () =>
          Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 500))]).then(
            (worker) =>
              worker && {
                panel: getComputedStyle(document.querySelector('trouve-search .trouve-panel')).position,
                masthead: getComputedStyle(document.querySelector('.masthead')).backgroundColor,
              },
          ),
        [],
        'the service worker',
      );
      assert.equal(loaded.panel, 'absolute', 'trouve.css applies');
      assert.notEqual(loaded.masthead, 'rgba(0, 0, 0, 0)', 'demo.css applies');

      const { cspViolations, pageErrors, dialogs } = await session.problems();
      assert.deepEqual(cspViolations, []);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(dialogs, []);

      // The watch works: an inline script is blocked and reported.
      const ran = await session.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.head.append(script);
        return window.inlineRan === true;
      });
      assert.equal(ran, false, 'the CSP blocks inline scripts');
      let reported = [];
      for (let tries = 0; !reported.length && tries < 50; tries++) {
        await sleep(20);
        reported = (await session.problems()).cspViolations;
      }
      assert.equal(reported.length, 1, 'the blocked script is reported');
      assert.match(reported[0], /script-src/);
    });

    flow('a split index: its pieces fetched by range, inflated and searched', { timeout: 60_000 }, async () => {
      await session.goto(new URL('split/', hostile.url).href);
      await session.waitFor(() => Boolean(document.querySelector('trouve-search input')), [], 'the search box');
      await session.type(INPUT, 'piège');
      await results(session, ['ordinary', 'other', 'x']);
      const pieces = await session.evaluate(() =>
        performance.getEntriesByType('resource').filter((entry) => /\/split\/trouve\/index\/[0-9a-f]{16}\.trv$/.test(entry.name)).length,
      );
      assert.ok(pieces >= 2, `the root and pieces were fetched (${pieces} requests)`);
      assert.deepEqual((await session.problems()).pageErrors, []);
    });

    flow('document text is shown as text, never run as HTML', { timeout: 60_000 }, async () => {
      await session.goto(hostile.url);
      await session.waitFor(() => Boolean(document.querySelector('trouve-search input')), [], 'the search box');
      await session.type(INPUT, 'piège');
      await results(session, ['ordinary', 'other', 'x']);
      // Time for a hostile image to fail and its handler to run.
      await sleep(300);
      const { dialogs, pageErrors } = await session.problems();
      assert.deepEqual(dialogs, []);
      assert.deepEqual(pageErrors, []);
      const shown = await session.evaluate(() => {
        const option = document.querySelector('trouve-search [data-doc-id="x"]');
        return {
          title: option.querySelector('.trouve-title').textContent,
          snippet: option.querySelector('.trouve-snippet').textContent,
          images: document.querySelectorAll('img').length,
          scripts: document.querySelectorAll('trouve-search script').length,
          requested: performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
        };
      });
      assert.equal(shown.title, HOSTILE_TITLE);
      assert.match(shown.snippet, /<script>alert\(2\)<\/script> texte piège/);
      assert.equal(shown.images, 0, 'no img element');
      assert.equal(shown.scripts, 0, 'no script element');
      assert.ok(shown.requested.includes('/trouve/trouve.wasm'), `requests are seen: ${shown.requested}`);
      assert.ok(!shown.requested.includes('/x'), 'the hostile image was never requested');
    });

    flow('after one visit, the archive searches and reads offline', { timeout: 90_000 }, async () => {
      // A server of its own, stopped below: the network gone. WebKit can't be
      // switched offline; Firefox is, as well.
      const server = await serve(WWW);
      const offline = engine === 'firefox';
      try {
        await openFrontPage(session, server.url, './');
        await session.waitFor(
          () => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 500))]),
          [],
          'the service worker ready',
          20_000,
        );
        // The worker claims open pages when it activates; a reload is the fallback.
        if (!(await session.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await session.reload();
        await session.waitFor(() => Boolean(navigator.serviceWorker.controller), [], 'a page the worker controls');

        if (offline) await session.setOffline(true);
        await server.close();

        await session.reload();
        await session.waitFor(frontPageReady, [], 'the front page, offline');
        assert.equal(await session.evaluate(() => document.querySelectorAll('#articles .story').length), 5);
        await session.type(INPUT, 'nucl');
        await results(session, NUCL);

        // An article through a result (Enter opens the first), then one by its address.
        await session.press('Enter');
        assert.match(
          await session.waitFor(() => document.querySelector('.article-text') && location.search, [], 'an article opened offline'),
          /^\?id=00[23]_/,
        );
        await session.goto(new URL('article.html?id=000_ebc104fcd00cffbb', server.url).href);
        const text = await session.waitFor(() => document.querySelector('.article-text') && document.querySelector('.article').textContent, [], 'an article by its address');
        assert.match(text, /Nguyen Phu Trong a chaleureusement félicité/);

        // A search straight from the address.
        await session.goto(new URL('index.html?q=amitie', server.url).href);
        await results(session, AMITIE);
        assert.deepEqual((await session.problems()).pageErrors, []);
      } finally {
        if (offline) await session.setOffline(false).catch(() => {});
        await server.close();
      }
    });
  });
}
