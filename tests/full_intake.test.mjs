// An officer's whole intake on a tablet, as the policy has it (H1–H5): a household of three,
// two documents attached from files and checked against their originals, the declaration
// signed on the pad, the request submitted, and a receipt with the Hijri answer date —
// once with the network and once without it, then synced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FURNISHING_DOCUMENTS, TABLET, attachChecked, deviceData, drawSignature, fillFurnishingRequest, hijriAfter, indicator, newDevice, nextStep, shot, signIn, startRequest, waitOfflineReady,
  waitSaved, waitSynced, useServerAndBrowser, haveCount,
} from './support.mjs';

const env = useServerAndBrowser();

async function intake(page, size) {
  await startRequest(page);
  await fillFurnishingRequest(page, { 'الاسم الأول': 'صالح', 'رقم الهوية الوطنية أو الإقامة': '1102456785' });
  await nextStep(page, 'المستندات');

  // The checklist follows the request: two documents, each attached from a file.
  const rows = page.getByRole('listitem').filter({ has: page.locator('.document-head') });
  await page.locator('[data-kind="family_register"]').waitFor();
  assert.deepEqual(await page.locator('.document .badge').allTextContents(), ['مطلوب', 'مطلوب']);
  for (const row of await attachChecked(page, FURNISHING_DOCUMENTS)) {
    await row.getByText('طوبق مع الأصل: أحمد العطاس').waitFor();
  }
  await haveCount(rows, 3); // two required documents and an optional other
  await waitSaved(page);
  // The photos were downscaled on the device: the long side is at most 1600 pixels.
  const sides = await page.evaluate(() => window.userDb().then((db) => new Promise((ok) => {
    const read = db.transaction('attachments').objectStore('attachments').getAll();
    read.onsuccess = async () => {
      const out = [];
      for (const f of read.result) {
        const full = await createImageBitmap(f.blob);
        const thumb = await createImageBitmap(f.thumb);
        out.push([Math.max(full.width, full.height), Math.max(thumb.width, thumb.height), f.blob.type]);
      }
      db.close();
      ok(out);
    };
  })));
  assert.deepEqual(sides.sort(), [[1600, 240, 'image/jpeg'], [1600, 240, 'image/jpeg']]);
  await shot(page, `intake-documents-${size}`);

  await nextStep(page, 'الإقرار والتقديم');
  await page.getByText('أقرّ أنا مقدم الطلب بأن جميع البيانات').waitFor();
  // Not signed yet: the submission says why it cannot go.
  await page.getByText('لم يوقّع مقدم الطلب على الإقرار').waitFor();
  assert.equal(await page.getByRole('button', { name: 'تقديم الطلب' }).isDisabled(), true);
  await drawSignature(page);
  await page.getByRole('button', { name: 'اعتماد التوقيع' }).click();
  await page.locator('[data-signed="true"]').getByText('بحضور أحمد العطاس').waitFor();
  await shot(page, `intake-signed-${size}`);
  await page.getByRole('button', { name: 'تقديم الطلب' }).click();

  await page.getByRole('heading', { name: 'إيصال تقديم طلب دعم' }).waitFor();
  const reference = (await page.locator('.receipt-reference').textContent()).trim();
  assert.match(reference, /^\d+-\d{4}-\d$/);
  // The answer is expected 14 days after the submission, in Gregorian and Umm al-Qura Hijri.
  await page.locator('.receipt-submitted .hijri').getByText(hijriAfter(0)).waitFor();
  await page.locator('.receipt-expected .hijri').getByText(hijriAfter(14)).waitFor();
  return reference;
}

test('an officer takes, checks, has signed and submits a whole request (online)', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  const reference = await intake(page, 'online');
  await waitSynced(page);
  await page.getByText('حُفظ الطلب على هذا الجهاز وسيُرسل عند الاتصال').waitFor({ state: 'detached' });
  await shot(page, 'receipt-tablet');
  // The text message carries the reference and both calendars.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'نسخ نص الرسالة' }).click();
  const message = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(message.includes(reference) && message.includes(hijriAfter(14)), message);

  // On the server: submitted, both files there, both documents verified.
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  const { cases } = await deviceData(head.page);
  const seen = cases.find((c) => c.reference === reference);
  assert.equal(seen.status, 'submitted');
  assert.equal(seen.request.household.length, 3);
  assert.ok(Object.values(seen.documents).every((d) => d.verified && d.attachments.length === 1));
  assert.equal(seen.attestation.version, 2);
  await head.context.close();
  await context.close();
});

test('the same intake with no network is kept, then synced with its files', async () => {
  const officer = await newDevice(env.browser, TABLET);
  const page = officer.page;
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await waitOfflineReady(page);
  await env.server.kill();
  await officer.context.setOffline(true);
  await indicator(page).getByText('غير متصل').waitFor();

  const reference = await intake(page, 'offline');
  await page.getByText('حُفظ الطلب على هذا الجهاز وسيُرسل عند الاتصال').waitFor();
  await shot(page, 'receipt-offline-tablet');

  await env.server.up();
  await officer.context.setOffline(false);
  await waitSynced(page);
  await page.getByText('حُفظ الطلب على هذا الجهاز وسيُرسل عند الاتصال').waitFor({ state: 'detached' });

  // The head office opens the documents, which came up with the request.
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  const item = head.page.getByRole('listitem').filter({ hasText: reference });
  await item.getByText('مقدَّم').waitFor();
  await item.getByRole('link', { name: /صالح/ }).click();
  await head.page.getByRole('button', { name: /المستندات/ }).click();
  await head.page.locator('[data-kind="national_id_copy"] .thumb a').waitFor();
  await head.context.close();
  await officer.context.close();
});
