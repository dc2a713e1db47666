#!/usr/bin/env node
// What a daily deploy of a growing archive costs the site and its returning
// visitors (issue 11's measure): the generated archive is built, then the
// next day's archive (1 % new documents, 0.1 % changed, 0.1 % deleted) is
// built into the same output, as a site owner's deploy would, and the two
// outputs are compared.
//
//   node bench/deploy.mjs                      archive-100k (about 4 minutes)
//   node bench/deploy.mjs --corpus archive-10k
//   node bench/deploy.mjs --out FILE.md        also write the report there
//
// What it reports:
//   - the second build's time and peak memory against the first's: a full
//     build of the same size is the reference, the goal is 10 % of it;
//   - the bytes of the first output's files that the second keeps under the
//     same name with the same content (the goal: 90 %), and the files kept;
//   - for each of the archive's queries (bench/queries/archive-100k.json),
//     what a returning visitor fetches again: the pieces the query reads on
//     the new output (`trouve search`, TROUVE_TRACE=2, to the first results)
//     that it did not read, at the same place of a file of the same name,
//     on the old one, which the visitor's cache holds; the root is always
//     fetched again and counted apart.
// It uses target/release/trouve as it is (build it first). This is a tool,
// not a test: `.ci/` does not run it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { random, recordMaker } from './lib/archive.mjs';
import { isArchive, prepare } from './lib/corpora.mjs';
import { BENCH, CACHE, log, measured, median, readJson, run, walk } from './lib/util.mjs';
import { BINARY } from './engines/trouve.mjs';

const { values: options } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'archive-100k' },
    out: { type: 'string' },
  },
});
if (!isArchive(options.corpus)) throw new Error(`--corpus ${options.corpus}: an archive-<N>k`);
if (!fs.existsSync(BINARY)) throw new Error(`${BINARY} is missing: build it with \`cargo build --release\``);

/// The next day's changes, as shares of the archive.
const ADDED = 0.01, CHANGED = 0.001, DELETED = 0.001;
/// The new documents' dates: the days after the archive's last.
const NEW_DAYS = ['2026-01-05', '2026-01-06', '2026-01-07'];

const base = await prepare(options.corpus);
const work = path.join(CACHE, 'deploy', options.corpus);
const nextInput = path.join(work, 'next');
const plan = nextDay(base.input, nextInput, base.documents);
log(`next day: ${plan.added} documents added, ${plan.changed} changed, ${plan.deleted} deleted`);

const build = (input, out) => measured(BINARY, ['build', input, '-o', out, '--url', base.url, '--lang', base.lang, '--layout', 'split', '--quiet']);

// The first deploy, kept aside; the next one builds into a copy of it, as a
// deploy builds into the folder it published before.
const before = path.join(work, 'before');
const after = path.join(work, 'after');
fs.rmSync(before, { recursive: true, force: true });
log('building the archive');
const first = build(base.input, before);
fs.rmSync(after, { recursive: true, force: true });
fs.cpSync(before, after, { recursive: true });
log('building the next day into the same output');
const second = build(nextInput, after);

const kept = compareOutputs(before, after);
const queries = visitorQueries(before, after);

const report = render({ plan, first, second, kept, queries });
console.log(report);
if (options.out) fs.writeFileSync(options.out, report);

// ---- the next day's archive ----

/// Writes the archive with the next day's changes into `out`: the same
/// JSONL files without the deleted records and with the changed ones
/// changed, and one more file of new records. Which records change or go is
/// drawn from a seeded stream, so two runs make the same day.
function nextDay(input, out, documents) {
  const rand = random(0xdec0de);
  const pickDocs = (count, taken) => {
    const chosen = new Set();
    while (chosen.size < count) {
      const n = Math.floor(rand() * documents);
      if (!taken.has(n)) chosen.add(n);
    }
    return chosen;
  };
  const deleted = pickDocs(Math.round(documents * DELETED), new Set());
  const changed = pickDocs(Math.round(documents * CHANGED), deleted);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const file of fs.readdirSync(input).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = [];
    for (const line of fs.readFileSync(path.join(input, file), 'utf8').split('\n').filter(Boolean)) {
      const record = JSON.parse(line);
      const n = Number(record.id);
      if (deleted.has(n)) continue;
      if (changed.has(n)) {
        // A correction: a new last paragraph and a reworded title.
        record.title += ' (mis à jour)';
        record.body += `\n\nRectificatif : une version précédente de cet article comportait une erreur sur le chiffre ${n % 97}.`;
        lines.push(JSON.stringify(record));
      } else {
        lines.push(line);
      }
    }
    fs.writeFileSync(path.join(out, file), lines.join('\n') + '\n');
  }
  const { make } = recordMaker({ sections: true });
  const added = Math.round(documents * ADDED);
  const lines = [];
  for (let n = documents; n < documents + added; n++) {
    const { record } = make(n);
    record.date = NEW_DAYS[n % NEW_DAYS.length];
    lines.push(JSON.stringify(record));
  }
  fs.writeFileSync(path.join(out, 'docs-next.jsonl'), lines.join('\n') + '\n');
  return { documents, added, changed: changed.size, deleted: deleted.size };
}

