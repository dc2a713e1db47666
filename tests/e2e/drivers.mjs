// One small interface over two browser engines, for tests/e2e/engines.test.mjs:
// Firefox ESR through puppeteer-core (WebDriver BiDi, no geckodriver) and
// WebKitGTK's MiniBrowser through WebKitWebDriver (plain W3C WebDriver over
// HTTP, spoken with fetch), under an Xvfb started here. Chromium has its own,
// richer harness (harness.mjs, playwright-core).
//
// A session is one tab:
//   goto(url) · reload() · url() · type(selector, text) · press(key)
//   evaluate(fn, ...args) · waitFor(fn, args, what) · screenshot(file)
//   setOffline(on) (Firefox only: WebKit can't be switched offline)
//   problems() · close()
// `fn` runs in the page: it is sent as source text, so it sees only its
// (JSON) arguments, and a promise it returns is awaited.
//
// problems() gives what every page the tab showed reported since the last
// call: CSP violations, uncaught errors and rejections, and the dialogs
// (alert, confirm, prompt) pages opened, which are dismissed.
// In Firefox the watch is in place before the page's first script. WebKit's
// driver has no hook for that: there the watch starts with the first command
// sent to a page (goto returns after the load event), so errors and violations
// during loading go unseen; tests check what loading should have produced.
// Records wait in sessionStorage, so a navigation by the page itself (Enter on
// a result) loses none of them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';

const require = createRequire(new URL('../../.ci/package.json', import.meta.url));

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const MINIBROWSER = process.env.WEBKIT_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const VIEWPORT = { width: 1200, height: 800 };
const STORE = 'trouve-e2e-watch';

/** The engines these drivers know, in the order the tests run them. */
export const ENGINES = ['firefox', 'webkit'];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && executable(path.join(dir, name)));
}

/** What is missing to run `engine` here, in words, or null when nothing is. */
export function missing(engine) {
  const absent = [];
  if (engine === 'firefox') {
    if (!executable(FIREFOX)) absent.push(`Firefox ESR (${FIREFOX}; package firefox-esr)`);
    try {
      require.resolve('puppeteer-core');
    } catch {
      absent.push('puppeteer-core (cd .ci && npm ci)');
    }
  } else if (engine === 'webkit') {
    if (!onPath('WebKitWebDriver')) absent.push('WebKitWebDriver (package webkit2gtk-driver)');
    if (!executable(MINIBROWSER)) absent.push(`WebKitGTK's MiniBrowser (${MINIBROWSER}; package webkit2gtk-driver)`);
    if (!onPath('Xvfb')) absent.push('Xvfb (package xvfb)');
  } else {
    absent.push(`a driver for "${engine}"`);
  }
  return absent.length ? absent.join(', ') : null;
}

/** Starts a session of `engine` (see ENGINES) with a fresh profile. */
export function launch(engine) {
  if (engine === 'firefox') return launchFirefox();
  if (engine === 'webkit') return launchWebKit();
  throw new Error(`no driver for "${engine}"`);
}

/**
 * Runs in the page: records CSP violations and uncaught errors into
 * sessionStorage, once per document.
 */
function watch(store) {
  if (window.trouveWatched) return;
  window.trouveWatched = true;
  const record = (kind, text) => {
    try {
      const records = JSON.parse(sessionStorage.getItem(store) ?? '[]');
      records.push({ kind, text, page: location.href });
      sessionStorage.setItem(store, JSON.stringify(records));
    } catch {
      // No storage (about:blank, or storage turned off): nothing to report to.
    }
  };
  document.addEventListener('securitypolicyviolation', (event) => record('csp', `${event.violatedDirective} ${event.blockedURI}`));
  window.addEventListener('error', (event) => record('error', String(event.message)));
  window.addEventListener('unhandledrejection', (event) => record('error', `unhandled rejection: ${event.reason?.message ?? event.reason}`));
}

/** Runs in the page: takes the records `watch` kept. */
function drain(store) {
  try {
    const records = JSON.parse(sessionStorage.getItem(store) ?? '[]');
    sessionStorage.removeItem(store);
    return records;
  } catch {
    return [];
  }
}

