#!/usr/bin/env node
// The fast loop for tuning Trouve's ranking, natively, Trouve alone (see
// bench/README.md, "Known-item queries"):
//   node bench/known-item.mjs [--corpus libreoffice-help|python-docs] [--index DIR] [--misses N]
//                             [--save FILE] [--against FILE] [--prepare]
// For each corpus (both by default): builds Trouve's bundle with
// target/release/trouve as the bench does (same --url, --lang and layout)
// into bench/.cache/known-item/<corpus> (or uses DIR, given by --index,
// as it is), sends every known-item query (bench/queries/known-item-<corpus>.json)
// and every judged query (bench/queries/<corpus>.json) through
// `trouve search OUT --stdin --json -n 10`, and prints top 5 and MRR@10
// per kind (all titles and unique ones), the judged queries right, and the
// N worst misses (default 10).
// --save FILE writes every query's rank and every judged query's outcome;
// --against FILE compares this run with one saved before: the queries whose
// rank moved, the judged queries that changed.
// --prepare unpacks and extracts the corpus again (otherwise bench/.cache's is used).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE, log, readJson, writeJson } from './lib/util.mjs';
import { installPackages } from './lib/setup.mjs';

const { values: options } = parseArgs({
  options: {
    corpus: { type: 'string', multiple: true },
    index: { type: 'string' },
    misses: { type: 'string', default: '10' },
    save: { type: 'string' },
    against: { type: 'string' },
    prepare: { type: 'boolean', default: false },
  },
});

// A failure says what failed, without a stack.
process.on('uncaughtException', (error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});

installPackages();
const { default: trouve, BINARY } = await import('./engines/trouve.mjs');
const { KINDS, KNOWN_ITEM_CORPORA, loadKnownItem, generateFor, preparedCorpus, scoreKnownItem, knownItemQueries, pageOf } = await import('./lib/known-item.mjs');
const { loadQueries, judgments, score } = await import('./lib/relevance.mjs');

const corpora = options.corpus ?? KNOWN_ITEM_CORPORA;
for (const name of corpora) if (!KNOWN_ITEM_CORPORA.includes(name)) throw new Error(`no known-item queries for ${name}; corpora: ${KNOWN_ITEM_CORPORA.join(', ')}`);
if (options.index && corpora.length !== 1) throw new Error('--index DIR goes with one --corpus');
const misses = Number(options.misses);
if (!Number.isInteger(misses) || misses < 0) throw new Error(`--misses takes a whole number, not ${options.misses}`);
if (!fs.existsSync(BINARY)) throw new Error('target/release/trouve is missing: build it with `cargo build --release`');
const against = options.against ? readJson(options.against) : null;

