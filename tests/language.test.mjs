// Arabic first, English one tap away, and the choice is remembered across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, indicator, newDevice, shot, signIn, useServerAndBrowser, waitSynced,
} from './support.mjs';

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

test('every page of the head office and an officer reads in English on a tablet, left to right', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'head');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Requests' }).waitFor();
  for (const [path, heading, name] of [
    ['/office', 'Dashboard', 'office-english-tablet'],
    ['/office/cases', 'Search every request', 'office-cases-english-tablet'],
    ['/office/duplicates', 'Possible duplicates', 'duplicates-english-tablet'],
    ['/committee/meetings', 'Research committee meetings', 'meetings-english-tablet'],
    ['/feedback', 'Needs and suggestions', 'feedback-english-tablet'],
    ['/library', "The relations officer's tools", 'library-english-tablet'],
    ['/accounts', 'User accounts', 'accounts-english-tablet'],
  ]) {
    await page.goto(`${env.server.url}${path}`);
    await page.getByRole('heading', { name: heading }).first().waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr', path);
    await shot(page, name);
  }
  await context.close();

  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await officer.page.getByRole('button', { name: 'English' }).click();
  await officer.page.getByRole('link', { name: 'Reception' }).click();
  await officer.page.getByRole('heading', { name: 'Reception' }).waitFor();
  await shot(officer.page, 'reception-english-tablet');
  // A request with the errors of its first step shown.
  await officer.page.getByRole('link', { name: 'Requests' }).first().click();
  await officer.page.getByRole('link', { name: 'New request' }).click();
  await officer.page.getByRole('heading', { name: 'Beneficiary support request' }).waitFor();
  await officer.page.getByLabel('National ID or iqama number').fill('123');
  await officer.page.getByLabel('National ID or iqama number').blur();
  await officer.page.locator('.field.invalid').first().waitFor();
  await shot(officer.page, 'request-errors-english-tablet');
  await officer.context.close();
});

test('an Arabic screen writes its numbers in one set of digits, as chosen, and keeps it', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  const synced = () => indicator(page).textContent();
  // Western digits by default, as IDs, mobiles and amounts are typed: the time of the
  // last sync and the dates alike.
  assert.match(await synced(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await page.getByRole('button', { name: /كتابة الأرقام بالأرقام الهندية/ }).click();
  await page.waitForFunction(() => /[٠-٩]{4}-[٠-٩]{2}-[٠-٩]{2}/.test(document.querySelector('.sync-last')?.textContent ?? ''));
  // The devices page: its times and its counts in the same digits.
  await page.getByRole('link', { name: 'الأجهزة' }).click();
  const card = page.locator('.device-list > li').first();
  await card.locator('.facts').waitFor();
  assert.doesNotMatch(await card.locator('.facts dd').first().textContent(), /[0-9]/);
  await page.reload();
  await page.waitForFunction(() => /[٠-٩]{4}-/.test(document.querySelector('.sync-last')?.textContent ?? ''));
  await shot(page, 'digits-arabic-indic-tablet');
  // And back, in English the button is not offered: English writes Western digits.
  await page.getByRole('button', { name: /كتابة الأرقام بالأرقام العربية الغربية/ }).click();
  await page.waitForFunction(() => /\d{4}-\d{2}-\d{2}/.test(document.querySelector('.sync-last')?.textContent ?? ''));
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getByRole('button', { name: /كتابة الأرقام/ }).count(), 0);
  await context.close();
});
