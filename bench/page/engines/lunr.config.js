// lunr with lunr-languages' French support, as its README shows:
// `this.use(lunr.fr)` (French trimmer, stop words and Snowball stemmer),
// title boosted 10; for English, lunr's default pipeline (its English
// trimmer, stop words and Porter stemmer), nothing to add. Prefixes and typos are query features in lunr (trailing
// wildcard, edit distance), so the page builds each query with the query
// API: every word exact and stemmed (boost 10), as a prefix (boost 2), and
// within one edit when it is 4 letters or more (boost 1).
export function build(lunr, docs, lang = 'fr') {
  return lunr(function () {
    if (lang !== 'en') this.use(lunr[lang]);
    this.ref('id');
    this.field('title', { boost: 10 });
    this.field('body');
    for (const doc of docs) this.add({ id: String(doc.id), title: doc.title, body: doc.body });
  });
}

export function query(lunr, index, text) {
  const words = lunr.tokenizer(text).map((token) => token.toString()).filter(Boolean);
  if (!words.length) return [];
  return index.query((q) => {
    for (const word of words) {
      q.term(word, { boost: 10 });
      q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 2 });
      if (word.length >= 4) q.term(word, { usePipeline: false, editDistance: 1, boost: 1 });
    }
  });
}
