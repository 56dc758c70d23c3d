// Live stock: the flash-sale page learns remaining counts over a WebSocket and asks nothing
// while it is open; when the socket fails it polls and reopens it with a growing delay. Prints
// the page's API requests per minute in both modes (the README's push-vs-poll figures).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, shot, api, newMember, liveSale } from './lib.mjs';

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
