// The life of a request (H1–H7), each role on its own tablet: the officer takes the
// request and assigns a researcher, the researcher reports the visit and sends it to the
// committee, the committee accepts it in a meeting — reaching the officer's open page by
// sync — and the officer registers the beneficiary, records two services and closes the
// file; and a rejection with its reason reaches the applicant's phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  PHONE, TABLET, artifacts, drawSignature, fillFurnishingRequest, fixture, newDevice, nextStep, officerIntake,
  shot, signIn, startRequest, syncNow, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();
// The applicant of the whole-case journey, taken at the Sabya point.
const NAME = 'صالح علي محمد المدخلي';

/** Opens the request named `name` from the list, after a sync. */
async function open(page, name) {
  await page.goto(new URL('/', page.url()).href);
  await waitSynced(page);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name: 'متابعة الطلب' }).waitFor();
}

/** Waits until what was just done is saved and sent. */
async function settle(page) {
  await waitSaved(page);
  await syncNow(page);
  await waitSynced(page);
}

test('a request goes from intake to the researcher and the committee, is registered, served and closed', async () => {
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  const reference = await officerIntake(officer.page, { 'الاسم الأول': 'صالح', 'رقم الهوية الوطنية أو الإقامة': '1102456785' });
  await open(officer.page, NAME);
  assert.equal((await officer.page.locator('.page-head .reference').textContent()).trim(), reference);
  const assign = officer.page.getByRole('form', { name: 'إحالة إلى باحث اجتماعي' });
  await assign.getByLabel('الباحث الاجتماعي').selectOption({ label: 'خالد المدخلي' });
  await assign.getByRole('button', { name: 'إحالة للبحث' }).click();
  await officer.page.getByRole('region', { name: 'البحث الاجتماعي' }).getByText('خالد المدخلي').waitFor();
  await settle(officer.page);

  // The researcher's tablet is at the home, in Sabya.
  const researcher = await newDevice(env.browser, TABLET, {
    geolocation: { latitude: 17.1495, longitude: 42.6254, accuracy: 8 },
    permissions: ['geolocation'],
  });
  await signIn(researcher.page, env.server.url, 'researcher');
  await open(researcher.page, NAME);
  let report = researcher.page.getByRole('form', { name: 'تقرير الزيارة الميدانية' });
  await report.getByRole('button', { name: 'حفظ تقرير الزيارة' }).click();
  await report.getByRole('alert').getByText('نتائج الزيارة').waitFor();
  await report.getByLabel('نتائج الزيارة').fill('تشققات في السقف وتسرب مياه في غرفتين');
  await report.getByLabel('اختيار صور للزيارة').setInputFiles(fixture('family-register.jpg'));
  const photos = report.getByRole('group', { name: 'صور الزيارة' });
  await photos.locator('li.thumb img').waitFor();
  await report.getByRole('button', { name: 'تحديد الموقع من الجهاز' }).click();
  await report.getByText('17.14950, 42.62540 (±8 m)').waitFor();
  // The report half written survives the page closing: it is kept on the tablet as typed.
  await researcher.page.reload();
  report = researcher.page.getByRole('form', { name: 'تقرير الزيارة الميدانية' });
  await report.getByText('17.14950, 42.62540 (±8 m)').waitFor();
  assert.equal(await report.getByLabel('نتائج الزيارة').inputValue(), 'تشققات في السقف وتسرب مياه في غرفتين');
  await report.getByRole('group', { name: 'صور الزيارة' }).locator('li.thumb img').waitFor();
  await report.getByLabel('توصية الباحث').selectOption('support');
  await report.screenshot({ path: join(artifacts, 'visit-report-tablet.png') });
  await report.getByRole('button', { name: 'حفظ تقرير الزيارة' }).click();
  // Said beside the button, where the researcher is looking.
  await report.getByRole('status').getByText('✓ حُفظ التقرير على هذا الجهاز').waitFor();
  const research = researcher.page.getByRole('region', { name: 'البحث الاجتماعي' });
  await research.getByText('تشققات في السقف وتسرب مياه في غرفتين').waitFor();
  await research.getByRole('list', { name: 'صور الزيارة' }).locator('img').waitFor();
  assert.equal(await research.getByRole('link', { name: '17.14950, 42.62540 (±8 m)' }).getAttribute('href'),
    'geo:17.149500,42.625400');
  await report.getByRole('button', { name: 'إرسال إلى لجنة البحث' }).click();
  await researcher.page.getByRole('region', { name: 'مراحل الطلب' })
    .locator('li[data-status="at_committee"]').waitFor();
  await settle(researcher.page);
  await shot(researcher.page, 'visit-reported-tablet');

  const committee = await newDevice(env.browser, TABLET);
  await signIn(committee.page, env.server.url, 'committee');
  await open(committee.page, NAME);
  // The request on one screen: who, the household, the home, what is asked, the documents.
  const summary = committee.page.getByRole('region', { name: 'ملخص الطلب' });
  await summary.getByText(`${NAME} — 1102456785`).waitFor();
  await summary.getByText('4 مع مقدم الطلب').waitFor();
  await summary.getByText('تأثيث، أجهزة منزلية — عادية').waitFor();
  await summary.getByText('2 / 2').waitFor();
  // The visit's photo, sent by the researcher's tablet, opens on the committee's.
  await committee.page.getByRole('region', { name: 'البحث الاجتماعي' })
    .getByRole('list', { name: 'صور الزيارة' }).locator('img').waitFor();
  const decision = committee.page.getByRole('form', { name: 'قرار لجنة البحث' });
  await decision.getByLabel('القرار', { exact: true }).selectOption('accept');
  // No meeting is recorded yet: the first is suggested, held today.
  await committee.page.waitForFunction(() => document.getElementById('meeting-number')?.value === '1');
  await decision.getByLabel('رقم الاجتماع').fill('١٢');
  await shot(committee.page, 'committee-decision-tablet');
  // Before it is recorded: the decision, the meeting, and the text the applicant receives.
  await decision.getByRole('button', { name: 'مراجعة القرار قبل تسجيله' }).click();
  const review = decision.getByRole('group', { name: 'مراجعة القرار' });
  await review.getByText('رقم 12 بتاريخ').waitFor();
  await review.locator('blockquote.sms-preview').getByText(/قُبل طلبك .+، وسنتواصل معك/).waitFor();
  await shot(committee.page, 'committee-decision-review-tablet');
  await review.getByRole('button', { name: 'تأكيد وتسجيل القرار' }).click();
  await committee.page.getByRole('region', { name: 'قرار لجنة البحث' }).getByText('قبول الطلب').waitFor();
  await settle(committee.page);
  // Decided, the request leaves the committee's agenda and its tablet.
  await committee.page.goto(new URL('/', committee.page.url()).href);
  await waitSynced(committee.page);
  await committee.page.getByRole('link', { name: NAME, exact: true }).waitFor({ state: 'detached' });
  await committee.context.close();
  await researcher.context.close();

  // The officer's page stayed open on the request: a sync brings the decision into it.
  await officer.page.getByRole('button', { name: 'زامن الآن' }).click();
  await officer.page.getByRole('region', { name: 'قرار لجنة البحث' }).getByText('قبول الطلب').waitFor();
  await officer.page.getByRole('button', { name: 'تسجيل المستفيد' }).click();
  const service = officer.page.getByRole('form', { name: 'تسجيل خدمة مقدمة' });
  await service.waitFor();
  const delivered = officer.page.getByRole('region', { name: 'الخدمات المقدمة' });
  // The second service is typed at once, while the first is still being saved: the first
  // turning the request into "service delivered" must not redraw the form under the
  // officer's hands and lose what is typed in it.
  for (const [kind, amount] of [['restoration', '18000'], ['furnishing', '٤٥٠٠']]) {
    await service.getByLabel('نوع الخدمة').selectOption(kind);
    await service.getByLabel('المبلغ (ريال)').fill(amount);
    await service.getByLabel('المورد أو المقاول').fill('مؤسسة الإعمار');
    await service.getByRole('button', { name: 'تسجيل الخدمة' }).click();
  }
  await waitSaved(officer.page);
  await delivered.locator('li.service').nth(1).waitFor();
  assert.match(await delivered.textContent(), /18000\.00/);
  assert.match(await delivered.textContent(), /4500\.00/);
  await officer.page.getByRole('button', { name: 'إغلاق الطلب' }).click();
  const timeline = officer.page.getByRole('region', { name: 'مراحل الطلب' });
  await timeline.locator('li[data-status="closed"]').waitFor();
  const steps = await timeline.locator('li').evaluateAll((items) => items.map((i) => i.dataset.status));
  assert.deepEqual(steps, ['submitted', 'under_research', 'at_committee', 'accepted',
    'registered', 'service_delivered', 'closed']);
  await settle(officer.page);
  await shot(officer.page, 'case-closed-tablet');
  await officer.context.close();
});

