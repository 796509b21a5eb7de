// An applicant's draft on a phone survives a reload mid-form, and is resumed from the list
// on the step it was left at, with everything typed; a new request opened and left behind
// leaves nothing; and what was typed is sent once its request is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HOUSEHOLD, PHONE, TABLET, addMember, deviceData, fillApplicant, fillHousehold, newDevice, nextStep, shot, signIn,
  startRequest, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

test('a draft survives a reload mid-form and is resumed from the list', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'applicant');
  await waitSynced(page);

  await startRequest(page);
  // Self-service requests come through the website channel; the applicant is not asked.
  assert.equal(await page.getByLabel('قناة التواصل').count(), 0);
  // A blank draft has no step done: the household and the income are not yet answered,
  // though nothing in them is wrong.
  const state = (step) => page.locator(`[data-step="${step}"] .step-state`);
  for (const step of ['household', 'income']) {
    assert.equal((await state(step).textContent()).trim(), '–', `${step} not answered yet`);
  }
  await fillApplicant(page);
  await nextStep(page, 'الأسرة');
  await fillHousehold(page, HOUSEHOLD.slice(0, 2));
  // Half of the third member is typed when the phone reloads the page.
  await (await addMember(page)).getByLabel('الاسم الكامل').fill('نورة حسن');
  await waitSaved(page);
  const url = page.url();
  await page.reload();

  const member = (n) => page.getByRole('listitem', { name: `الفرد ${n}`, exact: true });
  await member(3).waitFor();
  assert.equal(page.url(), url, 'the same step');
  assert.equal(await member(3).getByLabel('الاسم الكامل').inputValue(), 'نورة حسن');
  assert.equal(await member(1).getByLabel('الاسم الكامل').inputValue(), HOUSEHOLD[0].name);
  // A resumed draft says what its steps still miss: the third member's relation and more.
  assert.notEqual((await page.locator('[data-step="household"] .step-state').textContent()).trim(), '✓');
  await page.getByText('ما زال ناقصًا في هذه الخطوة:').waitFor();
  await shot(page, 'draft-resumed-phone');
  // A step no one has written in yet stays quiet after the reload: no field is red there
  // until it is left or the request is handed in.
  await page.locator('[data-step="housing"]').click();
  await page.locator('.step-body legend', { hasText: 'السكن' }).waitFor();
  assert.equal(await page.locator('.step-body .field.invalid').count(), 0);
  assert.equal(await page.locator('.step-body').getByText('هذا الحقل مطلوب').count(), 0);
  await page.locator('[data-step="household"]').click();
  await page.locator('.step-body legend', { hasText: 'الأسرة' }).waitFor();

  // From the list, the draft opens again with the applicant's name.
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  const item = page.getByRole('listitem').filter({ hasText: 'حسن علي محمد المدخلي' });
  await item.getByText('يُستكمل').waitFor();
  await shot(page, 'draft-in-list-phone');
  await item.getByRole('link', { name: 'حسن علي محمد المدخلي' }).click();
  assert.equal(await page.getByLabel('الاسم الأول').inputValue(), 'حسن');
  // Typed, and the page left at once: the change is still written.
  await page.getByLabel('المركز أو القرية').fill('الشقيري');
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await item.getByRole('link', { name: 'حسن علي محمد المدخلي' }).click();
  assert.equal(await page.getByLabel('المركز أو القرية').inputValue(), 'الشقيري');
  assert.equal(await page.getByLabel('رقم الهوية الوطنية أو الإقامة').inputValue(), '١٠٧٧٨٨٩٩٠٣');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await shot(page, 'applicant-step-phone');
  await context.close();
});

test('a new request opened and left leaves no draft and keeps its number for the next', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  const before = (await deviceData(page)).cases.length;
  const reference = async () => (await page.locator('.reference').textContent()).trim();

  // Opened, looked through and left: nothing on the device, nothing in the list.
  await startRequest(page);
  const number = await reference();
  assert.match(number, /^\d+-\d{4}-\d$/, 'the number it will take shows at once');
  await page.locator('[data-step="household"]').click();
  await page.locator('.step-body legend', { hasText: 'الأسرة' }).waitFor();
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await page.getByRole('link', { name: 'طلب جديد' }).waitFor();
  assert.equal(await page.getByText('طلب بلا اسم بعد').count(), 0);
  assert.equal((await deviceData(page)).cases.length, before);

  // Thrown away before anything was typed: still nothing, and no number used.
  await startRequest(page);
  assert.equal(await reference(), number);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'حذف المسودة' }).click();
  await page.getByRole('link', { name: 'طلب جديد' }).waitFor();
  assert.equal((await deviceData(page)).cases.length, before);

  // The first letter typed keeps the request, under the same number.
  await startRequest(page);
  assert.equal(await reference(), number);
  await page.getByLabel('الاسم الأول').fill('سارة');
  await waitSaved(page);
  const { cases } = await deviceData(page);
  assert.equal(cases.length, before + 1);
  const made = cases.find((c) => c.request.applicant.first_name === 'سارة');
  assert.ok(made, 'kept with what was typed');
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await page.getByRole('listitem').filter({ hasText: 'سارة' }).first().waitFor();
  // The next new request takes the next number.
  await startRequest(page);
  assert.notEqual(await reference(), number);
  await context.close();
});

test('typing is sent when its request is left or the tablet put down, not only once it pauses', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  // The page's clock is the test's to stop: stopped, typing's pause never ends, so only
  // leaving can send what was typed.
  await context.clock.install();
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  const pushed = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/sync/push')) pushed.push(...JSON.parse(r.postData()).mutations);
  });
  const sent = (name) => page.waitForRequest((r) => r.url().endsWith('/api/sync/push')
    && JSON.parse(r.postData()).mutations.some((m) => JSON.stringify(m.op).includes(name)));

  await startRequest(page);
  await context.clock.pauseAt(await page.evaluate(() => Date.now()) + 1000);
  await page.getByLabel('الاسم الأول').fill('مريم');
  await waitSaved(page);
  assert.equal(pushed.length, 0, 'typing waits for its pause');
  // Back to the list: the request is left, and what was typed goes at once.
  const created = sent('مريم');
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await created;
  await waitSynced(page);

  // Typing again, and the tablet put down (the page hidden) before typing pauses. The
  // clock runs while the request opens: its step is drawn after the tap's paint.
  await context.clock.resume();
  await page.getByRole('link', { name: 'مريم', exact: true }).click();
  await page.getByLabel('اسم الأب').waitFor();
  await context.clock.pauseAt(await page.evaluate(() => Date.now()) + 1000);
  await page.getByLabel('اسم الأب').fill('عبده');
  await waitSaved(page);
  const before = pushed.length;
  const edited = sent('عبده');
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await edited;
  assert.equal(pushed.length, before + 1, 'one push, of the typing');
  await waitSynced(page);
  await context.close();
});
