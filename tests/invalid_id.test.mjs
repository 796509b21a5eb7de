// An invalid national ID is caught as the officer types, in Arabic, and nothing is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, TABLET, fillRequest, newDevice, shot, signIn, waitSynced,
  useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

for (const [size, viewport] of [['tablet', TABLET], ['phone', PHONE]]) {
  test(`an invalid national ID shows the Arabic error and nothing is saved (${size})`, async () => {
    const { context, page } = await newDevice(env.browser, viewport);
    await signIn(page, env.server.url, 'officer.sabya');
    await waitSynced(page);
    const before = await page.getByRole('listitem').count();

    await page.getByRole('link', { name: 'طلب جديد' }).click();
    // The last digit is off by one: the check digit does not match.
    await fillRequest(page, { 'رقم الهوية الوطنية أو الإقامة': '1077889904' });
    const id = page.getByLabel('رقم الهوية الوطنية أو الإقامة');
    await page.getByText('رقم الهوية غير صحيح: تحقق من الأرقام').waitFor();
    assert.equal(await id.getAttribute('aria-invalid'), 'true');

    await page.getByRole('button', { name: 'حفظ وتقديم الطلب' }).click();
    await page.getByRole('alert').getByText('لم يُحفظ الطلب').waitFor();
    // The refused field is brought to the officer's attention.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'national_id');
    await shot(page, `invalid-id-${size}`);
    // The form fits the screen: nothing to scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);

    // Nothing reached the device's store: no case, no outbox entry.
    const stored = await page.evaluate(() => new Promise((ok, fail) => {
      const open = indexedDB.open('brs');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['cases', 'outbox']);
        const cases = tx.objectStore('cases').getAll();
        const outbox = tx.objectStore('outbox').count();
        tx.oncomplete = () => {
          open.result.close();
          ok({ ids: cases.result.map((c) => c.case.details.national_id), outbox: outbox.result });
        };
      };
    }));
    assert.equal(stored.outbox, 0);
    assert.ok(!stored.ids.includes('1077889904'));

    // Correcting the digit clears the error and the request saves.
    await id.fill('1077889903');
    await page.getByText('رقم الهوية غير صحيح: تحقق من الأرقام').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'حفظ كمسودة' }).click();
    await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
    await page.getByRole('listitem').nth(before).waitFor();
    await context.close();
  });
}
