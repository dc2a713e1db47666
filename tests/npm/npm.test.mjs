// The npm packages, as a site owner gets them: `node npm/pack.mjs` packs
// them, `npm install` of the tarballs puts them in an empty folder, and
// `npx trouve` and the Node API run there with no Rust in sight.
//
//   node --test tests/npm/
//
// Needs target/release/trouve (pack.mjs builds it if it is missing) and
// npm; no network.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const platform = `${process.platform}-${process.arch}`;
const work = mkdtempSync(join(tmpdir(), 'trouve-npm-test-'));
const site = join(work, 'site');
const windows = process.platform === 'win32';

after(() => rmSync(work, { recursive: true, force: true }));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    shell: windows && /^np[mx]$/.test(command),
    timeout: 60_000,
    ...options,
  });
  if (result.error) throw result.error;
  return result;
}

function succeed(command, args, options) {
  const result = run(command, args, options);
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
  );
  return result;
}

/** `npx trouve …` in the site folder; `--no`: never fetch it from a registry. */
function npxTrouve(args, options = {}) {
  return run('npx', ['--no', '--', 'trouve', ...args], { cwd: site, ...options });
}

/** The results of `trouve search <index> <query> --json`, through npx. */
function search(index, query) {
  const result = npxTrouve(['search', index, query, '--json']);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('npm packages from npm pack tarballs', () => {
  let tarballs;

  before(() => {
    const packed = succeed(process.execPath, [join(repo, 'npm', 'pack.mjs'), join(work, 'tarballs')], {
      cwd: repo,
      // A missing target/release/trouve is built, which takes minutes.
      timeout: 900_000,
    });
    tarballs = packed.stdout.trim().split('\n');
    mkdirSync(site);
    writeFileSync(join(site, 'package.json'), '{ "name": "a-site", "private": true }\n');
    // Local tarballs need no network; --offline leaves out the optional
    // packages of the other platforms instead of asking the registry.
    succeed(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), ...tarballs],
      { cwd: site },
    );
  });

  test('pack.mjs writes the package of this platform and the main one', () => {
    assert.equal(tarballs.length, 2, tarballs.join(' '));
    const names = tarballs.map((path) => basename(path));
    assert.ok(names.some((name) => name.startsWith(`trouve-${platform}-`)), names.join(' '));
    assert.ok(names.some((name) => /^trouve-\d[^/]*\.tgz$/.test(name)), names.join(' '));
    for (const path of tarballs) assert.ok(existsSync(path), path);
    assert.ok(existsSync(join(site, 'node_modules', '@trouve', platform, 'bin')));
  });

  test('npx trouve build writes a bundle that npx trouve search reads', () => {
    const built = npxTrouve(['build', join(repo, 'www', 'articles'), '-o', 'out', '--quiet']);
    assert.equal(built.status, 0, built.stderr);
    for (const file of ['trouve-index.json', 'trouve.js', 'trouve.wasm']) {
      assert.ok(existsSync(join(site, 'out', file)), `out/${file}`);
    }
    const found = npxTrouve(['search', 'out', 'nucl']);
    assert.equal(found.status, 0, found.stderr);
    assert.match(found.stdout.split('\n')[0], /^1\. /);
  });

  test('the exit status and signals pass through the launcher', async () => {
    const usage = npxTrouve(['build']);
    assert.equal(usage.status, 2, 'clap exits with 2 on a usage error');
    assert.match(usage.stderr, /Usage: trouve build/);

    // `trouve serve` runs until stopped: a SIGTERM to the launcher alone
    // must stop it, and the launcher must die of it too.
    const launcher = join(site, 'node_modules', 'trouve', 'bin', 'trouve.js');
    const server = spawn(process.execPath, [launcher, 'serve', 'out', '--port', '0'], {
      cwd: site,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const address = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no address from trouve serve: ${text}`)), 20_000);
      const read = (chunk) => {
        text += chunk;
        const url = text.match(/http:\/\/\S+\//)?.[0];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      server.stdout.on('data', read);
      server.stderr.on('data', read);
    });
    const served = await fetch(`${address}trouve-index.json`);
    assert.equal(served.status, 200);
    await served.arrayBuffer();
    const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
    server.kill('SIGTERM');
    assert.deepEqual(await exited, { code: null, signal: 'SIGTERM' });
    await assert.rejects(fetch(`${address}trouve-index.json`), 'the server is gone with the launcher');
  });

  test('the Node API indexes records, pages, Markdown and a folder', () => {
    const script = `
      import { createIndex } from 'trouve';
      const index = await createIndex({ lang: 'en' });
      await index.addRecord({ id: 'r1', title: 'Quokka sightings', body: 'A quokka was seen near the harbour.', url: '/records/r1', date: '2025-03-01' });
      await index.addRecord({ id: 'r2', title: 'Wombat burrows', url: '/records/r2', date: new Date('2024-11-05T12:00:00Z') });
      await index.addRecord({ title: 'Numbat diet', body: 'Termites, mostly.', url: '/records/numbat' });
      await index.addHTMLFile({
        path: 'guide/pangolin.html',
        content: '<!doctype html><html lang="en"><title>Pangolins</title><nav>menu</nav><main><h1 id="care">Pangolin care</h1><p>Feeding a pangolin takes patience.</p></main></html>',
      });
      await index.addMarkdownFile({ path: 'notes/axolotl.md', content: '---\\ntitle: Axolotl notes\\n---\\nThe axolotl keeps its gills.\\n' });
      const added = await index.addDirectory({ path: ${JSON.stringify(join(repo, 'www', 'articles'))}, glob: '00[0-1]_*.txt' });
      const written = await index.writeFiles({ outputPath: 'api-out' });
      console.log(JSON.stringify({ added, written }));
    `;
    writeFileSync(join(site, 'index-api.mjs'), script);
    const temp = join(work, 'api-tmp');
    mkdirSync(temp);
    const ran = succeed(process.execPath, ['index-api.mjs'], {
      cwd: site,
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
    });
    const { added, written } = JSON.parse(ran.stdout);
    assert.deepEqual(added.files, ['000_ebc104fcd00cffbb.txt', '001_21107d0269baae87.txt']);
    assert.ok(written.files.includes('trouve-index.json') && written.files.includes('trouve.wasm'), written.files.join(' '));
    assert.match(written.log, /Indexed 7 documents \(0 skipped\)/);
    assert.deepEqual(readdirSync(temp), [], 'the staging folder is removed');

    const [record] = search('api-out', 'quokka');
    assert.deepEqual([record.title, record.url, record.date], ['Quokka sightings', '/records/r1', '2025-03-01']);
    assert.equal(search('api-out', 'wombat')[0].date, '2024-11-05');
    assert.equal(search('api-out', 'numbat')[0].url, '/records/numbat');
    const [page] = search('api-out', 'pangolin');
    assert.deepEqual([page.title, page.url], ['Pangolin care', '/guide/pangolin.html']);
    assert.equal(search('api-out', 'axolotl')[0].url, '/notes/axolotl.html');
    // Of the folder's five articles, the two the glob chose.
    assert.deepEqual(
      search('api-out', 'vietnam').map((hit) => hit.id).sort(),
      ['000_ebc104fcd00cffbb', '001_21107d0269baae87'],
    );
  });

  test('the Node API checks its arguments and reports a failed build with its stderr', async () => {
    const api = await import(pathToFileURL(join(site, 'node_modules', 'trouve', 'lib', 'index.js')));
    await assert.rejects(api.createIndex({ language: 'en' }), /unknown option "language"/);
    await assert.rejects(api.createIndex({ lang: 'xx' }), /lang "xx" is not one Trouve has/);
    await assert.rejects(api.createIndex({ layout: 'big' }), /layout "big"/);

    const index = await api.createIndex({ url: '/docs/{path}' });
    await assert.rejects(index.addHTMLFile({ path: 'a.html', content: '', weight: 2 }), /unknown option "weight"/);
    await assert.rejects(index.addHTMLFile({ path: '/abs/a.html', content: 'x' }), /must be relative/);
    await assert.rejects(index.addHTMLFile({ path: '../a.html', content: 'x' }), /\.\./);
    await assert.rejects(index.addHTMLFile({ path: 'a.md', content: 'x' }), /must end in \.html or \.htm/);
    await assert.rejects(index.addHTMLFile({ path: '.vitepress/a.html', content: 'x' }), /hidden/);
    await assert.rejects(index.addMarkdownFile({ path: 'a.md' }), /content is required/);
    await assert.rejects(index.addRecord({ title: 'T', body: 'b' }), /give the record a url/);
    await assert.rejects(index.addRecord({ title: 'T', url: '/t', date: 'soon' }), /not a date/);
    await assert.rejects(index.addRecord({ url: '/t' }), /a title or a body/);
    await assert.rejects(index.addDirectory({ path: join(repo, 'www', 'articles'), glob: '*.{txt' }), /unclosed alternate group/);
    await assert.rejects(index.addDirectory({ path: join(repo, 'www', 'articles'), glob: '*.md' }), /no file in .* that glob \*\.md matches/);
    // A page with no text: the build finds no document and fails.
    await index.addHTMLFile({ path: 'empty.html', content: '<html><body></body></html>' });
    await assert.rejects(index.addHTMLFile({ path: 'EMPTY.html', content: 'x' }), /was added already/);
    const failed = await index.writeFiles({ outputPath: join(work, 'failed-out') }).catch((error) => error);
    assert.ok(failed instanceof Error);
    assert.match(failed.message, /^trouve build failed \(exit code 1\):/);
    assert.match(failed.stderr, /no documents found/);
    assert.equal(failed.exitCode, 1);
    await assert.rejects(index.addHTMLFile({ path: 'b.html', content: 'x' }), /written \(writeFiles\)/);

    const templated = await api.createIndex({ url: '/posts/{id}' });
    await templated.addRecord({ id: 7, title: 'Seven', body: 'a record linked by its id' });
    await assert.rejects(templated.addRecord({ id: 7, title: 'Again', body: 'x' }), /id "7" was added already/);
    await templated.discard();
    await assert.rejects(templated.writeFiles({ outputPath: 'x' }), /discarded/);
  });

  test('addDirectory chooses files as trouve build --glob and --exclude do', async () => {
    const api = await import(pathToFileURL(join(site, 'node_modules', 'trouve', 'lib', 'index.js')));
    const folder = join(work, 'globs');
    for (const name of [
      'index.html', 'guide/start.md', 'guide/deep/more.md', 'guide/old.html',
      '_sources/index.rst.txt', 'notes.txt', 'top.md', 'image.png', '.hidden/x.html',
    ]) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), 'x');
    }
    const choose = async (options) => {
      const index = await api.createIndex();
      try {
        return (await index.addDirectory({ path: folder, ...options })).files;
      } finally {
        await index.discard();
      }
    };
    // A built site: its HTML alone.
    assert.deepEqual(await choose({}), ['guide/old.html', 'index.html']);
    assert.deepEqual(await choose({ glob: '**/*.{html,md}' }), [
      'guide/deep/more.md', 'guide/old.html', 'guide/start.md', 'index.html', 'top.md',
    ]);
    assert.deepEqual(await choose({ glob: '*.md' }), ['top.md']);
    assert.deepEqual(await choose({ glob: 'guide/**' }), ['guide/deep/more.md', 'guide/old.html', 'guide/start.md']);
    assert.deepEqual(await choose({ glob: ['./*.txt', '/top.md'] }), ['notes.txt', 'top.md']);
    assert.deepEqual(await choose({ glob: ['*.png', 'index.*'] }), ['index.html']);
    assert.deepEqual(await choose({ glob: '**/*.md', exclude: ['guide/deep', 'top.*'] }), ['guide/start.md']);
    // With its HTML excluded, the folder is no built site.
    assert.deepEqual(await choose({ exclude: '**/*.html' }), [
      '_sources/index.rst.txt', 'guide/deep/more.md', 'guide/start.md', 'notes.txt', 'top.md',
    ]);
  });
});

describe('the launcher with no platform binary', () => {
  // The main package alone, where no @trouve/* package can be found.
  const bare = join(work, 'bare', 'trouve');
  const launcher = join(bare, 'bin', 'trouve.js');
  const withoutBinary = { ...process.env };
  delete withoutBinary.TROUVE_BINARY;

  before(() => cpSync(join(repo, 'npm', 'trouve'), bare, { recursive: true }));

  test('fails with a message naming the platform and what to do', () => {
    const ran = run(process.execPath, [launcher, '--version'], { env: withoutBinary });
    assert.equal(ran.status, 1);
    assert.equal(ran.stdout, '');
    assert.match(ran.stderr, new RegExp(`this platform \\(${platform}\\)`));
    assert.match(ran.stderr, new RegExp(`@trouve/${platform}`));
    assert.match(ran.stderr, /npm install trouve/);
    assert.match(ran.stderr, /TROUVE_BINARY/);
  });

  test('falls back to TROUVE_BINARY, and says when it names nothing', () => {
    const binary = join(repo, 'target', 'release', windows ? 'trouve.exe' : 'trouve');
    const ran = run(process.execPath, [launcher, '--version'], {
      env: { ...withoutBinary, TROUVE_BINARY: binary },
    });
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /^trouve \d/);
    const missing = join(work, 'no-such-trouve');
    const bad = run(process.execPath, [launcher, '--version'], {
      env: { ...withoutBinary, TROUVE_BINARY: missing },
    });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /TROUVE_BINARY is set to .*no-such-trouve, which is not a file/);
  });

  test('createIndex rejects with the same message', async () => {
    const api = await import(pathToFileURL(join(bare, 'lib', 'index.js')));
    const saved = process.env.TROUVE_BINARY;
    delete process.env.TROUVE_BINARY;
    try {
      await assert.rejects(api.createIndex(), new RegExp(`@trouve/${platform} was not found`));
    } finally {
      if (saved !== undefined) process.env.TROUVE_BINARY = saved;
    }
  });
});
