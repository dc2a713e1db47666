#!/usr/bin/env node
// What the browser downloads, and where the engine's bytes go.
//
//   node bench/size.mjs                     the report, from prebuilt/
//   node bench/size.mjs --names FILE.wasm   also break FILE (an engine
//                                           optimized with its name section
//                                           kept, as `.ci/prebuild` leaves in
//                                           target/prebuild-work/) down by
//                                           crate and by function
//   node bench/size.mjs --compare OLD.wasm NEW.wasm
//                                           the functions whose bodies grew
//                                           or shrank from one named engine
//                                           to the other (two builds of
//                                           .ci/prebuild), largest change first
//   node bench/size.mjs --check             fail when a file is over its
//                                           budget in bench/size-budget.json
//   node bench/size.mjs --markdown          the README's table
//
// Sizes are gzip -9 and brotli -q 11 through node's zlib, the encodings a
// static host applies. The breakdown reads the module's sections directly
// (twiggy 0.7 cannot parse wasm-opt's output): each function's body size
// in the code section, named by the name section, grouped by the first
// crate in its path.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { functionBodies, functionNames, sections } from '../.ci/wasm-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prebuilt = join(root, 'prebuilt');
const budgetFile = join(root, 'bench', 'size-budget.json');

export function encoded(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** The files every first visit downloads before any index byte. */
export function shippedFiles() {
  const languages = readFileSync(join(prebuilt, 'inputs'), 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name && !['glue', 'widget'].includes(name));
  const files = {
    'trouve.js': join(prebuilt, 'widget', 'trouve.js'),
    'trouve-engine.js': join(prebuilt, 'engine', 'trouve-engine.js'),
  };
  for (const lang of languages.sort()) files[`${lang}.wasm`] = join(prebuilt, 'engine', `${lang}.wasm`);
  return Object.fromEntries(Object.entries(files).map(([name, path]) => [name, encoded(readFileSync(path))]));
}

// ---- the module's sections ----

/** Each function's body size with its name, and the size of every section. */
export function breakdown(bytes) {
  const all = sections(bytes);
  const names = functionNames(bytes, all);
  const functions = functionBodies(bytes, all).map(({ index, size }) => ({ name: names.get(index) ?? `function ${index}`, size }));
  return { sections: all.map(({ label, start, end }) => ({ label, size: end - start })), functions };
}

const CRATES = [
  'trouve', 'fst', 'rust_stemmers', 'serde_core', 'serde', 'wasm_bindgen', 'js_sys',
  'hashbrown', 'dlmalloc', 'lol_alloc', 'talc', 'alloc', 'core', 'std', 'compiler_builtins',
];

/** The first crate named in a (demangled) Rust path: `<char as core::fmt::Debug>::fmt` is core's. */
export function crateOf(name) {
  const words = name.match(/[A-Za-z_][A-Za-z0-9_]*(?=(\[[0-9a-f]+\])?::)/g) ?? [];
  for (const word of words) if (CRATES.includes(word)) return word;
  if (/^(engine|__wbg|__wbindgen)/.test(name)) return 'wasm-bindgen exports';
  if (/^(memcpy|memset|memmove|memcmp)/.test(name)) return 'compiler_builtins';
  return 'other';
}

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function kb(bytes) {
  return (bytes / 1000).toFixed(1);
}

function report(namesFile) {
  const files = shippedFiles();
  console.log('What a first visit downloads before any index byte (KB):\n');
  console.log(table(Object.entries(files).map(([name, s]) => [name, kb(s.raw), kb(s.gzip), kb(s.brotli)]), ['file', 'raw', 'gzip', 'brotli']));
  if (!namesFile) return;
  const { sections, functions } = breakdown(readFileSync(namesFile));
  const code = functions.reduce((sum, f) => sum + f.size, 0);
  console.log(`\nSections of ${namesFile} (bytes):\n`);
  console.log(table(sections.map((s) => [s.label, s.size]), ['section', 'bytes']));
  const crates = new Map();
  for (const f of functions) {
    const crate = crateOf(f.name);
    const entry = crates.get(crate) ?? { size: 0, count: 0 };
    entry.size += f.size;
    entry.count++;
    crates.set(crate, entry);
  }
  console.log('\nCode by crate (bytes of function bodies, before compression):\n');
  const byCrate = [...crates].sort((a, b) => b[1].size - a[1].size);
  console.log(table(byCrate.map(([crate, e]) => [crate, e.count, e.size, `${((100 * e.size) / code).toFixed(1)}%`]), ['crate', 'functions', 'bytes', 'share']));
  console.log('\nThe 40 largest functions:\n');
  const largest = [...functions].sort((a, b) => b.size - a.size).slice(0, 40);
  console.log(table(largest.map((f) => [stableName(f.name).slice(0, 100), f.size]), ['function', 'bytes']));
}

/** A function's name without its hash, the same in two builds. */
function stableName(name) {
  return name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '');
}

