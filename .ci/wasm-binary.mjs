// Reading and rewriting WebAssembly binaries, just what Trouve needs
// (https://webassembly.github.io/spec/core/binary/): .ci/snip-panics.mjs
// turns functions into traps, bench/size.mjs weighs them, and the browser
// tests damage modules. .ci/prebuild hashes this file with the engines'
// inputs, since the engines go through it.

/** The unsigned LEB128 number at `at`, and where the next value starts. */
export function readLeb(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

/** `value` as unsigned LEB128 bytes. */
export function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** A name as the binary format writes it (its length, then UTF-8), and where the next value starts. */
export function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString(), start + length];
}

const SECTION_LABELS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];

/**
 * The module's sections in order: id, label (a custom section's is its
 * name, quoted), and where the section's header and its payload lie.
 */
export function sections(bytes) {
  const found = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    const label = id === 0 ? `custom "${readName(bytes, start)[0]}"` : (SECTION_LABELS[id] ?? `section ${id}`);
    found.push({ id, label, header: at, start, end: start + size });
    at = start + size;
  }
  return found;
}

/** Where the limits (of a table or a memory) at `at` end. */
function skipLimits(bytes, at) {
  const flags = bytes[at++];
  [, at] = readLeb(bytes, at);
  if (flags & 1) [, at] = readLeb(bytes, at);
  return at;
}

/** How many functions the module imports: its own are numbered after them. */
export function importedFunctions(bytes, all = sections(bytes)) {
  let imported = 0;
  for (const { start } of all.filter((s) => s.id === 2)) {
    let [count, at] = readLeb(bytes, start);
    for (; count > 0; count--) {
      [, at] = readName(bytes, at);
      [, at] = readName(bytes, at);
      const kind = bytes[at++];
      if (kind === 0) imported++;
      if (kind === 0 || kind === 4) [, at] = readLeb(bytes, at + (kind === 4 ? 1 : 0));
      else if (kind === 1) at = skipLimits(bytes, at + 1);
      else if (kind === 2) at = skipLimits(bytes, at);
      else if (kind === 3) at += 2;
      else throw new Error(`unknown import kind ${kind}`);
    }
  }
  return imported;
}

/** Function names by function index, from the name section (empty if it was stripped). */
export function functionNames(bytes, all = sections(bytes)) {
  const names = new Map();
  const section = all.find((s) => s.label === 'custom "name"');
  if (!section) return names;
  let [, at] = readName(bytes, section.start);
  while (at < section.end) {
    const sub = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    if (sub === 1) {
      let [count, next] = readLeb(bytes, start);
      for (; count > 0; count--) {
        let index;
        let name;
        [index, next] = readLeb(bytes, next);
        [name, next] = readName(bytes, next);
        names.set(index, name);
      }
    }
    at = start + size;
  }
  return names;
}

/** Each function body of the code section: its function index, its bytes (size prefix included), and its size. */
export function functionBodies(bytes, all = sections(bytes)) {
  const code = all.find((s) => s.id === 10);
  const imported = importedFunctions(bytes, all);
  const found = [];
  let [count, at] = readLeb(bytes, code.start);
  for (let i = 0; i < count; i++) {
    const [size, start] = readLeb(bytes, at);
    found.push({ index: imported + i, bytes: bytes.subarray(at, start + size), size });
    at = start + size;
  }
  return found;
}

/** A body with no locals that traps: its size (3), no local groups, `unreachable`, `end`. */
export const TRAP_BODY = Uint8Array.of(3, 0, 0x00, 0x0b);

/** `bytes` with the body of every function `trap(index)` chooses replaced by one that traps. */
export function withTraps(bytes, trap) {
  const all = sections(bytes);
  const code = all.find((s) => s.id === 10);
  const bodies = functionBodies(bytes, all).map((body) => (trap(body.index) ? TRAP_BODY : body.bytes));
  const payload = Buffer.concat([Buffer.from(leb(bodies.length)), ...bodies]);
  return Buffer.concat([bytes.subarray(0, code.header), Buffer.from([10, ...leb(payload.length)]), payload, bytes.subarray(code.end)]);
}

/** The index of the function exported as `name`. */
export function exportedFunction(bytes, name, all = sections(bytes)) {
  const exports = all.find((s) => s.id === 7);
  let [count, at] = readLeb(bytes, exports.start);
  for (; count > 0; count--) {
    let exported;
    let index;
    [exported, at] = readName(bytes, at);
    const kind = bytes[at++];
    [index, at] = readLeb(bytes, at);
    if (kind === 0 && exported === name) return index;
  }
  throw new Error(`no exported function ${name}`);
}

/** The signed LEB128 number at `at` (up to 32 bits), and where the next value starts. */
function readSleb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [shift < 32 && byte & 0x40 ? value | (-1 << shift) : value, at];
}

/**
 * The data section's active segments of memory 0 placed at a constant
 * address: that address, and where their bytes lie in the module. Other
 * segments (passive, or placed by a global) are left out.
 */
export function dataSegments(bytes, all = sections(bytes)) {
  const data = all.find((s) => s.id === 11);
  if (!data) return [];
  const found = [];
  let [count, at] = readLeb(bytes, data.start);
  for (; count > 0; count--) {
    let flags;
    [flags, at] = readLeb(bytes, at);
    let address = null;
    if (flags === 0 || flags === 2) {
      if (flags === 2) [, at] = readLeb(bytes, at);
      // An offset expression: i32.const n, end; anything else is skipped.
      if (bytes[at] === 0x41 && bytes[readSleb(bytes, at + 1)[1]] === 0x0b) [address] = readSleb(bytes, at + 1);
      while (bytes[at] !== 0x0b) at++;
      at++;
    }
    let length;
    [length, at] = readLeb(bytes, at);
    if (address !== null && (flags === 0 || flags === 2)) found.push({ address: address >>> 0, start: at, length });
    at += length;
  }
  return found;
}

/**
 * `bytes` without the names of its data segments (the name section's
 * subsection 9): wasm-opt's memory packing, splitting a named segment
 * around runs of zeros, gives the pieces one name and fails an assertion.
 */
export function withoutDataNames(bytes, all = sections(bytes)) {
  const section = all.find((s) => s.label === 'custom "name"');
  if (!section) return bytes;
  let [, at] = readName(bytes, section.start);
  const kept = [bytes.subarray(section.start, at)];
  while (at < section.end) {
    const [size, start] = readLeb(bytes, at + 1);
    if (bytes[at] !== 9) kept.push(bytes.subarray(at, start + size));
    at = start + size;
  }
  const payload = Buffer.concat(kept);
  return Buffer.concat([bytes.subarray(0, section.header), Buffer.from([0, ...leb(payload.length)]), payload, bytes.subarray(section.end)]);
}
