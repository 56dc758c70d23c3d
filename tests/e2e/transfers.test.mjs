// Stock between stores (调货): a manager of 静安店 (S1) sends units of a product to 陆家嘴店 (S2)
// from the console's transfers screen on a 360 px phone; they leave S1's available stock at
// once. A guide of S2 opens the same screen on a tablet (a deep link), receives them with one
// button, and S2's stock rises by exactly those units; receiving again is refused.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, freshProduct, api, staffToken } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function available(sku, store) {
  const r = await api(`/api/guide/stock?sku=${sku}`, { token: await staffToken('G1001') });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.find((row) => row.store_id === store)?.available;
}

async function signIn(page, staffNo, shown = '[data-testid=staff-bar]') {
  await page.fill('input[name=staff_no]', staffNo);
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator(shown).waitFor();
}

test('a transfer is sent in one store and received in the other, and the stock figures move', async () => {
  // Like SKU-1001, which both stores carry.
  const product = await freshProduct('SKU-1001', { onHand: 5 });
  assert.equal(await available(product.sku, 'S1'), 5);
  assert.equal(await available(product.sku, 'S2'), 0);

  // The manager of S1, on a 360 px phone: manage tab → transfers → send 2 units to S2.
  const sender = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 780 } });
  const page = await sender.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE_URL}/guide`);
  await signIn(page, 'M1001');
  await page.locator('[data-tab=manage]').click();
  await page.locator('[data-testid=to-transfers]').click();
  await page.waitForURL('**/guide/manage/transfers');
  const form = page.locator('[data-testid=send-transfer]');
  await form.locator(`select[name=sku] option[value="${product.sku}"]`).waitFor({ state: 'attached' });
  await form.locator('select[name=sku]').selectOption(product.sku);
  await form.locator('input[name=qty]').fill('2');
  await form.locator('select[name=to_store]').selectOption('S2');
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=transfer-done]', { hasText: product.sku }).waitFor();
  const out = page.locator('[data-testid=transfers-out] [data-testid=transfer]', { hasText: product.sku });
  await out.waitFor();
  assert.equal(await out.getAttribute('data-status'), 'in_transit');
  const id = await out.getAttribute('data-id');
  assert.equal(await available(product.sku, 'S1'), 3, 'the units left S1 at once');
  assert.equal(await available(product.sku, 'S2'), 0, 'and are not in S2 yet');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
  await shot(page, 'transfer-sent');

  // A guide of S2 on a tablet, straight to the screen: the transfer waits there to be received.
  const receiver = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
  const tablet = await receiver.newPage();
  tablet.on('pageerror', (e) => errors.push(e.message));
  await tablet.goto(`${BASE_URL}/guide/manage/transfers`);
  // The deep link opens the console's page on this screen, and it signs in right there.
  await signIn(tablet, 'G2001', '[data-testid=transfers-in]');
  assert.equal(await tablet.locator('[data-testid=send-transfer]').count(), 0, 'a guide does not send');
  const incoming = tablet.locator(`[data-testid=transfers-in] [data-id="${id}"]`);
  await incoming.waitFor();
  await incoming.locator('[data-testid=receive]').click();
  await tablet.locator('[data-testid=transfer-done]', { hasText: id }).waitFor();
  await tablet.locator(`[data-testid=transfers-in] [data-id="${id}"][data-status=received]`).waitFor();
  assert.equal(await incoming.locator('[data-testid=receive]').count(), 0);
  assert.equal(await available(product.sku, 'S1'), 3);
  assert.equal(await available(product.sku, 'S2'), 2, 'the units entered S2 once');
  await shot(tablet, 'transfer-received');

  // Received once: the API refuses a second receive.
  const again = await api(`/api/manage/stock/transfers/${id}/receive`, { method: 'POST', body: {}, token: await staffToken('G2001') });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'ALREADY_RECEIVED');
  assert.equal(await available(product.sku, 'S2'), 2);
  assert.deepEqual(errors, []);
  await sender.close();
  await receiver.close();
});