// ---- what stays ----

/// Files of each output by path, with size and content hash.
function files(dir) {
  return new Map(walk(dir).map((file) => {
    const data = fs.readFileSync(file);
    return [path.relative(dir, file), { size: data.length, hash: crypto.createHash('sha256').update(data).digest('hex') }];
  }));
}

/// How much of the first output the second keeps: same name, same bytes.
/// The precompressed twins (.br, .gz) count as their files do.
function compareOutputs(beforeDir, afterDir) {
  const old = files(beforeDir), now = files(afterDir);
  let bytes = 0, keptBytes = 0, keptFiles = 0, newBytes = 0;
  for (const [name, file] of old) {
    bytes += file.size;
    if (now.get(name)?.hash === file.hash) {
      keptBytes += file.size;
      keptFiles += 1;
    }
  }
  for (const [name, file] of now) if (old.get(name)?.hash !== file.hash) newBytes += file.size;
  return { files: old.size, filesAfter: now.size, bytes, keptBytes, keptFiles, newBytes };
}

// ---- what a returning visitor fetches again ----

/// The archive's queries, each searched on both outputs.
function visitorQueries(beforeDir, afterDir) {
  const list = readJson(path.join(BENCH, 'queries', 'archive-100k.json'));
  const texts = [...new Set([...list.cold.map((c) => c.q ?? c), ...(list.queries ?? []).map((q) => q.q)])]
    .filter((q) => typeof q === 'string' && q.trim());
  const rootOf = (dir) => fs.statSync(path.join(dir, readJson(path.join(dir, 'trouve-index.json')).root)).size;
  return {
    root: rootOf(afterDir),
    rows: texts.map((q) => {
      const old = pieces(beforeDir, q), now = pieces(afterDir, q);
      const cached = new Set(old.map((p) => p.key));
      const again = now.filter((p) => !cached.has(p.key));
      const sum = (list) => list.reduce((s, p) => s + p.bytes, 0);
      return { q, read: sum(now), again: sum(again), pieces: now.length, piecesAgain: again.length };
    }),
  };
}

/// The pieces `trouve search` reads on `dir` to the query's first results:
/// file name, place and stored bytes, from its trace.
function pieces(dir, q) {
  const result = spawnSync(BINARY, ['search', dir, q, '-n', '10', '--early'], { env: { ...process.env, TROUVE_TRACE: '2' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`trouve search ${dir} ${q}: ${result.stderr}`);
  return [...result.stderr.matchAll(/^trouve: {3}(\S+) at (\d+), (\d+) bytes$/gm)]
    .map(([, file, offset, bytes]) => ({ key: `${file} ${offset} ${bytes}`, bytes: Number(bytes) }));
}

// ---- the report ----

function render({ plan, first, second, kept, queries }) {
  const pct = (a, b) => `${(100 * a / b).toFixed(1)} %`;
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  const kb = (b) => `${(b / 1e3).toFixed(1)} KB`;
  const lines = [
    `# A day's deploy of ${options.corpus}`,
    '',
    `\`node bench/deploy.mjs --corpus ${options.corpus}\`, ${new Date().toISOString().slice(0, 10)}, trouve at ${commit()}: ` +
      `the archive (${plan.documents.toLocaleString('en')} documents) built, then the next day's ` +
      `(${plan.added} added, ${plan.changed} changed, ${plan.deleted} deleted) built into the same output.`,
    '',
    '| | first build | next day\'s build | ratio |',
    '|---|---|---|---|',
    `| time, s | ${first.seconds.toFixed(1)} | ${second.seconds.toFixed(1)} | ×${(second.seconds / first.seconds).toFixed(2)} |`,
    `| peak memory, MB | ${(first.peak_rss_bytes / 1e6).toFixed(0)} | ${(second.peak_rss_bytes / 1e6).toFixed(0)} | ×${(second.peak_rss_bytes / first.peak_rss_bytes).toFixed(2)} |`,
    '',
    `Of the first output's ${kept.files} files (${mb(kept.bytes)}, precompressed twins included), the next day's keeps ` +
      `${kept.keptFiles} under the same name with the same bytes: **${pct(kept.keptBytes, kept.bytes)} of the bytes**. ` +
      `It writes ${mb(kept.newBytes)} of new files (${kept.filesAfter} files in all).`,
    '',
    `A returning visitor who searched the same query the day before (its pieces cached by file name and place) ` +
      `fetches the new root (${kb(queries.root)}) and:`,
    '',
    '| query | pieces read to the first results | of which fetched again |',
    '|---|---|---|',
    ...queries.rows.map((r) => `| «${r.q}» | ${r.pieces}, ${kb(r.read)} | ${r.piecesAgain}, ${kb(r.again)} (${pct(r.again, r.read || 1)}) |`),
    '',
    `Median fetched again: ${kb(median(queries.rows.map((r) => r.again)))} of ${kb(median(queries.rows.map((r) => r.read)))} read.`,
    '',
  ];
  return lines.join('\n');
}

function commit() {
  try {
    return run('git', ['-C', path.dirname(BENCH), 'rev-parse', '--short', 'HEAD']).trim();
  } catch {
    return 'unknown';
  }
}

