// What the browser tests share: the `trouve` binary (to build and serve),
// Debian's Chromium driven by playwright-core with a fresh profile, and a
// watch on a page's errors, dialogs and CSP violations.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../.ci/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WWW = path.join(ROOT, 'www');
/** The binary under test; TROUVE_BIN points elsewhere (e.g. a debug build). */
export const TROUVE = process.env.TROUVE_BIN ?? path.join(ROOT, 'target/release/trouve');

/** Runs `trouve <args>` and returns its stdout; throws with its stderr. */
export async function trouve(...args) {
  const { stdout } = await promisify(execFile)(TROUVE, args);
  return stdout;
}

/** Serves a folder with `trouve serve` on a free port. */
export async function serve(dir) {
  const child = spawn(TROUVE, ['serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Not left running if this process ends early.
  const stop = () => child.kill();
  process.on('exit', stop);
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`trouve serve printed no address in 10 s: ${output}`)), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`trouve serve exited (${code}): ${output}`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/ at (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  return {
    url,
    async close() {
      process.off('exit', stop);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with a fresh profile; `options` go to launchPersistentContext. */
export async function launch(options = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), 'trouve-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 800 },
    ...options,
  });
  // Every CSP violation in any page, reported as it happens (registered
  // before any page script runs, so none is missed).
  const cspViolations = [];
  await context.exposeBinding('reportCspViolation', ({ page }, text) => cspViolations.push(`${page.url()}: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return {
    context,
    cspViolations,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A new page whose console errors, uncaught errors and dialogs are recorded. */
export async function openPage(context) {
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return { page, problems };
}

/** Document text that would run if it reached the page as HTML. */
export const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
export const HOSTILE_BODY = '<script>alert(2)</script> texte piège';
/** A corpus of it, and two ordinary documents that share its word `piège`. */
export const HOSTILE_CORPUS = [
  { id: 'x', title: HOSTILE_TITLE, body: HOSTILE_BODY },
  { id: 'ordinary', title: 'Un titre ordinaire', date: '2025-04-01', body: 'Un texte ordinaire, sans piège ni surprise.' },
  { id: 'other', title: 'Un autre titre', date: '2024-11', body: 'Encore un piège, le dernier.' },
];

/** The ids of the results the widget shows, in order. */
export function resultIds(page, box = 'trouve-search') {
  return page.$$eval(`${box} [role=option]`, (options) => options.map((option) => option.dataset.docId));
}

/**
 * Types a query into the widget and waits for its results (or status) to
 * render. The previous query's results stay on screen while a search runs
 * (a split index fetching pieces), so it waits for the status line to be
 * written again once the module is loaded, not just for an open panel.
 */
export async function search(page, query, box = 'trouve-search') {
  await page.evaluate((selector) => {
    const element = document.querySelector(selector);
    window.trouveStatusWritten = false;
    window.trouveStatusObserver?.disconnect();
    window.trouveStatusObserver = new MutationObserver(() => {
      if (!element.querySelector('.trouve-busy') && element.querySelector('.trouve-status').textContent) window.trouveStatusWritten = true;
    });
    window.trouveStatusObserver.observe(element.querySelector('.trouve-status'), { childList: true, characterData: true, subtree: true });
  }, box);
  // The search box, not the inputs of a `dates` control.
  const input = page.locator(`${box} .trouve-input`);
  await input.fill(query);
  await page.waitForFunction(
    ([selector, expected]) => {
      const element = document.querySelector(selector);
      const settled = !element.querySelector('.trouve-busy') && !element.querySelector('.trouve-panel').hidden;
      return element.value === expected && settled && window.trouveStatusWritten;
    },
    [box, query],
  );
}

/**
 * A site built for a test in a temporary folder: `documents` (JSON records)
 * indexed by `trouve build` into site/trouve/ with `buildArgs` (and, with
 * `splitTo`, in the split layout into site/<splitTo>/ too), `pages`
 * (name → HTML) at its root, `prepare(site, corpus)` for anything else (the
 * corpus folder holds documents.json, e.g. to build it again); then served,
 * with a fresh Chromium. `close()` stops both and removes the folder.
 */
export async function testSite({ documents, pages, buildArgs = [], splitTo, prepare = async () => {} }) {
  const work = await mkdtemp(path.join(tmpdir(), 'trouve-site-'));
  const corpus = path.join(work, 'corpus');
  const site = path.join(work, 'site');
  await mkdir(corpus);
  await mkdir(site);
  await writeFile(path.join(corpus, 'documents.json'), JSON.stringify(documents));
  await trouve('build', corpus, '-o', path.join(site, 'trouve'), '--quiet', ...buildArgs);
  if (splitTo) await trouve('build', corpus, '-o', path.join(site, splitTo), '--quiet', '--layout', 'split', ...buildArgs);
  for (const [name, html] of Object.entries(pages)) await writeFile(path.join(site, name), html);
  await prepare(site, corpus);
  const server = await serve(site);
  const browser = await launch();
  return {
    site,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** A small deterministic generator (xorshift32), in [0, 1). */
export function xorshift(seed) {
  let state = seed >>> 0;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
