// Where the native `trouve` binary is: in the package for this platform,
// which npm installed as an optional dependency, else at TROUVE_BINARY.

import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);

/** The platforms with a package of their own, as `${process.platform}-${process.arch}`. */
export const PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];

/** This machine, as `${process.platform}-${process.arch}`. */
export function currentPlatform() {
  return `${process.platform}-${process.arch}`;
}

/** The npm package that holds the binary for `platform`. */
export function platformPackage(platform = currentPlatform()) {
  return `@trouve/${platform}`;
}

/** The binary's file name on `platform`. */
export function binaryName(platform = currentPlatform()) {
  return platform.startsWith('win32-') ? 'trouve.exe' : 'trouve';
}

/**
 * The path of the native binary, or an Error saying why there is none and
 * what to do.
 */
export function findBinary() {
  const platform = currentPlatform();
  if (PLATFORMS.includes(platform)) {
    let found = null;
    try {
      found = require.resolve(`${platformPackage(platform)}/bin/${binaryName(platform)}`);
    } catch (error) {
      if (error.code !== 'MODULE_NOT_FOUND') throw error;
    }
    if (found) return executable(found);
  }
  const fromEnv = process.env.TROUVE_BINARY;
  if (fromEnv) {
    const path = resolve(fromEnv);
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      // Said below.
    }
    if (!isFile) {
      throw new Error(`trouve: TROUVE_BINARY is set to ${fromEnv}, which is not a file.`);
    }
    return path;
  }
  throw new Error(missing(platform));
}

/**
 * npm keeps a file's executable bit in most cases; if it was lost (an
 * unusual packer, a copy), restore it rather than fail with EACCES.
 */
function executable(path) {
  if (process.platform === 'win32') return path;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    try {
      chmodSync(path, 0o755);
    } catch {
      // Spawning it will say what is wrong.
    }
  }
  return path;
}

function missing(platform) {
  const build =
    'build it with Rust 1.85 or newer (`cargo install --locked --path .` in a clone of ' +
    "Trouve's repository) and set TROUVE_BINARY to the path of the `trouve` it installs";
  if (!PLATFORMS.includes(platform)) {
    return [
      `trouve: there is no prebuilt trouve binary for this platform (${platform});`,
      `the npm packages cover ${PLATFORMS.join(', ')}.`,
      `To use trouve here, ${build}.`,
    ].join('\n');
  }
  const lines = [
    `trouve: the trouve binary for this platform (${platform}) is not installed:`,
    `the package ${platformPackage(platform)} was not found.`,
    'npm installs it along with trouve, as an optional dependency; it is left out when',
    'optional dependencies are omitted (--omit=optional, --no-optional), or when',
    'node_modules was installed on another platform and copied here.',
  ];
  if (process.platform === 'linux' && !hasGlibc()) {
    lines.push(
      'This system has no glibc (Alpine Linux uses musl): the Linux packages hold a binary',
      'linked against glibc 2.34 or newer, so npm does not install them here.',
    );
  }
  lines.push(
    `To fix it, reinstall on this machine (npm install trouve), or ${build}.`,
  );
  return lines.join('\n');
}

function hasGlibc() {
  try {
    return Boolean(process.report.getReport().header.glibcVersionRuntime);
  } catch {
    return true;
  }
}
