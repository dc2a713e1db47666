// The <trouve-search> element: a search box with results as you type. An
// ARIA combobox: focus stays in the input, the arrows move
// aria-activedescendant. Document text goes in as text nodes only.
// Importing this module defines the element.
//
// It loads its index (entry, engine, root) as soon as it is connected; with
// load="intent", only once the visitor shows they may search: focus in the
// box (also through the / and Ctrl/⌘-K shortcuts), a pointer over it or
// pressing it. What is typed meanwhile is searched once the index is there.

import { Searcher } from './searcher.js';

const UI_STRINGS = {
  fr: {
    placeholder: 'Rechercher…',
    label: 'Rechercher',
    results: 'Résultats',
    loading: 'Chargement…',
    failed: 'Erreur\u00a0: la recherche est indisponible.',
    queryFailed: 'Erreur\u00a0: cette recherche a échoué.',
    none: (query) => `Aucun résultat pour «\u00a0${query}\u00a0»`,
    count: (n) => (n > 1 ? `${n} résultats` : `${n} résultat`),
    first: (n) => `${n} premiers résultats`,
    missing: 'Manque\u00a0: ',
    didYouMean: 'Vouliez-vous dire\u00a0: ',
    months: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre',
    date: (year, month, day) => (day ? `${day === 1 ? '1er' : day} ${month} ${year}` : `${month} ${year}`),
  },
  en: {
    placeholder: 'Search…',
    label: 'Search',
    results: 'Results',
    loading: 'Loading…',
    failed: 'Error: search is unavailable.',
    queryFailed: 'Error: this search failed.',
    none: (query) => `No results for “${query}”`,
    count: (n) => (n > 1 ? `${n} results` : `${n} result`),
    first: (n) => `First ${n} results`,
    missing: 'Missing: ',
    didYouMean: 'Did you mean: ',
    months: 'January February March April May June July August September October November December',
    date: (year, month, day) => (day ? `${month} ${day}, ${year}` : `${month} ${year}`),
  },
};

const DEFAULT_LIMIT = 8;
/** Sections of a page shown under it, unless the `sections` attribute says. */
const DEFAULT_SECTIONS = 2;
/** After this many engine crashes, the element gives up and says so. */
const MAX_CRASHES = 3;
/** Longest query the input takes (the engine reads no more than this). */
const MAX_QUERY = 512;
/** Characters of the query echoed in the status line. */
const SHOWN_QUERY = 80;

/** A query as the status line echoes it: cut to a readable length. */
function shorten(query) {
  const characters = [...query];
  return characters.length > SHOWN_QUERY ? `${characters.slice(0, SHOWN_QUERY - 1).join('')}…` : query;
}

/** One load per module URL, shared by every element and the page. */
const sharedSearchers = new Map();

function loadSearcher(url) {
  let loading = sharedSearchers.get(url.href);
  if (!loading) {
    loading = Searcher.load(url);
    sharedSearchers.set(url.href, loading);
    // A failed load may be retried later.
    loading.catch(() => sharedSearchers.delete(url.href));
  }
  return loading;
}

