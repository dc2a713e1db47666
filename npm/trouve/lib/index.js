// Trouve's Node API: add pages, Markdown files, records and folders, then
// write the browser bundle. The documents are staged in a temporary folder,
// which the native `trouve build` then indexes, as from the terminal.

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import {
  appendFile,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  realpath,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findBinary } from './binary.js';
import { compileGlob } from './glob.js';

export { findBinary as binaryPath };

/** The languages `trouve build --lang` takes. */
export const LANGUAGES = Object.freeze([
  'fr', 'en', 'de', 'es', 'it', 'pt', 'nl', 'da', 'sv', 'no', 'fi', 'hu', 'ro', 'tr', 'none',
]);
const LAYOUTS = ['auto', 'single', 'split'];
/** The extensions `trouve build` reads, lowercase. */
const READABLE = ['txt', 'md', 'markdown', 'html', 'htm', 'json', 'jsonl'];
/** Where addRecord's records are staged. */
const RECORDS = 'records.jsonl';

/**
 * A new, empty index. `lang`, `layout`, `url` and `bundle` are the options
 * of `trouve build` (`--lang`, `--layout`, `--url`, `--no-bundle`).
 */
export async function createIndex(options = {}) {
  const { lang, layout = 'auto', url = '/{path}', bundle = true } = checkOptions(
    'createIndex',
    options,
    ['lang', 'layout', 'url', 'bundle'],
  );
  if (lang !== undefined && !LANGUAGES.includes(lang)) {
    throw new TypeError(
      `createIndex: lang ${JSON.stringify(lang)} is not one Trouve has; use one of ${LANGUAGES.join(', ')}`,
    );
  }
  if (!LAYOUTS.includes(layout)) {
    throw new TypeError(
      `createIndex: layout ${JSON.stringify(layout)} is none of ${LAYOUTS.join(', ')}`,
    );
  }
  if (typeof url !== 'string' || url === '') {
    throw new TypeError('createIndex: url must be a non-empty string, such as "/{path}"');
  }
  if (typeof bundle !== 'boolean') {
    throw new TypeError('createIndex: bundle must be true or false');
  }
  // Found now, so that a missing binary is said before anything is staged.
  const binary = findBinary();
  return new TrouveIndex(binary, { lang, layout, url, bundle });
}

class TrouveIndex {
  #binary;
  #options;
  /** The staging folder, once something was added. */
  #staging = null;
  /** Staged paths, lowercase (macOS and Windows ignore case), to the path as given. */
  #paths = new Map();
  #recordIds = new Set();
  /** Every change to the staging folder runs after the one before. */
  #queue = Promise.resolve();
  /** Why the index takes no more documents, once written or discarded. */
  #closed = null;

  constructor(binary, options) {
    this.#binary = binary;
    this.#options = options;
  }

  /** Adds an HTML page: `path` is where it is on the site, e.g. `blog/post.html`. */
  addHTMLFile(file) {
    return this.#addFile('addHTMLFile', file, ['html', 'htm']);
  }

  /** Adds a Markdown file (front matter allowed): `path` as in the site, e.g. `docs/intro.md`. */
  addMarkdownFile(file) {
    return this.#addFile('addMarkdownFile', file, ['md', 'markdown']);
  }

