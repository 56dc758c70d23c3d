// Points that buy something and the guide handover: a member with points redeems a reward and
// finds the coupon in the wallet and the debit in the points history; a manager hands a
// leaving guide's customers to another guide on the staff screen; a gold member sees the tier
// benefits on the card, gives the birthday once, and reads the rewards in English.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, api, staffToken, newMember, signIn, uniquePhone } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a member with points redeems a reward and sees the coupon and the debit', async () => {
  const member = await newMember(120_000);
  // ¥1,200 charged at the counter earns 1,200 points.
  const code = (await api('/api/me/code', { token: member.token })).body.code;
  const charged = await api('/api/guide/charges', { method: 'POST', token: await staffToken('G1001'), body: { code, amount_fen: 120_000 } });
  assert.equal(charged.status, 200, JSON.stringify(charged.body));
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, member.phone, member.password);
  await page.locator('a[href="/member/rewards"]').click();
  await page.locator('[data-reward=R-5]').waitFor();
  await page.locator('[data-testid=points-balance]', { hasText: '1200' }).waitFor();
  await page.locator('[data-reward=R-5] [data-action=redeem]').click();
  await page.locator('[data-testid=redeemed]').waitFor();
  await page.locator('[data-testid=points-balance]', { hasText: '700' }).waitFor();
  await shot(page, 'rewards-redeemed');
  await page.locator('[data-testid=redeemed] a').click();
  await page.locator('.wallet-coupon', { hasText: '积分换 ¥5 券' }).waitFor();
  await shot(page, 'wallet-points-coupon');
  await page.goto(`${BASE_URL}/member/points`);
  const first = page.locator('[data-testid=points-history] .ledger-row').first();
  await first.waitFor();
  assert.match(await first.innerText(), /兑换优惠券[\s\S]*−500[\s\S]*700/);
  assert.match(await page.locator('[data-testid=points-history]').innerText(), /消费获得[\s\S]*\+1200/);
  await shot(page, 'points-history');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a manager hands a leaving guide\'s customers over to another guide', async () => {
  const manager = await staffToken('M1001');
  const made = [];
  for (let i = 0; i < 2; i += 1) {
    const no = `G${uniquePhone().slice(5)}`;
    const r = await api('/api/manage/staff', { method: 'POST', token: manager, body: { staff_no: no, name: `交接${i}`, store_id: 'S1', role: 'guide', password: 'first-pass-1' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    made.push(no);
  }
  const [leaving, taking] = made;
  const leavingToken = (await api('/api/guide/sessions', { method: 'POST', body: { staff_no: leaving, password: 'first-pass-1' } })).body.token;
  const customer = await newMember();
  const code = (await api('/api/me/code', { token: customer.token })).body.code;
  assert.equal((await api('/api/guide/customers', { method: 'POST', token: leavingToken, body: { code, tags: [] } })).status, 201);

  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', 'M1001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]').waitFor();
  await page.goto(`${BASE_URL}/guide/manage/staff`);
  const form = page.locator('[data-testid=handover]');
  await form.locator(`select[name=from] option[value=${leaving}]`).waitFor({ state: 'attached' });
  await form.locator('select[name=from]').selectOption(leaving);
  await form.locator('select[name=to]').selectOption(taking);
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=staff-ok]', { hasText: `${leaving} → ${taking}: 1` }).waitFor();
  await form.scrollIntoViewIfNeeded();
  await shot(page, 'guide-handover');
  const takingToken = (await api('/api/guide/sessions', { method: 'POST', body: { staff_no: taking, password: 'first-pass-1' } })).body.token;
  const theirs = await api('/api/guide/customers', { token: takingToken });
  assert.equal(theirs.body.length, 1, JSON.stringify(theirs.body));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gold member sees the tier benefits on the card, gives the birthday once, and reads rewards in English', async () => {
  // ¥20,000 topped up and spent at the counter makes the member gold.
  const member = await newMember(2_000_000);
  const code = (await api('/api/me/code', { token: member.token })).body.code;
  const charged = await api('/api/guide/charges', { method: 'POST', token: await staffToken('G1001'), body: { code, amount_fen: 2_000_000 } });
  assert.equal(charged.status, 200, JSON.stringify(charged.body));
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, member.phone, member.password);
  const benefits = page.locator('[data-testid=benefits]');
  await benefits.waitFor();
  assert.match(await page.locator('[data-testid=benefits-now]').innerText(), /生日礼券 ¥30[\s\S]*限时抢购每人限购 \+1/);
  assert.match(await page.locator('[data-testid=benefits-next]').innerText(), /升级后 钻石卡[\s\S]*生日礼券 ¥50[\s\S]*\+2/);
  await page.fill('[data-testid=birthday-form] input[name=birthday]', '1990-12-03');
  await page.locator('[data-testid=birthday-form] button[type=submit]').click();
  await page.locator('[data-testid=birthday]', { hasText: '1990-12-03' }).waitFor();
  assert.equal(await page.locator('[data-testid=birthday-form]').count(), 0, 'given once: the form is gone');
  await benefits.scrollIntoViewIfNeeded();
  await shot(page, 'card-benefits');
  const again = await api('/api/me/birthday', { method: 'PUT', token: member.token, body: { birthday: '1990-12-04' } });
  assert.equal(again.status, 409, JSON.stringify(again.body));
  assert.equal((await api('/api/me', { token: member.token })).body.birthday, '1990-12-03');

  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('[data-testid=benefits-now]', { hasText: 'Birthday coupon ¥30' }).waitFor();
  await page.goto(`${BASE_URL}/member/rewards`);
  const reward = page.locator('[data-reward=R-5]');
  await reward.waitFor();
  assert.match(await reward.innerText(), /¥5 off/);
  assert.doesNotMatch(await reward.innerText(), /积分换/, 'the English title in English');
  await shot(page, 'rewards-english');
  assert.deepEqual(errors, []);
  await context.close();
});
