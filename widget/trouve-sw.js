// Trouve's part of a service worker: after a visit, search keeps working
// with the network gone. Import it from a worker at the site's root, say
// /sw.js, saying where the bundle is,
//     self.TROUVE_BUNDLE = '/trouve/';
//     importScripts('/trouve/trouve-sw.js');
// and register that worker: navigator.serviceWorker.register('/sw.js').
// Not trouve-sw.js itself with { scope: '/' }: browsers refuse a scope above
// the worker's own folder unless the host sends a Service-Worker-Allowed
// header, which static hosts do not. Registered by itself,
// register('/trouve/trouve-sw.js') controls only the pages under /trouve/;
// then it takes over at once (skipWaiting, then clients.claim), so that the
// first visit's page is controlled. Imported, it leaves when to take over
// to the site's worker.
//
// It answers only the requests for the bundle (a site's own fetch handler
// must leave those alone), and every other request to the site's own code
// or to the network. When it installs it keeps what a search needs before
// any query; then:
//
// - trouve-index.json, the entry: from the network when it answers, so a new
//   deploy is seen at once; from the cache when it does not;
// - the engine and the index's pieces (`index/*.trv`, `engine-*.wasm`): their
//   names are hashes of their bytes, so a cached copy is right forever:
//   from the cache, else from the network (and kept); a range request is
//   answered from a cached whole file when there is one;
// - the other files of the bundle (trouve.js, its glue and styles, a single
//   layout's trouve.wasm): from the cache at once, refreshed behind.
//
// `searcher.downloadAll()` fetches every piece whole, and this worker keeps
// them: then every query can be answered offline. A site in several
// languages has each other language's bundle in a folder named by its code
// (`en/trouve-index.json`, `en/index/*.trv`): the same rules hold there, and
// its files are kept as a page of that language fetches them.

(() => {
  // Imported by a site's worker, which then sets where the bundle is.
  const imported = self.TROUVE_BUNDLE !== undefined;
  // A worker's location is its own script's, not an imported one's.
  const bundle = new URL(self.TROUVE_BUNDLE ?? './', self.location.href).href;
  const cacheName = `trouve:${bundle}`;
  const hashed = /^([a-z]{2}\/)?(index\/[0-9a-f]{16}\.trv|engine-[a-z]+-[0-9a-f]{16}\.wasm)$/;
  const entryPath = /^([a-z]{2}\/)?trouve-index\.json$/;

  // No rule ever rejects: a rejected respondWith is an error on the page
  // ("a ServiceWorker intercepted the request and encountered an unexpected
  // error"), even for a preload the page no longer wants. Keeping a copy is
  // done behind the answer, and a failed copy (a body cut short when the page
  // navigates away, a full disk) costs only that copy.
  function keep(event, cache, key, response) {
    event.waitUntil(cache.put(key, response).catch(() => {}));
  }

  /** What the network answers, else a network error, never a rejection. */
  function network(request) {
    return fetch(request).catch(() => Response.error());
  }

  async function fromCacheOrNetwork(event) {
    const { request } = event;
    const cache = await caches.open(cacheName);
    const range = request.headers.get('Range');
    const cached = await cache.match(request.url);
    if (cached) return range ? slice(cached, range) : cached;
    const response = await network(request);
    if (response.status === 200 && !range) keep(event, cache, request.url, response.clone());
    return response;
  }

  /** A 206 answer to `range` (one range, `bytes=a-b`) out of a whole response. */
  async function slice(whole, range) {
    const bytes = new Uint8Array(await whole.arrayBuffer());
    const found = /^bytes=(\d+)-(\d*)$/.exec(range);
    if (!found) return new Response(bytes, { status: 200, headers: whole.headers });
    const start = Number(found[1]);
    const end = found[2] ? Math.min(Number(found[2]), bytes.length - 1) : bytes.length - 1;
    if (start > end) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${bytes.length}` } });
    return new Response(bytes.subarray(start, end + 1), {
      status: 206,
      headers: { 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Type': 'application/octet-stream' },
    });
  }

  async function networkFirst(event) {
    const { request } = event;
    const cache = await caches.open(cacheName);
    const response = await network(request);
    if (response.ok) {
      keep(event, cache, request.url, response.clone());
      return response;
    }
    // Offline, or a host that fails: the entry last seen. A 404 stays one.
    if (response.type !== 'error' && response.status < 500) return response;
    return (await cache.match(request.url)) ?? response;
  }

  async function staleWhileRevalidate(event) {
    const cache = await caches.open(cacheName);
    const key = new URL(event.request.url);
    // A restarted engine loads its glue again with ?instance=n: same file.
    key.search = '';
    const cached = await cache.match(key.href);
    const fresh = network(event.request).then((response) => {
      if (response.ok && response.type === 'basic') keep(event, cache, key.href, response.clone());
      return response;
    });
    if (!cached) return fresh;
    event.waitUntil(fresh);
    return cached;
  }

  /** What a search needs before any query: kept when the worker installs. */
  async function precache() {
    const cache = await caches.open(cacheName);
    const response = await fetch(new URL('trouve-index.json', bundle), { cache: 'no-cache' });
    if (!response.ok) return;
    const entry = await response.clone().json();
    await cache.put(new URL('trouve-index.json', bundle).href, response);
    const files = ['trouve.js', 'trouve-engine.js', 'trouve.css'];
    if (entry.layout === 'single') files.push(entry.module);
    if (entry.layout === 'split') files.push(entry.engine, entry.root);
    await cache.addAll(files.map((file) => new URL(file, bundle).href));
  }

  self.addEventListener('install', (event) => {
    event.waitUntil(imported ? precache() : precache().then(() => self.skipWaiting()));
  });
  if (!imported) self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

  self.addEventListener('fetch', (event) => {
    const { request } = event;
    if (request.method !== 'GET' || !request.url.startsWith(bundle)) return;
    const path = new URL(request.url).pathname.slice(new URL(bundle).pathname.length);
    const rule = entryPath.test(path) ? networkFirst : hashed.test(path) ? fromCacheOrNetwork : staleWhileRevalidate;
    // A cache the browser refuses (some private modes) leaves the network.
    event.respondWith(rule(event).catch(() => network(request)));
  });
})();
