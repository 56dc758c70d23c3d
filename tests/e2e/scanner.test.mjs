// The guide console reads codes from the camera. Chromium's fake camera plays a Y4M video that
// the test writes (tests/src/bin/fake_camera.rs) showing a code it just made: a real member's
// current member code as QR, or a product's EAN-13. Headless Chromium on Linux has no
// BarcodeDetector, so the frames go through the Rust reader (crate `scanner/`), loaded only when
// the camera opens.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE_URL, PHONE, shot, newMember, api, freshProduct } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const HELPER = join(ROOT, 'target/debug/fake_camera');
const VIDEOS = join(ROOT, 'target/e2e/camera');

before(() => {
  mkdirSync(VIDEOS, { recursive: true });
  execFileSync('cargo', ['build', '-q', '-p', 'itest', '--bin', 'fake_camera'], { cwd: ROOT, stdio: 'inherit' });
});

// A browser whose only camera plays `video` (written later, before the Scan button is pressed:
// Chromium opens the file when a page asks for the camera).
async function browserWithCamera(video) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-quic',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
}

function writeVideo(kind, text, video) {
  execFileSync(HELPER, [kind, text, video]);
}

// A guide of S1 signed in on a phone-sized page on `tab`.
async function guideOn(browser, tab) {
  const context = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 780 }, permissions: ['camera'] });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // The suite's first page load also starts Chromium's fake camera; on a loaded machine (CI's
  // clean run, with everything else building) it has taken over the default 30 s.
  await page.goto(`${BASE_URL}/guide`, { timeout: 90_000 });
  await page.fill('input[name=staff_no]', 'G1001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]').waitFor();
  await page.locator(`[data-tab=${tab}]`).click();
  await page.locator('[data-testid=scan-open]').waitFor();
  return page;
}

test('the guide identifies a member from the camera', async () => {
  const video = join(VIDEOS, 'member-code.y4m');
  writeVideo('qr', '000000000000000000', video);
  const browser = await browserWithCamera(video);
  try {
    const guide = await guideOn(browser, 'members');
    const customer = await newMember(50_000);
    const me = (await api('/api/me', { token: customer.token })).body;
    const code = (await api('/api/me/code', { token: customer.token })).body.code;
    writeVideo('qr', code, video);
    // The code may be read within the first frames: wait for its outcome, not for the camera.
    await guide.locator('[data-testid=scan-open]').click();
    const summary = guide.locator('[data-testid=member-summary]');
    await summary.waitFor({ timeout: 20_000 });
    assert.match(await summary.innerText(), new RegExp(me.phone_masked.replace(/\*/g, '\\*')));
    // Taking the code stopped the camera.
    await guide.locator('[data-testid=scanner][data-phase=closed]').waitFor();
    assert.equal(await guide.locator('[data-testid=scan-video]').evaluate((v) => v.srcObject), null);
    await shot(guide, 'scanner-member-identified');
    assert.deepEqual(guide.errors, []);
  } finally {
    await browser.close();
  }
});

test('a product barcode read on the stock tab shows its stock; on the members tab it is named', async () => {
  const product = await freshProduct('SKU-1001', { onHand: 7 });
  const video = join(VIDEOS, 'product.y4m');
  writeVideo('ean13', product.barcode, video);
  const browser = await browserWithCamera(video);
  try {
    const guide = await guideOn(browser, 'stock');
    await guide.locator('[data-testid=scan-open]').click();
    const row = guide.locator('[data-testid=stock-table] tr[data-store=S1]');
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await guide.locator('input[name=sku]').inputValue(), product.sku);
    assert.match(await guide.locator('[data-testid=stock-product]').innerText(), new RegExp(product.barcode));
    assert.equal((await row.locator('td').allInnerTexts())[0], '7');
    await shot(guide, 'scanner-stock-from-barcode');

    // The same barcode where a member code is expected: named, and the camera keeps reading.
    await guide.locator('[data-tab=members]').click();
    await guide.locator('[data-testid=scan-open]').click();
    const message = guide.locator('[data-testid=scan-message]');
    await message.waitFor({ timeout: 20_000 });
    assert.match(await message.innerText(), /商品条码.*会员码/);
    await guide.locator('[data-testid=scanner][data-phase=live]').waitFor();
    await shot(guide, 'scanner-wrong-kind');
    await shot(guide, 'scanner-camera-open');
    await guide.locator('[data-testid=scan-close]').click();
    await guide.locator('[data-testid=scanner][data-phase=closed]').waitFor();
    assert.deepEqual(guide.errors, []);
  } finally {
    await browser.close();
  }
});
