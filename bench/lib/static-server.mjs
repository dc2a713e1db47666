// A small static server with gzip, the stand-in for `trouve serve` while the
// trouve binary is not built: same content types, same rule for what is
// compressed (text, JavaScript, JSON, WebAssembly, SVG; gzip level 6),
// `Cache-Control: no-cache`, one byte range when asked (`Range: bytes=a-b`,
// served as the file's own bytes, never gzipped: Trouve's split index asks
// for its pieces so). Listens on 127.0.0.1 only. With `br`, a host that
// serves brotli (quality 11, as precompressed files are) to browsers that
// accept it, for every engine alike.
//   node static-server.mjs DIR [PORT] [gzip|br]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  html: 'text/html; charset=utf-8', htm: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8', json: 'application/json', wasm: 'application/wasm', svg: 'image/svg+xml', png: 'image/png',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', ico: 'image/x-icon', txt: 'text/plain; charset=utf-8', xml: 'application/xml',
};
const compressible = (type) => type.startsWith('text/') || ['application/json', 'application/wasm', 'image/svg+xml', 'application/xml'].includes(type);

const root = fs.realpathSync(process.argv[2] ?? '.');
const port = Number(process.argv[3] ?? 0);
const brotli = process.argv[4] === 'br';
/** Brotli at quality 11 is slow: each file is compressed once (the bench never changes a file while serving it). */
const brotliCache = new Map();

const server = http.createServer((request, response) => {
  let file;
  try {
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) throw new Error('outside');
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    file = fs.realpathSync(file);
    if (!file.startsWith(root)) throw new Error('outside');
  } catch {
    response.writeHead(404).end('not found\n');
    return;
  }
  fs.readFile(file, (error, body) => {
    if (error) return response.writeHead(404).end('not found\n');
    const type = TYPES[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding', 'Accept-Ranges': 'bytes' };
    const range = (request.headers.range ?? '').match(/^bytes=(\d*)-(\d*)$/);
    if (range && (range[1] || range[2])) {
      const size = body.length;
      const first = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const last = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (first > last || first >= size) {
        response.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
        return;
      }
      headers['Content-Range'] = `bytes ${first}-${last}/${size}`;
      headers['Content-Length'] = last - first + 1;
      response.writeHead(206, headers);
      response.end(request.method === 'HEAD' ? undefined : body.subarray(first, last + 1));
      return;
    }
    const accepted = request.headers['accept-encoding'] ?? '';
    if (compressible(type) && body.length > 256 && brotli && /\bbr\b/.test(accepted)) {
      const plain = body;
      body = brotliCache.get(file) ?? zlib.brotliCompressSync(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: plain.length } });
      brotliCache.set(file, body);
      headers['Content-Encoding'] = 'br';
    } else if (compressible(type) && body.length > 256 && /\bgzip\b/.test(accepted)) {
      body = zlib.gzipSync(body, { level: 6 });
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
});
server.listen(port, '127.0.0.1', () => {
  console.log(`Serving ${root} at http://127.0.0.1:${server.address().port}/`);
});
