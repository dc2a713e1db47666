// Reading and writing WebAssembly binaries, just enough for the browser
// tests to damage a module in the ways they need (an index section, a
// function's body).

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

/** The module's sections: [{id, header, start, end}] (the payload's bounds). */
export function sections(wasm) {
  const found = [];
  for (let at = 8; at < wasm.length;) {
    const [size, start] = readLeb(wasm, at + 1);
    found.push({ id: wasm[at], header: at, start, end: start + size });
    at = start + size;
  }
  return found;
}

/** A name as the binary format writes it: its length, then UTF-8; and where the next value starts. */
export function readName(wasm, at) {
  const [length, start] = readLeb(wasm, at);
  return [Buffer.from(wasm.subarray(start, start + length)).toString(), start + length];
}
