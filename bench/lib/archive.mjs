// A generated news archive, for the size a real site's archive reaches
// (100,000 documents, `--corpus archive-100k`): deterministic, so that two
// runs, or two machines, index the same bytes.
//   node bench/lib/archive.mjs OUT_DIR [DOCUMENTS] [--sections]
//                                                     writes it, prints its stats
//
// One JSONL file per 1,000 documents, one record a line: {id, title, date, body}
// (`date` left out for the few undated ones), the way a CMS exports; with
// --sections, each also has an `author` and a `filters: {section}` (drawn
// from a stream of their own: the text is the same either way).
//   - words: a Zipf law (p ∝ 1/(rank + 2.7)) over a vocabulary of 200,000:
//     first the words of www/articles/*.txt, most frequent first, then
//     invented French-looking words (syllables and French endings), so that
//     a few hundred words make most of the text and most words are rare;
//   - mixed in: names (first and last names from small lists), places, and
//     numbers (years, percentages, amounts), as news text has;
//   - 300 to 1,500 words a body, in sentences and paragraphs; a title of 4
//     to 11 words without the most frequent ones;
//   - dates over 20 years (2006-2025): most YYYY-MM-DD, some YYYY-MM, a few none.
// Each document has its own random stream, seeded from (SEED, its number):
// the first 10,000 documents of archive-100k are archive-10k.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from './util.mjs';

export const SEED = 20_061_125;
export const PER_FILE = 1000;
const VOCABULARY = 200_000;
const ZIPF_SHIFT = 2.7;
/// Title words are drawn from the same law without the most frequent words
/// (de, la, le, et, ...), which no headline is made of.
const TITLE_SKIP = 60;

const SECTIONS = ['Politique', 'International', 'Économie', 'Société', 'Culture', 'Sport', 'Sciences', 'Régions'];
/// Sections are not equally busy.
const SECTION_WEIGHTS = [18, 16, 14, 14, 10, 12, 6, 10];

const FIRST_NAMES = ['Marie', 'Jean', 'Pierre', 'Sophie', 'Nicolas', 'Isabelle', 'François', 'Catherine', 'Michel', 'Nathalie',
  'Philippe', 'Claire', 'Alain', 'Julie', 'Laurent', 'Anne', 'Olivier', 'Camille', 'Thomas', 'Élise', 'Bernard', 'Hélène',
  'Éric', 'Céline', 'Patrick', 'Margaux', 'Antoine', 'Chloé', 'Julien', 'Léa'];
const LAST_NAMES = ['Martin', 'Dubois', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Lefèvre',
  'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert',
  'Bonnet', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Perrin', 'Chevalier',
  'Clément', 'Gauthier', 'Masson', 'Marchand', 'Duval', 'Nguyen'];
const PLACES = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux', 'Lille', 'Nantes', 'Strasbourg', 'Rennes', 'Grenoble',
  'Montpellier', 'Nice', 'Saint-Étienne', 'Clermont-Ferrand', 'Aix-en-Provence', 'Besançon', 'Dijon', 'Brest', 'Limoges',
  'Perpignan', 'Bruxelles', 'Genève', 'Montréal', 'Dakar', 'Moscou', 'Hanoï', 'Berlin', 'Madrid', 'Rome', 'Alger'];
const ONSETS = ['b', 'c', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'ch', 'br', 'cr', 'dr', 'fr', 'gr', 'pr',
  'tr', 'pl', 'cl', 'bl', 'fl', 'gu', 'qu', ''];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'é', 'è', 'ai', 'au', 'eau', 'ou', 'oi', 'an', 'en', 'on', 'in', 'eu', 'ie'];
const ENDINGS = ['', '', '', '', 's', 'tion', 'ment', 'eur', 'ique', 'isme', 'ance', 'ence', 'oire', 'age', 'ette', 'eux',
  'ier', 'ière', 'er', 'é', 'ée', 'al', 'aux', 'elle', 'iste', 'ure', 'esse', 'ard', 'ois', 'ine'];

