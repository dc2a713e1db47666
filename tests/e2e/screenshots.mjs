// Regenerates the README's screenshots, each on a desktop and a phone, with
// the system light and dark:
//   node tests/e2e/screenshots.mjs
//     the demo (after `trouve build www/articles -o www/trouve ...`);
//   node tests/e2e/screenshots.mjs --site <Python docs' html folder>
//     <trouve-search> added as the README says to a page of the Python 3.11
//     documentation (Debian's python3.11-doc, unpacked:
//     usr/share/doc/python3.11/html), a light-only site, showing a result's
//     sections and paths: the folder is linked into a scratch copy with the
//     widget in one page, and built with `trouve build`;
//   node tests/e2e/screenshots.mjs --news
//     filter chips with counts and a date range, on a generated news archive
//     of 600 articles with sections and authors, dated over twenty years
//     (bench/lib/archive.mjs --sections), a page light or dark as the system
//     is (the date inputs show dates in the browser's own format: Debian's
//     Chromium without chromium-l10n has only en-US).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, openPage, serve, trouve, WWW } from './harness.mjs';

const { values: options } = parseArgs({ options: { site: { type: 'string' }, news: { type: 'boolean' } } });

const DEVICES = {
  '': { viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 },
  '-mobile': { viewport: { width: 390, height: 760 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
};

/** Screenshots of `url` after `act(page)`, as `name`[-mobile]-light/dark.png. */
async function shoot(url, name, act) {
  for (const [device, options] of Object.entries(DEVICES))
  for (const colorScheme of ['light', 'dark']) {
    const browser = await launch({ colorScheme, ...options });
    try {
      const { page } = await openPage(browser.context);
      await page.goto(url);
      await act(page);
      const file = path.join(WWW, 'screenshots', `${name}${device}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    } finally {
      await browser.close();
    }
  }
}

if (options.news) {
  const site = await mkdtemp(path.join(tmpdir(), 'trouve-shot-news-'));
  try {
    const { generateArchive } = await import('../../bench/lib/archive.mjs');
    generateArchive(path.join(site, 'corpus'), 600, undefined, { sections: true });
    await trouve('build', path.join(site, 'corpus'), '-o', path.join(site, 'trouve'), '--lang', 'fr', '--url', '/archive/{id}.html', '--quiet');
    await writeFile(path.join(site, 'index.html'), `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>Archives</title>
<script type="module" src="/trouve/trouve.js"></script>
<style>body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }</style></head>
<body><h1>Archives</h1><trouve-search filters="section author" dates limit="4"></trouve-search></body></html>`);
    const server = await serve(site);
    try {
      await shoot(new URL('index.html', server.url).href, 'filters', async (page) => {
        await page.locator('trouve-search .trouve-input').fill('président');
        await page.waitForSelector('trouve-search .trouve-chip');
        await page.click('trouve-search .trouve-chip >> text=International');
        await page.waitForSelector('trouve-search .trouve-chip[aria-pressed=true]');
        // Five years of the archive.
        for (const [nth, value] of [[0, '2016-01-01'], [1, '2020-12-31']]) {
          const searched = page.evaluate(() => new Promise((resolve) => document.querySelector('trouve-search').addEventListener('trouve-results', resolve, { once: true })));
          await page.locator('trouve-search .trouve-bound').nth(nth).fill(value);
          await searched;
        }
        await page.locator('trouve-search .trouve-input').focus();
        await page.waitForTimeout(200);
      });
    } finally {
      await server.close();
    }
  } finally {
    await rm(site, { recursive: true, force: true });
  }
} else if (options.site) {
  const site = await mkdtemp(path.join(tmpdir(), 'trouve-shot-site-'));
  try {
    // Hard links: no copy of the documentation's 50 MB.
    execFileSync('cp', ['-al', `${path.resolve(options.site)}/.`, site]);
    await trouve('build', site, '-o', path.join(site, 'trouve'), '--lang', 'en', '--url', '/{path}', '--quiet',
      '--exclude', 'genindex*', '--exclude', 'search.html', '--exclude', 'py-modindex.html', '--exclude', 'trouve');
    // The widget where the documentation has its own search box.
    const pageFile = path.join(site, 'tutorial', 'index.html');
    const html = await readFile(pageFile, 'utf8');
    await rm(pageFile);
    await writeFile(pageFile, html
      .replace('</head>', '<script type="module" src="/trouve/trouve.js"></script>\n</head>')
      .replace(/<div class="body" role="main">/, '<div class="body" role="main"><trouve-search limit="4"></trouve-search>'));
    const server = await serve(site);
    try {
      await shoot(new URL('tutorial/index.html', server.url).href, 'sections', async (page) => {
        await page.locator('trouve-search input').fill('list comprehension');
        await page.waitForSelector('trouve-search .trouve-section');
        await page.locator('trouve-search').scrollIntoViewIfNeeded();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
      });
    } finally {
      await server.close();
    }
  } finally {
    await rm(site, { recursive: true, force: true });
  }
} else {
  const server = await serve(WWW);
  try {
    await shoot(new URL('index.html', server.url).href, 'demo', async (page) => {
      await page.waitForSelector('.story');
      await page.locator('trouve-search input').fill('nucléaire');
      await page.waitForSelector('trouve-search [role=option]');
      await page.keyboard.press('ArrowDown');
    });
  } finally {
    await server.close();
  }
}
