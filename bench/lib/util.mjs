// Paths, logging, processes and file sizes shared by every step of the bench.

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO = path.dirname(BENCH);
export const CACHE = path.join(BENCH, '.cache');
export const NPM_DIR = path.join(CACHE, 'npm');
/// Per corpus: the site root that is served, with the corpus pages at their
/// URL paths, the engines' outputs under /_engines/ and the bench pages under /_bench/.
export const SITES = path.join(CACHE, 'sites');
export const CORPORA = path.join(CACHE, 'corpora');
export const RESULTS = path.join(CACHE, 'results');

export const log = (...args) => console.error('[bench]', ...args);

/// Imports a package installed into bench/.cache/npm (not the repo's node_modules).
export async function importPackage(name) {
  const require = createRequire(path.join(NPM_DIR, 'package.json'));
  const module = await import(pathToFileURL(require.resolve(name)).href);
  // A CommonJS package arrives as one default export: expose its members too.
  const only = Object.keys(module);
  if (only.length === 1 && only[0] === 'default' && module.default && typeof module.default === 'object') {
    return { ...module.default, default: module.default };
  }
  return module;
}

export function packagePath(name, ...rest) {
  return path.join(NPM_DIR, 'node_modules', name, ...rest);
}

export function packageVersion(name) {
  return JSON.parse(fs.readFileSync(packagePath(name, 'package.json'), 'utf8')).version;
}

/// Runs a command to completion, inheriting stderr; throws on failure.
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` exited with ${result.status}\n${result.stdout ?? ''}`);
  }
  return result.stdout ?? '';
}

/// Runs a command and measures its wall time and peak resident memory (the
/// largest of the process and its children, from getrusage), through
/// measure.py: Node cannot read a child's rusage.
/// The command's own output is kept out of the way, and quoted if it fails.
export function measured(command, args, options = {}) {
  const result = spawnSync('python3', [path.join(BENCH, 'lib', 'measure.py'), command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) {
    const said = (result.stderr ?? '').trim().split('\n').filter((l) => !l.startsWith('measure.py:')).slice(-3).join(' / ');
    throw new Error(`${path.basename(command)} failed: ${said || `exit status ${result.status}`}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

/// Starts a long-running process; resolves once `ready` matches its stdout.
export function start(command, args, ready, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start in 20 s: ${seen}`)), 20_000);
    const onData = (chunk) => {
      seen += chunk;
      const match = seen.match(ready);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ child, match });
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => { seen += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${command} exited with ${code}: ${seen}`)); });
  });
}

export function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/// What a static host compresses: the same rule as `trouve serve` and the
/// fallback server (text, JavaScript, JSON, WebAssembly, SVG, XML).
export function compressible(file) {
  return /\.(html?|m?js|css|json|wasm|svg|xml|txt|md|ts)$/i.test(file);
}

/// Number of files, bytes, and bytes once each file is sent the way a static
/// host sends it (gzip level 6 where compressible, as is otherwise).
export function outputSize(dir) {
  return sizeOfFiles(walk(dir));
}

export function sizeOfFiles(list) {
  let files = 0, bytes = 0, gzip = 0;
  for (const file of list) {
    const data = fs.readFileSync(file);
    files += 1;
    bytes += data.length;
    gzip += compressible(file) && data.length > 256 ? zlib.gzipSync(data, { level: 6 }).length : data.length;
  }
  return { files, bytes, gzip };
}

export function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 1) + '\n');
}

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/// Median, min and max of a list of numbers.
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}
