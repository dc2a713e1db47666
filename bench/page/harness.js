// The bench page: loads one engine through its adapter (engines/<name>.js),
// runs the query from ?q= (and ?filters=, JSON {key: [values]}) as soon as
// the page starts, renders the results the same way for every engine, and
// records when they were in the DOM. The runner (lib/browser.mjs) reads
// window.bench.
// A query is its text, or {q, filters} for a filtered one; only an adapter
// that exports `filters = true` is given filters (the others throw: the
// runner never asks them, lib/browser.mjs).

performance.setResourceTimingBufferSize(100000);
const engine = document.documentElement.dataset.engine;
/// The corpus's language (the page is written per corpus: lib/build.mjs);
/// Pagefind also picks its index by it.
const lang = document.documentElement.lang;
const base = `/_engines/${engine}/`;
const list = document.getElementById('results');

const bench = (window.bench = { engine, ready: false, error: null, first: null });

/// Every engine's results rendered alike: a link with the title, an excerpt
/// when the engine gives one.
function render(results) {
  list.replaceChildren(...results.map((result) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = result.url;
    link.textContent = result.title || result.url;
    item.append(link);
    if (result.excerpt) {
      const excerpt = document.createElement('p');
      excerpt.textContent = result.excerpt;
      item.append(excerpt);
    }
    return item;
  }));
}

/// Bytes of the engine's files the page has received so far (response
/// headers and body as sent, i.e. compressed), from Resource Timing.
function engineTransfer() {
  const entries = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith(base));
  return {
    requests: entries.length,
    transferBytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
    bodyBytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
    files: entries.map((e) => [new URL(e.name).pathname.slice(base.length), e.transferSize]),
  };
}

/// The engine's results for a query: its text, or {q, filters}.
function ask(query, limit, shown) {
  if (typeof query === 'string') return adapter.search(query, limit, shown);
  if (!adapter.filters) throw new Error(`${engine}: this bench's adapter takes no filters`);
  return adapter.search(query.q, limit, shown, query.filters);
}

/// One timed search: the engine's call and the rendering, in milliseconds.
bench.search = async (query, limit = 10) => {
  const started = performance.now();
  const results = await ask(query, limit);
  render(results);
  const ms = performance.now() - started;
  return { ms, urls: results.map((r) => new URL(r.url, location.href).pathname) };
};

/// Many queries, each timed; `passes` times over the list. Chromium's clock
/// ticks every 0.1 ms here, so a query faster than `minMs` is repeated until
/// `minMs` have passed, and the mean of its repetitions is its time.
bench.searchMany = async (queries, passes = 1, limit = 10, minMs = 0) => {
  const out = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const query of queries) {
      const started = performance.now();
      let result, repeats = 0;
      do {
        result = await bench.search(query, limit);
        repeats += 1;
      } while (performance.now() - started < minMs && repeats < 1000);
      out.push({ query, pass, urls: result.urls, repeats, ms: (performance.now() - started) / repeats });
    }
  }
  return out;
};
/// Each query once, untimed, for its results; a query the engine throws on
/// gets no results and its error (one query's failure does not end the
/// list: the known-item queries, lib/known-item.mjs).
bench.searchEach = async (queries, limit = 10) => {
  const out = [];
  for (const query of queries) {
    try {
      const results = await ask(query, limit);
      out.push({ query, urls: results.map((r) => new URL(r.url, location.href).pathname) });
    } catch (error) {
      out.push({ query, urls: [], error: String(error && error.message ? error.message : error) });
    }
  }
  return out;
};
bench.transfer = engineTransfer;

let adapter;
try {
  adapter = await import(`./engines/${engine}.js`);
  await adapter.load(base, lang);
  bench.loadedAt = performance.now();
  const params = new URLSearchParams(location.search);
  const text = params.get('q');
  const filters = params.get('filters') ? JSON.parse(params.get('filters')) : null;
  // A filtered query may have no words (a section browsed).
  const query = filters ? { q: text ?? '', filters } : text;
  if (query) {
    document.querySelector('h1').textContent = `${engine} · ${text ?? ''}${filters ? ` · ${JSON.stringify(filters)}` : ''}`;
    // The first results in the DOM: an engine that shows results early
    // (Trouve on common words of a large site) says so through `shown`,
    // then resolves to its settled results, which replace them.
    const shown = (results) => {
      render(results);
      // Navigation start is performance's time origin.
      bench.first ??= { ms: performance.now(), count: results.length, urls: results.map((r) => new URL(r.url, location.href).pathname), ...engineTransfer() };
    };
    shown(await ask(query, 10, shown));
  }
  bench.ready = true;
} catch (error) {
  bench.error = String(error && error.stack ? error.stack : error);
}
