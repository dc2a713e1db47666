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
}

export interface SearchOptions {
  /** Most results to return (default 10). */
  limit?: number;
  /** Only documents dated on or after this date ("2025", "2025-04", "2025-04-01"). */
  after?: string;
  /** Only documents dated on or before this date. */
  before?: string;
  /** "relevance" (default) or "date" (newest first). */
  sort?: 'relevance' | 'date';
}

/** A loaded search index. */
export class Searcher {
  /**
   * Loads the search module, by default the trouve.wasm next to trouve.js.
   * Rejects with an Error that says what is wrong: missing, damaged, or
   * built for another version of Trouve.
   */
  static load(url?: string | URL): Promise<Searcher>;
  private constructor();
  /** Ranked results. Every word is required; the last one is completed. */
  search(query: string, options?: SearchOptions): Hit[];
  /** Completions of the word being typed, most frequent first. */
  complete(query: string, limit?: number): string[];
  /** Every document without its body, newest first, undated last. */
  documents(): Summary[];
  /** One whole document, or null when no document has this id. */
  document(id: string): Doc | null;
  readonly documentCount: number;
  /** The index's language code, e.g. "fr". */
  readonly language: string;
  /** Resolves once an engine that crashed has been replaced (at once if none). */
  ready(): Promise<void>;
}

/** Detail of the `trouve-results` event, fired once each search's results (maybe none) are in the DOM. */
export interface TrouveResultsDetail {
  query: string;
  hits: Hit[];
  /** `performance.now()` once the results are in the DOM. */
  time: number;
}

/**
 * `<trouve-search src placeholder limit sort lang>`: a search box with
 * results as you type. `src` defaults to the trouve.wasm next to trouve.js,
 * `limit` to 8, the UI language to the nearest `lang` ("fr" or "en").
 */
export class TrouveSearch extends HTMLElement {
  /** Formats a Trouve date for people: "25 février 2026", "février 2026", "2026". */
  static formatDate(date: string | null | undefined, lang?: string): string;
  /** The Searcher this element uses, shared with other elements with the same `src`. */
  readonly searcher: Promise<Searcher>;
  /** The query; setting it searches and shows the results. */
  value: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'trouve-search': TrouveSearch;
  }
  interface HTMLElementEventMap {
    'trouve-results': CustomEvent<TrouveResultsDetail>;
  }
}
