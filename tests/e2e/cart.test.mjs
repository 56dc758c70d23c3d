// The online mall's cart: pick a size and a colour, add two items, reload (the cart survives),
// sign in from checkout, come back to the cart, pay, and see ONE order with two lines.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot, newMember, api, staffToken } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Units booked into S1, so the demo variants have stock whatever other suites bought.
async function receive(sku, qty) {
  const manager = await staffToken('M1001');
  const r = await api('/api/manage/stock/receipts', {
    method: 'POST', token: manager, headers: { 'idempotency-key': `e2e-cart-${sku}-${Date.now()}` }, body: { sku, qty },
  });
  if (r.status !== 200) throw new Error(`no receipt: ${r.status} ${JSON.stringify(r.body)}`);
}

test('a size and a colour go into the cart, survive a reload, and check out as one order after signing in', async () => {
  await receive('SKU-1067', 2);
  await receive('SKU-1068', 3);
  const member = await newMember(200000);
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.evaluate(() => localStorage.setItem('edgemall.store', 'S1'));

  // The running shoes: size chips smallest first; choosing 42 switches SKU and URL.
  await page.goto(`${BASE_URL}/products/SKU-1024`);
  await page.locator('[data-testid=pick-size]').waitFor();
  const sizes = await page.locator('[data-testid=pick-size] .chip').evaluateAll((els) => els.map((e) => e.dataset.value));
  assert.deepEqual(sizes, ['39', '40', '41', '42']);
  await page.locator('[data-testid=pick-size] .chip[data-value="42"]').click();
  await page.waitForURL(`${BASE_URL}/products/SKU-1067`);
  await page.locator('article[data-sku=SKU-1067]').waitFor();
  await shot(page, 'cart-size-picked');
  await page.locator('[data-testid=add-to-cart-button]').click();
  await page.locator('.added').waitFor();

  // The POLO: navy, two of them.
  await page.goto(`${BASE_URL}/products/SKU-1036`);
  await page.locator('[data-testid=pick-color]').waitFor();
  await page.locator('[data-testid=pick-color] .chip[data-value="藏青"]').click();
  await page.waitForURL(`${BASE_URL}/products/SKU-1068`);
  await page.locator('article[data-sku=SKU-1068]').waitFor();
  await page.locator('[data-testid=add-to-cart] [data-testid=more]').click();
  assert.equal(await page.locator('[data-testid=add-to-cart] [data-testid=qty]').innerText(), '2');
  await page.locator('[data-testid=add-to-cart-button]').click();
  await page.locator('.added').waitFor();
  assert.equal(await page.locator('[data-testid=cart-badge]').innerText(), '3');
  await shot(page, 'cart-colour-picked-and-added');

  // A reload: the cart is still there.
  await page.reload();
  await page.locator('[data-testid=cart-badge]').waitFor();
  await page.goto(`${BASE_URL}/cart`);
  await page.locator('[data-testid=cart]').waitFor();
  const skus = await page.locator('.cart-line').evaluateAll((els) => els.map((e) => e.dataset.sku));
  assert.deepEqual(skus, ['SKU-1067', 'SKU-1068']);
  assert.equal(await page.locator('[data-testid=cart-subtotal]').innerText(), '¥1297');
  await shot(page, 'cart-after-reload');

  // Checkout signed out: sign in, and back to the cart.
  await page.locator('[data-testid=cart-checkout]').click();
  await page.locator('[data-testid=member-sign-in]').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('next'), '/cart');
  await page.fill('input[name=phone]', member.phone);
  await page.fill('input[name=password]', member.password);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.waitForURL(`${BASE_URL}/cart`);
  await page.locator('[data-testid=cart-total]').waitFor();
  assert.equal(await page.locator('.cart-line').count(), 2, 'the cart came back with its lines');
  await shot(page, 'cart-signed-in');

  // One order with both lines; pay it with stored value.
  await page.locator('[data-testid=cart-checkout]').click();
  await page.waitForURL(/\/orders\/O/);
  await page.locator('[data-testid=pay-balance]').click();
  await page.locator('[data-testid=pickup]').waitFor();
  assert.equal(await page.locator('li.line').count(), 2);
  await shot(page, 'cart-order-paid');
  const orders = (await api('/api/orders', { token: member.token })).body;
  assert.equal(orders.length, 1, 'one order');
  assert.deepEqual(orders[0].lines.map((l) => [l.sku, l.qty]), [['SKU-1067', 1], ['SKU-1068', 2]]);
  assert.equal(orders[0].status, 'ready_for_pickup');

  // The cart is empty again, and so is the badge.
  await page.goto(`${BASE_URL}/cart`);
  await page.locator('[data-testid=cart-empty]').waitFor();
  assert.equal(await page.locator('[data-testid=cart-badge]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the cart fits a 360 px phone', async () => {
  const page = await phonePage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto(`${BASE_URL}/`);
  await page.evaluate(() => {
    localStorage.setItem('edgemall.store', 'S1');
    localStorage.setItem('edgemall.cart.v1.S1', JSON.stringify({ v: 1, store: 'S1', lines: [
      { sku: 'SKU-1065', name: '跑鞋', name_en: 'Running shoe', image: '/img/products/SKU-1024.svg', price_fen: 69900, attributes: { size: '39' }, qty: 1 },
      { sku: 'SKU-1069', name: 'POLO 衫', name_en: 'POLO shirt', image: '/img/products/SKU-1036.svg', price_fen: 29900, attributes: { color: '黑' }, qty: 99 },
    ] }));
  });
  await page.goto(`${BASE_URL}/cart`);
  await page.locator('.cart-line').nth(1).waitFor();
  // 99 black POLOs are more than S1 has: the line says so and the checkout waits.
  await page.locator('[data-testid=line-short]').waitFor();
  assert.equal(await page.locator('[data-testid=cart-checkout]').isDisabled(), true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'nothing wider than the screen');
  await shot(page, 'cart-360px-short-line');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
