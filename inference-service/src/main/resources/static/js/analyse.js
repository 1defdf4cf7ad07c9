// Analyse a garment: one photo drives /api/v1/predict and /api/v1/similar; the similar items can be narrowed to
// those sharing a predicted attribute (filter=<head>:<label>). Words drive /api/v1/search (the served model's text
// encoder); the query lives in the URL (#/analyse?q=...), so a search is a shareable link.
import { $, el, postForm, request, say, itemCard } from './api.js';

let photo = null;
let top = {};

function showPredictions(p) {
  const box = $('predictions');
  box.replaceChildren();
  top = {};
  Object.entries(p.predictions).forEach(([head, labels]) => {
    top[head] = labels[0].label;
    const rows = labels.map((l) => {
      const pct = (l.probability * 100).toFixed(1);
      return el('div', { class: 'bar', 'data-head': head },
        el('span', { class: 'label', text: l.label }),
        el('span', { class: 'track', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': pct, 'aria-label': `${head} ${l.label}` },
          el('span', { class: 'fill', style: `width:${Math.max(1, l.probability * 100)}%` })),
        el('span', { class: 'pct', text: `${pct}%` }));
    });
    box.append(el('div', { class: 'head' }, el('h3', { text: head }), ...rows));
  });
  $('prediction-meta').textContent =
    `${p.model.name} v${p.model.version} · ${p.timings.totalMs} ms (inference ${p.timings.inferenceMs} ms, batch of ${p.timings.batchSize})`;
  $('predictions-card').hidden = false;
  const filters = $('similar-filters');
  filters.replaceChildren(filters.querySelector('legend'), ...Object.entries(top).map(([head, label]) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'filter', value: `${head}:${label}` }), ` ${head}: ${label}`)));
}

// catalogue items ranked by score, best first, as cards in a grid: similar items and search results alike
function showRanked(grid, results, scoreName) {
  $(grid).replaceChildren(...results.map((item) =>
    itemCard(item, el('p', { class: 'meta', text: `${scoreName} ${item.score.toFixed(3)}` }))));
}

async function showSimilar() {
  const filter = [...document.querySelectorAll('#similar-filters input:checked')].map((i) => i.value);
  say('similar-status', 'Searching the catalogue…');
  try {
    const s = await postForm('/api/v1/similar', { image: photo, topK: 8, filter });
    showRanked('similar', s.results, 'similarity');
    say('similar-status', s.results.length ? `${s.results.length} items${filter.length ? ` with ${filter.join(', ')}` : ''}.`
      : `No catalogue item has ${filter.join(' and ')}.`);
  } catch (e) {
    $('similar').replaceChildren();
    say('similar-status', `Similar items: ${e.message}`, true);
  }
  $('similar-card').hidden = false;
}

async function onPhoto(file) {
  photo = file;
  ['predictions-card', 'similar-card'].forEach((id) => ($(id).hidden = true));
  $('similar-filters').replaceChildren($('similar-filters').querySelector('legend'));
  $('preview').src = URL.createObjectURL(file);
  $('preview-wrap').hidden = false;
  say('status', 'Analysing…');
  const [predict] = await Promise.allSettled([postForm('/api/v1/predict', { image: file }), showSimilar()]);
  if (predict.status === 'fulfilled') {
    showPredictions(predict.value);
    say('status', 'Done.');
  } else {
    say('status', predict.reason.message, true);
  }
}

let searched = null;

async function search(query) {
  searched = query;
  $('search-query').value = query;
  say('search-status', 'Searching the catalogue…');
  try {
    const s = await request(`/api/v1/search?${new URLSearchParams({ q: query, topK: 8 })}`);
    if (searched !== query) return; // a newer search is under way
    showRanked('search-results', s.results, 'match');
    say('search-status', s.results.length ? `${s.results.length} items for “${query}”, best first.`
      : `No catalogue item matches “${query}”.`);
  } catch (e) {
    if (searched !== query) return;
    $('search-results').replaceChildren();
    say('search-status', `Search: ${e.message}`, true);
  }
}

/** The route's query: #/analyse?q=<words> searches for them (a shared link, the back button, a submit). */
export function show(params) {
  const query = (params.get('q') || '').trim();
  if (query && query !== searched) search(query);
}

// The browser fetches the address itself, so only photos whose site allows cross-origin reads (CORS) can be
// analysed this way; the server never fetches user-given URLs (no requests to internal addresses on a user's behalf).
async function fromUrl(url) {
  say('status', 'Fetching the photo…');
  let response;
  try {
    response = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch (e) {
    say('status', `The photo at ${url} cannot be read from this page: its site does not allow it (CORS) or cannot be `
      + 'reached. Save the photo and choose the file instead.', true);
    return;
  }
  if (!response.ok) {
    say('status', `${url} answered HTTP ${response.status}.`, true);
    return;
  }
  const blob = await response.blob();
  const name = new URL(url, location.href).pathname.split('/').pop() || 'photo';
  onPhoto(new File([blob], name, { type: blob.type }));
}

function onPaste(e) {
  if (document.getElementById('view-analyse').hidden || e.target.matches?.('input[type=url], input[type=text], input[type=search]')) return;
  const image = [...(e.clipboardData?.files || [])].find((f) => f.type.startsWith('image/'));
  const text = e.clipboardData?.getData('text/plain')?.trim();
  if (image) {
    e.preventDefault();
    onPhoto(image);
  } else if (text && /^https?:\/\//.test(text)) {
    e.preventDefault();
    $('photo-url').value = text;
    fromUrl(text);
  }
}

export function start() {
  $('url-form').addEventListener('submit', (e) => {
    e.preventDefault();
    fromUrl($('photo-url').value.trim());
  });
  document.addEventListener('paste', onPaste);
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const query = $('search-query').value.trim();
    const hash = `#/analyse?${new URLSearchParams({ q: query })}`;
    // a new query goes through the URL (route → show); the same one again, or only spaces (the server says why), here
    if (!query || location.hash === hash) search(query);
    else location.hash = hash;
  });
  $('photo').addEventListener('change', (e) => e.target.files[0] && onPhoto(e.target.files[0]));
  $('similar-filters').addEventListener('change', () => photo && showSimilar());
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) onPhoto(e.dataTransfer.files[0]);
  });
}
