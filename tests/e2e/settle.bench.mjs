// Settle time of the customers' app on a phone at 4× CPU throttle: a benchmark that prints its
// numbers and asserts nothing (timing on a shared 2-core machine is for reports, not pass/fail).
// `cargo xtask bench` runs it against a fresh seeded dev server; alone:
//   BASE_URL=http://127.0.0.1:8787 node tests/e2e/settle.bench.mjs
//
// "Settled" = the home page shows the store chips and its first product card (the first screen
// is complete), measured inside the page from navigation start with performance.now(). Each run
// is a cold visit (fresh context: empty HTTP cache and localStorage), then a repeat visit in the
// same context (hashed files from the HTTP cache, the store list from localStorage).
import { BASE_URL, launch, PHONE, shot } from './lib.mjs';

const RUNS = Number(process.env.SETTLE_RUNS ?? 3);
const THROTTLE = 4;

// Records when the first screen is complete (in the page's own clock).
function watchSettle() {
  const done = () => document.querySelector('[data-testid=store-picker] .chip') && document.querySelector('.product-card');
  const mark = () => {
    if (window.__settled === undefined && done()) window.__settled = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true, attributes: true });
}

async function visit(page) {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__settled !== undefined, null, { timeout: 60_000, polling: 100 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return {
      settled: Math.round(window.__settled),
      domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? 0),
      wasmBytes: wasm?.transferSize ?? 0,
      apiCalls: performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/')).length,
    };
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launch();
const cold = [];
const warm = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.addInitScript(watchSettle);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const first = await visit(page);
    const again = await visit(page);
    cold.push(first);
    warm.push(again);
    console.log(`run ${i + 1}: cold ${JSON.stringify(first)} repeat ${JSON.stringify(again)}`);
    if (i === 0) await shot(page, 'settle-home-throttled');
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`settle (phone 390×844, ${THROTTLE}× CPU throttle, ${RUNS} runs, median):` +
  ` cold ${median(cold.map((r) => r.settled))} ms, repeat visit ${median(warm.map((r) => r.settled))} ms;` +
  ` /api calls before settling: cold ${median(cold.map((r) => r.apiCalls))}, repeat ${median(warm.map((r) => r.apiCalls))}`);
