// Trouve in the browser: the Searcher API and the <trouve-search> element,
// which this import defines. `trouve build` ships this module, bundled with
// what it imports, as trouve.js next to the search module.

export { Searcher } from './searcher.js';
export { TrouveSearch } from './trouve-search.js';
