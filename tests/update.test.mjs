// A new build deployed under a running tablet: the tablet hears of it, says so quietly,
// and reloading into it loses neither what was just typed nor the unsent changes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TABLET, deviceData, dist, newDevice, shot, signIn, startRequest, useServerAndBrowser,
  waitForDevice, waitOfflineReady, waitSaved, waitSynced,
} from './support.mjs';

// The server serves a copy of the build, so the journey can deploy another over it.
const served = mkdtempSync(join(tmpdir(), 'brs-deploy-'));
cpSync(dist, served, { recursive: true });
after(() => rmSync(served, { recursive: true, force: true }));
const env = useServerAndBrowser({ dist: served });

/**
 * Deploys a second build over the first: a service worker of another build and a page
 * that says which build it is. The compressed copies go, so the server sends these.
 */
function deploySecondBuild() {
  const sw = readFileSync(join(served, 'sw.js'), 'utf8');
  const next = sw.replace(/const BUILD = '([0-9a-f]+)';/, (_, b) => `const BUILD = '${b}0second';`);
  assert.notEqual(next, sw);
  writeFileSync(join(served, 'sw.js'), next);
  const page = readFileSync(join(served, 'index.html'), 'utf8');
  writeFileSync(join(served, 'index.html'),
    page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n  <meta name="build" content="second">'));
  for (const f of ['sw.js', 'index.html']) {
    for (const z of ['br', 'gz']) rmSync(join(served, `${f}.${z}`), { force: true });
  }
}

/** Waits until the field labelled `label` holds `value`. */
async function waitValue(page, label, value) {
  const input = await page.getByLabel(label, { exact: true }).elementHandle();
  await page.waitForFunction(([el, v]) => el.value === v, [input, value]);
}

test('a new build reaches a tablet without losing typing or unsent changes', async () => {
  const { context, page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await waitSynced(page);
  await waitOfflineReady(page);
  await startRequest(page);
  await page.getByLabel('الاسم الأول', { exact: true }).fill('حسن');
  await waitSaved(page);

  deploySecondBuild();
  // The tablet asks whether a new build is out when the network comes back.
  await context.setOffline(true);
  await context.setOffline(false);
  const banner = page.getByRole('status').filter({ hasText: 'نسخة جديدة من التطبيق جاهزة' });
  await banner.waitFor();
  await shot(page, 'update-banner-tablet');
  // Until the user reloads, the old build goes on.
  assert.equal(await page.locator('meta[name="build"]').count(), 0);

  // No network now: what is typed last and the changes not sent must survive the reload.
  await context.setOffline(true);
  await page.getByLabel('اسم الأب', { exact: true }).fill('علي');
  await banner.getByRole('button', { name: 'إعادة التحميل' }).click();
  await page.locator('meta[name="build"][content="second"]').waitFor({ state: 'attached' });
  await waitValue(page, 'الاسم الأول', 'حسن');
  await waitValue(page, 'اسم الأب', 'علي');
  const { cases, outbox } = await deviceData(page);
  const typed = cases.filter((c) => c.request.applicant.first_name === 'حسن');
  assert.equal(typed.length, 1);
  assert.equal(typed[0].request.applicant.father_name, 'علي');
  assert.ok(outbox.length > 0, 'the unsent changes wait in the outbox');
  const kept = await page.evaluate(() => caches.keys());
  assert.deepEqual(kept.filter((k) => k.startsWith('brs-shell-')).length, 1, 'the old build is gone');
  assert.ok(kept[0].endsWith('0second'), kept.join());
  await shot(page, 'update-reloaded-offline-tablet');

  await context.setOffline(false);
  await waitSynced(page);
  await waitForDevice(page, async () => {
    const db = await window.userDb();
    const n = await new Promise((ok) => {
      const r = db.transaction('outbox').objectStore('outbox').count();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return n === 0;
  });
  await context.close();
});
