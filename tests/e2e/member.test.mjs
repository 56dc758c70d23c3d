// The member card: register, see the card with its QR code and barcode, watch the code rotate
// when its 30-second step ends (time is driven, not waited for), top up, sign out; a guide in
// another browser verifies the member's code once.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, drivenTime, uniquePhone } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function currentCode(page) {
  return page.locator('[data-testid=code-digits]').getAttribute('data-code');
}

test('register, see a rotating single-use code, top up, and a guide verifies it once', async () => {
  const memberContext = await browser.newContext(PHONE);
  const time = await drivenTime(memberContext);
  const page = await memberContext.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // Register.
  await page.goto(`${BASE_URL}/member`);
  await page.getByRole('button', { name: /立即注册/ }).click();
  await page.fill('input[name=phone]', uniquePhone());
  await page.fill('input[name=name]', '林小雨');
  await page.fill('input[name=password]', 'rainy-day-88');
  await page.locator('form.sign-in button[type=submit]').click();

  // The card, with a QR code and a barcode of an 18-digit code.
  await page.locator('[data-testid=member-card]').waitFor();
  assert.match(await page.locator('[data-testid=member-card]').innerText(), /林小雨/);
  assert.equal(await page.locator('[data-testid=tier]').innerText(), '普卡');
  await page.locator('.qr svg').waitFor();
  await page.locator('.barcode svg').waitFor();
  const first = await currentCode(page);
  assert.match(first, /^\d{18}$/);
  assert.match(await page.locator('[data-testid=countdown]').innerText(), /秒后自动刷新/);
  await shot(page, 'member-card');

  // The step ends: the app fetches the next code by itself.
  await time.advance(page, 31_000);
  await page.waitForFunction((old) => document.querySelector('[data-testid=code-digits]')?.dataset.code !== old, first);
  const second = await currentCode(page);
  assert.notEqual(second, first);
  await shot(page, 'member-card-rotated');

  // A guide at the counter, in another browser (sharing the driven server time).
  const guideContext = await browser.newContext({ ...PHONE, viewport: { width: 768, height: 1024 }, isMobile: false });
  await guideContext.route('**/api/**', async (route) => {
    const headers = { ...route.request().headers(), 'x-edgemall-now': new Date(Date.now() + time.offsetMs).toISOString() };
    await route.continue({ headers });
  });
  const guide = await guideContext.newPage();
  await guide.goto(`${BASE_URL}/guide`);
  await guide.fill('input[name=staff_no]', 'G1001');
  await guide.fill('input[name=password]', 'demo1234');
  await guide.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await guide.locator('[data-testid=staff-bar]').waitFor();
  assert.equal(await guide.locator('.tab-bar').isVisible(), false, 'no customer tabs at the counter');
  await guide.fill('input[name=code]', second);
  await guide.getByRole('button', { name: '识别会员' }).click();
  await guide.locator('[data-testid=member-summary]').waitFor();
  assert.match(await guide.locator('[data-testid=member-summary]').innerText(), /林小雨/);
  await shot(guide, 'guide-verified');

  // The same code again (a screenshot of the phone): refused.
  await guide.fill('input[name=code]', second);
  await guide.getByRole('button', { name: '识别会员' }).click();
  await guide.locator('[data-testid=guide-error]').waitFor();
  assert.match(await guide.locator("[data-testid=guide-error]").innerText(), /已使用/);
  await shot(guide, 'guide-code-used');

  // Top up ¥200 through the sandbox gateway; the card shows it.
  await page.locator('a', { hasText: '充值' }).click();
  await page.locator('.presets .chip', { hasText: '¥200' }).click();
  await page.locator('[data-testid=pay]').click();
  await page.locator('[data-testid=top-up-done]').waitFor();
  await shot(page, 'top-up-done');
  await page.goto(`${BASE_URL}/member`);
  await page.locator('[data-testid=balance]', { hasText: '¥200' }).waitFor();
  await page.goto(`${BASE_URL}/member/ledger`);
  await page.locator('.ledger-row').first().waitFor();
  assert.match(await page.locator('.ledger-row').first().innerText(), /\+¥200/);

  // Sign out: back to the sign-in form, and the old token no longer works.
  await page.goto(`${BASE_URL}/member`);
  await page.locator('[data-testid=sign-out]').click();
  await page.locator('[data-testid=member-sign-in]').waitFor();
  await shot(page, 'signed-out');
  assert.deepEqual(errors, []);
  await guideContext.close();
  await memberContext.close();
});

test('the demo member signs in and sees a silver card with balance and plastic card', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/member`);
  await page.fill('input[name=phone]', '13800000001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('form.sign-in button[type=submit]').click();
  await page.locator('[data-testid=member-card]').waitFor();
  assert.equal(await page.locator('[data-testid=tier]').innerText(), '银卡');
  assert.match(await page.locator('[data-testid=physical-card]').innerText(), /8800 0000 0000 0001/);
  assert.match(await page.locator('.card-foot').innerText(), /升级金卡/);
  await page.locator('.qr svg').waitFor();
  await shot(page, 'demo-member-silver');
  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('[data-testid=tier]', { hasText: 'Silver' }).waitFor();
  await shot(page, 'demo-member-silver-en');
  await context.close();
});
