// A read that fails — of the device, or of the server — is said as such, with a way to read
// again: it is never taken for a request that is not on the device, nor for an empty page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPLICANT, PHONE, TABLET, accessibilityProblems, fillApplicant, newDevice, shot, signIn, startRequest, waitSaved,
  waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

// An officer's tablet with a request typed and kept on it.
async function typedOnTablet() {
  const device = await newDevice(env.browser, TABLET);
  await signIn(device.page, env.server.url, 'officer.sabya');
  await waitSynced(device.page);
  await startRequest(device.page);
  await fillApplicant(device.page);
  await waitSaved(device.page);
  return device;
}

// From now on the browser refuses the store's `method`, as a damaged profile does.
async function refuse(page, method) {
  await page.evaluate((m) => {
    window.kept = IDBObjectStore.prototype[m];
    IDBObjectStore.prototype[m] = function refused() {
      throw new DOMException('the read was refused', 'UnknownError');
    };
  }, method);
}

// The browser reads with `method` again.
async function readAgain(page, method) {
  await page.evaluate((m) => { IDBObjectStore.prototype[m] = window.kept; }, method);
}

const NAME = ['الاسم الأول', 'اسم الأب', 'اسم الجد', 'اسم العائلة'].map((k) => APPLICANT[k]).join(' ');

test('a request the device cannot read says so, and opens when read again', async () => {
  const { context, page } = await typedOnTablet();
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  const link = page.getByRole('link', { name: NAME, exact: true }).first();
  await link.waitFor();

  // The browser refuses every read of one record from now on, as a damaged profile does.
  await refuse(page, 'get');
  await link.click();
  const alert = page.getByRole('alert').filter({ hasText: 'تعذّرت قراءة هذا الطلب من ذاكرة هذا الجهاز' });
  await alert.waitFor();
  assert.equal(await page.getByText('هذا الطلب غير موجود على هذا الجهاز').count(), 0);
  assert.deepEqual(await accessibilityProblems(page), []);
  await shot(page, 'read-failed-tablet');

  // Read again once the browser reads: the request opens with what was typed.
  await readAgain(page, 'get');
  await alert.getByRole('button', { name: 'أعد المحاولة' }).click();
  await page.getByLabel('الاسم الأول').waitFor();
  assert.equal(await page.getByLabel('الاسم الأول').inputValue(), APPLICANT['الاسم الأول']);
  await context.close();
});

test('a list of requests the device cannot read says so, and shows them when read again', async () => {
  const { context, page } = await typedOnTablet();
  // With no network no sync runs, and so nothing but the button reads the list again: a
  // sync ending between the browser reading again and the tap would show the list first.
  await waitSynced(page);
  await context.setOffline(true);

  // The browser refuses to list any store from now on.
  await refuse(page, 'getAll');
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'تعذّرت قراءة الطلبات من ذاكرة هذا الجهاز' });
  await alert.waitFor();
  assert.equal(await page.getByText('لا طلبات', { exact: false }).count(), 0, 'not taken for an empty list');

  await readAgain(page, 'getAll');
  await alert.getByRole('button', { name: 'أعد المحاولة' }).click();
  await page.getByRole('link', { name: NAME, exact: true }).first().waitFor();
  assert.equal(await alert.count(), 0);
  await context.close();
});

test('a head office page the server does not answer says why, and loads when tried again', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'head');
  await waitSynced(page);

  // The dashboard's figures do not come: the network drops that one call.
  await page.route('**/api/office/dashboard**', (route) => route.abort('internetdisconnected'));
  await page.goto(`${env.server.url}/office`);
  const alert = page.getByRole('alert').filter({ hasText: 'تعذّر الاتصال بالخادم' });
  await alert.waitFor();
  await page.getByRole('heading', { name: 'لوحة المتابعة' }).waitFor();
  assert.deepEqual(await accessibilityProblems(page), []);
  await shot(page, 'server-read-failed-phone');

  await page.unroute('**/api/office/dashboard**');
  await alert.getByRole('button', { name: 'أعد المحاولة' }).click();
  await page.getByRole('heading', { name: 'حسب الحالة' }).waitFor();
  assert.equal(await alert.count(), 0);
  await context.close();
});
