// The Content-Security-Policy of public/_headers in a real browser: the customer app and the
// guide console start (trunk's inline loader allowed by hash, wasm compiled), render their pages
// and report no CSP violation at all.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A page that records every CSP violation (the DOM event) and every console line about one.
async function watchedPage() {
  const page = await phonePage(browser);
  page.violations = [];
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) page.violations.push(m.text()); });
  return page;
}

async function violations(page) {
  return [...page.violations, ...(await page.evaluate(() => window.__csp ?? []))];
}

test('the app runs under its CSP: pages render and nothing is blocked', async () => {
  const page = await watchedPage();
  const response = await page.goto(`${BASE_URL}/`);
  const csp = response.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(csp, /frame-ancestors 'none'/);
  await page.locator('.product-card').first().waitFor();
  // The sale cards carry a style attribute (their progress bar).
  await page.goto(`${BASE_URL}/flash-sales`);
  await page.locator('.sale-card').first().waitFor();
  await page.goto(`${BASE_URL}/member`);
  await page.locator('input').first().waitFor();
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});

test('the guide console runs under the same CSP', async () => {
  const page = await watchedPage();
  await page.goto(`${BASE_URL}/guide/`);
  await page.locator('input[name=staff_no]').waitFor();
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});
