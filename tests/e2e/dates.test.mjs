// The date-range control of <trouve-search dates>: "from" and "to" date
// inputs, labelled in the page's language, whose bounds narrow the results
// and the chips' counts; clearing them (the × button, or emptying an input)
// brings the results back. Under a strict CSP, in Chromium, then in Firefox
// and WebKit through tests/e2e/drivers.mjs (TROUVE_BROWSERS lists the
// engines to test, e.g. TROUVE_BROWSERS=chromium; see engines.test.mjs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { ENGINES, launch, missing } from './drivers.mjs';
import { openPage, resultIds, search, testSite } from './harness.mjs';

const CHOSEN = process.env.TROUVE_BROWSERS?.split(/[\s,]+/).filter(Boolean);
const require = createRequire(new URL('../../.ci/package.json', import.meta.url));
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const CORPUS = [
  { id: 'old', title: 'Budget 2023', date: '2023-06', body: 'Le budget de l’an passé.', filters: { section: 'Sport' } },
  { id: 'jan', title: 'Budget de janvier', date: '2024-01-15', body: 'Le conseil ouvre le débat sur le budget.', filters: { section: 'Politique' } },
  { id: 'mar', title: 'Budget voté', date: '2024-03-10', body: 'Le conseil vote le budget.', filters: { section: 'Politique' } },
  { id: 'may', title: 'Le club et son budget', date: '2024-05-20', body: 'Le club boucle son budget.', filters: { section: 'Sport' } },
  { id: 'new', title: 'Budget 2025', date: '2025-02-01', body: 'Le budget de l’année commence.', filters: { section: 'Économie' } },
  { id: 'undated', title: 'Un budget sans date', body: 'Un budget, mais quand ?', filters: { section: 'Politique' } },
];
const ALL = ['jan', 'mar', 'may', 'new', 'old', 'undated'];

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:">`;
const page = (lang, attributes) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${CSP}<title>dates</title><link rel="icon" href="data:,">
<script type="module" src="/trouve/trouve.js"></script></head>
<body><trouve-search ${attributes}></trouve-search></body></html>`;

const PAGES = {
  'dates.html': page('fr', 'filters="section" dates'),
  'dates-en.html': page('en', 'dates'),
  'plain.html': page('fr', 'filters="section"'),
  // No CSP, for axe's script; light or dark as the system is.
  'axe.html': page('fr', 'filters="section" dates').replace(CSP, '<meta name="color-scheme" content="light dark">'),
};

// ---- Run in the page (also sent as source text to Firefox and WebKit: no closures).

/** Sets a bound as a visitor's picker does: the value, then an input event. */
function setBound(which, value) {
  const input = document.querySelectorAll('trouve-search .trouve-bound')[which === 'from' ? 0 : 1];
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * The results (ids, sorted) and the chips ("value count"), once the results
 * are `expected` and the chips `chips` (when given); else null.
 */
function settled(expected, chips) {
  const box = document.querySelector('trouve-search');
  if (box.querySelector('.trouve-busy') || box.querySelector('.trouve-panel').hidden) return null;
  const ids = [...box.querySelectorAll('[role=option]')].map((option) => option.dataset.docId).sort();
  const shown = [...box.querySelectorAll('.trouve-chip')].map((chip) => `${chip.firstChild.textContent} ${chip.querySelector('.trouve-count').textContent}`);
  if (JSON.stringify(ids) !== JSON.stringify(expected)) return null;
  if (chips && JSON.stringify(shown) !== JSON.stringify(chips)) return null;
  return { ids, chips: shown, status: box.querySelector('.trouve-status').textContent };
}

/** What the date control shows and how it is named. */
function control() {
  const row = document.querySelector('trouve-search .trouve-dates');
  const clear = row.querySelector('.trouve-clear');
  return {
    visible: row.checkVisibility(),
    group: `${row.getAttribute('role')} ${row.getAttribute('aria-label')}`,
    labels: [...row.querySelectorAll('.trouve-bound')].map((input) => `${input.type}: ${input.labels[0]?.textContent}`),
    clear: clear.checkVisibility() ? clear.getAttribute('aria-label') : null,
    values: [...row.querySelectorAll('.trouve-bound')].map((input) => input.value),
    fits: row.scrollWidth <= row.clientWidth,
  };
}

// ---- Chromium (harness.mjs)

let built;

before(async () => {
  built = await testSite({ documents: CORPUS, pages: PAGES });
});

after(() => built?.close());

/** Waits for `settled(expected, chips)` in a Chromium page; what it returns. */
async function waitSettled(page, expected, chips) {
  const handle = await page.waitForFunction(([e, c]) => window.__settled(e, c), [expected, chips]);
  return handle.jsonValue();
}

/** Puts the page helpers on `window`, for waitForFunction. */
async function addHelpers(page) {
  await page.evaluate(`window.__settled = ${settled}; window.__setBound = ${setBound};`);
}

/**
 * A new Chromium page at `file` (a page of PAGES), `before` applied first,
 * with «budget» searched and the page helpers added.
 */
async function openBudget(file, before = async () => {}) {
  const { browser, server } = built;
  const opened = await openPage(browser.context);
  await before(opened.page);
  await opened.page.goto(new URL(file, server.url).href);
  await search(opened.page, 'budget');
  await addHelpers(opened.page);
  return opened;
}

test('<trouve-search dates>: a range narrows the results and the chips\' counts; clearing restores them', async () => {
  const { browser } = built;
  const { page, problems } = await openBudget('dates.html');
  const everything = ['Politique 3', 'Sport 2', 'Économie 1'];
  await waitSettled(page, ALL, everything);
  assert.deepEqual(await page.evaluate(control), {
    visible: true,
    group: 'group date',
    labels: ['date: du', 'date: au'],
    clear: null,
    values: ['', ''],
    fits: true,
  });

  // From March 2024: what is dated before, and the undated, go.
  await page.locator('trouve-search .trouve-bound >> nth=0').fill('2024-03-01');
  const found = await waitSettled(page, ['mar', 'may', 'new'], ['Politique 1', 'Sport 1', 'Économie 1']);
  assert.match(found.status, /^3 résultats/);
  // To the end of 2024: 2025 goes too, and its section's chip with it.
  await page.locator('trouve-search .trouve-bound >> nth=1').fill('2024-12-31');
  await waitSettled(page, ['mar', 'may'], ['Politique 1', 'Sport 1']);
  // Each picker stops at the other bound; the clear button shows.
  assert.deepEqual(await page.$$eval('trouve-search .trouve-bound', (inputs) => inputs.map((input) => [input.min, input.max])), [['', '2024-12-31'], ['2024-03-01', '']]);
  assert.equal((await page.evaluate(control)).clear, 'Effacer les dates');

  // A chip chosen within the range; the range's bounds keep applying.
  await page.click('trouve-search .trouve-chip >> text=Sport');
  await waitSettled(page, ['may'], ['Politique 1', 'Sport 1']);

  // Another query keeps the range and the chip.
  await search(page, 'club');
  await waitSettled(page, ['may'], ['Sport 1']);
  await search(page, 'budget');
  await waitSettled(page, ['may'], ['Politique 1', 'Sport 1']);

  // The × clears both bounds; the focus stays in the box (pressed with the pointer).
  await page.click('trouve-search .trouve-chip >> text=Sport');
  await waitSettled(page, ['mar', 'may'], ['Politique 1', 'Sport 1']);
  await page.locator('trouve-search .trouve-input').focus();
  await page.click('trouve-search .trouve-clear');
  await waitSettled(page, ALL, everything);
  assert.deepEqual((await page.evaluate(control)).values, ['', '']);
  assert.equal((await page.evaluate(control)).clear, null);
  assert.equal(await page.evaluate(() => document.activeElement?.matches('trouve-search .trouve-input')), true);

  // Typed on the keyboard (01/01 reads the same either way round): while
  // the year is typed, the input holds years 0002, 0020 and 0202, which are
  // no bound, not an error.
  await page.evaluate(() => {
    window.failed = false;
    new MutationObserver(() => (window.failed ||= Boolean(document.querySelector('trouve-search .trouve-status-error'))))
      .observe(document.querySelector('trouve-search .trouve-status'), { attributes: true, childList: true, subtree: true });
  });
  await page.locator('trouve-search .trouve-bound >> nth=0').focus();
  await page.keyboard.type('01012024');
  await waitSettled(page, ['jan', 'mar', 'may', 'new'], ['Politique 2', 'Sport 1', 'Économie 1']);
  assert.deepEqual((await page.evaluate(control)).values, ['2024-01-01', '']);
  assert.equal(await page.evaluate(() => window.failed), false);
  await page.click('trouve-search .trouve-clear');
  await waitSettled(page, ALL, everything);

  // Emptying a bound in its input (Backspace clears a part of the date)
  // removes that bound.
  await page.locator('trouve-search .trouve-bound >> nth=1').fill('2024-01-31');
  await waitSettled(page, ['jan', 'old'], ['Politique 1', 'Sport 1']);
  await page.locator('trouve-search .trouve-bound >> nth=1').focus();
  await page.keyboard.press('Backspace');
  await waitSettled(page, ALL, everything);
  assert.deepEqual((await page.evaluate(control)).values, ['', '']);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(browser.cspViolations, []);
  await page.close();
});

test('the date control by keyboard: after the box in the focus order, the × too, and the panel stays open', async () => {
  const { page, problems } = await openBudget('dates.html');
  await waitSettled(page, ALL, ['Politique 3', 'Sport 2', 'Économie 1']);
  await page.evaluate(() => window.__setBound('from', '2025-01-01'));
  await waitSettled(page, ['new'], ['Économie 1']);
  const focused = () => page.evaluate(() => {
    const active = document.activeElement;
    return active.matches('trouve-search .trouve-bound') ? `bound ${active.labels[0].textContent}` : active.className;
  });
  await page.locator('trouve-search .trouve-input').focus();
  // The elements Tab reaches, each once (a date input may take a Tab a part).
  const order = [];
  while (order.length < 4) {
    await page.keyboard.press('Tab');
    const now = await focused();
    if (order.at(-1) !== now) order.push(now);
  }
  assert.deepEqual(order, ['bound du', 'bound au', 'trouve-clear', 'trouve-chip']);
  // Back to the ×, pressed with Enter: the bounds go, the focus goes to the
  // first bound, the panel stays open with every result.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'trouve-clear');
  await page.keyboard.press('Enter');
  await waitSettled(page, ALL, ['Politique 3', 'Sport 2', 'Économie 1']);
  assert.equal(await focused(), 'bound du');
  assert.equal(await page.evaluate(() => document.querySelector('trouve-search .trouve-input').getAttribute('aria-expanded')), 'true');
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('with no words, a range lists what it keeps, newest first, and nothing once cleared; in English; without `dates`, no control nor its inputs', async () => {
  const { server } = built;
  const { page, problems } = await openBudget('dates-en.html');
  await waitSettled(page, ALL);
  const shown = await page.evaluate(control);
  assert.equal(shown.group, 'group date');
  assert.deepEqual(shown.labels, ['date: from', 'date: to']);
  await page.evaluate(() => window.__setBound('to', '2023-12-31'));
  await waitSettled(page, ['old']);
  assert.equal((await page.evaluate(control)).clear, 'Clear the dates');
  // The words gone, the range stays set and lists what it keeps.
  await search(page, '');
  assert.deepEqual(await waitSettled(page, ['old']), { ids: ['old'], chips: [], status: '1 result' });
  assert.deepEqual((await page.evaluate(control)).values, ['', '2023-12-31']);
  // A range that keeps nothing says so, without quoting a query.
  await page.evaluate(() => window.__setBound('to', '1999-12-31'));
  await page.waitForFunction(() => document.querySelector('trouve-search .trouve-status').textContent === '0 results');
  // Cleared, nothing chosen: nothing listed.
  await page.click('trouve-search .trouve-clear');
  await page.waitForFunction(() => document.querySelector('trouve-search .trouve-panel').hidden);
  assert.deepEqual(await resultIds(page), []);

  await page.goto(new URL('plain.html', server.url).href);
  await search(page, 'budget');
  await page.waitForSelector('trouve-search .trouve-chip');
  assert.deepEqual(await page.$$eval('trouve-search input', (inputs) => inputs.map((input) => input.type)), ['search']);
  assert.deepEqual((await resultIds(page)).sort(), ALL);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('with no words, chosen chips and dates list what they keep, newest first (undated last), chips and counts kept', async () => {
  const { browser } = built;
  const { page, problems } = await openBudget('dates.html');
  await waitSettled(page, ALL, ['Politique 3', 'Sport 2', 'Économie 1']);
  await page.click('trouve-search .trouve-chip >> text=Politique');
  await waitSettled(page, ['jan', 'mar', 'undated']);
  // The words gone: the section browsed, its chip still chosen.
  await search(page, '');
  const browsed = await waitSettled(page, ['jan', 'mar', 'undated'], ['Politique 3', 'Sport 2', 'Économie 1']);
  assert.equal(browsed.status, '3 résultats');
  assert.deepEqual(await resultIds(page), ['mar', 'jan', 'undated']);
  assert.equal(await page.getAttribute('trouve-search .trouve-chip >> text=Politique', 'aria-pressed'), 'true');
  // A date range with it, then the range alone.
  await page.evaluate(() => window.__setBound('from', '2024-02-01'));
  await waitSettled(page, ['mar'], ['Politique 1', 'Sport 1', 'Économie 1']);
  await page.click('trouve-search .trouve-chip >> text=Politique');
  await waitSettled(page, ['mar', 'may', 'new']);
  assert.deepEqual(await resultIds(page), ['new', 'may', 'mar']);
  // Nothing chosen any more: nothing listed, no chips.
  await page.click('trouve-search .trouve-clear');
  await page.waitForFunction(() => document.querySelector('trouve-search .trouve-panel').hidden);
  assert.equal(await page.locator('trouve-search .trouve-chip').count(), 0);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(browser.cspViolations, []);
  await page.close();
});

test('the date control fits a phone\'s width', async () => {
  const { page, problems } = await openBudget('dates.html', (page) => page.setViewportSize({ width: 360, height: 740 }));
  await page.evaluate(() => window.__setBound('from', '2024-03-01'));
  await waitSettled(page, ['mar', 'may', 'new']);
  assert.equal((await page.evaluate(control)).fits, true);
  const overflow = await page.evaluate(() => {
    const panel = document.querySelector('trouve-search .trouve-panel').getBoundingClientRect();
    return [...document.querySelectorAll('trouve-search .trouve-dates > *')].filter((part) => {
      const box = part.getBoundingClientRect();
      return box.left < panel.left || box.right > panel.right;
    }).length;
  });
  assert.equal(overflow, 0);
  if (process.env.TROUVE_SHOTS) await page.screenshot({ path: process.env.TROUVE_SHOTS });
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no serious violation with a range set, ${colorScheme}`, async () => {
    const { page } = await openBudget('axe.html', (page) => page.emulateMedia({ colorScheme }));
    await page.evaluate(() => window.__setBound('from', '2024-03-01'));
    await waitSettled(page, ['mar', 'may', 'new']);
    await page.addScriptTag({ content: AXE });
    const found = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join(' | ')}`);
    });
    assert.deepEqual(found, []);
    await page.close();
  });
}

// ---- Firefox and WebKit (drivers.mjs)

for (const engine of ENGINES) {
  const skip = CHOSEN && !CHOSEN.includes(engine) && `${engine} is not in TROUVE_BROWSERS=${process.env.TROUVE_BROWSERS}`;

  describe(engine, { skip }, () => {
    let session;
    let unavailable;

    before(async () => {
      const absent = missing(engine);
      if (absent) {
        unavailable = new Error(`${engine} cannot run: ${absent} not installed (bash .ci/setup --browsers), or leave it out with TROUVE_BROWSERS=chromium`);
        return;
      }
      try {
        session = await launch(engine);
      } catch (error) {
        unavailable = new Error(`${engine} did not start: ${error.message}`, { cause: error });
      }
    });

    after(() => session?.close());

    test('a range narrows the results and the counts; the × restores them', { timeout: 60_000 }, async () => {
      if (unavailable) throw unavailable;
      await session.goto(new URL('dates.html', built.server.url).href);
      await session.waitFor(() => Boolean(document.querySelector('trouve-search input')), [], 'the search box');
      await session.type('trouve-search .trouve-input', 'budget');
      const everything = ['Politique 3', 'Sport 2', 'Économie 1'];
      await session.waitFor(settled, [ALL, everything], 'every result');
      const shown = await session.evaluate(control);
      assert.deepEqual(shown.labels, ['date: du', 'date: au'], 'date inputs, labelled');
      assert.equal(shown.fits, true);

      await session.evaluate(setBound, 'from', '2024-03-01');
      await session.waitFor(settled, [['mar', 'may', 'new'], ['Politique 1', 'Sport 1', 'Économie 1']], 'the results from March 2024');
      await session.evaluate(setBound, 'to', '2024-12-31');
      await session.waitFor(settled, [['mar', 'may'], ['Politique 1', 'Sport 1']], 'the results of March to December 2024');
      await session.screenshot(`/tmp/dates-${engine}.png`);

      await session.evaluate(() => document.querySelector('trouve-search .trouve-clear').click());
      await session.waitFor(settled, [ALL, everything], 'every result again');
      assert.deepEqual((await session.evaluate(control)).values, ['', '']);

      // Typed on the keyboard (01/01 reads the same either way round). Not
      // in WebKit: WebKitWebDriver won't send keys to a date input ("not
      // focusable"), and keys pressed where the focus is reach its keydown
      // listeners but never edit it, a plain date input's either.
      if (engine !== 'webkit') {
        await session.type('trouve-search .trouve-bound', '01012024');
        await session.waitFor(settled, [['jan', 'mar', 'may', 'new'], ['Politique 2', 'Sport 1', 'Économie 1']], 'the results from 2024, typed');
        assert.deepEqual((await session.evaluate(control)).values, ['2024-01-01', '']);
      }
      const { cspViolations, pageErrors } = await session.problems();
      assert.deepEqual(cspViolations, []);
      assert.deepEqual(pageErrors, []);
    });
  });
}
