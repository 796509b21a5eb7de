// The head office at a desktop browser: the dashboard's counts, a chart bar that opens the
// list behind it, the list exported as it was filtered, a name found in another spelling;
// an officer warned at intake that an ID is on an open request at another point; and a
// request opened from the list before the device's first sync has brought it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  MATCHING, TABLET, arabicCount, holdRequests, newDevice, shot, signIn, startRequest, waitSynced, useServerAndBrowser, haveCount,
} from './support.mjs';

const env = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 900 };

test('the head office clicks a chart bar, lands on the matching list and exports it', async () => {
  const { context, page } = await newDevice(env.browser, DESKTOP, { acceptDownloads: true });
  await signIn(page, env.server.url, 'head');
  await page.getByRole('link', { name: 'لوحة المتابعة' }).click();
  const channels = page.getByRole('region', { name: 'حسب القناة' });
  await channels.waitFor();
  // The eight channels of the policy, each with its number beside its bar.
  await haveCount(channels.locator('a.bar-row'), 8);
  const total = Number(await page.locator('.figures li').first().locator('strong').textContent());
  assert.ok(total > 0, 'the demo requests are counted');
  const bar = channels.locator('a.bar-row[data-key="in_person"]');
  const count = Number(await bar.locator('.bar-n').textContent());
  assert.ok(count > 0);
  await shot(page, 'dashboard-desktop');
  await bar.click();
  await page.waitForURL(/\/office\/cases\?channel=in_person$/);
  await page.getByText(arabicCount(count, MATCHING), { exact: true }).first().waitFor();
  await haveCount(page.locator('table.cases tbody tr'), count);
  assert.equal(await page.getByLabel('قناة التواصل', { exact: true }).inputValue(), 'in_person');
  await shot(page, 'office-list-desktop');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'تصدير القائمة CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^requests-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark for Excel');
  const lines = bytes.toString('utf8').slice(1).trim().split('\n');
  assert.equal(lines.length, count + 1, 'a heading and one line per request listed');
  assert.match(lines[0], /^المرجع,اسم مقدم الطلب/);
  assert.ok(lines.slice(1).every((l) => l.includes(',المقابلة,')), 'every line came in person');

  // A name typed another way finds the request: yaa for alef maqsura, and back.
  await page.getByLabel('الاسم أو رقم الهوية أو الجوال أو رقم الطلب').fill('محمد يحيي علي الفيفى');
  await page.getByRole('button', { name: 'بحث', exact: true }).click();
  await page.getByRole('link', { name: 'محمد يحيى علي الفيفي' }).waitFor();
  await page.getByText('طلب واحد مطابق', { exact: true }).first().waitFor();
  await context.close();
});

test('an officer typing an ID already on an open request at another point is warned', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.abuarish');
  await waitSynced(page);
  await startRequest(page);
  // The applicant of a request handed in at Sabya.
  await page.getByLabel('رقم الهوية الوطنية أو الإقامة', { exact: true }).fill('1045236781');
  const warning = page.locator('.duplicate-warning');
  await warning.getByText(/رقم الهوية 1045236781 مقدّم لطلب مفتوح آخر .* في نقطة صبيا/).waitFor();
  await shot(page, 'duplicate-warning-tablet');
  await context.close();
});

test('the head office reaches the duplicates review, and a warning opens the other request', async () => {
  const desk = await newDevice(env.browser, DESKTOP);
  await signIn(desk.page, env.server.url, 'head');
  await desk.page.getByRole('link', { name: 'لوحة المتابعة' }).click();
  await desk.page.getByRole('link', { name: /تكرار محتمل لم يُراجَع/ }).click();
  await desk.page.waitForURL(/\/office\/duplicates$/);
  await desk.page.getByRole('heading', { name: 'التكرار المحتمل' }).waitFor();
  // And from the navigation, on any page.
  await desk.page.getByRole('link', { name: 'البحث في الطلبات' }).click();
  await desk.page.getByRole('navigation').getByRole('link', { name: 'مراجعة التكرار' }).click();
  await desk.page.getByRole('heading', { name: 'التكرار المحتمل' }).waitFor();
  await desk.context.close();

  // An officer typing the ID of another request of her own point can open it from the warning.
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await startRequest(page);
  await page.getByLabel('رقم الهوية الوطنية أو الإقامة', { exact: true }).fill('1045236781');
  const warning = page.locator('.duplicate-warning');
  await warning.getByRole('link', { name: 'افتح الطلب الآخر' }).click();
  await page.getByText('محمد يحيى علي الفيفي').first().waitFor();
  await context.close();
});

test('a request opened from the list before the first sync brings it opens once it arrives', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  // The device's first pull is held: signed in, it holds no request yet.
  const release = await holdRequests(page, '**/api/sync/pull**');
  await signIn(page, env.server.url, 'head');
  await page.goto(`${env.server.url}/office/cases`);
  const row = page.locator('table.cases tbody a').first();
  const name = await row.textContent();
  await row.click();
  await page.getByRole('status').getByText('جارٍ جلب الطلب من الخادم…').waitFor();
  assert.equal(await page.getByText('هذا الطلب غير موجود على هذا الجهاز.').count(), 0);
  await shot(page, 'request-coming-tablet');

  // The pull goes through: the request opens where the head office clicked it.
  release();
  await page.getByRole('heading', { name: 'طلب دعم مستفيد' }).waitFor();
  await page.getByText(name.trim()).first().waitFor();

  // A request the device does not hold once its sync is over is said to be missing.
  await page.goto(`${env.server.url}/cases/01a23d42-30f7-78a7-8b47-9506538ba400/applicant`);
  await page.getByRole('alert').getByText('هذا الطلب غير موجود على هذا الجهاز.').waitFor();
  await context.close();
});
