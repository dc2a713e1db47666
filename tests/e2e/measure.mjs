// Measures the demo in headless Chromium and prints JSON (not a test):
//   node tests/e2e/measure.mjs [--runs N]
// - bytes transferred from navigation to the first results, per resource
//   (CDP Network.loadingFinished encodedDataLength: body and headers as
//   sent, gzip where the server compresses), the HTML apart;
// - time from navigation start to the first results in the DOM (the
//   widget's `trouve:first-results` performance mark);
// - keystroke latency: from the keydown handler to the end of the render
//   (the widget's `trouve-results` event), and to the next animation frame.
// A fresh profile with the cache disabled each run; served by `trouve serve`.
import { launch, serve, WWW } from './harness.mjs';

const QUERY = 'nucl';
const TYPED = 'le président Vladimir Poutine a souligné que la Russie';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value) => Math.round(value * 100) / 100;

/** One cold load of index.html?q=…: what was downloaded, and when results showed. */
async function firstResults(server) {
  const browser = await launch({ serviceWorkers: 'block' });
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const requests = new Map();
    cdp.on('Network.requestWillBeSent', ({ requestId, request, timestamp, type }) => {
      // data: URLs (the CSS's icon) cost nothing on the wire.
      if (!request.url.startsWith('http')) return;
      requests.set(requestId, { url: request.url, type, start: timestamp });
    });
    cdp.on('Network.responseReceived', ({ requestId, response }) => {
      const entry = requests.get(requestId);
      if (entry) entry.encoding = response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? 'identity';
    });
    cdp.on('Network.loadingFinished', ({ requestId, timestamp, encodedDataLength }) => {
      const entry = requests.get(requestId);
      if (entry) Object.assign(entry, { end: timestamp, bytes: encodedDataLength });
    });

    await page.goto(new URL(`index.html?q=${QUERY}`, server.url).href, { waitUntil: 'commit' });
    await page.waitForFunction(() => performance.getEntriesByName('trouve:first-results').length > 0);
    const { firstResultsMs, results } = await page.evaluate(() => ({
      firstResultsMs: performance.getEntriesByName('trouve:first-results')[0].startTime,
      results: document.querySelectorAll('trouve-search [role=option]').length,
    }));

    // CDP times are in seconds on another clock: the document request's start
    // stands for the navigation start (performance time 0).
    const all = [...requests.values()];
    const html = all.find((entry) => entry.type === 'Document');
    const firstResultsAt = html.start + firstResultsMs / 1000;
    const before = all.filter((entry) => entry !== html && entry.end !== undefined && entry.end <= firstResultsAt);
    const path = (url) => new URL(url).pathname;
    return {
      results,
      firstResultsMs,
      htmlBytes: html.bytes,
      bytes: before.reduce((sum, entry) => sum + entry.bytes, 0),
      resources: before.map((entry) => ({
        path: path(entry.url),
        bytes: entry.bytes,
        encoding: entry.encoding,
        startMs: round((entry.start - html.start) * 1000),
        endMs: round((entry.end - html.start) * 1000),
      })),
      after: all.filter((entry) => entry !== html && !before.includes(entry)).map((entry) => path(entry.url)),
    };
  } finally {
    await browser.close();
  }
}

/** Types TYPED one key at a time and times each keystroke in the page. */
async function keystrokes(server) {
  const browser = await launch({ serviceWorkers: 'block' });
  try {
    const page = await browser.context.newPage();
    await page.goto(new URL('index.html', server.url).href);
    await page.locator('trouve-search').evaluate((box) => box.searcher);
    await page.evaluate(() => {
      window.keystrokes = [];
      let current = null;
      addEventListener(
        'keydown',
        (event) => {
          const entry = { down: performance.now(), key: event.key };
          current = entry;
          window.keystrokes.push(entry);
          requestAnimationFrame(() => (entry.frame = performance.now()));
        },
        true,
      );
      document.addEventListener('trouve-results', (event) => {
        // Characters typed without a keydown (Playwright inserts "é" as
        // text) must not be timed from the previous key's keydown.
        if (current && !current.rendered && event.detail.query.endsWith(current.key)) {
          Object.assign(current, { rendered: event.detail.time, query: event.detail.query });
        }
      });
    });
    await page.locator('trouve-search input').focus();
    await page.keyboard.type(TYPED, { delay: 30 });
    await page.waitForTimeout(100);
    const entries = await page.evaluate(() => window.keystrokes);
    const render = entries.filter((entry) => entry.rendered).map((entry) => entry.rendered - entry.down);
    const frame = entries.filter((entry) => entry.frame).map((entry) => entry.frame - entry.down);
    const results = await page.locator('trouve-search [role=option]').count();
    const slowest = entries
      .filter((entry) => entry.rendered)
      .sort((a, b) => b.rendered - b.down - (a.rendered - a.down))
      .slice(0, 3)
      .map((entry) => ({ query: entry.query, ms: round(entry.rendered - entry.down) }));
    return { keys: render.length, render, frame, slowest, resultsAtEnd: results };
  } finally {
    await browser.close();
  }
}

const server = await serve(WWW);
try {
  const loads = [];
  for (let run = 0; run < runs; run++) loads.push(await firstResults(server));
  const typing = await keystrokes(server);
  const typical = loads.find((load) => load.firstResultsMs === median(loads.map((l) => l.firstResultsMs)));
  console.log(
    JSON.stringify(
      {
        page: `index.html?q=${QUERY}`,
        runs,
        firstResults: {
          bytesExcludingHtml: typical.bytes,
          htmlBytes: typical.htmlBytes,
          msMedian: round(median(loads.map((load) => load.firstResultsMs))),
          msAll: loads.map((load) => round(load.firstResultsMs)),
          results: typical.results,
          resources: typical.resources,
          requestedLater: typical.after,
        },
        keystroke: {
          typed: TYPED,
          keys: typing.keys,
          renderMsMedian: round(median(typing.render)),
          renderMsP95: round(percentile(typing.render, 95)),
          renderMsMax: round(Math.max(...typing.render)),
          nextFrameMsMedian: round(median(typing.frame)),
          nextFrameMsP95: round(percentile(typing.frame, 95)),
          slowest: typing.slowest,
          resultsAtEnd: typing.resultsAtEnd,
        },
      },
      null,
      2,
    ),
  );
} finally {
  await server.close();
}
