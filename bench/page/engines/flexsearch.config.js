// FlexSearch's Document options, shared by the index build (Node) and the
// page: an exported index is imported into a Document built the same way.
// - encoder: Charset.LatinAdvanced stacked with the corpus's language pack
//   (French; English for the Python documentation), as the encoder docs
//   show for a language ("stack up and combine multiple presets"): accent
//   folding, phonetic normalisation, the language's stop words and suffix
//   stemming;
// - tokenize "forward": prefixes of every word, for search-as-you-type;
// - typo tolerance comes from the phonetic encoder and `suggest: true` at
//   search time (the README's "Fuzzy-Search" section).
export function options({ Charset, Encoder }, language) {
  const encoder = new Encoder(Charset.LatinAdvanced, language);
  return {
    tokenize: 'forward',
    encoder,
    document: {
      id: 'id',
      index: ['title', 'body'],
      store: ['url', 'title'],
    },
  };
}

export const searchOptions = { suggest: true, enrich: true, merge: true };
