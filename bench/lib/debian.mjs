// A Debian package as a corpus source: `apt-get download` of a pinned
// version into bench/.cache/downloads (nothing is installed), then `dpkg -x`
// into a folder of its own. If the mirror no longer has the pinned version,
// the newest one is taken, and the caller records which.

import fs from 'node:fs';
import path from 'node:path';
import { CACHE, log, run } from './util.mjs';

/// Returns {version, pinned, root}: root is the unpacked package's folder.
export function debianPackage(name, version) {
  const downloads = path.join(CACHE, 'downloads');
  fs.mkdirSync(downloads, { recursive: true });
  const find = () => fs.readdirSync(downloads).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
  let deb = find();
  if (!deb) {
    const pinned = `${name}=${version}`;
    const attempt = (spec) => { try { run('apt-get', ['download', '-q', spec], { cwd: downloads }); return true; } catch { return false; } };
    log(`downloading ${pinned}`);
    if (!attempt(pinned)) {
      log('not found; updating the package lists');
      try { run('apt-get', ['update', '-qq']); } catch (error) { log(`apt-get update failed: ${error.message}`); }
      if (!attempt(pinned)) {
        log(`warning: ${pinned} is gone from the mirror; taking the newest ${name}`);
        if (!attempt(name)) throw new Error(`apt-get download ${name} failed`);
      }
    }
    deb = find();
  }
  const debPath = path.join(downloads, deb);
  const got = run('dpkg-deb', ['-f', debPath, 'Version']).trim();
  const root = path.join(downloads, `${name}-${got.replace(/[^\w.+-]/g, '_')}`);
  if (!fs.existsSync(path.join(root, '.done'))) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    run('dpkg', ['-x', debPath, root]);
    fs.writeFileSync(path.join(root, '.done'), '');
  }
  return { version: got, pinned: got === version, root };
}

/// The site root as served: hard links to the package's files (no copy),
/// made again only when the version changes. Symbolic links are dropped:
/// in these packages they point to other packages' files (jQuery and the
/// like, not installed here), so they dangle, and a server refuses them
/// anyway. Returns how many were dropped.
export function linkSite(from, site, version) {
  const stamp = path.join(site, '.prepared');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').startsWith(`${version}\n`)) {
    fs.rmSync(path.join(site, '_engines'), { recursive: true, force: true });
    fs.rmSync(path.join(site, '_bench'), { recursive: true, force: true });
    return Number(fs.readFileSync(stamp, 'utf8').split('\n')[1]);
  }
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(site), { recursive: true });
  run('cp', ['-al', from, site]);
  const links = run('find', [site, '-type', 'l']).split('\n').filter(Boolean);
  for (const link of links) fs.rmSync(link);
  fs.writeFileSync(stamp, `${version}\n${links.length}\n`);
  return links.length;
}
