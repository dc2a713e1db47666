// .ci/snip-panics.mjs on a module written here: the functions where Rust
// panics start trap, every other function is untouched, and the numbering
// after imported functions is respected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snipFormatters, snipPanics, zeroPanicLocations } from '../../.ci/snip-panics.mjs';
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

test('formatters trap once nothing formats, and only then', async () => {
  const formatters = [
    '<u64 as core[c5930c85a12de822]::fmt::Display>::fmt',
    '<&str as core::fmt::Display>::fmt',
    '<core::cell::BorrowError as core[1]::fmt::Debug>::fmt',
    '<u32 as core::fmt::LowerHex>::fmt',
  ];
  const others = ['trouve::error::Error::message', '<core::fmt::Formatter>::pad', 'my_crate::fmt::Display::fmt'];
  const names = [...others, ...formatters];
  const { bytes, snipped } = snipFormatters(moduleOf(names));
  assert.deepEqual(snipped, formatters);
  const { instance } = await WebAssembly.instantiate(bytes, { env: { f: () => 0 } });
  names.forEach((name, n) => {
    const call = instance.exports[`f${n + 1}`];
    if (formatters.includes(name)) assert.throws(call, WebAssembly.RuntimeError, name);
    else assert.equal(call(), n + 1, name);
  });
  // Something still runs formatters: nothing is touched.
  const still = moduleOf([...names, 'core[c5930c85a12de822]::fmt::write']);
  const kept = snipFormatters(still);
  assert.deepEqual(kept.snipped, []);
  assert.deepEqual(kept.bytes, still);
});

test('a module without names is refused', () => {
  assert.throws(() => snipPanics(moduleOf(['core::panicking::panic'], { stripped: true })), /no function names/);
});

/** A module whose memory holds `data` at 1024, exported as `memory`, with a name for its data segment. */
function dataModule(data) {
  const address = [0x80, 0x08]; // 1024, signed LEB128
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(5, vector([[0x00, 0x01]])),
    ...section(7, vector([[...name('memory'), 0x02, 0x00]])),
    ...section(11, vector([[0x00, 0x41, ...address, 0x0b, ...leb(data.length), ...data]])),
    ...section(0, [...name('name'), ...section(9, vector([[0x00, ...name('.rodata')]]))]),
  ]);
}

test('the panics\' locations and their paths are zeroed, and nothing else', async () => {
  const u32 = (...values) => values.flatMap((v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24]);
  const path = [...Buffer.from('src/search/hits.rs')]; // at 1024, 18 bytes
  const other = [...Buffer.from('not a path, kept..')]; // at 1042
  const data = [
    ...path, ...other,
    ...[0, 0, 0, 0], // 1060: aligned
    ...u32(1024, 18, 42, 9), // 1064: a location in hits.rs
    ...u32(1042, 18, 42, 9), // 1080: the same shape, naming no source file
    ...u32(7, 8, 9, 10), // 1096: numbers
  ];
  const { bytes, locations } = zeroPanicLocations(dataModule(data));
  assert.equal(locations, 1);
  const { instance } = await WebAssembly.instantiate(bytes);
  const memory = new Uint8Array(instance.exports.memory.buffer, 1024, data.length);
  const expected = [...new Array(18).fill(0), ...other, 0, 0, 0, 0, ...new Array(16).fill(0), ...u32(1042, 18, 42, 9), ...u32(7, 8, 9, 10)];
  assert.deepEqual([...memory], expected);
  assert.ok(!Buffer.from(bytes).includes(Buffer.from('.rodata')), 'the data segment\'s name is gone');
});
