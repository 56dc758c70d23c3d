// The guide's customers and day: a guide binds a customer by scanning their member code, tags
// them, filters by tag, orders a shirt for them; the customer pays it in their own app and sees
// who placed it; the guide's day report counts it and agrees with the gateway.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, api, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a guide binds, tags and orders for a customer, who pays in the app; the day report counts it', async () => {
  const customer = await newMember(200_000);
  const code = (await api('/api/me/code', { token: customer.token })).body.code;

  const guideContext = await browser.newContext({ ...PHONE, viewport: { width: 768, height: 1024 }, isMobile: false });
  const guide = await guideContext.newPage();
  const errors = [];
  guide.on('pageerror', (e) => errors.push(e.message));
  await guide.goto(`${BASE_URL}/guide`);
  await guide.fill('input[name=staff_no]', 'G1001');
  await guide.fill('input[name=password]', 'demo1234');
  await guide.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await guide.locator('[data-testid=staff-bar]').waitFor();
  await guide.locator('[data-tab=customers]').click();

  // Bind by the scanned code, with two tags typed with a full-width comma.
  await guide.fill('[data-testid=bind-customer] input[name=code]', code);
  await guide.fill('[data-testid=bind-customer] input[name=tags]', 'VIP，爱买衬衫');
  await guide.locator('[data-testid=bind-customer] button[type=submit]').click();
  await guide.locator('[data-testid=customers-ok]', { hasText: '已绑定' }).waitFor();
  const row = guide.locator('.customer', { hasText: customer.phone.slice(-4) });
  await row.waitFor();
  assert.deepEqual(await row.locator('.tag').allInnerTexts(), ['VIP', '爱买衬衫']);
  // The same code again is refused: it worked once.
  await guide.fill('[data-testid=bind-customer] input[name=code]', code);
  await guide.locator('[data-testid=bind-customer] button[type=submit]').click();
  await guide.locator('[data-testid=customers-error]').waitFor();
  assert.match(await guide.locator('[data-testid=customers-error]').innerText(), /已使用|used/);

  // Filter by a tag chip, then retag.
  await guide.locator('.tag-chips [data-tag="爱买衬衫"]').click();
  await row.waitFor();
  assert.equal(await guide.locator('.customer').count() >= 1, true);
  await row.locator('[data-action=edit-tags]').click();
  await row.locator('input[name=edit-tags]').fill('VIP 周末来');
  await row.locator('.inline-form button[type=submit]').click();
  await guide.locator('.tag-chips [data-tag="周末来"]').waitFor();
  await guide.locator('.tag-chips [data-tag="周末来"]').click();
  await row.locator('.tag', { hasText: '周末来' }).waitFor();
  await shot(guide, 'guide-customers');

  // Order a shirt for them.
  const shirt = await freshProduct('SKU-1031', { onHand: 2 });
  await row.locator('[data-action=order-for]').click();
  await row.locator('input[name=product]').fill(shirt.name);
  await row.locator(`.picks [data-sku=${shirt.sku}]`).click();
  await row.locator('[data-testid=picked]', { hasText: shirt.sku }).waitFor();
  await row.locator('[data-testid=order-for] button[type=submit]').click();
  await guide.locator('[data-testid=customers-ok]', { hasText: '已下单' }).waitFor();
  const orderId = (await guide.locator('[data-testid=customers-ok]').innerText()).match(/O[0-9A-Z]{16}/)?.[0];
  assert.ok(orderId, 'the message names the order');
  await shot(guide, 'guide-ordered-for-customer');

  // The customer finds it in their app, sees the guide placed it, and pays.
  const phoneContext = await browser.newContext(PHONE);
  const phone = await phoneContext.newPage();
  phone.on('pageerror', (e) => errors.push(e.message));
  await signIn(phone, customer.phone, customer.password);
  await phone.goto(`${BASE_URL}/orders/${orderId}`);
  await phone.locator('[data-testid=placed-by]', { hasText: 'G1001' }).waitFor();
  assert.match(await phone.locator('[data-testid=placed-by]').innerText(), /导购代下单/);
  await phone.locator('[data-testid=pay-balance]').click();
  await phone.locator('[data-testid=pickup]').waitFor();
  await shot(phone, 'customer-pays-guide-order');

  // The guide's day report counts it and agrees with the gateway.
  await guide.locator('[data-tab=day]').click();
  await guide.locator('[data-testid=day-report]').waitFor();
  const takings = await guide.locator('[data-figure=takings] dd').innerText();
  assert.match(takings, /^¥\d+/);
  assert.ok(Number(takings.replace(/[¥,]/g, '')) >= 399, `takings ${takings} include the ¥399 shirt`);
  assert.match(await guide.locator('input[name=date]').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  await guide.locator('[data-testid=balanced]').waitFor();
  await shot(guide, 'guide-day-report');
  // The member's order list, through the API, carries the guide too.
  const orders = (await api('/api/orders', { token: customer.token })).body;
  assert.equal(orders.find((o) => o.id === orderId)?.placed_by, 'G1001');

  // Each tab is a route: Back returns to the customers tab, and a deep link (or a reload) opens
  // the console on the tab it names.
  assert.equal(new URL(guide.url()).pathname, '/guide/day');
  await guide.goBack();
  await guide.waitForURL((u) => u.pathname === '/guide/customers');
  await guide.locator('[data-testid=bind-customer]').waitFor();
  await guide.goto(`${BASE_URL}/guide/day`);
  await guide.locator('[data-testid=day-report]').waitFor();
  assert.equal(await guide.locator('[data-tab=day]').getAttribute('class'), 'chip selected');
  assert.deepEqual(errors, []);
  await guideContext.close();
  await phoneContext.close();
});
