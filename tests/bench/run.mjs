// The sync benchmarks: (b) the first sync of 10,000 cases into an empty browser and a push
// of 10,000 changes, against PouchDB replicating the same documents from pouchdb-server in
// the same Chromium; then one point's first sync over a phone's network. Prints one table
// row per measure; `make bench` adds the others. BRS_BENCH_TRACE=1 prints each request of
// the phone's sync as it finished (when, bytes, address), to see where its time goes.
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

// What the seeded cases are made of: each case picks its own names, place and words, so
// the wire carries what real requests would and compression is not flattered.
const FIRST = ['محمد', 'أحمد', 'علي', 'حسن', 'يحيى', 'إبراهيم', 'عبدالله', 'موسى', 'عيسى', 'ناصر', 'فاطمة', 'عائشة', 'مريم', 'نورة', 'حليمة', 'خديجة'];
const FAMILY = ['الفيفي', 'المالكي', 'الحازمي', 'العريشي', 'الصميلي', 'النعمي', 'المدخلي', 'الحكمي', 'الزهراني', 'القحطاني', 'عطيف', 'مجرشي'];
const CENTRES = ['الحسيني', 'الشقيري', 'العالية', 'الكدمي', 'المضايا', 'الحقو', 'الطوال', 'الموسم'];
const PLACES = ['شرق المسجد الجامع', 'غرب السوق', 'خلف المدرسة الابتدائية', 'قرب المركز الصحي', 'جنوب محطة الوقود', 'شمال الحديقة العامة'];
const WORDS = [
  'ترميم سقف المنزل', 'إصلاح دورة المياه', 'تمديدات الكهرباء القديمة', 'تسرب المياه في الجدران',
  'تشققات في الأساسات', 'استبدال الأبواب والنوافذ', 'عزل السطح قبل موسم الأمطار', 'تركيب مكيف للغرفة الرئيسية',
  'الأسرة تسكن غرفتين فقط', 'رب الأسرة متقاعد ودخله محدود', 'في الأسرة طفل من ذوي الإعاقة', 'المطبخ بلا تهوية',
  'أرضية الفناء متهالكة', 'خزان الماء يحتاج إلى تنظيف واستبدال', 'الدرج بلا درابزين', 'الإنارة الخارجية معطلة',
];
/** A number from `n` and `k` that looks random and is the same in every run. */
const pick = (list, n, k) => list[Math.abs(Math.imul(n + 1, 2654435761) ^ Math.imul(k + 7, 40503)) % list.length];

/** A case of about 2 KB, as the store benchmark writes, each with its own words. */
function request(n) {
  const sentences = Array.from({ length: 12 }, (_, k) => `${pick(WORDS, n, k)} (${(n * 7 + k * 13) % 97})`);
  return {
    channel: 'in_person',
    applicant: {
      first_name: pick(FIRST, n, 1), father_name: pick(FIRST, n, 2), grandfather_name: pick(FIRST, n, 3),
      family_name: pick(FAMILY, n, 4), national_id: `1${String(n).padStart(9, '0')}`,
      mobile: `05${String((n * 7919) % 100_000_000).padStart(8, '0')}`, governorate: 'sabya',
      centre: pick(CENTRES, n, 5),
      address: `${pick(PLACES, n, 6)}، الشارع ${(n % 40) + 1}، المنزل ${(n * 31) % 200 + 1}، ${pick(PLACES, n, 7)}`,
    },
    support: { description: `${sentences.join('، ')}.` },
  };
}

