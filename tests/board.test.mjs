// The head office prints the board's report for a Hijri quarter on a tablet: a page per
// clause of the policy, each figure opening the list of what it counts, and the workbook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TABLET, newDevice, shot, signIn, useServerAndBrowser, waitSynced, haveCount } from './support.mjs';

const env = useServerAndBrowser();

test('the head office prints the board report for a Hijri quarter', async () => {
  const { context, page } = await newDevice(env.browser, TABLET, { acceptDownloads: true });
  await signIn(page, env.server.url, 'head');
  await waitSynced(page);
  await page.getByRole('link', { name: 'لوحة المتابعة' }).click();
  await page.getByRole('link', { name: 'تقرير مجلس الإدارة عن السياسة' }).click();

  // The Hijri calendar keeps today's quarter; the whole year is one choice away.
  const choice = page.getByRole('form', { name: 'فترة التقرير' });
  await choice.getByLabel('التقويم').selectOption({ label: 'هجري (أم القرى)' });
  await page.waitForURL(/period=h\d{4}-q[1-4]$/);
  const period = new URL(page.url()).searchParams.get('period');
  const quarter = ['الأول', 'الثاني', 'الثالث', 'الرابع'][Number(period.at(-1)) - 1];
  const heading = page.getByRole('heading', { level: 1 });
  await heading.getByText(new RegExp(`الربع ${quarter} ${period.slice(1, 5)}هـ`)).waitFor();
  for (const clause of ['CH', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'GOAL']) {
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${clause} — `) }).waitFor();
  }

  // Each figure opens the list of what it counts: as many rows as its number.
  const handedIn = page.getByRole('row', { name: /^الطلبات المقدَّمة/ });
  const number = Number(await handedIn.getByRole('cell').innerText());
  await handedIn.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: /^CH .* — الطلبات المقدَّمة$/ }).waitFor();
  await page.getByText(/^القيمة: /).waitFor();
  await haveCount(page.locator('.board-rows li'), number);
  await shot(page, 'board-list-tablet');
  await page.getByRole('link', { name: 'العودة إلى التقرير' }).click();
  await page.getByRole('heading', { level: 2, name: /^H5 — / }).waitFor();

  // On paper each clause starts its own page.
  await page.emulateMedia({ media: 'print' });
  const breaks = await page.locator('section.board-clause').evaluateAll(
    (all) => all.map((s) => getComputedStyle(s).breakAfter),
  );
  assert.equal(breaks.length, 8);
  assert.deepEqual(breaks.slice(0, -1), Array(7).fill('page'));
  await shot(page, 'board-print');
  await page.emulateMedia({ media: 'screen' });

  // And as a workbook.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'تنزيل ملف Excel' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `board-${period}.xlsx`);
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString(), 'PK');
  await context.close();
});
