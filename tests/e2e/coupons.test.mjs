// Coupons: claim in the coupon centre, see it in the wallet with its expiry, check out with the
// best coupon pre-selected (and the reason another does not apply), pay, find it under "used".
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function claimByTitle(page, title, limit) {
  const card = page.locator('.campaign', { hasText: title });
  await card.locator('[data-testid=claim]').click();
  await page.locator('[data-testid=claim-ok]', { hasText: title }).waitFor();
  await card.locator('[data-testid=my-claimed]', { hasText: `1/${limit}` }).waitFor();
}

test('claim coupons, buy with the best one applied, and see it under used', async () => {
  const buyer = await newMember(100_000);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, buyer.phone, buyer.password);

  // The coupon centre, from the home page banner.
  await page.goto(`${BASE_URL}/`);
  await page.locator('[data-testid=coupon-banner]').click();
  await page.locator('.campaign').first().waitFor();
  await claimByTitle(page, '满300减50 全场通用', 2);
  await claimByTitle(page, '静安店鞋履 满500减80', 1);
  assert.equal(await page.locator('.campaign', { hasText: '静安店鞋履' }).locator('[data-testid=claim]').isDisabled(), true, 'limit reached');
  await shot(page, 'coupon-centre');

  // The wallet shows both, with their expiry.
  await page.goto(`${BASE_URL}/member/coupons`);
  await page.locator('.wallet-coupon').first().waitFor();
  assert.equal(await page.locator('.wallet-coupon').count(), 2);
  assert.match(await page.locator('.wallet-coupon', { hasText: '满300减50' }).locator('[data-testid=expires]').innerText(), /[67]天后过期/);
  await shot(page, 'wallet-available');

  // A ¥368 serum: checkout pre-selects 满300减50 and says why the shoes coupon does not apply.
  const serum = await freshProduct('SKU-1001', { onHand: 3 });
  await page.goto(`${BASE_URL}/products/${serum.sku}`);
  await page.locator('[data-testid=buy-in-store]').click();
  await page.locator('[data-testid=checkout]').waitFor();
  assert.ok(page.url().endsWith(`/checkout?store=S1&sku=${serum.sku}&qty=1`), page.url());
  const best = page.locator('.coupon-option', { hasText: '满300减50' });
  await page.waitForFunction(() => [...document.querySelectorAll('.coupon-option input')].some((i) => i.checked));
  assert.equal(await best.locator('input').isChecked(), true, 'the best coupon is pre-selected');
  assert.match(await page.locator('.coupon-option', { hasText: '鞋履' }).innerText(), /本单商品不在适用范围/);
  assert.equal(await page.locator('[data-testid=discount]').innerText(), '-¥50');
  assert.equal(await page.locator('[data-testid=checkout-total]').innerText(), '¥318');
  await shot(page, 'checkout-best-coupon');
  // Choosing no coupon shows the full price; the member picks the best one again.
  await page.locator('.coupon-option', { hasText: '不使用优惠券' }).locator('input').check();
  assert.equal(await page.locator('[data-testid=checkout-total]').innerText(), '¥368');
  await best.locator('input').check();
  await page.locator('[data-testid=place-order]').click();

  // The order carries the discount; paying redeems the coupon.
  await page.locator('[data-testid=pay-box]').waitFor();
  assert.match(await page.locator('[data-testid=order-discount]').innerText(), /-¥50/);
  assert.equal(await page.locator('[data-testid=order-total]').innerText(), '¥318');
  await page.locator('[data-testid=pay-balance]').click();
  await page.locator('[data-testid=pickup]').waitFor();
  await shot(page, 'order-paid-with-coupon');

  await page.goto(`${BASE_URL}/member/coupons`);
  await page.locator('.wallet-coupon').first().waitFor();
  await page.locator('[data-shelf=used]').click();
  await page.locator('.wallet-coupon[data-status=redeemed]', { hasText: '满300减50' }).waitFor();
  await shot(page, 'wallet-used');
  const me = await (await fetch(`${BASE_URL}/api/me`, { headers: { authorization: `Bearer ${buyer.token}` } })).json();
  assert.equal(me.balance_fen, 100_000 - 31_800, 'charged the discounted price');
  assert.deepEqual(errors, []);
  await context.close();
});
