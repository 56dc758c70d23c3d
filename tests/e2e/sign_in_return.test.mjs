// A member page opened signed out sends the visitor to sign in, and signing in brings them
// back to the page they opened (checkout keeps its product and quantity).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot, newMember, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('checkout opened signed out goes to sign in and comes back to the same checkout', async () => {
  const product = await freshProduct('SKU-1001', { onHand: 5 });
  const member = await newMember();
  const page = await phonePage(browser);
  const checkout = `/checkout?store=S1&sku=${product.sku}&qty=2`;

  await page.goto(`${BASE_URL}${checkout}`);
  await page.locator('[data-testid=member-sign-in]').waitFor();
  const url = new URL(page.url());
  assert.equal(url.pathname, '/member');
  assert.equal(url.searchParams.get('next'), checkout);
  await shot(page, 'sign-in-to-come-back');

  await page.fill('input[name=phone]', member.phone);
  await page.fill('input[name=password]', member.password);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.locator('[data-testid=checkout]').waitFor();
  const back = new URL(page.url());
  assert.equal(back.pathname + back.search, checkout);
  assert.match(await page.locator('[data-testid=checkout-total]').innerText(), /¥/);
  await shot(page, 'back-at-checkout-after-sign-in');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the statement opened signed out returns to the statement after sign in', async () => {
  const member = await newMember(20000);
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/member/ledger`);
  await page.locator('[data-testid=member-sign-in]').waitFor();
  await page.fill('input[name=phone]', member.phone);
  await page.fill('input[name=password]', member.password);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.locator('.ledger-row').first().waitFor();
  assert.equal(new URL(page.url()).pathname, '/member/ledger');
  assert.match(await page.locator('.ledger-row').first().innerText(), /\+¥200/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
