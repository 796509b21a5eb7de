// The keyboard alone: an applicant opens an account and signs out again without touching
// the screen, every control reached in order with Tab, its focus drawn where it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, newDevice, shot, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

/** What the focused element is called (its label, or its own words) and whether its focus shows. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const name = (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return { name, ring };
  });
}

/** Presses Tab until the control called `name` has the focus; its focus must be visible. */
async function tabTo(page, name) {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.name === name) {
      assert.ok(now.ring, `the focus on «${name}» is visible`);
      return;
    }
  }
  throw new Error(`Tab never reached «${name}»`);
}

test('an applicant opens an account with the keyboard alone, seeing the focus move', async () => {
  const { page } = await newDevice(env.browser, PHONE);
  await page.goto(`${env.server.url}/register`);
  await page.getByLabel('أقرب نقطة استقبال إليك').locator('option', { hasText: 'نقطة صبيا' }).waitFor({ state: 'attached' });

  await tabTo(page, 'رقم الهوية الوطنية أو الإقامة');
  await page.keyboard.type('1077334454');
  await tabTo(page, 'رقم الجوال');
  await page.keyboard.type('0551239876');
  await tabTo(page, 'كلمة المرور');
  await page.keyboard.type('جازان-2026-بيت');
  await tabTo(page, 'تأكيد كلمة المرور');
  await page.keyboard.type('جازان-2026-بيت');
  await tabTo(page, 'أقرب نقطة استقبال إليك');
  while (!(await page.getByLabel('أقرب نقطة استقبال إليك').inputValue())) await page.keyboard.press('ArrowDown');
  await shot(page, 'keyboard-register-phone');
  await tabTo(page, 'إنشاء الحساب');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'أهلًا بك' }).waitFor();

  // Signing out is under "my account", in the bar at the bottom.
  await tabTo(page, 'حسابي');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'حسابي' }).waitFor();
  await tabTo(page, 'تسجيل الخروج');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
});
