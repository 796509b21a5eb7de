// The sync benchmarks: (b) the first sync of 10,000 cases into an empty browser and a push
// of 10,000 changes, against PouchDB replicating the same documents from pouchdb-server in
// the same Chromium; (c) the server alone under wrk at 50 and 200 connections. Prints one
// table row per measure; `make bench` adds the store's row and runs this.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEMO_PASSWORD, TABLET, launch, newDevice, waitForDevice, waitSynced, TestServer,
} from '../support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const CASES = Number(process.env.BRS_BENCH_CASES ?? 10_000);
const DURATION = process.env.BRS_BENCH_DURATION ?? '10s';
const rows = [];
const row = (name, ours, theirs, verdict) => {
  rows.push({ name, ours, theirs, verdict });
  console.log(`BENCH ${name} | ${ours} | ${theirs} | ${verdict}`);
};

const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];
const reference = (device, count) => {
  const body = `${device}${String(count).padStart(4, '0')}`;
  const check = [...body].reduce((i, d) => DAMM[i][Number(d)], 0);
  return `${device}-${String(count).padStart(4, '0')}-${check}`;
};

/** A signed-in API client speaking as the app does. */
async function client(url, username) {
  const login = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-brs-request': '1' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${username}: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', 'x-brs-request': '1' },
      body: body && JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const deviceId = crypto.randomUUID();
  const { number } = await call('POST', '/api/device', { device_id: deviceId });
  return { cookie, deviceId, number, call };
}

/** A case of about 2 KB, as the store benchmark writes. */
function request(n) {
  return {
    channel: 'in_person',
    applicant: {
      first_name: 'محمد', father_name: 'يحيى', grandfather_name: 'علي', family_name: 'الفيفي',
      national_id: `1${String(n).padStart(9, '0')}`, mobile: '0551234567', governorate: 'sabya',
      centre: 'الحسيني', address: 'شرق المسجد الجامع، الشارع الثاني، المنزل الثالث على اليمين',
    },
    support: { description: 'ترميم سقف المنزل وإصلاح دورة المياه وتمديدات الكهرباء القديمة. '.repeat(7) },
  };
}

async function seed(api) {
  for (let start = 0; start < CASES; start += 500) {
    const mutations = [];
    for (let n = start; n < Math.min(start + 500, CASES); n += 1) {
      mutations.push({
        mutation_id: crypto.randomUUID(), case_id: crypto.randomUUID(), base_revision: 0,
        created_at: new Date().toISOString(),
        op: { type: 'create', reference: reference(api.number, n + 1), request: request(n) },
      });
    }
    const { results } = await api.call('POST', '/api/sync/push', { device_id: api.deviceId, mutations });
    if (results.some((r) => r.outcome !== 'applied')) throw new Error('seeding refused');
  }
}

async function pullAll(api) {
  const cases = [];
  for (let cursor = 0; ;) {
    const page = await api.call('GET', `/api/sync/pull?cursor=${cursor}&limit=1000`);
    cases.push(...page.changes);
    cursor = page.cursor;
    if (!page.has_more) return cases;
  }
}

