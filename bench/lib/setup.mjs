// Installs what the bench needs, skipping whatever is already there:
// the pinned npm packages (bench/package-lock.json) into bench/.cache/npm,
// Chromium from Debian if missing, and a release build of Trouve.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH, NPM_DIR, REPO, log, run } from './util.mjs';

export function installPackages() {
  const lock = path.join(BENCH, 'package-lock.json');
  const stamp = path.join(NPM_DIR, 'node_modules', '.installed-lock.json');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fs.readFileSync(lock, 'utf8')) return;
  log('installing the pinned npm packages into bench/.cache/npm (npm ci)');
  fs.mkdirSync(NPM_DIR, { recursive: true });
  fs.copyFileSync(path.join(BENCH, 'package.json'), path.join(NPM_DIR, 'package.json'));
  fs.copyFileSync(lock, path.join(NPM_DIR, 'package-lock.json'));
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: NPM_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  fs.copyFileSync(lock, stamp);
}

export function ensureChromium(executable) {
  if (fs.existsSync(executable)) return;
  if (executable !== '/usr/bin/chromium') throw new Error(`${executable} does not exist`);
  log('installing Debian\'s chromium (apt-get)');
  const apt = (...args) => (os.userInfo().uid === 0 ? run('apt-get', args, { stdio: 'inherit' }) : run('sudo', ['apt-get', ...args], { stdio: 'inherit' }));
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium');
}

/// `cargo build --release` of the current tree (the browser engines it
/// embeds are committed in prebuilt/). Returns a sentence about what
/// happened; a failed build keeps an older binary.
export function buildTrouve() {
  const binary = path.join(REPO, 'target', 'release', 'trouve');
  try {
    log('cargo build --release');
    run('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    return 'built from the working tree with `cargo build --release`';
  } catch (error) {
    const note = fs.existsSync(binary) ? 'the build failed; the older target/release/trouve was used' : 'the build failed and there is no trouve binary: Trouve is left out';
    log(`warning: ${note}: ${error.message.split('\n')[0]}`);
    return note;
  }
}
