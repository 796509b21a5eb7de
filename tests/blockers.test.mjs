// What stops a submission shows all at once, from any step, each a link to its field; a
// signed request says before a change that the change takes the signature away; the
// photos of the home are not checked against an original; a new household member stays
// quiet until its fields are left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FURNISHING_DOCUMENTS, PHONE, TABLET, addMember, attachChecked, drawSignature, fillRequest, fixture, newDevice, nextStep, shot,
  signIn, startRequest, waitSaved, waitSynced, useServerAndBrowser, haveCount,
} from './support.mjs';

const env = useServerAndBrowser();

test('every blocker shows at once from any step and leads to its field', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await startRequest(page);
  // A request for restoring an owned home: it needs the ID, the family register, the
  // income proof, the deed and photos of the home.
  await fillRequest(page);
  // The ID says citizen; the nationality now says resident.
  await page.locator('[data-step="applicant"]').click();
  await page.getByLabel('الجنسية', { exact: true }).selectOption({ label: 'مقيم' });
  await waitSaved(page);
  await page.locator('[data-step="income"]').click();
  await page.locator('.step-body legend', { hasText: 'الدخل' }).waitFor();

  // From the income step: everything, at once — missing documents and their originals
  // together, the nationality, the signature.
  const blockers = page.locator('details.blockers');
  await blockers.locator('summary').click();
  const items = blockers.getByRole('listitem');
  await items.first().waitFor();
  const texts = await items.allTextContents();
  assert.ok(texts.some((t) => t.includes('مستندات ناقصة')), texts.join('\n'));
  assert.ok(texts.some((t) => t.includes('لم يُتحقق من مطابقة الأصل')), 'unchecked originals shown with the missing ones');
  assert.ok(texts.some((t) => t.includes('الجنسية')), 'the nationality is named');
  assert.ok(texts.some((t) => t.includes('لم يوقّع مقدم الطلب')), 'and the signature');
  const unchecked = texts.find((t) => t.includes('لم يُتحقق من مطابقة الأصل'));
  assert.ok(!unchecked.includes('صور المسكن'), 'the photos of the home have no original to check');
  assert.match(await blockers.locator('summary').textContent(), /ما يمنع تقديم الطلب بعد: 4 أمور/);
  await shot(page, 'blockers-open-tablet');

  // Each is a link to its field: the nationality opens the applicant's step, focused on it.
  await blockers.getByRole('button', { name: /الجنسية/ }).click();
  await page.locator('.step-body legend', { hasText: 'مقدم الطلب' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'nationality');
  await page.getByLabel('الجنسية', { exact: true }).selectOption({ label: 'سعودي' });
  await waitSaved(page);
  // The list stays open on the way; the documents item opens the checklist on the first
  // missing document.
  assert.equal(await page.locator('details.blockers').getAttribute('open'), '');
  await page.locator('details.blockers').getByRole('button', { name: /مستندات ناقصة/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'document-national_id_copy');

  // The photos of the home, once attached, are done: no "checked against the original".
  const photos = page.locator('[data-kind="house_photos"]');
  await page.getByLabel('اختيار ملف: صور المسكن').setInputFiles(fixture('id-card.jpg'));
  await photos.locator('.thumb img').waitFor();
  await photos.getByText('مرفق', { exact: true }).waitFor();
  assert.equal(await photos.getByLabel('طابقتُه مع الأصل').count(), 0);
  await attachChecked(page, [
    ...FURNISHING_DOCUMENTS,
    ['income_proof', 'إثبات الدخل', 'id-card.jpg'],
    ['property_deed', 'صك ملكية المسكن', 'family-register.jpg'],
    ['medical_report', 'تقرير طبي', 'id-card.jpg'],
  ]);
  await waitSaved(page);

  // Signed: every step with the request's data says first that a change there takes the
  // signature away.
  await nextStep(page, 'الإقرار والتقديم');
  await drawSignature(page);
  await page.getByRole('button', { name: 'اعتماد التوقيع' }).click();
  await page.locator('[data-signed="true"]').waitFor();
  assert.equal(await page.locator('details.blockers').count(), 0, 'nothing stops it now');
  await page.locator('[data-step="applicant"]').click();
  const note = page.locator('.signed-note');
  await note.getByText('أي تعديل في بيانات الطلب يلغي توقيعه').waitFor();
  await shot(page, 'signed-note-tablet');
  // The change made anyway says that it took the signature, and it is asked for again.
  await page.getByLabel('المركز أو القرية', { exact: true }).fill('الشقيري');
  await note.getByText('أُلغي توقيع مقدم الطلب لأن بيانات الطلب تغيّرت بعده').waitFor();
  await shot(page, 'signature-taken-tablet');
  await page.locator('details.blockers summary').click();
  await page.locator('details.blockers').getByText('لم يوقّع مقدم الطلب على الإقرار').waitFor();
  // In English, the same list in English words, counted as English counts.
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('details.blockers summary', { hasText: /^Still stopping the submission: (1 thing|\d+ things)$/ }).waitFor();
  await page.locator('details.blockers').getByText('The applicant has not signed the declaration').waitFor();
  await page.locator('.signed-note').getByText('must sign again').waitFor();
  await shot(page, 'blockers-english-tablet');
  await context.close();
});

test('a field shows its error once left; a new household member stays quiet until then', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'applicant');
  await waitSynced(page);
  await startRequest(page);
  // Nothing is red before anything is left; a field left empty says so at once.
  assert.equal(await page.locator('.step-body').getByText('هذا الحقل مطلوب').count(), 0);
  await page.getByLabel('الاسم الأول', { exact: true }).focus();
  await page.getByLabel('اسم الأب', { exact: true }).focus();
  await page.locator('#first_name-error').getByText('هذا الحقل مطلوب').waitFor();
  await haveCount(page.locator('.step-body').getByText('هذا الحقل مطلوب'), 1);
  await nextStep(page, 'الأسرة');
  // The step was left once: its fields' errors show from then on, but not a new member's.
  await nextStep(page, 'الدخل');
  await page.locator('[data-step="household"]').click();
  await page.locator('.step-body legend', { hasText: 'الأسرة' }).waitFor();
  const card = await addMember(page);
  assert.equal(await card.getByText('هذا الحقل مطلوب').count(), 0, 'no error before anything is left');
  await shot(page, 'new-member-quiet-phone');
  // The relation is focused first; leaving it empty shows its error alone.
  await page.waitForFunction(() => document.activeElement?.id === 'member-0-relation');
  await card.getByLabel('الاسم الكامل').focus();
  await card.locator('#member-0-relation-error').getByText('هذا الحقل مطلوب').waitFor();
  await haveCount(card.getByText('هذا الحقل مطلوب'), 1);
  // Going on shows all of them.
  await nextStep(page, 'الدخل');
  await page.locator('[data-step="household"]').click();
  const again = page.getByRole('listitem', { name: 'الفرد 1', exact: true });
  await again.getByText('هذا الحقل مطلوب').nth(1).waitFor();
  // What stops the submission opens from here too, fitting the phone.
  await page.locator('details.blockers summary').click();
  await page.locator('details.blockers li').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(page, 'blockers-phone');
  await context.close();
});