  #addFile(method, file, extensions) {
    return this.#change(method, () => {
      const { path, content } = checkOptions(method, file, ['path', 'content'], ['path', 'content']);
      const staged = sitePath(method, path, extensions);
      if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
        throw new TypeError(`${method}: content must be a string or a Uint8Array`);
      }
      this.#claim(method, staged);
      return async (staging) => {
        const target = join(staging, ...staged.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content, { flag: 'wx' });
      };
    });
  }

  /** Adds a record: `{ id, title, body, url, date }`, as a line of a .jsonl file. */
  addRecord(record) {
    return this.#change('addRecord', () => {
      const { id, title, body, url, date } = checkOptions(
        'addRecord',
        record,
        ['id', 'title', 'body', 'url', 'date'],
      );
      const line = {};
      if (id !== undefined) {
        if (!(typeof id === 'string' && id !== '') && !Number.isFinite(id)) {
          throw new TypeError('addRecord: id must be a non-empty string or a number');
        }
        const key = String(id);
        if (this.#recordIds.has(key)) {
          throw new Error(`addRecord: a record with id ${JSON.stringify(key)} was added already`);
        }
        line.id = id;
      }
      for (const [name, value] of [['title', title], ['body', body], ['url', url]]) {
        if (value !== undefined && typeof value !== 'string') {
          throw new TypeError(`addRecord: ${name} must be a string`);
        }
        if (value !== undefined) line[name] = value;
      }
      if (!title?.trim() && !body?.trim()) {
        throw new TypeError('addRecord: a record needs a title or a body');
      }
      // No body is meant: said so, the build does not warn about a body
      // field it cannot find.
      line.body ??= '';
      if (date !== undefined) line.date = recordDate(date);
      if (!url) {
        const template = this.#options.url;
        if (!(template.includes('{id}') && !template.includes('{path}'))) {
          throw new TypeError(
            'addRecord: give the record a url, or create the index with a url template ' +
              `made with {id} alone (such as "/posts/{id}"); with "${template}" its link ` +
              `would name ${RECORDS}, the file records are staged in`,
          );
        }
        if (id === undefined) {
          throw new TypeError('addRecord: a record without a url needs an id, for the url template');
        }
      }
      if (id !== undefined) this.#recordIds.add(String(id));
      if (!this.#paths.has(RECORDS)) this.#claim('addRecord', RECORDS);
      const text = `${JSON.stringify(line)}\n`;
      return (staging) => appendFile(join(staging, RECORDS), text);
    });
  }

  /**
   * Adds the files of a folder Trouve reads, at their paths in it: as
   * `trouve build` chooses them (a folder with HTML pages is a built site:
   * only its HTML), or those `glob` matches; `exclude` leaves files and
   * folders out. Resolves to `{ files }`, the paths added.
   */
  addDirectory(directory) {
    return this.#change('addDirectory', () => {
      const { path, glob, exclude } = checkOptions(
        'addDirectory',
        directory,
        ['path', 'glob', 'exclude'],
        ['path'],
      );
      if (typeof path !== 'string' || path === '') {
        throw new TypeError('addDirectory: path must be a non-empty string');
      }
      const globs = patterns('addDirectory: glob', glob);
      const excludes = patterns('addDirectory: exclude', exclude);
      const folder = resolve(path);
      return async (staging) => {
        const found = await readableFiles(folder, excludes);
        let chosen;
        if (globs.length > 0) {
          chosen = found.filter((file) => globs.some((re) => re.test(file)));
        } else if (found.some(isPage)) {
          chosen = found.filter(isPage);
        } else {
          chosen = found;
        }
        if (chosen.length === 0) {
          const which = globs.length > 0 ? `that glob ${[glob].flat().join(', ')} matches` : 'that Trouve reads';
          throw new Error(`addDirectory: no file in ${folder} ${which} (.${READABLE.join(' .')})`);
        }
        chosen.sort();
        for (const file of chosen) {
          const taken = this.#paths.get(file.toLowerCase());
          if (taken !== undefined) {
            throw new Error(
              `addDirectory: ${join(folder, file)} would be staged as ${file}, which was added already` +
                (taken === file ? '' : ` as ${taken}`),
            );
          }
        }
        for (const file of chosen) this.#paths.set(file.toLowerCase(), file);
        for (const file of chosen) {
          const target = join(staging, ...file.split('/'));
          await mkdir(dirname(target), { recursive: true });
          await copyFile(join(folder, ...file.split('/')), target);
        }
        return { files: chosen };
      };
    });
  }

  /**
   * Builds the index of everything added and writes the bundle into
   * `outputPath`, as `trouve build` does; then removes the staged files:
   * the index takes no more documents. Resolves to `{ files, log }`: the
   * files written (paths in `outputPath`, `/` between names) and what
   * the build printed.
   */
  async writeFiles(options) {
    const { outputPath } = checkOptions('writeFiles', options, ['outputPath'], ['outputPath']);
    if (typeof outputPath !== 'string' || outputPath === '') {
      throw new TypeError('writeFiles: outputPath must be a non-empty string');
    }
    this.#checkOpen('writeFiles');
    this.#closed = 'written (writeFiles)';
    const out = resolve(outputPath);
    // After whatever was still being added is staged, or failed; and
    // before a discard() removes the staging folder.
    const done = this.#queue.then(() => this.#build(out));
    this.#queue = done.then(
      () => {},
      () => {},
    );
    return done;
  }

  async #build(out) {
    const staging = this.#staging;
    try {
      if (staging === null || this.#paths.size === 0) {
        throw new Error('writeFiles: nothing to index: add pages, Markdown files, records or folders first');
      }
      const before = await listFiles(out);
      const args = ['build', staging, '--out', out, '--glob', '**', `--url=${this.#options.url}`];
      args.push(`--layout=${this.#options.layout}`);
      if (this.#options.lang !== undefined) args.push(`--lang=${this.#options.lang}`);
      if (!this.#options.bundle) args.push('--no-bundle');
      const { stdout, stderr } = await run(this.#binary, args);
      const after = await listFiles(out);
      const files = [...after]
        .filter(([file, id]) => before.get(file) !== id)
        .map(([file]) => file)
        .sort();
      return { files, log: stderr + stdout };
    } finally {
      await this.#removeStaging();
    }
  }

  /** Removes the staged files without writing anything: the index takes no more documents. */
  async discard() {
    if (this.#closed === null) this.#closed = 'discarded';
    await this.#queue;
    await this.#removeStaging();
  }

  /**
   * Runs `prepare` now (it checks the arguments and returns the change to
   * make), then the change, once the ones before it are done.
   */
  #change(method, prepare) {
    try {
      this.#checkOpen(method);
      const change = prepare();
      const done = this.#queue.then(async () => {
        if (this.#staging === null) {
          this.#staging = await mkdtemp(join(tmpdir(), 'trouve-index-'));
          staged.add(this.#staging);
        }
        return change(this.#staging);
      });
      this.#queue = done.then(
        () => {},
        () => {},
      );
      return done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #checkOpen(method) {
    if (this.#closed !== null) {
      throw new Error(`${method}: this index was ${this.#closed}; createIndex makes another`);
    }
  }

  #claim(method, path) {
    const taken = this.#paths.get(path.toLowerCase());
    if (taken !== undefined) {
      const why = path === RECORDS ? `, the file addRecord stages records in` : '';
      throw new Error(
        `${method}: ${path} was added already${taken === path ? '' : ` (as ${taken})`}${why}`,
      );
    }
    this.#paths.set(path.toLowerCase(), path);
  }

  async #removeStaging() {
    const staging = this.#staging;
    if (staging === null) return;
    this.#staging = null;
    staged.delete(staging);
    await rm(staging, { recursive: true, force: true });
  }
}

