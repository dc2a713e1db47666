// What a result shows inside its option of <trouve-search>: title, date,
// path, snippet and missing words, built from document text as text nodes
// only. A site may lay them out its own way, with a <template> or a render
// callback; the parts it gets are still these nodes.

import { fill, formatDate } from './texts.js';

/** The engine's snippets are at most this many words; `snippet-words` can ask for fewer. */
export const SNIPPET_WORDS = 28;

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Web links only: no `javascript:` URL from a corpus. */
export function safeHref(url) {
  try {
    const resolved = new URL(url, document.baseURI);
    return /^https?:$/.test(resolved.protocol) ? resolved.href : null;
  } catch {
    return null;
  }
}

/**
 * A result's place on the site, as a visitor reads it:
 * "/library/functions.html" → "library › functions"; another site's host
 * comes first. Null when there is nothing to show (the home page).
 */
export function pathOf(url) {
  let resolved;
  try {
    resolved = new URL(url, document.baseURI);
  } catch {
    return null;
  }
  const segments = resolved.pathname.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  if (/^index\.html?$/i.test(segments.at(-1) ?? '')) segments.pop();
  if (segments.length) segments[segments.length - 1] = segments.at(-1).replace(/\.html?$/i, '');
  if (resolved.host !== location.host) segments.unshift(resolved.host);
  return segments.length ? segments.join(' › ') : null;
}

/**
 * At most `words` words of a snippet, around its first match, with "…"
 * where words were cut (the engine already marks its own cuts).
 */
export function shorten(parts, words) {
  if (!(words < SNIPPET_WORDS)) return parts;
  // Words and the spaces between them, each remembering its highlight.
  const pieces = parts.flatMap((part) =>
    part.text.split(/(\s+)/).filter(Boolean).map((text) => ({ text, highlight: part.highlight, space: /^\s/.test(text) })),
  );
  // Where each word starts: a piece after a space (a match inside a word,
  // "paquet" of "paquet,", is not a word of its own).
  const wordAt = [];
  pieces.forEach((piece, i) => piece.space || (i > 0 && !pieces[i - 1].space) || wordAt.push(i));
  if (wordAt.length <= words) return parts;
  const firstMatch = Math.max(0, wordAt.findIndex((i) => pieces[i].highlight));
  const start = Math.max(0, Math.min(firstMatch - Math.floor(words / 4), wordAt.length - words));
  const end = start + words;
  const kept = pieces.slice(wordAt[start], end < wordAt.length ? wordAt[end] : pieces.length);
  while (kept.at(-1)?.space) kept.pop();
  const out = [];
  for (const piece of kept) {
    const last = out.at(-1);
    if (last && last.highlight === piece.highlight) last.text += piece.text;
    else out.push({ text: piece.text, highlight: piece.highlight });
  }
  if (start > 0 && !/^…/.test(out[0].text)) out.unshift({ text: '… ', highlight: false });
  if (end < wordAt.length && !/…$/.test(out.at(-1).text)) out.push({ text: ' …', highlight: false });
  return out;
}

/** A snippet's parts as text, the matched words in <mark>. */
export function snippetOf(parts) {
  const snippet = element('span', 'trouve-snippet');
  for (const part of parts) {
    snippet.append(part.highlight ? element('mark', '', part.text) : part.text);
  }
  return snippet;
}

/**
 * A result's image (`meta.image`, a web URL, relative to the result's
 * page as the page wrote it), or null; it goes away if it fails to load.
 */
function imageOf(hit) {
  const source = hit.meta?.image;
  if (!source) return null;
  let src;
  try {
    src = safeHref(new URL(source, new URL(hit.url, document.baseURI)).href);
  } catch {
    return null;
  }
  if (!src) return null;
  const image = element('img', 'trouve-image');
  image.alt = hit.meta.image_alt ?? '';
  image.loading = 'lazy';
  image.decoding = 'async';
  image.addEventListener('error', () => image.remove());
  image.src = src;
  return image;
}

/**
 * The parts of a result as nodes: `title`, `date`, `path`, `snippet`,
 * `missing`, `image` (null when the result has none). `show` says what to
 * include: `{ path, snippet, snippetWords, images }`.
 */
export function hitParts(hit, texts, show) {
  const date = hit.date ? element('time', 'trouve-date', formatDate(hit.date, texts)) : null;
  if (date) date.dateTime = hit.date;
  const path = show.path ? pathOf(hit.url) : null;
  let missing = null;
  if (hit.missing.length) {
    missing = element('span', 'trouve-missing', texts.missing);
    for (const word of hit.missing) missing.append(element('s', '', word), ' ');
  }
  return {
    title: element('span', 'trouve-title', hit.title),
    date,
    path: path ? element('span', 'trouve-path', path) : null,
    snippet: show.snippet ? snippetOf(shorten(hit.snippet, show.snippetWords)) : null,
    missing,
    image: show.images ? imageOf(hit) : null,
  };
}

/**
 * What goes in a result's option: the site's `render(hit, parts)` (nodes or
 * text), else its `<template>` with `data-trouve="title|date|path|snippet|
 * missing|image"` slots filled with the parts, else the parts in order.
 */
export function hitContent(hit, parts, { render, template }) {
  if (render) {
    const made = render(hit, parts);
    return (Array.isArray(made) ? made : [made]).filter((node) => node != null);
  }
  if (template) {
    const content = template.content.cloneNode(true);
    for (const slot of content.querySelectorAll('[data-trouve]')) {
      const part = parts[slot.dataset.trouve];
      if (part) slot.replaceWith(part);
      else slot.remove();
    }
    return [content];
  }
  return [parts.image, parts.title, parts.date, parts.path, parts.snippet, parts.missing].filter(Boolean);
}

/** `texts.none`/`one`/`many`/`first` for a search's outcome. */
export function summaryOf(texts, query, shown, more) {
  // Nothing chosen by chips or dates alone (no words): "0 results".
  if (!shown) return query ? fill(texts.none, { query }) : fill(texts.many, { n: 0 });
  if (more) return fill(texts.first, { n: shown });
  return shown === 1 ? fill(texts.one, { n: 1 }) : fill(texts.many, { n: shown });
}
