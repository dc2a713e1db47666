// Prepares the two corpora, the same input for every engine:
//   - a site folder, served as is, with the pages at their URL paths (the
//     HTML engines, Pagefind and Trouve, index these pages);
//   - a JSON list {id, url, title, date, body} extracted from those same pages
//     by extract.mjs, for the JavaScript libraries.
// The URL path (`/articles/000_ebc104fcd00cffbb.html`, `/fr/text/...html`) is
// the document key shared by every engine and by the judged queries.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CACHE, CORPORA, REPO, SITES, log, run, walk, writeJson } from './util.mjs';
import { extract } from './extract.mjs';

/// The Debian package of the LibreOffice help in French, pinned; if the
/// mirror no longer has this version the newest one is used, and the report
/// says which.
export const LIBREOFFICE_PACKAGE = 'libreoffice-help-fr';
export const LIBREOFFICE_VERSION = '4:7.4.7-1+deb12u14';

export const CORPUS_NAMES = ['articles', 'libreoffice-help'];

/// Where each corpus lives. `pages` is the folder under the site root that
/// holds the documents: Trouve indexes it, Pagefind globs it.
export function corpus(name) {
  const site = path.join(SITES, name);
  const pages = { articles: 'articles', 'libreoffice-help': 'fr' }[name];
  if (!pages) throw new Error(`unknown corpus ${name}; corpora: ${CORPUS_NAMES.join(', ')}`);
  return {
    name,
    site,
    pages,
    pagesDir: path.join(site, pages),
    docs: path.join(CORPORA, `${name}.json`),
    info: path.join(CORPORA, `${name}.info.json`),
    engineDir: (engine) => path.join(site, '_engines', engine),
  };
}

export async function prepare(name) {
  const c = corpus(name);
  const info = name === 'articles' ? prepareArticles(c) : prepareLibreOffice(c);
  // The JSON for the JavaScript libraries, extracted from the pages served.
  const docs = walk(c.pagesDir)
    .filter((file) => file.endsWith('.html'))
    .map((file, id) => {
      const url = '/' + path.relative(c.site, file).split(path.sep).join('/');
      return { id, url, ...extract(fs.readFileSync(file, 'utf8')) };
    });
  writeJson(c.docs, docs);
  info.documents = docs.length;
  info.textBytes = docs.reduce((sum, d) => sum + Buffer.byteLength(d.title) + Buffer.byteLength(d.body), 0);
  writeJson(c.info, info);
  log(`corpus ${name}: ${docs.length} pages, ${(info.textBytes / 1e6).toFixed(2)} MB of text`);
  return c;
}

