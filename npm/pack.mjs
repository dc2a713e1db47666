#!/usr/bin/env node
// Packs the npm packages of this machine's platform:
//
//   node npm/pack.mjs <output folder> [--binary <path to trouve>]
//
// writes `@trouve/<platform>` (the native binary alone) and `trouve` (the
// launcher and the Node API) as tarballs into the output folder, with
// `npm pack`, and prints their paths, one a line. The binary is
// target/release/trouve, built with `cargo build --release` if it is not
// there, unless --binary names another. The version is Cargo.toml's; the
// script fails if npm/trouve/package.json says another.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLATFORMS, binaryName, currentPlatform, platformPackage } from './trouve/lib/binary.js';

const npmDir = dirname(fileURLToPath(import.meta.url));
const repo = dirname(npmDir);

function fail(message) {
  process.stderr.write(`pack.mjs: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  let out = null;
  let binary = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node npm/pack.mjs <output folder> [--binary <path to trouve>]\n');
      process.exit(0);
    } else if (arg === '--binary') {
      if (i + 1 >= argv.length) fail('--binary needs a path');
      binary = argv[++i];
    } else if (arg.startsWith('--binary=')) {
      binary = arg.slice('--binary='.length);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg} (it takes <output folder> and --binary <path>)`);
    } else if (out === null) {
      out = arg;
    } else {
      fail(`one output folder only (given ${out} and ${arg})`);
    }
  }
  if (out === null) fail('usage: node npm/pack.mjs <output folder> [--binary <path to trouve>]');
  return { out: resolve(out), binary: binary && resolve(binary) };
}

/** `version = "…"` in Cargo.toml's [package] table. */
function cargoVersion() {
  const toml = readFileSync(join(repo, 'Cargo.toml'), 'utf8');
  const table = toml.split(/^\[/m).find((part) => part.startsWith('package]'));
  const version = table?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) fail('found no version in the [package] table of Cargo.toml');
  return version;
}

/** npm/trouve/package.json must name the same version, for itself and each platform package. */
function checkMainPackage(version) {
  const path = join(npmDir, 'trouve', 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const wrong = [];
  if (manifest.version !== version) wrong.push(`"version" is ${manifest.version}`);
  const optional = manifest.optionalDependencies ?? {};
  for (const platform of PLATFORMS) {
    const name = platformPackage(platform);
    if (optional[name] !== version) wrong.push(`optionalDependencies["${name}"] is ${optional[name]}`);
  }
  for (const name of Object.keys(optional)) {
    if (!PLATFORMS.some((platform) => platformPackage(platform) === name)) {
      wrong.push(`optionalDependencies has ${name}, which is no platform of lib/binary.js`);
    }
  }
  if (wrong.length > 0) {
    fail(
      `npm/trouve/package.json is out of step with Cargo.toml (version ${version}): ` +
        `${wrong.join('; ')}. Set them all to ${version}.`,
    );
  }
}

function findBinary(given, version) {
  const binary = given ?? join(repo, 'target', 'release', binaryName());
  if (!existsSync(binary)) {
    if (given) fail(`--binary ${given}: no such file`);
    process.stderr.write(`pack.mjs: ${binary} is missing; cargo build --release\n`);
    const built = spawnSync('cargo', ['build', '--release'], { cwd: repo, stdio: 'inherit' });
    if (built.status !== 0 || !existsSync(binary)) fail('cargo build --release failed');
  }
  let said;
  try {
    said = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    fail(`${binary} --version failed: ${error.message}`);
  }
  if (said !== `trouve ${version}`) {
    fail(`${binary} says "${said}", but Cargo.toml is at ${version}: rebuild it (cargo build --release)`);
  }
  return binary;
}

function writePlatformPackage(dir, platform, binary, version) {
  const [os, cpu] = platform.split('-');
  const system = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[os];
  const manifest = {
    name: platformPackage(platform),
    version,
    description: `The trouve binary for ${system} ${cpu}${os === 'linux' ? ' (glibc)' : ''}, run by the trouve package`,
    license: 'MIT OR Apache-2.0',
    os: [os],
    cpu: [cpu],
    // The binary is linked against glibc: on musl, npm leaves the package out.
    ...(os === 'linux' ? { libc: ['glibc'] } : {}),
    files: ['bin/'],
    preferUnplugged: true,
  };
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, 'README.md'),
    `# ${manifest.name}\n\nThe native \`trouve\` binary for ${system} ${cpu}. Install \`trouve\`, not this:\n` +
      'npm picks the package of the platform it installs on.\n',
  );
  const target = join(dir, 'bin', binaryName(platform));
  copyFileSync(binary, target);
  chmodSync(target, 0o755);
}

function writeMainPackage(dir) {
  for (const part of ['package.json', 'bin', 'lib']) {
    cpSync(join(npmDir, 'trouve', part), join(dir, part), { recursive: true });
  }
  copyFileSync(join(npmDir, 'README.md'), join(dir, 'README.md'));
  chmodSync(join(dir, 'bin', 'trouve.js'), 0o755);
}

/** `npm pack` of `dir` into `out`: the tarball's path and sizes. */
function npmPack(dir, out) {
  const windows = process.platform === 'win32';
  const packed = spawnSync(
    windows ? 'npm.cmd' : 'npm',
    ['pack', dir, '--pack-destination', out, '--json', '--ignore-scripts'],
    { encoding: 'utf8', shell: windows, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (packed.status !== 0) fail(`npm pack ${dir} failed`);
  const [info] = JSON.parse(packed.stdout);
  return { path: join(out, info.filename), size: info.size, unpackedSize: info.unpackedSize };
}

const { out, binary: givenBinary } = parseArgs(process.argv.slice(2));
const platform = currentPlatform();
if (!PLATFORMS.includes(platform)) {
  fail(`this platform (${platform}) has no package; the packages are for ${PLATFORMS.join(', ')}`);
}
const version = cargoVersion();
checkMainPackage(version);
const binary = findBinary(givenBinary, version);

mkdirSync(out, { recursive: true });
const staging = mkdtempSync(join(tmpdir(), 'trouve-pack-'));
try {
  writePlatformPackage(join(staging, platform), platform, binary, version);
  writeMainPackage(join(staging, 'trouve'));
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
  for (const dir of [join(staging, platform), join(staging, 'trouve')]) {
    const tarball = npmPack(dir, out);
    process.stderr.write(
      `pack.mjs: ${tarball.path}: ${kb(tarball.size)} (${kb(tarball.unpackedSize)} unpacked)\n`,
    );
    process.stdout.write(`${tarball.path}\n`);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
