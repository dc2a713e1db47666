// Trouve's JavaScript API: loads a search index and answers queries in the
// page. The engine is Rust compiled to WebAssembly; the index comes in one
// of two layouts, which `trouve-index.json` (the bundle's entry) names:
//
// - single: one module holds the engine and the whole index (in a custom
//   section named "trouve.index"): one download, then everything is local;
// - split: the engine alone, a small root, and piece files that the engine
//   asks for as queries need them. A search asks the engine; when it answers
//   with the pieces it needs, they are fetched (in parallel, each alone with
//   a range request when the host allows it, else out of its whole file),
//   decompressed, handed over, and the search is asked again.
//
// An ES module with no build step: it runs as is in any browser with ES
// modules and WebAssembly. `trouve build` ships it inside trouve.js, with
// the <trouve-search> element, as one minified module (see prebuilt/).

const INDEX_SECTION = 'trouve.index';
const ENTRY = 'trouve-index.json';
/** A question needs at most this many rounds of pieces (words, their heads, records, blocks; then, after an early answer, tails and the records they bring). */
const MAX_ROUNDS = 12;
/**
 * Pieces of one file at most this many bytes apart are fetched by one range
 * request: fewer than a response's headers take (a query's ten records lie
 * close together when the documents do).
 */
const NEAR = 256;

/** A range's bound read as a number (`1 200` too), else NaN: the engine then reads it as a date. */
function boundNumber(bound) {
  if (typeof bound === 'number') return bound;
  const text = String(bound ?? '').replace(/[\s\u00a0\u202f]/g, '');
  return text && Number.isFinite(Number(text)) ? Number(text) : NaN;
}

/**
 * Filters as the engine takes them, flat and joined by NUL: `{section:
 * ['A'], tags: {none: ['b']}}` → 'section␀any␀A␀tags␀none␀b'; and the
 * ranges among them, `{price: {min: 10}}` → 'price␀10␀', with their
 * bounds as numbers, [10, NaN].
 */
function flatFilters(filters = {}) {
  const flat = [];
  const ranges = [];
  const numbers = [];
  for (const [key, wanted] of Object.entries(filters)) {
    const modes = Array.isArray(wanted) || typeof wanted !== 'object' ? { any: [wanted].flat() } : wanted;
    if ('min' in modes || 'max' in modes) {
      const { min = '', max = '', ...rest } = modes;
      checkOptions(rest, []);
      ranges.push(key, String(min ?? ''), String(max ?? ''));
      numbers.push(boundNumber(min), boundNumber(max));
      continue;
    }
    for (const [mode, values] of Object.entries(modes)) {
      for (const value of [values].flat()) flat.push(key, mode, String(value));
    }
  }
  return [flat.join('\0'), ranges.join('\0'), new Float64Array(numbers)];
}

/** An order as the engine takes it: `'date'`, `'price:desc'`, or `{price: 'desc'}`. */
function flatSort(sort) {
  if (sort && typeof sort === 'object') {
    const orders = Object.entries(sort);
    if (orders.length !== 1) throw new Error('Trouve: sort by one field, as {field: "asc" | "desc"}');
    return `${orders[0][0]}:${orders[0][1]}`;
  }
  return sort || undefined;
}

/** Rejects options this version does not know: a misspelled one would be ignored silently. */
function checkOptions(options, known) {
  const unknown = Object.keys(options).find((name) => !known.includes(name));
  if (unknown) throw new Error(`Trouve: unknown option \`${unknown}\` (known: ${known.join(', ')})`);
}

/** Fetches, with errors that say which file failed and why. */
async function download(url, what, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Error(`Trouve: cannot download ${what} ${url} (${error.message})`);
  }
  if (!response.ok) {
    throw new Error(`Trouve: cannot download ${what} ${url} (HTTP ${response.status})`);
  }
  return response;
}

/** Downloads and compiles a module. */
async function compileModule(url) {
  const response = await download(url, 'the search module', undefined);
  try {
    // Streaming compilation needs the application/wasm type; hosts that
    // send another one still work, a little slower.
    const type = response.headers.get('Content-Type') || '';
    return type.startsWith('application/wasm')
      ? await WebAssembly.compileStreaming(response)
      : await WebAssembly.compile(await response.arrayBuffer());
  } catch (error) {
    throw new Error(`Trouve: ${url} is not a valid search module, it may be damaged or cut short (${error.message}); rebuild it with \`trouve build\``);
  }
}

