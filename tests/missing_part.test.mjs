// A page whose part of the app the device has not kept yet, opened with no way to fetch
// it: the app says so instead of stopping, and the page opens once the part can be had.
import { test } from 'node:test';
import { TABLET, newDevice, shot, signIn, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('a page not yet on the device says so, and opens once it can be fetched', async () => {
  // No service worker: the part is fetched from the server alone, which the test cuts off.
  const { context, page } = await newDevice(env.browser, TABLET, { serviceWorkers: 'block' });
  await signIn(page, env.server.url, 'officer.sabya');
  await context.route('**/parts/*/split_desk.wasm', (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: 'المكتبة' }).click();
  await page.getByRole('heading', { name: 'هذه الصفحة غير محفوظة على الجهاز بعد' }).waitFor();
  await shot(page, 'missing-part-tablet');
  // The rest of the app goes on: the requests are still there.
  await page.getByRole('link', { name: 'الطلبات' }).first().click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();

  // Asked again while it still cannot be had, then once it can.
  await page.getByRole('link', { name: 'المكتبة' }).click();
  await page.getByRole('heading', { name: 'هذه الصفحة غير محفوظة على الجهاز بعد' }).waitFor();
  await context.unroute('**/parts/*/split_desk.wasm');
  await page.getByRole('button', { name: 'أعد المحاولة' }).click();
  await page.getByRole('heading', { name: 'أدوات موظف علاقات المستفيدين' }).waitFor();
  await context.close();
});
