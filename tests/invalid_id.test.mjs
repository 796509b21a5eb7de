// An invalid national ID is caught as the officer types, in Arabic, and the step says what
// it still misses; the draft keeps what was typed, and correcting it clears the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, deviceData, fillApplicant, newDevice, shot, signIn, startRequest,
  waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

for (const [size, viewport] of [['tablet', TABLET], ['phone', PHONE]]) {
  test(`an invalid national ID shows the Arabic error as it is typed (${size})`, async () => {
    const { context, page } = await newDevice(env.browser, viewport);
    await signIn(page, env.server.url, 'officer.sabya');
    await waitSynced(page);

    await startRequest(page);
    // The last digit is off by one: the check digit does not match.
    await fillApplicant(page, { 'رقم الهوية الوطنية أو الإقامة': '1077889904' });
    const id = page.getByLabel('رقم الهوية الوطنية أو الإقامة');
    await page.locator('#national_id-error').getByText('رقم الهوية غير صحيح: تحقق من الأرقام').waitFor();
    assert.equal(await id.getAttribute('aria-invalid'), 'true');
    // The step counts what it misses.
    assert.equal((await page.locator('[data-step="applicant"] .step-state').textContent()).trim(), '1');

    // Leaving the step and coming back lists what is missing in words.
    // Each click waits for its step to open, so the second never lands mid-change.
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.locator('[data-step="household"][aria-current="step"]').waitFor();
    await page.getByRole('button', { name: 'السابق' }).click();
    await page.locator('[data-step="applicant"][aria-current="step"]').waitFor();
    await page.getByText('ما زال ناقصًا في هذه الخطوة:').waitFor();
    await page.locator('.missing').getByText('رقم الهوية أو الإقامة: رقم الهوية غير صحيح').waitFor();
    await shot(page, `invalid-id-${size}`);
    // The form fits the screen: nothing to scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);

    // The draft keeps what was typed, even the wrong digit: nothing typed is lost.
    await waitSaved(page);
    let { cases } = await deviceData(page);
    assert.ok(cases.some((c) => c.request.applicant.national_id === '1077889904'));

    // Correcting the digit clears the error and the step is complete.
    await id.fill('1077889903');
    await page.getByText('رقم الهوية غير صحيح: تحقق من الأرقام').first().waitFor({ state: 'detached' });
    await page.locator('[data-step="applicant"] .step-state.done').waitFor();
    await waitSaved(page);
    ({ cases } = await deviceData(page));
    assert.ok(cases.some((c) => c.request.applicant.national_id === '1077889903'));
    await context.close();
  });
}
