// One server for every engine of a corpus: `trouve serve`, or the stand-in
// static-server.mjs (same gzip rules). `which` is 'trouve' (the default),
// 'node', or 'auto' (trouve when it is built).
import fs from 'node:fs';
import path from 'node:path';
import { BENCH, start } from './util.mjs';
import { BINARY } from '../engines/trouve.mjs';

export async function serve(root, which = 'trouve', encoding = 'gzip') {
  if (which === 'trouve' && !fs.existsSync(BINARY)) throw new Error('--server trouve: target/release/trouve is not built');
  const useTrouve = which === 'trouve' || (which === 'auto' && fs.existsSync(BINARY));
  const [command, args] = useTrouve
    ? [BINARY, ['serve', root, '--port', '0']]
    : ['node', [path.join(BENCH, 'lib', 'static-server.mjs'), root, '0', encoding]];
  const { child, match } = await start(command, args, /(http:\/\/127\.0\.0\.1:\d+)\//);
  return { url: match[1], server: useTrouve ? 'trouve serve' : `bench/lib/static-server.mjs (Node, ${encoding})`, stop: () => child.kill() };
}
