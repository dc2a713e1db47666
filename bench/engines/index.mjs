// The engines, in the order the runs alternate them.
import trouve from './trouve.mjs';
import pagefind from './pagefind.mjs';
import minisearch from './minisearch.mjs';
import flexsearch from './flexsearch.mjs';
import lunr from './lunr.mjs';

export const ENGINES = [trouve, pagefind, minisearch, flexsearch, lunr];
/// Ratios are given against this one.
export const BASELINE = 'pagefind';
