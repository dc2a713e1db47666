// MiniSearch's options, shared by the index build (Node) and the page: the
// index can only be loaded with the options it was built with.
// - prefix: true and fuzzy: 0.2, boost title 2: the README's search options
//   for search-as-you-type and typo tolerance;
// - processTerm folds accents and case: MiniSearch does no stemming and no
//   accent folding itself; its author recommends folding in processTerm
//   (issue lucaong/minisearch#153). No French stemmer ships with it.
const fold = (term) => term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const options = {
  fields: ['title', 'body'],
  storeFields: ['url', 'title'],
  processTerm: fold,
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 2 } },
};
