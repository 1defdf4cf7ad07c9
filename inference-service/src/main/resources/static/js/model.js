// Model and monitoring: the served version, lineage and classes (/api/v1/model), the canary settings and
// monitoring-service's drift summary as inference-service reads it (/api/v1/web/monitoring).
import { $, el, request, say, servedModel } from './api.js';

const facts = (pairs) => pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
  .flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]);
// p-values run down to 1e-300: tiny ones in exponent form rather than a misleading 0.000
const number = (x, digits = 3) => {
  if (x === null || x === undefined) return '–';
  const n = Number(x);
  return n !== 0 && Math.abs(n) < 10 ** -digits ? n.toExponential(1) : n.toFixed(digits);
};

async function showModel() {
  const [m, mon] = await Promise.all([servedModel(), request('/api/v1/web/monitoring').catch((e) => ({ error: e.message }))]);
  if (m.error) {
    say('model-status', `No model is served: ${m.error}`, true);
  } else {
    say('model-status', `${m.name} version ${m.version} is served.`);
    const canary = mon.canary || {};
    $('model-facts').replaceChildren(...facts([
      ['Name', m.name], ['Version', m.version], ['Device', m.device],
      ['Loaded at', new Date(m.loadedAt).toLocaleString()], ['Preprocessing', m.preprocessing],
      ['Challenger', m.challengerVersion
        ? `version ${m.challengerVersion}: ${canary.challengerPercent}% of requests${canary.shadow ? ', shadowing every request' : ''}`
        : 'none'],
    ]));
    $('lineage').replaceChildren(...facts(Object.entries(m.lineage || {})));
    $('classes').replaceChildren(...Object.entries(m.classes).map(([head, classes]) => el('details', { class: 'classes', 'data-head': head },
      el('summary', { text: `${head} (${classes.length})` }), el('p', { text: classes.join(', ') }))));
  }
  showDrift(mon);
}

function showDrift(mon) {
  const links = [];
  if (mon.driftPageUrl) links.push(el('a', { href: mon.driftPageUrl, id: 'drift-page-link' }, 'The drift page'));
  if (mon.grafanaUrl) links.push(' · ', el('a', { href: mon.grafanaUrl, id: 'grafana-link' }, 'Grafana dashboards'));
  $('drift-links').replaceChildren(...links);
  if (mon.error) { say('drift-status', mon.error, true); return; }
  const d = mon.drift;
  if (!d) { say('drift-status', mon.detail); return; }
  say('drift-status', `${d.modelName} v${d.modelVersion}: ${d.driftedInputColumns} of ${d.inputColumns} input features drifted `
    + `(share ${number(d.driftedShare, 2)}, dataset drift ${d.datasetDrift ? 'DETECTED' : 'not detected'}) over ${d.windowEvents} predictions.`);
  const head = el('tr', {}, ...['Feature', 'Kind', 'Test', 'Score', 'Threshold', 'PSI', 'Drifted'].map((h) => el('th', { scope: 'col', text: h })));
  const rows = d.columns.map((c) => el('tr', { class: c.drifted ? 'drifted' : '', 'data-feature': c.feature },
    el('th', { scope: 'row', text: c.feature }), el('td', { text: c.kind }), el('td', { text: c.test }),
    el('td', { text: number(c.score) }), el('td', { text: number(c.threshold) }), el('td', { text: number(c.psi) }),
    el('td', { text: c.drifted ? 'yes' : 'no' })));
  $('drift').replaceChildren(el('table', {}, el('caption', { text: 'Drift per feature' }), el('thead', {}, head), el('tbody', {}, ...rows)));
}

export function start() {
  showModel();
}