/** Staging folders not removed yet: removed when the process exits, whatever happened. */
const staged = new Set();
process.on('exit', () => {
  for (const folder of staged) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Left in the temporary folder.
    }
  }
});

/** `given`, if it is an object with no option but `allowed` and every one of `required`. */
function checkOptions(method, given, allowed, required = []) {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError(`${method}: expected an object with ${allowed.join(', ')}`);
  }
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `${method}: unknown option ${JSON.stringify(key)}; it takes ${allowed.join(', ')}`,
      );
    }
  }
  for (const key of required) {
    if (given[key] === undefined) throw new TypeError(`${method}: ${key} is required`);
  }
  return given;
}

/** A relative path on the site, with `/` between names, ending in one of `extensions`. */
function sitePath(method, path, extensions) {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`${method}: path must be a non-empty string, such as "blog/post.${extensions[0]}"`);
  }
  let p = path.replaceAll('\\', '/');
  while (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) {
    throw new TypeError(
      `${method}: path ${JSON.stringify(path)} must be relative: where the file is on the site, such as "blog/post.${extensions[0]}"`,
    );
  }
  for (const name of p.split('/')) {
    if (name === '' || name === '.' || name === '..') {
      throw new TypeError(`${method}: path ${JSON.stringify(path)} has an empty, . or .. name in it`);
    }
    if (name.startsWith('.')) {
      throw new TypeError(
        `${method}: path ${JSON.stringify(path)} has a hidden name (${name}), which trouve build passes over`,
      );
    }
  }
  const extension = p.includes('.') ? p.slice(p.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!extensions.includes(extension)) {
    throw new TypeError(
      `${method}: path ${JSON.stringify(path)} must end in ${extensions.map((e) => `.${e}`).join(' or ')}`,
    );
  }
  return p;
}

