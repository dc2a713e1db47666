// Pagefind: its CLI over the site, limited to the corpus pages (`--glob`).
// Run with its defaults: it reads the language from <html lang> (French or
// English stemming),
// matches the last word as a prefix and folds diacritics at search time; it
// has no typo tolerance to switch on.
import fs from 'node:fs';
import { packagePath, packageVersion } from '../lib/util.mjs';

const BINARY = packagePath('@pagefind/linux-x64', 'bin', 'pagefind_extended');

export default {
  name: 'pagefind',
  label: 'Pagefind',
  available: () => (process.platform === 'linux' && process.arch === 'x64' && fs.existsSync(BINARY)) || 'the Pagefind binary is for linux x64 only',
  versions: () => ({ pagefind: packageVersion('@pagefind/linux-x64') }),
  assets() {},
  command: (corpus, out) => [BINARY, ['--site', corpus.site, '--glob', corpus.glob, '--output-path', out]],
  reads: 'pages',
  /// It takes filters: the corpus's filtered queries run on it (page/engines/*.js
  /// says how each is asked); an engine without this skips them, and the
  /// report says so.
  filters: true,
  /// Everything but the ready-made interfaces (UI, modular UI, component UI,
  /// highlighting), which a page using the JavaScript API does not load.
  searchFile: (file) => !/^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/.test(file),
};
