// What <trouve-search> says, in the languages it ships, and how a site
// changes it. Plain strings with {n}, {query}, {day}, {month}, {year} to fill
// in, so that a page can override any of them from an attribute (JSON).

/** Every text of one language; `TEXTS.xx = {...}` adds a language. */
export const TEXTS = {
  fr: {
    placeholder: 'Rechercher…',
    label: 'Rechercher',
    results: 'Résultats',
    loading: 'Chargement…',
    failed: 'Erreur\u00a0: la recherche est indisponible.',
    queryFailed: 'Erreur\u00a0: cette recherche a échoué.',
    none: 'Aucun résultat pour «\u00a0{query}\u00a0»',
    one: '1 résultat',
    many: '{n} résultats',
    first: '{n} premiers résultats',
    missing: 'Manque\u00a0: ',
    didYouMean: 'Vouliez-vous dire\u00a0: ',
    dates: 'date',
    from: 'du',
    to: 'au',
    clearDates: 'Effacer les dates',
    months: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre',
    day: '{day} {month} {year}',
    firstDay: '1er',
    month: '{month} {year}',
  },
  en: {
    placeholder: 'Search…',
    label: 'Search',
    results: 'Results',
    loading: 'Loading…',
    failed: 'Error: search is unavailable.',
    queryFailed: 'Error: this search failed.',
    none: 'No results for “{query}”',
    one: '1 result',
    many: '{n} results',
    first: 'First {n} results',
    missing: 'Missing: ',
    didYouMean: 'Did you mean: ',
    dates: 'date',
    from: 'from',
    to: 'to',
    clearDates: 'Clear the dates',
    months: 'January February March April May June July August September October November December',
    day: '{month} {day}, {year}',
    month: '{month} {year}',
  },
  de: {
    placeholder: 'Suchen…',
    label: 'Suchen',
    results: 'Ergebnisse',
    loading: 'Wird geladen…',
    failed: 'Fehler: Die Suche ist nicht verfügbar.',
    queryFailed: 'Fehler: Diese Suche ist fehlgeschlagen.',
    none: 'Keine Ergebnisse für „{query}“',
    one: '1 Ergebnis',
    many: '{n} Ergebnisse',
    first: 'Die ersten {n} Ergebnisse',
    missing: 'Fehlt: ',
    didYouMean: 'Meinten Sie: ',
    dates: 'Datum',
    from: 'von',
    to: 'bis',
    clearDates: 'Daten löschen',
    months: 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember',
    day: '{day}. {month} {year}',
    month: '{month} {year}',
  },
  es: {
    placeholder: 'Buscar…',
    label: 'Buscar',
    results: 'Resultados',
    loading: 'Cargando…',
    failed: 'Error: la búsqueda no está disponible.',
    queryFailed: 'Error: esta búsqueda ha fallado.',
    none: 'No hay resultados para «{query}»',
    one: '1 resultado',
    many: '{n} resultados',
    first: 'Primeros {n} resultados',
    missing: 'Falta: ',
    didYouMean: 'Quizás quiso decir: ',
    dates: 'fecha',
    from: 'desde',
    to: 'hasta',
    clearDates: 'Borrar las fechas',
    months: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
    day: '{day} de {month} de {year}',
    month: '{month} de {year}',
  },
  it: {
    placeholder: 'Cerca…',
    label: 'Cerca',
    results: 'Risultati',
    loading: 'Caricamento…',
    failed: 'Errore: la ricerca non è disponibile.',
    queryFailed: 'Errore: questa ricerca non è riuscita.',
    none: 'Nessun risultato per «{query}»',
    one: '1 risultato',
    many: '{n} risultati',
    first: 'Primi {n} risultati',
    missing: 'Manca: ',
    didYouMean: 'Forse cercavi: ',
    dates: 'data',
    from: 'dal',
    to: 'al',
    clearDates: 'Cancella le date',
    months: 'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
    day: '{day} {month} {year}',
    month: '{month} {year}',
  },
  pt: {
    placeholder: 'Pesquisar…',
    label: 'Pesquisar',
    results: 'Resultados',
    loading: 'Carregando…',
    failed: 'Erro: a pesquisa não está disponível.',
    queryFailed: 'Erro: esta pesquisa falhou.',
    none: 'Nenhum resultado para «{query}»',
    one: '1 resultado',
    many: '{n} resultados',
    first: 'Primeiros {n} resultados',
    missing: 'Falta: ',
    didYouMean: 'Quis dizer: ',
    dates: 'data',
    from: 'de',
    to: 'até',
    clearDates: 'Limpar as datas',
    months: 'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro',
    day: '{day} de {month} de {year}',
    month: '{month} de {year}',
  },
  nl: {
    placeholder: 'Zoeken…',
    label: 'Zoeken',
    results: 'Resultaten',
    loading: 'Laden…',
    failed: 'Fout: zoeken is niet beschikbaar.',
    queryFailed: 'Fout: deze zoekopdracht is mislukt.',
    none: 'Geen resultaten voor ‘{query}’',
    one: '1 resultaat',
    many: '{n} resultaten',
    first: 'Eerste {n} resultaten',
    missing: 'Ontbreekt: ',
    didYouMean: 'Bedoelde u: ',
    dates: 'datum',
    from: 'van',
    to: 'tot',
    clearDates: 'Datums wissen',
    months: 'januari februari maart april mei juni juli augustus september oktober november december',
    day: '{day} {month} {year}',
    month: '{month} {year}',
  },
};

/** `text` with each {name} replaced by `values[name]`. */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The language of `lang` ("de-CH" → "de") when it has texts, else null. */
export function shipped(lang) {
  const code = String(lang ?? '').slice(0, 2).toLowerCase();
  return Object.hasOwn(TEXTS, code) ? code : null;
}

/**
 * "2026-02-25", "2026-02", "2026" → "25 février 2026", "février 2026",
 * "2026", with `texts` (one language's). Not Intl: loading its locale data
 * delays the first results by ~30 ms.
 */
export function formatDate(date, texts) {
  const [year, month, day] = String(date ?? '').split('-').map(Number);
  const monthName = texts.months.split(' ')[month - 1];
  if (!monthName) return year ? String(year) : '';
  if (!day) return fill(texts.month, { month: monthName, year });
  return fill(texts.day, { day: day === 1 && texts.firstDay ? texts.firstDay : day, month: monthName, year });
}
