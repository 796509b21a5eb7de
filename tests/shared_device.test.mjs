// A tablet shared by officers of two outreach points: each sees only their own data, the
// unsent work of one waits for them through the other's sign-in and through an expired
// session, and "sign out and wipe" leaves nothing on the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_PASSWORD, TABLET, fillApplicant, indicator, newDevice, shot, signIn, startRequest,
  waitOfflineReady, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

async function signOut(page) {
  await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
}

async function signInHere(page, username) {
  await page.getByLabel('اسم المستخدم').fill(username);
  await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
}

/** Starts a request offline and leaves it waiting in the outbox. */
async function requestOffline(context, page, overrides) {
  await context.setOffline(true);
  await startRequest(page);
  await fillApplicant(page, overrides);
  await waitSaved(page);
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  const [first, father, grandfather, family] = ['الاسم الأول', 'اسم الأب', 'اسم الجد', 'اسم العائلة']
    .map((label) => overrides[label]);
  await page.getByText(`${first} ${father} ${grandfather} ${family}`).waitFor();
  await indicator(page).and(page.locator('[data-pending="1"]')).waitFor();
}

/** Whether the head office sees a request of this name on the server. */
async function onServer(name) {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'head');
  await waitSynced(page);
  const found = await page.getByText(name).count();
  await context.close();
  return found > 0;
}

test('another officer on the same tablet sees nothing of the first\'s, whose unsent work waits for her', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await page.getByText('محمد يحيى علي الفيفي').waitFor();
  const name = 'سالم ناصر علي الحازمي';
  await requestOffline(context, page, {
    'الاسم الأول': 'سالم', 'اسم الأب': 'ناصر', 'اسم الجد': 'علي', 'اسم العائلة': 'الحازمي',
    'رقم الهوية الوطنية أو الإقامة': '1066778899',
  });
  await signOut(page);
  await context.setOffline(false);

  // The second officer signs in at once, and has a device of his own point only.
  await signInHere(page, 'officer.abuarish');
  await waitSynced(page);
  await page.getByText('عبد الله أحمد سالم الحكمي').waitFor();
  assert.equal(await page.getByText('محمد يحيى علي الفيفي').count(), 0);
  assert.equal(await page.getByText(name).count(), 0, 'not her unsent request either');
  assert.equal(await onServer(name), false, 'his sync did not send her change');
  await shot(page, 'shared-device-second-officer');
  await signOut(page);

  // She signs in again: her request is still there, and goes up.
  await signInHere(page, 'officer.sabya');
  await page.getByText(name).waitFor();
  await waitSynced(page);
  assert.equal(await page.getByText('عبد الله أحمد سالم الحكمي').count(), 0);
  assert.equal(await onServer(name), true);
  await context.close();
});

test('a session that ended while offline sends the same officer\'s work once she signs in again', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  const name = 'منى حسن أحمد النعمي';
  await requestOffline(context, page, {
    'الاسم الأول': 'منى', 'اسم الأب': 'حسن', 'اسم الجد': 'أحمد', 'اسم العائلة': 'النعمي',
    'رقم الهوية الوطنية أو الإقامة': '1055667788',
  });
  // Days pass at the outreach point; the server forgets the session.
  await context.clearCookies();
  await context.setOffline(false);
  await page.getByRole('button', { name: 'زامن الآن' }).click();
  const status = indicator(page);
  await status.getByText('انتهت الجلسة: سجّل الدخول مجددًا لإرسال ما ينتظر').waitFor();
  await shot(page, 'shared-device-session-ended');
  assert.equal(await onServer(name), false);

  await status.getByRole('link', { name: 'تسجيل الدخول' }).click();
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
  await signInHere(page, 'officer.sabya');
  await waitSynced(page);
  await page.getByText(name).waitFor();
  assert.equal(await onServer(name), true);
  await context.close();
});

test('signing out and wiping the device leaves no record and no file on it', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.abuarish');
  await waitSynced(page);
  await signOut(page);
  await signInHere(page, 'officer.sabya');
  await waitSynced(page);
  // The wipe reloads the page offline: the app shell must be on the device.
  await waitOfflineReady(page);
  const name = 'ريم علي حسن الصميلي';
  await requestOffline(context, page, {
    'الاسم الأول': 'ريم', 'اسم الأب': 'علي', 'اسم الجد': 'حسن', 'اسم العائلة': 'الصميلي',
    'رقم الهوية الوطنية أو الإقامة': '1044556677',
  });
  const names = async () => (await page.evaluate(() => indexedDB.databases())).map((d) => d.name).sort();
  const userDbs = (await names()).filter((n) => n.startsWith('brs-u'));
  assert.equal(userDbs.length, 2, 'both officers have data here');

  // The confirmation says what would be lost; declining keeps everything.
  // Each dialog is answered by a handler set before the click: a click still waiting on
  // the page when the dialog opens would wait for ever on a page the dialog holds.
  const asked = new Promise((ok) => page.once('dialog', (d) => { ok(d.message()); d.dismiss(); }));
  await page.getByRole('button', { name: 'خروج ومسح الجهاز' }).click();
  assert.match(await asked, /1 من الطلبات والاستفسارات لم تصل/);
  await page.getByText(name).waitFor();

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'خروج ومسح الجهاز' }).click();
  // The page shows once the wipe is done: the device's database is opened afresh, empty
  // but for the mark of its shape.
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
  assert.deepEqual((await names()).filter((n) => n.startsWith('brs')), ['brs-device']);
  const kept = await page.evaluate(() => new Promise((ok) => {
    const open = indexedDB.open('brs-device');
    open.onsuccess = () => {
      const keys = open.result.transaction('meta').objectStore('meta').getAllKeys();
      keys.onsuccess = () => { open.result.close(); ok(keys.result); };
    };
  }));
  assert.deepEqual(kept, ['data_version']);
  await shot(page, 'shared-device-wiped');

  // The next officer finds a new device, numbered afresh.
  await context.setOffline(false);
  await signInHere(page, 'officer.sabya');
  await waitSynced(page);
  assert.equal(await page.getByText(name).count(), 0, 'the unsent request went with the wipe');
  await context.close();
});
