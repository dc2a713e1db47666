// .ci/snip-panics.mjs on a module written here: the functions where Rust
// panics start trap, every other function is untouched, and the numbering
// after imported functions is respected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snipPanics } from '../../.ci/snip-panics.mjs';
import { leb } from '../../.ci/wasm-binary.mjs';

const name = (text) => [...leb(Buffer.byteLength(text)), ...Buffer.from(text)];
const section = (id, payload) => [id, ...leb(payload.length), ...payload];
const vector = (items) => [...leb(items.length), ...items.flat()];

/**
 * A module importing `env.f`, then defining one function per name, the nth
 * returning n, exported as fN; with a name section unless `stripped`.
 */
function moduleOf(names, { stripped = false } = {}) {
  const returnsI32 = [0x60, 0x00, 0x01, 0x7f];
  const own = names.map((_, n) => n + 1); // after the import
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([returnsI32])),
    ...section(2, vector([[...name('env'), ...name('f'), 0x00, 0x00]])),
    ...section(3, vector(names.map(() => [0x00]))),
    ...section(7, vector(own.map((index) => [...name(`f${index}`), 0x00, index]))),
    ...section(10, vector(own.map((index) => [0x04, 0x00, 0x41, index, 0x0b]))),
    ...(stripped ? [] : section(0, [...name('name'), ...section(1, vector([[0x00, ...name('env.f')], ...own.map((index, n) => [index, ...name(names[n])])]))])),
  ]);
}

test('the functions where panics start trap, and no other', async () => {
  const names = [
    'trouve::search::run',
    'core[c5930c85a12de822]::panicking::panic_fmt',
    'core::panicking::panic_bounds_check',
    'core[1]::str::slice_error_fail',
    'std[a543996e6e7dbf1e]::panicking::begin_panic::<&str>',
    'core::option::unwrap_failed',
    '<char as core[c5930c85a12de822]::fmt::Debug>::fmt',
    '<core::ops::range::Range<usize> as core::fmt::Debug>::fmt',
    'core::fmt::write',
    '<char as core::fmt::Display>::fmt',
    '<core::ops::range::Range<u32> as core::fmt::Debug>::fmt',
    'my_crate::panicking::helper',
  ];
  const { bytes, snipped } = snipPanics(moduleOf(names));
  assert.deepEqual(snipped, names.slice(1, 8));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { f: () => 0 } });
  names.forEach((_, n) => {
    const call = instance.exports[`f${n + 1}`];
    if (n >= 1 && n <= 7) assert.throws(call, WebAssembly.RuntimeError, names[n]);
    else assert.equal(call(), n + 1, names[n]);
  });
});

test('a module without names is refused', () => {
  assert.throws(() => snipPanics(moduleOf(['core::panicking::panic'], { stripped: true })), /no function names/);
});
