// The research committee's papers and a request's summary on paper: the committee studies
// its agenda on a tablet and prints it, opens a meeting's minute and prints it; the head
// office prints a request's summary on a phone, with no network; an officer is not shown
// the committee's papers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, newDevice, shot, signIn, waitSynced, useServerAndBrowser, haveCount,
} from './support.mjs';

// A year of requests, so that some wait for the committee and meetings have decided others.
const env = useServerAndBrowser({ args: ['--demo-history', '60'] });

test('the committee studies its agenda, prints it, and prints a meeting minute', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'committee');
  await page.getByRole('link', { name: 'جدول أعمال اللجنة' }).click();
  await page.getByRole('heading', { name: 'جدول أعمال لجنة البحث' }).waitFor();
  await page.getByText('جمعية بناء وتنمية مساكن بمنطقة جازان').waitFor();
  const meta = await page.locator('.paper-meta').textContent();
  const items = page.locator('li.agenda-item');
  const n = await items.count();
  assert.ok(n > 0, 'requests wait for the committee');
  assert.ok(meta.includes('في انتظار القرار: ') && meta.includes(String(n)), meta);
  // Each line carries what the research found and recommends.
  const first = items.first();
  assert.ok((await first.locator('.recommendation').textContent()).includes('يُوصى'));
  await first.getByText('ما وجده الباحث').waitFor();
  await shot(page, 'agenda-tablet');

  // On paper: no navigation or buttons, a box per verdict to tick at the meeting.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.topbar').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'طباعة جدول الأعمال' }).isVisible(), false);
  assert.ok(await first.locator('.decision-boxes').isVisible());
  await shot(page, 'agenda-print');
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('link', { name: 'محاضر الاجتماعات' }).click();
  const rows = page.locator('table.meetings tbody tr');
  await rows.first().waitFor();
  // The latest meeting first: its counts are those of its minute.
  const cells = await rows.first().locator('td').allTextContents();
  const [accepted, rejected, returned, total] = cells.slice(2).map(Number);
  assert.equal(accepted + rejected + returned, total);
  await rows.first().getByRole('link').click();
  await page.waitForURL(/\/committee\/meetings\/\d{4}-\d{2}-\d{2}\/\d+$/);
  await page.getByRole('heading', { name: /^محضر اجتماع لجنة البحث رقم \d+$/ }).waitFor();
  await haveCount(page.locator('table.minute tbody tr'), total);
  await haveCount(page.locator('table.minute td.verdict', { hasText: 'قبول الطلب' }), accepted);
  // A decided request has left the committee's tablet: its name is not a dead link.
  assert.equal(await page.locator('table.minute tbody a').count(), 0);
  const signatures = page.getByRole('region', { name: 'توقيعات أعضاء اللجنة' });
  await signatures.getByText('نورة الشهري').waitFor();
  await shot(page, 'minute-tablet');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('button', { name: 'طباعة المحضر' }).isVisible(), false);
  await shot(page, 'minute-print');

  // A meeting that was never held has no minute.
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${env.server.url}/committee/meetings/2020-01-07/1`);
  await page.getByRole('alert').getByText('لم يُعثر على ما طلبته.').waitFor();
  await context.close();
});

test('the committee searches, narrows and orders its agenda, a page at a time', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'committee');
  await page.getByRole('link', { name: 'جدول أعمال اللجنة' }).click();
  const items = page.locator('li.agenda-item');
  await items.first().waitFor();
  const total = await items.count();
  const shown = page.locator('li.agenda-item:not(.off-page)');
  assert.equal(await shown.count(), Math.min(total, 10), 'ten to a page');
  // Amounts read with their thousands grouped.
  const incomes = await shown.locator('dt:text-is("الدخل الشهري") + dd').allTextContents();
  assert.ok(incomes.every((t) => /^\d{1,3}(,\d{3})*(\.\d\d)? ريال$/.test(t)), incomes.join(' | '));
  assert.ok(incomes.some((t) => t.includes(',')), `some income is a thousand or more: ${incomes}`);
  const counted = page.getByText(/^\d+ من \d+ طلب/);
  assert.ok((await counted.textContent()).startsWith(`${total} من ${total} `));
  if (total > 10) {
    const pager = page.getByRole('navigation', { name: 'صفحات جدول الأعمال' });
    const before = await shown.first().locator('h2 span').first().textContent();
    await pager.getByRole('button', { name: 'التالي', exact: true }).click();
    await pager.getByText(`صفحة 2 من ${Math.ceil(total / 10)}`).waitFor();
    assert.notEqual(await shown.first().locator('h2 span').first().textContent(), before);
  }

  // The most urgent first: critical, then urgent, then the rest; each says its urgency.
  await page.getByLabel('الترتيب').selectOption('urgent');
  const rank = (text) => (text.startsWith('حرجة') ? 2 : text.startsWith('عاجلة') ? 1 : 0);
  const urgencies = async () => (await page.locator('li.agenda-item:not(.off-page) dt:text-is("درجة الاستعجال") + dd')
    .allTextContents()).map(rank);
  const ranks = await urgencies();
  assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), 'ordered by urgency');
  assert.ok(ranks[0] > 0, `the demo's year has pressing requests: ${ranks}`);
  await shown.first().locator('.badge.urgency').waitFor();
  await shot(page, 'agenda-urgent-first-tablet');

  // Only the urgent ones.
  await page.getByLabel('درجة الاستعجال').selectOption('urgent');
  assert.ok((await urgencies()).every((r) => r === 1));
  await page.getByLabel('درجة الاستعجال').selectOption('');

  // A name found in another spelling, and printing holds every request kept.
  const name = await items.first().locator('h2 span').first().textContent();
  await page.getByLabel('بحث بالاسم أو رقم الهوية أو رقم الطلب').fill(name.replace(/ة/g, 'ه'));
  await page.getByText(/^[1-9]\d* من \d+ طلب/).waitFor();
  const kept = await shown.count();
  assert.ok(kept >= 1);
  for (const found of await shown.locator('h2 span:first-child').allTextContents()) {
    assert.equal(found, name);
  }
  await page.getByLabel('بحث بالاسم أو رقم الهوية أو رقم الطلب').fill('');
  await page.emulateMedia({ media: 'print' });
  await haveCount(page.locator('li.agenda-item:visible'), total); // every page printed
  await page.emulateMedia({ media: 'screen' });
  await context.close();
});

