// Referrals: a member shares their link, a friend registers through it and pays a first order,
// and the member's card shows the friend and the 500 points.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, api, uniquePhone, freshProduct, staffToken } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a friend registers through a shared link and their first order earns the referrer points', async () => {
  const referrer = await newMember();
  const errors = [];
  const page = await (await browser.newContext(PHONE)).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, referrer.phone, referrer.password);
  const card = page.locator('[data-testid=referral]');
  await card.waitFor();
  const link = await card.locator('[data-testid=referral-link]').innerText();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/member\?ref=\d{8}-\d{6}$/);
  assert.match(await card.locator('[data-testid=referral-figures]').innerText(), /已邀请 0/);

  // The friend opens the link: the registration form, with the code carried along.
  const friendPage = await (await browser.newContext(PHONE)).newPage();
  friendPage.on('pageerror', (e) => errors.push(e.message));
  await friendPage.goto(link.replace(/^http:\/\/127\.0\.0\.1:\d+/, BASE_URL));
  const phone = uniquePhone();
  await friendPage.fill('input[name=phone]', phone);
  await friendPage.fill('input[name=name]', '被邀请的朋友');
  await friendPage.fill('input[name=password]', 'friend-pass-1');
  await friendPage.locator('form.sign-in button[type=submit]').click();
  await friendPage.locator('[data-testid=member-card]').waitFor();

  // Their first order, paid.
  const session = (await api('/api/sessions', { method: 'POST', body: { phone, password: 'friend-pass-1' } })).body;
  await api('/api/me/top-ups', { method: 'POST', token: session.token, body: { amount_fen: 50_000, method: 'sandbox' } });
  const { sku } = await freshProduct('SKU-1031', { onHand: 1 });
  const order = await api('/api/orders', { method: 'POST', token: session.token, headers: { 'idempotency-key': 'first' },
    body: { store_id: 'S1', lines: [{ sku, qty: 1 }] } });
  const paid = await api(`/api/orders/${order.body.id}/pay`, { method: 'POST', token: session.token, body: { method: 'balance' } });
  assert.equal(paid.body.status, 'ready_for_pickup');

  await page.reload();
  await card.waitFor();
  await card.locator('[data-testid=referral-figures]', { hasText: '已邀请 1' }).waitFor();
  assert.match(await card.locator('[data-testid=referral-figures]').innerText(), /获得积分 500/);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'member-referral');
  assert.deepEqual(errors, []);
});

test('a customer registers through a promoter link and finds the two gift coupons in the wallet', async () => {
  const promoter = (await api('/api/guide/promoter', { token: await staffToken('G1001') })).body;
  assert.match(promoter.link, /^\/member\?promoter=P-G1001-\d{6}$/);
  const errors = [];
  const page = await (await browser.newContext(PHONE)).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE_URL}${promoter.link}`);
  await page.fill('input[name=phone]', uniquePhone());
  await page.fill('input[name=name]', '推广新客');
  await page.fill('input[name=password]', 'promo-pass-1');
  await page.locator('form.sign-in button[type=submit]').click();
  await page.locator('[data-testid=member-card]').waitFor();
  await page.goto(`${BASE_URL}/member/coupons`);
  const gifts = page.locator('[data-testid=wallet] .wallet-coupon[data-coupon^=PG]');
  await gifts.nth(1).waitFor();
  assert.equal(await gifts.count(), 2);
  await shot(page, 'promoter-gifts');
  assert.deepEqual(errors, []);
});

test('a friend opens a red envelope from its shared link after signing in', async () => {
  const buyer = await newMember(50_000);
  const { sku } = await freshProduct('SKU-1031', { onHand: 1 });
  const order = await api('/api/orders', { method: 'POST', token: buyer.token, headers: { 'idempotency-key': 'envelope' },
    body: { store_id: 'S1', lines: [{ sku, qty: 1 }] } });
  await api(`/api/orders/${order.body.id}/pay`, { method: 'POST', token: buyer.token, body: { method: 'balance' } });
  const envelope = (await api(`/api/orders/${order.body.id}`, { token: buyer.token })).body.red_envelope;
  assert.equal(envelope.shares, 10);

  const friend = await newMember();
  const errors = [];
  const page = await (await browser.newContext(PHONE)).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  // Signed out, the link sends the friend to sign in and back to the envelope.
  await page.goto(`${BASE_URL}${envelope.link}`);
  await page.waitForURL(/\/member\?next=/);
  await page.fill('input[name=phone]', friend.phone);
  await page.fill('input[name=password]', friend.password);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.locator('[data-testid=open-button]').click();
  await page.locator('[data-testid=envelope-won]').waitFor();
  assert.match(await page.locator('[data-testid=won-amount]').innerText(), /^¥\d/);
  await shot(page, 'red-envelope-opened');
  assert.deepEqual(errors, []);
});
