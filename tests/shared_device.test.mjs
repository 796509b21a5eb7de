// A tablet shared by officers of two outreach points: the second never sees the first's
// cases, and unsent work of the first is never lost to the second's sign-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_PASSWORD, TABLET, fillApplicant, newDevice, signIn, startRequest, waitSaved, waitSynced,
  useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

async function signOut(page) {
  await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
}

test('another officer on the same tablet sees none of the first officer\'s cases', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await page.getByText('محمد يحيى علي الفيفي').waitFor();

  // Unsent work blocks another user, and stays.
  await context.setOffline(true);
  await startRequest(page);
  await fillApplicant(page);
  await waitSaved(page);
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await page.getByText('حسن علي محمد المدخلي').waitFor();
  await signOut(page);
  await context.setOffline(false);
  await page.getByLabel('اسم المستخدم').fill('officer.abuarish');
  await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('alert').getByText('طلبات لمستخدم آخر لم تُرسل بعد').waitFor();

  // Its owner signs in again, and it goes up.
  await page.getByLabel('اسم المستخدم').fill('officer.sabya');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  await waitSynced(page);
  await page.getByText('حسن علي محمد المدخلي').waitFor();
  await signOut(page);

  // Now the other officer gets a clean device with only their point's cases.
  await signIn(page, env.server.url, 'officer.abuarish');
  await waitSynced(page);
  await page.getByText('عبد الله أحمد سالم الحكمي').waitFor();
  assert.equal(await page.getByText('محمد يحيى علي الفيفي').count(), 0);
  assert.equal(await page.getByText('حسن علي محمد المدخلي').count(), 0);
  await context.close();
});
