// Browse: the home page at a phone viewport shows seeded products; one opens with stock per
// store; the language switch turns the UI to English and back.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home shows seeded products in a phone viewport', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.locator('.product-card').first().waitFor();
  const count = await page.locator('.product-card').count();
  assert.ok(count >= 20, `expected the seeded grid, saw ${count} cards`);
  await assert.doesNotReject(page.locator('.chips.stores .chip.selected').waitFor());
  assert.match(await page.locator('.top-bar h1').innerText(), /京华百货/);
  assert.match(await page.locator('.product-card .price').first().innerText(), /^¥\d/);
  await page.waitForLoadState('networkidle');
  await shot(page, 'home-zh');
  // Width: nothing overflows a 390 px phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  assert.deepEqual(page.errors, []);
});

test('filters narrow the grid and a product opens with stock per store', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.locator('.product-card').first().waitFor();
  await page.locator('button[data-category="beauty"]').click();
  await page.waitForFunction(() => document.querySelectorAll('.product-card').length <= 10);
  const search = page.locator('.search input');
  await search.fill('口红');
  await search.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.product-card').length === 1);
  await page.locator('.product-card').first().click();
  await page.locator('.stock-row').first().waitFor();
  assert.match(page.url(), /\/products\/SKU-\d+$/);
  assert.match(await page.locator('.product-detail .name').innerText(), /口红/);
  const rows = await page.locator('.stock-row').count();
  assert.ok(rows >= 1);
  assert.match(await page.locator('.stock-row').first().innerText(), /有货|缺货/);
  await page.waitForLoadState('networkidle');
  await shot(page, 'product-zh');
  assert.deepEqual(page.errors, []);
});

test('the language switch turns the app to English and remembers it', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/products/SKU-1015`);
  await page.locator('.stock-row').first().waitFor();
  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('.tab.active', { hasText: 'Home' }).waitFor();
  assert.match(await page.locator('.product-detail h3').innerText(), /Stock by store/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.waitForLoadState('networkidle');
  await shot(page, 'product-en');
  await page.reload();
  await page.locator('.stock-row').first().waitFor();
  assert.match(await page.locator('.product-detail h3').innerText(), /Stock by store/, 'English survives a reload');
  await page.locator('.tab', { hasText: 'Flash sales' }).click();
  await page.locator('.sale-card [data-testid=sale-clock]').first().waitFor();
  assert.match(await page.locator('.sale-card [data-testid=sale-clock]').first().innerText(), /^(Ends|Starts) in/);
  await shot(page, 'flash-sales-en');
  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('.tab.active', { hasText: '秒杀' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('an unknown product shows an error state, not a blank page', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/products/NOPE-1`);
  await page.locator('.error-box').waitFor();
  assert.match(await page.locator('.error-box').innerText(), /no product NOPE-1/);
  await shot(page, 'product-not-found');
});
