#!/usr/bin/env node
// The side-by-side benchmark, in one command (see bench/README.md):
//   node bench/run.mjs            the three real corpora, every engine (about 20 minutes)
//   node bench/run.mjs --quick    the articles only, fewer runs (development)
//   node bench/run.mjs --corpus archive-100k    the generated archive, Trouve only (long)
//   node bench/run.mjs --corpus archive-10k --engines trouve,pagefind
//                                 the archive with Pagefind too: filtered queries side by side
// Options: --corpus NAME (articles, libreoffice-help, python-docs, archive-100k
//          or archive-<N>k; repeatable), --engines a,b,...
//          --rounds N (at most N builds, N cold loads and N warm pages per engine)
//          --no-cargo (use target/release/trouve as it is)
//          --no-report (measure, write results JSON, leave RESULTS.md alone)
//          --server node|trouve|auto (who serves the pages; default trouve, see lib/serve.mjs)
//          --encoding gzip|br (how every engine's files are compressed in transit;
//          br, a host that serves brotli, needs --server node)
// Everything it downloads, installs and generates goes under bench/.cache/,
// except bench/RESULTS.md and bench/charts/*.svg, which it rewrites.

import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS, log, run, writeJson } from './lib/util.mjs';
import { buildTrouve, ensureChromium, installPackages } from './lib/setup.mjs';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    corpus: { type: 'string', multiple: true },
    engines: { type: 'string' },
    rounds: { type: 'string' },
    'no-cargo': { type: 'boolean', default: false },
    'no-report': { type: 'boolean', default: false },
    server: { type: 'string', default: 'trouve' },
    encoding: { type: 'string', default: 'gzip' },
  },
});
if (!['gzip', 'br'].includes(options.encoding)) throw new Error(`--encoding ${options.encoding}: gzip or br`);
if (options.encoding === 'br' && options.server !== 'node') throw new Error('--encoding br needs --server node (trouve serve compresses gzip on the fly only)');

/// How many times each thing is measured. Builds and cold page loads
/// alternate the engines; the ten more queries and the warm passes run
/// inside the first cold pages. The archive is built once: one build of
/// 100,000 documents takes minutes.
const PLAN = options.quick
  ? { corpora: ['articles'], builds: { articles: 1, 'libreoffice-help': 1, 'python-docs': 1, archive: 1 }, rounds: 3, warmRounds: 1, passes: 2 }
  : { corpora: ['articles', 'libreoffice-help', 'python-docs'], builds: { articles: 5, 'libreoffice-help': 3, 'python-docs': 3, archive: 1 }, rounds: 9, warmRounds: 3, passes: 3 };
