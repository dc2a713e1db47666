// www/sw.js, the demo's worker, run in Node against a fake worker scope:
// a page or asset it keeps is answered from its cache offline, even when
// the browser no longer lets the event be extended (Firefox may throw
// InvalidStateError from a late waitUntil).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

const source = await readFile(new URL('../../www/sw.js', import.meta.url), 'utf8');
const origin = 'https://example.org/';

function demoWorker({ cached, network, lateWaitUntil }) {
  const listeners = {};
  const stored = new Map(Object.entries(cached).map(([path, body]) => [origin + path, new Response(body)]));
  const cache = {
    match: async (url) => stored.get(url)?.clone(),
    put: async (url, response) => { stored.set(url, response); },
    addAll: async () => {},
  };
  const scope = {
    location: { href: `${origin}sw.js`, origin: new URL(origin).origin },
    addEventListener: (type, listener) => { listeners[type] = listener; },
    importScripts: () => {},
    caches: { open: async () => cache, keys: async () => [] },
    fetch: async (request) => network(request),
    URL, Response, Request, DOMException,
  };
  scope.self = scope;
  vm.runInNewContext(source, scope);
  return {
    /** What the worker answers to a GET of `path`. */
    get(path) {
      let answer;
      let dispatching = true;
      listeners.fetch({
        request: new Request(origin + path),
        respondWith: (promise) => { answer = promise; },
        waitUntil: () => {
          if (!dispatching && lateWaitUntil) throw new DOMException('The event is no longer active', 'InvalidStateError');
        },
      });
      dispatching = false;
      return answer;
    },
  };
}

const offline = async () => { throw new TypeError('NetworkError when attempting to fetch resource.'); };

test('a kept asset answers offline, even when the event can no longer be extended', async () => {
  for (const lateWaitUntil of [false, true]) {
    const sw = demoWorker({ cached: { 'icon.svg': '<svg/>' }, network: offline, lateWaitUntil });
    const response = await sw.get('icon.svg');
    assert.equal(await response.text(), '<svg/>', `late waitUntil refused: ${lateWaitUntil}`);
  }
});
