// The <trouve-search> element: a search box with results as you type, in
// a search landmark. An ARIA combobox: focus stays in the input, the arrows
// move aria-activedescendant. Document text goes in as text nodes only.
// Importing this module defines the element.
//
// It loads its index (entry, engine, root) once the visitor shows they may
// search: focus in the box (also through the / and Ctrl/⌘-K shortcuts), a
// pointer over it or pressing it; what is typed meanwhile is searched once
// the index is there. With load="eager", as soon as it is connected.

import { element, hitContent, hitParts, safeHref, shorten, SNIPPET_WORDS, snippetOf, summaryOf } from './hit-view.js';
import { Searcher } from './searcher.js';
import { applyScheme, systemScheme } from './theme.js';
import { formatDate, shipped, TEXTS } from './texts.js';

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
function shortQuery(query) {
  const characters = [...query];
  return characters.length > SHOWN_QUERY ? `${characters.slice(0, SHOWN_QUERY - 1).join('')}…` : query;
}

/** One load per bundle and language, shared by every element and the page. */
const sharedSearchers = new Map();

function loadSearcher(url, language) {
  const key = `${url.href} ${language}`;
  let loading = sharedSearchers.get(key);
  if (!loading) {
    loading = Searcher.load(url, { language });
    sharedSearchers.set(key, loading);
    // A failed load may be retried later.
    loading.catch(() => sharedSearchers.delete(key));
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

/** Values of a filter key offered at first; "+n" offers the others. */
const MAX_CHIPS = 8;
/**
 * A bound as the Searcher takes it: not year 0002, which a date input holds
 * while a year is typed, nor text a browser without date inputs takes.
 */
const DATE = /^[1-9]\d{3}(-\d\d){0,2}$/;

let elementCount = 0;
let firstResultsMarked = false;

/** An attribute's whole number, within [min, max], else `fallback`. */
function numberAttribute(host, name, fallback, min, max) {
  const value = parseInt(host.getAttribute(name), 10);
  return Number.isNaN(value) ? fallback : Math.min(max, Math.max(min, value));
}

/**
 * <trouve-search src load placeholder limit sort sections path
 * snippet-words filters dates images theme texts>. `limit`, `sort`,
 * `sections` (how many of a page's matching sections are listed under it,
 * 0 for none), `path`, `snippet-words`, `filters` (the filter keys offered
 * as chips, with counts: `filters="section author"`), `dates` (a from-to
 * control of the documents' dates) and `images` (show each result's
 * `meta.image`) are read at each search, the others once. The texts are
 * those of the nearest `lang`, else of the index's language, else English,
 * with `texts` (JSON, or the property) over them.
 */
export class TrouveSearch extends HTMLElement {
  /** The texts of every shipped language; add one with `TrouveSearch.texts.xx = {...}`. */
  static texts = TEXTS;

  static formatDate(date, lang = 'en') {
    return formatDate(date, TEXTS[shipped(lang) ?? 'en']);
  }

  /** A site's own layout of a result: `(hit, parts) => Node | Node[] | string`. */
  render = null;

  #id = `trouve-${++elementCount}`;
  #lang = null;
  /** The index's language, once it is loaded. */
  #indexLang = null;
  #overrides = {};
  #strings = TEXTS.en;
  #template = null;
  #landmark = null;
  #field = element('div', 'trouve-field');
  #input = element('input', 'trouve-input');
  #panel = element('div', 'trouve-panel');
  #status = element('p', 'trouve-status');
  #list = element('div', 'trouve-list');
  /** The chips of the `filters` attribute's keys, and the values chosen, by key. */
  #chips = element('div', 'trouve-filters');
  #chosen = {};
  /** The keys whose every value is shown (their "+n" chosen). */
  #expanded = new Set();
  /** The `dates` attribute's row: a date input a bound, and a button that clears both. */
  #dates = element('div', 'trouve-dates');
  #from = element('input', 'trouve-bound');
  #to = element('input', 'trouve-bound');
  #clear = element('button', 'trouve-clear', '×');
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
    systemScheme.addEventListener('change', this.#followScheme);
  }

  disconnectedCallback() {
    if (!document.querySelector('trouve-search')) document.removeEventListener('keydown', onShortcut);
    document.removeEventListener('pointerdown', this.#onOutside);
    systemScheme.removeEventListener('change', this.#followScheme);
  }

  /** The texts over the language's own: any of `TrouveSearch.texts.en`'s keys. */
  get texts() {
    return this.#strings;
  }

  set texts(overrides) {
    this.#overrides = { ...overrides };
    if (this.#ready) this.#applyTexts();
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
    this.#lang = shipped(this.closest('[lang]')?.lang);
    this.#template = this.querySelector(':scope > template');
    const texts = this.getAttribute('texts');
    if (texts) {
      try {
        this.#overrides = { ...JSON.parse(texts), ...this.#overrides };
      } catch (error) {
        console.error(`<trouve-search texts>: not JSON (${error.message}); the default texts are used`);
      }
    }

    const input = this.#input;
    input.type = 'search';
    input.maxLength = MAX_QUERY;
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.enterKeyHint = 'search';
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
    // Clicking a result keeps the focus in the input.
    this.#list.addEventListener('mousedown', (event) => event.preventDefault());
    this.#panel.hidden = true;
    this.#suggestion.hidden = true;
    // Choosing the respelled query keeps the focus in the input.
    this.#suggestion.addEventListener('mousedown', (event) => event.preventDefault());
    // Choosing a chip keeps the focus in the input.
    this.#chips.addEventListener('mousedown', (event) => event.preventDefault());
    // A bound changed searches again; a bound cleared is no bound.
    for (const bound of [this.#from, this.#to]) {
      bound.type = 'date';
      bound.addEventListener('input', () => this.#update());
    }
    this.#clear.type = 'button';
    this.#clear.addEventListener('mousedown', (event) => event.preventDefault());
    this.#clear.addEventListener('click', () => {
      // The button hides: the focus, if on it, goes to the first bound.
      if (document.activeElement === this.#clear) this.#from.focus();
      this.#from.value = this.#to.value = '';
      this.#update();
    });
    this.#dates.setAttribute('role', 'group');
    this.#panel.append(this.#status, this.#suggestion, this.#chips, this.#list);
    this.#live.setAttribute('role', 'status');
    this.#alert.setAttribute('role', 'alert');
    this.#error.setAttribute('role', 'alert');
    this.#error.hidden = true;
    const key = element('kbd', 'trouve-key', '/');
    key.ariaHidden = 'true';
    this.#field.append(input, key);
    // A search landmark, unless the page already put the element in one.
    const inLandmark = this.closest('search, [role=search]');
    this.#landmark = element(inLandmark ? 'div' : 'search', 'trouve-landmark');
    // Browsers before the <search> element (2023) know the role.
    if (this.#landmark instanceof HTMLUnknownElement) this.#landmark.setAttribute('role', 'search');
    this.#landmark.append(this.#field, this.#panel, this.#error, this.#live, this.#alert);
    this.replaceChildren(this.#landmark);
    this.#applyTexts();
    this.#followScheme();

    linkStylesheet();
    const src = this.getAttribute('src');
    this.#url = src ? new URL(src, document.baseURI) : new URL('trouve-index.json', import.meta.url);
    if (this.getAttribute('load') === 'eager') {
      this.#load();
    } else {
      // Focus is caught by the input's listener above.
      for (const type of ['pointerenter', 'pointerdown']) this.addEventListener(type, () => this.#load(), { once: true });
    }
  }

  /** The texts: the page's language, else the index's (once known), else English, with the overrides over them. */
  #applyTexts() {
    const lang = this.#lang ?? shipped(this.#indexLang) ?? 'en';
    const strings = (this.#strings = { ...TEXTS.en, ...TEXTS[lang], ...this.#overrides });
    this.#input.placeholder = this.getAttribute('placeholder') || strings.placeholder;
    this.#input.setAttribute('aria-label', strings.label);
    if (this.#landmark.localName === 'search') this.#landmark.setAttribute('aria-label', strings.label);
    this.#list.setAttribute('aria-label', strings.results);
    this.#dates.setAttribute('aria-label', strings.dates);
    this.#clear.setAttribute('aria-label', strings.clearDates);
    const label = (text, input) => {
      const node = element('label', '', text);
      node.append(input);
      return node;
    };
    this.#dates.replaceChildren(element('span', 'trouve-chips-key', strings.dates), label(strings.from, this.#from), label(strings.to, this.#to), this.#clear);
  }

  #followScheme = () => applyScheme(this, this.#landmark);

  /** Starts loading the searcher, once; resolves to it. */
  #load() {
    if (!this.#ready) this.#setUp();
    if (this.#loading) return this.#loading;
    this.#field.classList.add('trouve-busy');
    // A site in several languages: the index of the element's own.
    this.#loading = loadSearcher(this.#url, this.closest('[lang]')?.lang ?? '');
    this.#loading.then(
      (searcher) => {
        this.#searcher = searcher;
        this.#indexLang = searcher.language;
        if (!this.#lang) this.#applyTexts();
        this.#field.classList.remove('trouve-busy');
        if (this.#input.value.trim() || this.#chooses()) this.#update();
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
    // The dates' row above the chips while the attribute is there (no
    // inputs of its own in the element otherwise); neither bound past the
    // other in the pickers (only when it changes: setting it, Chromium
    // forgets the year being typed); the clear button while a bound is set.
    const dated = this.hasAttribute('dates');
    if (dated !== this.#dates.isConnected) dated ? this.#chips.before(this.#dates) : this.#dates.remove();
    if (this.#from.max !== this.#to.value) this.#from.max = this.#to.value;
    if (this.#to.min !== this.#from.value) this.#to.min = this.#from.value;
    this.#clear.hidden = !(this.#from.value || this.#to.value);
    // No words: what the chips and dates choose, newest first (a section
    // or a month browsed); nothing when none is chosen.
    const words = query.trim();
    if (!words && !this.#chooses()) {
      this.#chips.replaceChildren();
      return this.#show(query, [], '');
    }
    if (!this.#searcher) {
      // Still loading, or waiting for intent when a script set the query.
      this.#load();
      return this.#show(query, [], strings.loading);
    }

    const limit = numberAttribute(this, 'limit', DEFAULT_LIMIT, 1, 100);
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
      hits = await this.#searcher.search(query, { limit: limit + 1, sort: this.getAttribute('sort') || undefined, filters: this.#filters(), ...this.#bounds(), onEarly });
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
    if (words) this.#suggest(query, generation);
    this.#offerFilters(query, generation);
  }

  /** Whether a chip or a date bound is chosen. */
  #chooses() {
    const { after, before } = this.#bounds();
    return Boolean(after || before || Object.keys(this.#filters()).length);
  }

  /** The `dates` control's bounds, as the Searcher takes them (one that is not a date: none). */
  #bounds() {
    const bound = (input) => (this.#dates.isConnected && DATE.test(input.value) ? input.value : undefined);
    return { after: bound(this.#from), before: bound(this.#to) };
  }

  /** The values chosen, as the Searcher takes them; without `except`'s. */
  #filters(except) {
    const keys = (this.getAttribute('filters') || '').split(/[\s,]+/);
    return Object.fromEntries(keys.filter((key) => key && key !== except && this.#chosen[key]?.size).map((key) => [key, [...this.#chosen[key]]]));
  }

  /**
   * A row of chips a key of the `filters` attribute: each value the query's
   * documents hold, with how many, counted within the dates and under the
   * other keys' choices (so that a key's values can be chosen together); a
   * chip chosen stays.
   */
  async #offerFilters(query, generation) {
    const keys = (this.getAttribute('filters') || '').split(/[\s,]+/).filter(Boolean);
    const rows = [];
    // One count a distinct set of choices: with none chosen, one for all keys.
    const asked = new Map();
    for (const key of keys) {
      const filters = this.#filters(key);
      const same = JSON.stringify(filters);
      if (!asked.has(same)) asked.set(same, this.#searcher.facets(query, { filters, ...this.#bounds() }));
      let counts;
      try {
        counts = (await asked.get(same))[key] ?? {};
      } catch {
        // A key the index does not have, or a piece that failed: no chips for it.
        continue;
      }
      const chosen = (this.#chosen[key] ??= new Set());
      const offered = Object.entries(counts)
        .filter(([value, count]) => count || chosen.has(value))
        .sort((a, b) => b[1] - a[1]);
      // The busiest values, and those chosen; "+n" shows the rest.
      const shown = offered.filter(([value], i) => i < MAX_CHIPS || chosen.has(value) || this.#expanded.has(key));
      const chips = shown.map(([value, count]) => {
        const chip = element('button', 'trouve-chip', value);
        chip.type = 'button';
        chip.setAttribute('aria-pressed', String(chosen.has(value)));
        chip.append(element('span', 'trouve-count', String(count)));
        chip.addEventListener('click', () => {
          if (!chosen.delete(value)) chosen.add(value);
          this.#update();
        });
        return chip;
      });
      if (shown.length < offered.length) {
        const more = element('button', 'trouve-chip trouve-more', `+${offered.length - shown.length}`);
        more.type = 'button';
        more.setAttribute('aria-expanded', 'false');
        more.addEventListener('click', () => {
          this.#expanded.add(key);
          this.#offerFilters(this.#input.value, this.#generation);
        });
        chips.push(more);
      }
      if (!chips.length) continue;
      const row = element('div', 'trouve-chips');
      row.setAttribute('role', 'group');
      row.setAttribute('aria-label', key);
      row.append(element('span', 'trouve-chips-key', key), ...chips);
      rows.push(row);
    }
    if (generation === this.#generation) this.#chips.replaceChildren(...rows);
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
    const summary = summaryOf(this.#strings, shortQuery(query.trim()), hits.length, more);
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
    const sections = numberAttribute(this, 'sections', DEFAULT_SECTIONS, 0, 3);
    const show = {
      path: this.getAttribute('path') !== 'none',
      snippetWords: numberAttribute(this, 'snippet-words', SNIPPET_WORDS, 0, SNIPPET_WORDS),
      images: this.hasAttribute('images'),
    };
    let index = 0;
    this.#list.replaceChildren(...hits.flatMap((hit) => {
      const page = this.#option(hit, index++, { ...show, snippet: show.snippetWords > 0 && !(sections > 0 && hit.sections?.length > 0) });
      const under = (hit.sections ?? []).slice(0, sections).map((section) => this.#sectionOption(hit, section, index++, page, show.snippetWords));
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

  /** A result (`show`: what of it, see hitParts); its sections, if listed, follow it. */
  #option(hit, index, show) {
    const option = this.#optionLink('trouve-hit', index, hit, hit.url);
    const parts = hitParts(hit, this.#strings, show);
    option.append(...hitContent(hit, parts, { render: this.render, template: this.#template }));
    if (parts.image && option.contains(parts.image)) option.classList.add('trouve-hit-image');
    // Whatever the layout, the title names the option for its sections.
    option.dataset.title = hit.title;
    return option;
  }

  /** A section of a result, listed under it: its heading, linked to it, and its snippet. */
  #sectionOption(hit, section, index, page, snippetWords) {
    const option = this.#optionLink('trouve-hit trouve-section', index, hit, section.url);
    // Read out with the page it belongs to.
    let title = page.querySelector('.trouve-title');
    if (!title) page.append((title = element('span', 'trouve-live', page.dataset.title)));
    title.id ||= `${page.id}-title`;
    option.setAttribute('aria-describedby', title.id);
    option.append(element('span', 'trouve-section-heading', section.heading));
    if (section.snippet.length && snippetWords > 0) option.append(snippetOf(shorten(section.snippet, snippetWords)));
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
    else if (this.#panel.hidden) this.#followScheme();
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
