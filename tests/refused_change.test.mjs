// A change the server refuses is never dropped silently: the case stays on the device with
// the server's reason, in Arabic, and nothing is left waiting to be sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLET, newDevice, signIn, useServerAndBrowser, waitSynced } from './support.mjs';

const env = useServerAndBrowser();

test('a refused submission keeps the draft and shows the reasons', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);

  // What an outdated app would queue: the submission of a draft that has no documents and
  // no signature. The app itself offers no such button; the server must not trust that.
  await page.evaluate(() => window.userDb().then((db) => new Promise((ok, fail) => {
    const read = db.transaction('cases').objectStore('cases').getAll();
    read.onsuccess = () => {
      const draft = read.result.find((c) => c.case.request.applicant.first_name === 'مريم');
      const tx = db.transaction(['outbox'], 'readwrite');
      tx.objectStore('outbox').add({ mutation: {
        mutation_id: crypto.randomUUID(), case_id: draft.id, base_revision: draft.case.revision,
        created_at: new Date().toISOString(), op: { type: 'transition', to: 'submitted' } } });
      tx.oncomplete = () => { db.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  })));

  await page.getByRole('button', { name: 'زامن الآن' }).click();
  await waitSynced(page);
  const item = page.getByRole('listitem').filter({ hasText: 'مريم حسن محمد عريشي' });
  // The server's reasons are shown in Arabic, and the draft stays a draft.
  await item.getByRole('alert').getByText('رفض الخادم البيانات:').waitFor();
  await item.getByRole('alert').getByText('لم يوقّع مقدم الطلب على الإقرار').waitFor();
  await item.getByText('مسودة').waitFor();
  assert.equal(await item.getByText('بانتظار الإرسال').count(), 0);
  await context.close();
});