test('a rejection and its reason reach the applicant on a phone', async () => {
  const phone = await newDevice(env.browser, PHONE);
  await signIn(phone.page, env.server.url, 'applicant');
  await startRequest(phone.page);
  await fillFurnishingRequest(phone.page, {
    'الاسم الأول': 'نورة', 'رقم الهوية الوطنية أو الإقامة': '1077112231',
  });
  await nextStep(phone.page, 'المستندات');
  for (const [kind, label, file] of [
    ['national_id_copy', 'صورة الهوية الوطنية أو الإقامة', 'id-card.jpg'],
    ['family_register', 'سجل الأسرة', 'family-register.jpg'],
  ]) {
    await phone.page.getByLabel(`التقاط صورة: ${label}`).setInputFiles(fixture(file));
    await phone.page.locator(`[data-kind="${kind}"][data-state="provided"] .thumb img`).waitFor();
  }
  await waitSaved(phone.page);
  await nextStep(phone.page, 'الإقرار والتقديم');
  await drawSignature(phone.page);
  await phone.page.getByRole('button', { name: 'اعتماد التوقيع' }).click();
  await phone.page.locator('[data-signed="true"]').waitFor();
  await phone.page.getByRole('button', { name: 'تقديم الطلب' }).click();
  await phone.page.getByRole('heading', { name: 'إيصال تقديم طلب دعم' }).waitFor();
  await waitSynced(phone.page);

  // The officer checks the documents against the originals and assigns the researcher.
  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await waitSynced(officer.page);
  await officer.page.getByRole('link', { name: /نورة/ }).click();
  await officer.page.getByRole('button', { name: /المستندات/ }).click();
  for (const kind of ['national_id_copy', 'family_register']) {
    const row = officer.page.locator(`[data-kind="${kind}"]`);
    await row.locator('.thumb img, .thumb a').first().waitFor();
    await row.getByLabel('طابقتُه مع الأصل').check();
    await officer.page.locator(`[data-kind="${kind}"][data-state="verified"]`).waitFor();
  }
  await waitSaved(officer.page);
  const assign = officer.page.getByRole('form', { name: 'إحالة إلى باحث اجتماعي' });
  await assign.getByLabel('الباحث الاجتماعي').selectOption({ label: 'خالد المدخلي' });
  await assign.getByRole('button', { name: 'إحالة للبحث' }).click();
  await settle(officer.page);
  await officer.context.close();

  const researcher = await newDevice(env.browser, TABLET);
  await signIn(researcher.page, env.server.url, 'researcher');
  await researcher.page.goto(new URL('/', researcher.page.url()).href);
  await waitSynced(researcher.page);
  await researcher.page.getByRole('link', { name: /نورة/ }).click();
  const report = researcher.page.getByRole('form', { name: 'تقرير الزيارة الميدانية' });
  await report.getByLabel('نتائج الزيارة').fill('المسكن بحالة جيدة ولا يحتاج إلى ترميم');
  await report.getByLabel('توصية الباحث').selectOption('decline');
  await report.getByRole('button', { name: 'حفظ تقرير الزيارة' }).click();
  await report.getByRole('button', { name: 'إرسال إلى لجنة البحث' }).click();
  await settle(researcher.page);
  await researcher.context.close();

  const committee = await newDevice(env.browser, TABLET);
  await signIn(committee.page, env.server.url, 'committee');
  await committee.page.goto(new URL('/', committee.page.url()).href);
  await waitSynced(committee.page);
  await committee.page.getByRole('link', { name: /نورة/ }).click();
  const decision = committee.page.getByRole('form', { name: 'قرار لجنة البحث' });
  await decision.getByLabel('القرار', { exact: true }).selectOption('reject');
  // Meeting 12 was held today: it is the one suggested.
  await committee.page.waitForFunction(() => document.getElementById('meeting-number')?.value === '12');
  await decision.getByLabel('رقم الاجتماع').fill('5');
  await decision.getByRole('button', { name: 'مراجعة القرار قبل تسجيله' }).click();
  // A rejection without its reasons is refused on the device, in Arabic.
  await decision.getByRole('alert').getByText('أسباب الرفض').waitFor();
  await decision.getByLabel('المسكن لا يحتاج إلى الدعم المطلوب').check();
  await decision.getByLabel('نص القرار أو المعلومات المطلوبة').fill('أفاد تقرير الزيارة بأن المسكن بحالة جيدة.');
  await decision.getByRole('button', { name: 'مراجعة القرار قبل تسجيله' }).click();
  // A number out of sequence is recorded only once it is confirmed knowingly.
  const review = decision.getByRole('group', { name: 'مراجعة القرار' });
  await review.getByText('آخر اجتماع مسجّل رقمه 12، والرقم 5 لا يليه').waitFor();
  await review.locator('blockquote.sms-preview').getByText('المسكن لا يحتاج إلى الدعم المطلوب', { exact: false }).waitFor();
  const record = review.getByRole('button', { name: 'تأكيد وتسجيل القرار' });
  assert.ok(await record.isDisabled());
  await shot(committee.page, 'committee-meeting-doubt-tablet');
  await review.getByRole('button', { name: 'رجوع للتعديل' }).click();
  await decision.getByLabel('رقم الاجتماع').fill('13');
  await decision.getByRole('button', { name: 'مراجعة القرار قبل تسجيله' }).click();
  await review.getByText('رقم 13 بتاريخ').waitFor();
  assert.equal(await review.locator('.meeting-doubt').count(), 0);
  await review.getByRole('button', { name: 'تأكيد وتسجيل القرار' }).click();
  await committee.page.getByRole('region', { name: 'قرار لجنة البحث' }).getByText('رفض الطلب').waitFor();
  await settle(committee.page);
  await committee.context.close();

  await phone.page.goto(new URL('/', phone.page.url()).href);
  await waitSynced(phone.page);
  await phone.page.getByRole('link', { name: /نورة/ }).click();
  const told = phone.page.getByRole('region', { name: 'قرار لجنة البحث' });
  await told.getByText('رفض الطلب').waitFor();
  await told.getByText('المسكن لا يحتاج إلى الدعم المطلوب').waitFor();
  await told.getByText('أفاد تقرير الزيارة بأن المسكن بحالة جيدة.').waitFor();
  await phone.page.getByText('اعتذرت لجنة البحث عن قبول طلبك').waitFor();
  // The applicant reads what concerns them, not the staff's working notes.
  assert.equal(await phone.page.getByRole('region', { name: 'البحث الاجتماعي' }).count(), 0);
  await shot(phone.page, 'rejection-phone');
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone (${width} px)`);
  await phone.context.close();
});
