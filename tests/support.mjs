// What every journey needs: a real server on its own port and database file, and
// Debian's Chromium driven by playwright-core at phone or tablet size.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import {
  existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(root, 'tests', 'artifacts');
/** The built app the journeys serve. */
export const dist = join(root, 'dist');
mkdirSync(artifacts, { recursive: true });

export const TABLET = { width: 820, height: 1180 };
export const PHONE = { width: 390, height: 844 };
export const DEMO_PASSWORD = 'demo-2026';

/** A free port on loopback, so a stopped server can come back on the same address. */
async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * A stand-in SMS gateway: a real HTTP server on loopback that records each message the
 * server sends, as a gateway that drops a repeated client reference would.
 */
export class Gateway {
  static async start() {
    const gateway = new Gateway();
    gateway.messages = [];
    gateway.waiters = [];
    gateway.http = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        const json = (request.headers['content-type'] ?? '').startsWith('application/json');
        const fields = json ? JSON.parse(body) : Object.fromEntries(new URLSearchParams(body));
        if (!gateway.messages.some((m) => m.reference === fields.reference)) {
          gateway.messages.push(fields);
          for (const wake of gateway.waiters.splice(0)) wake();
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `gw-${gateway.messages.length}` }));
      });
    });
    await new Promise((ok) => gateway.http.listen(0, '127.0.0.1', ok));
    return gateway;
  }

  get url() {
    return `http://127.0.0.1:${this.http.address().port}/send`;
  }

  /** The settings that make the server send through this gateway. */
  get env() {
    return {
      BRS_SMS_PROVIDER: 'http', BRS_SMS_URL: this.url, BRS_SMS_REFERENCE_FIELD: 'reference',
      BRS_QUIET_HOURS: 'none', BRS_SMS_RETRY_SECS: '1',
    };
  }

  /** The first message to `mobile` (05XXXXXXXX) after the first `skip`, once it comes. */
  async messageTo(mobile, { skip = 0, timeoutMs } = {}) {
    const to = `966${mobile.slice(1)}`;
    const found = await this.find((m, i, all) => all.filter((n) => n.to === to).indexOf(m) === skip && m.to === to,
      { timeoutMs, what: `a message to ${mobile}` });
    return found.body;
  }

  /** The first message for which `matches(message, index, all)` holds, once it comes. */
  async find(matches, { timeoutMs = 20_000, what = 'the message' } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m, i, all) => matches(m, i, all));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} never came: ${JSON.stringify(this.messages)}`);
      await new Promise((ok) => {
        const timer = setTimeout(ok, left);
        this.waiters.push(() => { clearTimeout(timer); ok(); });
      });
    }
  }

  /** The six-digit code of the latest code sent to `mobile` after the first `skip`. */
  async codeTo(mobile, options) {
    const body = await this.messageTo(mobile, options);
    const code = body.match(/\d{6}/)?.[0];
    if (!code) throw new Error(`no code in «${body}»`);
    return code;
  }

  async stop() {
    await new Promise((ok) => this.http.close(ok));
  }
}

/**
 * Sends `signal` to a child process and resolves once it has exited. One already gone (a
 * journey killed it and failed before starting it again) sends no second exit, and
 * waiting for one would hold the test file open for ever.
 */
async function end(proc, signal) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((ok) => proc.once('exit', ok));
  proc.kill(signal);
  await exited;
}

/**
 * The server with the demo users (none with `demo: false`), on a fresh database; it can be
 * killed and started again.
 */
export class TestServer {
  /**
   * Starts a server; `bin` names another build of it (the benchmarks use the release one),
   * `args` are added to its command line, `dist` is the built app it serves.
   */
  static async start({
    bin = join(root, 'target', 'debug', 'server'), args = [], dist = join(root, 'dist'), env = {},
    dataDir = mkdtempSync(join(tmpdir(), 'brs-journey-')), demo = true,
  } = {}) {
    const server = new TestServer();
    server.demo = demo;
    server.bin = bin;
    server.args = args;
    server.env = env;
    server.dist = dist;
    server.dataDir = dataDir;
    server.port = await freePort();
    await server.up();
    return server;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once it listens. */
  async up() {
    this.proc = spawn(this.bin, ['--port', String(this.port), ...(this.demo ? ['--demo'] : []),
      '--data-dir', this.dataDir, '--dist', this.dist, ...this.args], {
      env: { ...process.env, RUST_LOG: 'warn', BRS_ADMIN_PASSWORD: 'journey-admin', ...this.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((ok, fail) => {
      let out = '';
      this.proc.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('listening on')) ok();
      });
      this.proc.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
    });
  }

  /** Kills the process at once, as a lost network or a dead machine would. */
  async kill() {
    await end(this.proc, 'SIGKILL');
  }

  async stop() {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The throwaway PostgreSQL cluster `make journeys` runs in (scripts/with-postgres.sh names
 * it in BRS_TEST_POSTGRES), or none when a journey file is run alone.
 */
export const POSTGRES = process.env.BRS_TEST_POSTGRES || null;
/** The reason a test needing PostgreSQL gives for skipping without it. */
export const NEEDS_POSTGRES = POSTGRES ? false : 'needs PostgreSQL: run it under scripts/with-postgres.sh';

/** Runs a program to its end; rejects with its output when it fails. */
function run(program, args) {
  return new Promise((ok, fail) => {
    const p = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { out += c; });
    p.on('error', fail);
    p.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${program} exited with ${code}: ${out}`))));
  });
}