if (options.rounds !== undefined) {
  const n = Number(options.rounds);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds takes a whole number of 1 or more, not ${options.rounds}`);
  PLAN.rounds = Math.min(PLAN.rounds, n);
  PLAN.warmRounds = Math.min(PLAN.warmRounds, n);
  for (const name of Object.keys(PLAN.builds)) PLAN.builds[name] = Math.min(PLAN.builds[name], n);
  PLAN.roundsOption = n;
}

const started = Date.now();
installPackages();
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
ensureChromium(CHROMIUM);
const trouveBuild = options['no-cargo'] ? 'not rebuilt (--no-cargo): target/release/trouve as it was' : buildTrouve();

// These load packages installed just above.
const { ENGINES } = await import('./engines/index.mjs');
const { prepare, corpus: corpusOf, isArchive } = await import('./lib/corpora.mjs');
const { buildAll } = await import('./lib/build.mjs');
const { serve } = await import('./lib/serve.mjs');
const { measureCorpus } = await import('./lib/browser.mjs');
const { loadQueries, judgments, score, tenMore, unfiltered, filteredMore } = await import('./lib/relevance.mjs');
const { byline } = await import('./lib/archive.mjs');
const { readJson, packageVersion } = await import('./lib/util.mjs');
const { loadKnownItem, knownItemQueries, scoreKnownItem } = await import('./lib/known-item.mjs');

const wanted = options.engines ? options.engines.split(',') : ENGINES.map((e) => e.name);
const engines = [];
const skipped = {};
for (const engine of ENGINES.filter((e) => wanted.includes(e.name))) {
  const available = engine.available();
  if (available === true) engines.push(engine);
  else { skipped[engine.name] = available; log(`warning: ${engine.label} is left out: ${available}`); }
}

const corpora = options.corpus ?? PLAN.corpora;
const results = {
  date: new Date().toISOString(),
  command: ['node', 'bench/run.mjs', ...process.argv.slice(2)].join(' '),
  plan: { ...PLAN, corpora, quick: options.quick },
  machine: machine(),
  versions: Object.assign({ 'playwright-core': packageVersion('playwright-core'), 'node-html-parser': packageVersion('node-html-parser') }, ...engines.map((e) => e.versions())),
  trouveBuild,
  skipped,
  engines: engines.map((e) => ({ name: e.name, label: e.label })),
  corpora: {},
};

for (const name of corpora) {
  // The archive: Trouve only unless --engines says otherwise (Pagefind over
  // 100,000 pages takes long); never the libraries, which need the extracted
  // JSON (corpora.mjs writes none for it).
  const excluded = {};
  const forCorpus = engines.filter((e) => {
    if (isArchive(name) && !options.engines && e.name !== 'trouve') excluded[e.name] = 'the archive is measured for Trouve only unless --engines names others';
    else if (e.reads === 'docs' && !corpusOf(name).docs) excluded[e.name] = 'a JavaScript library cannot load this corpus in a page';
    else return true;
    return false;
  });
  if (Object.keys(excluded).length) log(`${name}: left out: ${Object.entries(excluded).map(([engine, why]) => `${engine} (${why})`).join(', ')}`);
  const corpus = await prepare(name, { html: forCorpus.some((e) => e.name === 'pagefind') });
  const runs = PLAN.builds[isArchive(name) ? 'archive' : name];
  const { results: builds, failed } = await buildAll(corpus, forCorpus, runs);
  const built = forCorpus.filter((e) => builds[e.name]);
  const queries = loadQueries(name);
  const judged = corpus.judged ? judgments(queries, readJson(corpus.docs)) : null;
  // Known-item queries (bench/queries/known-item-<corpus>.json), where the corpus has them.
  const knownItem = corpus.judged ? loadKnownItem(name) : null;
  const server = await serve(corpus.site, options.server, options.encoding);
  log(`serving ${corpus.site} at ${server.url} with ${server.server}`);
  let browser, failedInBrowser;
  try {
    ({ measured: browser, failed: failedInBrowser } = await measureCorpus({
      siteUrl: server.url,
      corpusName: name,
      engines: built.map((e) => e.name),
      coldQueries: queries.cold,
      rounds: PLAN.rounds,
      warmRounds: PLAN.warmRounds,
      judged: unfiltered(queries).map((q) => q.q),
      knownItem: knownItem ? knownItemQueries(knownItem) : [],
      more: (cold) => tenMore(queries, cold),
      passes: PLAN.passes,
      screenshots: path.join(RESULTS, 'screenshots'),
      // Filtered queries, where the corpus has them (the archive), for the
      // engines that take filters.
      filteredCold: queries.coldFiltered ?? [],
      filteredMore: (cold) => filteredMore(queries, cold),
      filterEngines: built.filter((e) => e.filters).map((e) => e.name),
      outside: isArchive(name) ? outsideArchiveFilters : undefined,
    }));
  } finally {
    server.stop();
  }
  results.corpora[name] = {
    info: readJson(corpus.info),
    server: server.server,
    layout: corpus.layout,
    builds: runs,
    judged: Boolean(judged),
    failed: { ...failed, ...failedInBrowser },
    excluded,
    engines: Object.fromEntries(built.filter((e) => browser[e.name]).map((e) => [e.name, {
      build: builds[e.name],
      browser: browser[e.name],
      relevance: judged ? score(judged, browser[e.name].results) : null,
      knownItem: knownItem && browser[e.name].knownItem ? knownItemSummary(scoreKnownItem(knownItem, browser[e.name].knownItem.results), browser[e.name].knownItem) : null,
    }])),
  };
}
results.seconds = (Date.now() - started) / 1000;
const file = path.join(RESULTS, options.quick ? 'quick.json' : 'latest.json');
writeJson(file, results);
log(`results in ${path.relative(process.cwd(), file)} (${results.seconds.toFixed(0)} s)`);

if (!options['no-report']) {
  const { writeReport } = await import('./lib/report.mjs');
  writeReport(results);
}

/// How many of an archive query's result URLs (/archive/<n>.html) are of a
/// document without the filters' values: its section and author are
/// archive.mjs's, drawn again from the document's number.
function outsideArchiveFilters(filters, urls) {
  return urls.filter((url) => {
    const n = Number(url.match(/\/archive\/(\d+)\.html$/)?.[1]);
    if (!Number.isInteger(n)) return true;
    const { author, filters: { section } } = byline(n);
    const has = { section, author };
    return !Object.entries(filters).every(([key, values]) => [values].flat().includes(has[key]));
  }).length;
}

/// What the results keep of a known-item score: the figures, each query's
/// rank and the queries the engine threw on (they count as not found; the
/// lists of URLs are in browser.knownItem.results).
function knownItemSummary(scored, { ms, errors }) {
  return { all: scored.all, byKind: scored.byKind, ms, errors, ranks: scored.perQuery.map((r) => [r.kind, r.q, r.expected, r.rank]) };
}

function machine() {
  const cpuinfo = run('cat', ['/proc/cpuinfo']);
  const model = cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let chromium = '';
  try { chromium = run(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { chromium = 'unknown'; }
  let debian = '';
  try { debian = run('cat', ['/etc/debian_version']).trim(); } catch { /* not Debian */ }
  return {
    nproc: Number(run('nproc', []).trim()),
    cpu: model,
    ramGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: debian ? `Debian ${debian}` : `${os.type()} ${os.release()}`,
    kernel: os.release(),
    node: process.version,
    chromium,
  };
}
