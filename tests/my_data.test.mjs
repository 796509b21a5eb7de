// An applicant, on their phone, reads everything the association holds about them — their
// account and their request — as a page that prints, and downloads it as a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  PHONE, fillApplicant, newDevice, openAccount, shot, startRequest, waitSaved, waitSynced,
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
  await context.close();
});
