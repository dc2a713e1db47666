// The browser runs, in headless Chromium driven by playwright-core:
//  - cold: a new Chromium with a new profile (empty cache) opens the engine's
//    bench page with ?q=<query>; measured: time from navigation start to the
//    first results in the DOM (Trouve's early results, on a split site's
//    common words, count: they are what a visitor sees first), and the bytes
//    of the engine's files received by then (Resource Timing transferSize),
//    cross-checked with the Chrome DevTools Protocol's encodedDataLength
//    after the page settles;
//  - ten more: in that page, right after the first results, ten other
//    queries one after the other, each rendering ten results; measured: the
//    bytes of the engine's files received meanwhile (what a visitor who goes
//    on searching costs; nothing for an engine that had everything already);
//  - warm: then, every judged query is run once (it gives the results that
//    relevance.mjs scores, and the time of a query's first run), then
//    `passes` more times, each search plus rendering timed with
//    performance.now() (repeated up to 2 ms when faster than the clock);
//  - known items: in the first of those pages, after the warm passes (so
//    that they change none of the times above), every known-item query
//    (lib/known-item.mjs) once, untimed, for its first 10 results;
//  - filtered (a corpus whose queries have filters: the archive): after
//    those rounds, as many rounds of cold loads on a filtered query
//    (`coldFiltered`), for the engines that take filters, measured as the
//    cold loads above; in the first `warmRounds` of those pages, the
//    filtered follow-ups (ten other filtered queries), measured as the ten
//    more. Every result is checked against the filters (`outside`). An
//    engine that takes no filters is not asked: its skip is recorded.
// Bytes are those of Playwright's network events (page and workers; every
// response, ranges included: headers and body as received).
// Engines alternate within each round: A B C D E, A B C D E, ...

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPackage, log } from './util.mjs';
import { filteredLabel } from './relevance.mjs';

export const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const playwright = await importPackage('playwright-core');
const chromium = playwright.chromium ?? playwright.default.chromium;

export async function withBrowser(body) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'trouve-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    return await body(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/// Opens one engine's page with a query (its text, or {q, filters}) in a
/// fresh profile; `then(page, requests)` may go on using the loaded page
/// (ten more queries, warm runs, screenshots).
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

    const url = typeof query === 'string'
      ? `${siteUrl}/_bench/${engine}.html?q=${encodeURIComponent(query)}`
      : `${siteUrl}/_bench/${engine}.html?q=${encodeURIComponent(query.q)}&filters=${encodeURIComponent(JSON.stringify(query.filters))}`;
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
    const received = await describe(finished);
    const engineFiles = engineResponses(received, engine, state.first.files);
    const beforeFirst = engineFiles.filter((r) => r.endedAt <= firstAt + 1);
    const cold = {
      // A filtered query: its label, and its words and filters apart.
      ...(typeof query === 'string' ? { query } : { query: filteredLabel(query), q: query.q, filters: query.filters }),
      ms: state.first.ms,
      results: state.first.count,
      urls: state.first.urls,
      requests: beforeFirst.length,
      bytes: beforeFirst.reduce((sum, r) => sum + r.bytes, 0),
      bodyBytes: beforeFirst.reduce((sum, r) => sum + r.body, 0),
      files: beforeFirst.map((r) => [r.file, r.bytes]),
      // Cross-checks: what the page's own Resource Timing saw (not workers),
      // and every engine file received, even after the first results.
      pageTimingBytes: state.first.transferBytes,
      allEngineBytes: engineFiles.reduce((sum, r) => sum + r.bytes, 0),
      documentBytes: received.find((r) => r.type === 'document')?.bytes ?? 0,
    };
    // What the ten more queries need to tell their requests from these.
    const more = then ? await then(page, { engine, finished }) : undefined;
    return { cold, more };
  });
}

/// What Playwright knows of each finished request.
async function describe(requests) {
  return Promise.all(requests.map(async (request) => {
    const sizes = await request.sizes();
    const timing = request.timing();
    return {
      path: new URL(request.url()).pathname,
      type: request.resourceType(),
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
      body: sizes.responseBodySize,
      startedAt: timing.startTime,
      endedAt: timing.startTime + timing.responseEnd,
    };
  }));
}