/** Links trouve.css (next to this script) unless the page already does. */
function linkStylesheet() {
  if (document.querySelector('link[href$="trouve.css"]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('trouve.css', import.meta.url).href;
  document.head.append(link);
}

/** `/` (outside text fields) and Ctrl/⌘-K focus the page's first search box. */
function onShortcut(event) {
  const box = document.querySelector('trouve-search');
  const target = event.target;
  const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  const modifier = event.ctrlKey || event.metaKey;
  const slash = event.key === '/' && !modifier && !event.altKey && !typing;
  const commandK = modifier && event.key.toLowerCase() === 'k' && (!typing || box?.contains(target));
  if (box && !event.defaultPrevented && (slash || commandK)) {
    event.preventDefault();
    box.focus();
  }
}

/**
 * "2026-02-25", "2026-02", "2026" → "25 février 2026", "février 2026", "2026".
 * Not Intl: loading its locale data delays the first results by ~30 ms.
 */
function formatDate(date, lang = 'fr') {
  const strings = UI_STRINGS[lang] ?? UI_STRINGS.fr;
  const [year, month, day] = String(date ?? '').split('-').map(Number);
  const monthName = strings.months.split(' ')[month - 1];
  return monthName ? strings.date(year, monthName, day) : year ? String(year) : '';
}

/** Web links only: no `javascript:` URL from a corpus. */
function safeHref(url) {
  try {
    const resolved = new URL(url, document.baseURI);
    return /^https?:$/.test(resolved.protocol) ? resolved.href : null;
  } catch {
    return null;
  }
}

/** A snippet's parts as text, the matched words in <mark>. */
function snippetOf(parts) {
  const snippet = element('span', 'trouve-snippet');
  for (const part of parts) {
    snippet.append(part.highlight ? element('mark', '', part.text) : part.text);
  }
  return snippet;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

let elementCount = 0;
let firstResultsMarked = false;

/**
 * <trouve-search src load placeholder limit sort sections>, UI language
 * from the nearest `lang`. `limit`, `sort` and `sections` (how many of a
 * page's matching sections are listed under it, 0 for none) are read at
 * each search, the others once.
 */
export class TrouveSearch extends HTMLElement {
  static formatDate = formatDate;

  #id = `trouve-${++elementCount}`;
  #lang = 'fr';
  #strings = UI_STRINGS.fr;
  #field = element('div', 'trouve-field');
  #input = element('input', 'trouve-input');
  #panel = element('div', 'trouve-panel');
  #status = element('p', 'trouve-status');
  #list = element('div', 'trouve-list');
  /** "Did you mean", with the respelled query to search instead. */
  #suggestion = element('p', 'trouve-suggest');
  #live = element('p', 'trouve-live');
  /** A failed query's message, announced at once (the status line is polite). */
  #alert = element('p', 'trouve-live');
  #error = element('p', 'trouve-error');
  #ready = false;
  #url = null;
  #loading = null;
  #searcher = null;
  #generation = 0;
  #failed = false;
  #active = -1;

  connectedCallback() {
    if (!this.#ready) this.#setUp();
    document.addEventListener('keydown', onShortcut);
    document.addEventListener('pointerdown', this.#onOutside);
  }

  disconnectedCallback() {
    if (!document.querySelector('trouve-search')) document.removeEventListener('keydown', onShortcut);
    document.removeEventListener('pointerdown', this.#onOutside);
  }

  /** Resolves to the element's Searcher once loaded (starting the load if it waits for intent). */
  get searcher() {
    return this.#load();
  }

  /** The query; setting it searches. */
  get value() {
    return this.#input.value;
  }

  set value(query) {
    this.#input.value = query ?? '';
    this.#update();
  }

  focus(options) {
    this.#input.focus(options);
    this.#input.select();
  }

  #setUp() {
    this.#ready = true;
    const lang = (this.closest('[lang]')?.lang || 'fr').slice(0, 2).toLowerCase();
    this.#lang = UI_STRINGS[lang] ? lang : 'fr';
    const strings = (this.#strings = UI_STRINGS[this.#lang]);

    const input = this.#input;
    input.type = 'search';
    input.maxLength = MAX_QUERY;
    input.placeholder = this.getAttribute('placeholder') || strings.placeholder;
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.enterKeyHint = 'search';
    input.setAttribute('aria-label', strings.label);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', `${this.#id}-list`);
    input.addEventListener('input', () => this.#update());
    input.addEventListener('keydown', (event) => this.#onKey(event));
    input.addEventListener('focus', () => {
      this.#load();
      this.#open(Boolean(this.#status.textContent));
    });
    this.addEventListener('focusout', (event) => {
      if (!this.contains(event.relatedTarget)) this.#open(false);
    });

    this.#list.id = `${this.#id}-list`;
    this.#list.setAttribute('role', 'listbox');
    this.#list.setAttribute('aria-label', strings.results);
    // Clicking a result keeps the focus in the input.
    this.#list.addEventListener('mousedown', (event) => event.preventDefault());
    this.#panel.hidden = true;
    this.#suggestion.hidden = true;
    // Choosing the respelled query keeps the focus in the input.
    this.#suggestion.addEventListener('mousedown', (event) => event.preventDefault());
    this.#panel.append(this.#status, this.#suggestion, this.#list);
    this.#live.setAttribute('role', 'status');
    this.#alert.setAttribute('role', 'alert');
    this.#error.setAttribute('role', 'alert');
    this.#error.hidden = true;
    const key = element('kbd', 'trouve-key', '/');
    key.ariaHidden = 'true';
    this.#field.append(input, key);
    this.replaceChildren(this.#field, this.#panel, this.#error, this.#live, this.#alert);

    linkStylesheet();
    const src = this.getAttribute('src');
    this.#url = src ? new URL(src, document.baseURI) : new URL('trouve-index.json', import.meta.url);
    if (this.getAttribute('load') === 'intent') {
      // Focus is caught by the input's listener above.
      for (const type of ['pointerenter', 'pointerdown']) this.addEventListener(type, () => this.#load(), { once: true });
    } else {
      this.#load();
    }
  }

  /** Starts loading the searcher, once; resolves to it. */
  #load() {
    if (!this.#ready) this.#setUp();
    if (this.#loading) return this.#loading;
    this.#field.classList.add('trouve-busy');
    this.#loading = loadSearcher(this.#url);
    this.#loading.then(
      (searcher) => {
        this.#searcher = searcher;
        this.#field.classList.remove('trouve-busy');
        if (this.#input.value.trim()) this.#update();
      },
      (error) => this.#fail(error),
    );
    return this.#loading;
  }

  // On the current value; a search that ends after a newer one began is
  // dropped, so an older query never overwrites a newer one.
  async #update(retried = false) {
    const query = this.#input.value;
    const strings = this.#strings;
    const generation = ++this.#generation;
    if (this.#failed) return;
    if (!query.trim()) return this.#show(query, [], '');
    if (!this.#searcher) {
      // Still loading, or waiting for intent when a script set the query.
      this.#load();
      return this.#show(query, [], strings.loading);
    }

    const limit = Math.max(1, parseInt(this.getAttribute('limit'), 10) || DEFAULT_LIMIT);
    let hits;
    let early = null;
    // On a large site, the first results of common words come early, from
    // the documents where they weigh most, and are settled a moment later.
    const onEarly = (found) => {
      if (generation !== this.#generation) return;
      early = JSON.stringify(found);
      this.#present(query, found, limit, true);
    };
    try {
      // One more than shown, to tell whether there are more.
      hits = await this.#searcher.search(query, { limit: limit + 1, sort: this.getAttribute('sort') || undefined, onEarly });
    } catch (error) {
      if (generation !== this.#generation) return;
      // A crash restarts the engine: search again once it is back, but
      // only once, and not at all after a few crashes (the index is
      // broken, not unlucky). Any other failure is shown, never retried.
      if (this.#searcher.crashes >= MAX_CRASHES) {
        return this.#fail(new Error(`Trouve: the search engine failed ${this.#searcher.crashes} times and was stopped; reload the page to try again (${error.cause?.message ?? error.message})`));
      }
      if (error.restarted && !retried) {
        error.restarted.then(() => generation === this.#generation && this.#update(true), (failure) => this.#fail(failure));
      }
      return this.#show(query, [], error.message, true);
    }
    if (generation !== this.#generation) return;
    // Settled as shown early: nothing moves under the visitor's eyes.
    if (early === null || early !== JSON.stringify(hits)) this.#present(query, hits, limit, false);
    this.#suggest(query, generation);
  }

  /** Offers the query as the documents spell it, when they spell it otherwise. */
  async #suggest(query, generation) {
    let respelled = [];
    try {
      respelled = await this.#searcher.suggest(query);
    } catch {
      // A suggestion is a nicety: the results are what was asked for.
    }
    if (generation !== this.#generation || !respelled.length) return;
    const button = element('button', 'trouve-suggestion', respelled[0].trim());
    button.type = 'button';
    button.addEventListener('click', () => {
      this.#input.value = respelled[0];
      this.#input.focus();
      this.#update();
    });
    this.#suggestion.replaceChildren(this.#strings.didYouMean, button);
    this.#suggestion.hidden = false;
    this.#live.textContent = `${this.#status.textContent}. ${this.#suggestion.textContent}`;
  }

  /** Shows a search's `hits` (`limit` + 1 of them when there are more). */
  #present(query, hits, limit, early) {
    const more = hits.length > limit;
    if (more) hits = hits.slice(0, limit);
    const strings = this.#strings;
    const shown = shorten(query.trim());
    const summary = !hits.length ? strings.none(shown) : more ? strings.first(limit) : strings.count(hits.length);
    this.#show(query, hits, summary);
    if (hits.length && !firstResultsMarked) {
      firstResultsMarked = true;
      performance.mark('trouve:first-results');
    }
    this.dispatchEvent(new CustomEvent('trouve-results', { bubbles: true, detail: { query, hits, early, time: performance.now() } }));
  }

  /** Shows `hits` under `status`: a summary, or what went wrong when `failed`. */
  #show(query, hits, status, failed = false) {
    this.#active = -1;
    this.#input.removeAttribute('aria-activedescendant');
    this.#suggestion.hidden = true;
    const sections = Math.max(0, parseInt(this.getAttribute('sections') ?? DEFAULT_SECTIONS, 10) || 0);
    let index = 0;
    this.#list.replaceChildren(...hits.flatMap((hit) => {
      const page = this.#option(hit, index++, sections > 0 && hit.sections?.length > 0);
      const under = (hit.sections ?? []).slice(0, sections).map((section) => this.#sectionOption(hit, section, index++, page));
      return [page, ...under];
    }));
    this.#status.classList.toggle('trouve-status-error', failed);
    if (failed) {
      this.#status.replaceChildren(element('strong', '', this.#strings.queryFailed), ' ', element('span', 'trouve-detail', status));
    } else {
      this.#status.textContent = status;
    }
    this.#live.textContent = failed ? '' : status;
    this.#alert.textContent = failed ? this.#status.textContent : '';
    this.#open(Boolean(status));
  }

  /** An option of the list: a link to `url` (web links only) that the arrows reach. */
  #optionLink(className, index, hit, url) {
    const option = element('a', className);
    option.id = `${this.#id}-${index}`;
    option.tabIndex = -1;
    option.setAttribute('role', 'option');
    option.setAttribute('aria-selected', 'false');
    option.dataset.docId = hit.id;
    const href = safeHref(url);
    if (href) option.href = href;
    return option;
  }

  /** A result; with `withSections`, its sections follow and show its snippets. */
  #option(hit, index, withSections) {
    const option = this.#optionLink('trouve-hit', index, hit, hit.url);
    option.append(element('span', 'trouve-title', hit.title));
    if (hit.date) {
      const time = element('time', 'trouve-date', formatDate(hit.date, this.#lang));
      time.dateTime = hit.date;
      option.append(time);
    }
    if (!withSections) option.append(snippetOf(hit.snippet));
    if (hit.missing.length) {
      const missing = element('span', 'trouve-missing', this.#strings.missing);
      for (const word of hit.missing) missing.append(element('s', '', word), ' ');
      option.append(missing);
    }
    return option;
  }

  /** A section of a result, listed under it: its heading, linked to it, and its snippet. */
  #sectionOption(hit, section, index, page) {
    const option = this.#optionLink('trouve-hit trouve-section', index, hit, section.url);
    // Read out with the page it belongs to.
    const title = page.querySelector('.trouve-title');
    title.id ||= `${page.id}-title`;
    option.setAttribute('aria-describedby', title.id);
    option.append(element('span', 'trouve-section-heading', section.heading));
    if (section.snippet.length) option.append(snippetOf(section.snippet));
    return option;
  }

  #onKey(event) {
    const count = this.#list.children.length;
    const open = !this.#panel.hidden;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!count) return;
      event.preventDefault();
      if (!open) return this.#open(true);
      // From -1 (no result) to count - 1, wrapping.
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.#activate(((this.#active + 1 + step + count + 1) % (count + 1)) - 1);
    } else if (event.key === 'Enter') {
      const option = this.#list.children[Math.max(this.#active, 0)];
      if (option && open) {
        event.preventDefault();
        option.click();
      }
    } else if (event.key === 'Escape') {
      // Else a search input clears itself.
      event.preventDefault();
      if (open) this.#open(false);
      else this.#input.blur();
    }
  }

  #activate(index) {
    const options = this.#list.children;
    options[this.#active]?.setAttribute('aria-selected', 'false');
    this.#active = index;
    const option = options[index];
    if (option) {
      option.setAttribute('aria-selected', 'true');
      this.#input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      this.#input.removeAttribute('aria-activedescendant');
    }
  }

  #open(open) {
    if (!open) this.#activate(-1);
    this.#panel.hidden = !open;
    this.#input.setAttribute('aria-expanded', String(open));
  }

  #onOutside = (event) => {
    if (!this.contains(event.target)) this.#open(false);
  };

  #fail(error) {
    this.#failed = true;
    this.#field.classList.remove('trouve-busy');
    this.#open(false);
    this.#error.replaceChildren(element('strong', '', this.#strings.failed), ' ', element('span', 'trouve-detail', error.message));
    this.#error.hidden = false;
    this.#input.setAttribute('aria-describedby', this.#error.id = `${this.#id}-error`);
  }
}

if (!customElements.get('trouve-search')) customElements.define('trouve-search', TrouveSearch);