/** A new, empty database on the cluster; its URL. */
export async function postgresDatabase() {
  const name = `brs_journey_${Math.random().toString(36).slice(2, 10)}`;
  await run('psql', [POSTGRES, '-qc', `CREATE DATABASE ${name}`]);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Debian's nginx on a free loopback port, in front of `upstreams` with the configuration
 * the operations guide gives (docs/nginx.conf), only its addresses changed and without TLS.
 */
export class Nginx {
  static async start(upstreams) {
    const nginx = new Nginx();
    nginx.dir = mkdtempSync(join(tmpdir(), 'brs-nginx-'));
    nginx.port = await freePort();
    let site = readFileSync(join(root, 'docs', 'nginx.conf'), 'utf8');
    const servers = [...site.matchAll(/^( *server )127\.0\.0\.1:\d+;.*$/gm)];
    if (servers.length !== upstreams.length) throw new Error('docs/nginx.conf names another number of instances');
    servers.forEach((m, i) => { site = site.replace(m[0], `${m[1]}127.0.0.1:${upstreams[i]};`); });
    const listen = /^ *listen 443 ssl.*$/m;
    if (!listen.test(site)) throw new Error('docs/nginx.conf no longer listens as expected');
    site = site.replace(listen, `    listen 127.0.0.1:${nginx.port};`);
    const d = nginx.dir;
    writeFileSync(join(d, 'nginx.conf'), [
      'daemon off;', 'worker_processes 1;', `pid ${d}/nginx.pid;`, `error_log ${d}/error.log warn;`,
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'events { worker_connections 4096; }',
      'http {', '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${d}/${t};`),
      site, '}',
    ].join('\n'));
    // Debian puts it in /usr/sbin, which a user's PATH may lack.
    const bin = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
    nginx.proc = spawn(bin, ['-p', d, '-c', join(d, 'nginx.conf'), '-e', join(d, 'error.log')], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let exit = null;
    nginx.proc.once('exit', (code) => { exit = code; });
    // Ready once it answers: it binds its port a moment after it starts.
    for (;;) {
      if (exit !== null) throw new Error(`nginx exited with ${exit}: ${readFileSync(join(d, 'error.log'), 'utf8')}`);
      try {
        await fetch(`${nginx.url}/api/outreach-points`);
        return nginx;
      } catch {
        await new Promise((ok) => { setTimeout(ok, 20); });
      }
    }
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop() {
    await end(this.proc, 'SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** How the journeys start Debian's Chromium: as root, with no display and no network of its own. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/**
 * Each journey's pages are of one site, so site isolation only adds processes: without it
 * eight journey files took about 6 % less processor time. The benchmarks keep it, as a
 * user's browser has it.
 */
const JOURNEY_ARGS = ['--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process'];

/** A browser for the journeys, or, with `{ journey: false }`, as a user's is (the benchmarks). */
export async function launch({ journey = true } = {}) {
  return chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, ...(journey ? JOURNEY_ARGS : [])] });
}

/** Uncaught errors of every page (a panic in the app traps as one); none may happen. */
const pageErrors = [];
const consoles = new WeakMap();

/**
 * A new browser profile (its own IndexedDB and cookies) at the given size; `options` adds
 * to the context's (a location, permissions).
 */
export async function newDevice(browser, viewport, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'ar-SA', ...options });
  // Tests read the device's data where the app keeps it: the signed-in user's database,
  // named after their id, which the device database records. The page's content security
  // policy forbids evaluating code, so the helper is installed with each document.
  await context.addInitScript(() => {
    window.userDb = () => new Promise((ok, fail) => {
      const device = indexedDB.open('brs-device');
      device.onerror = () => fail(device.error);
      device.onsuccess = () => {
        const me = device.result.transaction('meta').objectStore('meta').get('me');
        me.onsuccess = () => {
          device.result.close();
          if (!me.result) { fail(new Error('nobody is signed in')); return; }
          const open = indexedDB.open(`brs-u${me.result.value.id}`);
          open.onerror = () => fail(open.error);
          open.onsuccess = () => ok(open.result);
        };
      };
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The last lines each page wrote, printed when its journey fails.
  const recent = [];
  consoles.set(page, recent);
  page.on('console', (m) => { recent.push(`${m.type()}: ${m.text()}`); if (recent.length > 40) recent.shift(); });
  if (process.env.BRS_CONSOLE) page.on('console', (m) => console.log(`[${viewport.width}] ${m.type()}: ${m.text()}`));
  return { context, page };
}

export async function signIn(page, url, username) {
  await page.goto(url);
  await page.getByLabel('اسم المستخدم').fill(username);
  await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await home(page);
}

/**
 * Waits for the first page after sign-in: the case list for staff, the start page for
 * an applicant.
 */
export async function home(page) {
  await page.getByRole('heading', { name: /^(الطلبات|أهلًا بك)$/ }).waitFor();
}

/**
 * Holds the requests of `page` to addresses matching `pattern` until the returned function
 * is called, as a slow network would: what the page does meanwhile is what a user sees.
 */
export async function holdRequests(page, pattern) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(pattern, async (route) => {
    await held;
    // A request the page gave up on meanwhile (it navigated away) is gone by then.
    await route.continue().catch(() => {});
  });
  return release;
}

/** The sync indicator. */
export function indicator(page) {
  return page.getByRole('status', { name: 'حالة المزامنة' });
}

/** Asks for a sync now, from the indicator or, on an applicant's phone, from its badge. */
export async function syncNow(page) {
  const badge = indicator(page).locator('details.sync-badge:not([open]) > summary');
  if (await badge.count()) await badge.click();
  await indicator(page).getByRole('button', { name: 'زامن الآن' }).click();
}

/** Syncs now, once the running sync (if any) has finished. */
export async function syncWhenIdle(page) {
  await indicator(page).and(page.locator('[data-syncing="false"]')).waitFor();
  await page.getByRole('button', { name: 'زامن الآن' }).click();
}

/**
 * Every push the watched pages send and the server's answer to each, by mutation id; it
 * can act at the start of the next push (kill a server in the middle of it).
 */
export class PushLog {
  sent = new Map();
  answers = new Map();
  #atNextPush = null;

  watch(page) {
    page.on('request', (r) => {
      if (!r.url().endsWith('/api/sync/push')) return;
      for (const m of JSON.parse(r.postData()).mutations) this.sent.set(m.mutation_id, m.case_id);
      const act = this.#atNextPush;
      this.#atNextPush = null;
      act?.();
    });
    page.on('response', async (r) => {
      if (!r.url().endsWith('/api/sync/push') || !r.ok()) return;
      try {
        for (const x of (await r.json()).results) this.answers.set(x.mutation_id, x.outcome);
      } catch {
        // The reply was cut (the server died); the retry's reply will say.
      }
    });
  }

  /** Runs `act` when the next push starts; resolves once it has run. */
  atNextPush(act) {
    return new Promise((ok) => { this.#atNextPush = () => act().then(ok); });
  }

  /** The ids of the cases the pushes carried. */
  cases() {
    return [...new Set(this.sent.values())];
  }

  /**
   * Checks that every change sent was answered and applied once — a draft holds one
   * revision per change applied, a request handed in at least that (the server adds its
   * own, its text message's delivery) — and that every page's device holds each case as
   * the server does, with nothing left to send.
   */
  async assertConverged(onServer, pages) {
    for (const id of this.cases()) {
      const kept = onServer.get(id);
      const ids = [...this.sent].filter(([, c]) => c === id).map(([m]) => m);
      for (const m of ids) assert.ok(this.answers.has(m), `mutation ${m} was answered`);
      const applied = ids.filter((m) => this.answers.get(m).outcome !== 'rejected').length;
      if (kept.status === 'draft') {
        assert.equal(kept.revision, applied,
          'each change applied exactly once: one revision per change, none twice, none lost');
      } else {
        assert.ok(kept.revision >= applied, 'every change of the request is kept');
      }
      for (const page of pages) {
        const { cases, outbox } = await deviceData(page);
        assert.equal(outbox.length, 0, 'nothing left to send');
        assert.deepEqual(cases.find((c) => c.id === id), kept, 'the device holds what the server holds');
      }
    }
  }
}

/** Every case `username` sees on the server at `url`, by id, pulled as a device would. */
export async function serverCases(url, username = 'officer.sabya') {
  const login = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-brs-request': '1' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const cases = new Map();
  let cursor = 0;
  for (;;) {
    const r = await fetch(`${url}/api/sync/pull?cursor=${cursor}&limit=1000`, { headers: { cookie } });
    const page = await r.json();
    for (const c of page.changes) cases.set(c.id, c);
    cursor = page.cursor;
    if (!page.has_more) return cases;
  }
}

/** Waits until the indicator says nothing waits and the last sync finished. */
export async function waitSynced(page) {
  const status = indicator(page);
  await status.and(page.locator('[data-syncing="false"][data-pending="0"]')).waitFor();
  // On an applicant's phone the words are in the badge's folded details.
  await status.getByText('لا شيء بانتظار الإرسال').waitFor({ state: 'attached' });
}

/**
 * Waits until the service worker keeps every file of the app, the shell and (as it does
 * once someone signed in) every part loaded on first use, so any page opens with no
 * network. The lists are the ones the build wrote into the worker.
 */
export async function waitOfflineReady(page) {
  await waitForDevice(page, async () => {
    const reg = await navigator.serviceWorker.ready;
    const worker = await (await fetch('/sw.js')).text();
    const lists = [...worker.matchAll(/^const (?:SHELL|LATER) = (\[.*\]);$/gm)]
      .flatMap((m) => JSON.parse(m[1]));
    const name = (await caches.keys()).find((k) => k.startsWith('brs-shell-'));
    if (!reg.active || !name || lists.length < 10) return false;
    const kept = new Set((await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname));
    return lists.every((path) => kept.has(path));
  });
}

/** Opens a new request and waits for its first step. */
export async function startRequest(page) {
  await page.getByRole('link', { name: 'طلب جديد' }).click();
  await page.getByLabel('الاسم الأول').waitFor();
}

/** Moves to the next step and waits for it. */
export async function nextStep(page, name) {
  await page.getByRole('button', { name: 'التالي' }).click();
  await page.locator('legend', { hasText: name }).first().waitFor();
}

/** Waits until every change is written to the device. */
export async function waitSaved(page) {
  await page.locator('.save-state[data-saved="true"]').waitFor();
}

/** The applicant of the journeys, with the ID in Arabic-Indic digits as people type it. */
export const APPLICANT = {
  'الاسم الأول': 'حسن',
  'اسم الأب': 'علي',
  'اسم الجد': 'محمد',
  'اسم العائلة': 'المدخلي',
  'رقم الهوية الوطنية أو الإقامة': '١٠٧٧٨٨٩٩٠٣',
  'رقم الجوال': '+966 55 987 6543',
  'المركز أو القرية': 'الحسيني',
  'وصف العنوان': 'شرق المسجد الجامع',
};

/** Fills the applicant step; `overrides` by label. */
export async function fillApplicant(page, overrides = {}) {
  for (const [label, value] of Object.entries({ ...APPLICANT, ...overrides })) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByLabel('تاريخ الميلاد (ميلادي)', { exact: true }).fill('1979-04-12');
  await page.getByLabel('الجنس', { exact: true }).selectOption({ label: 'ذكر' });
  await page.getByLabel('الحالة الاجتماعية', { exact: true }).selectOption({ label: 'متزوج / متزوجة' });
  await page.getByLabel('الجنسية', { exact: true }).selectOption({ label: 'سعودي' });
  await page.getByLabel('المحافظة', { exact: true }).selectOption({ label: 'صبيا' });
}

/** The household of the journeys: a wife and two children, one with a disability. */
export const HOUSEHOLD = [
  // Her birth date typed in Hijri, as her ID card gives it: 8 Jumada al-Awwal 1404.
  { relation: 'زوج / زوجة', name: 'فاطمة أحمد المدخلي', id: '1088123458', born: '1984-02-10', hijri: '١٤٠٤/٠٥/٠٨', health: 'لا يوجد', work: 'لا يعمل ولا يدرس' },
  { relation: 'ابن', name: 'علي حسن المدخلي', id: '', born: '2012-06-01', health: 'إعاقة', work: 'يدرس' },
  { relation: 'ابنة', name: 'نورة حسن المدخلي', id: '', born: '2019-09-09', health: 'لا يوجد', work: 'دون سن الدراسة' },
];

/** Adds a member card on the household step and returns it. */
export async function addMember(page) {
  const n = await page.getByRole('listitem', { name: /^الفرد \d+$/ }).count();
  await page.getByRole('button', { name: 'إضافة فرد' }).click();
  const card = page.getByRole('listitem', { name: `الفرد ${n + 1}`, exact: true });
  await card.waitFor();
  return card;
}

/** Adds `members` on the household step. */
export async function fillHousehold(page, members = HOUSEHOLD) {
  for (const m of members) {
    const card = await addMember(page);
    await card.getByLabel('صلة القرابة').selectOption({ label: m.relation });
    await card.getByLabel('الاسم الكامل').fill(m.name);
    if (m.id) await card.getByLabel('رقم الهوية (إن وجد)').fill(m.id);
    if (m.hijri) {
      await card.getByRole('radio', { name: 'هجري' }).check();
      await card.getByLabel('تاريخ الميلاد (هجري)').fill(m.hijri);
      // Stored as its Gregorian day, shown beside it.
      await card.locator('.calendar-other', { hasText: '1984' }).waitFor();
    } else {
      await card.getByLabel('تاريخ الميلاد').fill(m.born);
    }
    await card.getByLabel('إعاقة أو مرض مزمن').selectOption({ label: m.health });
    await card.getByLabel('العمل أو الدراسة').selectOption({ label: m.work });
  }
}

/** A file of the journeys' fixtures. */
export const fixture = (name) => join(root, 'tests', 'fixtures', name);

/**
 * Fills steps 1 to 5 with a request whose checklist asks for two documents only: a
 * household of three with no illness declared, no income, the family house, furnishing
 * and appliances. Leaves the form on the support step.
 */
export async function fillFurnishingRequest(page, applicant = {}) {
  await fillApplicant(page, applicant);
  await nextStep(page, 'الأسرة');
  await fillHousehold(page, HOUSEHOLD.map((m) => ({ ...m, health: 'لا يوجد' })));
  await nextStep(page, 'الدخل');
  await nextStep(page, 'السكن');
  await page.getByLabel('ملكية المسكن', { exact: true }).selectOption({ label: 'بيت العائلة' });
  await page.getByLabel('نوع البناء', { exact: true }).selectOption({ label: 'بيت شعبي' });
  await page.getByLabel('حالة المسكن', { exact: true }).selectOption({ label: 'سيئة' });
  await page.getByLabel('عدد الغرف', { exact: true }).fill('2');
  await nextStep(page, 'الدعم المطلوب');
  await page.getByLabel('تأثيث', { exact: true }).check();
  await page.getByLabel('أجهزة منزلية', { exact: true }).check();
  await page.getByLabel('وصف الاحتياج', { exact: true }).fill('أسرّة وثلاجة ومكيف');
  await page.getByLabel('درجة الاستعجال', { exact: true }).selectOption({ label: 'عادية' });
}

/**
 * Draws a signature on the pad with the mouse (pointer events, as a finger or stylus);
 * with `slip`, the last of it runs past the pad's lower edge, as a finger does.
 */
export async function drawSignature(page, { slip = false } = {}) {
  const pad = page.getByRole('img', { name: /لوحة التوقيع/ });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(box.x + 30 + i * 8, box.y + box.height / 2 + Math.sin(i / 3) * 40);
  }
  if (slip) await page.mouse.move(box.x + 300, box.y + box.height + 40);
  await page.mouse.up();
}

/** The Saudi calendar day `days` after today, as the app writes it in Hijri. */
export function hijriAfter(days) {
  const now = new Date(Date.now() + 3 * 3600 * 1000);
  const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days);
  return new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura-nu-latn',
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
}

/** The documents a furnishing request needs: kind, checklist label, fixture. */
export const FURNISHING_DOCUMENTS = [
  ['national_id_copy', 'صورة الهوية الوطنية أو الإقامة', 'id-card.jpg'],
  ['family_register', 'سجل الأسرة', 'family-register.jpg'],
];

/**
 * On the documents step, attaches each of `documents` (kind, checklist label, fixture)
 * and checks it against the original; returns each row once it says so.
 */
export async function attachChecked(page, documents) {
  const rows = [];
  for (const [kind, label, file] of documents) {
    const row = page.locator(`[data-kind="${kind}"]`);
    await page.getByLabel(`اختيار ملف: ${label}`).setInputFiles(fixture(file));
    await row.locator('.thumb img').waitFor();
    // The file is kept with the request (its line says so) before it is checked: the tick
    // is not laid over a line still being redrawn.
    await page.locator(`[data-kind="${kind}"][data-state="provided"]`).waitFor();
    await row.getByLabel('طابقتُه مع الأصل').check();
    await page.locator(`[data-kind="${kind}"][data-state="verified"]`).waitFor();
    rows.push(row);
  }
  return rows;
}

/**
 * An officer's intake on a tablet, from a new request to its receipt: the furnishing
 * request, both documents attached and checked against their originals, signed and
 * submitted. Returns the reference.
 */
export async function officerIntake(page, applicant = {}) {
  await startRequest(page);
  await fillFurnishingRequest(page, applicant);
  await nextStep(page, 'المستندات');
  await attachChecked(page, FURNISHING_DOCUMENTS);
  await waitSaved(page);
  await nextStep(page, 'الإقرار والتقديم');
  await page.getByText('لم يوقّع مقدم الطلب على الإقرار').waitFor();
  // A pad sized before it was laid out, as on a slow tablet, still takes the signature,
  // and so does one whose last stroke slips past the pad's edge.
  await page.locator('canvas.signature-pad').evaluate((c) => { c.width = 1; });
  await drawSignature(page, { slip: true });
  await page.getByRole('button', { name: 'اعتماد التوقيع' }).click();
  await page.locator('[data-signed="true"]').waitFor();
  // Where the tap landed is kept, so that a receipt that never opens says whether the
  // button had it.
  // (Listened to once per page: a second intake on it empties the list only.)
  await page.evaluate(() => {
    if (!window.submitTaps) {
      for (const kind of ['pointerdown', 'click']) {
        document.addEventListener(kind, (e) => window.submitTaps.push(
          `${kind} on ${e.target.outerHTML.slice(0, 80)}`), { capture: true });
      }
    }
    window.submitTaps = [];
  });
  await page.getByRole('button', { name: 'تقديم الطلب' }).click();
  await page.getByRole('heading', { name: 'إيصال تقديم طلب دعم' }).waitFor().catch(async (e) => {
    const taps = await page.evaluate(() => window.submitTaps).catch(() => 'the page was left');
    throw new Error(`${e.message}\nthe taps the page saw: ${JSON.stringify(taps)}`);
  });
  return (await page.locator('.receipt-reference').textContent()).trim();
}

/**
 * Fills income, housing and support: an owned popular house needing restoration. `step`
 * moves between steps (a benchmark times each move).
 */
export async function fillIncomeHousingSupport(page, step = nextStep) {
  await page.getByLabel('الضمان الاجتماعي', { exact: true }).fill('١٥٠٠');
  await page.getByLabel('حساب المواطن', { exact: true }).fill('720');
  await page.locator('#income-total').getByText('2,220').waitFor();
  await step(page, 'السكن');
  await page.getByLabel('ملكية المسكن', { exact: true }).selectOption({ label: 'ملك' });
  await page.getByLabel('نوع البناء', { exact: true }).selectOption({ label: 'بيت شعبي' });
  await page.getByLabel('حالة المسكن', { exact: true }).selectOption({ label: 'تحتاج إلى ترميم' });
  await page.getByLabel('عدد الغرف', { exact: true }).fill('3');
  await step(page, 'الدعم المطلوب');
  await page.getByLabel('ترميم', { exact: true }).check();
  await page.getByLabel('وصف الاحتياج', { exact: true }).fill('ترميم السقف ودورة المياه');
  await page.getByLabel('درجة الاستعجال', { exact: true }).selectOption({ label: 'عاجلة' });
}

/** Fills every step of a new request with a valid request; `step` moves between steps. */
export async function fillRequest(page, overrides = {}, step = nextStep) {
  await fillApplicant(page, overrides);
  await step(page, 'الأسرة');
  await fillHousehold(page);
  await step(page, 'الدخل');
  await fillIncomeHousingSupport(page, step);
  await waitSaved(page);
}

/** Every case and outbox entry in the device's IndexedDB. */
export async function deviceData(page) {
  return page.evaluate(() => window.userDb().then((db) => new Promise((ok) => {
    const tx = db.transaction(['cases', 'outbox']);
    const cases = tx.objectStore('cases').getAll();
    const outbox = tx.objectStore('outbox').getAll();
    tx.oncomplete = () => {
      db.close();
      ok({ cases: cases.result.map((c) => c.case), outbox: outbox.result.map((e) => e.mutation) });
    };
  })));
}

/**
 * Waits until `check`, run in the page, holds. Unlike `waitForFunction`, which takes a
 * returned promise for a truthy value, this awaits it, so `check` may read IndexedDB.
 * It asks again every 50 ms, as Playwright's own waits poll: asked back to back, it kept
 * a processor busy with reads the page under test had to wait behind.
 */
export async function waitForDevice(page, check, arg, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > deadline) throw new Error(`the device never reached: ${check}`);
    await new Promise((ok) => { setTimeout(ok, 50); });
  }
}

/**
 * Waits until `locator` matches exactly `n` elements: the `n`th appears, then the one
 * after it goes. A list drawn after a tap or a keystroke may still be growing or
 * shrinking when a bare `count()` reads it.
 */
export async function haveCount(locator, n) {
  if (n > 0) await locator.nth(n - 1).waitFor({ state: 'attached' });
  await locator.nth(n).waitFor({ state: 'detached' });
}

/** axe-core's script, put into pages by the accessibility check. */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The violations of impact serious or critical that axe-core finds on the page as it is
 * now (WCAG 2.1 A and AA, and axe's best practices), one line each: what, where.
 */
export async function accessibilityProblems(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
    // A link or button whose name does not hold the words it shows: still "experimental"
    // in axe, and what speech control needs.
    rules: { 'label-content-name-mismatch': { enabled: true } },
  })).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Takes a screenshot of the whole page into tests/artifacts, and fails the journey when
 * axe-core finds a serious or critical accessibility problem on what it shows.
 */
export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const problems = await accessibilityProblems(page);
  if (problems.length) throw new Error(`accessibility problems on ${name}:\n${problems.join('\n')}`);
}

