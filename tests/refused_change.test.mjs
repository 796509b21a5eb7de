// A change the server refuses is never dropped silently: the case stays on the device with
// the server's reason, in Arabic, and nothing is left waiting to be sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLET, newDevice, signIn, useServerAndBrowser, waitSynced } from './support.mjs';

const env = useServerAndBrowser();

test('a refused request keeps its data and shows the reason', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);

  // What an outdated app would queue: a request whose ID the server's rules refuse, and its
  // submission. The app itself would never save it; the server must not trust that.
  await page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('brs');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const read = db.transaction('cases').objectStore('cases').getAll();
      read.onsuccess = () => {
        const local = structuredClone(read.result[0]);
        const id = crypto.randomUUID();
        local.id = id;
        local.case.id = id;
        local.case.revision = 0;
        local.case.details.applicant_name.first = 'ياسر';
        const input = {
          first_name: 'ياسر', father_name: 'علي', grandfather_name: 'محمد', family_name: 'المدخلي',
          national_id: '1077889904', mobile: '0559876543', governorate: 'sabya',
          channel: 'in_person', support_type: 'restoration', notes: '',
        };
        const at = new Date().toISOString();
        const tx = db.transaction(['cases', 'outbox'], 'readwrite');
        tx.objectStore('cases').put(local);
        tx.objectStore('outbox').add({ mutation: {
          mutation_id: crypto.randomUUID(), case_id: id, base_revision: 0, created_at: at,
          op: { type: 'create', input } } });
        tx.objectStore('outbox').add({ mutation: {
          mutation_id: crypto.randomUUID(), case_id: id, base_revision: 0, created_at: at,
          op: { type: 'transition', to: 'submitted' } } });
        tx.oncomplete = () => { db.close(); ok(); };
        tx.onerror = () => fail(tx.error);
      };
    };
  }));

  await page.getByRole('button', { name: 'زامن الآن' }).click();
  await waitSynced(page);
  const item = page.getByRole('listitem').filter({ hasText: 'ياسر' });
  // The cause is shown (the invalid ID), not the submission's "not found" that followed it.
  await item.getByRole('alert').getByText('رفض الخادم البيانات: رقم الهوية غير صحيح: تحقق من الأرقام').waitFor();
  assert.equal(await item.getByText('بانتظار الإرسال').count(), 0);
  await context.close();
});

