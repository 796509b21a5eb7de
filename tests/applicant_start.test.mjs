// An applicant's phone is made for an applicant: a one-line bar with the sync state folded
// into a badge, the sections at the bottom within a thumb's reach, and a start page that
// says what the association offers, which documents to have at hand for each kind of
// support, what happens after applying and how long it takes, and how to reach it. Staff
// keep their full bar on a tablet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  PHONE, artifacts, TABLET, indicator, newDevice, shot, signIn, waitSynced, useServerAndBrowser,
} from './support.mjs';

const env = useServerAndBrowser({
  args: ['--contact-phone', '920000000', '--contact-website', 'https://example.org.sa'],
});

/** The box of what `locator` shows, in CSS pixels. */
const box = async (locator) => locator.boundingBox();

test('an applicant starts from a page that explains, with the sections under the thumb', async () => {
  const { context, page } = await newDevice(env.browser, PHONE);
  await signIn(page, env.server.url, 'applicant');
  await waitSynced(page);

  // The bar is one line; the staff's controls are not in it.
  const bar = await box(page.locator('header.topbar'));
  assert.ok(bar.height <= 60, `the bar is ${bar.height}px tall`);
  for (const staffOnly of ['تسجيل الخروج', 'خروج ومسح الجهاز', 'زامن الآن']) {
    assert.equal(await page.getByRole('button', { name: staffOnly }).count(), 0, staffOnly);
  }

  // The start page: no request yet and where to start one, the offers, what comes next.
  await page.getByText('لم تقدّم طلبًا بعد.').waitFor();
  await page.getByRole('link', { name: 'ابدأ طلبًا جديدًا' }).waitFor();
  await page.getByText('ويُنتظر الرد بعد 14 يومًا من التقديم على الأقل').waitFor();
  const rent = page.locator('details.offer', { hasText: 'سداد إيجار' });
  assert.equal(await rent.getByText('عقد الإيجار').isVisible(), false);
  await rent.locator('summary').click();
  await rent.getByText('عقد الإيجار').waitFor();
  await rent.getByText('صورة الهوية الوطنية أو الإقامة').waitFor();
  await rent.getByText('إن كان للأسرة دخل').waitFor();
  // Building asks for the deed of an owned home and for photos; furnishing for neither.
  const build = page.locator('details.offer', { hasText: 'بناء مسكن' });
  await build.locator('summary').click();
  await build.getByText('صور المسكن').waitFor();
  await build.getByText('إن كان المسكن ملكًا للمتقدم').waitFor();
  const furnish = page.locator('details.offer', { hasText: 'تأثيث' });
  await furnish.locator('summary').click();
  assert.equal(await furnish.getByText('صك ملكية المسكن').count(), 0);

  // How to reach the association: the point, and what the server names.
  await page.getByText('نقطة صبيا — قابل موظف علاقات المستفيدين').waitFor();
  assert.equal(await page.getByRole('link', { name: '920000000' }).getAttribute('href'), 'tel:920000000');
  await page.getByRole('link', { name: 'https://example.org.sa' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(artifacts, 'start-phone-screen.png') });
  await shot(page, 'start-phone');

  // The sections sit at the bottom of the screen, whatever the scroll.
  const nav = page.getByRole('navigation', { name: 'الأقسام' });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const tabs = await box(nav);
  assert.ok(Math.abs(tabs.y + tabs.height - PHONE.height) <= 1, `the bar ends at ${tabs.y + tabs.height}`);
  for (const name of ['الرئيسية', 'طلب جديد', 'الاحتياجات والمقترحات', 'حسابي']) {
    const link = await box(nav.getByRole('link', { name }));
    assert.ok(link.height >= 44 && link.width >= 44, `«${name}» is ${link.width}×${link.height}`);
  }
  assert.equal(await nav.getByRole('link', { name: 'الرئيسية' }).getAttribute('aria-current'), 'page');
  // Nothing of the page hides behind the bar at the end of the scroll.
  const last = await box(page.locator('.reach li').last());
  assert.ok(last.y + last.height <= tabs.y, 'the last line shows above the bar');

  // The badge opens to the whole sync state, and sync can be asked for there.
  const status = indicator(page);
  const badge = status.locator('summary');
  await badge.getByText('متصل', { exact: true }).waitFor();
  await badge.click();
  await status.getByText('لا شيء بانتظار الإرسال').waitFor();
  await status.getByRole('button', { name: 'زامن الآن' }).click();
  await waitSynced(page);
  // Each round of sync leaves the opened badge open.
  await status.getByRole('button', { name: 'زامن الآن' }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, 'start-sync-open-phone-screen.png') });
  await shot(page, 'start-sync-open-phone');
  await badge.click();

  // Offline, the badge says so without being opened.
  await context.setOffline(true);
  await badge.getByText('غير متصل').waitFor();
  await context.setOffline(false);
  await badge.getByText('متصل', { exact: true }).waitFor();

  // In English the page turns left to right and keeps fitting.
  await nav.getByRole('link', { name: 'حسابي' }).click();
  await page.getByRole('heading', { name: 'حسابي' }).waitFor();
  await page.getByText('نقطة صبيا').waitFor();
  await shot(page, 'account-phone');
  await page.getByRole('button', { name: 'English' }).last().click();
  await page.getByRole('heading', { name: 'My account' }).waitFor();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await page.getByText('What happens after you apply').waitFor();
  assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `the English page is ${wide}px wider than the screen`);
  await shot(page, 'start-english-phone');
  await page.getByRole('button', { name: 'العربية' }).first().click();

  // Signing out is on the account page.
  await page.getByRole('link', { name: 'حسابي' }).click();
  await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
  await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'الأقسام' }).count(), 0);
  await context.close();
});

test('an applicant on a tablet gets the same start; staff keep their full bar', async () => {
  const applicant = await newDevice(env.browser, TABLET);
  await signIn(applicant.page, env.server.url, 'applicant');
  await applicant.page.getByRole('heading', { name: 'ما تقدّمه الجمعية' }).waitFor();
  await shot(applicant.page, 'start-tablet');
  await applicant.context.close();

  const officer = await newDevice(env.browser, TABLET);
  await signIn(officer.page, env.server.url, 'officer.sabya');
  await officer.page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
  await officer.page.getByRole('button', { name: 'خروج ومسح الجهاز' }).waitFor();
  await indicator(officer.page).getByRole('button', { name: 'زامن الآن' }).waitFor();
  const sections = officer.page.getByRole('navigation', { name: 'الأقسام' });
  for (const name of ['الطلبات', 'الاستقبال', 'الاحتياجات والمقترحات', 'المكتبة']) {
    await sections.getByRole('link', { name }).waitFor();
  }
  assert.equal(await sections.getByRole('link', { name: 'لوحة المتابعة' }).count(), 0);
  assert.equal(await officer.page.locator('.tabbar').count(), 0);
  await officer.context.close();
});
