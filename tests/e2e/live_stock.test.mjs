// Live stock: the flash-sale page learns remaining counts over a WebSocket and asks nothing
// while it is open; when the socket fails it polls and reopens it with a growing delay. Prints
// the page's API requests per minute in both modes (the README's push-vs-poll figures).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot, api, newMember, liveSale, freshProduct } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WATCH_MS = 9_000;

async function otherBuyerOrders(sale, key) {
  const other = await newMember();
  const r = await api('/api/orders', { method: 'POST', token: other.token, headers: { 'idempotency-key': key },
    body: { store_id: 'S1', lines: [{ sku: sale.sku, qty: 1, flash_sale_id: sale.id }] } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

function countApiRequests(page) {
  const seen = { api: 0, sockets: 0 };
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) seen.api += 1; });
  page.on('websocket', () => { seen.sockets += 1; });
  return seen;
}

const remainingIs = (page, id, text) => page.waitForFunction(
  ([id, text]) => (document.querySelector(`[data-sale="${id}"] [data-testid=remaining]`)?.textContent ?? '').includes(text),
  [id, text], { timeout: 8_000 });

test('another buyer orders: the open flash-sale page shows the new count without reloading or polling', async () => {
  const sale = await liveSale('SKU-1060', 5);
  const page = await phonePage(browser);
  const seen = countApiRequests(page);
  const socket = page.waitForEvent('websocket', (ws) => ws.url().endsWith(`/api/flash-sales/${sale.id}/live`));
  await page.goto(`${BASE_URL}/flash-sales`);
  await remainingIs(page, sale.id, '5/5');
  const ws = await socket;
  await ws.waitForEvent('framereceived'); // the count on subscribing
  const before = seen.api;

  await otherBuyerOrders(sale, `e2e-live-${sale.id}`);
  await remainingIs(page, sale.id, '4/5');
  await page.locator(`[data-sale="${sale.id}"]`).scrollIntoViewIfNeeded();
  await shot(page, 'flash-sales-live-push');

  await page.waitForTimeout(WATCH_MS);
  const perMinute = ((seen.api - before) * 60_000) / WATCH_MS;
  console.log(`# live stock: push: ${seen.api - before} API requests in ${WATCH_MS / 1000} s and one order (${perMinute.toFixed(1)} per viewer per minute)`);
  assert.equal(seen.api - before, 0, 'no polling while the socket is open');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('when the socket fails the page polls, and keeps trying the socket with a growing delay', async () => {
  const sale = await liveSale('SKU-1060', 5);
  const page = await phonePage(browser);
  // Every live socket is refused as soon as it opens (as a proxy that drops WebSockets would).
  const seen = countApiRequests(page);
  await page.routeWebSocket(/\/api\/flash-sales\/.*\/live$/, (ws) => {
    if (ws.url().includes(sale.id)) seen.sockets += 1;
    ws.close({ code: 1011, reason: 'refused' });
  });
  await page.goto(`${BASE_URL}/flash-sales`);
  await remainingIs(page, sale.id, '5/5');
  const [before, socketsBefore] = [seen.api, seen.sockets];

  await otherBuyerOrders(sale, `e2e-poll-${sale.id}`);
  await remainingIs(page, sale.id, '4/5');
  await page.locator(`[data-sale="${sale.id}"]`).scrollIntoViewIfNeeded();
  await shot(page, 'flash-sales-live-fallback');
  assert.ok(seen.api > before, 'the new count came by polling');

  const polledFrom = seen.api;
  await page.waitForTimeout(WATCH_MS);
  const polled = seen.api - polledFrom;
  const perMinute = (polled * 60_000) / WATCH_MS;
  console.log(`# live stock: fallback: ${polled} API requests in ${WATCH_MS / 1000} s (${perMinute.toFixed(1)} per viewer per minute), ${seen.sockets} attempts at this sale's socket`);
  assert.ok(polled >= 2, `the page polls while the socket is down (${polled})`);
  // This sale's attempts at about 0, 1, 3, 7, 15 s: a few, not one per second.
  assert.ok(seen.sockets >= 3 && seen.sockets <= 5, `socket attempts with backoff: ${seen.sockets} (${socketsBefore} before the order)`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// The product page: a product in a live sale follows that sale's socket; one that is not asks
// for its stock again when the customer comes back to the page, and opens no socket.
const productRemainingIs = (page, text) => page.waitForFunction(
  (text) => (document.querySelector('[data-testid=live-remaining]')?.textContent ?? '').includes(text),
  text, { timeout: 8_000 });

test('the product page of a product in a live sale shows its count falling as another buyer orders', async () => {
  const sale = await liveSale('SKU-1060', 5);
  const page = await phonePage(browser);
  const seen = countApiRequests(page);
  const socket = page.waitForEvent('websocket', (ws) => ws.url().endsWith(`/api/flash-sales/${sale.id}/live`));
  await page.goto(`${BASE_URL}/products/${sale.sku}`);
  await productRemainingIs(page, '5/5');
  await (await socket).waitForEvent('framereceived');
  const before = seen.api;
  await otherBuyerOrders(sale, `e2e-product-live-${sale.id}`);
  await productRemainingIs(page, '4/5');
  // Every unit of S1 is in the sale: the banner is the way to buy, not a disabled button.
  assert.equal(await page.locator('[data-testid=live-sale-go]').textContent(), '立即抢购');
  assert.equal(await page.locator('[data-testid=buy-in-store]').isVisible(), false, 'no disabled buy button under the sale');
  await shot(page, 'product-live-sale-push');
  await page.waitForTimeout(WATCH_MS);
  const pushed = seen.api - before;
  console.log(`# live stock: product page, push: ${pushed} API requests in ${WATCH_MS / 1000} s and one order (${((pushed * 60_000) / WATCH_MS).toFixed(1)} per viewer per minute)`);
  assert.equal(pushed, 0, 'no polling while the socket is open');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the product page polls its sale only while the socket is refused', async () => {
  const sale = await liveSale('SKU-1060', 5);
  const page = await phonePage(browser);
  const seen = countApiRequests(page);
  await page.routeWebSocket(/\/api\/flash-sales\/.*\/live$/, (ws) => ws.close({ code: 1011, reason: 'refused' }));
  await page.goto(`${BASE_URL}/products/${sale.sku}`);
  await productRemainingIs(page, '5/5');
  await otherBuyerOrders(sale, `e2e-product-poll-${sale.id}`);
  await productRemainingIs(page, '4/5');
  const from = seen.api;
  await page.waitForTimeout(WATCH_MS);
  const polled = seen.api - from;
  console.log(`# live stock: product page, fallback: ${polled} API requests in ${WATCH_MS / 1000} s (${((polled * 60_000) / WATCH_MS).toFixed(1)} per viewer per minute)`);
  assert.ok(polled >= 2, `the page polls while the socket is down (${polled})`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a product in no sale opens no socket and shows new stock when the customer comes back', async () => {
  const { sku } = await freshProduct('SKU-1061', { onHand: 3 });
  const page = await phonePage(browser);
  const seen = countApiRequests(page);
  await page.goto(`${BASE_URL}/products/${sku}`);
  const s1 = '[data-store=S1] .stock-qty';
  await page.waitForFunction((s) => (document.querySelector(s)?.textContent ?? '').includes('3'), s1);
  const other = await newMember();
  const r = await api('/api/orders', { method: 'POST', token: other.token, headers: { 'idempotency-key': `e2e-return-${sku}` },
    body: { store_id: 'S1', lines: [{ sku, qty: 1 }] } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // The customer comes back to the tab (a focus event each poll: the page asks at most once a second).
  await page.waitForFunction((s) => {
    window.dispatchEvent(new Event('focus'));
    return (document.querySelector(s)?.textContent ?? '').includes('2');
  }, s1, { polling: 300, timeout: 8_000 });
  await shot(page, 'product-stock-on-return');
  assert.equal(seen.sockets, 0, 'no socket without a sale');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
