// An account opened with someone else's national ID reads nothing of the request taken
// under that ID at a point: only that one exists there, and what to bring. The request's
// texts keep going to its own mobile. Once an officer sees the holder's original and
// confirms the account, the account reads the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, newDevice, officerIntake, openAccount, shot, signIn, useServerAndBrowser,
  waitSynced,
} from './support.mjs';

const env = useServerAndBrowser();

// The intake's applicant: their ID and the mobile written in the request.
const HOLDER_ID = '1077889903';

test('a typed ID shows no one else\'s request until an officer confirms its holder', async () => {
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  const reference = await officerIntake(officer.page);
  await waitSynced(officer.page);
  // The receipt's text goes to the mobile written in the request.
  assert.match(await env.gateway.messageTo('0559876543'), new RegExp(reference));

  // Someone opens an account with that ID and a mobile of their own.
  const phone = await newDevice(env.browser, PHONE);
  await phone.page.goto(`${env.server.url}/register`);
  await openAccount(phone.page, env.gateway, {
    id: HOLDER_ID, mobile: '0550001122', password: 'ليس-لي-هذا-1',
  });
  await waitSynced(phone.page);
  // The phone pulled nothing of it: the home lists no request.
  await phone.page.getByText('لم تقدّم طلبًا بعد.').waitFor();
  await phone.page.getByRole('link', { name: 'حسابي' }).click();
  await phone.page.getByRole('link', { name: 'بياناتي لدى الجمعية' }).click();
  const unproven = phone.page.locator('.notice.unproven');
  await unproven.getByText('يوجد طلب باسمك في نقطة صبيا — أحضر هويتك الأصلية', { exact: false }).waitFor();
  assert.equal(await phone.page.locator('article.my-request').count(), 0);
  const text = await phone.page.locator('main').textContent();
  for (const inside of ['المدخلي', reference, '987 6543', '0559876543']) {
    assert.ok(!text.includes(inside), `${inside} reached the account`);
  }
  await shot(phone.page, 'unproven-request-phone');

  // The holder comes to Sabya with the card; the officer confirms the account is theirs.
  await officer.page.getByRole('link', { name: 'الاستقبال' }).click();
  const confirm = officer.page.locator('details.confirm-identity');
  await confirm.locator('summary').click();
  await confirm.getByLabel('رقم الهوية', { exact: true }).fill(HOLDER_ID);
  await confirm.getByLabel('الوثيقة الأصلية التي رأيتها').selectOption({ label: 'بطاقة الهوية الوطنية' });
  await confirm.getByRole('button', { name: 'تأكيد الهوية' }).click();
  await confirm.getByText('أكّد أنك رأيت الوثيقة الأصلية').waitFor();
  await confirm.getByLabel('رأيت الوثيقة الأصلية وصاحبها أمامي').check();
  await confirm.getByRole('button', { name: 'تأكيد الهوية' }).click();
  await confirm.getByRole('status').getByText('أُكّدت الهوية').waitFor();
  await shot(officer.page, 'confirm-identity-tablet');

  await phone.page.reload();
  const request = phone.page.locator('article.my-request');
  await request.getByText(reference, { exact: false }).first().waitFor();
  assert.equal(await phone.page.locator('.notice.unproven').count(), 0);
  await shot(phone.page, 'proven-request-phone');

  // The phone's next sync takes the request in: it is on the home.
  await phone.page.goto(`${env.server.url}/`);
  await waitSynced(phone.page);
  const mine = phone.page.locator('ul.cases[aria-labelledby="mine"]');
  await mine.getByText(reference, { exact: false }).waitFor();
  await shot(phone.page, 'proven-request-home-phone');
});