/** What the two drivers share: problems() and waitFor() over their evaluate(). */
class Session {
  #records = [];
  dialogs = [];

  /** Keeps what the current page recorded (before leaving it for another site). */
  async collect() {
    try {
      this.#records.push(...(await this.evaluate(drain, STORE)));
    } catch {
      // A page that is going away or has no storage has nothing more to say.
    }
  }

  async problems() {
    await this.collect();
    const records = this.#records.splice(0);
    const of = (kind) => records.filter((record) => record.kind === kind).map((record) => `${record.page}: ${record.text}`);
    return { cspViolations: of('csp'), pageErrors: of('error'), dialogs: this.dialogs.splice(0) };
  }

  /**
   * Calls `fn(...args)` in the page until it returns something truthy (a page
   * being replaced counts as not yet), and returns that; fails after `timeout`
   * ms, saying `what` was awaited and what `fn` last returned.
   */
  async waitFor(fn, args = [], what = 'a condition', timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, ...args);
        if (last) return last;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        const detail = last instanceof Error ? last.message : JSON.stringify(last);
        throw new Error(`${this.name}: waited ${timeout} ms for ${what}; last: ${detail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

// ---------------------------------------------------------------- Firefox

async function launchFirefox() {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: VIEWPORT,
    // Light, whatever the machine prefers (0 would be dark).
    extraPrefsFirefox: { 'layout.css.prefers-color-scheme.content-override': 1 },
  });
  try {
    // A tab of our own, brought to the front: in the tab Firefox starts with,
    // the document never has the focus, so :focus and :focus-within never match.
    const first = await browser.pages();
    const page = await browser.newPage();
    for (const other of first) await other.close();
    await page.bringToFront();
    return await new FirefoxSession(browser, page).ready();
  } catch (error) {
    await browser.close();
    throw error;
  }
}

class FirefoxSession extends Session {
  name = 'firefox';

  constructor(browser, page) {
    super();
    this.browser = browser;
    this.page = page;
    page.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    this.pageErrors = [];
    page.on('pageerror', (error) => this.pageErrors.push(`${page.url()}: ${error.message}`));
  }

  async ready() {
    await this.page.setViewport(VIEWPORT);
    await this.page.evaluateOnNewDocument(watch, STORE);
    return this;
  }

  /** Uncaught errors as the browser reports them (the page's watch sees the same). */
  async problems() {
    return { ...(await super.problems()), pageErrors: this.pageErrors.splice(0) };
  }

  async goto(url) {
    await this.collect();
    await this.page.goto(url);
  }

  reload() {
    return this.page.reload();
  }

  async url() {
    return this.page.url();
  }

  type(selector, text) {
    return this.page.type(selector, text);
  }

  press(key) {
    return this.page.keyboard.press(key);
  }

  evaluate(fn, ...args) {
    return this.page.evaluate(fn, ...args);
  }

  async screenshot(file) {
    await this.page.screenshot({ path: file });
  }

  setOffline(offline) {
    return this.page.setOfflineMode(offline);
  }

  close() {
    return this.browser.close();
  }
}

// ----------------------------------------------------------------- WebKit

/** A free TCP port on the loopback interface (closed again at once). */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts `command`, ended when this process ends if not before. */
function child(command, args, options) {
  const process_ = spawn(command, args, options);
  const stop = () => process_.kill();
  process.on('exit', stop);
  process_.on('exit', () => process.off('exit', stop));
  return process_;
}

async function stopChild(process_) {
  if (!process_ || process_.exitCode !== null || process_.signalCode !== null) return;
  process_.kill();
  await once(process_, 'exit');
}

/** Xvfb on a display it picks itself (-displayfd), and that display's name. */
async function startXvfb() {
  const xvfb = child('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (chunk) => (stderr += chunk));
  const display = await new Promise((resolve, reject) => {
    let written = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb named no display in 10 s: ${stderr}`)), 10_000);
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
    xvfb.stdio[3].on('data', (chunk) => {
      written += chunk;
      if (written.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${written.trim()}`);
      }
    });
  });
  return { xvfb, display };
}

/** WebDriver's key codes for the keys the tests press. */
const KEYS = {
  ArrowDown: '\uE015',
  ArrowUp: '\uE013',
  Enter: '\uE007',
  Escape: '\uE00C',
  Tab: '\uE004',
};

class WebDriverError extends Error {}

async function launchWebKit() {
  const { xvfb, display } = await startXvfb();
  let driver;
  try {
    const port = await freePort();
    driver = child('WebKitWebDriver', [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    driver.stderr.on('data', (chunk) => (stderr += chunk));
    const base = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${base}/status`)).ok) break;
      } catch {
        // Not listening yet.
      }
      if (driver.exitCode !== null || tries > 200) throw new Error(`WebKitWebDriver did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const session = new WebKitSession(base, { xvfb, driver });
    await session.start();
    return session;
  } catch (error) {
    await stopChild(driver);
    await stopChild(xvfb);
    throw error;
  }
}

class WebKitSession extends Session {
  name = 'webkit';

  constructor(base, processes) {
    super();
    this.base = base;
    this.processes = processes;
  }

  /**
   * One WebDriver command; its value, or a WebDriverError naming the command.
   * A dialog the page opened blocks every command: it is recorded, dismissed,
   * and the command sent again.
   */
  async command(method, route, body) {
    try {
      return await this.send(method, route, body);
    } catch (error) {
      if (error.code !== 'unexpected alert open') throw error;
      this.dialogs.push(await this.send('GET', '/alert/text'));
      await this.send('POST', '/alert/dismiss', {});
      return this.send(method, route, body);
    }
  }

  async send(method, route, body) {
    const url = this.id ? `${this.base}/session/${this.id}${route}` : `${this.base}${route}`;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const { value } = await response.json();
    if (!response.ok || value?.error) {
      const error = new WebDriverError(`WebKitWebDriver ${method} ${route}: ${value?.error} ${value?.message ?? ''}`.trim());
      error.code = value?.error;
      throw error;
    }
    return value;
  }

  async start() {
    const { sessionId } = await this.command('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          // A dialog stays open until command() sees it.
          unhandledPromptBehavior: 'ignore',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    this.id = sessionId;
    await this.command('POST', '/window/rect', VIEWPORT);
  }

  async goto(url) {
    await this.collect();
    await this.command('POST', '/url', { url });
    await this.evaluate(() => {});
  }

  async reload() {
    await this.command('POST', '/refresh', {});
    await this.evaluate(() => {});
  }

  url() {
    return this.command('GET', '/url');
  }

  async type(selector, text) {
    const found = await this.command('POST', '/element', { using: 'css selector', value: selector });
    await this.command('POST', `/element/${Object.values(found)[0]}/value`, { text });
  }

  /** A key pressed and released where the focus is. */
  async press(key) {
    const value = KEYS[key] ?? key;
    if ([...value].length !== 1) throw new Error(`webkit driver: no code for key "${key}"`);
    await this.command('POST', '/actions', {
      actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }],
    });
    await this.command('DELETE', '/actions');
  }

  /** Runs `fn` in the page, once the page's watch is in place. */
  evaluate(fn, ...args) {
    const script = `(${watch})(${JSON.stringify(STORE)}); return (${fn}).apply(null, arguments);`;
    return this.command('POST', '/execute/sync', { script, args });
  }

  async problems() {
    // A dialog the page opened since the last command.
    try {
      this.dialogs.push(await this.send('GET', '/alert/text'));
      await this.send('POST', '/alert/dismiss', {});
    } catch (error) {
      if (error.code !== 'no such alert') throw error;
    }
    return super.problems();
  }

  async screenshot(file) {
    // Else the picture can be of a frame from before the last change.
    await this.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await writeFile(file, Buffer.from(await this.command('GET', '/screenshot'), 'base64'));
  }

  setOffline() {
    throw new Error('WebKitWebDriver cannot switch the browser offline: stop the server instead');
  }

  async close() {
    try {
      if (this.id) await this.command('DELETE', '');
    } finally {
      this.id = undefined;
      await stopChild(this.processes.driver);
      await stopChild(this.processes.xvfb);
    }
  }
}
