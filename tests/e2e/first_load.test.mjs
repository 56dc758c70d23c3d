// The first load: files named by their contents are cached for a year (`immutable`) while the
// page revalidates, and the store list shows from the copy the app saved without waiting for
// /api/stores, then follows the server when the list changes.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('hashed files are immutable, the page revalidates, and a repeat visit fetches no app file', async () => {
  const page = await phonePage(browser);
  const files = [];
  page.on('response', (r) => { if (/\.(wasm|js|css)$/.test(new URL(r.url()).pathname)) files.push(r); });
  const html = await page.goto(`${BASE_URL}/`);
  await page.locator('.product-card').first().waitFor();
  assert.match(html.headers()['cache-control'] ?? '', /max-age=0|no-cache/, 'the page revalidates');
  assert.ok(files.some((r) => r.url().endsWith('_bg.wasm')), 'the wasm was loaded');
  for (const r of files) {
    assert.match(new URL(r.url()).pathname, /-[0-9a-f]{8,16}(_bg)?\.(wasm|js|css)$/, 'named by its contents');
    assert.equal(r.headers()['cache-control'], 'public, max-age=31536000, immutable', r.url());
  }
  // A later visit in the same browser (same HTTP cache, a new tab): every hashed file comes
  // from the cache, none is asked of the server, not even to revalidate.
  const later = await page.context().newPage();
  const fromNetwork = [];
  const cdp = await page.context().newCDPSession(later);
  await cdp.send('Network.enable');
  cdp.on('Network.responseReceived', (e) => {
    if (/\.(wasm|js|css)$/.test(new URL(e.response.url).pathname) && !e.response.fromDiskCache && !e.response.fromMemoryCache) {
      fromNetwork.push(`${e.response.status} ${e.response.url}`);
    }
  });
  await later.goto(`${BASE_URL}/`);
  await later.locator('.product-card').first().waitFor();
  assert.deepEqual(fromNetwork, [], 'no app file is asked for again');
  assert.deepEqual(page.errors, []);
});

test('the store chips show from the saved list while /api/stores is unreachable', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.locator('.chips.stores .chip.selected').waitFor();
  const chips = await page.locator('.chips.stores .chip').allInnerTexts();
  await page.waitForFunction(() => localStorage.getItem('edgemall.stores.v1') !== null);

  // The next start cannot reach /api/stores at all: the saved list still draws the chips.
  await page.context().route('**/api/stores', (route) => route.abort());
  await page.reload();
  await page.locator('.chips.stores .chip.selected').waitFor();
  assert.deepEqual(await page.locator('.chips.stores .chip').allInnerTexts(), chips);
  assert.equal(await page.locator('.error-box').count(), 0, 'no error while a saved list is shown');
  await page.goto(`${BASE_URL}/stores`);
  await page.locator('.store-card[data-store="S1"]').waitFor();
  await shot(page, 'stores-from-saved-list');
  await page.context().unroute('**/api/stores');
  assert.deepEqual(page.errors, []);
});

test('a changed store list replaces the saved one on the next start', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/stores`);
  await page.locator('.store-card[data-store="S1"]').waitFor();
  await page.waitForFunction(() => localStorage.getItem('edgemall.stores.v1') !== null);
  const real = await (await fetch(`${BASE_URL}/api/stores`)).json();
  const renamed = real.map((s) => (s.id === 'S1' ? { ...s, name: '京华百货 新馆' } : s));
  await page.context().route('**/api/stores', (route) => route.fulfill({ json: renamed }));
  await page.reload();
  await page.locator('.store-card[data-store="S1"] h2', { hasText: '京华百货 新馆' }).waitFor();
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('edgemall.stores.v1')));
  assert.equal(saved.find((s) => s.id === 'S1').name, '京华百货 新馆', 'the saved copy follows the server');
  await shot(page, 'stores-renamed');
  await page.context().unroute('**/api/stores');
  assert.deepEqual(page.errors, []);
});
