// The head office finds a tablet whose work is at risk: its officer typed a request with no
// network, four days went by on the tablet's clock with no finished sync, and when the
// tablet reached the server for a moment (its pushes still breaking off) it told what
// waits on it. Once the work is sent the flag goes; marked lost, the tablet's session ends
// and it is refused when its officer signs in again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, fillApplicant, holdRequests, indicator, newDevice, shot, signIn,
  startRequest, syncWhenIdle, waitOfflineReady, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();
const DAY_MS = 24 * 3600 * 1000;

/** The card of device `number` on the devices page: named by its holder and browser. */
const card = (page, number) => page.getByRole('listitem', { name: new RegExp(`\\(رقم ${number}\\)$`) });

test('the head office finds a tablet at risk, sees it cleared, and marks it lost', async () => {
  const tablet = await newDevice(env.browser, TABLET);
  const t = tablet.page;
  // The tablet's browser does not grant persistent storage, as one not installed may not.
  await tablet.context.addInitScript(() => {
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => false;
  });
  await signIn(t, env.server.url, 'officer.sabya');
  await waitSynced(t);
  await waitOfflineReady(t);
  const number = await t.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('brs-device');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const got = open.result.transaction('meta').objectStore('meta').get('device');
      got.onsuccess = () => { open.result.close(); ok(got.result.value.number); };
    };
  }));

  // No network: a request is typed and kept on the tablet.
  await tablet.context.setOffline(true);
  await indicator(t).getByText('غير متصل').waitFor();
  await startRequest(t);
  await fillApplicant(t);
  await waitSaved(t);

  // Four days go by on the tablet, and it opens again with no network.
  await tablet.context.clock.install({ time: Date.now() + 4 * DAY_MS });
  await t.reload();
  await t.getByLabel('الاسم الأول').waitFor();

  // A weak network: the tablet reaches the server, but every push breaks off.
  await t.route('**/api/sync/push', (route) => route.abort('connectionreset'));
  const reported = t.waitForResponse((r) => r.url().endsWith('/api/device') && r.status() === 200);
  await tablet.context.setOffline(false);
  await reported;
  await indicator(t).and(t.locator('[data-syncing="false"]')).waitFor();
  assert.notEqual(await indicator(t).getAttribute('data-pending'), '0', 'the request waits');

  // The head office sees the tablet first, flagged, with whom to call.
  const office = await newDevice(env.browser, TABLET);
  const o = office.page;
  await signIn(o, env.server.url, 'head');
  // The points' names come after the list, as on a slow network: the point to call is
  // named once they arrive.
  const namesCome = await holdRequests(o, '**/api/outreach-points');
  await o.getByRole('link', { name: 'الأجهزة' }).click();
  await o.getByRole('heading', { name: 'الأجهزة', level: 1 }).waitFor();
  const first = o.locator('.device-list > li').first();
  await first.getByText('بيانات في خطر').waitFor();
  assert.match(await first.getAttribute('aria-label'), new RegExp(`^جهاز أحمد العطاس — Chrome \\d+ · Linux \\(رقم ${number}\\)$`));
  // Its storage may be cleared by the browser: flagged, with what to do.
  await first.getByText('تخزين قد يُمسح').waitFor();
  await first.getByText('اطلب من حامله تثبيت التطبيق على الشاشة الرئيسية').waitFor();
  await o.getByRole('status').getByText('جهاز واحد لموظفين قد يمسح المتصفح تخزينها').waitFor();
  namesCome();
  await first.locator('.risk').getByText('نقطة صبيا').waitFor();
  await first.locator('.risk').getByText('أحمد العطاس').waitFor();
  await first.locator('.risk').getByText(/منذ 4 أيام/).waitFor();
  await o.getByRole('alert').getByText('جهاز واحد في خطر').waitFor();
  await shot(o, 'devices-at-risk-tablet');

  // The same page on a phone fits its width.
  const phone = await newDevice(env.browser, PHONE);
  await signIn(phone.page, env.server.url, 'head');
  await phone.page.goto(`${env.server.url}/devices`);
  await card(phone.page, number).getByText('بيانات في خطر').waitFor();
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(phone.page, 'devices-at-risk-phone');
  await phone.context.close();

  // The network holds again: the work is sent, and the flag goes.
  await t.unroute('**/api/sync/push');
  await syncWhenIdle(t);
  await waitSynced(t);
  await o.getByRole('button', { name: 'تحديث' }).click();
  await card(o, number).getByText('بيانات في خطر').waitFor({ state: 'detached' });
  assert.equal(await o.getByText('جهاز واحد في خطر').count(), 0);

  // Marked lost, with a reason: a reason is required.
  const tabletCard = card(o, number);
  await tabletCard.getByText('الإعلان عن فقد الجهاز').click();
  await tabletCard.getByRole('button', { name: 'أعلن فقده' }).click();
  await tabletCard.getByRole('alert').getByText('السبب').waitFor();
  await tabletCard.getByLabel('السبب').fill('سُرق من مقر نقطة صبيا');
  await tabletCard.getByRole('button', { name: 'أعلن فقده' }).click();
  await card(o, number).locator('.lost-mark').getByText('سُرق من مقر نقطة صبيا').waitFor();
  await card(o, number).getByText('مفقود', { exact: true }).waitFor();
  await shot(o, 'devices-lost-tablet');

  // The tablet's session has ended: its next sync says so, and signing in again is refused.
  await syncWhenIdle(t);
  await indicator(t).getByText('انتهت الجلسة').waitFor({ state: 'attached' });
  await t.goto(`${env.server.url}/login`);
  await t.getByLabel('اسم المستخدم').fill('officer.sabya');
  await t.getByLabel('كلمة المرور').fill('demo-2026');
  await t.getByRole('button', { name: 'دخول' }).click();
  await t.getByRole('alert').getByText('أعلنت الإدارة العامة أن هذا الجهاز مفقود').waitFor();
  // The tablet is left signed out; the request typed on it stays on it.
  await t.getByRole('navigation', { name: 'الأقسام' }).waitFor({ state: 'detached' });
  await shot(t, 'devices-lost-sign-in-tablet');

  await tablet.context.close();
  await office.context.close();
});