/** (b), ours: the app's first sync after sign-in, then a push of one change per case. */
async function ours(browser, server, total) {
  const { context, page } = await newDevice(browser, TABLET);
  await page.goto(server.url);
  await page.getByLabel('اسم المستخدم').fill('officer.sabya');
  await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
  let start = performance.now();
  await page.getByRole('button', { name: 'دخول' }).click();
  await waitSynced(page);
  const pulled = performance.now() - start;
  const held = await page.evaluate(() => window.userDb().then((db) => new Promise((ok) => {
    const n = db.transaction('cases').objectStore('cases').count();
    n.onsuccess = () => { db.close(); ok(n.result); };
  })));
  if (held !== total) throw new Error(`the device holds ${held} cases, not ${total}`);

  // One change to each case, queued as the editor queues them, outside the timing.
  await page.evaluate(() => window.userDb().then((db) => new Promise((ok, fail) => {
    const read = db.transaction('cases').objectStore('cases').getAll();
    read.onsuccess = () => {
      const tx = db.transaction('outbox', 'readwrite');
      const outbox = tx.objectStore('outbox');
      for (const { case: c } of read.result) {
        outbox.add({ mutation: {
          mutation_id: crypto.randomUUID(), case_id: c.id, base_revision: c.revision,
          created_at: new Date().toISOString(),
          op: { type: 'change', changes: [{ path: 'applicant.address', from: c.request.applicant.address, to: 'غرب السوق' }] },
        } });
      }
      tx.oncomplete = () => { db.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  })));
  start = performance.now();
  await page.getByRole('button', { name: 'زامن الآن' }).click();
  // A long push shows how far it has gone.
  await page.locator('.sync-progress').getByText(new RegExp(`إرسال التغييرات: \\d+ من ${total}`)).waitFor();
  // Pushed once the server has answered every change and the outbox is empty; the pull
  // that follows is not part of it, as PouchDB's push brings nothing back.
  await waitForDevice(page, () => window.userDb().then((db) => new Promise((ok) => {
    const n = db.transaction('outbox').objectStore('outbox').count();
    n.onsuccess = () => { db.close(); ok(n.result === 0); };
  })), null, 600_000);
  const pushed = performance.now() - start;
  await waitSynced(page);
  await context.close();
  return { pulled, pushed };
}

/** (b), theirs: PouchDB in the same Chromium replicating from and to pouchdb-server. */
async function pouch(browser, docs) {
  const bin = join(here, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');
  const port = 15984 + Math.floor(Math.random() * 1000);
  // pouchdb-server writes its log (and config) where it runs: a folder of its own, not ours.
  const cwd = mkdtempSync(join(tmpdir(), 'pouchdb-server-'));
  const proc = spawn(process.execPath, [bin, '--in-memory', '--port', String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((ok, fail) => {
    let out = '';
    proc.stdout.on('data', (chunk) => { out += chunk; if (out.includes('has started')) ok(); });
    proc.on('exit', (code) => fail(new Error(`pouchdb-server exited with ${code}: ${out}`)));
  });
  const remote = `http://127.0.0.1:${port}/cases`;
  await fetch(remote, { method: 'PUT' });
  for (let i = 0; i < docs.length; i += 1000) {
    const r = await fetch(`${remote}/_bulk_docs`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs: docs.slice(i, i + 1000).map((c) => ({ ...c, _id: c.id })) }),
    });
    if (!r.ok) throw new Error(`pouchdb-server refused the documents: ${r.status}`);
  }
  const { context, page } = await newDevice(browser, TABLET);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.addScriptTag({ path: require.resolve('pouchdb/dist/pouchdb.min.js') });
  const times = await page.evaluate(async (url) => {
    const local = new window.PouchDB('bench');
    let start = performance.now();
    const from = await local.replicate.from(url);
    const pulled = performance.now() - start;
    const all = await local.allDocs({ include_docs: true });
    await local.bulkDocs(all.rows.map(({ doc }) => ({
      ...doc, request: { ...doc.request, applicant: { ...doc.request.applicant, address: 'غرب السوق' } },
    })));
    start = performance.now();
    const to = await local.replicate.to(url);
    return { pulled, pushed: performance.now() - start, read: from.docs_written, written: to.docs_written };
  }, remote);
  if (times.read !== docs.length || times.written !== docs.length) {
    throw new Error(`PouchDB moved ${times.read} and ${times.written} of ${docs.length} documents`);
  }
  await context.close();
  proc.kill();
  return times;
}

/** (c): pushes per second and latency at `connections`, one new request per push. */
function load(server, api, connections, offset) {
  const out = execFileSync('wrk', [
    '-t2', `-c${connections}`, `-d${DURATION}`, '--latency', '-s', join(here, 'push.lua'),
    server.url, '--', api.cookie, api.deviceId, String(api.number), String(offset),
  ], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('BENCH_WRK'));
  const [, requests, perSecond, p50, p99, errors] = line.split(' ').map(Number);
  return { requests, perSecond, p50, p99, errors };
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const server = await TestServer.start({ bin: join(root, 'target', 'release', 'server') });
const browser = await launch();
try {
  const officer = await client(server.url, 'officer.sabya');
  await seed(officer);
  const docs = await pullAll(officer);
  const mine = await ours(browser, server, docs.length);
  const theirs = await pouch(browser, docs);
  const ratio = (a, b) => (b / a).toFixed(1);
  row(`(b) first sync of ${docs.length} cases into an empty browser`, seconds(mine.pulled),
    `PouchDB ${seconds(theirs.pulled)}`, `${ratio(mine.pulled, theirs.pulled)}x faster (target >= 10x)`);
  row(`(b) push of ${docs.length} changes`, seconds(mine.pushed),
    `PouchDB ${seconds(theirs.pushed)}`, `${ratio(mine.pushed, theirs.pushed)}x faster (target >= 10x)`);

  const before = (await pullAll(officer)).length;
  let sent = 0;
  for (const [connections, offset] of [[50, 100_000], [200, 400_000]]) {
    const r = load(server, officer, connections, offset);
    sent += r.requests;
    const met = r.perSecond >= 1000 && r.p99 <= 50 ? 'met' : 'not met';
    row(`(c) pushes at ${connections} connections`, `${r.perSecond.toFixed(0)} pushes/s`,
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`,
      connections === 200 ? `${met} (target >= 1000/s, p99 <= 50 ms)` : '');
  }
  // Every push counted was a request the server kept; pushes still on the wire when the
  // clock stopped may have been kept too.
  const added = (await pullAll(officer)).length - before;
  if (added < sent || added > sent + 250) throw new Error(`${sent} pushes answered but ${added} requests kept`);
} finally {
  await browser.close();
  await server.stop();
}
