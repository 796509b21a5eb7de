// Accounts: the head office opens a researcher's account on a tablet, the new researcher
// signs in on a phone and changes the first password, and once the head office disables
// the account it can no longer sign in. Officers do not see the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, TABLET, newDevice, shot, signIn, useServerAndBrowser, waitSynced } from './support.mjs';

const env = useServerAndBrowser();
const FIRST = 'بيش-الأولى-2026';
const OWN = 'وادي-بيش-الجديدة';

async function signInAs(page, username, password) {
  await page.goto(env.server.url);
  await page.getByLabel('اسم المستخدم').fill(username);
  await page.getByLabel('كلمة المرور').fill(password);
  await page.getByRole('button', { name: 'دخول' }).click();
}

test('the head office opens, and later disables, an account that changes its own password', async () => {
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  await head.page.getByRole('link', { name: 'الحسابات' }).click();
  const form = head.page.getByRole('form', { name: 'حساب موظف جديد' });
  await form.getByLabel('اسم المستخدم').fill('researcher.baish');
  await form.getByLabel('الاسم الظاهر').fill('سعيد الحربي');
  await form.getByLabel('الدور').selectOption({ label: 'باحث اجتماعي' });
  // A common password is refused by the shared rule before anything is sent.
  await form.getByLabel('كلمة المرور الأولى').fill('1234567890');
  await form.getByRole('button', { name: 'فتح الحساب' }).click();
  await form.getByText('كلمة المرور سهلة التخمين').waitFor();
  await form.getByLabel('كلمة المرور الأولى').fill(FIRST);
  await form.getByRole('button', { name: 'فتح الحساب' }).click();
  await form.getByRole('status').getByText('فُتح الحساب: researcher.baish').waitFor();
  const item = head.page.getByRole('listitem', { name: 'سعيد الحربي' });
  await item.getByText('لم يسجّل الدخول بعد').waitFor();
  await shot(head.page, 'accounts-tablet');

  const phone = await newDevice(env.browser, PHONE);
  // The password the head office chose opens nothing but its own change.
  await signInAs(phone.page, 'researcher.baish', FIRST);
  await phone.page.getByText('كلمة المرور هذه سلّمتها لك الإدارة').waitFor();
  const change = phone.page.getByRole('form', { name: 'تغيير كلمة المرور' });
  await change.getByLabel('كلمة المرور الحالية').fill('ليست-هي-أبدًا');
  await change.getByLabel('كلمة المرور الجديدة', { exact: true }).fill(OWN);
  await change.getByLabel('تأكيد كلمة المرور الجديدة').fill(OWN);
  await change.getByRole('button', { name: 'تغيير كلمة المرور' }).click();
  await change.getByText('ليست كلمة المرور الحالية').waitFor();
  await change.getByLabel('كلمة المرور الحالية').fill(FIRST);
  await shot(phone.page, 'password-phone');
  await change.getByRole('button', { name: 'تغيير كلمة المرور' }).click();
  await phone.page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone (${width}px)`);

  // Disabled by the head office: the phone's session ends and signing in is refused.
  await head.page.reload();
  await item.getByRole('button', { name: 'تعديل' }).click();
  await item.getByLabel('الحساب مفعّل ويمكنه تسجيل الدخول').uncheck();
  await item.getByRole('button', { name: 'حفظ التعديل' }).click();
  await head.page.getByRole('listitem', { name: 'سعيد الحربي' }).getByText('موقوف').waitFor();
  const alive = await phone.page.evaluate(() => fetch('/api/me').then((r) => r.status));
  assert.equal(alive, 401);
  const again = await newDevice(env.browser, PHONE);
  await signInAs(again.page, 'researcher.baish', OWN);
  await again.page.getByText('اسم المستخدم أو كلمة المرور غير صحيحة').waitFor();
  await again.context.close();
  await phone.context.close();
  await head.context.close();

  // An officer has no accounts page, and the server refuses the list.
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  assert.equal(await officer.page.getByRole('link', { name: 'الحسابات' }).count(), 0);
  const status = await officer.page.evaluate(() => fetch('/api/users').then((r) => r.status));
  assert.equal(status, 403);
  await officer.context.close();
});
