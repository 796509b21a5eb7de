// Messages to applicants: the committee rejects a request on a tablet and the applicant's
// mobile receives the Arabic SMS with the reason; the head office sees it sent on the
// request and writes to the applicant; and edits a message's text with its preview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, newDevice, shot, signIn, syncNow, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

// A year of requests, so that some wait for the committee.
const env = useServerAndBrowser({ args: ['--demo-history', '40'] });

test('the committee rejects a request and the applicant receives the reason by SMS', async () => {
  const committee = await newDevice(env.browser, TABLET);
  await signIn(committee.page, env.server.url, 'committee');
  await waitSynced(committee.page);
  await committee.page.getByRole('link', { name: 'جدول أعمال اللجنة' }).click();
  const item = committee.page.locator('li.agenda-item').first();
  const id = (await item.locator('dd[dir="ltr"]').first().textContent()).trim();
  await item.getByRole('link', { name: 'فتح الطلب' }).click();
  const decision = committee.page.getByRole('form', { name: 'قرار لجنة البحث' });
  await decision.getByLabel('القرار', { exact: true }).selectOption('reject');
  await decision.getByLabel('الدخل يتجاوز الحد المعتمد للدعم').check();
  await decision.getByLabel('نص القرار أو المعلومات المطلوبة').fill('ملاحظة داخلية للجنة');
  // The meeting suggested is the next after the year's last one.
  await committee.page.waitForFunction(() => Number(document.getElementById('meeting-number')?.value) > 1);
  await decision.getByRole('button', { name: 'مراجعة القرار قبل تسجيله' }).click();
  await decision.getByRole('button', { name: 'تأكيد وتسجيل القرار' }).click();
  await waitSaved(committee.page);
  await syncNow(committee.page);
  await waitSynced(committee.page);
  await committee.context.close();

  const sms = await env.gateway.find((m) => m.body.includes('لم يُقبل'), { what: 'the rejection' });
  assert.ok(sms.body.includes('الدخل يتجاوز الحد المعتمد للدعم'), sms.body);
  assert.ok(!sms.body.includes('ملاحظة داخلية'), 'the committee\'s own words stay inside');
  assert.match(sms.to, /^9665\d{8}$/);

  // The head office sees the message sent on the request, and writes to the applicant.
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'head');
  await waitSynced(page);
  await page.goto(`${env.server.url}/office/cases?q=${id}`);
  await page.locator('table.cases tbody a').first().click();
  const messages = page.getByRole('region', { name: 'الرسائل النصية' });
  await messages.getByText('الدخل يتجاوز الحد المعتمد للدعم').waitFor();
  await messages.locator('li[data-delivery="sent"]').first().waitFor();
  const write = page.getByRole('form', { name: 'رسالة نصية إلى المستفيد' });
  await write.getByLabel('نص الرسالة').fill('يمكنك التظلم من القرار خلال ثلاثين يومًا بزيارة نقطة الخدمة.');
  await write.getByText('رسالة').first().waitFor();
  await write.getByRole('button', { name: 'إرسال الرسالة' }).click();
  await write.getByText('أُضيفت إلى قائمة الإرسال').waitFor();
  const written = await env.gateway.find((m) => m.body.startsWith('يمكنك التظلم'), { what: 'the staff message' });
  assert.equal(written.to, sms.to);
  await messages.getByText('رسالة من الموظف').waitFor();
  await shot(page, 'case-messages-tablet');
  await context.close();
});

test('the head office edits a message text, with its preview and SMS count', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'head');
  await page.goto(`${env.server.url}/messages`);
  await page.getByRole('heading', { name: 'نصوص الرسائل النصية' }).waitFor();
  await page.getByText('رفض الطلب', { exact: true }).click();
  const editor = page.getByRole('article', { name: 'رفض الطلب — العربية' });
  const text = editor.getByLabel('النص');
  await text.fill('نعتذر عن قبول طلبك {reference}: {reason}. للاستفسار اتصل بنا.');
  await editor.getByText('12-0345-', { exact: false }).waitFor();
  // Counted as Arabic counts: «88 حرفًا — رسالتان», never «2 رسالة».
  const counted = await editor.getByText(/\d+ حرفًا — /).textContent();
  const [, units, parts] = counted.match(/(\d+) حرفًا — (.+)$/);
  assert.ok(Number(units) >= 11 && Number(units) <= 99, counted);
  assert.ok(['رسالة واحدة', 'رسالتان', 'رسائل'].some((w) => parts.includes(w)), counted);
  await text.fill('نعتذر {reference} {code}');
  await editor.getByText('النص يذكر قيمة بين قوسين').waitFor();
  assert.equal(await editor.getByRole('button', { name: 'حفظ نسخة جديدة' }).isDisabled(), true);
  await text.fill('نعتذر عن قبول طلبك {reference}: {reason}. للاستفسار اتصل بنا.');
  await editor.getByRole('button', { name: 'حفظ نسخة جديدة' }).click();
  await editor.getByText('حُفظ الإصدار 1').waitFor();
  await editor.getByText('الإصدارات السابقة').click();
  await shot(page, 'message-texts-phone');
  await context.close();
});
