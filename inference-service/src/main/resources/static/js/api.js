// What every view shares: element helpers and calls that turn a problem+json answer into its detail.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => (k === 'text' ? (e.textContent = v) : e.setAttribute(k, v)));
  children.forEach((c) => c !== null && c !== undefined && e.append(c));
  return e;
}

export async function request(path, options = {}) {
  const response = await fetch(path, options);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(json.detail || json.title || `${path} answered HTTP ${response.status}`);
  }
  return json;
}

export function postForm(path, fields) {
  const body = new FormData();
  Object.entries(fields).forEach(([k, v]) => {
    if (Array.isArray(v)) v.forEach((x) => body.append(k, x));
    else if (v !== null && v !== undefined && v !== '') body.append(k, v);
  });
  return request(path, { method: 'POST', body });
}

export function say(id, text, isError = false) {
  const e = $(id);
  e.textContent = text;
  e.classList.toggle('error', isError);
}

let model = null;
/** The served model's description (GET /api/v1/model), fetched once; null when none is loaded. */
export async function servedModel() {
  if (!model) model = request('/api/v1/model').catch((e) => ({ error: e.message }));
  return model;
}

export function swatches(colours) {
  return el('div', { class: 'swatches' }, ...colours.map((c) => el('span', { class: 'swatch', title: c.hex },
    el('i', { style: `background:${c.hex}`, 'aria-hidden': 'true' }),
    el('span', { text: c.name || c.baseColour || c.hex }),
    c.share !== undefined ? el('span', { text: `${Math.round(c.share * 100)}%` }) : null)));
}

export function itemCard(item, ...extra) {
  return el('figure', { class: 'item', 'data-id': item.id },
    el('img', { src: item.imageUrl, alt: [item.labels.baseColour, item.labels.articleType].filter(Boolean).join(' ') || `item ${item.id}`, loading: 'lazy' }),
    el('figcaption', {},
      el('p', { text: Object.values(item.labels).slice(0, 3).join(' · ') }), ...extra));
}
