// Types for trouve.js: the Searcher API and the <trouve-search> element.

/** A piece of a result's snippet; `highlight` marks a matched word. */
export interface SnippetPart {
  text: string;
  highlight: boolean;
}

/** A document without its body, as listed by `Searcher.documents()`. */
export interface Summary {
  id: string;
  title: string;
  url: string;
  /** "2026", "2026-02" or "2026-02-25"; null when undated. */
  date: string | null;
  /**
   * What the page says of itself (`data-trouve-meta`, `og:image`, front
   * matter `image`, JSON `meta`): `{ image: '/une.jpg' }`; `{}` when nothing.
   */
  meta: Record<string, string>;
}

/** A whole document, from `Searcher.document(id)`. */
export interface Doc extends Summary {
  body: string;
}

/** A search result, the same object `trouve search --json` prints. */
export interface Hit extends Summary {
  score: number;
  /** An excerpt around the matches, in order. */
  snippet: SnippetPart[];
  /** Query words this result lacks (empty when it has them all). */
  missing: string[];
  /**
   * The sections of the page whose heading or text holds query words, best
   * first (at most 3): the page's results, grouped under it.
   */
  sections: SectionHit[];
}

/** A section of a result that matched. */
export interface SectionHit {
  /** The section's heading. */
  heading: string;
  /** The page's URL leading to the section (`/page.html#anchor`), or the page's own. */
  url: string;
  /** An excerpt of the section around the matches; empty when only its heading matched. */
  snippet: SnippetPart[];
}

export interface SearchOptions {
  /** Most results to return (default 10). */
  limit?: number;
  /** Only documents dated on or after this date ("2025", "2025-04", "2025-04-01"). */
  after?: string;
  /** Only documents dated on or before this date. */
  before?: string;
  /**
   * "relevance" (default), "date" (newest first; "date:asc" oldest first),
   * or a number field (`data-trouve-sort`, JSON `sort`, `--sort-key`):
   * "price" (ascending), "price:desc", or `{ price: 'desc' }`. Documents
   * without a value come last.
   */
  sort?: string | Record<string, 'asc' | 'desc'>;
  /**
   * Called first with early results, on a large site (the split layout)
   * when the query's common words cannot be ranked from the documents where
   * they weigh most alone: those documents, each with every word, shown
   * while the rest of the words' lists arrive. The promise then resolves to
   * the settled results.
   */
  onEarly?: (hits: Hit[]) => void;
  /**
   * Only documents with these filter values (`data-trouve-filter`, front
   * matter `tags`, `categories`, `author`, JSON `filters`): per key, a list
   * (any of them), or `{ any, all, none }`; for a number field, a range
   * `{ min, max }` (both included, either may be left out; dates as
   * "2024", "2024-03" or "2024-03-01" for a field of dates). A key the
   * index does not have is an error. With no words, the documents the
   * filters (or dates) keep, newest first unless `sort` says.
   */
  filters?: Filters;
}

/**
 * Filter values by key: `{ section: ['Politique'], tags: { all: ['a', 'b'], none: ['c'] },
 * price: { min: 10, max: 20 } }`.
 */
export type Filters = Record<
  string,
  | string
  | string[]
  | { any?: string[]; all?: string[]; none?: string[] }
  | { min?: number | string; max?: number | string }
>;

/** How many documents hold each value of each filter key: `{ section: { Politique: 12, Sport: 0 } }`. */
export type Facets = Record<string, Record<string, number>>;

/** Progress of `downloadAll`. */
export interface DownloadProgress {
  /** Bytes downloaded so far, of `total`. */
  loaded: number;
  total: number;
  /** Files downloaded so far, of `of`. */
  files: number;
  of: number;
}

/** A loaded search index. */
export class Searcher {
  /**
   * Loads an index from its bundle's entry, by default the
   * trouve-index.json next to trouve.js: the whole index in one module
   * (the single layout), or the engine and the root of an index fetched in
   * pieces as queries need them (the split layout). A site in several
   * languages has an index for each: `language` (by default the page's
   * `<html lang>`) picks one, else the site's main language's is loaded.
   * Rejects with an Error that says what is wrong: missing, damaged, or
   * built for another version of Trouve.
   */
  static load(url?: string | URL, options?: { language?: string }): Promise<Searcher>;
  private constructor();
  /** "single" or "split". */
  readonly layout: 'single' | 'split';
  /**
   * Ranked results. Every word is required; the last one is completed;
   * "quoted phrases" match in order; -word excludes. Rejects with an Error
   * naming the file when a piece of the index cannot be had.
   */
  search(query: string, options?: SearchOptions): Promise<Hit[]>;
  /**
   * How many of the documents `query` finds (with the dates and filters)
   * hold each value of each filter key; with an empty query, of every
   * document the options admit.
   */
  facets(query: string, options?: Pick<SearchOptions, 'after' | 'before' | 'filters'>): Promise<Facets>;
  /** Completions of the word being typed, most frequent first. */
  complete(query: string, limit?: number): Promise<string[]>;
  /**
   * "Did you mean": the query as the documents spell it, when some of its
   * words were found only through a typo or not at all; else `[]`.
   */
  suggest(query: string): Promise<string[]>;
  /** Every document without its body, newest first, undated last. */
  documents(): Promise<Summary[]>;
  /** One whole document, or null when no document has this id. */
  document(id: string): Promise<Doc | null>;
  /**
   * Downloads every piece of a split index, so that every query can be
   * answered offline (with trouve-sw.js keeping them). Nothing to do for a
   * single-layout index.
   */
  downloadAll(options?: { onProgress?: (progress: DownloadProgress) => void }): Promise<{ files: number; bytes: number }>;
  /** Every file a split index may need, as [url, bytes] (a precache list). */
  files(): Array<[string, number]>;
  /** How many times the engine crashed and was restarted. */
  readonly crashes: number;
  readonly documentCount: number;
  /** The index's language code, e.g. "fr". */
  readonly language: string;
}

