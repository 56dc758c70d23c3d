// Shared helpers for the end-to-end suites: Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8787';
const OUT = process.env.E2E_OUT ?? 'target/e2e';
mkdirSync(OUT, { recursive: true });

// A phone: the app is built for 360–430 px screens first.
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-quic'],
  });
}

// A new page that fails the test on any uncaught page error.
export async function phonePage(browser, extra = {}) {
  const context = await browser.newContext({ ...PHONE, ...extra });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
}

// Drives time in a browser context without sleeping: Playwright's fake clock moves the page's
// Date and timers, and every API request carries the same instant in X-Edgemall-Now (honoured
// by the dev server only), so the server's clock moves with the page's.
export async function drivenTime(context) {
  const clock = { offsetMs: 0 };
  await context.clock.install({ time: new Date() });
  await context.route('**/api/**', async (route) => {
    const headers = { ...route.request().headers(), 'x-edgemall-now': new Date(Date.now() + clock.offsetMs).toISOString() };
    await route.continue({ headers });
  });
  clock.advance = async (page, ms) => {
    clock.offsetMs += ms;
    await page.clock.fastForward(ms);
  };
  return clock;
}

// A phone number no other run has used.
let phoneCounter = 0;
export function uniquePhone() {
  phoneCounter += 1;
  return `137${String((Date.now() * 10 + phoneCounter) % 1e8).padStart(8, '0')}`;
}

// Calls the API directly (setting up what a test needs without clicking through it).
export async function api(path, { method = 'GET', body, token, headers = {} } = {}) {
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: json };
}

export async function staffToken(staffNo) {
  const r = await api('/api/guide/sessions', { method: 'POST', body: { staff_no: staffNo, password: 'demo1234' } });
  return r.body.token;
}

// A new member with a password, optionally topped up; returns { phone, password, token }.
export async function newMember(topUpFen = 0) {
  const phone = uniquePhone();
  const password = 'e2e-pass-123';
  const r = await api('/api/members', { method: 'POST', body: { phone, password, name: '测试买家' } });
  if (topUpFen > 0) {
    await api('/api/me/top-ups', { method: 'POST', token: r.body.token, body: { amount_fen: topUpFen, method: 'sandbox' } });
  }
  return { phone, password, token: r.body.token };
}

// A live flash sale in S1 of a fresh product like `like` (its own SKU, `quantity` units booked
// in), as manager M1001. The sale's `sku` is the fresh product's.
export async function liveSale(like, quantity, { startsInSec = -60, lengthSec = 3600, limit = 1 } = {}) {
  const manager = await staffToken('M1001');
  const { sku } = await freshProduct(like, { onHand: quantity });
  const now = Date.now();
  const r = await api('/api/manage/flash-sales', {
    method: 'POST', token: manager,
    body: { sku, store_id: 'S1', price_fen: 990, quantity, per_member_limit: limit, title: `E2E ${sku}`,
      starts_at: new Date(now + startsInSec * 1000).toISOString(), ends_at: new Date(now + (startsInSec + lengthSec) * 1000).toISOString() },
  });
  if (r.status !== 201) throw new Error(`sale not created: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function signIn(page, phone, password) {
  await page.goto(`${BASE_URL}/member`);
  await page.fill('input[name=phone]', phone);
  await page.fill('input[name=password]', password);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.locator('[data-testid=member-card]').waitFor();
}

// The dev server's seed token (edge/.dev.vars), which every /api/dev/* call needs.
function seedToken() {
  if (process.env.SEED_TOKEN) return process.env.SEED_TOKEN;
  const vars = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../edge/.dev.vars'), 'utf8');
  const line = vars.split('\n').find((l) => l.split('=')[0].trim() === 'SEED_TOKEN');
  return line ? line.slice(line.indexOf('=') + 1).trim().replace(/^"|"$/g, '') : '';
}

// A fresh product for one test: a new, unique SKU copying `like` (a product the store carries:
// brand, counter, category, price) with `onHand` units in the store's pool. No other test knows
// its SKU, so suites can run in any order. Returns the product ({sku, name, price_fen, ...}).
export async function freshProduct(like, { storeId = 'S1', onHand = 10, category, priceFen } = {}) {
  const r = await api('/api/dev/products', {
    method: 'POST', headers: { 'x-seed-token': seedToken() },
    body: { store_id: storeId, like, on_hand: onHand, category, price_fen: priceFen },
  });
  if (r.status !== 201) throw new Error(`product not created: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
