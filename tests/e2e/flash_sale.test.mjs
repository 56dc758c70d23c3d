// Flash sales: a member buys a live item, pays and sees the pickup code; a guide hands it over
// once; an unpaid order's lock runs out (time driven, not waited for); the manager creates a
// sale; sold-out and upcoming sales say so.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, drivenTime, api, newMember, liveSale, freshProduct, signIn } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('buy a live flash-sale item, pay, show the pickup code; a guide hands it over once', async () => {
  const sale = await liveSale('SKU-1060', 3);
  const buyer = await newMember(5_000);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, buyer.phone, buyer.password);

  await page.goto(`${BASE_URL}/flash-sales`);
  const card = page.locator(`[data-sale="${sale.id}"]`);
  await card.waitFor();
  assert.match(await card.locator('[data-testid=remaining]').innerText(), /3\/3/);
  assert.match(await card.locator('[data-testid=sale-clock]').innerText(), /距结束 \d\d:\d\d:\d\d/);
  await shot(page, 'flash-sales');
  await card.locator('[data-testid=buy]').click();

  // The order holds the unit, with a countdown to pay.
  await page.locator('[data-testid=pay-box]').waitFor();
  assert.match(page.url(), /\/orders\/O/);
  assert.match(await page.locator('[data-testid=lock-clock]').innerText(), /^00:(09|10):\d\d$/);
  await shot(page, 'order-pending');
  await page.locator('[data-testid=pay-balance]').click();
  await page.locator('[data-testid=pickup]').waitFor();
  const code = await page.locator('[data-testid=pickup-code]').getAttribute('data-code');
  assert.match(code, /^\d{12,}$/);
  assert.match(await page.locator("[data-testid=pickup]").innerText(), /京华百货·静安店 B1 山野茶专柜/);
  await page.locator('[data-testid=pickup] .qr svg').waitFor();
  await shot(page, 'order-paid-pickup-code');

  // Another buyer takes a unit; the list updates by itself while open.
  const other = await newMember();
  await api('/api/orders', { method: 'POST', token: other.token, headers: { 'idempotency-key': 'e2e-other' },
    body: { store_id: 'S1', lines: [{ sku: sale.sku, qty: 1, flash_sale_id: sale.id }] } });
  await page.goto(`${BASE_URL}/flash-sales`);
  await card.waitFor();
  await page.waitForFunction((id) => /1\/3/.test(document.querySelector(`[data-sale="${id}"] [data-testid=remaining]`)?.textContent ?? ''), sale.id, { timeout: 8000 });
  assert.equal(await card.locator('[data-testid=buy]').innerText(), '已达限购');
  assert.equal(await card.locator('[data-testid=buy]').isDisabled(), true);

  // The guide at S1 hands the order over, once.
  const guideContext = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const guide = await guideContext.newPage();
  await guide.goto(`${BASE_URL}/guide`);
  await guide.fill('input[name=staff_no]', 'G1001');
  await guide.fill('input[name=password]', 'demo1234');
  await guide.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await guide.locator('[data-tab=pickup]').click();
  await guide.fill('input[name=pickup_code]', code);
  await guide.locator('[data-testid=pickup-form] button[type=submit]').click();
  await guide.locator('[data-testid=pickup-done]').waitFor();
  assert.match(await guide.locator('[data-testid=pickup-done]').innerText(), /已提货/);
  await shot(guide, 'guide-pickup-done');
  await guide.fill('input[name=pickup_code]', code);
  await guide.locator('[data-testid=pickup-form] button[type=submit]').click();
  await guide.locator('[data-testid=pickup-error]').waitFor();
  assert.match(await guide.locator('[data-testid=pickup-error]').innerText(), /已提货/);
  await shot(guide, 'guide-pickup-twice');

  await page.goto(`${BASE_URL}/orders`);
  await page.locator('.order-row').first().waitFor();
  assert.match(await page.locator('.order-row').first().innerText(), /已提货/);
  await shot(page, 'orders-list');
  assert.deepEqual(errors, []);
  await guideContext.close();
  await context.close();
});

test('an unpaid order runs out its lock and the unit goes back', async () => {
  const sale = await liveSale('SKU-1061', 1);
  const buyer = await newMember();
  const context = await browser.newContext(PHONE);
  const time = await drivenTime(context);
  const page = await context.newPage();
  await signIn(page, buyer.phone, buyer.password);
  await page.goto(`${BASE_URL}/flash-sales`);
  await page.locator(`[data-sale="${sale.id}"] [data-testid=buy]`).click();
  await page.locator('[data-testid=pay-box]').waitFor();
  // Ten minutes pass without payment: the page notices the lock ran out.
  await time.advance(page, 10 * 60 * 1000 + 2000);
  await page.locator('[data-testid=order-status]', { hasText: '已超时' }).waitFor();
  assert.equal(await page.locator('[data-testid=pay-box]').count(), 0);
  await shot(page, 'order-expired');
  await page.goto(`${BASE_URL}/flash-sales`);
  await page.locator(`[data-sale="${sale.id}"] [data-testid=remaining]`, { hasText: '1/1' }).waitFor();
  await context.close();
});

test('sold out and upcoming sales disable the button and say why', async () => {
  const soldOut = await liveSale('SKU-1062', 1);
  const upcoming = await liveSale('SKU-1063', 2, { startsInSec: 3600 });
  const first = await newMember();
  await api('/api/orders', { method: 'POST', token: first.token, headers: { 'idempotency-key': 'e2e-first' },
    body: { store_id: 'S1', lines: [{ sku: soldOut.sku, qty: 1, flash_sale_id: soldOut.id }] } });
  const page = await browser.newPage(PHONE);
  await page.goto(`${BASE_URL}/flash-sales`);
  const gone = page.locator(`[data-sale="${soldOut.id}"] [data-testid=buy]`);
  await gone.waitFor();
  assert.equal(await gone.innerText(), '已抢光');
  assert.equal(await gone.isDisabled(), true);
  const soon = page.locator(`[data-sale="${upcoming.id}"]`);
  assert.equal(await soon.locator('[data-testid=buy]').innerText(), '即将开始');
  assert.match(await soon.locator('[data-testid=sale-clock]').innerText(), /距开始 (00:59|01:00):\d\d/);
  await soon.scrollIntoViewIfNeeded();
  await shot(page, 'flash-sales-states');
  await page.close();
});

test('the manager creates a flash sale at the counter', async () => {
  const page = await browser.newPage({ viewport: { width: 768, height: 1024 } });
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', 'M1001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-tab=manage]').click();
  const product = await freshProduct('SKU-1064', { onHand: 2 });
  await page.fill('[data-testid=create-sale] input[name=sku]', product.sku);
  await page.fill('[data-testid=create-sale] input[name=price]', '19.9');
  await page.fill('[data-testid=create-sale] input[name=quantity]', '2');
  await page.locator('[data-testid=create-sale] button[type=submit]').click();
  await page.locator('[data-testid=sale-created]').waitFor();
  const text = await page.locator('[data-testid=sale-created]').innerText();
  assert.match(text, /秒杀已创建 FS/);
  await shot(page, 'manager-created-sale');
  const id = text.match(/(FS\S+)/)[1];
  const r = await api(`/api/flash-sales/${id}`);
  assert.equal(r.body.status, 'upcoming');
  assert.equal(r.body.price_fen, 1990);
  await page.close();
});
