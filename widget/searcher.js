// Trouve's JavaScript API: loads the one-file search module and answers
// queries in the page. The module holds both the engine (Rust compiled to
// WebAssembly) and the index, in a custom section named "trouve.index".
//
// An ES module with no build step: it runs as is in any browser with ES
// modules and WebAssembly. `trouve build` ships it inside trouve.js, with
// the <trouve-search> element, as one minified module (see prebuilt/).

const INDEX_SECTION = 'trouve.index';

/** Downloads and compiles a module, with errors that say what went wrong. */
async function compileModule(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Trouve: cannot download the search module ${url} (${error.message})`);
  }
  if (!response.ok) {
    throw new Error(`Trouve: cannot download the search module ${url} (HTTP ${response.status})`);
  }
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

/** A loaded search index. */
export class Searcher {
  /**
   * Loads the search module (by default the trouve.wasm next to this file).
   * Rejects with an Error that says what is wrong: missing, damaged, or
   * built for another version of Trouve.
   */
  static async load(url = new URL('trouve.wasm', import.meta.url)) {
    const [module] = await Promise.all([compileModule(url), import(new URL('trouve-engine.js', import.meta.url).href)]);
    const searcher = new Searcher(module, url);
    await searcher.#start();
    return searcher;
  }

  #module;
  #url;
  #engine = null;
  #restarting = null;

  /** Use Searcher.load(). */
  constructor(module, url) {
    this.#module = module;
    this.#url = url;
  }

  async #start() {
    const sections = WebAssembly.Module.customSections(this.#module, INDEX_SECTION);
    if (sections.length !== 1) {
      throw new Error(`Trouve: ${this.#url} holds no search index; build it with \`trouve build <CORPUS_DIR> -o <OUT_DIR>\``);
    }
    const glue = await instantiate(this.#module);
    this.#engine = new glue.Engine(new Uint8Array(sections[0]));
  }

  /**
   * Runs `call` on the engine. If the engine crashes (a bug), the page lives
   * on: the call throws, and a fresh engine is started for the next one.
   */
  #use(call) {
    if (!this.#engine) {
      throw new Error('Trouve: the search engine is restarting after an error; try again in a moment');
    }
    try {
      return call(this.#engine);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        this.#engine = null;
        this.#restarting = this.#start().finally(() => { this.#restarting = null; });
        throw new Error(`Trouve: the search engine failed on this query and is restarting (${error.message})`);
      }
      throw error;
    }
  }

  /** Resolves once a crashed engine has been replaced (at once if none). */
  ready() {
    return this.#restarting ?? Promise.resolve();
  }

  /**
   * Searches. Every word is required; the last one is completed while it is
   * being typed; "quoted phrases" match in order; -word excludes.
   * Returns [{id, title, url, date, score, snippet: [{text, highlight}], missing}].
   */
  search(query, { limit = 10, after, before, sort } = {}) {
    return this.#use((engine) => engine.search(String(query ?? ''), limit >>> 0, after || undefined, before || undefined, sort || undefined));
  }

  /** Completions of the word being typed, most frequent first. */
  complete(query, limit = 5) {
    return this.#use((engine) => engine.complete(String(query ?? ''), limit >>> 0));
  }

  /** Every document as {id, title, url, date}, newest first. */
  documents() {
    return this.#use((engine) => engine.documents());
  }

  /** One document as {id, title, url, date, body}, or null. */
  document(id) {
    return this.#use((engine) => engine.document(String(id)));
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
