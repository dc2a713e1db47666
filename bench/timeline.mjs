#!/usr/bin/env node
// Where the time to Trouve's first result goes, on the sites the last
// `node bench/run.mjs` built (bench/.cache/sites/<corpus>/_engines/trouve).
//
//   node bench/timeline.mjs [--corpus articles,python-docs,...] [--rounds 7]
//
// Each round opens Trouve's bench page cold (a new profile) with one of the
// corpus's cold queries, as the bench does, with the page's WebAssembly
// calls timed from the inside: the page is given, before any of its
// scripts, wrappers around WebAssembly.compile(Streaming) and instantiate
// and around every function the engine exports (so the engine's own time
// is known: opening the root, searching, taking pieces). Network times come
// from Resource Timing. Every millisecond between navigation and the first
// result in the DOM is then given to one phase, the first of these that is
// under way: the engine running, compiling, instantiating, the network
// (one of the engine's files in flight), and else the page's JavaScript
// (the harness and the searcher, inflating pieces, glue, rendering) or, before
// the first of the engine's files is asked for, the page itself loading.
// Medians per phase over the rounds; they need not add up to the median
// total. Nothing of this ships: the wrappers exist only in these runs.

import path from 'node:path';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { withBrowser } from './lib/browser.mjs';
import { serve } from './lib/serve.mjs';
import { SITES, log } from './lib/util.mjs';

const { values: options } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'articles,libreoffice-help,python-docs' },
    rounds: { type: 'string', default: '7' },
  },
});

/** Runs in the page before its scripts: records compile, instantiate and engine calls in window.timeline. */
function instrument() {
  const timeline = (window.timeline = { spans: [] });
  const now = () => performance.now();
  const timed = (kind, run) => async (...args) => {
    const start = now();
    try {
      return await run(...args);
    } finally {
      timeline.spans.push([kind, start, now()]);
    }
  };
  const wasm = WebAssembly;
  const compileStreaming = wasm.compileStreaming.bind(wasm);
  const compile = wasm.compile.bind(wasm);
  const instantiate = wasm.instantiate.bind(wasm);
  wasm.compileStreaming = timed('compile', compileStreaming);
  wasm.compile = timed('compile', compile);
  wasm.instantiate = async (source, imports) => {
    const start = now();
    const made = await instantiate(source, imports);
    timeline.spans.push(['instantiate', start, now()]);
    const instance = made instanceof wasm.Instance ? made : made.instance;
    const exports = {};
    for (const [name, value] of Object.entries(instance.exports)) {
      exports[name] = typeof value !== 'function' ? value : (...args) => {
        const begun = now();
        try {
          return value(...args);
        } finally {
          timeline.spans.push(['engine', begun, now()]);
        }
      };
    }
    // wasm-bindgen's glue takes {instance, module} and reads instance.exports.
    return { instance: { exports }, module: made instanceof wasm.Instance ? source : made.module };
  };
}

const PHASES = ['page', 'engine', 'compile', 'instantiate', 'network', 'javascript'];

/** Milliseconds per phase, each tenth of a millisecond given to the first phase under way. */
function phases({ first, spans, requests }) {
  const start = requests.length ? Math.min(...requests.map(([s]) => s)) : first;
  const intervals = [...spans, ...requests.map(([s, e]) => ['network', s, e])];
  const out = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (let t = 0; t < first; t += 0.1) {
    const under = (kind) => intervals.some(([k, s, e]) => k === kind && s <= t && t < e);
    const phase = t < start ? 'page' : PHASES.slice(1, -1).find(under) ?? 'javascript';
    out[phase] += 0.1;
  }
  return out;
}

async function coldLoad(siteUrl, query) {
  return withBrowser(async (context) => {
    await context.addInitScript(instrument);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${siteUrl}/_bench/trouve.html?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.bench && (window.bench.ready || window.bench.error), null, { timeout: 60_000 });
    return page.evaluate(() => {
      if (window.bench.error) throw new Error(window.bench.error);
      const first = window.bench.first.ms;
      const requests = performance.getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/_engines/trouve/') && e.startTime < first)
        .map((e) => [e.startTime, e.responseEnd]);
      return { first, spans: window.timeline.spans.filter(([, s]) => s < first), requests };
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const rows = [];
for (const corpus of options.corpus.split(',')) {
  const site = path.join(SITES, corpus);
  const queries = JSON.parse(fs.readFileSync(new URL(`queries/${corpus}.json`, import.meta.url), 'utf8')).cold;
  if (!fs.existsSync(path.join(site, '_engines', 'trouve'))) {
    log(`${corpus}: no Trouve build in ${site}; run node bench/run.mjs first`);
    continue;
  }
  const layout = JSON.parse(fs.readFileSync(path.join(site, '_engines', 'trouve', 'trouve-index.json'), 'utf8')).layout;
  const server = await serve(site);
  const loads = [];
  try {
    for (let round = 0; round < Number(options.rounds); round++) {
      const load = await coldLoad(server.url, queries[round % queries.length]);
      loads.push({ total: load.first, requests: load.requests.length, ...phases(load) });
      log(`${corpus} round ${round + 1}/${options.rounds}: ${load.first.toFixed(0)} ms`);
    }
  } finally {
    server.stop();
  }
  rows.push([`${corpus} (${layout})`, ...['total', ...PHASES].map((p) => median(loads.map((l) => l[p])).toFixed(0)), median(loads.map((l) => l.requests))]);
}

const header = ['site (layout)', 'first result', 'page', 'engine', 'compile', 'instantiate', 'network', 'javascript', 'requests'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
