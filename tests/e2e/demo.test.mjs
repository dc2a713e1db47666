// The demo site in www/ as a reader uses it: the list of articles, search
// as you type, the keyboard, the article reader, the strict CSP, dark mode.
// Needs `trouve build www/articles -o www/trouve --url 'article.html?id={id}'`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage, resultIds, search, serve, WWW } from './harness.mjs';

const NEWEST_FIRST = [
  '003_9c396d88868f6a05',
  '004_56f36989771ccdd4',
  '002_a8654c4c88d6dd42',
  '000_ebc104fcd00cffbb',
  '001_21107d0269baae87',
];

let server;
let browser;
const visited = [];

before(async () => {
  server = await serve(WWW);
  // Without the service worker: these tests check the pages as served.
  browser = await launch({ serviceWorkers: 'block' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path) {
  const opened = await openPage(browser.context);
  visited.push(opened);
  await opened.page.goto(new URL(path, server.url).href);
  return opened;
}

async function frontPage() {
  const opened = await open('index.html');
  await opened.page.waitForSelector('#articles .story');
  return opened;
}

test('the front page lists the five articles, newest first, undated last', async () => {
  const { page } = await frontPage();
  const stories = await page.$$eval('#articles .story', (items) =>
    items.map((item) => ({
      href: item.querySelector('h2 a').getAttribute('href'),
      title: item.querySelector('h2').textContent,
      date: item.querySelector('.story-date').textContent,
      excerpt: item.querySelector('.story-excerpt').textContent,
    })),
  );
  assert.deepEqual(stories.map((story) => story.href), NEWEST_FIRST.map((id) => `article.html?id=${id}`));
  assert.deepEqual(stories.map((story) => story.date), ['25 février 2026', '25 janvier 2026', 'avril 2025', 'mars 2024', 'Sans date']);
  assert.equal(stories[2].title, "Le chef du Parti, Tô Lâm, reçoit l'ambassadeur de Russie au Vietnam");
  for (const story of stories) assert.ok(story.excerpt.length > 50, `an excerpt for ${story.href}`);
  assert.match(await page.textContent('#article-count'), /^5 dépêches/);
});

test('a prefix finds the articles that mention it, with the matches marked', async () => {
  const { page } = await frontPage();
  await search(page, 'nucl');
  assert.deepEqual((await resultIds(page)).sort(), ['002_a8654c4c88d6dd42', '003_9c396d88868f6a05']);
  const results = await page.$$eval('trouve-search [role=option]', (options) =>
    options.map((option) => ({
      id: option.getAttribute('data-doc-id'),
      href: option.getAttribute('href'),
      marks: [...option.querySelectorAll('.trouve-snippet mark')].map((mark) => mark.textContent),
    })),
  );
  for (const result of results) {
    assert.ok(result.marks.length > 0, `marks in ${result.id}`);
    for (const mark of result.marks) assert.match(mark, /^nucl/i);
    assert.ok(result.href.endsWith(`article.html?id=${result.id}`), result.href);
  }
  assert.equal(await page.textContent('trouve-search .trouve-status'), '2 résultats');
  assert.equal(await page.textContent('trouve-search [role=status]'), '2 résultats');
  const dates = await page.$$eval('trouve-search .trouve-date', (times) => times.map((time) => time.textContent).sort());
  assert.deepEqual(dates, ['25 février 2026', 'avril 2025']);
});

test('accents, elision and typos do not get in the way', async () => {
  const { page } = await frontPage();
  await search(page, 'amitie');
  assert.deepEqual((await resultIds(page)).sort(), ['001_21107d0269baae87', '002_a8654c4c88d6dd42', '004_56f36989771ccdd4']);
  await search(page, 'Genady');
  assert.deepEqual(await resultIds(page), ['002_a8654c4c88d6dd42']);
});

test('a query with no match says so', async () => {
  const { page } = await frontPage();
  await search(page, 'xylophone');
  assert.deepEqual(await resultIds(page), []);
  assert.equal(await page.textContent('trouve-search .trouve-status'), 'Aucun résultat pour «\u00a0xylophone\u00a0»');
});

test('the keyboard drives the search box, with the ARIA state following', async () => {
  const { page } = await frontPage();
  const input = page.locator('trouve-search input');
  const state = () =>
    input.evaluate((element) => ({
      focused: document.activeElement === element,
      expanded: element.getAttribute('aria-expanded'),
      active: element.getAttribute('aria-activedescendant'),
      selected: [...document.querySelectorAll('trouve-search [aria-selected=true]')].map((option) => option.id),
      open: !document.querySelector('trouve-search .trouve-panel').hidden,
    }));

  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-controls'), await page.getAttribute('trouve-search [role=listbox]', 'id'));

  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal((await state()).focused, true, '/ focuses the box');
  assert.equal(await input.inputValue(), '', 'the / is not typed');

  await page.keyboard.type('nucl');
  await page.waitForSelector('trouve-search [role=option]');
  const ids = await page.$$eval('trouve-search [role=option]', (options) => options.map((option) => option.id));
  assert.deepEqual(await state(), { focused: true, expanded: 'true', active: null, selected: [], open: true });

  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await state(), { focused: true, expanded: 'true', active: ids[0], selected: [ids[0]], open: true });
  await page.keyboard.press('ArrowDown');
  assert.deepEqual((await state()).selected, [ids[1]]);
  await page.keyboard.press('ArrowUp');
  assert.deepEqual((await state()).selected, [ids[0]]);

  await page.keyboard.press('Escape');
  assert.deepEqual(await state(), { focused: true, expanded: 'false', active: null, selected: [], open: false });
  assert.equal(await input.inputValue(), 'nucl', 'Escape keeps the query');
  await page.keyboard.press('Escape');
  assert.equal((await state()).focused, false, 'a second Escape leaves the box');

  await page.keyboard.press('Control+k');
  assert.equal((await state()).focused, true, 'Ctrl-K focuses the box');
  await page.keyboard.press('ArrowDown');
  assert.equal((await state()).expanded, 'true', 'ArrowDown reopens the list');
  await page.keyboard.press('ArrowDown');
  const first = await page.getAttribute('trouve-search [aria-selected=true]', 'data-doc-id');
  const title = await page.textContent('trouve-search [aria-selected=true] .trouve-title');
  await Promise.all([page.waitForURL(`**/article.html?id=${first}`), page.keyboard.press('Enter')]);
  await page.waitForSelector('.article-title');
  assert.equal(await page.textContent('.article-title'), title);
});

test('Enter without a chosen result opens the first one', async () => {
  const { page } = await frontPage();
  await search(page, 'Genady');
  await Promise.all([page.waitForURL('**/article.html?id=002_a8654c4c88d6dd42'), page.keyboard.press('Enter')]);
});

test('the article page renders the article as text', async () => {
  const { page } = await open('article.html?id=003_9c396d88868f6a05');
  await page.waitForSelector('.article-title');
  const title = 'La Russie salue les résultats du XIVe Congrès du Parti communiste du Vietnam';
  assert.equal(await page.textContent('.article-title'), title);
  assert.equal(await page.title(), `${title} — Archives Vietnam–Russie`);
  assert.equal(await page.textContent('.article-date'), '25 février 2026');
  const paragraphs = await page.$$eval('.article-text', (items) => items.map((item) => item.textContent));
  assert.ok(paragraphs.length >= 8, `${paragraphs.length} paragraphs`);
  assert.ok(paragraphs.some((text) => text.includes('Sergueï Lavrov a réaffirmé')));
  assert.equal(await page.locator('#related li').count(), 4);
  assert.equal(await page.locator('trouve-search input').count(), 1, 'the search box is on the article page too');
});

test('an unknown article id shows a clear message', async () => {
  const { page } = await open('article.html?id=nope');
  await page.waitForSelector('.not-found');
  assert.equal(await page.textContent('.article-title'), 'Article introuvable');
  assert.match(await page.textContent('.not-found'), /«\u00a0nope\u00a0»/);
});

test('a q parameter in the address runs that search', async () => {
  const { page } = await open('index.html?q=nucl');
  await page.waitForSelector('trouve-search [role=option]');
  assert.equal(await page.inputValue('trouve-search input'), 'nucl');
  assert.equal(await page.locator('trouve-search [role=option]').count(), 2);
});

test('dark mode follows the system', async () => {
  const { page } = await frontPage();
  const colors = () =>
    page.evaluate(() => ({
      page: getComputedStyle(document.body).backgroundColor,
      input: getComputedStyle(document.querySelector('trouve-search input')).backgroundColor,
      panel: getComputedStyle(document.querySelector('trouve-search .trouve-panel')).backgroundColor,
    }));
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await colors();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await colors();
  for (const part of ['page', 'input', 'panel']) assert.notEqual(light[part], dark[part], part);
});

// Last: it checks every page the tests above opened.
test('no page breaks the Content-Security-Policy or logs an error', async () => {
  assert.ok(visited.length >= 8);
  assert.deepEqual(browser.cspViolations, []);
  for (const { page, problems } of visited) {
    assert.deepEqual(problems.consoleErrors, [], page.url());
    assert.deepEqual(problems.pageErrors, [], page.url());
  }
  // The watch works: an inline script is blocked and reported.
  const { page, problems } = await open('index.html');
  await page.waitForSelector('#articles .story');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    return window.inlineRan === true;
  });
  assert.equal(ran, false, 'the CSP blocks inline scripts');
  for (let tries = 0; !browser.cspViolations.length && tries < 50; tries++) await page.waitForTimeout(20);
  assert.equal(browser.cspViolations.length, 1);
  assert.match(browser.cspViolations[0], /script-src/);
  assert.match(problems.consoleErrors.join(' '), /Content Security Policy/);
});
