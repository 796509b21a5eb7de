// Installing the app on a phone: Chromium finds it installable, its manifest and icons
// load with their types, a missing file is a 404, and the start page opens offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, PHONE, shot, useServerAndBrowser, waitForDevice } from './support.mjs';

const env = useServerAndBrowser();

/** The width and height a PNG says it has. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('the app installs on a phone and opens from the home screen with no network', async () => {
  // A browser profile of its own, as a phone has: Chromium installs no app from a private
  // window, which every other journey's device is.
  const profile = mkdtempSync(join(tmpdir(), 'brs-phone-'));
  const context = await chromium.launchPersistentContext(profile,
    { ...CHROMIUM, viewport: PHONE, locale: 'ar-SA' });
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const base = env.server.url;
  await page.goto(`${base}/register`);
  await page.getByLabel('رقم الهوية الوطنية أو الإقامة').waitFor();
  await waitForDevice(page, async () => Boolean((await navigator.serviceWorker.ready).active));

  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium sees the app as installable');
  const { url, errors } = await cdp.send('Page.getAppManifest');
  assert.equal(url, `${base}/manifest.webmanifest`);
  assert.deepEqual(errors, []);

  const reply = await page.request.get(url);
  assert.match(reply.headers()['content-type'], /^application\/manifest\+json/);
  const manifest = await reply.json();
  assert.equal(manifest.lang, 'ar');
  assert.equal(manifest.dir, 'rtl');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.short_name, 'علاقات المستفيدين');
  assert.match(manifest.name, /جمعية بناء وتنمية مساكن بمنطقة جازان/);
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  const purposes = new Set(manifest.icons.map((i) => i.purpose));
  assert.ok(purposes.has('any') && purposes.has('maskable'));
  for (const icon of manifest.icons) {
    const got = await page.request.get(`${base}${icon.src}`);
    assert.equal(got.status(), 200, icon.src);
    assert.equal(got.headers()['content-type'], icon.type, icon.src);
    if (icon.type === 'image/png') assert.equal(pngSize(await got.body()), icon.sizes, icon.src);
  }
  for (const missing of ['/favicon.ico', '/icons/none.png', '/parts/old/chunk_1.wasm']) {
    assert.equal((await page.request.get(`${base}${missing}`)).status(), 404, missing);
  }

  // Opened from the home screen with no network: the start page comes from the device.
  await context.setOffline(true);
  await page.goto(`${base}${manifest.start_url}`);
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
  await shot(page, 'install-offline-start-phone');
  await context.close();
  assert.deepEqual(pageErrors, []);
  rmSync(profile, { recursive: true, force: true });
});
