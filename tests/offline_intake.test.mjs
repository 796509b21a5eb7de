// An officer takes a whole request on a tablet with no network; it survives a reload,
// syncs when the network returns, and the head office sees it with the officer's point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TABLET, deviceData, fillRequest, indicator, newDevice, shot, signIn, startRequest,
  waitOfflineReady, waitSynced, useServerAndBrowser, haveCount,
} from './support.mjs';

const env = useServerAndBrowser();

test('a request taken offline on a tablet reaches the head office', async () => {
  const officer = await newDevice(env.browser, TABLET);
  const page = officer.page;
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await waitOfflineReady(page);
  // The demo's Sabya cases came down; Abu Arish's did not.
  await page.getByText('محمد يحيى علي الفيفي').waitFor();
  assert.equal(await page.getByText('عبد الله أحمد سالم الحكمي').count(), 0);

  // The network goes: the server is gone and the browser knows it.
  await env.server.kill();
  await officer.context.setOffline(true);
  await indicator(page).getByText('غير متصل').waitFor();

  await startRequest(page);
  const reference = (await page.locator('.reference').textContent()).trim();
  assert.match(reference, /^\d+-\d{4}-\d$/, 'a reference number made offline');
  await fillRequest(page);
  for (const step of ['applicant', 'household', 'income', 'housing', 'support']) {
    const state = page.locator(`[data-step="${step}"] .step-state`);
    assert.equal((await state.textContent()).trim(), '✓', `${step} complete`);
  }
  // What stops the submission is counted where it is: the documents, missing and not yet
  // checked against their originals, and the signature.
  assert.equal((await page.locator('[data-step="documents"] .step-state').textContent()).trim(), '2');
  assert.equal((await page.locator('[data-step="attestation"] .step-state').textContent()).trim(), '1');
  await shot(page, 'offline-form-support-tablet');

  // Reload with no network: the app opens from the device, on the same step, with everything.
  await page.reload();
  await page.getByLabel('وصف الاحتياج').waitFor();
  assert.equal(await page.getByLabel('وصف الاحتياج').inputValue(), 'ترميم السقف ودورة المياه');
  await page.getByRole('button', { name: /الأسرة/ }).click();
  await haveCount(page.getByRole('listitem', { name: 'الفرد 3', exact: true }), 1);

  // The outbox holds one creation and one edit of the fields typed, not one per keystroke:
  // each field once, from the value it had to the one typed, the three members' included.
  const { outbox } = await deviceData(page);
  assert.deepEqual(outbox.map((m) => m.op.type), ['create', 'change']);
  const paths = outbox[1].op.changes.map((c) => c.path);
  assert.equal(new Set(paths).size, paths.length, 'each field once');
  const members = new Set(paths.filter((p) => p.startsWith('household.')).map((p) => p.split('.')[1]));
  assert.equal(members.size, 3);
  assert.ok(outbox[1].op.changes.some((c) => c.path === 'support.description'
    && c.to === 'ترميم السقف ودورة المياه'));

  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  const item = page.getByRole('listitem').filter({ hasText: 'حسن علي محمد المدخلي' });
  await item.waitFor();
  await item.getByText('بانتظار الإرسال').waitFor();
  await item.getByText(reference).waitFor();
  await indicator(page).getByText('طلبات بانتظار الإرسال: 1').waitFor();
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await shot(page, 'offline-list-tablet');

  // The network returns: the outbox goes up and nothing waits any more.
  await env.server.up();
  await officer.context.setOffline(false);
  await waitSynced(page);
  await item.getByText('بانتظار الإرسال').waitFor({ state: 'detached' });
  await indicator(page).getByText('متصل', { exact: true }).waitFor();

  // The head office, on another device, sees it with the officer's outreach point.
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  const seen = head.page.getByRole('listitem').filter({ hasText: 'حسن علي محمد المدخلي' });
  await seen.waitFor();
  await seen.getByText('نقطة صبيا').waitFor();
  await seen.getByText('مسودة').waitFor();
  await seen.getByText(reference).waitFor();
  await seen.getByText('1077889903').waitFor();
  await shot(head.page, 'head-office-list-tablet');
  await head.context.close();
  await officer.context.close();
});
