// Scan-and-go (扫码购): a customer in S1 opens /scan-go from the entrance link, adds a product
// by typing its barcode (as a scanner would), steps the quantity, pays from stored value and
// gets the exit pass; a guide checks that pass at /guide/exit, and a second check is refused.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, newMember, signIn, freshProduct, api } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A customer with `balance` on a 360 px phone at /scan-go in S1, one unit of a fresh product
// scanned (typed as a scanner would).
async function scanned(balance) {
  const customer = await newMember(balance);
  const product = await freshProduct('SKU-1054', { onHand: 5 });
  const errors = [];
  const phone = await (await browser.newContext({ ...PHONE, viewport: { width: 360, height: 780 } })).newPage();
  phone.on('pageerror', (e) => errors.push(e.message));
  await signIn(phone, customer.phone, customer.password);
  await phone.goto(`${BASE_URL}/scan-go?store_id=S1`);
  await phone.locator('[data-testid=scan-go-empty]').waitFor();
  await phone.fill('[data-testid=barcode-entry] input[name=barcode]', product.barcode);
  await phone.locator('[data-testid=barcode-entry] button[type=submit]').click();
  return { customer, product, errors, phone };
}

test('a customer scans, pays and leaves through the exit with a pass the guide checks once', async () => {
  const { customer, product, errors, phone } = await scanned(500_000);
  await phone.locator(`[data-testid=scan-go-lines] li[data-barcode="${product.barcode}"]`).waitFor();
  await phone.locator('button[aria-label="+"]').click();
  await phone.locator('[data-testid=line-qty]', { hasText: '2' }).waitFor();
  const total = 2 * product.price_fen;
  await phone.locator('[data-testid=scan-go-total]', { hasText: total % 100 === 0 ? `¥${total / 100}` : `¥${(total / 100).toFixed(2)}` }).waitFor();
  await shot(phone, 'scan-go-cart');
  await phone.locator('[data-testid=scan-go-pay-balance]').click();
  const pass = phone.locator('[data-testid=exit-pass]');
  await pass.waitFor();
  await pass.locator('.qr svg').waitFor();
  const code = await pass.getAttribute('data-code');
  assert.ok(code && code.length >= 24, code);
  await shot(phone, 'scan-go-exit-pass');
  const me = (await api('/api/me', { token: customer.token })).body;
  assert.equal(me.balance_fen, 500_000 - total, 'paid once from stored value');

  const guideContext = await browser.newContext({ ...PHONE, viewport: { width: 768, height: 1024 }, isMobile: false });
  const guide = await guideContext.newPage();
  guide.on('pageerror', (e) => errors.push(e.message));
  await guide.goto(`${BASE_URL}/guide/exit`);
  await guide.fill('input[name=staff_no]', 'G1001');
  await guide.fill('input[name=password]', 'demo1234');
  await guide.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await guide.fill('[data-testid=exit-form] input[name=exit_code]', code);
  await guide.locator('[data-testid=exit-form] button[type=submit]').click();
  await guide.locator('[data-testid=exit-confirmed]').waitFor();
  await guide.locator('[data-testid=pickup-done]', { hasText: '× 2' }).waitFor();
  await shot(guide, 'guide-exit-checked');
  await guide.fill('[data-testid=exit-form] input[name=exit_code]', code);
  await guide.locator('[data-testid=exit-form] button[type=submit]').click();
  await guide.locator('[data-testid=exit-error]', { hasText: '已使用' }).waitFor();
  await shot(guide, 'guide-exit-used');
  assert.deepEqual(errors, []);
  await guideContext.close();
});

test('a refused checkout leaves the cart open: the customer sees why, changes it and pays another way', async () => {
  const { product, errors, phone } = await scanned(0);
  await phone.locator('button[aria-label="+"]').click();
  await phone.locator('[data-testid=line-qty]', { hasText: '2' }).waitFor();
  await phone.locator('[data-testid=scan-go-pay-balance]').click();
  await phone.locator('[data-testid=scan-go-error]').waitFor();
  await shot(phone, 'scan-go-refused');
  // Not frozen: the quantity still changes, and the gateway takes the payment.
  await phone.locator('button[aria-label="-"]').click();
  await phone.locator('[data-testid=line-qty]', { hasText: '1' }).waitFor();
  await phone.locator('[data-testid=scan-go-pay-sandbox]').click();
  await phone.locator('[data-testid=exit-pass]').waitFor();
  await shot(phone, 'scan-go-paid-after-refusal');
  const stock = (await api(`/api/products/${product.sku}`)).body.stock.find((s) => s.store_id === 'S1');
  assert.equal(stock.available, 4, 'one unit sold, none held by the refused checkout');
  assert.deepEqual(errors, []);
});
