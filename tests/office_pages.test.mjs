// The head office's list of every request, paged to its end and back in both languages:
// a pager whose button the view could not read stayed disabled, and the requests past the
// first page could not be reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newDevice, shot, signIn, useServerAndBrowser, haveCount } from './support.mjs';

// A history of requests beside the demo's, enough for three pages of fifty.
const env = useServerAndBrowser({ args: ['--demo-history', '120'] });
const DESKTOP = { width: 1280, height: 900 };

test('the head office pages the list to its last page and back, in Arabic and in English', async () => {
  const { context, page } = await newDevice(env.browser, DESKTOP);
  await signIn(page, env.server.url, 'head');
  await page.goto(`${env.server.url}/office/cases`);
  const matching = await page.getByText(/^\d+ طلب\S* مطابق/).first().textContent();
  const total = Number(matching.match(/\d+/)[0]);
  const pages = Math.ceil(total / 50);
  assert.ok(pages > 2, `the demo fills more than two pages: ${total}`);
  const walk = async ({ pager, next, previous, of }) => {
    const seen = new Set();
    assert.ok(await pager.getByRole('button', { name: previous, exact: true }).isDisabled());
    for (let n = 1; n < pages; n += 1) {
      await pager.getByText(of(n, pages)).waitFor();
      seen.add(await page.locator('table.cases tbody tr .reference').first().textContent());
      await pager.getByRole('button', { name: next, exact: true }).click();
    }
    await pager.getByText(of(pages, pages)).waitFor();
    // The last page holds the rest.
    await haveCount(page.locator('table.cases tbody tr'), total - 50 * (pages - 1));
    assert.ok(await pager.getByRole('button', { name: next, exact: true }).isDisabled());
    assert.equal(seen.size, pages - 1, 'each page shows other requests');
    for (let n = pages; n > 1; n -= 1) {
      await pager.getByRole('button', { name: previous, exact: true }).click();
      await pager.getByText(of(n - 1, pages)).waitFor();
    }
  };
  await walk({
    pager: page.getByRole('navigation', { name: 'الصفحات' }),
    next: 'التالي', previous: 'السابق', of: (n, all) => `صفحة ${n} من ${all}`,
  });
  await shot(page, 'office-pager-desktop');
  await page.getByRole('button', { name: 'English' }).click();
  await walk({
    pager: page.getByRole('navigation', { name: 'Pages' }),
    next: 'Next', previous: 'Previous', of: (n, all) => `Page ${n} of ${all}`,
  });
  await context.close();
});

test('a desktop shows the bar in two bands, every column of the list and every label of the dashboard', async () => {
  const { context, page } = await newDevice(env.browser, DESKTOP);
  await signIn(page, env.server.url, 'head');
  for (const language of ['ar', 'en']) {
    if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${env.server.url}/office/cases`);
    await page.locator('table.cases tbody tr').first().waitFor();
    const layout = await page.evaluate(() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      const table = document.querySelector('table.cases');
      return {
        navLine: box('.topbar .nav').height,
        navBelow: box('.topbar .nav').top >= box('.topbar .brand').bottom,
        endBeside: box('.topbar .topbar-end').top < box('.topbar .brand').bottom,
        clipped: table.scrollWidth - table.parentElement.clientWidth,
      };
    });
    assert.ok(layout.navLine < 40, `${language}: the sections on one line (${layout.navLine}px)`);
    assert.ok(layout.navBelow && layout.endBeside, `${language}: name, sync and the user's buttons above the sections`);
    assert.ok(layout.clipped <= 0, `${language}: the list's last column is clipped by ${layout.clipped}px`);
    await shot(page, `desktop-cases-${language}`);
    await page.goto(`${env.server.url}/office`);
    await page.locator('.bar-name').first().waitFor();
    const cut = await page.locator('.bar-name').evaluateAll((names) => names
      .filter((n) => n.scrollWidth > n.clientWidth + 1).map((n) => n.textContent));
    assert.deepEqual(cut, [], `${language}: dashboard labels cut`);
    await shot(page, `desktop-dashboard-${language}`);
  }
  await context.close();
});
