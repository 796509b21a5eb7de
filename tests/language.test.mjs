// Arabic first, English one tap away, and the choice is remembered across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, newDevice, shot, signIn, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('the English switch is remembered and turns the page left to right', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'officer.sabya');
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
  const list = page.getByRole('list', { name: 'Requests' });
  await list.getByText('Restoration').first().waitFor();
  await list.getByText('Sabya outreach point').first().waitFor();
  await shot(page, 'list-english-phone');

  await page.getByRole('button', { name: 'العربية' }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  assert.equal(await html.getAttribute('dir'), 'rtl');
  await context.close();
});