const saved = { date: new Date().toISOString(), binary: binaryInfo(), corpora: {} };
for (const name of corpora) {
  const started = Date.now();
  const c = await preparedCorpus(name, { force: options.prepare });
  const docs = readJson(c.docs);

  // The bundle, as the bench builds it (engines/trouve.mjs), unless given.
  let out = options.index, built = 'given by --index, not rebuilt';
  if (!out) {
    out = path.join(CACHE, 'known-item', name);
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const [command, args] = trouve.command(c, out);
    const t = Date.now();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`trouve build failed on ${name}: ${result.stderr}`);
    const skipped = result.stderr.split('\n').filter((l) => /^skipped /.test(l)).length;
    built = `built in ${((Date.now() - t) / 1000).toFixed(1)} s${skipped ? ` (${skipped} pages skipped: ${skippedReasons(result.stderr)})` : ''}`;
  }
  let layout = '?';
  try { layout = readJson(path.join(out, 'trouve-index.json')).layout; } catch { /* an index.trv or a module */ }

  let list = loadKnownItem(name);
  if (!list) {
    log(`bench/queries/known-item-${name}.json is missing: generated now (node bench/lib/known-item.mjs --write writes it)`);
    list = await generateFor(name);
  }
  const judged = judgments(loadQueries(name), docs);
  const texts = [...new Set([...knownItemQueries(list), ...judged.map((q) => q.q)])];
  for (const q of texts) if (/[\r\n]/.test(q)) throw new Error(`a query holds a line break: ${JSON.stringify(q)}`);

  const t = Date.now();
  const search = spawnSync(BINARY, ['search', out, '--stdin', '--json', '-n', '10'], { input: texts.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (search.status !== 0) throw new Error(`trouve search failed on ${name}: ${search.stderr}`);
  const lines = search.stdout.split('\n').filter((l) => l.trim());
  if (lines.length !== texts.length) throw new Error(`trouve search answered ${lines.length} lines to ${texts.length} queries`);
  const searchSeconds = (Date.now() - t) / 1000;
  const hits = new Map(texts.map((q, i) => [q, JSON.parse(lines[i])]));
  const urls = Object.fromEntries([...hits].map(([q, list]) => [q, list.map((h) => pageOf(h.url))]));
  const titleOf = new Map(docs.map((d) => [d.url, d.title]));
  for (const list of hits.values()) for (const h of list) if (!titleOf.has(pageOf(h.url))) titleOf.set(pageOf(h.url), h.title);

  const known = scoreKnownItem(list, urls);
  const relevance = score(judged, urls);

  console.log(`\n${name}: Trouve (${saved.binary.path} of ${saved.binary.modified.slice(0, 19).replace('T', ' ')} UTC) ${built}, ${layout} layout, ` +
    `${path.relative(process.cwd(), out) || out}; ${texts.length} queries in ${searchSeconds.toFixed(1)} s`);
  printKnown(known);
  printJudged(relevance);
  printMisses(known, list, hits, titleOf);
  if (against?.corpora?.[name]) compare(against.corpora[name], known, relevance);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  saved.corpora[name] = {
    layout,
    knownItem: { all: strip(known.all), byKind: Object.fromEntries(KINDS.map((k) => [k, strip(known.byKind[k])])), ranks: known.perQuery.map((r) => [r.kind, r.q, r.expected, r.rank]) },
    judged: { ok: relevance.ok, total: relevance.total, perQuery: relevance.perQuery.map((r) => [r.q, r.ok]) },
  };
}
if (options.save) {
  writeJson(options.save, saved);
  log(`saved in ${options.save}`);
}

// --- printing ------------------------------------------------------------------

function pct(part, n) {
  return n ? `${part}/${n} (${(100 * part / n).toFixed(1)} %)` : '–';
}

function printKnown(known) {
  const rows = [['', 'queries', 'top 1', 'top 5', 'MRR@10', '│', 'unique', 'top 5', 'MRR@10']];
  for (const [label, f] of [...KINDS.map((k) => [k, known.byKind[k]]), ['all', known.all]]) {
    rows.push([label, String(f.n), pct(f.top1, f.n), pct(f.top5, f.n), f.mrr.toFixed(3), '│', String(f.unique.n), pct(f.unique.top5, f.unique.n), f.unique.n ? f.unique.mrr.toFixed(3) : '–']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log('  ' + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  const u = known.all.unique;
  console.log(`  targets: top 5 ≥ 95 % on unique titles (now ${(100 * u.top5Share).toFixed(1)} %), MRR@10 ≥ 0.85 (now ${known.all.mrr.toFixed(3)})`);
}

function printJudged(relevance) {
  const categories = Object.entries(relevance.byCategory).map(([c, v]) => `${c} ${v.ok}/${v.total}`).join(', ');
  console.log(`  judged queries: ${relevance.ok}/${relevance.total} right (${categories})`);
  for (const r of relevance.perQuery.filter((r) => !r.ok)) {
    console.log(`    wrong: «${r.q}»${r.missing.length ? `; not in the top 10: ${r.missing.join(', ')}` : ''}${r.wrong.length ? `; MUST NOT in the top 10: ${r.wrong.join(', ')}` : ''}`);
  }
}

/// The worst first: not in the top 10, then by rank; unique titles before
/// shared ones; then in the file's order.
function printMisses(known, list, hits, titleOf) {
  const missed = known.perQuery.map((r, i) => ({ ...r, i })).filter((r) => r.rank === null || r.rank > 5);
  if (!misses || !missed.length) return;
  missed.sort((a, b) => (b.rank ?? 11) - (a.rank ?? 11) || Number(b.unique) - Number(a.unique) || a.i - b.i);
  console.log(`  worst misses (${Math.min(misses, missed.length)} of ${missed.length} outside the top 5):`);
  for (const r of missed.slice(0, misses)) {
    const first = hits.get(r.q)?.[0];
    const firstPage = first ? pageOf(first.url) : null;
    console.log(`    ${r.kind.padEnd(6)} «${r.q}»${r.unique ? '' : ' (shared title)'} → ${r.expected}: ${r.rank ? `rank ${r.rank}` : 'not in the top 10'}; ` +
      (firstPage ? `first ${firstPage} «${titleOf.get(firstPage) ?? first.title}»` : 'no results'));
  }
}

function compare(before, known, relevance) {
  const old = new Map(before.knownItem.ranks.map(([kind, q, expected, rank]) => [`${kind}\t${q}\t${expected}`, rank]));
  const moved = [];
  for (const r of known.perQuery) {
    const key = `${r.kind}\t${r.q}\t${r.expected}`;
    if (!old.has(key)) continue;
    const was = old.get(key);
    if (was !== r.rank) moved.push({ ...r, was });
  }
  const value = (rank) => (rank ? 1 / rank : 0);
  const better = moved.filter((m) => value(m.rank) > value(m.was)), worse = moved.filter((m) => value(m.rank) < value(m.was));
  const b = before.knownItem.all;
  console.log(`  against the saved run: top 5 ${b.top5} → ${known.all.top5}, MRR@10 ${b.mrr.toFixed(3)} → ${known.all.mrr.toFixed(3)}, unique top 5 ${b.unique.top5} → ${known.all.unique.top5}; ` +
    `${better.length} queries ranked better, ${worse.length} worse`);
  const show = (m) => `«${m.q}» (${m.kind}) ${m.was ?? '–'} → ${m.rank ?? '–'}`;
  if (worse.length) console.log(`    worse: ${worse.map(show).join(', ')}`);
  if (better.length) console.log(`    better: ${better.map(show).join(', ')}`);
  const was = new Map(before.judged.perQuery);
  const flipped = relevance.perQuery.filter((r) => was.has(r.q) && was.get(r.q) !== r.ok);
  if (flipped.length) console.log(`    judged queries that changed: ${flipped.map((r) => `«${r.q}» ${r.ok ? 'now right' : 'now wrong'}`).join(', ')}`);
  else console.log(`    judged queries: ${before.judged.ok}/${before.judged.total} → ${relevance.ok}/${relevance.total}, none changed`);
}

function strip({ n, top1, top5, mrr, unique }) {
  return { n, top1, top5, mrr, unique: unique && { n: unique.n, top1: unique.top1, top5: unique.top5, mrr: unique.mrr } };
}

function skippedReasons(stderr) {
  const reasons = new Map();
  for (const line of stderr.split('\n')) {
    const m = line.match(/^skipped [^:]+: (.*)$/);
    if (m) reasons.set(m[1], (reasons.get(m[1]) ?? 0) + 1);
  }
  return [...reasons].map(([why, n]) => `${n} ${why}`).join(', ');
}

function binaryInfo() {
  const stat = fs.statSync(BINARY);
  return { path: path.relative(process.cwd(), BINARY), modified: stat.mtime.toISOString() };
}
