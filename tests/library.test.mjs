// The library (TOOLS): the head office uploads a reference document; an officer's tablet
// keeps it and opens it with no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TABLET, fixture, newDevice, shot, signIn, waitOfflineReady, waitSynced, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('a reference document uploaded by the head office opens offline on a tablet', async () => {
  const head = await newDevice(env.browser, TABLET);
  await signIn(head.page, env.server.url, 'head');
  await waitSynced(head.page);
  await head.page.getByRole('link', { name: 'المكتبة' }).click();
  await head.page.getByRole('listitem', { name: 'اللائحة الأساسية للجمعية' }).getByText('لم يُرفع بعد').waitFor();
  await head.page.getByLabel('رفع: اللائحة الأساسية للجمعية').setInputFiles(fixture('bylaws.pdf'));
  await head.page.getByRole('listitem', { name: 'اللائحة الأساسية للجمعية' }).getByRole('link', { name: 'فتح' }).waitFor();
  await shot(head.page, 'library-head-tablet');
  await head.context.close();

  const officer = await newDevice(env.browser, TABLET);
  const page = officer.page;
  await signIn(page, env.server.url, 'officer.abuarish');
  await waitSynced(page);
  await waitOfflineReady(page);
  // Officers read the library; they cannot replace its documents.
  await page.getByRole('link', { name: 'المكتبة' }).click();
  // The page is there (its part of the app loaded) before the network goes.
  await page.getByRole('heading', { name: 'أدوات موظف علاقات المستفيدين' }).waitFor();
  assert.equal(await page.getByLabel('رفع: اللائحة الأساسية للجمعية').count(), 0);

  await officer.context.setOffline(true);
  await page.reload();
  const item = page.getByRole('listitem', { name: 'اللائحة الأساسية للجمعية' });
  const open = item.getByRole('link', { name: 'فتح' });
  await open.waitFor();
  // The link is a file kept on the device, whose bytes are the uploaded PDF's.
  const href = await open.getAttribute('href');
  assert.ok(href.startsWith('blob:'), href);
  const bytes = await page.evaluate(() => window.userDb().then((db) => new Promise((ok) => {
    const r = db.transaction('attachments').objectStore('attachments').getAll();
    r.onsuccess = async () => {
      const kept = r.result.find((f) => f.attachment.name === 'bylaws.pdf');
      db.close();
      ok(Array.from(new Uint8Array(await kept.blob.arrayBuffer())));
    };
  })));
  assert.deepEqual(Buffer.from(bytes), readFileSync(fixture('bylaws.pdf')));
  await page.getByRole('listitem', { name: 'دليل خدمات البحث الاجتماعي' }).getByText('لم يُرفع بعد').waitFor();
  await shot(page, 'library-offline-tablet');
  await officer.context.close();
});
