// The demo news archive: the front page's list of articles, the article
// reader, and the service worker that keeps both working offline. All
// content comes from the search module, so the demo fits any corpus.
import { TrouveSearch } from './trouve/trouve.js';

const SITE_NAME = 'Archives Vietnam–Russie';
const box = document.querySelector('trouve-search');
const params = new URLSearchParams(location.search);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function readerLink(id, text) {
  const link = element('a', '', text);
  link.href = `article.html?id=${encodeURIComponent(id)}`;
  return link;
}

function dateLine(date, className) {
  if (!date) return element('span', `${className} undated`, 'Sans date');
  const time = element('time', className, TrouveSearch.formatDate(date, 'fr'));
  time.dateTime = date;
  return time;
}

function paragraphs(body) {
  return body.split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean);
}

/**
 * How a paragraph of a news text reads: photo captions, short headings
 * (no final punctuation) and agency credits ("VNA/CVN") get their own look.
 */
function paragraphKind(text) {
  if (/\bPhotos?\s?:/.test(text) && text.length < 240) return 'caption';
  if (!/\p{Ll}/u.test(text)) return 'credit';
  if (text.length < 90 && !/[.!?:;…»)]$/.test(text)) return 'subhead';
  return 'text';
}

/** The first real paragraph of an article, for listings. */
function excerpt(body) {
  const texts = paragraphs(body).filter((text) => paragraphKind(text) === 'text');
  return texts.find((text) => text.length >= 100) ?? texts[0] ?? '';
}

async function showFrontPage(searcher) {
  const list = document.getElementById('articles');
  const documents = await searcher.documents();
  const bodies = await Promise.all(documents.map((summary) => searcher.document(summary.id)));
  const count = documents.length;
  document.getElementById('article-count').textContent = `${count} dépêche${count > 1 ? 's' : ''}, de la plus récente à la plus ancienne`;
  list.replaceChildren(
    ...documents.map((summary, index) => {
      const item = element('li', index === 0 ? 'story story-lead' : 'story');
      item.append(
        dateLine(summary.date, 'story-date'),
        element('h2', 'story-title'),
        element('p', 'story-excerpt', excerpt(bodies[index]?.body ?? '')),
      );
      item.children[1].append(readerLink(summary.id, summary.title));
      return item;
    }),
  );
  list.removeAttribute('aria-busy');
}

/** Searches for `?q=` as soon as the module is ready, and keeps the address in step. */
function followQueryParameter() {
  const query = params.get('q');
  if (query) box.value = query;
  // So that Back from an article brings the search back.
  box.addEventListener('input', () => {
    const url = box.value ? `?q=${encodeURIComponent(box.value)}` : location.pathname;
    history.replaceState(null, '', url);
  });
}

async function showArticle(searcher) {
  const article = document.getElementById('article');
  const id = params.get('id') ?? '';
  const doc = id ? await searcher.document(id) : null;
  if (!doc) {
    document.title = `Article introuvable — ${SITE_NAME}`;
    article.classList.add('not-found');
    article.replaceChildren(
      element('h1', 'article-title', 'Article introuvable'),
      element('p', 'article-text', id ? `Aucun article de l’archive ne porte l’identifiant «\u00a0${id}\u00a0». Il a peut-être été retiré, ou le lien est incomplet.` : 'Le lien ne précise aucun article.'),
      element('p', 'article-text', 'Utilisez la recherche ci-dessus, ou revenez à la liste des dépêches.'),
    );
  } else {
    document.title = `${doc.title} — ${SITE_NAME}`;
    const body = paragraphs(doc.body).map((text) => {
      const kind = paragraphKind(text);
      return element(kind === 'subhead' ? 'h2' : 'p', `article-${kind}`, text);
    });
    article.replaceChildren(dateLine(doc.date, 'article-date'), element('h1', 'article-title', doc.title), ...body);
  }
  article.removeAttribute('aria-busy');

  const others = (await searcher.documents()).filter((summary) => summary.id !== id).slice(0, 5);
  document.getElementById('related').replaceChildren(
    ...others.map((summary) => {
      const item = element('li');
      item.append(dateLine(summary.date, 'related-date'), readerLink(summary.id, summary.title));
      return item;
    }),
  );
}

/** Shown in place of the content when the module cannot load. */
function showUnavailable(error) {
  const target = document.querySelector('[aria-busy]');
  const text = `L’archive n’a pas pu être chargée. ${error.message}`;
  target?.replaceChildren(element(target.tagName === 'OL' ? 'li' : 'p', 'unavailable', text));
  target?.removeAttribute('aria-busy');
}

const formatBytes = (bytes) => `${(bytes / 1e6).toLocaleString('fr', { maximumFractionDigits: 1 })} Mo`;

/**
 * A split index loads piece by piece: offer to download all of it, so that
 * the whole archive can be searched offline (the service worker keeps it).
 */
function offerDownload(searcher) {
  const card = document.getElementById('offline');
  if (!card || searcher.layout !== 'split') return;
  const button = card.querySelector('.offline-button');
  const progress = card.querySelector('.offline-progress');
  const status = card.querySelector('.offline-status');
  const total = searcher.files().reduce((sum, [, bytes]) => sum + bytes, 0);
  button.textContent = `Télécharger l’index (${formatBytes(total)})`;
  card.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    progress.hidden = false;
    try {
      const done = await searcher.downloadAll({
        onProgress({ loaded, total }) {
          progress.value = total ? loaded / total : 1;
          status.textContent = `${formatBytes(loaded)} sur ${formatBytes(total)}`;
        },
      });
      status.textContent = `L’index est sur cet appareil : ${done.files} fichiers, ${formatBytes(done.bytes)}.`;
    } catch (error) {
      status.textContent = `Le téléchargement a échoué. ${error.message}`;
      button.disabled = false;
    }
  });
}

/** After the page has loaded, so it does not compete with the first results. */
async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  try {
    await navigator.serviceWorker.register('sw.js');
  } catch (error) {
    console.warn(`Offline reading is unavailable: ${error.message}`);
  }
}

if (document.body.dataset.page === 'home') followQueryParameter();
try {
  const searcher = await box.searcher;
  if (document.body.dataset.page === 'article') await showArticle(searcher);
  else await showFrontPage(searcher);
  if (document.body.dataset.page === 'home') offerDownload(searcher);
} catch (error) {
  showUnavailable(error);
}
registerServiceWorker();