// --- the bundled articles ---------------------------------------------------

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/// An article file: the first line is usually ` date YYYY-MM[-DD] <headline>`;
/// without it, the title is the first sentence of the text.
export function parseArticle(text) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const dated = lines[0].match(/^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+(.*)$/);
  let title, date = null, rest;
  if (dated) {
    date = dated[1];
    title = dated[2].trim();
    rest = lines.slice(1).join('\n');
  } else {
    const all = lines.join('\n').trim();
    const end = all.search(/[.!?](\s|$)/);
    title = (end < 0 ? all.split('\n')[0] : all.slice(0, end + 1)).trim();
    rest = all.slice(title.length);
  }
  const paragraphs = rest.split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
  return { title, date, paragraphs };
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function articleHtml({ title, date, paragraphs }) {
  let time = '';
  if (date) {
    const [year, month, day] = date.split('-');
    const shown = [day ? String(Number(day)) : null, MONTHS[Number(month) - 1], year].filter(Boolean).join(' ');
    time = `\n<time datetime="${date}">${shown}</time>`;
  }
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
</head>
<body>
<h1>${escapeHtml(title)}</h1>${time}
<main>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</main>
</body>
</html>
`;
}

function prepareArticles(c) {
  const source = path.join(REPO, 'www', 'articles');
  fs.rmSync(c.pagesDir, { recursive: true, force: true });
  fs.mkdirSync(c.pagesDir, { recursive: true });
  const files = fs.readdirSync(source).filter((f) => f.endsWith('.txt')).sort();
  for (const file of files) {
    const article = parseArticle(fs.readFileSync(path.join(source, file), 'utf8'));
    fs.writeFileSync(path.join(c.pagesDir, file.replace(/\.txt$/, '.html')), articleHtml(article));
  }
  return { name: c.name, source: 'www/articles/*.txt (this repository), turned into one HTML page each' };
}

// --- the LibreOffice help ----------------------------------------------------

function prepareLibreOffice(c) {
  const downloads = path.join(CACHE, 'downloads');
  fs.mkdirSync(downloads, { recursive: true });
  let deb = fs.readdirSync(downloads).find((f) => f.startsWith(`${LIBREOFFICE_PACKAGE}_`) && f.endsWith('.deb'));
  if (!deb) {
    const pinned = `${LIBREOFFICE_PACKAGE}=${LIBREOFFICE_VERSION}`;
    const attempt = (spec) => { try { run('apt-get', ['download', '-q', spec], { cwd: downloads }); return true; } catch { return false; } };
    log(`downloading ${pinned}`);
    if (!attempt(pinned)) {
      log('not found; updating the package lists');
      try { run('apt-get', ['update', '-qq']); } catch (error) { log(`apt-get update failed: ${error.message}`); }
      if (!attempt(pinned)) {
        log(`warning: ${pinned} is gone from the mirror; taking the newest ${LIBREOFFICE_PACKAGE}`);
        if (!attempt(LIBREOFFICE_PACKAGE)) throw new Error(`apt-get download ${LIBREOFFICE_PACKAGE} failed`);
      }
    }
    deb = fs.readdirSync(downloads).find((f) => f.startsWith(`${LIBREOFFICE_PACKAGE}_`) && f.endsWith('.deb'));
  }
  const debPath = path.join(downloads, deb);
  const version = run('dpkg-deb', ['-f', debPath, 'Version']).trim();
  const unpacked = path.join(downloads, `${LIBREOFFICE_PACKAGE}-${version.replace(/[^\w.+-]/g, '_')}`);
  if (!fs.existsSync(path.join(unpacked, '.done'))) {
    fs.rmSync(unpacked, { recursive: true, force: true });
    fs.mkdirSync(unpacked, { recursive: true });
    run('dpkg', ['-x', debPath, unpacked]);
    fs.writeFileSync(path.join(unpacked, '.done'), '');
  }
  const help = path.join(unpacked, 'usr/share/libreoffice/help');
  const symlinks = run('find', [help, '-type', 'l']).split('\n').filter(Boolean).length;
  // The site root is the help folder (the pages' <base href> points there):
  // fr/ holds the pages, media/ the pictures. Hard links: no copy, no
  // symbolic link for the server to refuse.
  const stamp = path.join(c.site, '.prepared');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== version) {
    fs.rmSync(c.site, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(c.site), { recursive: true });
    run('cp', ['-al', help, c.site]);
    fs.writeFileSync(stamp, version);
  } else {
    fs.rmSync(path.join(c.site, '_engines'), { recursive: true, force: true });
    fs.rmSync(path.join(c.site, '_bench'), { recursive: true, force: true });
  }
  const bookmarks = path.join(help, 'fr', 'bookmarks.js');
  return {
    name: c.name,
    source: `Debian package ${LIBREOFFICE_PACKAGE} ${version}, unpacked with dpkg -x; pages under usr/share/libreoffice/help/fr/`,
    package: LIBREOFFICE_PACKAGE,
    version,
    pinned: version === LIBREOFFICE_VERSION,
    symlinks,
    ownSearch: fs.existsSync(bookmarks)
      ? { file: 'fr/bookmarks.js', bytes: fs.statSync(bookmarks).size, gzip: zlib.gzipSync(fs.readFileSync(bookmarks), { level: 6 }).length }
      : null,
  };
}
