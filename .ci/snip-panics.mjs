#!/usr/bin/env node
// Replaces the body of each function that starts a panic with a trap, and
// zeroes the panics' locations in the data:
//
//   node .ci/snip-panics.mjs IN.wasm OUT.wasm
//   node .ci/snip-panics.mjs --formatters IN.wasm OUT.wasm
//
// The second form, on the module optimized again once panics trap, traps
// the formatting traits' implementations if nothing formats any more (see
// `snipFormatters`).
//
// IN must keep its name section (wasm-opt -g). With `panic = "abort"` a
// panic already ends in a trap, after formatting a message nobody reads: in
// a browser, wasm32-unknown-unknown has nowhere to print it. Once these
// bodies are `unreachable`, the next `wasm-opt` drops the formatting and
// the messages, 1.9 KB of the gzipped engine. wasm-snip's
// --snip-rust-panicking-code does the same; it would be one more tool to
// install and pin for what fits in these lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataSegments, functionNames, withoutDataNames, withTraps } from './wasm-binary.mjs';

/** Where panics start: core's and std's entry points, by demangled path. */
const PANICKING = new RegExp(
  '^(core|std)(\\[[0-9a-f]+\\])?::(' +
    [
      'panicking::',
      'result::unwrap_failed',
      'option::unwrap_failed',
      'option::expect_failed',
      'str::slice_error_fail',
      'slice::index::slice_index_fail',
    ].join('|') +
    ')',
);

/**
 * What only a panic's message formats: the `Debug` of `char` and of
 * `Range<usize>`, which `str::slice_error_fail` prints ("byte index 4 is
 * not a char boundary; it is inside 'é' (bytes 3..5)"). Nothing calls them
 * directly; they stay because that message's arguments, kept in the data
 * section, name them through the function table, which wasm-opt cannot
 * see through. Trouve never formats with `{:?}` outside tests, so no other
 * path reaches them: 0.9 KB of the gzipped engine, measured on 2026-12-07.
 */
const PANIC_FORMATTERS = new RegExp(
  '^<(char|core(\\[[0-9a-f]+\\])?::ops::range::Range<usize>) as core(\\[[0-9a-f]+\\])?::fmt::Debug>::fmt$',
);

/** `bytes` with the panicking functions' bodies replaced, and their names. */
export function snipPanics(bytes) {
  const names = functionNames(bytes);
  if (names.size === 0) throw new Error('the module has no function names: optimize it with wasm-opt -g first');
  const snipped = [];
  const snippedBytes = withTraps(bytes, (index) => {
    const name = names.get(index) ?? '';
    if (!PANICKING.test(name) && !PANIC_FORMATTERS.test(name)) return false;
    snipped.push(name);
    return true;
  });
  return { bytes: snippedBytes, snipped };
}

/** The one function that runs a message's formatters (`fmt::Arguments`). */
const FORMAT_WRITE = /^core(\[[0-9a-f]+\])?::fmt::write$/;

/** An implementation of a formatting trait: `<u64 as core::fmt::Display>::fmt`. */
const FORMATTER = /^<.+ as core(\[[0-9a-f]+\])?::fmt::(Display|Debug|LowerHex|UpperHex|Octal|Binary|LowerExp|UpperExp|Pointer)>::fmt$/;

/**
 * `bytes` with every formatting trait's `fmt` trapped, when the module has
 * no `core::fmt::write` any more: panics trap (see `snipPanics`) and the
 * engine's messages are put together by hand (`Error::message`), so no
 * message is formatted. What keeps these functions is the function table:
 * the panics' message arguments, still in the data section, name them, and
 * only `core::fmt::write` would call them through it. Rust calls a `fmt`
 * directly only from another `fmt` or from the machinery `write` runs.
 * With `write` present, nothing is touched. 0.5 KB of the gzipped engine,
 * measured on 2026-12-07.
 */
export function snipFormatters(bytes) {
  const names = functionNames(bytes);
  if (names.size === 0) throw new Error('the module has no function names: optimize it with wasm-opt -g first');
  if ([...names.values()].some((name) => FORMAT_WRITE.test(name))) return { bytes, snipped: [] };
  const snipped = [];
  const snippedBytes = withTraps(bytes, (index) => {
    const name = names.get(index) ?? '';
    if (!FORMATTER.test(name)) return false;
    snipped.push(name);
    return true;
  });
  return { bytes: snippedBytes, snipped };
}

/**
 * `bytes` with every panic's location (a `core::panic::Location`: the
 * address and length of a source file's path, a line and a column, four
 * little-endian u32) and the paths they name set to zeros, and how many
 * locations there were. Only panics read them, and every panic now traps
 * before it does; zeros then cost next to nothing gzipped (0.9 KB less,
 * measured on 2026-12-07), and wasm-opt's memory packing drops them
 * (the data segments' names go, which it would trip on).
 */
export function zeroPanicLocations(bytes) {
  const out = Uint8Array.from(bytes);
  const segments = dataSegments(out);
  const at = (address, length) => {
    const segment = segments.find((s) => s.address <= address && address + length <= s.address + s.length);
    return segment ? segment.start + address - segment.address : -1;
  };
  const view = new DataView(out.buffer);
  const locations = [];
  const paths = new Map();
  for (const segment of segments) {
    for (let address = segment.address + ((4 - (segment.address % 4)) % 4); address + 16 <= segment.address + segment.length; address += 4) {
      const here = segment.start + address - segment.address;
      const [file, length, line, column] = [0, 4, 8, 12].map((offset) => view.getUint32(here + offset, true));
      if (length < 4 || length > 512 || line === 0 || line > 1e6 || column === 0 || column > 1e4) continue;
      const path = at(file, length);
      if (path < 0) continue;
      const text = Buffer.from(out.subarray(path, path + length)).toString('latin1');
      if (!/^[\w./@+-]+\.rs$/.test(text) || !text.includes('/')) continue;
      locations.push(here);
      paths.set(path, length);
    }
  }
  for (const here of locations) out.fill(0, here, here + 16);
  for (const [path, length] of paths) out.fill(0, path, path + length);
  return { bytes: withoutDataNames(out), locations: locations.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const formatters = process.argv[2] === '--formatters';
  const [input, output] = process.argv.slice(formatters ? 3 : 2);
  if (!input || !output) {
    console.error('usage: node .ci/snip-panics.mjs [--formatters] IN.wasm OUT.wasm');
    process.exit(2);
  }
  if (formatters) {
    const { bytes, snipped } = snipFormatters(readFileSync(input));
    if (snipped.length === 0) console.error(`note: ${input} still formats (core::fmt::write is there): its formatters stay`);
    writeFileSync(output, bytes);
  } else {
    const { bytes, snipped } = snipPanics(readFileSync(input));
    if (snipped.length === 0) {
      console.error(`error: no panicking function found in ${input}; has the standard library renamed them?`);
      process.exit(1);
    }
    const zeroed = zeroPanicLocations(bytes);
    if (zeroed.locations === 0) {
      console.error(`error: no panic location found in ${input}; has the standard library changed core::panic::Location?`);
      process.exit(1);
    }
    writeFileSync(output, zeroed.bytes);
  }
}
