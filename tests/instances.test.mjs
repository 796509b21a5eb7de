// Two server instances on one PostgreSQL database behind nginx, round robin, configured as
// the operations guide says (docs/nginx.conf): two tablets of one outreach point and the
// head office work through it while one instance is killed in the middle of a push and
// started again. Nothing is lost or applied twice, and every tablet ends holding what the
// server holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APPLICANT, DEMO_PASSWORD, NEEDS_POSTGRES, Nginx, TABLET, TestServer, deviceData,
  fillApplicant, indicator, launch, newDevice, officerIntake, postgresDatabase, signIn,
  startRequest, waitSaved, waitSynced,
} from './support.mjs';

const env = {};
before(async () => {
  if (NEEDS_POSTGRES) return;
  const options = {
    dataDir: mkdtempSync(join(tmpdir(), 'brs-instances-')),
    env: { DATABASE_URL: await postgresDatabase() },
    args: ['--trusted-proxies', '127.0.0.1'],
  };
  // One after the other: the first migrates the database and writes the demo.
  env.first = await TestServer.start(options);
  env.second = await TestServer.start(options);
  env.nginx = await Nginx.start([env.first.port, env.second.port]);
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  await env.nginx?.stop();
  await env.second?.stop();
  await env.first?.stop();
});

const DRAFT = {
  'الاسم الأول': 'سارة', 'اسم الأب': 'أحمد', 'اسم الجد': 'يحيى', 'اسم العائلة': 'الحازمي',
  'رقم الهوية الوطنية أو الإقامة': '1044556677',
};
const DRAFT_NAME = 'سارة أحمد يحيى الحازمي';
const SUBMITTED_NAME = ['الاسم الأول', 'اسم الأب', 'اسم الجد', 'اسم العائلة'].map((k) => APPLICANT[k]).join(' ');

/** What every push carried and what was answered, by mutation id. */
const sent = new Map();
const answers = new Map();
let killer = null;

function watch(page) {
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/sync/push')) return;
    for (const m of JSON.parse(r.postData()).mutations) sent.set(m.mutation_id, m.case_id);
    if (killer) {
      const fire = killer;
      killer = null;
      fire();
    }
  });
  page.on('response', async (r) => {
    if (!r.url().endsWith('/api/sync/push') || !r.ok()) return;
    try {
      for (const x of (await r.json()).results) answers.set(x.mutation_id, x.outcome);
    } catch {
      // Cut by the kill; the retry's reply says.
    }
  });
}

/** Syncs now, once the running sync (if any) has finished. */
async function syncNow(page) {
  await indicator(page).and(page.locator('[data-syncing="false"]')).waitFor();
  await page.getByRole('button', { name: 'زامن الآن' }).click();
}

/** Changes the draft's address on `page`, offline or not. */
async function editDraft(page, words) {
  await page.getByRole('link', { name: DRAFT_NAME, exact: true }).click();
  await page.getByLabel('وصف العنوان', { exact: true }).fill(words);
  await waitSaved(page);
  await page.getByRole('link', { name: 'كل الطلبات' }).click();
  await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
}

/** The cases as the server holds them, pulled as the officer through the proxy. */
async function serverCases() {
  const login = await fetch(`${env.nginx.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-brs-request': '1' },
    body: JSON.stringify({ username: 'officer.sabya', password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const cases = new Map();
  let cursor = 0;
  for (;;) {
    const r = await fetch(`${env.nginx.url}/api/sync/pull?cursor=${cursor}&limit=1000`, { headers: { cookie } });
    const page = await r.json();
    for (const c of page.changes) cases.set(c.id, c);
    cursor = page.cursor;
    if (!page.has_more) return cases;
  }
}

test('two tablets and the head office work through nginx while one instance dies and returns',
  { skip: NEEDS_POSTGRES }, async () => {
    const tablets = [];
    for (let i = 0; i < 2; i += 1) {
      const device = await newDevice(env.browser, TABLET);
      watch(device.page);
      await signIn(device.page, env.nginx.url, 'officer.sabya');
      tablets.push(device);
    }
    const [a, b] = tablets.map((t) => t.page);

    // A whole request with its files from one tablet, a draft from the other.
    const reference = await officerIntake(a);
    await a.getByRole('link', { name: 'كل الطلبات' }).click();
    await startRequest(b);
    await fillApplicant(b, DRAFT);
    await waitSaved(b);
    await b.getByRole('link', { name: 'كل الطلبات' }).click();
    for (const page of [a, b]) {
      await syncNow(page);
      await waitSynced(page);
    }
    for (const page of [a, b]) {
      await syncNow(page);
      await waitSynced(page);
      await page.getByRole('link', { name: DRAFT_NAME, exact: true }).waitFor();
      await page.getByRole('link', { name: SUBMITTED_NAME, exact: true }).waitFor();
    }

    // Both edit offline; the first instance dies as their pushes start, and the tablets
    // carry on through the other.
    for (const [round, kill] of [[1, true], [2, false], [3, false]]) {
      for (const t of tablets) await t.context.setOffline(true);
      await editDraft(a, `قرب المسجد ${round}.a`);
      await editDraft(b, `شرق السوق ${round}.b`);
      const dead = kill ? new Promise((ok) => { killer = () => env.first.kill().then(ok); }) : null;
      for (const t of tablets) await t.context.setOffline(false);
      if (dead) {
        await dead;
        for (const page of [a, b]) await syncNow(page);
      }
      for (const page of [a, b]) await waitSynced(page);
      if (kill) await env.first.up();
    }

    // The head office finds the request handed in, through whichever instance answers.
    const office = await newDevice(env.browser, TABLET);
    await signIn(office.page, env.nginx.url, 'head');
    await office.page.goto(`${env.nginx.url}/office/cases?q=${reference}`);
    await office.page.getByRole('link', { name: SUBMITTED_NAME }).click();
    await office.page.getByText(reference).first().waitFor();
    await office.context.close();

    // Two rounds, so each tablet has heard of the other's last changes.
    for (let round = 0; round < 2; round += 1) {
      for (const page of [a, b]) {
        await syncNow(page);
        await waitSynced(page);
      }
    }
    const onServer = await serverCases();
    const ours = [...new Set(sent.values())];
    assert.equal(ours.length, 2, 'the request and the draft');
    for (const id of ours) {
      const kept = onServer.get(id);
      const ids = [...sent].filter(([, c]) => c === id).map(([m]) => m);
      for (const m of ids) assert.ok(answers.has(m), `mutation ${m} was answered`);
      const applied = ids.filter((m) => answers.get(m).outcome !== 'rejected');
      // The draft has only the tablets' changes; the request handed in also has the
      // server's own revisions (its text message's delivery).
      if (kept.status === 'draft') {
        assert.equal(kept.revision, applied.length,
          'each change applied exactly once: one revision per change, none twice, none lost');
      } else {
        assert.ok(kept.revision >= applied.length, 'every change of the request is kept');
      }
      for (const page of [a, b]) {
        const { cases, outbox } = await deviceData(page);
        assert.equal(outbox.length, 0, 'nothing left to send');
        assert.deepEqual(cases.find((c) => c.id === id), kept, 'the tablet holds what the server holds');
      }
    }
    await Promise.all(tablets.map((t) => t.context.close()));
  });
