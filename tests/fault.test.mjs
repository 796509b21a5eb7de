// Randomised faults: three tablets at one outreach point edit the same drafts offline, come
// back online in random order, and the server process is killed at random moments during
// their pushes and started again. Afterwards every change was applied exactly once (or is
// held in a conflict a person resolves), and every tablet holds what the server holds.
//
// It runs once on SQLite and once on PostgreSQL. BRS_FAULT_CYCLES sets the number of cycles
// of each (12 by default, which keeps the whole test run within its time; 1000 for a long
// run, `BRS_FAULT_CYCLES=1000 make journeys`) and BRS_FAULT_SEED replays a run; the seed is
// printed at the start.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NEEDS_POSTGRES, PushLog, TABLET, fillApplicant, newDevice, serverCases, signIn, startRequest,
  syncWhenIdle, waitSaved, waitSynced, useServerAndBrowser,
} from './support.mjs';

const CYCLES = Number(process.env.BRS_FAULT_CYCLES ?? 12);
const SEED = Number(process.env.BRS_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The share of cycles in which the server is killed during a push. */
const KILL_SHARE = 0.45;
const FIELDS = ['المركز أو القرية', 'وصف العنوان'];
const WORDS = ['الشقيري', 'العارضة', 'الحسيني', 'قرب المسجد', 'خلف المدرسة', 'شرق السوق'];
const DRAFTS = [
  { 'الاسم الأول': 'نواف', 'اسم الأب': 'سعد', 'اسم الجد': 'علي', 'اسم العائلة': 'القحطاني', 'رقم الهوية الوطنية أو الإقامة': '1011223344' },
  { 'الاسم الأول': 'هند', 'اسم الأب': 'محمد', 'اسم الجد': 'سالم', 'اسم العائلة': 'الزهراني', 'رقم الهوية الوطنية أو الإقامة': '1022334455' },
  { 'الاسم الأول': 'عادل', 'اسم الأب': 'حسن', 'اسم الجد': 'يحيى', 'اسم العائلة': 'الشهري', 'رقم الهوية الوطنية أو الإقامة': '1033445566' },
];
const nameOf = (d) => ['الاسم الأول', 'اسم الأب', 'اسم الجد', 'اسم العائلة'].map((k) => d[k]).join(' ');

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** The journey on one engine: its own server, tablets and record of what was sent. */
function faultRun(engine, options) {
  const env = useServerAndBrowser(options);
  const random = generator(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const shuffled = (list) => list.map((x) => [random(), x]).sort((p, q) => p[0] - q[0]).map(([, x]) => x);

  const log = new PushLog();

  /** Opens a draft from the list, changes one field, and sometimes settles a conflict. */
  async function edit(device, cycle, index) {
    const { page } = device;
    await page.getByRole('link', { name: nameOf(pick(DRAFTS)), exact: true }).click();
    const field = page.getByLabel(pick(FIELDS), { exact: true });
    await field.fill(`${pick(WORDS)} ${cycle}.${index}`);
    await waitSaved(page);
    const conflicts = page.locator('li.conflict');
    if (await conflicts.count() > 0 && random() < 0.5) {
      const choices = conflicts.first().getByRole('button', { name: 'اعتماد هذه القيمة' });
      await choices.nth(Math.floor(random() * await choices.count())).click();
      await waitSaved(page);
    }
    await page.getByRole('link', { name: 'كل الطلبات' }).click();
    await page.getByRole('heading', { name: 'الطلبات' }).waitFor();
  }

  test(`${CYCLES} cycles of offline edits on three tablets, with the server killed during pushes`, async () => {
    console.log(`fault seed ${SEED} on ${engine} (BRS_FAULT_SEED=${SEED} replays it)`);
    const devices = [];
    for (let i = 0; i < 3; i += 1) {
      const device = await newDevice(env.browser, TABLET);
      log.watch(device.page);
      await signIn(device.page, env.server.url, 'officer.sabya');
      devices.push(device);
    }
    const [first] = devices;
    for (const draft of DRAFTS) {
      await startRequest(first.page);
      await fillApplicant(first.page, draft);
      await waitSaved(first.page);
      await first.page.getByRole('link', { name: 'كل الطلبات' }).click();
    }
    for (const { page } of devices) {
      await syncWhenIdle(page);
      await waitSynced(page);
      for (const draft of DRAFTS) await page.getByRole('link', { name: nameOf(draft), exact: true }).waitFor();
    }

    let kills = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      const chosen = shuffled(devices).slice(0, random() < 0.5 ? 2 : 3);
      for (const d of chosen) await d.context.setOffline(true);
      for (const [i, d] of chosen.entries()) await edit(d, cycle, i);
      // The machine dies a few milliseconds into the push, before or while it is applied.
      const delay = Math.floor(random() * 25);
      const dead = random() < KILL_SHARE
        ? log.atNextPush(() => new Promise((ok) => { setTimeout(ok, delay); }).then(() => env.server.kill()))
        : null;
      for (const d of shuffled(chosen)) await d.context.setOffline(false);
      if (dead) {
        await dead;
        kills += 1;
        await env.server.up();
        for (const d of chosen) await syncWhenIdle(d.page);
      }
      for (const d of chosen) await waitSynced(d.page);
    }
    // Two rounds, so every tablet has heard of every other's last changes.
    for (let round = 0; round < 2; round += 1) {
      for (const { page } of devices) {
        await syncWhenIdle(page);
        await waitSynced(page);
      }
    }

    const onServer = await serverCases(env.server.url);
    assert.equal(log.cases().length, DRAFTS.length);
    await log.assertConverged(onServer, devices.map((d) => d.page));
    const conflicts = [...onServer.values()].reduce((n, c) => n + (c.conflicts ?? []).length, 0);
    console.log(`fault run on ${engine}: ${CYCLES} cycles, ${kills} server kills, ${log.sent.size} changes sent, ${conflicts} conflicts open at the end`);
    await Promise.all(devices.map((d) => d.context.close()));
  });
}

describe('on SQLite', () => faultRun('SQLite', {}));
describe('on PostgreSQL', { skip: NEEDS_POSTGRES }, () => faultRun('PostgreSQL', { postgres: true }));
