// The browser runs, in headless Chromium driven by playwright-core:
//  - cold: a new Chromium with a new profile (empty cache) opens the engine's
//    bench page with ?q=<query>; measured: time from navigation start to the
//    first results in the DOM, and the bytes of the engine's files received
//    by then (Resource Timing transferSize), cross-checked with the
//    Chrome DevTools Protocol's encodedDataLength after the page settles;
//  - warm: in that page, every judged query is run once (it gives the
//    results that relevance.mjs scores, and the time of a query's first
//    run), then `passes` more times, each search plus rendering timed with
//    performance.now() (repeated up to 2 ms when faster than the clock).
// Engines alternate within each round: A B C D E, A B C D E, ...

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPackage, log } from './util.mjs';

export const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const playwright = await importPackage('playwright-core');
const chromium = playwright.chromium ?? playwright.default.chromium;

async function withBrowser(body) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'trouve-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    return await body(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/// Opens one engine's page with a query in a fresh profile; `then(page)`
/// may go on using the loaded page (warm runs, screenshots).
export async function coldRun(siteUrl, engine, query, then) {
  return withBrowser(async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    // Every response the page and its workers receive (Pagefind fetches its
    // index from a Web Worker, which the page's Resource Timing cannot see).
    const finished = [];
    page.on('requestfinished', (request) => finished.push(request));
    page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));

    const url = `${siteUrl}/_bench/${engine}.html?q=${encodeURIComponent(query)}`;
    await page.goto(url, { waitUntil: 'commit' });
    const pending = new Set();
    page.on('request', (request) => pending.add(request.url()));
    page.on('requestfinished', (request) => pending.delete(request.url()));
    page.on('requestfailed', (request) => pending.delete(request.url()));
    try {
      await page.waitForFunction(() => window.bench && (window.bench.ready || window.bench.error), null, { timeout: 60_000 });
    } catch (error) {
      throw new Error(`${engine} gave no result in 60 s on ${url}; still loading: ${[...pending].join(', ') || 'nothing'}; ${errors.join('; ')}`);
    }
    const state = await page.evaluate(() => ({ first: window.bench.first, error: window.bench.error }));
    if (state.error || !state.first) throw new Error(`${engine} failed on ${url}: ${state.error ?? 'no results'} ${errors.join('; ')}`);
    const firstAt = await page.evaluate((ms) => performance.timeOrigin + ms, state.first.ms);
    await page.waitForTimeout(150);
    const received = await Promise.all(finished.map(async (request) => {
      const sizes = await request.sizes();
      const timing = request.timing();
      return {
        path: new URL(request.url()).pathname,
        type: request.resourceType(),
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        body: sizes.responseBodySize,
        endedAt: timing.startTime + timing.responseEnd,
      };
    }));
    const engineFiles = received.filter((r) => r.path.startsWith(`/_engines/${engine}/`));
    // A worker's own script may be reported without its body: take the
    // larger of the two counts for files the page's Resource Timing saw.
    const pageSaw = new Map(state.first.files);
    for (const r of engineFiles) {
      const seen = pageSaw.get(r.path.slice(`/_engines/${engine}/`.length));
      if (seen > r.bytes) r.bytes = seen;
    }
    const beforeFirst = engineFiles.filter((r) => r.endedAt <= firstAt + 1);
    const cold = {
      query,
      ms: state.first.ms,
      results: state.first.count,
      urls: state.first.urls,
      requests: beforeFirst.length,
      bytes: beforeFirst.reduce((sum, r) => sum + r.bytes, 0),
      bodyBytes: beforeFirst.reduce((sum, r) => sum + r.body, 0),
      files: beforeFirst.map((r) => [r.path.slice(`/_engines/${engine}/`.length), r.bytes]),
      // Cross-checks: what the page's own Resource Timing saw (not workers),
      // and every engine file received, even after the first results.
      pageTimingBytes: state.first.transferBytes,
      allEngineBytes: engineFiles.reduce((sum, r) => sum + r.bytes, 0),
      documentBytes: received.find((r) => r.type === 'document')?.bytes ?? 0,
    };
    const more = then ? await then(page) : undefined;
    return { cold, more };
  });
}

/// Every query once (the results relevance is scored on), then `passes`
/// timed passes over the list.
export async function warmRun(page, queries, passes) {
  const first = await page.evaluate((qs) => window.bench.searchMany(qs, 1), queries);
  const timed = passes > 0 ? await page.evaluate(([qs, p]) => window.bench.searchMany(qs, p, 10, 2), [queries, passes]) : [];
  return {
    results: Object.fromEntries(first.map((r) => [r.query, r.urls])),
    firstMs: first.map((r) => r.ms),
    warmMs: timed.map((r) => r.ms),
  };
}

/// The rounds: for each round, each engine in turn gets a fresh browser on
/// the round's cold query; the first `warmRounds` rounds also run the
/// judged queries in that page.
export async function measureCorpus({ siteUrl, corpusName, engines, coldQueries, rounds, warmRounds, judged, passes, screenshots }) {
  const out = Object.fromEntries(engines.map((e) => [e, { cold: [], warm: [], firstMs: [], results: null }]));
  for (let round = 0; round < rounds; round++) {
    const query = coldQueries[round % coldQueries.length];
    for (const engine of engines) {
      const { cold, more } = await coldRun(siteUrl, engine, query, async (page) => {
        if (screenshots && round === 0) {
          fs.mkdirSync(screenshots, { recursive: true });
          await page.screenshot({ path: path.join(screenshots, `${corpusName}-${engine}.png`) });
        }
        return round < warmRounds ? warmRun(page, judged, passes) : null;
      });
      out[engine].cold.push(cold);
      if (more) {
        out[engine].warm.push(...more.warmMs);
        out[engine].firstMs.push(...more.firstMs);
        out[engine].warmRounds = (out[engine].warmRounds ?? []).concat([more.warmMs]);
        out[engine].results ??= more.results;
      }
      log(`${corpusName} round ${round + 1}/${rounds} ${engine}: first result ${cold.ms.toFixed(0)} ms, ${(cold.bytes / 1024).toFixed(1)} KiB` +
        (more ? `, warm median ${median(more.warmMs).toFixed(2)} ms` : ''));
    }
  }
  return out;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : NaN;
}
