// Head office fills the catalog from the console: an admin pastes a catalog file, checks it by
// a dry run (a bad line is named, nothing written), fixes it and imports; the customers' app
// shows the new products at once, with their variant's colour and size. The staff page works
// at 360 px: a manager adds a guide of their store.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launch, shot, api, phonePage } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An in-store EAN-13 (prefix 29) no other run has used.
function barcode() {
  const digits = ('29' + String(Date.now()).slice(-7) + String(Math.floor(Math.random() * 1000)).padStart(3, '0')).split('').map(Number);
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return digits.join('') + ((10 - (sum % 10)) % 10);
}

async function signInConsole(page, staffNo) {
  await page.goto(`${BASE_URL}/guide`);
  await page.fill('input[name=staff_no]', staffNo);
  await page.fill('input[name=password]', 'demo1234');
  await page.locator('[data-testid=staff-sign-in] button[type=submit]').click();
  await page.locator('[data-testid=staff-bar]').waitFor();
}

test('an admin imports a catalog file in the console and customers see the products at once', async () => {
  const counter = (await api('/api/products?store_id=S1')).body[0].counter_id;
  const tag = String(Date.now()).slice(-8);
  const [a, b] = [`SKU-E${tag}A`, `SKU-E${tag}B`];
  const name = `导入测试外套${tag}`;
  const header = 'sku,name,name_en,brand,category,price_fen,barcode,counter_ids,color,size,group';
  const line = (sku, size, price) => `${sku},"${name}, ${size}",Import test coat ${size},Edgemall,test,${price},${barcode()},S1:${counter},藏青,${size},G-E${tag}`;
  const bad = [header, line(a, 'M', 59900), line(b, 'L', -1)].join('\n');
  const good = [header, line(a, 'M', 59900), line(b, 'L', 61900)].join('\n');

  const page = await browser.newContext({ ...PHONE, viewport: { width: 768, height: 1024 }, isMobile: false }).then((c) => c.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInConsole(page, 'A0001');
  await page.locator('[data-tab=manage]').click();
  await page.locator('.manage-links [data-page=products]').click();
  await page.locator('[data-testid=catalog-file]').waitFor();
  assert.equal(new URL(page.url()).pathname, '/guide/manage/products');

  await page.fill('textarea[name=csv]', bad);
  await page.locator('[data-action=dry-run]').click();
  await page.locator('[data-testid=import-report] li[data-line="3"]').waitFor();
  assert.match(await page.locator('[data-testid=import-report]').innerText(), /price_fen/);
  assert.ok(await page.locator('[data-action=import]').isDisabled(), 'no import after a refused dry run');
  assert.equal((await api(`/api/products/${a}`)).status, 404, 'a dry run writes nothing');

  await page.fill('textarea[name=csv]', good);
  await page.locator('[data-action=dry-run]').click();
  await page.locator('[data-testid=import-report][data-dry-run=true]', { hasText: '新建 2' }).waitFor();
  await page.locator('[data-action=import]:not([disabled])').click();
  await page.locator('[data-testid=import-report][data-dry-run=false]', { hasText: '已写入' }).waitFor();
  await shot(page, 'catalog-imported');

  // The customers' app shows them at once, searchable by name, with the variant on the page.
  const phone = await phonePage(browser);
  await phone.goto(`${BASE_URL}/`);
  const search = phone.locator('.search input');
  await search.fill(name);
  await search.press('Enter');
  // Two sizes of one item (one variant group): the grid shows the item once.
  await phone.waitForFunction(() => document.querySelectorAll('.product-card').length === 1);
  await shot(phone, 'catalog-in-the-shop');
  await phone.goto(`${BASE_URL}/products/${b}`);
  await phone.locator(`.product-detail[data-sku=${b}]`).waitFor();
  assert.match(await phone.locator('.product-detail').innerText(), /619/);
  await shot(phone, 'catalog-product-page');

  // The export is offered as a file the import reads.
  await page.locator('[data-action=export]').click();
  const href = await page.locator('[data-testid=csv-download]').getAttribute('href');
  assert.ok(decodeURIComponent(href).includes(b), 'the export lists the new product');
  assert.deepEqual(errors, []);
  assert.deepEqual(phone.errors, []);
});

test('a manager adds a guide of their store on a 360 px screen', async () => {
  const page = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 740 } }).then((c) => c.newPage());
  await signInConsole(page, 'M1001');
  await page.locator('[data-tab=manage]').click();
  await page.locator('.manage-links [data-page=staff]').waitFor();
  assert.equal(await page.locator('.manage-links [data-page=products]').count(), 0, 'the catalog is head office\'s');
  await page.locator('.manage-links [data-page=staff]').click();
  await page.locator('[data-testid=staff-list] li[data-staff=G1001]').waitFor();
  // A reload keeps the page: the build serves the console at the page's own path.
  await page.reload();
  await page.locator('[data-testid=staff-list] li[data-staff=G1001]').waitFor();
  const no = `G${String(Date.now()).slice(-7)}`;
  await page.fill('[data-testid=add-staff] input[name=staff_no]', no);
  await page.fill('[data-testid=add-staff] input[name=name]', '新导购');
  await page.fill('[data-testid=add-staff] input[name=password]', 'first-pass-1');
  await page.locator('[data-testid=add-staff] button[type=submit]').click();
  await page.locator(`[data-testid=staff-list] li[data-staff=${no}]`).waitFor();
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px over)`);
  await shot(page, 'staff-360');
});
