// Arabic first, English one tap away, and the choice is remembered across reloads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, TestServer, launch, newDevice, shot, signIn } from './support.mjs';

let server;
let browser;
before(async () => {
  server = await TestServer.start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the English switch is remembered and turns the page left to right', async () => {
  const { context, page } = await newDevice(browser, PHONE);
  await signIn(page, server.url, 'officer.sabya');
  const html = page.locator('html');
  assert.equal(await html.getAttribute('lang'), 'ar');
  assert.equal(await html.getAttribute('dir'), 'rtl');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Requests' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Requests' }).waitFor();
  assert.equal(await html.getAttribute('lang'), 'en');
  assert.equal(await html.getAttribute('dir'), 'ltr');
  // Vocabulary from the shared crate follows the language too.
  await page.getByText('Restoration').first().waitFor();
  await page.getByText('Sabya outreach point').first().waitFor();
  await shot(page, 'list-english-phone');

  await page.getByRole('button', { name: 'العربية' }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  assert.equal(await html.getAttribute('dir'), 'rtl');
  await context.close();
});
