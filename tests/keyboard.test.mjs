// The keyboard alone: an applicant opens an account and signs out again, an officer works
// the queues and the first steps of a request, the head office filters and searches, all
// without touching the screen, every control reached in order with Tab, its focus drawn
// where it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, TABLET, newDevice, shot, signIn, useServerAndBrowser } from './support.mjs';

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

/**
 * Presses Tab until the control called `name` (or whose name starts with it, with
 * `prefix`) has the focus; its focus must be visible.
 */
async function tabTo(page, name, { prefix = false } = {}) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.name === name || (prefix && now.name.startsWith(name))) {
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
  await tabTo(page, 'إرسال رمز التحقق');
  await page.keyboard.press('Enter');
  await page.getByLabel('رمز التحقق').waitFor();
  await tabTo(page, 'رمز التحقق');
  await page.keyboard.type(await env.gateway.codeTo('0551239876'));
  await tabTo(page, 'تأكيد وفتح الحساب');
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

test('an officer works the queues and a request with the keyboard alone', async () => {
  const { page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'officer.sabya');
  await page.locator('body').focus();

  // A work queue is chosen with Enter, and says it is chosen.
  await tabTo(page, 'بانتظار مطابقة المستندات', { prefix: true });
  await page.keyboard.press('Enter');
  await page.locator('button[data-queue="to_verify"][aria-pressed="true"]').waitFor();
  await tabTo(page, 'كل الطلبات');
  await page.keyboard.press('Space');
  await page.locator('.queues button:not([data-queue])[aria-pressed="true"]').waitFor();

  // The filters open from their summary, and a choice is made with the arrows.
  await tabTo(page, 'تصفية الطلبات', { prefix: true });
  await page.keyboard.press('Enter');
  await tabTo(page, 'الحالة');
  await page.keyboard.press('ArrowDown');
  await page.getByText('مسح التصفية').and(page.locator(':enabled')).waitFor();
  await tabTo(page, 'مسح التصفية');
  await page.keyboard.press('Enter');
  await page.locator('button.link:disabled', { hasText: 'مسح التصفية' }).waitFor();

  // A new request, its first step typed and the next step reached.
  await page.locator('body').focus();
  await tabTo(page, 'طلب جديد');
  await page.keyboard.press('Enter');
  await page.getByLabel('الاسم الأول').waitFor();
  await tabTo(page, 'الاسم الأول');
  await page.keyboard.type('سالم');
  await tabTo(page, 'اسم الأب');
  await page.keyboard.type('علي');
  await tabTo(page, 'التالي');
  await page.keyboard.press('Enter');
  await page.locator('legend', { hasText: 'الأسرة' }).first().waitFor();
  await shot(page, 'keyboard-request-tablet');
});

test('the head office searches and orders every request with the keyboard alone', async () => {
  const { page } = await newDevice(env.browser, TABLET);
  await signIn(page, env.server.url, 'head');
  await page.goto(`${env.server.url}/office/cases`);
  await page.getByRole('heading', { name: 'البحث في كل الطلبات' }).waitFor();
  await page.locator('body').focus();
  await tabTo(page, 'الاسم أو رقم الهوية أو الجوال أو رقم الطلب');
  await page.keyboard.type('الفيفي');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=/);
  await tabTo(page, 'الترتيب');
  await page.keyboard.press('ArrowDown');
  await page.waitForURL(/sort=/);
  await shot(page, 'keyboard-office-tablet');
});
