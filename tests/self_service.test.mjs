// An applicant on their phone: opens an account, fills the same request in their own
// words, photographs two documents, signs, submits and gets the receipt; the request
// reaches the officers of their outreach point, who check it against the originals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, deviceData, drawSignature, fillFurnishingRequest, fixture, hijriAfter,
  newDevice, nextStep, shot, signIn, startRequest, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

test('an applicant applies from a phone and the outreach point receives it', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'أنشئ حساب مقدم طلب' }).click();
  await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('١٠٧٧١١٢٢٣١');
  await page.getByLabel('رقم الجوال').fill('0551230000');
  // The password rule is said before anyone is refused by it.
  await page.locator('.password-rule').getByText('8 أحرف أو أرقام على الأقل، لا تحوي رقم هويتك').waitFor();
  await page.getByLabel('كلمة المرور', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  await page.getByText('8 أحرف على الأقل').waitFor();
  await page.getByLabel('كلمة المرور', { exact: true }).fill('جازان-2026-بيت');
  await page.getByLabel('تأكيد كلمة المرور').fill('جازان-2026-بيت');
  await page.getByLabel('أقرب نقطة استقبال إليك').selectOption({ label: 'نقطة صبيا' });
  await shot(page, 'register-phone');
  await page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  // The account opens with the code the SMS brought to the mobile.
  await page.getByText('05•••••000').waitFor();
  await page.getByLabel('رمز التحقق').fill(await env.gateway.codeTo('0551230000'));
  await shot(page, 'register-code-phone');
  await page.getByRole('button', { name: 'تأكيد وفتح الحساب' }).click();
  await page.getByRole('heading', { name: 'أهلًا بك' }).waitFor();
  await waitSynced(page);
  await page.getByText('لم تقدّم طلبًا بعد.').waitFor();

  await startRequest(page);
  // What the account holds is not asked again: its ID and the mobile its code proved.
  assert.equal(await page.getByLabel('رقم الهوية الوطنية أو الإقامة', { exact: true }).inputValue(), '1077112231');
  assert.equal(await page.getByLabel('رقم الجوال', { exact: true }).inputValue(), '0551230000');
  await fillFurnishingRequest(page, {
    'الاسم الأول': 'ياسر', 'رقم الهوية الوطنية أو الإقامة': '1077112231',
  });
  await nextStep(page, 'المستندات');
  await page.getByText('صوّر كل مستند بهاتفك').waitFor();
  // On the phone each step's chip names it in a word, and the key says what its number is.
  assert.equal(await page.locator('[data-step="documents"] .step-short').textContent(), 'الوثائق');
  assert.ok(await page.locator('[data-step="documents"] .step-short').isVisible());
  await page.getByText('✓ خطوة مكتملة، والرقم الأصفر عدد ما ينقصها').waitFor();
  // The phone's camera input (capture), fed from a file here.
  for (const [kind, label, file] of [
    ['national_id_copy', 'صورة الهوية الوطنية أو الإقامة', 'id-card.jpg'],
    ['family_register', 'سجل الأسرة', 'family-register.jpg'],
  ]) {
    await page.getByLabel(`التقاط صورة: ${label}`).setInputFiles(fixture(file));
    await page.locator(`[data-kind="${kind}"][data-state="provided"] .thumb img`).waitFor();
  }
  // Checking against the original is the officer's part, not the applicant's.
  assert.equal(await page.getByLabel('طابقتُه مع الأصل').count(), 0);
  await waitSaved(page);
  await shot(page, 'self-service-documents-phone');
  await nextStep(page, 'الإقرار والتقديم');
  await drawSignature(page);
  await page.getByRole('button', { name: 'اعتماد التوقيع' }).click();
  await page.locator('[data-signed="true"]').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.getByRole('button', { name: 'تقديم الطلب' }).click();
  await page.getByRole('heading', { name: 'إيصال تقديم طلب دعم' }).waitFor();
  await page.locator('.receipt-expected .hijri').getByText(hijriAfter(14)).waitFor();
  const reference = (await page.locator('.receipt-reference').textContent()).trim();
  await waitSynced(page);
  await page.getByText('حُفظ الطلب على هذا الجهاز وسيُرسل عند الاتصال').waitFor({ state: 'detached' });
  await shot(page, 'self-service-receipt-phone');
  // Sending the receipt by text is staff's tool, not offered to the applicant who holds it.
  assert.equal(await page.getByRole('link', { name: 'إرسال برسالة نصية' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'نسخ نص الرسالة' }).count(), 0);
  await context.close();

  // The officers of Sabya receive it, from the website channel, to check the originals.
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  const { cases } = await deviceData(officer.page);
  const theirs = cases.find((c) => c.reference === reference);
  assert.equal(theirs.status, 'submitted');
  assert.equal(theirs.request.channel, 'website');
  const item = officer.page.getByRole('listitem').filter({ hasText: reference });
  await item.getByRole('link', { name: /ياسر/ }).click();
  await officer.page.getByRole('button', { name: /المستندات/ }).click();
  const row = officer.page.locator('[data-kind="national_id_copy"]');
  await row.locator('.thumb img, .thumb a').first().waitFor();
  await row.getByLabel('طابقتُه مع الأصل').check();
  await officer.page.locator('[data-kind="national_id_copy"][data-state="verified"]').waitFor();
  await waitSynced(officer.page);
  await officer.context.close();

  // Another applicant sees none of it.
  const other = await newDevice(env.browser, PHONE);
  await signIn(other.page, env.server.url, 'applicant');
  await waitSynced(other.page);
  assert.equal(await other.page.getByText(reference).count(), 0);
  await other.context.close();
});
