'use strict';
// StyleSync's page: one upload drives /api/v1/predict, /api/v1/analyze and /api/v1/similar in parallel.

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => (k === 'text' ? (e.textContent = v) : e.setAttribute(k, v)));
  children.forEach((c) => c && e.append(c));
  return e;
};

async function call(path, file) {
  const body = new FormData();
  body.append('image', file);
  const response = await fetch(path, { method: 'POST', body });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(json.detail || json.title || `${path} answered ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return json;
}

async function showModel() {
  try {
    const response = await fetch('/api/v1/model');
    const m = await response.json();
    $('model-info').textContent = response.ok
      ? `Model ${m.name} v${m.version} · heads: ${m.heads.join(', ')}`
      : `No model loaded yet: ${m.detail || response.status}`;
  } catch (e) {
    $('model-info').textContent = 'The service cannot be reached.';
  }
}

function showPredictions(p) {
  const box = $('predictions');
  box.replaceChildren();
  Object.entries(p.predictions).forEach(([head, labels]) => {
    const rows = labels.map((l) => el('div', { class: 'bar', 'data-head': head },
      el('span', { class: 'label', text: l.label }),
      el('span', {}, el('span', { class: 'fill', style: `width:${Math.max(2, l.probability * 100)}%;display:block` })),
      el('span', { text: `${(l.probability * 100).toFixed(1)}%` })));
    box.append(el('div', { class: 'head' }, el('h3', { text: head }), ...rows));
  });
  $('prediction-meta').textContent =
    `${p.model.name} v${p.model.version} · ${p.timings.totalMs} ms (inference ${p.timings.inferenceMs} ms, batch of ${p.timings.batchSize})`;
  $('predictions-card').hidden = false;
}

function swatches(colours) {
  return el('div', { class: 'swatches' }, ...colours.map((c) => el('span', { class: 'swatch', title: c.hex },
    el('i', { style: `background:${c.hex}` }),
    el('span', { text: c.name || c.baseColour || c.hex }),
    c.share !== undefined ? el('span', { text: `${Math.round(c.share * 100)}%` }) : null)));
}

function showAnalysis(a) {
  const box = $('analysis');
  box.replaceChildren();
  const tone = a.skinTone || {};
  box.append(el('dl', { class: 'facts' },
    el('dt', { text: 'Skin tone' }), el('dd', { id: 'skin-tone', text: `${tone.category || '?'} (ITA ${Number(tone.ita).toFixed(1)}°)` }),
    el('dt', { text: 'Undertone' }), el('dd', { id: 'undertone', text: (a.undertone && a.undertone.label) || '?' }),
    el('dt', { text: 'Season' }), el('dd', { id: 'season', text: a.season || '?' })));
  if (tone.hex) box.append(el('h3', { text: 'Skin' }), swatches([{ hex: tone.hex, name: tone.category }]));
  const palette = a.palette || {};
  if (palette.wear) box.append(el('h3', { text: 'Colours to wear' }), el('div', { id: 'wear' }, swatches(palette.wear)));
  if (palette.avoid) box.append(el('h3', { text: 'Colours to avoid' }), swatches(palette.avoid));
  if (palette.metals) box.append(el('p', { text: `Metals: ${palette.metals.map((m) => m.name || m).join(', ')}` }));
  const dominant = a.outfit && a.outfit.dominantColours;
  if (dominant) box.append(el('h3', { text: 'Dominant colours of the outfit' }), el('div', { id: 'outfit' }, swatches(dominant)));
  drawFaceBox(a.faceBox);
  $('analysis-card').hidden = false;
}

function drawFaceBox(face) {
  const img = $('preview');
  const box = $('face-box');
  box.dataset.face = face ? JSON.stringify(face) : '';
  if (!face || !img.naturalWidth) { box.hidden = true; return; }
  const s = img.clientWidth / img.naturalWidth;
  Object.assign(box.style, { left: `${face.x * s}px`, top: `${face.y * s}px`, width: `${face.width * s}px`, height: `${face.height * s}px` });
  box.hidden = false;
}

function showSimilar(s) {
  const grid = $('similar');
  grid.replaceChildren(...s.results.map((item) => el('figure', { class: 'item', 'data-id': item.id },
    el('img', { src: item.imageUrl, alt: item.labels.articleType || item.id, loading: 'lazy' }),
    el('p', { text: Object.values(item.labels).slice(0, 2).join(' · ') }),
    el('p', { class: 'meta', text: `similarity ${item.score.toFixed(3)}` }))));
  $('similar-card').hidden = false;
}

async function onPhoto(file) {
  ['predictions-card', 'analysis-card', 'similar-card'].forEach((id) => ($(id).hidden = true));
  $('face-box').hidden = true;
  $('face-box').dataset.face = '';
  $('preview').src = URL.createObjectURL(file);
  $('preview-wrap').hidden = false;
  const status = $('status');
  status.className = '';
  status.textContent = 'Analysing…';
  const [predict, analyze, similar] = await Promise.allSettled([
    call('/api/v1/predict', file), call('/api/v1/analyze', file), call('/api/v1/similar?topK=8', file)]);
  const notes = [];
  if (predict.status === 'fulfilled') showPredictions(predict.value); else notes.push(`Attributes: ${predict.reason.message}`);
  if (analyze.status === 'fulfilled') showAnalysis(analyze.value); else notes.push(`Colour analysis: ${analyze.reason.message}`);
  if (similar.status === 'fulfilled') showSimilar(similar.value); else notes.push(`Similar items: ${similar.reason.message}`);
  status.textContent = notes.length ? notes.join(' — ') : 'Done.';
  status.className = predict.status === 'rejected' ? 'error' : '';
}

$('photo').addEventListener('change', (e) => e.target.files[0] && onPhoto(e.target.files[0]));
$('preview').addEventListener('load', () => {
  const face = $('face-box').dataset.face;
  if (face) drawFaceBox(JSON.parse(face));
});
showModel();