/// mulberry32: a small, fast, well-mixed 32-bit generator; enough here.
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// A seed per document from (SEED, n), mixed so that neighbours differ.
function documentSeed(n) {
  let h = Math.imul(SEED ^ Math.imul(n + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const between = (rand, low, high) => low + Math.floor(rand() * (high - low + 1));

/// The words of the bundled articles, most frequent first (ties in
/// alphabetical order), each in its most frequent spelling (case kept:
/// « Vietnam », « Poutine »). Elided articles (l’, d’, qu’) are not words;
/// « aujourd’hui » is one.
export function articleWords() {
  const dir = path.join(REPO, 'www', 'articles');
  const counts = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\s*date\s+\d{4}-\d{2}(?:-\d{2})?/, '');
    for (const [token] of text.matchAll(/\p{L}+(?:[-’']\p{L}+)*/gu)) {
      const word = token.replace(/^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)[’']/iu, '');
      const lower = word.toLowerCase().replace(/'/g, '’');
      if (lower.length < 2 && !['a', 'à', 'y'].includes(lower)) continue;
      const entry = counts.get(lower) ?? { n: 0, forms: new Map() };
      entry.n += 1;
      entry.forms.set(word, (entry.forms.get(word) ?? 0) + 1);
      counts.set(lower, entry);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .map(([, entry]) => [...entry.forms.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]);
}

/// The whole vocabulary, by rank: the articles' words, then invented ones.
export function vocabulary() {
  const words = articleWords();
  const seen = new Set(words.map((w) => w.toLowerCase()));
  const rand = random(SEED);
  while (words.length < VOCABULARY) {
    let word = '';
    const syllables = 1 + Math.floor(rand() * 2.6);
    for (let i = 0; i < syllables; i++) word += pick(rand, ONSETS) + pick(rand, VOWELS);
    word += pick(rand, ENDINGS);
    if (word.length < 4 || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

/// Walker's alias method: one draw per word whatever the vocabulary's size.
function aliasTable(weights) {
  const n = weights.length;
  const total = weights.reduce((s, w) => s + w, 0);
  const prob = new Float64Array(n), alias = new Uint32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small = [], large = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop(), l = large.pop();
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return (rand) => {
    const i = Math.floor(rand() * n);
    return rand() < prob[i] ? i : alias[i];
  };
}

function number(rand) {
  const kind = rand();
  if (kind < 0.4) return `en ${between(rand, 1945, 2025)}`;
  if (kind < 0.7) {
    const value = rand() < 0.5 ? String(between(rand, 1, 99)) : `${between(rand, 0, 99)},${between(rand, 1, 9)}`;
    return `${value} %`;
  }
  if (kind < 0.85) return `${between(rand, 2, 950)} millions d’euros`;
  return `${between(rand, 1, 999)} ${String(between(rand, 0, 999)).padStart(3, '0')} euros`;
}

const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function date(rand) {
  const kind = rand();
  if (kind < 0.02) return null;
  const year = between(rand, 2006, 2025), month = between(rand, 1, 12);
  const ym = `${year}-${String(month).padStart(2, '0')}`;
  if (kind < 0.12) return ym;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${ym}-${String(between(rand, 1, days)).padStart(2, '0')}`;
}

/// Document number n, from its own random stream.
function makeDocument(n, words, draw, used) {
  const rand = random(documentSeed(n));
  const word = () => {
    const rank = draw(rand);
    used[rank] = 1;
    return words[rank];
  };
  const titleWords = [];
  for (let i = between(rand, 4, 11); i > 0; i--) {
    let rank;
    do rank = draw(rand); while (rank < TITLE_SKIP);
    used[rank] = 1;
    titleWords.push(words[rank]);
  }
  if (rand() < 0.3) titleWords.splice(between(rand, 0, titleWords.length), 0, rand() < 0.5 ? pick(rand, PLACES) : `${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}`);
  const title = capitalize(titleWords.join(' '));

  const target = between(rand, 300, 1500);
  const paragraphs = [];
  let count = 0, sentences = [], inParagraph = between(rand, 3, 7);
  while (count < target) {
    const parts = [];
    for (let i = between(rand, 6, 28); i > 0; i--) parts.push(word());
    // Names, places and numbers take a word's place, as often as news has them.
    if (rand() < 0.18) parts[between(rand, 0, parts.length - 1)] = `${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}`;
    if (rand() < 0.1) parts[between(rand, 0, parts.length - 1)] = `à ${pick(rand, PLACES)}`;
    if (rand() < 0.12) parts[between(rand, 0, parts.length - 1)] = number(rand);
    if (parts.length > 12 && rand() < 0.4) parts[between(rand, 3, parts.length - 4)] += ',';
    // The last sentence stops at the body's length.
    const tokens = parts.join(' ').split(' ').slice(0, target - count);
    count += tokens.length;
    const sentence = tokens.join(' ').replace(/,$/, '');
    sentences.push(capitalize(sentence) + '.');
    if (--inParagraph === 0 || count >= target) {
      paragraphs.push(sentences.join(' '));
      sentences = [];
      inParagraph = between(rand, 3, 7);
    }
  }
  const record = { id: String(n).padStart(6, '0'), title };
  const when = date(rand);
  if (when) record.date = when;
  record.body = paragraphs.join('\n\n');
  return { record, words: count };
}

/// Document number n's author and section, from a stream apart from its
/// text's: 40 bylines, a few of them busy. (The bench checks filtered
/// results against it: lib/browser.mjs.)
export function byline(n) {
  const rand = random(documentSeed(n) ^ 0x5ec7);
  const i = Math.floor(rand() ** 2 * 40);
  const author = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}`;
  let weight = rand() * SECTION_WEIGHTS.reduce((a, b) => a + b, 0);
  const section = SECTIONS.find((_, i) => (weight -= SECTION_WEIGHTS[i]) < 0) ?? SECTIONS[0];
  return { author, filters: { section } };
}

/// Makes document number n of the archive (`make(n)`: its record and its
/// body's word count), the same whatever else is made: what
/// generateArchive writes, and what bench/deploy.mjs adds to it. `used`
/// marks the vocabulary's words drawn so far.
export function recordMaker({ sections = false } = {}) {
  const words = vocabulary();
  const draw = aliasTable(words.map((_, rank) => 1 / (rank + 1 + ZIPF_SHIFT)));
  const used = new Uint8Array(words.length);
  const make = (n) => {
    const made = makeDocument(n, words, draw, used);
    if (sections) Object.assign(made.record, byline(n));
    return made;
  };
  return { make, used };
}

/// Writes `documents` documents into `dir` (docs-000.jsonl, ...), calling
/// `onRecord(record)` for each if given; returns what the report says of it.
/// With `sections`, each record has an author and a section too.
export function generateArchive(dir, documents, onRecord, { sections = false } = {}) {
  const { make, used } = recordMaker({ sections });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const hash = crypto.createHash('sha256');
  const stats = { documents, files: 0, bytes: 0, textBytes: 0, words: 0, dated: 0, monthOnly: 0, undated: 0 };
  for (let first = 0; first < documents; first += PER_FILE) {
    const lines = [];
    for (let n = first; n < Math.min(documents, first + PER_FILE); n++) {
      const { record, words: count } = make(n);
      lines.push(JSON.stringify(record));
      stats.words += count;
      stats.textBytes += Buffer.byteLength(record.title) + Buffer.byteLength(record.body);
      if (!record.date) stats.undated += 1;
      else if (record.date.length === 7) stats.monthOnly += 1;
      else stats.dated += 1;
      onRecord?.(record);
    }
    const data = Buffer.from(lines.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, `docs-${String(first / PER_FILE).padStart(3, '0')}.jsonl`), data);
    hash.update(data);
    stats.files += 1;
    stats.bytes += data.length;
  }
  stats.vocabulary = used.length;
  stats.distinctWords = used.reduce((sum, u) => sum + u, 0);
  stats.sha256 = hash.digest('hex');
  return stats;
}

/// What the output depends on: this file, the articles, the size, and
/// whether the records have sections. A change to any of them makes a new
/// archive.
export function archiveKey(documents, { sections = false } = {}) {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  const dir = path.join(REPO, 'www', 'articles');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) hash.update(fs.readFileSync(path.join(dir, file)));
  hash.update(String(documents));
  if (sections) hash.update('sections');
  return hash.digest('hex').slice(0, 16);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sections = args.includes('--sections');
  const [out, documents = '100000'] = args.filter((arg) => arg !== '--sections');
  if (!out) {
    console.error('usage: node bench/lib/archive.mjs OUT_DIR [DOCUMENTS] [--sections]');
    process.exit(2);
  }
  const started = Date.now();
  const stats = generateArchive(out, Number(documents), undefined, { sections });
  console.log(JSON.stringify({ ...stats, seconds: (Date.now() - started) / 1000 }));
}
