// The manager's pages: a manager creates a sale at the counter, watches its figures move on the
// sales page, cancels it (after confirming), and the customers' list shows it cancelled; the
// campaigns page and the dashboard (charts, at a phone's 360 px) render.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, api, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function managerPage(viewport) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', 'M1001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]').waitFor();
  return page;
}

test('a manager creates a sale, watches its figures, cancels it, and customers see it cancelled', async () => {
  const page = await managerPage({ width: 768, height: 1024 });
  await page.locator('[data-tab=manage]').click();
  const product = await freshProduct('SKU-1065', { onHand: 3 });
  // Started a minute ago, in the store's time (Shanghai).
  const start = new Date(Date.now() + 8 * 3600_000 - 60_000).toISOString().slice(0, 16);
  await page.fill('[data-testid=create-sale] input[name=sku]', product.sku);
  await page.fill('[data-testid=create-sale] input[name=price]', '9.9');
  await page.fill('[data-testid=create-sale] input[name=quantity]', '3');
  await page.fill('[data-testid=create-sale] input[name=starts_at]', start);
  await page.locator('[data-testid=create-sale] button[type=submit]').click();
  await page.locator('[data-testid=sale-created]').waitFor();
  const id = (await page.locator('[data-testid=sale-created]').innerText()).match(/(FS\S+)/)[1];

  await page.locator('[data-manage=sales]').click();
  await page.waitForURL(/\/guide\/manage\/sales$/);
  const row = page.locator(`[data-testid=sale-row][data-id="${id}"]`);
  await row.locator('[data-testid=sale-remaining]', { hasText: '3 / 3' }).waitFor();
  assert.equal(await row.locator('[data-testid=sale-status]').innerText(), '进行中');

  // A customer orders one: the page's figures follow within its reload.
  const buyer = await newMember();
  const order = await api('/api/orders', { method: 'POST', token: buyer.token, headers: { 'idempotency-key': `e2e-${id}` },
    body: { store_id: 'S1', lines: [{ sku: product.sku, qty: 1, flash_sale_id: id }] } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  await row.locator('[data-testid=sale-held]', { hasText: '1' }).waitFor({ timeout: 12_000 });
  await row.locator('[data-testid=sale-remaining]', { hasText: '2 / 3' }).waitFor();
  await shot(page, 'manage-sales-live');

  // Cancel, confirmed.
  await row.locator('[data-testid=cancel-sale]').click();
  await row.locator('[data-testid=confirm-cancel]').waitFor();
  await shot(page, 'manage-sales-confirm');
  await row.locator('[data-testid=confirm-cancel-yes]').click();
  await row.locator('[data-testid=sale-status]', { hasText: '已取消' }).waitFor();
  await shot(page, 'manage-sales-cancelled');
  const stock = (await api(`/api/guide/stock?sku=${product.sku}`, { token: (await api('/api/guide/sessions', { method: 'POST', body: { staff_no: 'G1001', password: 'demo1234' } })).body.token })).body;
  assert.equal(stock.find((s) => s.store_id === 'S1').available, 2, 'the two unsold units are back in the pool');
  assert.deepEqual(page.errors, []);

  // The customers' list says cancelled, not selling.
  const phone = await (await browser.newContext(PHONE)).newPage();
  await phone.goto(`${BASE_URL}/flash-sales`);
  const card = phone.locator(`[data-sale="${id}"]`);
  await card.locator('[data-testid=buy]', { hasText: '已取消' }).waitFor();
  assert.equal(await card.locator('[data-testid=buy]').isDisabled(), true);
  await shot(phone, 'flash-sales-cancelled');
});

test('the dashboard draws its charts at 360 px, and the campaigns page lists with figures', async () => {
  const page = await managerPage({ width: 360, height: 780 });
  await page.goto(`${BASE_URL}/guide/manage/dashboard`);
  await page.locator('[data-testid=chart-takings] svg').waitFor();
  assert.ok(await page.locator('[data-testid=chart-takings] rect.bar').count() >= 14);
  assert.ok(await page.locator('[data-testid=guide-row]').count() >= 1);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
  await shot(page, 'manage-dashboard');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=dashboard-csv]').click()]);
  assert.match(download.suggestedFilename(), /^dashboard-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);

  await page.locator('[data-manage=campaigns]').click();
  await page.locator('[data-testid=rich-campaign-form]').waitFor();
  await page.locator('[data-testid=campaign-row]').first().waitFor();
  await shot(page, 'manage-campaigns');
  assert.deepEqual(page.errors, []);
});