/**
 * After a journey fails, leaves what each page of `browser()` showed (`failed-…png`) and
 * prints its address and the last lines it logged.
 */
export function keepFailures(browser) {
  afterEach(async (t) => {
    if (t.passed || !browser()) return;
    const slug = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    let n = 0;
    for (const context of browser().contexts()) {
      for (const page of context.pages()) {
        n += 1;
        await page.screenshot({ path: join(artifacts, `failed-${slug}-${n}.png`), fullPage: true }).catch(() => {});
        console.log(`# page ${n} at ${page.url()}\n${(consoles.get(page) ?? []).map((l) => `#   ${l}`).join('\n')}`);
      }
    }
  });
}

/**
 * A server on its own database, its SMS gateway stand-in, and one browser for the tests
 * of a file: started before the first test, stopped after the last. The returned object
 * fills in when they start.
 */
export function useServerAndBrowser(serverOptions = {}) {
  const env = {};
  before(async () => {
    // Messages to applicants go to a stand-in gateway the journeys read codes from.
    env.gateway = await Gateway.start();
    // `postgres: true` runs the server on a new database of the cluster instead of SQLite.
    const { postgres, ...options } = serverOptions;
    const database = postgres ? { DATABASE_URL: await postgresDatabase() } : {};
    env.server = await TestServer.start({
      ...options, env: { ...env.gateway.env, ...database, ...options.env },
    });
    env.browser = await launch();
  });
  keepFailures(() => env.browser);
  after(async () => {
    // Each is stopped even when another fails to, so no process or port outlives the file.
    const stopped = await Promise.allSettled([env.browser?.close(), env.server?.stop(), env.gateway?.stop()]);
    const failed = stopped.filter((s) => s.status === 'rejected').map((s) => s.reason);
    if (failed.length) throw new Error(`could not stop the journey's parts: ${failed.join('; ')}`);
    if (pageErrors.length) throw new Error(`uncaught page errors: ${pageErrors.join('; ')}`);
  });
  return env;
}

/**
 * Opens an applicant's account on `page` (at /register) with the code the gateway
 * receives; resolves once the applicant's start page shows.
 */
export async function openAccount(page, gateway, { id, mobile, password, point = 'نقطة صبيا' }) {
  await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill(id);
  await page.getByLabel('رقم الجوال').fill(mobile);
  await page.getByLabel('كلمة المرور', { exact: true }).fill(password);
  await page.getByLabel('تأكيد كلمة المرور').fill(password);
  await page.getByLabel('أقرب نقطة استقبال إليك').selectOption({ label: point });
  const before = gateway.messages.length;
  await page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  await page.getByLabel('رمز التحقق').waitFor();
  const skip = gateway.messages.slice(0, before).filter((m) => m.to === `966${mobile.slice(1)}`).length;
  await page.getByLabel('رمز التحقق').fill(await gateway.codeTo(mobile, { skip }));
  await page.getByRole('button', { name: 'تأكيد وفتح الحساب' }).click();
  await page.getByRole('heading', { name: 'أهلًا بك' }).waitFor();
}

/**
 * `n` of a thing as Arabic counts it, by the plural rules of this JavaScript engine's own
 * ICU: a check on the app's, which come from another implementation. `forms` holds the
 * six forms by category, `{n}` standing for the number.
 */
export function arabicCount(n, forms) {
  return forms[new Intl.PluralRules('ar').select(n)].replace('{n}', String(n));
}

/** Requests matching a search, in Arabic's six forms. */
export const MATCHING = {
  zero: 'لا طلبات مطابقة', one: 'طلب واحد مطابق', two: 'طلبان مطابقان',
  few: '{n} طلبات مطابقة', many: '{n} طلبًا مطابقًا', other: '{n} طلب مطابق',
};
