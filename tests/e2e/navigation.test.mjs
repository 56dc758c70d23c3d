// Store navigation: from the stores page to a floor map, find a counter by name, see the route
// from the entrance floor by floor; a product's stock row leads to its counter on the map.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a counter found by name gets a route from the entrance, floor by floor', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/stores`);
  await page.locator('.store-card[data-store="S1"] .map-link').click();
  await page.locator('[data-testid=floor-plan]').waitFor();
  assert.match(page.url(), /\/stores\/S1$/);
  // No destination yet: the entrance floor is shown, with a hint.
  assert.equal(await page.locator('.floor-chip.selected').innerText(), '1F');
  assert.equal(await page.locator('.floor-plan .entrance').count(), 1);
  await page.locator('.map-hint').waitFor();

  await page.locator('[data-testid=counter-search]').fill('harbor');
  const hit = page.locator('.counter-hit[data-counter="S1-C17"]');
  await hit.waitFor();
  assert.equal(await page.locator('.counter-hit').count(), 1);
  await hit.click();
  await page.locator('[data-testid=route-card]').waitFor();
  assert.match(page.url(), /\/stores\/S1\?to=S1-C17$/);
  // The destination's floor is shown with the counter marked and the last stretch drawn.
  assert.equal(await page.locator('.floor-chip.selected').innerText(), '3F');
  assert.equal(await page.locator('.floor-plan .counter.target').getAttribute('data-counter'), 'S1-C17');
  assert.equal(await page.locator('.floor-plan .route-line').count(), 1);
  const card = await page.locator('[data-testid=route-card]').innerText();
  assert.match(card, /约 89 米/);
  assert.match(card, /从 1F 正门入口 出发/);
  assert.match(card, /在 1F 乘扶梯到 3F/);
  assert.match(card, /到达 3F/);
  // Floors the route passes are marked; 1F shows the walk from the entrance.
  assert.deepEqual(
    await page.locator('.floor-chip.on-route').evaluateAll((els) => els.map((e) => e.dataset.floor).sort()),
    ['S1-1F', 'S1-2F', 'S1-3F'],
  );
  await page.waitForLoadState('networkidle');
  await shot(page, 'map-route-zh');
  await page.locator('.floor-chip[data-floor="S1-1F"]').click();
  await page.locator('.floor-plan .entrance').waitFor();
  assert.equal(await page.locator('.floor-plan .route-line').count(), 1);
  assert.equal(await page.locator('.floor-plan .counter.target').count(), 0, 'the counter is upstairs');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  assert.deepEqual(page.errors, []);
});

test("a product's stock row gives directions to its counter", async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/products/SKU-1001`);
  const row = page.locator('.stock-row[data-store="S1"]');
  await row.waitFor();
  await row.locator('.directions').click();
  await page.locator('[data-testid=route-card]').waitFor();
  const to = new URL(page.url()).searchParams.get('to');
  assert.match(to, /^S1-C\d+$/);
  assert.equal(await page.locator('.floor-plan .counter.target').getAttribute('data-counter'), to);
  assert.match(await page.locator('.top-bar h1').innerText(), /楼层导览/);
  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('.route-card', { hasText: 'on foot' }).waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, 'map-product-en');
  await page.locator('[data-testid=lang-switch]').click();
  assert.deepEqual(page.errors, []);
});