/** Raw DEFLATE, decompressed by the browser. */
async function inflate(bytes) {
  // Written to the stream and read from it directly: through Blobs, each
  // piece waits on the browser's file reading, ten times slower for a
  // query's twenty pieces (measured in Chromium: 37-71 against 3-6 ms).
  // Read by hand: through a Response, every error reads "Failed to fetch".
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Their failures are the reader's to report.
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  for (let out = new Uint8Array(0); ; ) {
    const { done, value } = await reader.read();
    if (done) return out;
    const grown = new Uint8Array(out.length + value.length);
    grown.set(out);
    grown.set(value, out.length);
    out = grown;
  }
}

let glueCopies = 0;

/** A fresh instance of the engine: its own glue module, its own memory. */
async function instantiate(module) {
  // Each import URL is a separate module record with its own instance, so a
  // copy can replace one that crashed. The service worker ignores the query.
  const suffix = glueCopies++ === 0 ? '' : `?instance=${glueCopies}`;
  const glue = await import(new URL(`trouve-engine.js${suffix}`, import.meta.url).href);
  await glue.default({ module_or_path: module });
  return glue;
}

/** Reads a bundle's entry (always asked afresh, so a new deploy is seen). */
async function readEntry(url) {
  const response = await download(url, 'the search index entry', { cache: 'no-cache' });
  try {
    return await response.json();
  } catch (error) {
    throw new Error(`Trouve: ${url} is not a Trouve bundle's entry (${error.message}); rebuild it with \`trouve build\``);
  }
}

/**
 * `bytes`, if they are as many as the index says `what` holds: else
 * inflating them would fail with a message that hides what went wrong.
 */
function checkLength(what, bytes, expected) {
  if (bytes.length === expected) return bytes;
  const problem = bytes.length < expected ? 'cut short' : 'longer than the index says';
  throw new Error(`Trouve: ${what} is ${problem} (${bytes.length} bytes, not ${expected}); upload the index again as \`trouve build\` wrote it`);
}

/** The pieces of a split index's files, fetched once each. */
class Pieces {
  #base;
  #files;
  /** Piece or whole-file downloads under way or done, by key. */
  #fetches = new Map();
  /** Whether the host answers range requests (null until known). */
  #ranges = null;
  /** The first range request, while its answer is awaited. */
  #probe = null;

  constructor(base, files) {
    this.#base = base;
    this.#files = files;
  }

