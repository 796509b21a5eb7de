// Proactive follow-up (GOAL, H5): a request past the day its answer was promised shows in
// the officer's overdue and "to contact today" lists, by the demo's data (handed in 20
// days ago), not by waiting; a call logged offline takes it off "to contact today" and
// it stays overdue until the committee decides; the head office reads it in the case's
// history from the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  PHONE, TABLET, artifacts, newDevice, shot, signIn, waitSaved, waitSynced, useServerAndBrowser, haveCount,
} from './support.mjs';

const env = useServerAndBrowser();
const SEEDED = 'محمد يحيى علي الفيفي';

test('an overdue request is in the officer\'s lists until someone calls', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  const queues = page.getByRole('navigation', { name: 'قوائم العمل' });
  const overdue = queues.locator('[data-queue="overdue"]');
  const toContact = queues.locator('[data-queue="to_contact"]');
  await overdue.locator('.count', { hasText: '1' }).waitFor();
  await toContact.locator('.count', { hasText: '1' }).waitFor();
  await overdue.click();
  const item = page.getByRole('listitem').filter({ hasText: SEEDED });
  await item.getByText('متأخر عن موعد الرد').waitFor();
  await item.getByText('بلا تواصل منذ 20 يومًا').waitFor();
  // The draft of the same point is not late.
  await haveCount(page.getByRole('list', { name: 'الطلبات' }).getByRole('listitem'), 1);
  await shot(page, 'overdue-list-tablet');

  // A call made with no network is logged on the device and sent when it returns.
  await context.setOffline(true);
  await item.getByRole('link', { name: SEEDED, exact: true }).click();
  await page.getByText('تجاوز موعد الرد المتوقع').waitFor();
  const log = page.getByRole('form', { name: 'تسجيل تواصل مع المستفيد' });
  await log.getByRole('button', { name: 'تسجيل التواصل' }).click();
  await log.getByRole('alert').getByText('نتيجة التواصل').waitFor();
  await log.getByLabel('نتيجة التواصل').selectOption('reached');
  await log.getByLabel('ملخص التواصل').fill('أُبلغ بأن طلبه لدى الباحث الاجتماعي قريبًا');
  await log.getByRole('button', { name: 'تسجيل التواصل' }).click();
  await page.getByRole('region', { name: 'سجل التواصل' })
    .getByText('أُبلغ بأن طلبه لدى الباحث الاجتماعي قريبًا', { exact: false }).waitFor();
  await waitSaved(page);
  await context.setOffline(false);
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await waitSynced(page);
  await toContact.locator('.count', { hasText: '0' }).waitFor();
  await overdue.locator('.count', { hasText: '1' }).waitFor();
  await context.close();

  // The head office sees the call too, with who made it.
  const head = await newDevice(env.browser, PHONE);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  await head.page.getByRole('navigation', { name: 'قوائم العمل' })
    .locator('[data-queue="overdue"] .count', { hasText: '1' }).waitFor();
  await head.page.getByRole('link', { name: SEEDED, exact: true }).click();
  await head.page.getByRole('region', { name: 'سجل التواصل' }).getByText('أحمد العطاس', { exact: false }).waitFor();
  // The server's history of the case: who, in which role, on which device, what.
  const history = head.page.getByRole('region', { name: 'سجل التغييرات' });
  await history.getByRole('button', { name: 'عرض السجل من الخادم' }).click();
  const call = history.locator('li', { hasText: 'تسجيل تواصل: أُبلغ بأن طلبه' }).first();
  await call.waitFor();
  assert.match(await call.textContent(), /أحمد العطاس \(موظف علاقات المستفيدين\) — جهاز \u2066…\w{4}\u2069 — طُبّق/);
  await history.getByText('تغيير الحالة إلى مقدَّم').waitFor();
  await history.screenshot({ path: join(artifacts, 'history-phone.png') });
  // Reading the history is itself kept: the head office sees who read the request.
  const reads = head.page.getByRole('region', { name: 'من اطّلع على الطلب' });
  await reads.getByRole('button', { name: 'عرض من اطّلع عليه' }).click();
  await reads.locator('li', { hasText: 'سجل التغييرات' }).getByText('سلمان النعمي').first().waitFor();
  await reads.screenshot({ path: join(artifacts, 'reads-phone.png') });
  const width = await head.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone (${width} px)`);
  await shot(head.page, 'contact-log-phone');
  await head.context.close();
});

test('the head office narrows every point\'s requests by point, channel, lateness and status', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'head');
  await waitSynced(page);
  const ABU_ARISH = 'عبد الله أحمد سالم الحكمي';
  const list = page.getByRole('list', { name: 'الطلبات' });
  await list.getByRole('link', { name: ABU_ARISH, exact: true }).waitFor();
  await list.getByRole('link', { name: SEEDED, exact: true }).waitFor();
  await page.getByText('تصفية الطلبات').click();
  await page.getByLabel('نقطة الاستقبال').selectOption({ label: 'نقطة أبو عريش' });
  await list.getByRole('link', { name: SEEDED, exact: true }).waitFor({ state: 'detached' });
  await list.getByRole('link', { name: ABU_ARISH, exact: true }).waitFor();
  await page.getByLabel('قناة التواصل').selectOption({ label: 'مناديب المكاتب الفرعية' });
  await list.getByRole('link', { name: ABU_ARISH, exact: true }).waitFor();
  await shot(page, 'filters-tablet');
  // Late requests of every point: only the one handed in 20 days ago at Sabya.
  // Clearing leaves the panel open, with the control that was used still in view.
  await page.getByRole('button', { name: 'مسح التصفية' }).click();
  await page.getByLabel('المتأخرة عن موعد الرد فقط').check();
  await list.getByRole('link', { name: SEEDED, exact: true }).waitFor();
  await list.getByRole('link', { name: ABU_ARISH, exact: true }).waitFor({ state: 'detached' });
  await haveCount(list.locator('li.case'), 1);
  await page.getByLabel('الحالة').selectOption({ label: 'مقبول' });
  await page.getByText('لا طلبات في هذه القائمة.').waitFor();
  await context.close();
});
