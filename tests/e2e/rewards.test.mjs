// Post-payment rewards (支付有礼): paying an S2 order of at least ¥800 puts the demo campaign's
// coupon in the wallet, and the order says so.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a paid order over the minimum earns the payment-gift coupon', async () => {
  const buyer = await newMember(200_000);
  // A product of its own, priced like the demo blazer (over the gift's ¥800 minimum), so no
  // other suite's purchases change what this one finds.
  const { sku } = await freshProduct('SKU-1019', { storeId: 'S2', onHand: 2 });
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, buyer.phone, buyer.password);
  // The gift is not in the coupon centre: it cannot be claimed.
  await page.goto(`${BASE_URL}/coupons`);
  await page.locator('.campaign').first().waitFor();
  assert.equal(await page.locator('.campaign', { hasText: '支付有礼' }).count(), 0);

  await page.goto(`${BASE_URL}/checkout?store=S2&sku=${sku}&qty=1`);
  await page.locator('[data-testid=checkout]').waitFor();
  await page.locator('[data-testid=place-order]').click();
  await page.locator('[data-testid=pay-box]').waitFor();
  await page.locator('[data-testid=pay-balance]').click();
  await page.locator('[data-testid=pickup]').waitFor();
  const rewards = page.locator('[data-testid=rewards]');
  await rewards.waitFor();
  assert.match(await rewards.innerText(), /陆家嘴店支付有礼 满300减30/);
  await shot(page, 'order-payment-gift');

  await rewards.locator('a').click();
  await page.locator('.wallet-coupon', { hasText: '陆家嘴店支付有礼' }).waitFor();
  assert.match(await page.locator('.wallet-coupon', { hasText: '陆家嘴店支付有礼' }).locator('[data-testid=expires]').innerText(), /(29|30)天后过期/);
  await shot(page, 'wallet-payment-gift');
  assert.deepEqual(errors, []);
  await context.close();
});
