// Head office shapes what customers see: on a 360 px phone an admin moves a counter of 陆家嘴店
// (S2) and adds a floor on the store layout screen, and the customers' floor map shows both; on
// a tablet an admin picks a picture in the product form, saves a new product, and the
// customers' product page shows the picture, served by the worker.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, shot, api, phonePage } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An 8 × 8 red PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4IWeDFTEMLQkAd2xIgco4MNEAAAAASUVORK5CYII=', 'base64');

// An in-store EAN-13 (prefix 29) no other run has used.
function barcode() {
  const digits = ('29' + String(Date.now()).slice(-7) + String(Math.floor(Math.random() * 1000)).padStart(3, '0')).split('').map(Number);
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return digits.join('') + ((10 - (sum % 10)) % 10);
}

async function signInConsole(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await page.fill('input[name=staff_no]', 'A0001');
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
}

test('an admin moves a counter and adds a floor, and the customers\' map shows both', async () => {
  const page = await phonePage(browser, { viewport: { width: 360, height: 780 } });
  await signInConsole(page, '/guide/manage/stores');
  await page.locator('[data-testid=store-layout] select[name=store]').selectOption('S2');
  await page.locator('[data-testid=layout-preview] svg [data-counter^="S2-"]').first().waitFor();
  const row = page.locator('[data-testid=layout-editor] .counter-row').first();
  const counter = await row.getAttribute('data-counter');
  const x = Number(await row.locator('input[name=counter_x]').inputValue());
  const moved = x >= 50 ? x - 4 : x + 4;
  await row.locator('input[name=counter_x]').fill(String(moved));
  await page.locator(`[data-testid=layout-preview] [data-counter="${counter}"] rect[x="${moved - 6}"]`).waitFor();

  // A value off the plan comes back as 422, shown next to the counters.
  await row.locator('input[name=counter_y]').fill('900');
  await page.locator('[data-action=save-layout]').click();
  await page.locator('[data-testid=layout-error][data-field=counters]').waitFor();
  assert.match(await page.locator('[data-testid=layout-error]').innerText(), new RegExp(counter));
  await row.locator('input[name=counter_y]').fill('10');

  await page.locator('[data-action=add-floor]').click();
  await page.locator('li[data-floor="S2-6F"]').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
  await page.locator('[data-action=save-layout]').click();
  await page.locator('[data-testid=layout-saved]').waitFor();
  await shot(page, 'store-layout-saved');

  const map = (await api('/api/stores/S2/map')).body;
  const floor = map.floors.find((f) => f.counters.some((c) => c.id === counter));
  assert.equal(floor.counters.find((c) => c.id === counter).x, moved);
  assert.ok(map.floors.some((f) => f.id === 'S2-6F' && f.name === '6F'), 'the new floor is in the map');

  const shop = await phonePage(browser, { viewport: { width: 360, height: 780 } });
  await shop.goto(`${BASE_URL}/stores/S2`);
  await shop.locator('.floor-chip[data-floor="S2-6F"]').waitFor();
  await shop.locator(`.floor-chip[data-floor="${floor.id}"]`).click();
  await shop.locator(`[data-testid=floor-plan] [data-counter="${counter}"] rect[x="${moved - 6}"]`).waitFor();
  await shot(shop, 'store-layout-customers-map');
  assert.deepEqual([...page.errors, ...shop.errors], []);
});

test('an admin uploads a product picture in the form, and the customers\' product page shows it', async () => {
  const counter = (await api('/api/products?store_id=S1')).body[0].counter_id;
  const sku = `SKU-IMG${String(Date.now()).slice(-8)}`;
  const page = await phonePage(browser, { viewport: { width: 768, height: 1024 }, isMobile: false, hasTouch: false });
  await signInConsole(page, '/guide/manage/products');
  const form = page.locator('[data-testid=product-form]');
  await form.waitFor();
  for (const [name, value] of [['sku', sku], ['name', '图片测试杯'], ['name_en', 'Picture test mug'], ['brand', 'Edgemall'],
    ['category', 'home'], ['price', '59'], ['barcode', barcode()], ['counter_ids', `S1:${counter}`]]) {
    await form.locator(`input[name=${name}]`).fill(value);
  }
  await form.locator('input[name=image_file]').setInputFiles({ name: 'mug.png', mimeType: 'image/png', buffer: PNG });
  await form.locator('[data-testid=image-preview]').waitFor();
  const url = await form.locator('input[name=image]').inputValue();
  assert.match(url, /^\/api\/images\/[0-9a-f]{32}$/);
  await shot(page, 'product-image-uploaded');
  await form.locator('button[type=submit]').click();
  await form.locator('[data-testid=product-ok]').waitFor();

  const shop = await phonePage(browser, { viewport: { width: 360, height: 780 } });
  await shop.goto(`${BASE_URL}/products/${sku}`);
  const hero = shop.locator(`img.hero[src="${url}"]`);
  await hero.waitFor();
  await shop.waitForFunction((src) => [...document.images].some((i) => i.getAttribute('src') === src && i.complete && i.naturalWidth === 8), url);
  await shot(shop, 'product-image-customers');
  assert.deepEqual([...page.errors, ...shop.errors], []);
});
