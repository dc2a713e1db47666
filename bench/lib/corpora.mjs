// Prepares the corpora, the same input for every engine:
//   - a site folder, served as is, with the pages at their URL paths (the
//     HTML engines, Pagefind and Trouve, index these pages);
//   - a JSON list {id, url, title, date, body} extracted from those same pages
//     by extract.mjs, for the JavaScript libraries.
// The URL path (`/articles/000_ebc104fcd00cffbb.html`, `/fr/text/...html`,
// `/library/functions.html`) is the document key shared by every engine and
// by the judged queries.
// The generated archive (archive-<N>k, see archive.mjs) is the exception: its
// documents are JSONL records, which Trouve reads as they are; it has HTML
// pages only when Pagefind is asked for, and no JSON for the libraries,
// which cannot hold 100,000 documents in a page. Every record has a section
// and an author, filters for the filtered queries: `filters: {section}` and
// `author` in the JSONL, `data-pagefind-filter` on `<meta>` elements of the
// pages (attributes, not text: no word is added to what either engine
// indexes).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CACHE, CORPORA, REPO, SITES, log, walk, writeJson, readJson } from './util.mjs';
import { extract } from './extract.mjs';
import { debianPackage, linkSite } from './debian.mjs';
import { archiveKey, generateArchive, SEED, PER_FILE } from './archive.mjs';

/// The Debian packages of the two real sites, pinned; if the mirror no
/// longer has a version the newest one is used, and the report says which.
export const LIBREOFFICE_PACKAGE = 'libreoffice-help-fr';
export const LIBREOFFICE_VERSION = '4:7.4.7-1+deb12u14';
export const PYTHON_PACKAGE = 'python3.11-doc';
export const PYTHON_VERSION = '3.11.2-6+deb12u9';

/// Every corpus `--corpus` takes (archive-<N>k for any N: archive-10k is the
/// first tenth of archive-100k, for trying things out).
export const CORPUS_NAMES = ['articles', 'libreoffice-help', 'python-docs', 'archive-100k'];
const ARCHIVE = /^archive-(\d+)k$/;
export const isArchive = (name) => ARCHIVE.test(name);

/// Where each corpus lives and how the engines take it:
///   input, url, lang: what `trouve build` indexes, its --url and --lang;
///   glob: the pages Pagefind indexes (relative to the site), set by prepare();
///   docs: the JSON for the JavaScript libraries (null: none for this corpus);
///   layout: Trouve's --layout, when the bench chooses it (else auto).
export function corpus(name) {
  const site = path.join(SITES, name);
  const common = {
    name,
    site,
    docs: path.join(CORPORA, `${name}.json`),
    info: path.join(CORPORA, `${name}.info.json`),
    engineDir: (engine) => path.join(site, '_engines', engine),
    layout: null,
    judged: true,
  };
  if (name === 'articles' || name === 'libreoffice-help') {
    const folder = name === 'articles' ? 'articles' : 'fr';
    return { ...common, lang: 'fr', input: path.join(site, folder), url: `/${folder}/{path}`, glob: `${folder}/**/*.html` };
  }
  if (name === 'python-docs') {
    // Trouve indexes a whole folder: it gets one of hard links to exactly
    // the pages Pagefind's glob takes, at the same relative paths.
    return { ...common, lang: 'en', input: path.join(CACHE, 'staged', name), url: '/{path}', glob: null };
  }
  const archive = name.match(ARCHIVE);
  if (archive) {
    return {
      ...common,
      lang: 'fr',
      documents: Number(archive[1]) * 1000,
      input: path.join(CACHE, 'archive', name),
      url: '/archive/{id}.html',
      glob: 'archive/**/*.html',
      docs: null,
      // Past 500 KB of text `auto` would pick it anyway; said so that the
      // bench measures that layout whatever auto's threshold becomes.
      layout: 'split',
      judged: false,
    };
  }
  throw new Error(`unknown corpus ${name}; corpora: ${CORPUS_NAMES.join(', ')} (or archive-<N>k)`);
}

