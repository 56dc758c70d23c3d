// The inbox: "remind me" on a sale starting in 3 minutes, the inbox tab's badge appears at once,
// the message is listed and opening it reads it. At 360 px, the narrowest phone the app serves.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, liveSale } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('remind me on an upcoming sale: the inbox badge appears and the message is listed', async () => {
  const sale = await liveSale('SKU-1060', 2, { startsInSec: 180 });
  const member = await newMember();
  const context = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, member.phone, member.password);

  await page.goto(`${BASE_URL}/flash-sales`);
  const card = page.locator(`[data-sale="${sale.id}"]`);
  await card.waitFor();
  const badge = page.locator('a.tab[href="/messages"] [data-testid=inbox-badge]');
  assert.equal(await badge.count(), 0, 'nothing unread yet');
  await card.locator('[data-testid=remind]').click();
  await card.locator('[data-testid=remind]', { hasText: '已设提醒' }).waitFor();
  await badge.waitFor();
  assert.equal(await badge.innerText(), '1');
  await shot(page, 'inbox-badge');

  await page.locator('a.tab[href="/messages"]').click();
  const message = page.locator('[data-testid=message][data-kind=sale_starting]');
  await message.waitFor();
  assert.equal(await message.count(), 1);
  assert.match(await message.innerText(), /限时抢购即将开始/);
  assert.match(await message.innerText(), new RegExp(sale.title));
  assert.equal(await page.locator('[data-testid=message].unread').count(), 1);
  // Permission is asked only after the button is pressed: loading the inbox asks nothing.
  assert.equal(await page.locator('[data-testid=notifications]').isVisible(), true);
  assert.equal(await page.evaluate(() => Notification.permission), 'default');
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fits, 'the inbox and the seven tabs fit 360 px');
  await shot(page, 'inbox');

  await message.click();
  await page.waitForURL(new RegExp(`/flash-sales#${sale.id}$`));
  await badge.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});
