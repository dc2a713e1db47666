// axe-core's WCAG checks on <trouve-search> with its results open, light
// and dark: on the demo (strict CSP, bypassed for axe's script only) and on
// plain pages of another kind of site, one light-only, one that darkens
// itself with the system. No serious or critical violation may remain.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launch, openPage, search, serve, testSite, WWW } from './harness.mjs';

const require = createRequire(new URL('../../.ci/package.json', import.meta.url));
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

// A page as another site would write it: its own header, navigation,
// search box and footer, the element added as the README says.
const thirdParty = (style) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Field notes</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { font: 16px/1.5 Georgia, serif; margin: 0 auto; max-width: 46rem; padding: 1rem } ${style}</style>
<script type="module" src="/trouve/trouve.js"></script></head>
<body>
<header><p><a href="/">Field notes</a></p><nav aria-label="Sections"><a href="/birds">Birds</a> · <a href="/trees">Trees</a></nav>
<trouve-search limit="4"></trouve-search></header>
<main><h1>Field notes</h1><p>Notes taken on walks, by season.</p></main>
<footer><p>Written by hand.</p></footer>
</body></html>
`;

const CORPUS = [
  { id: 'birds/swift', title: 'The common swift', date: '2024-06-02', body: 'Swifts arrive in May and leave in August; they sleep on the wing.' },
  { id: 'birds/swallow', title: 'Swallows and martins', date: '2024-05-12', body: 'Swallows nest in barns; martins under the eaves. Both hunt insects on the wing.' },
  { id: 'trees/oak', title: 'An old oak', body: 'The oak by the river is older than the village, and birds nest in it.' },
];

let demo;
let site;
let browser;

before(async () => {
  demo = await serve(WWW);
  site = await testSite({
    documents: CORPUS,
    pages: {
      'light.html': thirdParty(''),
      'own-dark.html': thirdParty('@media (prefers-color-scheme: dark) { body { background: #16181b; color: #e2e2e2 } a { color: #9cc3ff } }'),
    },
    buildArgs: ['--url', '/{id}.html', '--lang', 'en'],
  });
  // The demo's CSP forbids inline scripts, axe's included.
  browser = await launch({ bypassCSP: true });
});

after(async () => {
  await browser?.close();
  await demo?.close();
  await site?.close();
});

/** axe's serious and critical violations on the page, as readable lines. */
async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}

for (const colorScheme of ['light', 'dark']) {
  for (const [name, url, query] of [
    ['the demo', () => new URL('index.html', demo.url).href, 'nucléaire'],
    ['a light-only page', () => new URL('light.html', site.server.url).href, 'swift'],
    ['a page that darkens itself', () => new URL('own-dark.html', site.server.url).href, 'wing'],
  ]) {
    test(`axe: no serious violation on ${name}, ${colorScheme}, results open`, async () => {
      const { page } = await openPage(browser.context);
      await page.emulateMedia({ colorScheme });
      await page.goto(url());
      await search(page, query);
      await page.keyboard.press('ArrowDown');
      assert.ok((await page.locator('trouve-search [role=option]').count()) > 0, 'results are shown');
      assert.deepEqual(await violations(page), []);
      await page.close();
    });
  }
}