/// `html`: also write HTML pages for the generated archive (Pagefind reads
/// nothing else).
export async function prepare(name, { html = false } = {}) {
  const c = corpus(name);
  if (isArchive(name)) return prepareArchive(c, html);
  const { info, pages } = name === 'articles' ? prepareArticles(c) : name === 'libreoffice-help' ? prepareLibreOffice(c) : preparePython(c);
  // The JSON for the JavaScript libraries, extracted from the pages served.
  const docs = pages.map((file, id) => {
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

/// `filters`: {key: value}, written as `<meta data-pagefind-filter="key[content]"
/// content="value">` in the head (Pagefind's and Trouve's way to take a
/// filter from an attribute), so that the page's text stays as it was.
function articleHtml({ title, date, paragraphs, filters = {} }) {
  const meta = Object.entries(filters).map(([key, value]) => `\n<meta data-pagefind-filter="${key}[content]" content="${escapeHtml(value)}">`).join('');
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
<title>${escapeHtml(title)}</title>${meta}
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
  fs.rmSync(c.input, { recursive: true, force: true });
  fs.mkdirSync(c.input, { recursive: true });
  const files = fs.readdirSync(source).filter((f) => f.endsWith('.txt')).sort();
  for (const file of files) {
    const article = parseArticle(fs.readFileSync(path.join(source, file), 'utf8'));
    fs.writeFileSync(path.join(c.input, file.replace(/\.txt$/, '.html')), articleHtml(article));
  }
  const info = { name: c.name, source: 'www/articles/*.txt (this repository), turned into one HTML page each' };
  return { info, pages: walk(c.input).filter((file) => file.endsWith('.html')) };
}

// --- the LibreOffice help ----------------------------------------------------

function prepareLibreOffice(c) {
  const { version, pinned, root } = debianPackage(LIBREOFFICE_PACKAGE, LIBREOFFICE_VERSION);
  // The site root is the help folder (the pages' <base href> points there):
  // fr/ holds the pages, media/ the pictures.
  const help = path.join(root, 'usr/share/libreoffice/help');
  const symlinks = linkSite(help, c.site, version);
  const bookmarks = path.join(help, 'fr', 'bookmarks.js');
  const info = {
    name: c.name,
    source: `Debian package ${LIBREOFFICE_PACKAGE} ${version}, unpacked with dpkg -x; pages under usr/share/libreoffice/help/fr/`,
    package: LIBREOFFICE_PACKAGE,
    version,
    pinned,
    symlinks,
    ownSearch: fs.existsSync(bookmarks)
      ? { file: 'fr/bookmarks.js', bytes: fs.statSync(bookmarks).size, gzip: zlib.gzipSync(fs.readFileSync(bookmarks), { level: 6 }).length }
      : null,
  };
  return { info, pages: walk(c.input).filter((file) => file.endsWith('.html')) };
}

// --- the Python documentation --------------------------------------------------

/// Sphinx's generated pages that are not documents: the index of terms, the
/// search page and the module index. The rest of the site's *.html are the
/// pages; _sources/ holds their reStructuredText as .txt, not pages.
const PYTHON_NOT_PAGES = /^(genindex.*|search|py-modindex)\.html$/;

function preparePython(c) {
  const { version, pinned, root } = debianPackage(PYTHON_PACKAGE, PYTHON_VERSION);
  const html = path.join(root, 'usr/share/doc/python3.11/html');
  const symlinks = linkSite(html, c.site, version);
  const pages = walk(c.site)
    .map((file) => path.relative(c.site, file).split(path.sep).join('/'))
    .filter((rel) => rel.endsWith('.html') && !rel.startsWith('_') && !PYTHON_NOT_PAGES.test(rel));
  // Pagefind's glob names the pages at the root one by one and the folders
  // that hold pages: the same set as the list above (checked: Pagefind
  // reports how many pages it indexed).
  const top = pages.filter((rel) => !rel.includes('/')).map((rel) => rel.replace(/\.html$/, ''));
  const folders = [...new Set(pages.filter((rel) => rel.includes('/')).map((rel) => rel.split('/')[0]))];
  c.glob = `{{${top.join(',')}}.html,{${folders.join(',')}}/**/*.html}`;
  const outside = walk(c.site).map((file) => path.relative(c.site, file)).filter((rel) => folders.includes(rel.split(path.sep)[0]) && rel.endsWith('.html') && !pages.includes(rel.split(path.sep).join('/')));
  if (outside.length) throw new Error(`python-docs: the glob would take pages that are not documents: ${outside.slice(0, 3).join(', ')}`);
  fs.rmSync(c.input, { recursive: true, force: true });
  for (const rel of pages) {
    const staged = path.join(c.input, rel);
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.linkSync(path.join(c.site, rel), staged);
  }
  const info = {
    name: c.name,
    source: `Debian package ${PYTHON_PACKAGE} ${version} (Sphinx HTML), unpacked with dpkg -x; site root usr/share/doc/python3.11/html/, ` +
      'its *.html pages but genindex*, search.html and py-modindex.html (not _sources/, _static/, _images/)',
    package: PYTHON_PACKAGE,
    version,
    pinned,
    symlinks,
    symlinksNote: 'dangling (they point into libjs-jquery and libjs-underscore), left out of the copy',
    pagefindGlob: c.glob,
  };
  return { info, pages: pages.map((rel) => path.join(c.site, rel)) };
}

// --- the generated archive ------------------------------------------------------

/// The JSONL files are made once per content of archive.mjs and the articles
/// (archiveKey); the HTML pages for Pagefind once too, when first asked for.
/// Records have sections and authors (archive.mjs's `sections`), for the
/// filtered queries.
function prepareArchive(c, html) {
  const key = archiveKey(c.documents, { sections: true });
  const stamp = path.join(c.input, '.generated.json');
  let stats = fs.existsSync(stamp) ? readJson(stamp) : null;
  if (stats?.key !== key) {
    log(`generating ${c.name}: ${c.documents} documents into ${path.relative(process.cwd(), c.input)}`);
    const started = Date.now();
    stats = { key, ...generateArchive(c.input, c.documents, undefined, { sections: true }), seconds: (Date.now() - started) / 1000 };
    writeJson(stamp, stats);
  }
  fs.rmSync(path.join(c.site, '_engines'), { recursive: true, force: true });
  fs.rmSync(path.join(c.site, '_bench'), { recursive: true, force: true });
  const pages = path.join(c.site, 'archive');
  const pagesStamp = path.join(pages, '.generated');
  if (html && !(fs.existsSync(pagesStamp) && fs.readFileSync(pagesStamp, 'utf8') === key)) {
    log(`writing ${c.documents} HTML pages of ${c.name} for Pagefind`);
    fs.rmSync(pages, { recursive: true, force: true });
    fs.mkdirSync(pages, { recursive: true });
    for (const file of fs.readdirSync(c.input).filter((f) => f.endsWith('.jsonl')).sort()) {
      for (const line of fs.readFileSync(path.join(c.input, file), 'utf8').split('\n').filter(Boolean)) {
        const record = JSON.parse(line);
        const filters = { section: record.filters.section, author: record.author };
        fs.writeFileSync(path.join(pages, `${record.id}.html`), articleHtml({ title: record.title, date: record.date ?? null, paragraphs: record.body.split('\n\n'), filters }));
      }
    }
    fs.writeFileSync(pagesStamp, key);
  }
  fs.mkdirSync(c.site, { recursive: true });
  const info = {
    name: c.name,
    source: `generated by bench/lib/archive.mjs (seed ${SEED}): ${stats.files} JSONL files of ${PER_FILE} records {id, title, date, body, author, filters: {section}}, ` +
      `${(stats.bytes / 1e6).toFixed(0)} MB, sha256 ${stats.sha256.slice(0, 16)}…; French-looking text, ${stats.words.toLocaleString('en')} words, ` +
      `${stats.distinctWords.toLocaleString('en')} distinct; dated ${stats.dated}, month only ${stats.monthOnly}, undated ${stats.undated}` +
      (html ? '; HTML pages for Pagefind under archive/, section and author as <meta data-pagefind-filter>' : ''),
    generated: true,
    generator: stats,
    documents: stats.documents,
    textBytes: stats.textBytes,
  };
  writeJson(c.info, info);
  log(`corpus ${c.name}: ${stats.documents} documents, ${(stats.textBytes / 1e6).toFixed(0)} MB of text`);
  return c;
}
