// The reception (CH, H1): an inquiry with no request is logged in seconds, even offline,
// found again by search, and reaches the server with the outreach point.
import { test } from 'node:test';
import { TABLET, indicator, newDevice, shot, signIn, waitSynced, useServerAndBrowser, haveCount } from './support.mjs';

const env = useServerAndBrowser();

async function log(page, person, contact, summary) {
  await page.getByLabel('اسم المراجع').fill(person);
  await page.getByLabel('رقم الجوال (اختياري)').fill(contact);
  await page.getByLabel('موضوع التواصل وما أُجيب به').fill(summary);
  await page.getByRole('button', { name: 'تسجيل الاستفسار' }).click();
  await page.getByText('سُجّل على الجهاز').waitFor();
}

test('inquiries are logged offline, searched, and synced', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await page.getByRole('link', { name: 'الاستقبال' }).click();
  await page.getByRole('heading', { name: 'الاستقبال' }).waitFor();

  // Nothing logged without who and what.
  await page.getByRole('button', { name: 'تسجيل الاستفسار' }).click();
  await page.locator('#inquiry-person-error').getByText('هذا الحقل مطلوب').waitFor();

  await context.setOffline(true);
  await indicator(page).getByText('غير متصل').waitFor();
  await page.getByLabel('قناة التواصل').selectOption({ label: 'الاتصالات الهاتفية' });
  await log(page, 'أم علي الحازمي', '٠٥٥١٢٣٤٥٦٧', 'سألت عن موعد زيارة الباحث لمنزلها');
  await log(page, 'إبراهيم يحيى', '', 'استفسر عن شروط سداد الإيجار');
  const list = page.getByRole('list', { name: 'الاستفسارات' });
  await list.getByText('بانتظار الإرسال').first().waitFor();
  await haveCount(list.getByRole('listitem'), 2);

  // Search by a digit typed in Arabic, by name, by subject.
  await page.getByLabel('بحث بالاسم أو الرقم أو الموضوع').fill('1234567');
  await haveCount(list.getByRole('listitem'), 1);
  await page.getByLabel('بحث بالاسم أو الرقم أو الموضوع').fill('الإيجار');
  await list.getByText('إبراهيم يحيى').waitFor();
  await haveCount(list.getByRole('listitem'), 1);
  await shot(page, 'reception-search-tablet');
  await page.getByLabel('بحث بالاسم أو الرقم أو الموضوع').fill('');

  await context.setOffline(false);
  await page.getByRole('button', { name: 'زامن الآن' }).click();
  await waitSynced(page);
  await list.getByText('بانتظار الإرسال').first().waitFor({ state: 'detached' });

  // Another officer of the same point, on another tablet, finds them.
  const other = await newDevice(env.browser, TABLET);
  await signIn(other.page, env.server.url, 'officer.sabya');
  await waitSynced(other.page);
  await other.page.getByRole('link', { name: 'الاستقبال' }).click();
  await other.page.getByText('أم علي الحازمي').waitFor();
  await other.page.getByText('0551234567').waitFor();
  await other.context.close();
  await context.close();
});
