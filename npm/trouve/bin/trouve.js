#!/usr/bin/env node
// `trouve` from npm: runs the native binary of this platform's package with
// the same arguments, standard streams and exit status, and hands it the
// signals this process receives.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { findBinary } from '../lib/binary.js';

let binary;
try {
  binary = findBinary();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });

// Ctrl-C in a terminal reaches both processes; a signal sent to this one
// alone (a process manager, `kill`) must reach the binary too.
const relayed =
  process.platform === 'win32' ? ['SIGINT', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
const relay = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of relayed) process.on(signal, relay);

child.on('error', (error) => {
  process.stderr.write(`trouve: cannot run ${binary}: ${error.message}\n`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  for (const name of relayed) process.off(name, relay);
  if (signal === null) process.exit(code ?? 1);
  // Die of the same signal, so that the parent sees what the binary did;
  // if this process survives it (a signal Node ignores), exit as a shell
  // reports a death by signal.
  try {
    process.kill(process.pid, signal);
  } catch {
    // Exit below.
  }
  setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100);
});
