// The demo's service worker: after one visit, the archive opens, searches
// and reads offline. The search bundle's own worker (trouve/trouve-sw.js)
// keeps and serves the bundle; this one the demo's pages, from the cache at
// once and refreshed in the background (stale-while-revalidate), so the
// next visit sees a new deploy.

self.TROUVE_BUNDLE = 'trouve/';
importScripts('trouve/trouve-sw.js');

// Bump when the list below or the way it is served changes.
const CACHE = 'trouve-demo-v2';

const FILES = [
  './',
  'index.html',
  'article.html',
  'demo.js',
  'demo.css',
  'icon.svg',
  'manifest.webmanifest',
];

/** Requests for the search bundle are trouve-sw.js's. */
const BUNDLE = new URL(self.TROUVE_BUNDLE, self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('trouve-demo-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/**
 * Every page and asset here is the same whatever its query string
 * (article.html?id=…, trouve-engine.js?instance=2), so it is stored once,
 * under its address without the query.
 */
function cacheKey(request) {
  const url = new URL(request.url);
  url.search = '';
  return url.href;
}

async function refresh(cache, request) {
  const response = await fetch(request);
  if (response.ok && response.type === 'basic' && !response.redirected) await cache.put(cacheKey(request), response.clone());
  return response;
}

async function respond(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(cacheKey(event.request));
  const fresh = refresh(cache, event.request);
  if (!cached) return fresh;
  const refreshed = fresh.catch(() => {});
  // Firefox may refuse to extend an event this late (InvalidStateError),
  // which would fail the answer we have: the refresh then runs on its own.
  try {
    event.waitUntil(refreshed);
  } catch {}
  return cached;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin || request.url.startsWith(BUNDLE)) return;
  event.respondWith(respond(event));
});
