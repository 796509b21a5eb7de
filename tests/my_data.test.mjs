// An applicant, on their phone, reads everything the association holds about them — their
// account and their request — as a page that prints, and downloads it as a file; then asks
// for it to be erased, the head office grants it on a tablet, and the phone is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  PHONE, TABLET, fillApplicant, newDevice, openAccount, shot, signIn, startRequest, waitSaved,
  waitSynced,
  useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

test('an applicant downloads their data on a phone', async () => {
  const { context, page } = await newDevice(env.browser, PHONE, { acceptDownloads: true });
  await page.goto(`${env.server.url}/register`);
  await openAccount(page, env.gateway, { id: '1077112231', mobile: '0551239876', password: 'جازان-2026-بيت' });
  await waitSynced(page);
  await startRequest(page);
  await fillApplicant(page, { 'الاسم الأول': 'ياسر', 'رقم الهوية الوطنية أو الإقامة': '1077112231' });
  await waitSaved(page);
  await page.getByRole('link', { name: 'الرئيسية' }).click();
  await waitSynced(page);

  await page.getByRole('link', { name: 'حسابي' }).click();
  await page.getByRole('link', { name: 'بياناتي لدى الجمعية' }).click();
  await page.getByRole('heading', { name: 'بياناتي لدى الجمعية' }).waitFor();
  const request = page.locator('article.my-request');
  await request.getByRole('heading', { name: /^الطلب / }).waitFor();
  await request.getByText('ياسر', { exact: false }).first().waitFor();
  await page.getByText('0551239876').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(page, 'my-data-phone');

  // The same as a file to keep.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'تنزيل ملف البيانات (JSON)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.account.national_id, '1077112231');
  assert.equal(data.requests.length, 1);
  assert.equal(data.requests[0].request.applicant.first_name, 'ياسر');

  // They ask for it to be erased.
  const ask = page.getByRole('form', { name: 'حذف بياناتي' });
  await ask.getByLabel('سبب الطلب (اختياري)').fill('انتقلت إلى منطقة أخرى');
  await ask.getByRole('button', { name: 'اطلب حذف بياناتي' }).click();
  await page.getByRole('status').getByText('بانتظار قرار الإدارة').waitFor();
  await shot(page, 'erasure-asked-phone');

  // The head office grants it, with its reason.
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  await head.page.getByRole('link', { name: 'الحسابات' }).click();
  const waiting = head.page.getByRole('listitem', { name: '1077112231' });
  await waiting.getByText('انتقلت إلى منطقة أخرى').waitFor();
  await waiting.getByRole('button', { name: 'احذف بياناته' }).click();
  // A ruling needs its reason.
  await waiting.getByRole('alert').first().waitFor();
  await waiting.getByLabel(/^سبب القرار/).fill('طلب صاحب البيانات وفق النظام');
  await shot(head.page, 'erasure-waiting-tablet');
  await waiting.getByRole('button', { name: 'احذف بياناته' }).click();
  await waiting.waitFor({ state: 'detached' });
  await head.page.getByText('لا طلبات بانتظار القرار.').waitFor();
  await head.page.getByText('آخر القرارات').click();
  await head.page.getByText('نُفّذ الحذف').waitFor();
  await env.gateway.find((m) => m.to === '966551239876' && m.body.includes('حُذفت بياناتك'),
    { what: 'the message telling them' });

  // The phone's session ended: it asks to sign in again.
  await page.reload();
  await page.getByText('انتهت الجلسة: سجّل الدخول من جديد.').first().waitFor();
  await head.context.close();
  await context.close();
});
