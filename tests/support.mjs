// What every journey needs: a real server on its own port and database file, and
// Debian's Chromium driven by playwright-core at phone or tablet size.
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(root, 'tests', 'artifacts');
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

/** The server with the demo users, on a fresh database; it can be killed and started again. */
export class TestServer {
  static async start() {
    const server = new TestServer();
    server.dataDir = mkdtempSync(join(tmpdir(), 'brs-journey-'));
    server.port = await freePort();
    await server.up();
    return server;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once it listens. */
  async up() {
    const bin = join(root, 'target', 'debug', 'server');
    this.proc = spawn(bin, ['--port', String(this.port), '--demo',
      '--data-dir', this.dataDir, '--dist', join(root, 'dist')], {
      env: { ...process.env, RUST_LOG: 'warn', BRS_ADMIN_PASSWORD: 'journey-admin' },
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
    const exited = new Promise((ok) => this.proc.once('exit', ok));
    this.proc.kill('SIGKILL');
    await exited;
  }

  async stop() {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Uncaught errors of every page (a panic in the app traps as one); none may happen. */
const pageErrors = [];

/** A new browser profile (its own IndexedDB and cookies) at the given size. */
export async function newDevice(browser, viewport) {
  const context = await browser.newContext({ viewport, locale: 'ar-SA' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page };
}

export async function signIn(page, url, username) {
  await page.goto(url);
  await page.getByLabel('اسم المستخدم').fill(username);
  await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
}

/** The sync indicator. */
export function indicator(page) {
  return page.getByRole('status');
}

/** Waits until the indicator says nothing waits and the last sync finished. */
export async function waitSynced(page) {
  const status = indicator(page);
  await status.and(page.locator('[data-syncing="false"][data-pending="0"]')).waitFor();
  await status.getByText('لا شيء بانتظار الإرسال').waitFor();
}

/** Waits until the service worker has the app shell, so the app opens with no network. */
export async function waitOfflineReady(page) {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('brs-shell-')));
    const stored = await cache.keys();
    if (!reg.active || stored.length < 5) throw new Error('app shell not cached');
  });
}

/** Fills the new-request form with a valid request; `overrides` by label. */
export async function fillRequest(page, overrides = {}) {
  const values = {
    'الاسم الأول': 'حسن',
    'اسم الأب': 'علي',
    'اسم الجد': 'محمد',
    'اسم العائلة': 'المدخلي',
    'رقم الهوية الوطنية أو الإقامة': '١٠٧٧٨٨٩٩٠٣',
    'رقم الجوال': '+966 55 987 6543',
    ...overrides,
  };
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByLabel('المحافظة').selectOption({ label: 'صبيا' });
  await page.getByLabel('نوع الدعم المطلوب').selectOption({ label: 'ترميم' });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * A server on its own database and one browser for the tests of a file: started before
 * the first test, stopped after the last. The returned object fills in when they start.
 */
export function useServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await TestServer.start();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    if (pageErrors.length) throw new Error(`uncaught page errors: ${pageErrors.join('; ')}`);
  });
  return env;
}
