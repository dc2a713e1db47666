// Early answers on a split site: when the heads of a query's common words
// cannot settle its ranking, the page shows the results from the heads at
// once, then fetches the tails and shows the settled results. The corpus is
// made so (two words in most notes, each 0 to 4 times, notes of about the
// same length, small heads), and the answers are checked against the
// command line's (`trouve search`, with and without `--early`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { TROUVE, openPage, resultIds, testSite, xorshift } from './harness.mjs';

const QUERY = 'paix accord';
/** The element shows 8 and asks for one more. */
const LIMIT = 9;

function notes() {
  const random = xorshift(7);
  return Array.from({ length: 600 }, (_, i) => {
    const body = [];
    for (const word of ['paix', 'accord']) {
      for (let n = Math.floor(random() * 5); n > 0; n--) body.push(word);
    }
    const length = 16 + Math.floor(random() * 12);
    while (body.length < length) body.push(`mot${Math.floor(random() * 50)}`);
    return { id: `n${String(i).padStart(3, '0')}`, title: `Note ${i}`, body: `${body.join(' ')}.` };
  });
}

let built;
let bundle;

before(async () => {
  built = await testSite({
    documents: notes(),
    pages: {
      'split.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>early</title><link rel="icon" href="data:,">
<script type="module" src="trouve/trouve.js"></script></head><body><trouve-search></trouve-search></body></html>
`,
    },
    buildArgs: ['--layout', 'split', '--head-docs', '80', '--url', 'note.html?id={id}'],
  });
  bundle = path.join(built.site, 'trouve');
});

after(() => built?.close());

/** The command line's answer (ids) and the bytes it read for it. */
async function cli(...flags) {
  const { stdout, stderr } = await promisify(execFile)(TROUVE, ['search', bundle, QUERY, '--json', '-n', String(LIMIT), ...flags], {
    env: { ...process.env, TROUVE_TRACE: '1' },
  });
  const bytes = [...stderr.matchAll(/fetching \d+ pieces, (\d+) bytes/g)].reduce((sum, [, size]) => sum + Number(size), 0);
  return { ids: JSON.parse(stdout).map((hit) => hit.id), bytes };
}

/** Index requests so far, as counted by the page's resource timings. */
const indexFetches = () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/trouve/index/')).length;

async function open() {
  const opened = await openPage(built.browser.context);
  await opened.page.goto(new URL('split.html', built.server.url).href);
  await opened.page.evaluate(() => document.querySelector('trouve-search').searcher.then(() => true));
  return opened;
}

test('the corpus makes an early answer: it reads less than the settled one', async () => {
  const [early, settled] = [await cli('--early'), await cli()];
  assert.equal(early.ids.length, LIMIT);
  assert.ok(early.bytes < settled.bytes, `early ${early.bytes} B, settled ${settled.bytes} B`);
});

test('Searcher.search calls onEarly with the heads\' results, then fetches the tails and resolves to the settled ones', async () => {
  const { page, problems } = await open();
  const seen = await page.evaluate(
    async ([query, limit, counter]) => {
      const count = new Function(`return (${counter})()`);
      const searcher = await document.querySelector('trouve-search').searcher;
      const early = [];
      let fetchesAtEarly = null;
      const hits = await searcher.search(query, {
        limit,
        onEarly: (found) => {
          early.push(found.map((hit) => hit.id));
          fetchesAtEarly = count();
        },
      });
      const settledFetches = count() - fetchesAtEarly;
      // Asked again, everything is at hand: no early answer, nothing fetched.
      const again = [];
      const before = count();
      const repeat = await searcher.search(query, { limit, onEarly: (found) => again.push(found) });
      return { early, settled: hits.map((hit) => hit.id), settledFetches, again: again.length, repeat: repeat.map((hit) => hit.id), repeatFetches: count() - before };
    },
    [QUERY, LIMIT, indexFetches.toString()],
  );
  assert.deepEqual(seen.early, [(await cli('--early')).ids]);
  assert.deepEqual(seen.settled, (await cli()).ids);
  assert.ok(seen.settledFetches > 0, 'the tails are fetched after the early answer');
  assert.equal(seen.again, 0);
  assert.deepEqual(seen.repeat, seen.settled);
  assert.equal(seen.repeatFetches, 0);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('without onEarly, search waits for the settled answer', async () => {
  const { page } = await open();
  const ids = await page.evaluate(async ([query, limit]) => {
    const searcher = await document.querySelector('trouve-search').searcher;
    return (await searcher.search(query, { limit })).map((hit) => hit.id);
  }, [QUERY, LIMIT]);
  assert.deepEqual(ids, (await cli()).ids);
  await page.close();
});

test('the element shows the early results at once, then the settled ones', async () => {
  const { page, problems } = await open();
  await page.evaluate(() => {
    window.trouveEvents = [];
    document.addEventListener('trouve-results', (event) => window.trouveEvents.push({ early: event.detail.early, ids: event.detail.hits.map((hit) => hit.id) }));
  });
  await page.locator('trouve-search input').fill(QUERY);
  await page.waitForFunction(() => window.trouveEvents.length > 0);
  const [first] = await page.evaluate(() => window.trouveEvents);
  assert.equal(first.early, true);
  const early = (await cli('--early')).ids.slice(0, 8);
  assert.deepEqual(first.ids, early);
  // Then the tails; settled results that differ are shown in their place.
  await page.waitForLoadState('networkidle');
  const settled = (await cli()).ids.slice(0, 8);
  assert.deepEqual(await resultIds(page), settled);
  const events = await page.evaluate(() => window.trouveEvents);
  if (settled.join() === early.join()) assert.equal(events.length, 1, 'the same results are not shown again');
  else assert.deepEqual(events.at(-1), { early: false, ids: settled });
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});