  url(file) {
    // The pieces lie next to the root.
    return new URL(this.#files[file][0], this.#base).href;
  }

  /** The stored bytes of a piece: its range of its file. */
  async #stored([file, offset, length]) {
    const url = this.url(file);
    const [, size] = this.#files[file] ?? [];
    if (size === undefined) throw new Error(`Trouve: the index names a file it does not have (${file})`);
    const whole = offset === 0 && length === size;
    // Until the host is seen to answer a range request, the others wait:
    // a host that ignores ranges would send each of them the whole file.
    while (!whole && this.#ranges === null && this.#probe) await this.#probe;
    if (whole || this.#ranges === false || this.#fetches.has(url)) {
      const bytes = await this.#whole(file);
      return bytes.subarray(offset, offset + length);
    }
    const range = `bytes=${offset}-${offset + length - 1}`;
    const answer = download(url, 'a piece of the search index', { headers: { Range: range } }).then((response) => {
      const ranged = (this.#ranges = response.status === 206);
      const bytes = response.arrayBuffer().then((buffer) => {
        return ranged ? checkLength(`${range.replace('=', ' ')} of ${url}`, new Uint8Array(buffer), length) : checkLength(url, new Uint8Array(buffer), size);
      });
      if (!ranged) {
        // The host sent the whole file: keep it for the file's other pieces.
        this.#fetches.set(url, bytes);
        bytes.catch(() => this.#fetches.delete(url));
      }
      return { ranged, bytes };
    });
    if (this.#ranges === null) {
      const probe = answer.then(() => {}, () => {}).finally(() => {
        if (this.#probe === probe) this.#probe = null;
      });
      this.#probe = probe;
    }
    const { ranged, bytes } = await answer;
    return ranged ? bytes : (await bytes).subarray(offset, offset + length);
  }

  #whole(file) {
    const url = this.url(file);
    let fetching = this.#fetches.get(url);
    if (!fetching) {
      fetching = download(url, 'a file of the search index', undefined).then(async (r) => checkLength(url, new Uint8Array(await r.arrayBuffer()), this.#files[file][1]));
      this.#fetches.set(url, fetching);
      fetching.catch(() => this.#fetches.delete(url));
    }
    return fetching;
  }

  /** Pieces' contents, as piece() gives them; those close together in a file come in one request. */
  pieces(locations) {
    const fresh = locations.filter((location) => !this.#fetches.has(location.join(':'))).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 0, j; i < fresh.length; i = j) {
      const [file, start] = fresh[i];
      let end = start + fresh[i][2];
      for (j = i + 1; j < fresh.length && fresh[j][0] === file && fresh[j][1] - end <= NEAR; j++) end = Math.max(end, fresh[j][1] + fresh[j][2]);
      if (j - i < 2) continue;
      const span = this.#stored([file, start, end - start]);
      for (const [, offset, length] of fresh.slice(i, j)) {
        this.piece([file, offset, length], span.then((bytes) => bytes.subarray(offset - start, offset - start + length)));
      }
    }
    return Promise.all(locations.map((location) => this.piece(location)));
  }

  /** A piece's content, decompressed, with a description for errors; `stored` brings its bytes when they come with others'. */
  piece(location, stored) {
    const key = location.join(':');
    let fetching = this.#fetches.get(key);
    if (!fetching) {
      fetching = (stored ?? this.#stored(location)).then(async (stored) => {
        try {
          return await inflate(stored);
        } catch (error) {
          // Else its file's bad bytes would be kept, and a new try after the
          // host is fixed would fail the same.
          this.#fetches.delete(this.url(location[0]));
          throw new Error(`Trouve: a piece of ${this.url(location[0])} is damaged (${error.message}); rebuild the index with \`trouve build\``);
        }
      });
      this.#fetches.set(key, fetching);
      // A failed piece may be asked for again.
      fetching.catch(() => this.#fetches.delete(key));
    }
    return fetching;
  }

  /**
   * The error for a piece the engine refused, which names its file (the
   * engine's message does not); the piece and its file are forgotten, so
   * that a new try downloads them again.
   */
  refused(location, error) {
    this.#fetches.delete(location.join(':'));
    this.#fetches.delete(this.url(location[0]));
    return new Error(`Trouve: a piece of ${this.url(location[0])} is damaged (${error?.message ?? error})`);
  }

  /** The index's files but the root, [[url, bytes]]. */
  list() {
    return this.#files.slice(1).map(([, bytes], i) => [this.url(i + 1), bytes]);
  }

  /** Downloads every file of the index whole, reporting progress. */
  async all(onProgress) {
    const files = this.#files.map((_, file) => file).filter((file) => file > 0);
    const total = files.reduce((sum, file) => sum + this.#files[file][1], 0);
    let loaded = 0;
    onProgress?.({ loaded, total, files: 0, of: files.length });
    let done = 0;
    await Promise.all(files.map(async (file) => {
      const url = this.url(file);
      // Asked for again even when this page holds the file: it may have
      // come before a service worker controlled the page, and the worker
      // keeps only what passes through it (what it keeps costs nothing).
      if (this.#fetches.has(url)) await (await download(url, 'a file of the search index', undefined)).arrayBuffer();
      else await this.#whole(file);
      loaded += this.#files[file][1];
      done += 1;
      onProgress?.({ loaded, total, files: done, of: files.length });
    }));
    return { files: files.length, bytes: total };
  }
}

/** A loaded search index. */
export class Searcher {
  /**
   * Loads a bundle: by default the one next to this file. `url` may name
   * its entry (`trouve-index.json`) or, for the single layout, its module
   * (`trouve.wasm`). A site in several languages has an index for each:
   * `language` (by default the page's `<html lang>`) picks one, else the
   * site's main language's is loaded. Rejects with an Error that says what
   * is wrong: missing, damaged, or built for another version of Trouve.
   */
  static async load(url = new URL(ENTRY, import.meta.url), { language = document.documentElement.lang } = {}) {
    url = new URL(url, document.baseURI);
    const glue = import(new URL('trouve-engine.js', import.meta.url).href);
    let searcher;
    if (url.pathname.endsWith('.wasm')) {
      searcher = new Searcher({ layout: 'single', module: url.href }, url);
    } else {
      let entry = await readEntry(url);
      // `en` of `en-GB`; every other language's index is in a folder named so.
      const code = String(language || '').split(/[-_]/)[0].toLowerCase().replace(/^n[bn]$/, 'no');
      if (entry.languages?.includes(code) && code !== entry.language) {
        url = new URL(`${code}/${ENTRY}`, url);
        entry = await readEntry(url);
      }
      searcher = new Searcher(entry, url);
    }
    await Promise.all([searcher.#start(), glue]);
    return searcher;
  }

  #entry;
  #base;
  #module = null;
  #root = null;
  #pieces = null;
  #engine = null;
  #restarting = null;
  #crashes = 0;
  /** The last crash, which a call during the restart names as its cause. */
  #crash = null;

  /** Use Searcher.load(). */
  constructor(entry, base) {
    this.#entry = entry;
    this.#base = base;
  }

  /** The bundle's layout: "single" or "split". */
  get layout() {
    return this.#entry.layout;
  }

  async #start() {
    const entry = this.#entry;
    if (entry.layout === 'single') {
      const url = new URL(entry.module, this.#base);
      this.#module ??= await compileModule(url);
      const sections = WebAssembly.Module.customSections(this.#module, INDEX_SECTION);
      if (sections.length !== 1) {
        throw new Error(`Trouve: ${url} holds ${sections.length ? 'more than one' : 'no'} search index; build it with \`trouve build <CORPUS_DIR> -o <OUT_DIR>\``);
      }
      const glue = await instantiate(this.#module);
      this.#engine = new glue.Engine(new Uint8Array(sections[0]));
    } else if (entry.layout === 'split') {
      const rootUrl = new URL(entry.root, this.#base);
      const [module, root] = await Promise.all([
        this.#module ?? compileModule(new URL(entry.engine, this.#base)),
        this.#root ?? download(rootUrl, 'the search index', undefined).then(async (r) => {
          try {
            return await inflate(new Uint8Array(await r.arrayBuffer()));
          } catch (error) {
            throw new Error(`Trouve: ${rootUrl} is damaged (${error.message}); rebuild it with \`trouve build\``);
          }
        }),
      ]);
      this.#module = module;
      this.#root = root;
      const glue = await instantiate(module);
      this.#engine = new glue.Engine(root);
      this.#pieces ??= new Pieces(rootUrl, this.#engine.files());
    } else {
      throw new Error(`Trouve: the bundle's entry names an unknown layout (${entry.layout}); rebuild it with this version of \`trouve build\``);
    }
  }

  /**
   * Runs `call` on the engine. If the engine crashes (a bug), the page lives
   * on: the call throws, and a fresh engine is started for the next one; a
   * split index's pieces are fetched again as they are needed.
   */
  #use(call) {
    if (!this.#engine) {
      throw new Error('Trouve: the search engine is restarting after an error; try again in a moment', { cause: this.#crash });
    }
    try {
      return call(this.#engine);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        this.#engine = null;
        this.#crashes += 1;
        this.#crash = error;
        this.#restarting = this.#start().finally(() => { this.#restarting = null; });
        const failure = new Error(`Trouve: the search engine failed on this query and is restarting (${error.message})`, { cause: error });
        failure.restarted = this.#restarting;
        throw failure;
      }
      throw error;
    }
  }

  /** How many times the engine crashed and was restarted. */
  get crashes() {
    return this.#crashes;
  }

  /**
   * Asks the engine until its answer needs no more pieces. An early answer
   * (`{early, settle}`) goes to `onEarly` while the pieces that settle it
   * are fetched.
   */
  async #ask(call, onEarly) {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // A query typed while a crashed engine restarts waits for the new one.
      if (this.#restarting) await this.#restarting;
      const answer = this.#use(call);
      if (!answer) return answer;
      const early = Array.isArray(answer.settle);
      if (!early && !Array.isArray(answer.need)) return answer;
      if (early) onEarly(answer.early);
      const wanted = early ? answer.settle : answer.need;
      const pieces = await this.#pieces.pieces(wanted);
      this.#use((engine) => {
        wanted.forEach((location, i) => {
          try {
            engine.addPiece(location[0], location[1], location[2], pieces[i]);
          } catch (error) {
            if (error instanceof WebAssembly.RuntimeError) throw error;
            throw this.#pieces.refused(location, error);
          }
        });
      });
    }
    throw new Error('Trouve: the search index keeps asking for pieces it was given; it may be damaged');
  }

  /**
   * Searches. Every word is required; the last one is completed while it is
   * being typed; "quoted phrases" match in order; -word excludes.
   * Resolves to [{id, title, url, date, meta, score, snippet: [{text, highlight}], missing,
   * sections: [{heading, url, snippet}]}]. `filters` take values, `{any,
   * all, none}` lists, or for a number field `{min, max}` (both included);
   * `sort` is 'relevance', 'date', a number field ('price', 'price:desc')
   * or `{price: 'desc'}`.
   * With `onEarly(hits)`, a split index whose common words' heads cannot
   * settle the ranking calls it first with the results from the heads (the
   * documents where the words weigh most, each with every word), then
   * fetches the tails and resolves to the settled results.
   */
  search(query, options = {}) {
    const { limit = 10, after, before, sort, filters, onEarly } = options;
    let flat, ranges, numbers, order;
    try {
      checkOptions(options, ['limit', 'after', 'before', 'sort', 'filters', 'onEarly']);
      [flat, ranges, numbers] = flatFilters(filters);
      order = flatSort(sort);
    } catch (error) {
      return Promise.reject(error);
    }
    const early = typeof onEarly === 'function';
    return this.#ask(
      (engine) => engine.search(String(query ?? ''), limit >>> 0, after || undefined, before || undefined, order, early, flat, ranges, numbers),
      (hits) => {
        try {
          onEarly(hits);
        } catch (error) {
          // The caller's bug must not lose the settled answer.
          console.error(error);
        }
      },
    );
  }

  /**
   * For each filter key, how many of the documents `query` finds (with the
   * options' dates, filters and ranges) hold each value: `{section: {Politique: 12,
   * Sport: 0}}`. With an empty query, of all the documents the options
   * admit; with no options either, the counts the index holds, with
   * nothing to fetch.
   */
  async facets(query, options = {}) {
    checkOptions(options, ['after', 'before', 'filters']);
    const { after, before, filters } = options;
    const [flat, ranges, numbers] = flatFilters(filters);
    const facets = await this.#ask((engine) => engine.facets(String(query ?? ''), after || undefined, before || undefined, flat, ranges, numbers));
    return Object.fromEntries(facets.map(([key, values]) => [key, Object.fromEntries(values)]));
  }

  /**
   * The query as the documents spell it, when some of its words were found
   * only through a typo, or not at all: `[]` or `[respelled]`.
   */
  suggest(query) {
    return this.#ask((engine) => engine.suggest(String(query ?? '')));
  }

  /** Completions of the word being typed, most frequent first. */
  complete(query, limit = 5) {
    return this.#ask((engine) => engine.complete(String(query ?? ''), limit >>> 0));
  }

  /** Every document as {id, title, url, date}, newest first. */
  documents() {
    return this.#ask((engine) => engine.documents());
  }

  /** One document as {id, title, url, date, body}, or null. */
  document(id) {
    return this.#ask((engine) => engine.document(String(id)));
  }

  /**
   * Downloads the whole index, so that every query can be answered offline
   * (with a service worker that keeps what passes: see sw.js). Resolves to
   * {files, bytes}; `onProgress({loaded, total, files, of})` follows it.
   * A single-layout index is whole already.
   */
  async downloadAll({ onProgress } = {}) {
    if (!this.#pieces) {
      onProgress?.({ loaded: 0, total: 0, files: 0, of: 0 });
      return { files: 0, bytes: 0 };
    }
    return this.#pieces.all(onProgress);
  }

  /**
   * Every file the index may need, [[url, bytes]] (a manifest for a
   * service worker or a precache list); the root, engine and glue aside.
   */
  files() {
    return this.#pieces ? this.#pieces.list() : [];
  }

  /** Number of documents. */
  get documentCount() {
    return this.#use((engine) => engine.documentCount);
  }

  /** The index's language code, e.g. "fr". */
  get language() {
    return this.#use((engine) => engine.language);
  }
}
