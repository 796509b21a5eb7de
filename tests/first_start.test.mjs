// Day one at a new association: a server started without the demo, set up from the
// browser alone. The admin signs in with the printed password, follows the checklist
// (points, staff brought in from a sheet, contact details, a test text through the
// gateway, a backup), brings in a 200-row register (three rows refused, mended, brought
// again: 200 requests, none twice), an applicant opens an account at the new point, and
// its officer, past the handed-over password, works on the imported requests offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PHONE, TABLET, newDevice, openAccount, shot, useServerAndBrowser, waitSaved, waitSynced, haveCount,
} from './support.mjs';

// The session cookie is kept to HTTPS, which browsers honour on this machine's own address.
const env = useServerAndBrowser({ demo: false, args: ['--secure-cookies'] });

async function signInAs(page, username, password) {
  await page.goto(env.server.url);
  await page.getByLabel('اسم المستخدم').fill(username);
  await page.getByLabel('كلمة المرور').fill(password);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('heading', { name: /^(الطلبات|أهلًا بك)$/ }).waitFor();
}

/** Runs the server's own command line against the journey's data, and waits for it. */
async function serverCommand(...args) {
  const proc = spawn(env.server.bin, [...args, '--data-dir', env.server.dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (chunk) => { out += chunk; });
  const code = await new Promise((ok) => proc.on('exit', ok));
  assert.equal(code, 0, `server ${args.join(' ')} failed: ${out}`);
  return out;
}

async function openPoint(page, ar, en, governorate) {
  const form = page.getByRole('form', { name: 'نقطة استقبال جديدة' });
  await form.getByLabel('الاسم بالعربية').fill(ar);
  await form.getByLabel('الاسم بالإنجليزية').fill(en);
  await form.getByLabel('المحافظة').selectOption({ label: governorate });
  await form.getByRole('button', { name: 'إضافة النقطة' }).click();
  await form.getByRole('status').getByText(`حُفظت: ${ar}`).waitFor();
  await page.getByRole('listitem', { name: ar }).waitFor();
}

/** A valid national ID from a number: nine digits and their Luhn check digit. */
function nationalId(n) {
  const nine = `1${String(n).padStart(8, '0')}`;
  const luhn = (s) => [...s].reverse().reduce((sum, c, i) => {
    let d = Number(c);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    return sum + d;
  }, 0) % 10 === 0;
  for (let d = 0; d <= 9; d += 1) if (luhn(nine + d)) return nine + d;
  throw new Error(`no check digit for ${n}`);
}

const FIRST = ['محمد', 'فاطمة', 'علي', 'مريم', 'حسن', 'نورة', 'يحيى', 'خديجة', 'موسى', 'حليمة'];
const FAMILY = ['الحكمي', 'المدخلي', 'الفيفي', 'العطاس', 'الحازمي', 'النعمي', 'الشهري',
  'القحطاني', 'الزهراني', 'العريشي'];
/** The one request the officer works on: a name no other row has. */
const ZAINAB = 'زينب عبدالله حسن الصميلي';

/** A register of 200 requests as the association keeps it; unmended, three rows are wrong:
 * an ID whose last digit is off (row 51), a mobile too short (row 101), a governorate
 * outside the region (row 151). */
function register(mended) {
  const lines = ['رقم الهوية,الاسم,الجوال,المحافظة,نقطة الاستقبال,تاريخ التقديم,الحالة'];
  for (let i = 0; i < 200; i += 1) {
    let id = nationalId(3_000_000 + i);
    let mobile = `05${String(50_000_000 + i).padStart(8, '0')}`;
    let governorate = 'صامطة';
    if (!mended && i === 49) id = id.slice(0, 9) + ((Number(id[9]) + 1) % 10);
    if (!mended && i === 99) mobile = '0512';
    if (!mended && i === 149) governorate = 'الرياض';
    const name = i === 0 ? ZAINAB : `${FIRST[i % 10]} علي أحمد ${FAMILY[Math.floor(i / 10) % 10]}`;
    const day = `1446/${String(1 + (i % 12)).padStart(2, '0')}/${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(`${id},${name},${mobile},${governorate},نقطة صامطة,${day},مقدَّم`);
  }
  return lines.join('\r\n');
}

/** Chooses `content` as the file `name` in the file field labelled `label`. */
async function choose(page, label, name, content) {
  const mimeType = name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
  await page.getByLabel(label).setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
}

async function count(page, kind, n) {
  await page.locator(`.import-counts [data-count="${kind}"]`, { hasText: `: ${n}` }).waitFor();
}

function line(page, item) {
  return page.locator(`.checklist-item[data-item="${item}"]`).first();
}

test('a new association is set up from the browser alone', async () => {
  const admin = await newDevice(env.browser, TABLET);
  const { page } = admin;
  // Nothing to choose from before the head office opens a point.
  const empty = await (await fetch(`${env.server.url}/api/outreach-points`)).json();
  assert.deepEqual(empty, []);

  await signInAs(page, 'admin', 'journey-admin');
  // The home shows what is left before going live.
  await page.getByRole('heading', { name: 'قبل التشغيل' }).waitFor();
  // Reached on this machine with the cookie kept to HTTPS: that line alone holds already.
  await page.getByText('أُنجز 1 من 6').waitFor();
  await shot(page, 'first-start-home-tablet');

  await page.getByRole('link', { name: 'أضف نقطة' }).first().click();
  await page.getByRole('heading', { name: 'إعداد الجمعية' }).waitFor();
  // A refusal names the field, in Arabic, before anything is sent.
  const form = page.getByRole('form', { name: 'نقطة استقبال جديدة' });
  await form.getByRole('button', { name: 'إضافة النقطة' }).click();
  await form.getByText('هذا الحقل مطلوب').first().waitFor();
  await openPoint(page, 'نقطة صامطة', 'Samtah', 'صامطة');
  await openPoint(page, 'نقطة بيش', 'Baish', 'بيش');
  await line(page, 'Points').locator('.badge.ok').waitFor();

  // What applicants see of a point: its address and hours.
  const samtah = page.getByRole('listitem', { name: 'نقطة صامطة' });
  await samtah.getByRole('button', { name: 'تعديل' }).click();
  await samtah.getByLabel('العنوان كما يجده المستفيد').fill('صامطة، حي الملك فهد، بجوار البلدية');
  await samtah.getByLabel('أوقات العمل').fill('الأحد إلى الخميس ٨ص–٢م');
  await samtah.getByRole('button', { name: 'حفظ التعديل' }).click();
  await samtah.getByText('بجوار البلدية').waitFor();

  // Baish will not open after all: closed, with nothing to move.
  const baish = page.getByRole('listitem', { name: 'نقطة بيش' });
  await baish.getByRole('button', { name: 'إغلاق النقطة' }).click();
  await baish.getByLabel('تُنقل طلباتها إلى').selectOption({ label: 'نقطة صامطة' });
  await baish.getByLabel('السبب، كما يقرؤه المستفيد').fill('لم تُفتتح نقطة بيش بعد');
  await baish.getByRole('button', { name: 'أغلق النقطة وانقل طلباتها' }).click();
  await page.getByRole('listitem', { name: 'نقطة بيش' }).getByText('مغلقة منذ').waitFor();

  // The contact details applicants see.
  const settings = page.locator('#settings');
  await settings.getByLabel('الهاتف').fill('٩٢٠٠٠٠٠٠٠');
  await settings.getByLabel('الموقع الإلكتروني').fill('http://jazan-housing.org.sa');
  await settings.getByRole('button', { name: 'حفظ إصدار جديد' }).click();
  await settings.getByText('عنوان موقع يبدأ بـ https://').first().waitFor();
  await settings.getByLabel('الموقع الإلكتروني').fill('https://jazan-housing.org.sa');
  await settings.getByRole('button', { name: 'حفظ إصدار جديد' }).click();
  await page.locator('#settings').getByText('حُفظ الإصدار 2').waitFor();
  await line(page, 'Contact').locator('.badge.ok').waitFor();

  // A test text through the gateway, with its answer.
  await line(page, 'Sms').getByLabel('جوال لرسالة التجربة').fill('0551110000');
  await line(page, 'Sms').getByRole('button', { name: 'أرسل رسالة تجربة' }).click();
  await line(page, 'Sms').locator('.badge.ok').waitFor();
  const test = await env.gateway.messageTo('0551110000');
  assert.match(test, /رسالة تجربة/);
  await shot(page, 'setup-tablet');

  // Staff of each role come in from a sheet, the officer at the new point, each with a
  // one-time password on the hand-over sheet.
  await page.getByRole('link', { name: 'استيراد من ملف' }).click();
  await page.getByRole('heading', { name: 'استيراد السجل القائم' }).waitFor();
  await choose(page, 'ملف الموظفين', 'الموظفون.csv', [
    'اسم المستخدم,الاسم,الدور,نقطة الاستقبال,الجوال',
    'officer.samtah,سالم الحكمي,موظف علاقات المستفيدين,نقطة صامطة,0551230001',
    'researcher.one,خالد المدخلي,باحث اجتماعي,,',
    'committee.one,لجنة البحث,لجنة البحث,,',
  ].join('\r\n'));
  await page.getByRole('button', { name: 'تجربة حسابات الموظفين' }).click();
  await page.getByRole('heading', { name: 'نتيجة التجربة (لم يُفتح شيء)' }).waitFor();
  await page.getByRole('button', { name: 'فتح حسابات الموظفين' }).click();
  const handover = page.locator('.handover');
  await handover.getByRole('heading', { name: 'ورقة تسليم الحسابات' }).waitFor();
  const officerRow = handover.locator('tr', { hasText: 'officer.samtah' });
  const oneTime = (await officerRow.locator('code.password').textContent()).trim();
  assert.match(oneTime, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await haveCount(handover.locator('code.password'), 3);
  await shot(page, 'staff-handover-tablet');

  // The existing register: a dry run names the three bad rows, the import brings the
  // rest, the mended file brings the three, and nothing comes twice.
  await choose(page, 'ملف السجل', 'السجل.csv', register(false));
  const mapping = page.locator('table.mapping');
  await mapping.getByRole('combobox', { name: 'رقم الهوية' }).waitFor();
  assert.equal(await mapping.getByRole('combobox', { name: 'الاسم' }).inputValue(), 'full_name');
  await page.getByLabel('نقطة الاستقبال للصفوف التي لا تذكر نقطة').selectOption({ label: 'نقطة صامطة' });
  await page.getByRole('button', { name: 'تجربة دون حفظ' }).click();
  await page.getByRole('heading', { name: 'نتيجة التجربة (لم يُحفظ شيء)' }).waitFor();
  await count(page, 'created', 197);
  await count(page, 'refused', 3);
  const refused = page.locator('table.refused-rows');
  await refused.locator('tr[data-row="51"]', { hasText: 'رقم الهوية غير صحيح' }).waitFor();
  await refused.locator('tr[data-row="101"]', { hasText: 'رقم الجوال غير صحيح' }).waitFor();
  await refused.locator('tr[data-row="151"]', { hasText: 'المحافظة' }).waitFor();
  await shot(page, 'import-dry-run-tablet');
  await page.getByRole('button', { name: 'استيراد', exact: true }).click();
  await page.getByRole('heading', { name: 'نتيجة الاستيراد' }).waitFor();
  await count(page, 'created', 197);
  await choose(page, 'ملف السجل', 'السجل-مصحح.csv', register(true));
  await page.getByText('المطابقة المحفوظة لهذا الشكل من الملفات.', { exact: false }).waitFor();
  await page.getByLabel('نقطة الاستقبال للصفوف التي لا تذكر نقطة').selectOption({ label: 'نقطة صامطة' });
  await page.getByRole('button', { name: 'استيراد', exact: true }).click();
  await page.getByRole('heading', { name: 'نتيجة الاستيراد' }).waitFor();
  await count(page, 'created', 3);
  await count(page, 'unchanged', 197);
  await count(page, 'refused', 0);
  await shot(page, 'import-done-tablet');
  const listed = await page.evaluate(async () => (await fetch('/api/office/cases')).json());
  assert.equal(listed.total, 200, '200 requests, none twice');

  // A backup taken by the server's own command, as its timer would.
  const backups = mkdtempSync(join(tmpdir(), 'brs-backups-'));
  try {
    await serverCommand('backup', '--to', join(backups, 'first.backup'));
  } finally {
    rmSync(backups, { recursive: true, force: true });
  }
  await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'إعداد الجمعية' }).click();
  await page.getByText('أُنجز 6 من 6').waitFor();
  await shot(page, 'setup-done-tablet');
  // Done, the home no longer shows the checklist.
  await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'الطلبات', exact: true }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'قبل التشغيل' }).count(), 0);

  // An applicant opens an account at the new point; the closed one is not offered.
  const phone = await newDevice(env.browser, PHONE);
  await phone.page.goto(`${env.server.url}/register`);
  const points = phone.page.getByLabel('أقرب نقطة استقبال إليك');
  await points.locator('option', { hasText: 'نقطة صامطة' }).waitFor({ state: 'attached' });
  assert.equal(await points.locator('option', { hasText: 'نقطة بيش' }).count(), 0);
  await openAccount(phone.page, env.gateway, {
    id: '1044556676', mobile: '0557770001', password: 'بيتي-في-صامطة-1', point: 'نقطة صامطة',
  });
  // Their start page says where their point is and when it is open.
  await waitSynced(phone.page);
  await phone.page.locator('.point-details', { hasText: 'بجوار البلدية' }).waitFor();
  await phone.page.locator('.point-details', { hasText: 'الأحد إلى الخميس' }).waitFor();
  await shot(phone.page, 'first-start-applicant-phone');

  // The officer signs in with the handed-over password, must choose their own first, and
  // then has the point's imported requests on the tablet.
  const officer = await newDevice(env.browser, TABLET);
  const o = officer.page;
  await o.goto(env.server.url);
  await o.getByLabel('اسم المستخدم').fill('officer.samtah');
  await o.getByLabel('كلمة المرور').fill(oneTime);
  await o.getByRole('button', { name: 'دخول' }).click();
  await o.getByText('كلمة المرور هذه سلّمتها لك الإدارة').waitFor();
  const change = o.getByRole('form', { name: 'تغيير كلمة المرور' });
  await change.getByLabel('كلمة المرور الحالية').fill(oneTime);
  await change.getByLabel('كلمة المرور الجديدة', { exact: true }).fill('جهاز-صامطة-2026');
  await change.getByLabel('تأكيد كلمة المرور الجديدة').fill('جهاز-صامطة-2026');
  await change.getByRole('button', { name: 'تغيير كلمة المرور' }).click();
  await o.getByRole('heading', { name: 'الطلبات' }).waitFor();
  await o.locator('.who-point', { hasText: 'نقطة صامطة' }).waitFor();
  await waitSynced(o);

  // Offline, a call to an imported request's applicant is logged, and sent when back.
  await officer.context.setOffline(true);
  await o.getByLabel('بحث بالاسم أو رقم الهوية أو المرجع').fill('الصميلي');
  await o.getByRole('link', { name: ZAINAB, exact: true }).click();
  await o.getByText('استُورد من السجل.csv، الصف 2').waitFor();
  const log = o.getByRole('form', { name: 'تسجيل تواصل مع المستفيد' });
  await log.getByLabel('نتيجة التواصل').selectOption('reached');
  await log.getByLabel('ملخص التواصل').fill('أُبلغت بأن طلبها المستورد قيد المتابعة');
  await log.getByRole('button', { name: 'تسجيل التواصل' }).click();
  await o.getByRole('region', { name: 'سجل التواصل' })
    .getByText('أُبلغت بأن طلبها المستورد قيد المتابعة', { exact: false }).waitFor();
  await waitSaved(o);
  await shot(o, 'imported-request-offline-tablet');
  await officer.context.setOffline(false);
  await o.getByRole('link', { name: 'كل الطلبات' }).click();
  await waitSynced(o);
  // The head office's history of the request: brought in by the admin, then the call.
  const ops = await page.evaluate(async (name) => {
    const found = await (await fetch(`/api/office/cases?q=${encodeURIComponent(name)}`)).json();
    const history = await (await fetch(`/api/cases/${found.rows[0].id}/history`)).json();
    return history.map((h) => `${h.op.type}:${h.user.name}`);
  }, 'الصميلي');
  assert.deepEqual(ops, ['import:مدير النظام', 'log_contact:سالم الحكمي']);
});
