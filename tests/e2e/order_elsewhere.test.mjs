// Ordering where the item is missing: 陆家嘴店 (S2) has none of a product, 静安店 (S1) has some.
// On a 360 px phone the product page says "available from 静安店, ready in 1 day" under S2; the
// member orders it there and pays; the order shows it is arriving and the pickup code is refused
// (409 NOT_ARRIVED) until a guide of S2 receives the transfer on the console's screen; then the
// order is ready and the code hands it over once.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, shot, freshProduct, api, staffToken, newMember, signIn, phonePage } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a customer orders units another store has, a guide receives them, and the pickup works', async () => {
  const product = await freshProduct('SKU-1001', { onHand: 3 });
  const member = await newMember(500000);
  const page = await phonePage(browser, { viewport: { width: 360, height: 780 } });
  await signIn(page, member.phone, member.password);

  await page.goto(`${BASE_URL}/products/${product.sku}`);
  const offer = page.locator('.stock-row[data-store=S2] [data-testid=elsewhere]');
  await offer.waitFor();
  const text = await offer.innerText();
  assert.match(text, /静安店/, text);
  assert.match(text, /1 天后到店/, text);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
  await shot(page, 'order-elsewhere-offer');

  await offer.locator('[data-testid=order-from-there]').click();
  await page.waitForURL('**/checkout?**from=S1**');
  await page.locator('[data-testid=place-order]').click();
  await page.locator('[data-testid=pay-balance]').click();
  await page.locator('[data-testid=arriving]').waitFor();
  const order = await page.locator('.order-detail').getAttribute('data-order');
  assert.equal(await page.locator('.order-detail').getAttribute('data-status'), 'awaiting_transfer');
  // The sending store by its name, not its id.
  const arriving = await page.locator('[data-testid=arriving]').innerText();
  assert.match(arriving, /静安店/, arriving);
  assert.doesNotMatch(arriving, /\bS1\b/, arriving);
  await shot(page, 'order-elsewhere-arriving');

  const mine = await api(`/api/orders/${order}`, { token: member.token });
  const code = mine.body.pickup.code;
  const guide = await staffToken('G2001');
  const early = await api('/api/guide/pickups', { method: 'POST', token: guide, body: { code } });
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'NOT_ARRIVED');

  // A guide of S2 receives the transfer the payment sent, on the console's transfers screen.
  const tablet = await phonePage(browser, { viewport: { width: 768, height: 1024 }, isMobile: false, hasTouch: false });
  await tablet.goto(`${BASE_URL}/guide/manage/transfers`);
  await tablet.fill('input[name=staff_no]', 'G2001');
  await tablet.fill('input[name=password]', 'demo1234');
  await tablet.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  const incoming = tablet.locator('[data-testid=transfers-in] [data-testid=transfer]', { hasText: product.sku });
  await incoming.waitFor();
  await incoming.locator('[data-testid=receive]').click();
  await tablet.locator('[data-testid=transfers-in] [data-testid=transfer][data-status=received]', { hasText: product.sku }).waitFor();

  await page.reload();
  await page.locator('[data-testid=pickup-code]').waitFor();
  await shot(page, 'order-elsewhere-ready');
  const done = await api('/api/guide/pickups', { method: 'POST', token: guide, body: { code } });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  const again = await api('/api/guide/pickups', { method: 'POST', token: guide, body: { code } });
  assert.equal(again.body.error.code, 'ALREADY_PICKED_UP');
  assert.deepEqual([...page.errors, ...tablet.errors], []);
});