/** Bytes of function bodies by name, functions of one name added up. */
function bodiesByName(file) {
  const sizes = new Map();
  for (const f of breakdown(readFileSync(file)).functions) {
    const name = stableName(f.name);
    sizes.set(name, (sizes.get(name) ?? 0) + f.size);
  }
  return sizes;
}

/** Where two named engines differ, function by function: what a change cost. */
function compare(oldFile, newFile) {
  const before = bodiesByName(oldFile), after = bodiesByName(newFile);
  const rows = [...new Set([...before.keys(), ...after.keys()])]
    .map((name) => [name, before.get(name) ?? 0, after.get(name) ?? 0])
    .filter(([, a, b]) => a !== b)
    .sort((x, y) => Math.abs(y[2] - y[1]) - Math.abs(x[2] - x[1]));
  const total = rows.reduce((sum, [, a, b]) => sum + b - a, 0);
  console.log(`Function bodies, ${oldFile} → ${newFile}: ${total >= 0 ? '+' : ''}${total} bytes before compression\n`);
  const signed = (n) => (n > 0 ? `+${n}` : String(n));
  console.log(table(rows.slice(0, 40).map(([name, a, b]) => [name.slice(0, 100), a, b, signed(b - a)]), ['function', 'before', 'after', 'change']));
}

/** The gzipped size of the largest of `files` whose name `chosen` accepts (-Infinity: none). */
function largest(files, chosen) {
  return Math.max(...Object.entries(files).filter(([name]) => chosen(name)).map(([, s]) => s.gzip));
}

/** Fails (exit 1) for every file over its budget. */
function check() {
  const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
  const files = shippedFiles();
  const failures = [];
  const measured = {
    engine: largest(files, (n) => n.endsWith('.wasm') && !n.endsWith('-filters.wasm')),
    'engine-filters': largest(files, (n) => n.endsWith('-filters.wasm')),
    script: files['trouve.js'].gzip + files['trouve-engine.js'].gzip,
  };
  for (const [key, { gzipBytes }] of Object.entries(budget.budgets)) {
    const size = measured[key];
    if (size === undefined) failures.push(`bench/size-budget.json: unknown budget "${key}"`);
    else if (size === -Infinity) failures.push(`${key}: no such file in prebuilt/ (run bash .ci/prebuild)`);
    else if (size > gzipBytes) failures.push(`${key}: ${size} B gzipped, over its budget of ${gzipBytes} B`);
    else console.log(`${key}: ${size} B gzipped, within ${gzipBytes} B (${gzipBytes - size} B left)`);
  }
  if (failures.length) {
    for (const failure of failures) console.error(`error: ${failure}`);
    console.error('Shrink it, or raise the budget in bench/size-budget.json and say why.');
    process.exit(1);
  }
}

function markdown() {
  const files = shippedFiles();
  const shown = ['fr.wasm', 'fr-filters.wasm', 'en.wasm', 'none.wasm'];
  const rows = Object.entries(files).filter(([name]) => !name.endsWith('.wasm') || shown.includes(name));
  console.log('| file | raw | gzip | brotli |\n|---|---:|---:|---:|');
  for (const [name, s] of rows) console.log(`| \`${name}\` | ${kb(s.raw)} KB | ${kb(s.gzip)} KB | ${kb(s.brotli)} KB |`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const compared = args.indexOf('--compare');
  if (compared >= 0) compare(args[compared + 1], args[compared + 2]);
  else if (args.includes('--check')) check();
  else if (args.includes('--markdown')) markdown();
  else {
    const at = args.indexOf('--names');
    report(at >= 0 ? args[at + 1] : null);
  }
}
