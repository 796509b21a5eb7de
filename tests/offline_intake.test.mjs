// An officer takes a request on a tablet with no network; it survives a reload, syncs when
// the network returns, and the head office sees it with the officer's outreach point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TABLET, fillRequest, indicator, newDevice, shot, signIn,
  waitOfflineReady, waitSynced,
  useServerAndBrowser,
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

  await page.getByRole('link', { name: 'طلب جديد' }).click();
  await fillRequest(page);
  await shot(page, 'offline-form-tablet');
  await page.getByRole('button', { name: 'حفظ وتقديم الطلب' }).click();

  const item = page.getByRole('listitem').filter({ hasText: 'حسن علي محمد المدخلي' });
  await item.waitFor();
  await item.getByText('بانتظار الإرسال').waitFor();
  await item.getByText('مقدَّم').waitFor();
  await indicator(page).getByText('طلبات بانتظار الإرسال: 1').waitFor();

  // Reload with no network: the app opens from the device and still lists the request.
  await page.reload();
  await item.waitFor();
  await item.getByText('بانتظار الإرسال').waitFor();
  await indicator(page).getByText('غير متصل').waitFor();
  await indicator(page).getByText('طلبات بانتظار الإرسال: 1').waitFor();
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await shot(page, 'offline-list-tablet');

  // The network returns: the outbox goes up and nothing waits any more.
  await env.server.up();
  await officer.context.setOffline(false);
  await waitSynced(page);
  await item.getByText('بانتظار الإرسال').waitFor({ state: 'detached' });
  await indicator(page).getByText('متصل', { exact: true }).waitFor();
  await shot(page, 'synced-list-tablet');

  // The head office, on another device, sees it with the officer's outreach point.
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  const seen = head.page.getByRole('listitem').filter({ hasText: 'حسن علي محمد المدخلي' });
  await seen.waitFor();
  await seen.getByText('نقطة صبيا').waitFor();
  await seen.getByText('مقدَّم').waitFor();
  await seen.getByText('1077889903').waitFor();
  await shot(head.page, 'head-office-list-tablet');
  await head.context.close();
  await officer.context.close();
});
