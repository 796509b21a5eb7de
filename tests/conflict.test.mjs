// Two tablets at one outreach point change the same draft offline: changes to different
// fields both stand, the one field both changed keeps both values until a person chooses,
// and a draft thrown away on one tablet leaves the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TABLET, fillApplicant, newDevice, shot, signIn, startRequest, waitForDevice, waitSaved,
  waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();
const NAME = 'حسن علي محمد المدخلي';

/** Opens the request named `name` from the list, after a sync has brought what changed. */
async function openFromList(page, name) {
  await page.goto(new URL('/', page.url()).href);
  await waitSynced(page);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByLabel('الاسم الأول').waitFor();
}

test('a field changed on two tablets offline keeps both values until someone chooses', async () => {
  const a = await newDevice(env.browser, TABLET);
  const b = await newDevice(env.browser, TABLET);
  await signIn(a.page, env.server.url, 'officer.sabya');
  await startRequest(a.page);
  await fillApplicant(a.page);
  await waitSaved(a.page);
  await waitSynced(a.page);
  await signIn(b.page, env.server.url, 'officer.sabya');
  await openFromList(b.page, NAME);

  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await a.page.getByLabel('المركز أو القرية').fill('الشقيري');
  await waitSaved(a.page);
  await b.page.getByLabel('المركز أو القرية').fill('العارضة');
  await b.page.getByLabel('وصف العنوان').fill('خلف مدرسة القرية');
  await waitSaved(b.page);

  await a.context.setOffline(false);
  await waitSynced(a.page);
  await b.context.setOffline(false);
  await waitSynced(b.page);
  await openFromList(b.page, NAME);

  const panel = b.page.getByRole('region', { name: 'قيم متعارضة' });
  await panel.waitFor();
  const item = panel.locator('li.conflict[data-path="applicant.centre"]');
  await item.getByText('الشقيري', { exact: true }).waitFor();
  await item.getByText('العارضة', { exact: true }).waitFor();
  assert.match(await item.textContent(), /أحمد العطاس/, 'who gave each value');
  assert.match(await item.textContent(), /جهاز \u2066…\w{4}\u2069/, 'and on which device');
  // The field both did not change stands as typed.
  assert.equal(await b.page.getByLabel('وصف العنوان').inputValue(), 'خلف مدرسة القرية');
  await shot(b.page, 'conflict-tablet');

  await item.locator('li.candidate', { hasText: 'العارضة' })
    .getByRole('button', { name: 'اعتماد هذه القيمة' }).click();
  await panel.waitFor({ state: 'detached' });
  assert.equal(await b.page.getByLabel('المركز أو القرية').inputValue(), 'العارضة');
  await waitSaved(b.page);
  await waitSynced(b.page);

  // The other tablet hears of the choice, and of the address typed on the first.
  await a.page.goto(new URL('/', a.page.url()).href);
  await waitForDevice(a.page, (centre) => window.userDb().then((db) => new Promise((ok) => {
    const all = db.transaction(['cases']).objectStore('cases').getAll();
    all.onsuccess = () => {
      db.close();
      ok(all.result.some((c) => c.case.request.applicant.centre === centre));
    };
  })), 'العارضة');
  await openFromList(a.page, NAME);
  assert.equal(await a.page.getByLabel('المركز أو القرية').inputValue(), 'العارضة');
  assert.equal(await a.page.getByLabel('وصف العنوان').inputValue(), 'خلف مدرسة القرية');
  assert.equal(await a.page.getByRole('region', { name: 'قيم متعارضة' }).count(), 0);

  // Thrown away on one tablet, the draft leaves the other at its next sync.
  a.page.once('dialog', (d) => d.accept());
  await a.page.getByRole('button', { name: 'حذف المسودة' }).click();
  await a.page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  await waitSynced(a.page);
  await a.page.getByRole('link', { name: NAME, exact: true }).waitFor({ state: 'detached' });
  await b.page.goto(new URL('/', b.page.url()).href);
  await waitSynced(b.page);
  await b.page.getByRole('link', { name: NAME, exact: true }).waitFor({ state: 'detached' });
  await a.context.close();
  await b.context.close();
});
