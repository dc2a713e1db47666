// trouve-sw.js's rules, run in Node against a fake worker scope: what each
// answers when the network, the cache or the page misbehave. The browsers'
// own worker lifecycle is tested in tests/e2e/worker.test.mjs and offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

const source = await readFile(new URL('../../widget/trouve-sw.js', import.meta.url), 'utf8');
const bundle = 'https://example.org/trouve/';

/** A worker scope holding trouve-sw.js, with `network` as fetch and a cache whose put may fail. */
function worker({ network, cached = {}, put = 'works', open = 'works' }) {
  const listeners = {};
  const stored = new Map(Object.entries(cached).map(([path, body]) => [bundle + path, new Response(body)]));
  const cache = {
    match: async (url) => stored.get(url)?.clone(),
    put: async (url, response) => {
      if (put === 'fails') throw new DOMException('The body was cut short', 'AbortError');
      stored.set(url, response);
    },
    addAll: async () => {},
  };
  const scope = {
    location: { href: `${bundle}trouve-sw.js` },
    addEventListener: (type, listener) => { listeners[type] = listener; },
    caches: { open: async () => { if (open === 'fails') throw new DOMException('No storage', 'SecurityError'); return cache; } },
    fetch: async (request) => network(request),
    URL, Response, DOMException,
  };
  scope.self = scope;
  vm.runInNewContext(source, scope);
  return {
    stored,
    /** What the worker answers to a GET of `path`, once every waitUntil has settled. */
    async get(path, headers = {}) {
      const extended = [];
      let answer;
      listeners.fetch({
        request: new Request(bundle + path, { headers }),
        respondWith: (promise) => { answer = promise; },
        waitUntil: (promise) => extended.push(promise),
      });
      const response = await answer;
      // A rejected waitUntil would fail the event too: none may reject.
      for (let i = 0; i < extended.length; i++) await extended[i];
      return response;
    },
  };
}

const offline = async () => { throw new TypeError('NetworkError when attempting to fetch resource.'); };
const online = (body) => async () => new Response(body, { status: 200 });

test('a copy the cache fails to keep still answers from the network', async () => {
  for (const path of ['trouve-index.json', 'index/0123456789abcdef.trv', 'trouve.js']) {
    const sw = worker({ network: online('fresh'), put: 'fails' });
    const response = await sw.get(path);
    assert.equal(await response.text(), 'fresh', path);
  }
});

test('the entry comes from the network when it answers, and is kept', async () => {
  const sw = worker({ network: online('new deploy'), cached: { 'trouve-index.json': 'old deploy' } });
  assert.equal(await (await sw.get('trouve-index.json')).text(), 'new deploy');
  assert.equal(await sw.stored.get(`${bundle}trouve-index.json`).text(), 'new deploy');
});

test('offline, or with a failing host, the entry comes from the cache', async () => {
  const failing = async () => new Response('busy', { status: 503 });
  for (const network of [offline, failing]) {
    const sw = worker({ network, cached: { 'trouve-index.json': 'kept' } });
    assert.equal(await (await sw.get('trouve-index.json')).text(), 'kept');
  }
});

test('a missing entry stays missing: a 404 is not hidden by the cache', async () => {
  const sw = worker({ network: async () => new Response('gone', { status: 404 }), cached: { 'trouve-index.json': 'kept' } });
  assert.equal((await sw.get('trouve-index.json')).status, 404);
});

test('offline with nothing kept, every rule answers a network error instead of rejecting', async () => {
  const sw = worker({ network: offline });
  for (const path of ['trouve-index.json', 'index/0123456789abcdef.trv', 'trouve.js']) {
    assert.equal((await sw.get(path)).type, 'error', path);
  }
});

test('a cache the browser refuses leaves the network', async () => {
  const sw = worker({ network: online('fresh'), open: 'fails' });
  assert.equal(await (await sw.get('index/0123456789abcdef.trv')).text(), 'fresh');
});

test('a range of a hashed piece is cut from the whole cached file', async () => {
  const sw = worker({ network: offline, cached: { 'index/0123456789abcdef.trv': 'abcdefghij' } });
  const response = await sw.get('index/0123456789abcdef.trv', { Range: 'bytes=2-5' });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('Content-Range'), 'bytes 2-5/10');
  assert.equal(await response.text(), 'cdef');
});