/** A record's date as `trouve build` reads it: YYYY, YYYY-MM or YYYY-MM-DD (or an ISO timestamp). */
function recordDate(date) {
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw new TypeError('addRecord: date is an invalid Date');
    return date.toISOString().slice(0, 10);
  }
  if (typeof date !== 'string' || !/^\d{4}([-/.]\d{1,2}([-/.]\d{1,2})?)?([T ].*)?$/.test(date.trim())) {
    throw new TypeError(
      `addRecord: date ${JSON.stringify(date)} is not a date: give a Date, or YYYY, YYYY-MM or YYYY-MM-DD`,
    );
  }
  return date;
}

function patterns(option, given) {
  if (given === undefined) return [];
  const list = Array.isArray(given) ? given : [given];
  return list.map((pattern) => {
    if (typeof pattern !== 'string' || pattern === '') {
      throw new TypeError(`${option} must be a pattern or an array of patterns`);
    }
    return compileGlob(pattern, option);
  });
}

function isPage(file) {
  return /\.html?$/i.test(file);
}

/**
 * The files of `folder` that Trouve reads, as paths relative to it with `/`
 * between names: not hidden, not excluded, not through links to folders or
 * out of the folder.
 */
async function readableFiles(folder, excludes) {
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    throw new Error(`addDirectory: cannot read ${folder}: ${error.code ?? error.message}`);
  }
  if (!info.isDirectory()) throw new Error(`addDirectory: ${folder} is not a folder`);
  const root = await realpath(folder);
  const files = [];
  const walk = async (dir, prefix) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // An unreadable subfolder is passed over, as trouve build does.
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = prefix + entry.name;
      if (excludes.some((re) => re.test(rel))) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full, `${rel}/`);
        continue;
      }
      const extension = entry.name.includes('.')
        ? entry.name.slice(entry.name.lastIndexOf('.') + 1).toLowerCase()
        : '';
      if (!READABLE.includes(extension)) continue;
      if (entry.isFile()) {
        files.push(rel);
      } else if (entry.isSymbolicLink()) {
        try {
          const target = await realpath(full);
          if ((target + sep).startsWith(root + sep) && (await stat(target)).isFile()) files.push(rel);
        } catch {
          // A link to nothing.
        }
      }
    }
  };
  await walk(folder, '');
  return files;
}

/**
 * The files in `folder` and its subfolders, not hidden, each with what
 * tells a rewritten file apart (a build writes each file anew, then renames
 * it into place).
 */
async function listFiles(folder) {
  const files = new Map();
  const walk = async (dir, prefix) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full, `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        const info = await lstat(full, { bigint: true });
        files.set(`${prefix}${entry.name}`, `${info.ino}:${info.mtimeNs}:${info.size}`);
      }
    }
  };
  if (existsSync(folder)) await walk(folder, '');
  return files;
}

/** Runs the binary; rejects with an Error carrying its stderr if it fails. */
function run(binary, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', (error) => {
      reject(Object.assign(new Error(`trouve: cannot run ${binary}: ${error.message}`), { cause: error }));
    });
    child.on('close', (code, signal) => {
      const out = Buffer.concat(stdout).toString();
      const err = Buffer.concat(stderr).toString();
      if (code === 0) {
        resolvePromise({ stdout: out, stderr: err });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `failed (exit code ${code})`;
      const error = new Error(`trouve build ${how}${err.trim() ? `:\n${err.trim()}` : ''}`);
      Object.assign(error, { stderr: err, stdout: out, exitCode: code, signal });
      reject(error);
    });
  });
}
