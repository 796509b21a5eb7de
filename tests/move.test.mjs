// A family moved: Sabya's officer moves their request to Abu Arish with a reason. It leaves
// the Sabya tablet at its next sync and reaches the Abu Arish officer's device, whose
// timeline shows the move; the applicant is texted where their request is followed now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  PHONE, TABLET, artifacts, deviceData, newDevice, shot, signIn, syncWhenIdle, waitForDevice, waitSynced,
  useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();
const SEEDED = 'محمد يحيى علي الفيفي';

test('a request moved from Sabya to Abu Arish leaves one tablet and reaches the other', async () => {
  const sabya = await newDevice(env.browser, TABLET);
  const s = sabya.page;
  await signIn(s, env.server.url, 'officer.sabya');
  await waitSynced(s);
  const abuArish = await newDevice(env.browser, PHONE);
  const a = abuArish.page;
  await signIn(a, env.server.url, 'officer.abuarish');
  await waitSynced(a);
  assert.equal(await a.getByText(SEEDED).count(), 0, 'not Abu Arish\'s yet');

  await s.getByRole('link', { name: SEEDED, exact: true }).click();
  const form = s.getByRole('form', { name: 'نقل الطلب إلى نقطة أخرى' });
  // Its own point is not offered, and a reason is required. The points are read from the
  // device after the form is drawn: their list is complete once the other point is in it.
  await form.getByLabel('النقطة التي يُنقل إليها').locator('option', { hasText: 'نقطة أبو عريش' })
    .waitFor({ state: 'attached' });
  const offered = await form.getByLabel('النقطة التي يُنقل إليها').locator('option').allTextContents();
  assert.ok(offered.includes('نقطة أبو عريش'), offered.join());
  assert.ok(!offered.includes('نقطة صبيا'), offered.join());
  await form.getByLabel('النقطة التي يُنقل إليها').selectOption({ label: 'نقطة أبو عريش' });
  await form.getByRole('button', { name: 'نقل الطلب' }).click();
  await form.getByRole('alert').getByText('السبب: هذا الحقل مطلوب').waitFor();
  await form.getByLabel('سبب النقل').fill('انتقلت الأسرة للسكن في أبو عريش');
  await shot(s, 'move-form-tablet');
  await form.getByRole('button', { name: 'نقل الطلب' }).click();
  const timeline = s.getByRole('region', { name: 'مراحل الطلب' });
  await timeline.getByText('نُقل من نقطة صبيا إلى نقطة أبو عريش').waitFor();

  // At its next sync it leaves the Sabya tablet.
  await s.getByRole('link', { name: 'كل الطلبات' }).click();
  await waitSynced(s);
  await syncWhenIdle(s);
  await waitSynced(s);
  await s.getByRole('link', { name: SEEDED, exact: true }).waitFor({ state: 'detached' });
  await waitForDevice(s, async () => {
    const db = await window.userDb();
    const all = await new Promise((ok) => {
      const r = db.transaction('cases').objectStore('cases').getAll();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return !all.some((c) => c.case.request.applicant.family_name === 'الفيفي');
  });

  // It reaches the Abu Arish officer, with the move on its timeline.
  await syncWhenIdle(a);
  await waitSynced(a);
  await a.getByRole('link', { name: SEEDED, exact: true }).click();
  const moved = a.getByRole('region', { name: 'مراحل الطلب' });
  await moved.getByText('نُقل من نقطة صبيا إلى نقطة أبو عريش').waitFor();
  await moved.getByText('انتقلت الأسرة للسكن في أبو عريش', { exact: false }).waitFor();
  const overflow = await a.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(a, 'moved-request-phone');
  await moved.screenshot({ path: join(artifacts, 'moved-timeline-phone.png') });
  const { cases } = await deviceData(a);
  assert.ok(cases.some((c) => c.request.applicant.family_name === 'الفيفي'
    && c.outreach_point.id === 'abu_arish'));

  // The applicant is texted where their request is followed now.
  await env.gateway.find((m) => m.to === '966551234567' && m.body.includes('نقطة أبو عريش'),
    { what: 'the message that the request moved' });

  await sabya.context.close();
  await abuArish.context.close();
});
