// H3: an officer refers what is unclear to the social researchers; a researcher finds it in
// their list, answers, and the answer shows on the officer's tablet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TABLET, fillApplicant, newDevice, signIn, shot, startRequest, waitSaved, waitSynced,
  useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

test('a question referred to a researcher comes back answered', async () => {
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  await startRequest(officer.page);
  await fillApplicant(officer.page, { 'الاسم الأول': 'زينب' });
  await officer.page.getByLabel('سؤال غير واضح للمستفيد').fill('هل يشمل دعم الترميم المطبخ؟');
  await officer.page.getByRole('button', { name: 'إحالة إلى الباحث الاجتماعي' }).click();
  await officer.page.getByText('بانتظار إجابة الباحث').waitFor();
  await waitSaved(officer.page);
  await waitSynced(officer.page);

  const researcher = await newDevice(env.browser, TABLET);
  await signIn(researcher.page, env.server.url, 'researcher');
  await waitSynced(researcher.page);
  await researcher.page.getByRole('link', { name: /زينب/ }).click();
  // The question is what the researcher came for: it is above the form, in the first screen.
  const answer = researcher.page.getByLabel('الإجابة والشرح');
  await answer.waitFor();
  const [question, steps] = await Promise.all([
    answer.boundingBox(),
    researcher.page.getByRole('navigation', { name: 'خطوات الطلب' }).boundingBox(),
  ]);
  assert.ok(question.y < steps.y, `the question (${question.y}) comes before the form (${steps.y})`);
  assert.ok(question.y < 1180, 'within the tablet\'s first screen');
  await answer.fill('نعم، إذا كان ضمن تقرير الزيارة.');
  await researcher.page.getByRole('button', { name: 'إرسال الإجابة' }).click();
  await researcher.page.getByText('إجابة الباحث:').waitFor();
  await waitSynced(researcher.page);
  await shot(researcher.page, 'referral-answered-tablet');
  await researcher.context.close();

  await officer.page.getByRole('button', { name: 'زامن الآن' }).click();
  await waitSynced(officer.page);
  await officer.page.getByRole('link', { name: 'كل الطلبات' }).click();
  await officer.page.getByRole('link', { name: /زينب/ }).click();
  await officer.page.getByText('نعم، إذا كان ضمن تقرير الزيارة.').waitFor();
  await officer.page.getByText('خالد المدخلي').waitFor();
  await officer.context.close();
});
