// The sync benchmarks: (b) the first sync of 10,000 cases into an empty browser and a push
// of 10,000 changes, against PouchDB replicating the same documents from pouchdb-server in
// the same Chromium. Prints one table row per measure; `make bench` adds the others.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEMO_PASSWORD, TABLET, launch, newDevice, waitForDevice, waitSynced, TestServer,
} from '../support.mjs';
import { client, pullAll, reference } from './api.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const CASES = Number(process.env.BRS_BENCH_CASES ?? 10_000);
const rows = [];
const row = (name, ours, theirs, verdict) => {
  rows.push({ name, ours, theirs, verdict });
  console.log(`BENCH ${name} | ${ours} | ${theirs} | ${verdict}`);
};

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

/** (b), ours: the app's first sync after sign-in, then a push of one change per case. */
async function ours(browser, server, total) {
  const { context, page } = await newDevice(browser, TABLET);
  await page.goto(server.url);
  await page.getByLabel('اسم المستخدم').fill('officer.sabya');
  await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
  let start = performance.now();
  // The sign-in's own share: until the server has answered it (the password's hash).
  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/login'))
    .then(() => performance.now() - start);
  await page.getByRole('button', { name: 'دخول' }).click();
  await waitSynced(page);
  const pulled = performance.now() - start;
  const signIn = await signedIn;
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
  const raw = await rawWrite(page);
  await context.close();
  return { pulled, signIn, pushed, raw };
}

/**
 * The floor: raw IndexedDB in the same page writing the same records the sync wrote (the
 * cases as the server sent them, in the store's shape), already JavaScript objects, into
 * an empty database with the same store and index, a transaction per page of a thousand
 * as the sync writes them. Median of three, in ms.
 */
function rawWrite(page) {
  return page.evaluate(async () => {
    const mine = await window.userDb();
    const records = await new Promise((ok, fail) => {
      const all = mine.transaction('cases').objectStore('cases').getAll();
      all.onsuccess = () => ok(all.result.map(({ case: c }) => ({ id: c.id, case: c, rejected: null })));
      all.onerror = () => fail(all.error);
    });
    mine.close();
    const times = [];
    for (let run = 0; run < 3; run += 1) {
      const name = `raw-${run}`;
      const db = await new Promise((ok, fail) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('cases', { keyPath: 'id' }).createIndex('refused', 'rejected.reason');
        };
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const start = performance.now();
      for (let i = 0; i < records.length; i += 1000) {
        await new Promise((ok, fail) => {
          const tx = db.transaction('cases', 'readwrite');
          const store = tx.objectStore('cases');
          for (const r of records.slice(i, i + 1000)) store.put(r);
          tx.oncomplete = ok;
          tx.onerror = () => fail(tx.error);
        });
      }
      times.push(performance.now() - start);
      db.close();
      await new Promise((ok) => { const del = indexedDB.deleteDatabase(name); del.onsuccess = ok; del.onerror = ok; });
    }
    times.sort((a, b) => a - b);
    return times[1];
  });
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

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const server = await TestServer.start({ bin: join(root, 'target', 'release', 'server') });
const browser = await launch();
try {
  const officer = await client(server.url, 'officer.sabya', DEMO_PASSWORD);
  await seed(officer);
  const docs = await pullAll(officer);
  const mine = await ours(browser, server, docs.length);
  const theirs = await pouch(browser, docs);
  const ratio = (a, b) => (b / a).toFixed(1);
  const synced = mine.pulled - mine.signIn;
  row(`(b) first sync of ${docs.length} cases into an empty browser`, seconds(mine.pulled),
    `PouchDB ${seconds(theirs.pulled)}`, `${ratio(mine.pulled, theirs.pulled)}x faster (target >= 6x)`);
  row('(b) of which the sign-in (until the server answered it)', seconds(mine.signIn),
    `the rest, numbering the device, the library and every page: ${seconds(synced)}`,
    `${Math.round((100 * mine.signIn) / mine.pulled)} % of the first sync`);
  row(`(b) first sync after sign-in against raw IndexedDB writing the same ${docs.length} records`,
    seconds(synced), `raw IndexedDB ${seconds(mine.raw)}`,
    `${(synced / mine.raw).toFixed(2)}x the raw writes (target <= 1.5x)`);
  row(`(b) push of ${docs.length} changes`, seconds(mine.pushed),
    `PouchDB ${seconds(theirs.pushed)}`, `${ratio(mine.pushed, theirs.pushed)}x faster (target >= 10x)`);
  const alone = Number(process.env.BRS_BENCH_SERVER_PUSH_S);
  if (alone > 0) {
    row(`(b) push of ${docs.length} changes against the server alone applying them in one batch`,
      seconds(mine.pushed), `server alone ${alone.toFixed(2)} s`,
      `${(mine.pushed / (alone * 1000)).toFixed(2)}x (target <= 2x)`);
  }

} finally {
  await browser.close();
  await server.stop();
}
