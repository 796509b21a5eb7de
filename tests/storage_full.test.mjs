// A device whose storage is full: the officer is told so in plain words, nothing saved
// before is lost, and once there is room again the same action succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, deviceData, newDevice, shot, signIn, startRequest, waitSaved, waitSynced,
  useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser();

test('a full device says so in plain words and keeps what was typed', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  // The browser grants this site 3 MB: enough to work, not for a 4 MB scan. (Chromium
  // applies a quota set before the site first stores anything.)
  const cdp = await context.newCDPSession(page);
  const origin = new URL(env.server.url).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3_000_000 });
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await startRequest(page);
  await page.getByLabel('الاسم الأول', { exact: true }).fill('وليد');
  await waitSaved(page);
  await page.goto(page.url().replace(/\/applicant$/, '/documents'));
  const choose = page.getByLabel('اختيار ملف: صورة الهوية الوطنية أو الإقامة');
  await choose.waitFor();

  const scan = {
    name: 'هوية.pdf', mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4_000_000, 0x20), Buffer.from('\n%%EOF\n')]),
  };
  await choose.setInputFiles(scan);
  // The browser only says the change was not kept; full storage is the likely cause.
  // The form's save state says so (the sync's state may too, when its own writes hit
  // the same full storage).
  await page.locator('.save-state').getByText('احذف صورًا أو ملفات لا تلزم من الجهاز ثم أعد المحاولة').waitFor();
  await shot(page, 'storage-full-phone');

  // Room again: the same scan is kept, and the name typed before never went away.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await choose.setInputFiles(scan);
  await waitSaved(page);
  const { cases } = await deviceData(page);
  const draft = cases.find((c) => c.request.applicant.first_name === 'وليد');
  assert.ok(draft, 'the name typed before the disk filled is kept');
  assert.equal(draft.documents.national_id_copy.attachments.length, 1);
  await context.close();
});
