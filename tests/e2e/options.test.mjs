// What a site owner sets on <trouve-search>, on minimal pages with a corpus
// built here: the texts (seven languages, the page's or else the index's,
// and overrides), the theme (the host page's, never the system's on a page
// that stays light), the search landmark, each result's path, a result
// layout of the site's own (template or render callback) that still takes
// document text as text, and the snippet's length.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HOSTILE_TITLE, openPage, resultIds, search, testSite } from './harness.mjs';


const CORPUS = [
  {
    id: 'guide/installation',
    title: 'Installer le logiciel',
    date: '2025-04-01',
    body: 'Avant tout, vérifiez la place libre. Ensuite, téléchargez le paquet, ouvrez-le et suivez les étapes une à une jusqu’à la fin de l’installation du logiciel sur la machine.',
  },
  { id: 'x', title: HOSTILE_TITLE, body: 'Un titre piégé, affiché comme du texte.' },
  { id: 'index', title: 'Accueil', body: 'La page d’accueil du site.' },
];

const page = (body, { lang = ' lang="fr"', head = '' } = {}) => `<!doctype html>
<html${lang}><head><meta charset="utf-8"><title>test</title>${head}
<script type="module" src="/trouve/trouve.js"></script></head>
<body>${body}</body></html>
`;

const LANGUAGES = {
  fr: ['Rechercher…', '1 résultat', '1er avril 2025'],
  en: ['Search…', '1 result', 'April 1, 2025'],
  de: ['Suchen…', '1 Ergebnis', '1. April 2025'],
  es: ['Buscar…', '1 resultado', '1 de abril de 2025'],
  it: ['Cerca…', '1 risultato', '1 aprile 2025'],
  pt: ['Pesquisar…', '1 resultado', '1 de abril de 2025'],
  nl: ['Zoeken…', '1 resultaat', '1 april 2025'],
};

const PAGES = {
  ...Object.fromEntries(Object.keys(LANGUAGES).map((lang) => [`${lang}.html`, page('<trouve-search></trouve-search>', { lang: ` lang="${lang}-XX"` })])),
  'no-lang.html': page('<trouve-search></trouve-search>', { lang: '' }),
  'polish.html': page('<trouve-search></trouve-search>', { lang: ' lang="pl"' }),
  'texts.html': page(`<trouve-search texts='{"placeholder": "Trouver une page", "one": "une seule page", "none": "Rien pour {query}"}'></trouve-search>`),
  'plain.html': page('<trouve-search id="plain"></trouve-search><trouve-search id="hidden-path" path="none"></trouve-search>'),
  'in-search.html': page('<search id="site-search"><trouve-search></trouve-search></search>'),
  'short.html': page('<trouve-search snippet-words="6"></trouve-search>'),
  'template.html': page(`<trouve-search>
    <template><span class="where" data-trouve="path"></span><strong data-trouve="title"></strong><em class="fixed">voir</em><span data-trouve="nothing"></span></template>
  </trouve-search>`),
  'render.html': page('<trouve-search></trouve-search>', {
    head: `<script type="module">
      await customElements.whenDefined('trouve-search');
      document.querySelector('trouve-search').render = (hit, parts) => [parts.title, ' · ', hit.id];
    </script>`,
  }),
  'themes.html': page(`
    <trouve-search id="plain"></trouve-search>
    <trouve-search id="auto" theme="auto"></trouve-search>
    <trouve-search id="dark-attribute" theme="dark"></trouve-search>
    <div data-theme="dark"><trouve-search id="dark-ancestor"></trouve-search></div>
    <div class="light"><trouve-search id="light-ancestor" theme="auto"></trouve-search></div>
    <div class="dark"><div data-theme="light"><trouve-search id="light-inside-dark"></trouve-search></div></div>
    <div data-theme="light"><div data-bs-theme="dark"><trouve-search id="dark-inside-light"></trouve-search></div></div>`),
  'declared.html': page('<trouve-search id="declared"></trouve-search>', { head: '<style>:root { color-scheme: light dark }</style>' }),
  'meta.html': page('<trouve-search id="meta"></trouve-search>', { head: '<meta name="color-scheme" content="light dark">' }),
  // A site with dark styles of its own, switched by the system, and no
  // color-scheme declared.
  'own-dark.html': page('<trouve-search id="own-dark"></trouve-search>', {
    head: '<style>@media (prefers-color-scheme: dark) { body { background: #15171a; color: #ddd } }</style>',
  }),
};

let built;

before(async () => {
  built = await testSite({ documents: CORPUS, pages: PAGES, buildArgs: ['--url', '/docs/{id}.html'] });
});

after(() => built?.close());

async function open(name, options = {}) {
  const opened = await openPage(built.browser.context);
  if (options.colorScheme) await opened.page.emulateMedia({ colorScheme: options.colorScheme });
  await opened.page.goto(new URL(name, built.server.url).href);
  await opened.page.waitForSelector('trouve-search input');
  return opened;
}

const placeholder = (page, box = 'trouve-search') => page.getAttribute(`${box} input`, 'placeholder');
const status = (page, box = 'trouve-search') => page.textContent(`${box} .trouve-status`);

for (const [lang, [shownPlaceholder, one, date]] of Object.entries(LANGUAGES)) {
  test(`the texts in ${lang}, from the page's lang`, async () => {
    const { page } = await open(`${lang}.html`);
    assert.equal(await placeholder(page), shownPlaceholder);
    await search(page, 'paquet');
    assert.equal(await status(page), one);
    assert.equal(await page.textContent('trouve-search .trouve-date'), date);
    await page.close();
  });
}

