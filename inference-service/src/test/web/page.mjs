// Opens inference-service's page in Debian's headless Chromium, uploads a photo, waits for the
// results, saves a screenshot and prints what the page shows as JSON (PredictionApiTest asserts it).
// Usage: node page.mjs <base-url> <photo> <screenshot.png>
import { chromium } from 'playwright-core';

const [baseUrl, photo, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(baseUrl, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => !document.getElementById('model-info').textContent.startsWith('Checking'));
  await page.setInputFiles('#photo', photo);
  await page.waitForFunction(() => ['Done.'].includes(document.getElementById('status').textContent)
    || document.getElementById('status').textContent.includes(':'), null, { timeout: 60000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#similar img')].every((i) => i.complete), null, { timeout: 30000 });
  const shown = await page.evaluate(() => {
    const visible = (id) => !document.getElementById(id).hidden;
    const heads = {};
    document.querySelectorAll('#predictions .head').forEach((h) => {
      heads[h.querySelector('h3').textContent] = [...h.querySelectorAll('.label')].map((l) => l.textContent);
    });
    const face = document.getElementById('face-box');
    return {
      modelInfo: document.getElementById('model-info').textContent,
      status: document.getElementById('status').textContent,
      predictionsVisible: visible('predictions-card'),
      heads,
      similarIds: [...document.querySelectorAll('#similar .item')].map((i) => i.dataset.id),
      similarImagesLoaded: [...document.querySelectorAll('#similar img')].filter((i) => i.naturalWidth > 0).length,
      analysisVisible: visible('analysis-card'),
      skinTone: document.getElementById('skin-tone')?.textContent ?? null,
      wearSwatches: document.querySelectorAll('#wear .swatch').length,
      faceBoxVisible: !face.hidden,
      faceBox: face.hidden ? null : { left: face.offsetLeft, top: face.offsetTop, width: face.offsetWidth, height: face.offsetHeight },
      previewWidth: document.getElementById('preview').clientWidth,
    };
  });
  shown.consoleErrors = consoleErrors.filter((e) => !e.includes('Failed to load resource'));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(shown));
} finally {
  await browser.close();
}
