// The neutral HTML → {title, date, body} extractor that feeds the JavaScript
// libraries (MiniSearch, FlexSearch, lunr): one rule for every page of every
// corpus, written before looking at any engine's results.
//   title: <title>, else the first <h1>
//   date:  the first <time datetime>
//   body:  the text of <main> (or of the element with role="main", its ARIA
//          equivalent, which Sphinx writes) if there is one, else of <body>;
//          without the page furniture (header, nav, aside, footer, forms,
//          scripts, and elements with role="navigation" or "search")
// Pagefind and Trouve read the HTML themselves, with their own extractors.

import { importPackage } from './util.mjs';

const { parse, NodeType } = await importPackage('node-html-parser');

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'header', 'nav', 'aside', 'footer', 'form', 'button', 'select']);
const SKIPPED_ROLES = new Set(['navigation', 'search']);
const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tr', 'td', 'th', 'pre', 'blockquote', 'br', 'hr', 'figure', 'figcaption', 'caption']);

function collect(node, parts) {
  if (node.nodeType === NodeType.TEXT_NODE) {
    parts.push(node.text);
    return;
  }
  if (node.nodeType !== NodeType.ELEMENT_NODE) return;
  const tag = node.rawTagName?.toLowerCase();
  if (SKIPPED.has(tag) || SKIPPED_ROLES.has(node.getAttribute('role'))) return;
  const block = BLOCK.has(tag);
  if (block) parts.push(' ');
  for (const child of node.childNodes) collect(child, parts);
  if (block) parts.push(' ');
}

const squeeze = (text) => text.replace(/\s+/g, ' ').trim();

export function extract(html) {
  const root = parse(html, { comment: false, blockTextElements: { script: true, noscript: true, style: true } });
  const title = squeeze(root.querySelector('title')?.text ?? '') || squeeze(root.querySelector('h1')?.text ?? '');
  const date = root.querySelector('time[datetime]')?.getAttribute('datetime') ?? null;
  const scope = root.querySelector('main') ?? root.querySelector('[role="main"]') ?? root.querySelector('body') ?? root;
  const parts = [];
  collect(scope, parts);
  return { title, date, body: squeeze(parts.join('')) };
}
