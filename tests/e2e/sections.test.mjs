// Results grouped by page: a built site's pages, whose headings have ids,
// searched through <trouve-search>. The sections that match are listed
// under their page and link to url#id; a page whose title is the query
// comes first; a misspelled query is offered the documents' spelling.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launch, openPage, resultIds, search, serve, trouve } from './harness.mjs';

const SHOTS = process.env.TROUVE_SHOTS ?? path.join(tmpdir(), 'trouve-shots');

/** A built page, Sphinx-like: sections with ids, permalinks in headings. */
const page = (title, sections) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} — Docs</title></head>
<body><nav>Menu: every page of the site</nav><main>
<h1>${title}<a class="headerlink" href="#top">¶</a></h1>
${sections.map(([id, heading, text]) => `<section id="${id}"><h2>${heading}<a class="headerlink" href="#${id}">¶</a></h2><p>${text}</p></section>`).join('\n')}
</main></body></html>
`;

const PAGES = {
  'typing.html': page('typing — Support for type hints', [
    ['newtype', 'NewType', 'Use the NewType helper to create distinct types that a type checker tells apart.'],
    ['generics', 'Generics', 'Type variables make generic functions and classes.'],
    ['callable', 'Callable', 'Frameworks that expect callback functions of a given signature.'],
  ]),
  'datastructures.html': page('Data Structures', [
    ['list-comprehensions', 'List Comprehensions', 'List comprehensions provide a concise way to create lists.'],
    ['tuples', 'Tuples and Sequences', 'A tuple consists of a number of values separated by commas.'],
  ]),
  'tutorial.html': page('Tutorial', [
    ['lists', 'More on lists', 'Lists, comprehensions of lists, and a list comprehension or two are shown elsewhere.'],
  ]),
};

const SITE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>search</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">
<script type="module" src="trouve/trouve.js"></script></head>
<body><search><trouve-search limit="5"></trouve-search></search></body></html>
`;

let work;
let server;
let browser;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'trouve-sections-'));
  const corpus = path.join(work, 'corpus');
  const site = path.join(work, 'site');
  await mkdir(corpus);
  await mkdir(site);
  for (const [name, html] of Object.entries(PAGES)) await writeFile(path.join(corpus, name), html);
  await trouve('build', corpus, '-o', path.join(site, 'trouve'), '--lang', 'en', '--url', '/docs/{path}', '--quiet');
  await writeFile(path.join(site, 'index.html'), SITE_PAGE);
  server = await serve(site);
  browser = await launch();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function open() {
  const opened = await openPage(browser.context);
  await opened.page.goto(new URL('index.html', server.url).href);
  await opened.page.waitForSelector('trouve-search input');
  return opened;
}

/** The options as the list shows them: [kind, text of the title or heading, href]. */
function options(page) {
  return page.$$eval('trouve-search [role=option]', (all) =>
    all.map((option) => [
      option.classList.contains('trouve-section') ? 'section' : 'page',
      (option.querySelector('.trouve-title, .trouve-section-heading')?.textContent ?? '').trim(),
      option.getAttribute('href'),
    ]));
}

test('the sections that match are listed under their page and link to them', async () => {
  const { page, problems } = await open();
  await search(page, 'newtype helper');
  const listed = await options(page);
  assert.deepEqual(listed[0], ['page', 'typing — Support for type hints', new URL('/docs/typing.html', server.url).href]);
  assert.deepEqual(listed[1], ['section', 'NewType', new URL('/docs/typing.html#newtype', server.url).href]);
  // The page's own snippet gives way to its sections'.
  assert.equal(await page.locator('trouve-search [role=option]').first().locator('.trouve-snippet').count(), 0);
  assert.match(await page.locator('trouve-search .trouve-section .trouve-snippet').first().textContent(), /NewType helper/);
  // No ¶ from the permalinks, in titles, headings or snippets.
  assert.ok(!(await page.textContent('trouve-search .trouve-list')).includes('¶'));
  // A section is read out with its page.
  const describedBy = await page.getAttribute('trouve-search .trouve-section', 'aria-describedby');
  assert.equal(await page.textContent(`#${describedBy}`), 'typing — Support for type hints');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SHOTS, 'sections-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SHOTS, 'sections-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  // The arrows go through pages and sections alike; Enter opens the section.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  // (A request never carries the fragment: the address does.)
  await page.waitForURL(new URL('/docs/typing.html#newtype', server.url).href);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('a page whose title is the query comes first; its matching sections follow it', async () => {
  const { page } = await open();
  await search(page, 'data structures');
  assert.equal((await options(page))[0][1], 'Data Structures');
  await search(page, 'list comprehensions');
  const listed = await options(page);
  // The page with the heading before the page that merely mentions the words.
  assert.deepEqual(listed.slice(0, 2).map(([kind, text]) => [kind, text]), [['page', 'Data Structures'], ['section', 'List Comprehensions']]);
  const pages = listed.filter(([kind]) => kind === 'page').map(([, text]) => text);
  assert.deepEqual(pages, ['Data Structures', 'Tutorial']);
  await page.close();
});

test('sections="0" lists pages alone, with their snippets', async () => {
  const { page } = await open();
  await page.evaluate(() => document.querySelector('trouve-search').setAttribute('sections', '0'));
  await search(page, 'newtype helper');
  assert.deepEqual((await options(page)).map(([kind]) => kind), ['page']);
  assert.match(await page.textContent('trouve-search .trouve-snippet'), /NewType helper/);
  await page.close();
});

test('a misspelled query is offered the documents\' spelling, which one click searches', async () => {
  const { page } = await open();
  await search(page, 'comprehensoins');
  const offer = page.locator('trouve-search .trouve-suggest');
  await offer.waitFor({ state: 'visible' });
  assert.equal(await offer.textContent(), 'Did you mean: comprehensions');
  await page.screenshot({ path: path.join(SHOTS, 'did-you-mean.png') });
  await offer.locator('button').click();
  await page.waitForFunction(() => document.querySelector('trouve-search input').value === 'comprehensions');
  await page.waitForFunction(() => document.querySelector('trouve-search .trouve-suggest').hidden);
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('trouve-search input')), true);
  assert.ok((await resultIds(page)).includes('datastructures'));
  // Spelled as the documents spell it: nothing to offer.
  await search(page, 'comprehensions');
  await page.waitForTimeout(100);
  assert.equal(await offer.isHidden(), true);
  await page.close();
});
