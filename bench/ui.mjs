// Control UI benchmark: the initial JavaScript of /ui (what index.html loads before the first screen: entry script +
// module preloads, gzipped as the engine serves it) and the time to the first rendered dashboard in Debian's Chromium.
// Times are measured in the page from the start of navigation. Same-run reference: a static file of the same engine
// (/ui/icon.svg) loaded in the same browser (driver round trip included), the floor for "navigate and show".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { root, round, startEngine } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const distDir = path.join(root, 'dist/renderer');

function initialScripts() {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((match) => match[1]);
  return [...new Set(refs)].map((ref) => {
    const bytes = readFileSync(path.join(distDir, ref.replace(/^\.?\//, '')));
    return { file: ref, bytes: bytes.length, gzip: gzipSync(bytes).length };
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The page notes when the dashboard's heading and its first chart appear (performance.now() counts from the start
// of navigation), so the figure does not depend on how often the test driver polls.
const MARK_SCRIPT = `
  new MutationObserver(() => {
    const heading = [...document.querySelectorAll('h1')].some((h) => h.textContent === 'Dashboard');
    if (heading && window.__headingAt === undefined) window.__headingAt = performance.now();
    if (heading && document.querySelector('.uplot') && window.__chartAt === undefined) window.__chartAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
`;

async function timeTo(browser, url, ready, mark) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript({ content: MARK_SCRIPT });
  const started = performance.now();
  await page.goto(url);
  await ready(page);
  const elapsed = mark ? await page.evaluate((name) => window[name], mark) : performance.now() - started;
  await context.close();
  return elapsed;
}

const scripts = initialScripts();
const totalGzip = scripts.reduce((sum, script) => sum + script.gzip, 0);

const engine = await startEngine();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  // One warm-up each: the first launch pays for disk caches, not for the UI.
  await timeTo(browser, `${engine.base}/ui/#/dashboard`, (page) => page.getByRole('heading', { name: 'Dashboard' }).waitFor());
  const dashboard = [];
  const heading = [];
  const reference = [];
  for (let run = 0; run < RUNS; run++) {
    const ready = async (page) => {
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.locator('.uplot').first().waitFor();
    };
    heading.push(await timeTo(browser, `${engine.base}/ui/#/dashboard`, ready, '__headingAt'));
    dashboard.push(await timeTo(browser, `${engine.base}/ui/#/dashboard`, ready, '__chartAt'));
    reference.push(await timeTo(browser, `${engine.base}/ui/icon.svg`, (page) => page.waitForLoadState('load'), null));
  }
  const report = {
    bench: 'ui',
    initial_js: scripts,
    initial_js_gzip_kb: round(totalGzip / 1024, 1),
    goal_initial_js_gzip_kb: 300,
    dashboard_heading_ms_median: round(median(heading), 0),
    first_dashboard_render_ms_median: round(median(dashboard), 0),
    static_page_ms_median: round(median(reference), 0),
    goal_first_render_ms: 1000,
    runs: RUNS,
  };
  console.log(JSON.stringify(report, null, 2));
  if (report.initial_js_gzip_kb > 300 || report.first_dashboard_render_ms_median > 1000) process.exitCode = 1;
} finally {
  await browser.close();
  engine.stop();
}