test('without a language the page has texts for, the index’s language, English until it is known', async () => {
  for (const name of ['no-lang.html', 'polish.html']) {
    const { page } = await open(name);
    assert.equal(await placeholder(page), 'Search…', name);
    await search(page, 'paquet');
    // The corpus is French: once the index is there, the box speaks it.
    assert.equal(await placeholder(page), 'Rechercher…', name);
    assert.equal(await status(page), '1 résultat', name);
    // Overrides set afterwards go over the index's language still.
    await page.evaluate(() => {
      document.querySelector('trouve-search').texts = { one: 'une page' };
    });
    assert.equal(await placeholder(page), 'Rechercher…', name);
    await page.close();
  }
});

test('texts can be overridden by an attribute (JSON) and by the property', async () => {
  const { page } = await open('texts.html');
  assert.equal(await placeholder(page), 'Trouver une page');
  await search(page, 'paquet');
  assert.equal(await status(page), 'une seule page');
  await search(page, 'zzzz');
  assert.equal(await status(page), 'Rien pour zzzz');
  await page.evaluate(() => {
    document.querySelector('trouve-search').texts = { none: 'Nada: {query}' };
  });
  await search(page, 'zzzzz');
  assert.equal(await status(page), 'Nada: zzzzz');
  assert.equal(await placeholder(page), 'Rechercher…', 'the property replaces the overrides');
  await page.close();
});

test('the element is a search landmark, unless it already sits in one', async () => {
  const { page } = await open('plain.html');
  assert.equal(await page.locator('trouve-search > search[aria-label="Rechercher"]').count(), 2);
  await page.close();
  const nested = await open('in-search.html');
  assert.equal(await nested.page.locator('search').count(), 1, 'no search landmark inside the page’s own');
  await nested.page.close();
});

test('each result shows its path on the site, unless path="none"', async () => {
  const { page } = await open('plain.html');
  await search(page, 'paquet', '#plain');
  assert.equal(await page.textContent('#plain .trouve-path'), 'docs › guide › installation');
  await search(page, 'accueil', '#hidden-path');
  assert.deepEqual(await resultIds(page, '#hidden-path'), ['index']);
  assert.equal(await page.locator('#hidden-path .trouve-path').count(), 0);
  await page.close();
});

test('snippet-words shortens the snippet around its first match', async () => {
  const { page } = await open('short.html');
  await search(page, 'paquet');
  const snippet = await page.textContent('trouve-search .trouve-snippet');
  const words = snippet.split(/\s+/).filter((word) => word && word !== '…');
  assert.equal(words.length, 6, snippet);
  assert.match(snippet, /^… .*paquet.* …$/);
  assert.equal(await page.textContent('trouve-search .trouve-snippet mark'), 'paquet');
  await page.close();
});

test('a <template> lays results out, with document text still as text', async () => {
  const { page, problems } = await open('template.html');
  await search(page, 'piégé');
  const option = page.locator('trouve-search [role=option]');
  assert.equal(await option.count(), 1);
  assert.deepEqual(
    await option.evaluate((node) => [...node.children].map((child) => `${child.localName}.${child.className}`)),
    ['span.trouve-path', 'span.trouve-title', 'em.fixed'],
  );
  assert.equal(await option.locator('.trouve-title').textContent(), HOSTILE_TITLE);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await option.getAttribute('href'), new URL('/docs/x.html', built.server.url).href);
  assert.deepEqual(problems.pageErrors, []);
  await page.close();
});

test('a render callback lays results out', async () => {
  const { page } = await open('render.html');
  await page.waitForFunction(() => typeof document.querySelector('trouve-search').render === 'function');
  await search(page, 'piégé');
  assert.equal(await page.textContent('trouve-search [role=option]'), `${HOSTILE_TITLE} · x`);
  assert.equal(await page.locator('img').count(), 0);
  await page.close();
});

/** Each box's input background, by id. */
function backgrounds(page) {
  return page.$$eval('trouve-search', (boxes) =>
    Object.fromEntries(boxes.map((box) => [box.id, getComputedStyle(box.querySelector('input')).backgroundColor])),
  );
}

const WHITE = 'rgb(255, 255, 255)';

test('the theme is the page’s: light on a page that declares none, whatever the system', async () => {
  const seen = {};
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await open('themes.html', { colorScheme });
    seen[colorScheme] = await backgrounds(page);
    await page.close();
  }
  const dark = seen.dark['dark-attribute'];
  assert.notEqual(dark, WHITE);
  assert.equal(seen.light.plain, WHITE);
  assert.equal(seen.dark.plain, WHITE, 'a page that stays light keeps the box light');
  assert.equal(seen.light.auto, WHITE);
  assert.equal(seen.dark.auto, dark, 'theme="auto" follows the system');
  assert.equal(seen.light['dark-ancestor'], dark, '[data-theme=dark] is dark on a light system');
  assert.equal(seen.dark['light-ancestor'], dark, 'the element’s own theme comes before an ancestor’s');
  for (const scheme of ['light', 'dark']) {
    assert.equal(seen[scheme]['light-inside-dark'], WHITE, 'the nearest ancestor’s theme wins');
    assert.equal(seen[scheme]['dark-inside-light'], dark, 'the nearest ancestor’s theme wins');
  }
});

for (const name of ['declared.html', 'meta.html', 'own-dark.html']) {
  test(`the theme follows the system where the page does (${name})`, async () => {
    const { page } = await open(name, { colorScheme: 'light' });
    const [id] = Object.keys(await backgrounds(page));
    assert.equal((await backgrounds(page))[id], WHITE);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction((box) => getComputedStyle(document.querySelector(`#${box} input`)).backgroundColor !== 'rgb(255, 255, 255)', id);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction((box) => getComputedStyle(document.querySelector(`#${box} input`)).backgroundColor === 'rgb(255, 255, 255)', id);
    await page.close();
  });
}
