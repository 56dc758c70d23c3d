// The guide's stock tab at the counter: the guide scans the barcode on the goods (a keyboard-wedge
// scanner types its 13 digits), sees which product it is and its stock in every store, sells one
// at the counter, and sees the pool fall. A misread barcode (wrong check digit) is caught before
// any lookup; a valid code no product carries says so.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function stockRow(page) {
  const row = page.locator('[data-testid=stock-table] tr[data-store=S1] td');
  return { onHand: Number(await row.nth(0).innerText()), available: Number(await row.nth(1).innerText()) };
}

test('a guide scans a barcode, sees the product and its stock, and sells one at the counter', async () => {
  const product = await freshProduct('SKU-1001', { onHand: 3 });
  assert.match(product.barcode, /^2\d{12}$/);

  const context = await browser.newContext({ ...PHONE });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', 'G1001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]').waitFor();
  await page.locator('[data-tab=stock]').click();
  const field = page.locator('input[name=sku]');

  // A misread digit: the check digit catches it, nothing is looked up.
  const misread = product.barcode.slice(0, 12) + String((Number(product.barcode[12]) + 1) % 10);
  await field.fill(misread);
  await field.press('Enter');
  await page.locator('[role=alert]', { hasText: '校验位' }).waitFor();
  assert.equal(await page.locator('[data-testid=stock-table]').count(), 0);

  // A valid code that is on no product.
  await field.fill('6901234567892');
  await field.press('Enter');
  await page.locator('[role=alert]', { hasText: '6901234567892' }).waitFor();

  // The real barcode: the product is named, its SKU fills the field, the stock shows.
  await field.fill(product.barcode);
  await field.press('Enter');
  await page.locator('[data-testid=stock-product]', { hasText: product.sku }).waitFor();
  await page.locator('[data-testid=stock-table] tr[data-store=S1]').waitFor();
  assert.equal(await field.inputValue(), product.sku);
  assert.deepEqual(await stockRow(page), { onHand: 3, available: 3 });
  await shot(page, 'guide-stock-barcode');

  // Sell one at the counter: the same pool falls by one.
  await page.locator('[data-testid=counter-sell]').click();
  await page.locator('[data-testid=stock-ok]', { hasText: product.sku }).waitFor();
  await page.waitForFunction(() => {
    const cells = document.querySelectorAll('[data-testid=stock-table] tr[data-store=S1] td');
    return cells.length > 1 && cells[0].textContent.trim() === '2';
  });
  assert.deepEqual(await stockRow(page), { onHand: 2, available: 2 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('head office signs into the console as 总部 and gets the manager tab', async () => {
  const page = await browser.newPage({ viewport: { width: 768, height: 1024 } });
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', 'A0001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]', { hasText: '总部' }).waitFor();
  await page.locator('[data-tab=manage]').click();
  await page.locator('[data-testid=create-sale]').waitFor();
  await shot(page, 'head-office-console');
  await page.close();
});
