#!/usr/bin/env node
// Replaces the body of each function that starts a panic with a trap:
//
//   node .ci/snip-panics.mjs IN.wasm OUT.wasm
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
import { functionNames, withTraps } from './wasm-binary.mjs';

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node .ci/snip-panics.mjs IN.wasm OUT.wasm');
    process.exit(2);
  }
  const { bytes, snipped } = snipPanics(readFileSync(input));
  if (snipped.length === 0) {
    console.error(`error: no panicking function found in ${input}; has the standard library renamed them?`);
    process.exit(1);
  }
  writeFileSync(output, bytes);
}
