// A read of the device that fails is said as such, with a way to read again: it is never
// taken for a request that is not on the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPLICANT, TABLET, accessibilityProblems, fillApplicant, newDevice, shot, signIn, startRequest, waitSaved,
  waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

const NAME = ['الاسم الأول', 'اسم الأب', 'اسم الجد', 'اسم العائلة'].map((k) => APPLICANT[k]).join(' ');

test('a request the device cannot read says so, and opens when read again', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await startRequest(page);
  await fillApplicant(page);
  await waitSaved(page);
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  const link = page.getByRole('link', { name: NAME, exact: true }).first();
  await link.waitFor();

  // The browser refuses every read of one record from now on, as a damaged profile does.
  await page.evaluate(() => {
    window.keptGet = IDBObjectStore.prototype.get;
    IDBObjectStore.prototype.get = function refused() {
      throw new DOMException('the read was refused', 'UnknownError');
    };
  });
  await link.click();
  const alert = page.getByRole('alert').filter({ hasText: 'تعذّرت قراءة هذا الطلب من ذاكرة هذا الجهاز' });
  await alert.waitFor();
  assert.equal(await page.getByText('هذا الطلب غير موجود على هذا الجهاز').count(), 0);
  assert.deepEqual(await accessibilityProblems(page), []);
  await shot(page, 'read-failed-tablet');

  // Read again once the browser reads: the request opens with what was typed.
  await page.evaluate(() => { IDBObjectStore.prototype.get = window.keptGet; });
  await alert.getByRole('button', { name: 'أعد المحاولة' }).click();
  await page.getByLabel('الاسم الأول').waitFor();
  assert.equal(await page.getByLabel('الاسم الأول').inputValue(), APPLICANT['الاسم الأول']);
  await context.close();
});
