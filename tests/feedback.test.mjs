// Needs and suggestions (GOAL): an applicant gives a need on a phone with no network, and
// it waits on the phone until it is sent; an officer takes a suggestion on someone's
// behalf with its channel; the head office answers the need, and the answer reaches the
// applicant's phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, TABLET, indicator, newDevice, shot, signIn, syncNow, useServerAndBrowser, waitSynced } from './support.mjs';

const env = useServerAndBrowser();
const NEED = 'خزان ماء للسطح فالماء ينقطع أيامًا';
const SUGGESTION = 'مواعيد مسائية للمراجعين العاملين';

test('a need given offline on a phone is answered by the head office and the answer reaches the phone', async () => {
  const phone = await newDevice(env.browser, PHONE);
  await signIn(phone.page, env.server.url, 'applicant');
  await waitSynced(phone.page);
  await phone.page.getByRole('link', { name: 'الاحتياجات والمقترحات' }).click();
  const form = phone.page.getByRole('form', { name: 'إرسال احتياج أو مقترح' });
  // Nothing written: the shared rule says what is missing.
  await form.getByRole('button', { name: 'إرسال' }).click();
  await form.getByText('هذا الحقل مطلوب').first().waitFor();

  await phone.context.setOffline(true);
  await form.getByLabel('النوع').selectOption({ label: 'احتياج' });
  await form.getByLabel('الاحتياج أو المقترح', { exact: true }).fill(NEED);
  await form.getByRole('button', { name: 'إرسال' }).click();
  await form.getByText('حُفظ على الجهاز ويُرسل عند الاتصال').waitFor();
  const mine = phone.page.locator('.feedback-item', { hasText: NEED });
  await mine.getByText('بانتظار الإرسال').waitFor();
  await indicator(phone.page).and(phone.page.locator('[data-pending="1"]')).waitFor();
  // Kept over a reload with no network.
  await phone.page.reload();
  await mine.getByText('بانتظار الإرسال').waitFor();
  await phone.context.setOffline(false);
  await syncNow(phone.page);
  await waitSynced(phone.page);
  await mine.getByText('بانتظار الإرسال').waitFor({ state: 'detached' });
  await mine.getByText('بانتظار الرد').waitFor();

  // The officer takes a suggestion on someone's behalf, by phone.
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  await officer.page.getByRole('link', { name: 'الاحتياجات والمقترحات' }).click();
  const taken = officer.page.getByRole('form', { name: 'تسجيل احتياج أو مقترح' });
  await taken.getByLabel('النوع').selectOption({ label: 'مقترح' });
  await taken.getByLabel('قناة التواصل').selectOption({ label: 'الاتصالات الهاتفية' });
  await taken.getByLabel('صاحب الاحتياج أو المقترح').fill('أم محمد');
  await taken.getByLabel('الاحتياج أو المقترح', { exact: true }).fill(SUGGESTION);
  await taken.getByRole('button', { name: 'تسجيل' }).click();
  // Shown at once as waiting, then sent.
  const logged = officer.page.locator('.feedback-item', { hasText: SUGGESTION });
  await logged.waitFor();
  await logged.getByText('بانتظار الإرسال').waitFor({ state: 'detached' });
  // The applicant's need at this point is on the officer's list too.
  await officer.page.locator('.feedback-item', { hasText: NEED }).waitFor();
  await officer.context.close();

  // The head office sees both waiting, and answers the need.
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  await head.page.getByRole('link', { name: 'الاحتياجات والمقترحات' }).click();
  await head.page.getByRole('button', { name: 'بانتظار الرد (2)' }).waitFor();
  const suggestion = head.page.locator('.feedback-item', { hasText: SUGGESTION });
  await suggestion.getByText('الاتصالات الهاتفية').waitFor();
  await suggestion.getByText('سجّله أحمد العطاس').waitFor();
  const need = head.page.locator('.feedback-item', { hasText: NEED });
  await need.getByRole('button', { name: 'إرسال الرد' }).click();
  await need.getByText('هذا الحقل مطلوب').waitFor();
  await need.getByRole('textbox', { name: 'الرد' }).fill('سيزورك الباحث الاجتماعي الأسبوع القادم لتقدير الخزان');
  await shot(head.page, 'feedback-head-tablet');
  await need.getByRole('button', { name: 'إرسال الرد' }).click();
  await head.page.getByRole('button', { name: 'بانتظار الرد (1)' }).waitFor();
  await head.page.getByRole('button', { name: 'تم الرد (1)' }).click();
  await head.page.locator('.feedback-item', { hasText: NEED }).getByRole('note').waitFor();
  await head.context.close();

  // The phone's next sync brings the answer.
  await syncNow(phone.page);
  await waitSynced(phone.page);
  const answer = mine.getByRole('note', { name: 'رد الإدارة' });
  await answer.getByText('سيزورك الباحث الاجتماعي الأسبوع القادم').waitFor();
  await mine.getByText('تم الرد').waitFor();
  await shot(phone.page, 'feedback-answered-phone');
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone (${width}px)`);
  // The applicant sees only their own: the officer's suggestion is not on the phone.
  assert.equal(await phone.page.locator('.feedback-item', { hasText: SUGGESTION }).count(), 0);
  await phone.context.close();
});
