// Who the applicant is: an account opens on a phone only with the code the SMS brings,
// a forgotten password is reset by a code to that mobile, and an officer who saw the
// original ID releases it from an account someone else opened with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, newDevice, openAccount, shot, signIn, useServerAndBrowser, waitSynced,
} from './support.mjs';

const env = useServerAndBrowser();

test('an applicant opens an account with the code, forgets the password and resets it', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await page.goto(`${env.server.url}/register`);
  await openAccount(page, env.gateway, { id: '1044556676', mobile: '0557770001', password: 'بيتي-في-صبيا-1' });
  await waitSynced(page);

  // Signed out, the password is forgotten.
  await page.getByRole('link', { name: 'حسابي' }).click();
  await page.getByRole('button', { name: 'تسجيل الخروج', exact: true }).click();
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
  await page.getByRole('link', { name: 'نسيت كلمة المرور؟' }).click();
  await page.getByRole('heading', { name: 'استعادة كلمة المرور' }).waitFor();
  await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('١٠٤٤٥٥٦٦٧٦');
  await page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  // The page does not say whether the ID has an account, nor where the code went.
  await page.getByText('إن كان لهذا الرقم حساب').waitFor();
  const code = await env.gateway.codeTo('0557770001', { skip: 1 });
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('رمز التحقق').fill(wrong);
  await page.getByLabel('كلمة المرور الجديدة').fill('بيتي-الجديد-2');
  await page.getByLabel('تأكيد كلمة المرور').fill('بيتي-الجديد-2');
  await page.getByRole('button', { name: 'حفظ كلمة المرور والدخول' }).click();
  await page.getByText('الرمز غير صحيح؛ المحاولات المتبقية: 4').waitFor();
  await shot(page, 'forgot-code-phone');
  await page.getByLabel('رمز التحقق').fill(code);
  await page.getByRole('button', { name: 'حفظ كلمة المرور والدخول' }).click();
  await page.getByRole('heading', { name: 'أهلًا بك' }).waitFor();
  await context.close();

  // The new password signs in on another phone; the old one no longer does.
  const other = await newDevice(env.browser, PHONE);
  await other.page.goto(env.server.url);
  await other.page.getByLabel('رقم الهوية أو اسم المستخدم').fill('1044556676');
  await other.page.getByLabel('كلمة المرور').fill('بيتي-في-صبيا-1');
  await other.page.getByRole('button', { name: 'دخول' }).click();
  await other.page.getByText('اسم المستخدم أو كلمة المرور غير صحيحة').waitFor();
  await other.page.getByLabel('كلمة المرور').fill('بيتي-الجديد-2');
  await other.page.getByRole('button', { name: 'دخول' }).click();
  await other.page.getByRole('heading', { name: 'أهلًا بك' }).waitFor();
  await other.context.close();
});

test('an officer releases an ID someone else took, and its holder opens their account', async () => {
  const id = '1033445568';
  const squatter = await newDevice(env.browser, PHONE);
  await squatter.page.goto(`${env.server.url}/register`);
  await openAccount(squatter.page, env.gateway, { id, mobile: '0557770002', password: 'ليس-لي-1234' });

  // The holder cannot open theirs: the ID is taken. The form answers as for any ID, and
  // only once the holder proves the mobile does the step say so; the taker hears of it.
  const holder = await newDevice(env.browser, PHONE);
  await holder.page.goto(`${env.server.url}/register`);
  await holder.page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill(id);
  await holder.page.getByLabel('رقم الجوال').fill('0557770003');
  await holder.page.getByLabel('كلمة المرور', { exact: true }).fill('بيتي-أنا-1234');
  await holder.page.getByLabel('تأكيد كلمة المرور').fill('بيتي-أنا-1234');
  await holder.page.getByLabel('أقرب نقطة استقبال إليك').selectOption({ label: 'نقطة صبيا' });
  await holder.page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  await holder.page.getByLabel('رمز التحقق').fill(await env.gateway.codeTo('0557770003'));
  await holder.page.getByRole('button', { name: 'تأكيد وفتح الحساب' }).click();
  const taken = holder.page.locator('.notice.id-taken');
  await taken.getByText('لرقم الهوية هذا حساب قائم، فلم يُفتح حساب جديد.').waitFor();
  await taken.getByRole('link', { name: 'نسيت كلمة المرور' }).waitFor();
  await shot(holder.page, 'id-taken-phone');
  assert.match(await env.gateway.messageTo('0557770002', { skip: 1 }), /حاول أحدٌ فتح حساب برقم هويتك/);

  // At the outreach point, the officer sees the original ID and releases it.
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  await officer.page.getByRole('link', { name: 'الاستقبال' }).click();
  const release = officer.page.locator('details.release-id');
  await release.getByText('رقم هوية مسجّل باسم غير صاحبه').click();
  await release.getByLabel('رقم الهوية', { exact: true }).fill(id);
  await release.getByLabel('السبب وما رأيته').fill('حضر صاحب الهوية بهويته الأصلية، والجوال المسجّل ليس له');
  await release.getByRole('button', { name: 'تحرير رقم الهوية' }).click();
  await release.getByText('أكّد أنك رأيت الهوية الأصلية').waitFor();
  await release.getByLabel('رأيت الهوية الأصلية لصاحب الرقم').check();
  await shot(officer.page, 'release-id-tablet');
  await release.getByRole('button', { name: 'تحرير رقم الهوية' }).click();
  await release.getByText('حُرّر الرقم: يستطيع صاحبه الآن فتح حسابه.').waitFor();
  await officer.context.close();

  // The taker's session is over; the holder opens theirs.
  const me = await squatter.page.request.get(`${env.server.url}/api/me`);
  assert.equal(me.status(), 401);
  await holder.page.getByRole('button', { name: 'تعديل البيانات' }).click();
  await holder.page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  await holder.page.getByLabel('رمز التحقق').fill(await env.gateway.codeTo('0557770003', { skip: 1 }));
  await holder.page.getByRole('button', { name: 'تأكيد وفتح الحساب' }).click();
  await holder.page.getByRole('heading', { name: 'أهلًا بك' }).waitFor();
  await squatter.context.close();
  await holder.context.close();
});
