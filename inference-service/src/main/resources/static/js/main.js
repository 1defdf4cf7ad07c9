// Hash routes (#/analyse, #/advisor, #/model): each view is a shareable URL served by the one static page. A view
// may keep its state in the route's query (#/analyse?q=red+dress): show(params) hands it over on every route.
import { $, servedModel } from './api.js';
import * as analyse from './analyse.js';
import * as advisor from './advisor.js';
import * as model from './model.js';

const views = { analyse, advisor, model };
const started = new Set();
let shownPath = null;

function route() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const [path, query = ''] = location.hash.split('?');
  const current = views[name] ? name : 'analyse';
  document.querySelectorAll('.view').forEach((v) => (v.hidden = v.dataset.view !== current));
  document.querySelectorAll('nav a[data-route]').forEach((a) =>
    a.dataset.route === current ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current'));
  document.title = `StyleSync · ${document.querySelector(`nav a[data-route="${current}"]`).textContent}`;
  if (!started.has(current)) {
    started.add(current);
    views[current].start();
  }
  views[current].show?.(new URLSearchParams(query));
  // focus follows a move to another view, not a change of its query (which keeps the focus where it is)
  if (name && path !== shownPath) $(`view-${current}`).querySelector('h2').focus();
  shownPath = path;
}

window.addEventListener('hashchange', route);
route();
servedModel().then((m) => {
  $('model-info').textContent = m.error
    ? `No model is served yet: ${m.error}`
    : `Model ${m.name} v${m.version} · heads: ${m.heads.join(', ')}`;
});