/// The responses for the engine's files, each with its path in the bundle.
/// A worker's own script may be reported without its body: for a file
/// fetched once, take the larger of that count and the page's Resource
/// Timing's (`pageFiles`, [file, transferSize]). Files fetched more than
/// once (ranges of one file) are left as the network events say.
function engineResponses(received, engine, pageFiles) {
  const prefix = `/_engines/${engine}/`;
  const mine = received.filter((r) => r.path.startsWith(prefix)).map((r) => ({ ...r, file: r.path.slice(prefix.length) }));
  const times = (list) => list.reduce((m, file) => m.set(file, (m.get(file) ?? 0) + 1), new Map());
  const ours = times(mine.map((r) => r.file)), theirs = times(pageFiles.map(([file]) => file));
  const seen = new Map(pageFiles);
  for (const r of mine) {
    if (ours.get(r.file) === 1 && theirs.get(r.file) === 1 && seen.get(r.file) > r.bytes) r.bytes = seen.get(r.file);
  }
  return mine;
}

/// Ten more queries in the page just loaded, one after the other as a
/// visitor types them, each rendering ten results; the engine's files
/// received meanwhile (requests started after the first results were shown
/// and the page had settled).
export async function moreQueries(page, { engine, finished }, queries) {
  const mark = finished.length;
  const [startedAt, before] = await page.evaluate(() => [performance.timeOrigin + performance.now(), window.bench.transfer().files.length]);
  const runs = await page.evaluate((qs) => window.bench.searchMany(qs, 1, 10), queries);
  // Events of the last responses may arrive just after the last search.
  await page.waitForTimeout(150);
  const pageFiles = await page.evaluate((n) => window.bench.transfer().files.slice(n), before);
  const responses = engineResponses(await describe(finished.slice(mark)), engine, pageFiles).filter((r) => r.startedAt >= startedAt - 1);
  return {
    queries: queries.map((q) => (typeof q === 'string' ? q : filteredLabel(q))),
    ms: runs.map((r) => r.ms),
    results: runs.map((r) => r.urls.length),
    urls: runs.map((r) => r.urls),
    requests: responses.length,
    bytes: responses.reduce((sum, r) => sum + r.bytes, 0),
    bodyBytes: responses.reduce((sum, r) => sum + r.body, 0),
    files: responses.map((r) => [r.file, r.bytes]),
    // Cross-check: the page's own Resource Timing (not workers).
    pageTimingBytes: pageFiles.reduce((sum, [, bytes]) => sum + bytes, 0),
  };
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

/// Every known-item query once, untimed: each one's first 10 result paths
/// (the harness gives URL paths, so a #fragment is already gone). A query
/// the engine throws on has no results; its error is kept.
export async function knownItemRun(page, queries) {
  const started = Date.now();
  const runs = await page.evaluate((qs) => window.bench.searchEach(qs, 10), queries);
  const errors = runs.filter((r) => r.error).map((r) => [r.query, r.error]);
  return { results: Object.fromEntries(runs.map((r) => [r.query, r.urls])), errors, ms: Date.now() - started };
}

/// The rounds: for each round, each engine in turn gets a fresh browser on
/// the round's cold query; the first `warmRounds` rounds also run, in that
/// page, the ten more queries `more(coldQuery)`, then the judged queries.
/// Returns {measured, failed}: an engine that fails in the page (no result,
/// an error) is left out of this corpus with the reason, as a failed build
/// is; the others go on.
/// Filtered queries (`filteredCold`, follow-ups `filteredMore(cold)`) run
/// after the rounds above, on the engines of `filterEngines` only; the
/// others get `filtered: {skipped}`. `outside(filters, urls)` counts the
/// results that do not have the filters' values (0 when the engine got
/// them right). A failure there is recorded (`filtered.failed`) and leaves
/// the unfiltered measures as they are.
export async function measureCorpus({ siteUrl, corpusName, engines, coldQueries, rounds, warmRounds, judged, knownItem = [], more, passes, screenshots,
  filteredCold = [], filteredMore, filterEngines = [], outside }) {
  const out = Object.fromEntries(engines.map((e) => [e, { cold: [], more: [], warm: [], firstMs: [], results: null }]));
  const failed = {};
  for (let round = 0; round < rounds; round++) {
    const query = coldQueries[round % coldQueries.length];
    for (const engine of engines.filter((e) => !failed[e])) {
      let run;
      try {
        run = await coldRun(siteUrl, engine, query, async (page, requests) => {
          if (screenshots && round === 0) {
            fs.mkdirSync(screenshots, { recursive: true });
            await page.screenshot({ path: path.join(screenshots, `${corpusName}-${engine}.png`) });
          }
          if (round >= warmRounds) return null;
          const tenMore = await moreQueries(page, requests, more(query));
          const warm = await warmRun(page, judged, passes);
          // The known-item queries, once, in the first page only.
          const known = round === 0 && knownItem.length ? await knownItemRun(page, knownItem) : null;
          return { tenMore, warm, known };
        });
      } catch (error) {
        failed[engine] = `failed in the browser: ${String(error.message).split('\n')[0]}`;
        log(`warning: ${engine} is left out of ${corpusName}: it ${failed[engine]}`);
        delete out[engine];
        continue;
      }
      const { cold, more: after } = run;
      out[engine].cold.push(cold);
      if (after) {
        const { tenMore, warm } = after;
        out[engine].more.push(tenMore);
        out[engine].warm.push(...warm.warmMs);
        out[engine].firstMs.push(...warm.firstMs);
        out[engine].warmRounds = (out[engine].warmRounds ?? []).concat([warm.warmMs]);
        out[engine].results ??= warm.results;
        if (after.known) out[engine].knownItem = after.known;
      }
      log(`${corpusName} round ${round + 1}/${rounds} ${engine}: first result ${cold.ms.toFixed(0)} ms, ${(cold.bytes / 1024).toFixed(1)} KiB` +
        (after ? `; ten more queries ${(after.tenMore.bytes / 1024).toFixed(1)} KiB; warm median ${median(after.warm.warmMs).toFixed(2)} ms` : '') +
        (after?.known ? `; ${Object.keys(after.known.results).length} known-item queries in ${(after.known.ms / 1000).toFixed(1)} s` +
          (after.known.errors.length ? ` (${after.known.errors.length} threw: ${after.known.errors.slice(0, 3).map(([q, e]) => `«${q}»: ${e}`).join('; ')})` : '') : ''));
    }
  }
  if (filteredCold.length) await measureFiltered({ siteUrl, corpusName, engines, rounds, warmRounds, filteredCold, filteredMore, filterEngines, outside, out, failed });
  return { measured: out, failed };
}

/// The filtered rounds: engines alternate within each round, as above.
async function measureFiltered({ siteUrl, corpusName, engines, rounds, warmRounds, filteredCold, filteredMore, filterEngines, outside, out, failed }) {
  for (const engine of engines.filter((e) => !failed[e])) {
    out[engine].filtered = filterEngines.includes(engine) ? { cold: [], more: [] } : { skipped: 'its bench setup passes no filters' };
  }
  const check = (query, urls) => (outside ? outside(query.filters, urls) : null);
  for (let round = 0; round < rounds; round++) {
    const query = filteredCold[round % filteredCold.length];
    for (const engine of engines.filter((e) => out[e]?.filtered?.cold && !out[e].filtered.failed)) {
      let run;
      try {
        run = await coldRun(siteUrl, engine, query, async (page, requests) => (round < warmRounds ? moreQueries(page, requests, filteredMore(query)) : null));
      } catch (error) {
        out[engine].filtered.failed = `failed in the browser on a filtered query: ${String(error.message).split('\n')[0]}`;
        log(`warning: ${engine}'s filtered queries on ${corpusName} are left out: it ${out[engine].filtered.failed}`);
        continue;
      }
      const { cold, more } = run;
      cold.outside = check(query, cold.urls);
      out[engine].filtered.cold.push(cold);
      if (more) {
        const asked = filteredMore(query);
        more.outside = more.urls.reduce((sum, urls, i) => sum + (check(asked[i], urls) ?? 0), 0);
        out[engine].filtered.more.push(more);
      }
      log(`${corpusName} filtered round ${round + 1}/${rounds} ${engine}: ${cold.query}: first result ${cold.ms.toFixed(0)} ms, ${(cold.bytes / 1024).toFixed(1)} KiB, ` +
        `${cold.results} results${cold.outside ? ` (${cold.outside} outside the filters)` : ''}` +
        (more ? `; ten filtered follow-ups ${(more.bytes / 1024).toFixed(1)} KiB, ${more.results.reduce((a, b) => a + b, 0)} results${more.outside ? ` (${more.outside} outside the filters)` : ''}` : ''));
    }
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : NaN;
}