async function seed(api, count) {
  for (let start = 0; start < count; start += 500) {
    const mutations = [];
    for (let n = start; n < Math.min(start + 500, count); n += 1) {
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

// The phone profile of a tablet at an outreach point: 150 ms round trips, 1.6 Mbps down and
// 750 Kbps up, as Lighthouse's mobile profile has it.
const PHONE_NETWORK = { offline: false, latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const POINT_CASES = Number(process.env.BRS_BENCH_POINT_CASES ?? 2_000);

/**
 * (b) over the phone profile: the first sync of one point's cases, from the sign-in's tap
 * until the device holds them all, with the bytes that moved each way and what the sync
 * indicator showed meanwhile. The floor is the time the bandwidth alone needs for those
 * bytes. The service worker is kept out, so every request the app makes is throttled.
 */
async function overPhone(browser) {
  const server = await TestServer.start({ bin: join(root, 'target', 'release', 'server') });
  try {
    await seed(await client(server.url, 'officer.sabya', DEMO_PASSWORD), POINT_CASES);
    const { context, page } = await newDevice(browser, TABLET, { serviceWorkers: 'block' });
    await page.goto(server.url);
    await page.getByLabel('اسم المستخدم').fill('officer.sabya');
    await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', PHONE_NETWORK);
    const urls = new Map();
    const moved = { down: 0, up: 0, pulled: 0 };
    let counting = false;
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      urls.set(requestId, request.url);
      if (counting) moved.up += (request.postData?.length ?? 0) + request.url.length + 400;
    });
    const log = [];
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) => {
      if (!counting) return;
      log.push(`${timestamp.toFixed(3)} ${encodedDataLength} ${urls.get(requestId)}`);
      moved.down += encodedDataLength;
      if (urls.get(requestId)?.includes('/api/sync/pull')) moved.pulled += encodedDataLength;
    });
    // What the indicator says, each time it changes, on the page's clock from the tap.
    await page.evaluate(() => {
      window.benchShown = [];
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'دخول');
      button.addEventListener('click', () => {
        const start = performance.now();
        window.benchStart = start;
        const note = () => {
          const status = document.querySelector('.sync[role="status"]');
          const shown = status?.querySelector('.sync-progress')?.textContent
            ?? (status?.dataset.syncing === 'true' ? 'syncing' : '');
          const last = window.benchShown.at(-1);
          if (!last || last.shown !== shown) window.benchShown.push({ at: performance.now() - start, shown });
        };
        new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      }, { capture: true });
    });
    counting = true;
    const start = performance.now();
    await page.getByRole('button', { name: 'دخول' }).click();
    await waitSynced(page);
    const took = performance.now() - start;
    counting = false;
    if (process.env.BRS_BENCH_TRACE) console.log(log.join('\n'));
    const held = await page.evaluate(() => window.userDb().then((db) => new Promise((ok) => {
      const n = db.transaction('cases').objectStore('cases').count();
      n.onsuccess = () => { db.close(); ok(n.result); };
    })));
    const shown = await page.evaluate(() => window.benchShown);
    await context.close();
    // On the page's clock, from the tap until the indicator said nothing was left.
    const done = shown.findLast((s) => s.shown === '');
    return { took: done?.at ?? took, held, moved, shown };
  } finally {
    await server.stop();
  }
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
const browser = await launch({ journey: false });
try {
  const officer = await client(server.url, 'officer.sabya', DEMO_PASSWORD);
  await seed(officer, CASES);
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
  const phone = await overPhone(browser);
  const floor = 1000 * Math.max(phone.moved.down / PHONE_NETWORK.downloadThroughput,
    phone.moved.up / PHONE_NETWORK.uploadThroughput);
  console.log('what the indicator showed:', JSON.stringify(phone.shown));
  // How the wait read: when the indicator first said it was syncing, when the first
  // figure came, and the longest stretch with nothing new said.
  const syncing = phone.shown.find((s) => s.shown !== '');
  const counted = phone.shown.find((s) => /\d/.test(s.shown));
  const still = Math.max(...phone.shown.slice(1).map((s, i) => s.at - phone.shown[i].at));
  row(`(b) first sync of one point's ${phone.held} cases over the phone profile (150 ms, 1.6 Mbps)`,
    seconds(phone.took), `the bandwidth's floor for the ${Math.round(phone.moved.down / 1024)} KB received: ${seconds(floor)}`,
    `${(phone.took / floor).toFixed(2)}x the floor (target <= 1.2x); ${Math.round(phone.moved.pulled / phone.held)} bytes a case on the wire; `
    + `"syncing" at ${seconds(syncing?.at ?? NaN)}, figures from ${seconds(counted?.at ?? NaN)}, longest wait for news ${seconds(still)}`);
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