/** Detail of the `trouve-results` event, fired once each search's results (maybe none) are in the DOM. */
export interface TrouveResultsDetail {
  query: string;
  hits: Hit[];
  /** Early results (see `SearchOptions.onEarly`): settled ones follow, unless they are the same. */
  early: boolean;
  /** `performance.now()` once the results are in the DOM. */
  time: number;
}

/** What `<trouve-search>` says; `{n}`, `{query}`, `{day}`, `{month}`, `{year}` are filled in. */
export interface TrouveTexts {
  placeholder: string;
  label: string;
  results: string;
  loading: string;
  failed: string;
  queryFailed: string;
  /** No result for `{query}`. */
  none: string;
  one: string;
  /** `{n}` results. */
  many: string;
  /** The first `{n}` results, when there are more. */
  first: string;
  missing: string;
  didYouMean: string;
  /** The `dates` control's name, shown before its inputs ("date"). */
  dates: string;
  /** The labels of its two inputs: "from", "to". */
  from: string;
  to: string;
  /** The name of its × button, which clears both bounds. */
  clearDates: string;
  /** The twelve month names, separated by spaces. */
  months: string;
  /** A full date, e.g. "{day} {month} {year}". */
  day: string;
  /** Used for day 1 when set ("1er"). */
  firstDay?: string;
  /** A month, e.g. "{month} {year}". */
  month: string;
}

/** A result's parts as nodes (document text in text nodes), for a layout of the site's own. */
export interface HitParts {
  title: HTMLElement;
  date: HTMLTimeElement | null;
  path: HTMLElement | null;
  snippet: HTMLElement | null;
  missing: HTMLElement | null;
  /** The result's `meta.image`, with the `images` attribute; null otherwise or when it has none. */
  image: HTMLImageElement | null;
}

/**
 * `<trouve-search src load placeholder limit sort sections path
 * snippet-words filters dates images theme texts>`: a search box with results as
 * you type, in a search landmark.
 * - `src`: the bundle's entry (default: trouve-index.json next to trouve.js);
 * - `load`: when the index is downloaded: on intent by default (focus in
 *   the box, also by the / and Ctrl/⌘-K shortcuts, a pointer over it or
 *   pressing it; a query typed meanwhile runs once loaded), "eager" as soon
 *   as the element is connected;
 * - `limit` (default 8), `sort` ("date", or a number field: "prix",
 *   "prix:desc"), `sections` (a page's sections
 *   listed under it, 0 to 3, default 2), `path` ("none" hides each
 *   result's path), `snippet-words` (at most 28, the default; 0 hides
 *   snippets);
 * - `filters`: filter keys offered as chips with counts, e.g.
 *   "section author"; `dates` (no value): "from" and "to" date inputs
 *   above the results, which narrow them and the chips' counts (see
 *   `SearchOptions.after` and `before`); with no words typed, the chips
 *   and dates chosen list what they keep, newest first (nothing when none
 *   is chosen); `images` (no value): each result shows its
 *   `meta.image`, a web URL, relative to the result's page;
 * - `theme`: "light", "dark" or "auto" (the system's); by default the host
 *   page's;
 * - `texts`: JSON over the texts of the nearest `lang` (fr, en, de, es, it,
 *   pt, nl), else the index's language, else English.
 * A `<template>` child lays results out: elements with
 * `data-trouve="title|date|path|snippet|missing|image"` are replaced by the parts.
 */
export class TrouveSearch extends HTMLElement {
  /** The texts of every shipped language; add one: `TrouveSearch.texts.pl = {...}`. */
  static texts: Record<string, TrouveTexts>;
  /** Formats a Trouve date for people: "25 février 2026", "février 2026", "2026" (default language: en). */
  static formatDate(date: string | null | undefined, lang?: string): string;
  /**
   * The Searcher this element uses, shared with other elements with the
   * same `src`. Reading it starts the download, even before intent.
   */
  readonly searcher: Promise<Searcher>;
  /** The query; setting it searches and shows the results. */
  value: string;
  /** The texts in use; setting some replaces earlier overrides (the `texts` attribute's included). */
  texts: Partial<TrouveTexts>;
  /** A result's layout of the site's own, inside its option (the link, which the arrows reach). */
  render: ((hit: Hit, parts: HitParts) => Node | string | Array<Node | string> | null) | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'trouve-search': TrouveSearch;
  }
  interface HTMLElementEventMap {
    'trouve-results': CustomEvent<TrouveResultsDetail>;
  }
}
