// Hash routes (#/analyse, #/advisor, #/model): each view is a shareable URL served by the one static page.
import { $, servedModel } from './api.js';
import * as analyse from './analyse.js';
import * as advisor from './advisor.js';
import * as model from './model.js';

const views = { analyse, advisor, model };
const started = new Set();

function route() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const current = views[name] ? name : 'analyse';
  document.querySelectorAll('.view').forEach((v) => (v.hidden = v.dataset.view !== current));
  document.querySelectorAll('nav a[data-route]').forEach((a) =>
    a.dataset.route === current ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current'));
  document.title = `StyleSync · ${document.querySelector(`nav a[data-route="${current}"]`).textContent}`;
  if (!started.has(current)) {
    started.add(current);
    views[current].start();
  }
  if (name) $(`view-${current}`).querySelector('h2').focus();
}

window.addEventListener('hashchange', route);
route();
servedModel().then((m) => {
  $('model-info').textContent = m.error
    ? `No model is served yet: ${m.error}`
    : `Model ${m.name} v${m.version} · heads: ${m.heads.join(', ')}`;
});
