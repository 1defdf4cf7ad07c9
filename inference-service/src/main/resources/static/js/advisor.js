// Style advisor: an optional selfie (colour analysis from /api/v1/analyze), the weather typed in or a place's
// forecast, occasion and gender; catalogue items with their reasons from /api/v1/advise or, per forecast day,
// /api/v1/advise/forecast.
import { $, el, postForm, request, say, servedModel, swatches, itemCard } from './api.js';

function showAnalysis(a) {
  const tone = a.skinTone || {};
  const palette = a.palette || {};
  $('analysis').replaceChildren(
    el('dl', { class: 'facts' },
      el('dt', { text: 'Skin tone' }), el('dd', { id: 'skin-tone', text: `${tone.category || '?'} (ITA ${Number(tone.ita).toFixed(1)}°)` }),
      el('dt', { text: 'Undertone' }), el('dd', { id: 'undertone', text: (a.undertone && a.undertone.label) || '?' }),
      el('dt', { text: 'Season' }), el('dd', { id: 'season', text: a.season || '?' }),
      el('dt', { text: 'Confidence' }), el('dd', { id: 'confidence', text: confidenceText(a.reliability) })),
    tone.hex ? el('h3', { text: 'Skin' }) : null, tone.hex ? swatches([{ hex: tone.hex, name: tone.category }]) : null,
    palette.wear ? el('h3', { text: 'Colours to wear' }) : null, palette.wear ? el('div', { id: 'wear' }, swatches(palette.wear)) : null,
    palette.avoid ? el('h3', { text: 'Colours to avoid' }) : null, palette.avoid ? el('div', { id: 'avoid' }, swatches(palette.avoid)) : null,
    palette.metals ? el('p', { text: `Metals: ${palette.metals.map((m) => m.name || m).join(', ')}` }) : null);
  drawFaceBox(a.faceBox);
  $('colours-card').hidden = false;
}

// the answer's reliability (the lighting correction's limits, face size): the reasons in plain words when unreliable
function confidenceText(r) {
  if (!r) return '?';
  const pct = `${Math.round(r.confidence * 100)} %`;
  return r.reliable ? pct : `${pct}, not reliable: ${r.reasons.map((x) => x.detail).join(' ')}`;
}

function drawFaceBox(face) {
  const img = $('selfie-preview');
  const box = $('face-box');
  box.dataset.face = face ? JSON.stringify(face) : '';
  if (!face || !img.naturalWidth) { box.hidden = true; return; }
  const s = img.clientWidth / img.naturalWidth;
  Object.assign(box.style, { left: `${face.x * s}px`, top: `${face.y * s}px`, width: `${face.width * s}px`, height: `${face.height * s}px` });
  box.hidden = false;
}

function showAdvice(a) {
  const w = a.weather;
  $('advice-summary').textContent = [
    w ? `${w.temperatureC} °C, ${w.precipitationMm} mm rain` : null,
    a.season ? `${a.season} clothes` : null,
    a.occasion ? `for ${a.occasion}` : null,
    a.palette ? `in your ${a.palette.season} colours` : null].filter(Boolean).join(' · ');
  $('advice-criteria').replaceChildren(...a.criteria.map((c) => el('li', { text: c })));
  $('advice').replaceChildren(...a.items.map((item) =>
    itemCard(item, el('ul', { class: 'reasons' }, ...item.reasons.map((r) => el('li', { text: r }))))));
  if (!a.items.length) $('advice').append(el('p', { text: 'No catalogue item meets all of these.' }));
  $('advice-card').hidden = false;
}

function showForecast(f) {
  $('forecast').replaceChildren(...f.days.map((d) => el('section', { class: 'day', 'data-date': d.date },
    el('h3', { text: new Date(`${d.date}T12:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' }) }),
    el('p', { class: 'meta', text: `${d.temperatureMinC} to ${d.temperatureMaxC} °C, ${d.precipitationMm} mm rain · `
      + `${d.advice.season} clothes${d.advice.occasion ? ` for ${d.advice.occasion}` : ''}`
      + `${d.advice.palette ? ` in your ${d.advice.palette.season} colours` : ''}` }),
    el('div', { class: 'grid' }, ...d.advice.items.map((item) =>
      itemCard(item, el('ul', { class: 'reasons' }, ...item.reasons.map((r) => el('li', { text: r })))))))));
  $('forecast-card').hidden = false;
}

async function onSubmit(event) {
  event.preventDefault();
  const form = new FormData($('advise-form'));
  const selfie = $('selfie').files[0];
  const fields = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'image'));
  const place = $('latitude').value !== '' || $('longitude').value !== '';
  ['colours-card', 'advice-card', 'forecast-card'].forEach((id) => ($(id).hidden = true));
  say('advise-status', 'Choosing…');
  $('advise-button').disabled = true;
  const where = { latitude: $('latitude').value, longitude: $('longitude').value, days: $('days').value || '7',
    occasion: fields.occasion || '', gender: fields.gender || '' };
  // a forecast with a selfie is a POST (the selfie's palette applies to every day); without one, a shareable GET
  const forecast = () => (selfie ? postForm('/api/v1/advise/forecast', { ...where, image: selfie })
    : request(`/api/v1/advise/forecast?${new URLSearchParams(where)}`));
  const [analysis, advice] = await Promise.allSettled([
    selfie ? postForm('/api/v1/analyze', { image: selfie }) : Promise.resolve(null),
    place ? forecast() : postForm('/api/v1/advise', { ...fields, image: selfie })]);
  $('advise-button').disabled = false;
  if (analysis.status === 'fulfilled' && analysis.value) {
    $('selfie-preview').src = URL.createObjectURL(selfie);
    showAnalysis(analysis.value);
  }
  if (advice.status === 'rejected') {
    say('advise-status', advice.reason.message, true);
  } else if (place) {
    showForecast(advice.value);
    say('advise-status', `${advice.value.days.length} days.`);
  } else {
    showAdvice(advice.value);
    say('advise-status', `${advice.value.items.length} items.`);
  }
}

export async function start() {
  $('advise-form').addEventListener('submit', onSubmit);
  $('selfie-preview').addEventListener('load', () => {
    const face = $('face-box').dataset.face;
    if (face) drawFaceBox(JSON.parse(face));
  });
  // the occasions and genders the served model knows (a catalogue without such a head keeps just "Any")
  const m = await servedModel();
  [['occasion', 'usage'], ['gender', 'gender']].forEach(([id, head]) => {
    const classes = (m.classes && m.classes[head]) || [];
    $(id).append(...classes.map((c) => el('option', { value: c, text: c })));
    $(id).closest('div').hidden = classes.length === 0;
  });
  $('advise-form').dataset.ready = 'true';
}
