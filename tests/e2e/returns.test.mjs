// Returns across channels: a coat bought online and collected at S1 comes back at S2's counter;
// the customer shows their member code, the guide refunds one of two units, and the customer's
// order shows it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, api, staffToken, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('goods collected at one store are returned at another, refunded to stored value', async () => {
  const customer = await newMember(700_000);
  const { sku } = await freshProduct('SKU-1034', { onHand: 2 });
  const order = await api('/api/orders', { method: 'POST', token: customer.token, headers: { 'idempotency-key': `e2e-ret-${Date.now()}` },
    body: { store_id: 'S1', lines: [{ sku, qty: 2 }] } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const id = order.body.id;
  const paid = await api(`/api/orders/${id}/pay`, { method: 'POST', token: customer.token, body: { method: 'balance' } });
  assert.equal(paid.body.status, 'ready_for_pickup');
  const picked = await api('/api/guide/pickups', { method: 'POST', token: await staffToken('G1001'), body: { code: paid.body.pickup.code } });
  assert.equal(picked.body.status, 'picked_up');

  const guideContext = await browser.newContext({ ...PHONE, viewport: { width: 768, height: 1024 }, isMobile: false });
  const guide = await guideContext.newPage();
  const errors = [];
  guide.on('pageerror', (e) => errors.push(e.message));
  await guide.goto(`${BASE_URL}/guide`);
  await guide.fill('input[name=staff_no]', 'G2001');
  await guide.fill('input[name=password]', 'demo1234');
  await guide.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await guide.locator('[data-tab=returns]').click();
  await guide.fill('[data-testid=return-lookup] input[name=order_id]', id.toLowerCase());
  await guide.locator('[data-testid=return-lookup] button[type=submit]').click();
  const box = guide.locator('[data-testid=return-order]');
  await box.waitFor();
  assert.equal(await box.getAttribute('data-status'), 'picked_up');
  assert.equal(await guide.locator('[data-testid=take-back]').isDisabled(), true, 'nothing chosen yet');
  await box.locator(`.return-line[data-sku=${sku}] input[name=return-qty]`).fill('1');
  await box.locator('input[name=reason]').fill('颜色不喜欢');
  assert.equal(await guide.locator('[data-testid=take-back]').isDisabled(), true, 'the customer must be there');
  const code = (await api('/api/me/code', { token: customer.token })).body.code;
  await box.locator('input[name=member_code]').fill(code);
  await guide.locator('[data-testid=take-back]').click();
  await guide.locator('[data-testid=return-ok]', { hasText: '¥599' }).waitFor();
  await box.locator(`.return-line[data-sku=${sku}]`, { hasText: '已退 1' }).waitFor();
  assert.equal(await box.locator(`.return-line[data-sku=${sku}] input[name=return-qty]`).inputValue(), '0', 'the form is reset');
  await shot(guide, 'guide-return');

  const me = (await api('/api/me', { token: customer.token })).body;
  assert.equal(me.balance_fen, 700_000 - 119_800 + 59_900, 'one unit refunded to stored value');
  const phone = await (await browser.newContext(PHONE)).newPage();
  phone.on('pageerror', (e) => errors.push(e.message));
  await signIn(phone, customer.phone, customer.password);
  await phone.goto(`${BASE_URL}/orders/${id}`);
  await phone.locator('[data-testid=returned]', { hasText: '已退 1' }).waitFor();
  await phone.locator('[data-testid=picked-up-note]', { hasText: '已提货' }).waitFor();
  assert.equal(await phone.locator('[data-testid=pickup]').count(), 0, 'a spent pickup code is not shown again');
  await shot(phone, 'customer-order-partly-returned');
  assert.deepEqual(errors, []);
  await guideContext.close();
});

test('a guide rings up two items paid by member code; the day report lists the sale and it comes back', async () => {
  const customer = await newMember(100_000);
  const a = await freshProduct('SKU-1034', { onHand: 3, priceFen: 1250 });
  const b = await freshProduct('SKU-1034', { onHand: 3, priceFen: 990 });
  const guideContext = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 780 } });
  const guide = await guideContext.newPage();
  const errors = [];
  guide.on('pageerror', (e) => errors.push(e.message));
  await guide.goto(`${BASE_URL}/guide/stock`);
  await guide.fill('input[name=staff_no]', 'G1001');
  await guide.fill('input[name=password]', 'demo1234');
  await guide.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await guide.locator('[data-testid=to-ring-up]').click();
  for (const code of [a.barcode, a.sku, b.barcode]) {
    await guide.fill('[data-testid=ring-up-entry] input[name=item]', code);
    await guide.locator('[data-testid=ring-up-entry] button[type=submit]').click();
  }
  await guide.locator(`[data-testid=ring-up-lines] li[data-sku="${a.sku}"] [data-testid=ring-qty]`, { hasText: '2' }).waitFor();
  await guide.locator(`[data-testid=ring-up-lines] li[data-sku="${b.sku}"]`).waitFor();
  await guide.locator('[data-testid=ring-up-total]', { hasText: '¥34.90' }).waitFor();
  const code = (await api('/api/me/code', { token: customer.token })).body.code;
  await guide.fill('input[name=member_code]', code);
  await shot(guide, 'guide-ring-up');
  await guide.locator('[data-testid=ring-up-pay-code]').click();
  const receipt = guide.locator('[data-testid=ring-up-receipt]');
  await receipt.waitFor();
  const id = await receipt.getAttribute('data-order');
  await shot(guide, 'guide-ring-up-receipt');
  assert.equal((await api('/api/me', { token: customer.token })).body.balance_fen, 100_000 - 3_490);

  // The day report lists the sale; the screen's figure is the day's counter sales (other tests
  // ring up in S1 on the same server too), as the report has them.
  const day = (await api('/api/guide/reconciliation', { token: await staffToken('G1001') })).body;
  assert.deepEqual(day.counter_orders.find((o) => o.order_id === id), { order_id: id, method: 'balance', total_fen: 3490 });
  const sum = day.counter_orders.reduce((s, o) => s + o.total_fen, 0);
  const label = sum % 100 === 0 ? `¥${sum / 100}` : `¥${(sum / 100).toFixed(2)}`;
  await guide.locator('[data-tab=day]').click();
  await guide.locator('[data-figure=counter-orders]', { hasText: `${day.counter_orders.length} · ${label}` }).waitFor();
  await shot(guide, 'guide-day-counter-sale');

  await guide.locator('[data-tab=returns]').click();
  await guide.fill('[data-testid=return-lookup] input[name=order_id]', id);
  await guide.locator('[data-testid=return-lookup] button[type=submit]').click();
  const box = guide.locator('[data-testid=return-order]');
  await box.waitFor();
  await box.locator(`.return-line[data-sku=${a.sku}] input[name=return-qty]`).fill('1');
  await box.locator('input[name=reason]').fill('尺码不合适');
  await box.locator('input[name=member_code]').fill((await api('/api/me/code', { token: customer.token })).body.code);
  await guide.locator('[data-testid=take-back]').click();
  await guide.locator('[data-testid=return-ok]', { hasText: '¥12.50' }).waitFor();
  assert.equal((await api('/api/me', { token: customer.token })).body.balance_fen, 100_000 - 3_490 + 1_250);
  assert.deepEqual(errors, []);
  await guideContext.close();
});
