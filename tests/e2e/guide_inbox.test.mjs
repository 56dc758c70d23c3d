// The console side of growth: a new guide's customer pays and the console's inbox tab shows the
// unread badge; opening the message marks it read and stays inside the console. The manager's
// dashboard lists that guide as a promoter with the commission their link earned, as a table,
// a bar and a CSV. At 360 px, the narrowest phone the console serves.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, shot, api, staffToken, newMember, freshProduct, uniquePhone } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PASSWORD = 'first-pass-1';
let guideNo;

// A paid order of one fresh S1 unit for `member`.
async function paidOrder(member, key) {
  const { sku } = await freshProduct('SKU-1031', { onHand: 1 });
  const order = await api('/api/orders', { method: 'POST', token: member.token, headers: { 'idempotency-key': key },
    body: { store_id: 'S1', lines: [{ sku, qty: 1 }] } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const paid = await api(`/api/orders/${order.body.id}/pay`, { method: 'POST', token: member.token, body: { method: 'balance' } });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
}

async function consolePage(staffNo, password) {
  const page = await browser.newPage({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', staffNo);
  await page.fill('input[name=password]', password);
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]').waitFor();
  return page;
}

before(async () => {
  // A guide of their own, so their inbox and their promoter row hold only this suite's doing.
  guideNo = `G${uniquePhone().slice(5)}`;
  const made = await api('/api/manage/staff', { method: 'POST', token: await staffToken('M1001'),
    body: { staff_no: guideNo, name: '新导购', store_id: 'S1', role: 'guide', password: PASSWORD } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const guide = (await api('/api/guide/sessions', { method: 'POST', body: { staff_no: guideNo, password: PASSWORD } })).body.token;
  // A customer bound to the guide pays: the guide hears it.
  const bound = await newMember(100_000);
  const code = (await api('/api/me/code', { token: bound.token })).body.code;
  assert.equal((await api('/api/guide/customers', { method: 'POST', token: guide, body: { code, tags: [] } })).status, 201);
  await paidOrder(bound, `inbox-${guideNo}`);
  // A customer registers through the guide's promoter link and pays their first order.
  const promoter = (await api('/api/guide/promoter', { token: guide })).body.code;
  const joined = await api('/api/members', { method: 'POST',
    body: { phone: uniquePhone(), password: 'e2e-pass-123', name: '推广客', promoter } });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  await api('/api/me/top-ups', { method: 'POST', token: joined.body.token, body: { amount_fen: 100_000, method: 'sandbox' } });
  await paidOrder({ token: joined.body.token }, `promoted-${guideNo}`);
});

test('the console inbox badge appears, the message opens inside the console and is read', async () => {
  const page = await consolePage(guideNo, PASSWORD);
  const badge = page.locator('.guide-tabs [data-testid=inbox-badge]');
  await badge.waitFor();
  assert.equal(await badge.innerText(), '1');
  await shot(page, 'guide-inbox-badge');

  await page.locator('[data-tab=messages]').click();
  const message = page.locator('[data-testid=message][data-kind=customer_paid]');
  await message.waitFor();
  assert.equal(await page.locator('[data-testid=message]').count(), 1);
  assert.equal(await page.locator('[data-testid=message].unread').count(), 1);
  assert.match(await message.innerText(), /顾客付款了[\s\S]*测试买家/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
  await shot(page, 'guide-inbox');

  await message.click();
  await page.waitForURL((u) => u.pathname === '/guide/customers');
  await badge.waitFor({ state: 'detached' });
  await page.locator('[data-tab=messages]').click();
  await message.waitFor();
  assert.equal(await page.locator('[data-testid=message].unread').count(), 0, 'read on the server too');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the dashboard lists the guide as a promoter with the commission, a bar and a CSV', async () => {
  const page = await consolePage('M1001', 'demo1234');
  await page.goto(`${BASE_URL}/guide/manage/dashboard`);
  const row = page.locator(`[data-testid=promoter-row][data-staff=${guideNo}]`);
  await row.waitFor();
  assert.match(await row.innerText(), /新导购[\s\S]*1[\s\S]*¥5\.00[\s\S]*¥0\.00[\s\S]*¥0\.00/);
  assert.ok(await page.locator('[data-testid=chart-promoters] rect.bar').count() >= 1);
  await page.locator('[data-testid=promoters]').scrollIntoViewIfNeeded();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
  await shot(page, 'dashboard-promoters');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=promoters-csv]').click()]);
  assert.match(download.suggestedFilename(), /^promoters-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