test('the head office prints a request summary on a phone, with no network', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'head');
  await waitSynced(page);
  await page.goto(`${env.server.url}/office/cases?status=service_delivered`);
  const link = page.locator('table.cases tbody a').first();
  const name = await link.textContent();
  await link.click();
  await page.getByRole('link', { name: 'ملخص للطباعة' }).waitFor();

  // The summary is read from the device: it opens without the server.
  await context.setOffline(true);
  await page.getByRole('link', { name: 'ملخص للطباعة' }).click();
  await page.getByRole('heading', { name: 'ملخص طلب دعم' }).waitFor();
  await page.getByText(name, { exact: true }).first().waitFor();
  for (const section of ['مقدم الطلب', 'الدخل الشهري', 'المستندات', 'الإقرار والتوقيع',
    'البحث الاجتماعي', 'قرارات لجنة البحث', 'التسجيل والخدمات']) {
    await page.getByRole('heading', { name: section, exact: true }).waitFor();
  }
  await page.getByText(/^قبول الطلب$/).waitFor();
  assert.equal(await page.evaluate(() => document.dir), 'rtl');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `nothing scrolls sideways (${width}px)`);
  await shot(page, 'case-summary-phone');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.topbar').isVisible(), false);
  await page.getByText('جمعية بناء وتنمية مساكن بمنطقة جازان').waitFor();

  // The committee's papers are the server's: offline, the page says so.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: 'جدول أعمال اللجنة' }).click();
  await page.getByRole('alert').getByText(/تحتاج إلى اتصال/).waitFor();
  await context.setOffline(false);
  await context.close();
});

test('an officer is not shown the committee papers', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  assert.equal(await page.getByRole('link', { name: 'جدول أعمال اللجنة' }).count(), 0);
  await page.goto(`${env.server.url}/committee/agenda`);
  await page.getByText('هذه الصفحة للجنة البحث والإدارة العامة.').waitFor();
  assert.equal(await page.locator('li.agenda-item').count(), 0);
  await context.close();
});
