// Drives one flow of inference-service's page in Debian's headless Chromium, saves a screenshot and prints
// what the page showed, every console error and every failed request as one JSON line (WebAppTest asserts it).
// Usage: node flows.mjs <flow> <base-url> <screenshot.png> [file]
import { chromium } from 'playwright-core';

const [flow, baseUrl, screenshot, file] = process.argv.slice(2);
const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());
const settled = (page, sel) => page.waitForFunction((s) => {
  const e = document.querySelector(s);
  return e && e.textContent.trim() !== '' && !e.textContent.endsWith('…');
}, sel, { timeout: 90000 });
const imagesLoaded = (page, sel) => page.waitForFunction((s) => [...document.querySelectorAll(s)].every((i) => i.complete), sel, { timeout: 30000 });

const flows = {
  async analyse(page) {
    await page.goto(`${baseUrl}#/analyse`, { waitUntil: 'networkidle' });
    await page.setInputFiles('#photo', file);
    await settled(page, '#status');
    await settled(page, '#similar-status');
    await imagesLoaded(page, '#similar img');
    const shown = await page.evaluate(() => {
      const heads = {};
      document.querySelectorAll('#predictions .head').forEach((h) => {
        heads[h.querySelector('h3').textContent] = [...h.querySelectorAll('.bar')].map((b) => ({
          label: b.querySelector('.label').textContent,
          width: parseFloat(b.querySelector('.fill').style.width),
          percent: b.querySelector('.pct').textContent,
        }));
      });
      return {
        modelInfo: document.getElementById('model-info').textContent,
        status: document.getElementById('status').textContent,
        meta: document.getElementById('prediction-meta').textContent,
        heads,
        similarIds: [...document.querySelectorAll('#similar .item')].map((i) => i.dataset.id),
        similarImagesLoaded: [...document.querySelectorAll('#similar img')].filter((i) => i.naturalWidth > 0).length,
        filters: [...document.querySelectorAll('#similar-filters input')].map((i) => i.value),
      };
    });
    // narrow the similar items to the photo's predicted first attribute, as a shopper would
    await page.check('#similar-filters input >> nth=0');
    await page.waitForFunction(() => {
      const t = document.getElementById('similar-status').textContent;
      return t.includes(' with ') || t.startsWith('No catalogue item') || t.startsWith('Similar items:');
    }, null, { timeout: 60000 });
    await imagesLoaded(page, '#similar img');
    shown.filteredStatus = await text(page, '#similar-status');
    shown.filteredIds = await page.$$eval('#similar .item', (items) => items.map((i) => i.dataset.id));
    return shown;
  },

  async 'analyse-error'(page) {
    await page.goto(`${baseUrl}#/analyse`, { waitUntil: 'networkidle' });
    await page.setInputFiles('#photo', file);
    await settled(page, '#status');
    await settled(page, '#similar-status');
    return {
      status: await text(page, '#status'),
      statusIsError: await page.$eval('#status', (e) => e.classList.contains('error')),
      similarStatus: await text(page, '#similar-status'),
      predictionsVisible: await page.$eval('#predictions-card', (e) => !e.hidden),
    };
  },

  // file = "<cross-origin url without CORS> <same-origin url>": the first is refused with a message, the second
  // is pasted as an image (a clipboard paste event carrying the file), then typed in as an address
  async 'analyse-url'(page) {
    const [foreign, own] = file.split(' ');
    await page.goto(`${baseUrl}#/analyse`, { waitUntil: 'networkidle' });
    const outcome = async () => {
      await settled(page, '#status');
      return page.evaluate(() => ({
        status: document.getElementById('status').textContent,
        statusIsError: document.getElementById('status').classList.contains('error'),
        heads: Object.fromEntries([...document.querySelectorAll('#predictions .head')].map((h) => [h.querySelector('h3').textContent,
          h.querySelector('.bar .label').textContent])),
        predictionsVisible: !document.getElementById('predictions-card').hidden,
        previewVisible: !document.getElementById('preview-wrap').hidden,
      }));
    };
    await page.fill('#photo-url', foreign);
    await page.click('#url-form button');
    const refused = await outcome();
    await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const data = new DataTransfer();
      data.items.add(new File([blob], 'pasted.jpg', { type: blob.type }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, own);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'Analysing…'
      || document.getElementById('status').textContent === 'Done.');
    const pasted = await outcome();
    await page.evaluate(() => { document.getElementById('status').textContent = ''; });
    await page.fill('#photo-url', own);
    await page.press('#photo-url', 'Enter');
    await page.waitForFunction(() => document.getElementById('status').textContent !== '');
    const typed = await outcome();
    return { refused, pasted, typed };
  },

  // file = the words to search for: typed into the search box and submitted with Enter; then the page is
  // reloaded at the URL it shows (a shared link) and must search for them again
  async search(page) {
    await page.goto(`${baseUrl}#/analyse`, { waitUntil: 'networkidle' });
    const results = async () => {
      await settled(page, '#search-status');
      await imagesLoaded(page, '#search-results img');
      return page.evaluate(() => ({
        status: document.getElementById('search-status').textContent,
        statusIsError: document.getElementById('search-status').classList.contains('error'),
        hash: location.hash,
        query: document.getElementById('search-query').value,
        focused: document.activeElement.id,
        ids: [...document.querySelectorAll('#search-results .item')].map((i) => i.dataset.id),
        scores: [...document.querySelectorAll('#search-results .item .meta')].map((m) => m.textContent),
        imagesLoaded: [...document.querySelectorAll('#search-results img')].filter((i) => i.naturalWidth > 0).length,
      }));
    };
    await page.focus('#search-query');
    await page.keyboard.type(file);
    await page.keyboard.press('Enter');
    const typed = await results();
    await page.reload({ waitUntil: 'networkidle' });
    const shared = await results();
    return { typed, shared };
  },

  // file = words the search refuses (a 4xx): the problem's detail is shown in words
  async 'search-error'(page) {
    await page.goto(`${baseUrl}#/analyse`, { waitUntil: 'networkidle' });
    await page.fill('#search-query', file);
    await page.press('#search-query', 'Enter');
    await settled(page, '#search-status');
    return page.evaluate(() => ({
      status: document.getElementById('search-status').textContent,
      statusIsError: document.getElementById('search-status').classList.contains('error'),
      hash: location.hash,
      results: document.querySelectorAll('#search-results .item').length,
    }));
  },

  async advisor(page) {
    await page.goto(`${baseUrl}#/advisor`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#advise-form[data-ready="true"]', { state: 'attached' });
    if (file) await page.setInputFiles('#selfie', file);
    await page.fill('#temperature', '18');
    await page.fill('#rain', '2');
    // a model without a usage head (the demo's Fashion-MNIST) offers no occasion
    if (await page.$('#occasion option[value="Casual"]')) await page.selectOption('#occasion', 'Casual');
    await page.click('#advise-button');
    await page.waitForFunction(() => document.getElementById('advise-status').textContent !== 'Choosing…'
      && document.getElementById('advise-status').textContent !== '', null, { timeout: 90000 });
    await imagesLoaded(page, '#advice img');
    return page.evaluate(() => {
      const face = document.getElementById('face-box');
      return {
        status: document.getElementById('advise-status').textContent,
        statusIsError: document.getElementById('advise-status').classList.contains('error'),
        occasions: [...document.querySelectorAll('#occasion option')].map((o) => o.value).filter(Boolean),
        summary: document.getElementById('advice-summary').textContent,
        criteria: [...document.querySelectorAll('#advice-criteria li')].map((l) => l.textContent),
        itemIds: [...document.querySelectorAll('#advice .item')].map((i) => i.dataset.id),
        reasons: [...document.querySelectorAll('#advice .item')].map((i) => [...i.querySelectorAll('.reasons li')].map((l) => l.textContent)),
        itemImagesLoaded: [...document.querySelectorAll('#advice img')].filter((i) => i.naturalWidth > 0).length,
        coloursVisible: !document.getElementById('colours-card').hidden,
        skinTone: document.getElementById('skin-tone')?.textContent ?? null,
        season: document.getElementById('season')?.textContent ?? null,
        wearSwatches: document.querySelectorAll('#wear .swatch').length,
        avoidSwatches: document.querySelectorAll('#avoid .swatch').length,
        faceBox: face.hidden ? null : { left: face.offsetLeft, top: face.offsetTop, width: face.offsetWidth, height: face.offsetHeight },
        previewWidth: document.getElementById('selfie-preview').clientWidth,
      };
    });
  },

  async forecast(page) {
    await page.goto(`${baseUrl}#/advisor`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#advise-form[data-ready="true"]', { state: 'attached' });
    if (file) await page.setInputFiles('#selfie', file);
    await page.fill('#latitude', '52.52');
    await page.fill('#longitude', '13.41');
    await page.fill('#days', '3');
    await page.selectOption('#occasion', 'Casual');
    await page.click('#advise-button');
    await page.waitForFunction(() => !['Choosing…', ''].includes(document.getElementById('advise-status').textContent), null, { timeout: 90000 });
    await imagesLoaded(page, '#forecast img');
    return page.evaluate(() => ({
      status: document.getElementById('advise-status').textContent,
      days: [...document.querySelectorAll('#forecast .day')].map((d) => ({
        date: d.dataset.date,
        heading: d.querySelector('h3').textContent,
        summary: d.querySelector('.meta').textContent,
        itemIds: [...d.querySelectorAll('.item')].map((i) => i.dataset.id),
        imagesLoaded: [...d.querySelectorAll('img')].filter((i) => i.naturalWidth > 0).length,
      })),
    }));
  },

  async model(page) {
    await page.goto(`${baseUrl}#/model`, { waitUntil: 'networkidle' });
    await settled(page, '#model-status');
    await settled(page, '#drift-status');
    return page.evaluate(() => {
      const facts = {};
      const dts = [...document.querySelectorAll('#model-facts dt')];
      dts.forEach((dt) => (facts[dt.textContent] = dt.nextElementSibling.textContent));
      const lineage = {};
      document.querySelectorAll('#lineage dt').forEach((dt) => (lineage[dt.textContent] = dt.nextElementSibling.textContent));
      return {
        status: document.getElementById('model-status').textContent,
        facts,
        lineage,
        classes: Object.fromEntries([...document.querySelectorAll('#classes details')].map((d) => [d.dataset.head, d.querySelector('p').textContent.split(', ')])),
        driftStatus: document.getElementById('drift-status').textContent,
        driftRows: [...document.querySelectorAll('#drift tbody tr')].map((r) => ({ feature: r.dataset.feature, drifted: r.classList.contains('drifted'), score: r.children[3].textContent })),
        driftPageLink: document.getElementById('drift-page-link')?.href ?? null,
        grafanaLink: document.getElementById('grafana-link')?.href ?? null,
        title: document.title,
        focused: document.activeElement.textContent,
      };
    });
  },

  // a phone-width screen, driven by keyboard only: every view reachable from the nav, none wider than the screen
  async phone(page) {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    const views = [];
    for (const name of ['Analyse a garment', 'Style advisor', 'Model and monitoring']) {
      await page.keyboard.press('Tab');
      let guard = 0;
      while ((await page.evaluate(() => document.activeElement.textContent)) !== name && guard++ < 20) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      await page.waitForLoadState('networkidle');
      views.push(await page.evaluate(() => {
        // WCAG contrast of every visible text against the first opaque background behind it
        const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
        const background = (e) => {
          for (; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || c[3] === 1) return c;
          }
          return [255, 255, 255];
        };
        let minContrast = { ratio: 21, text: '' };
        document.querySelectorAll('body *').forEach((e) => {
          const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
          if (!own || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') return;
          const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(background(e))].sort((x, y) => y - x);
          const ratio = (a + 0.05) / (b + 0.05);
          if (ratio < minContrast.ratio) minContrast = { ratio, text: e.textContent.trim().slice(0, 40) };
        });
        const unlabelled = [...document.querySelectorAll('.view:not([hidden]) input:not([type=hidden]), .view:not([hidden]) select')]
          .filter((i) => !i.labels.length && !i.getAttribute('aria-label')).map((i) => i.id || i.name);
        return {
          hash: location.hash,
          visible: document.querySelector('.view:not([hidden])').dataset.view,
          focused: document.activeElement.tagName + ':' + document.activeElement.textContent,
          scrollWidth: document.documentElement.scrollWidth,
          width: window.innerWidth,
          minContrast,
          unlabelled,
        };
      }));
    }
    return { views };
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  const consoleErrors = [];
  const failedRequests = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('requestfailed', (r) => failedRequests.push({ url: r.url(), status: 0, error: r.failure()?.errorText }));
  page.on('response', (r) => r.status() >= 400 && failedRequests.push({ url: r.url(), status: r.status() }));
  const shown = await flows[flow](page);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ shown, consoleErrors, failedRequests }));
} finally {
  await browser.close();
}
