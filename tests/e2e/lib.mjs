// Shared helpers for the end-to-end suites: Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
export function uniquePhone() {
  return `137${String(Date.now() % 1e8).padStart(8, '0')}`;
}
