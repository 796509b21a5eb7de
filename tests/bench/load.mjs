// (c) The server alone under load: wrk pushes one new request per call at 50 and 200
// connections, with durable acknowledgements (`--durability full`, the default) and
// without, each with writes grouped in one transaction (the default) and committed one
// by one (`--write-batch 1`), so the table shows what durability costs and what group
// commit wins back. Then the same durable, grouped load on PostgreSQL (when the benchmark
// runs with a cluster, as `make bench` does): one instance, and two behind nginx with the
// operations guide's configuration. Every push answered must have left a request on the
// server. While each load runs, the server's metrics are scraped twice a second, as a
// monitoring system would: how long a scrape takes under load, and what the server's own
// push histogram says beside what wrk measured.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEMO_PASSWORD, Nginx, POSTGRES, TestServer, postgresDatabase,
} from '../support.mjs';
import { client, pullAll } from './api.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const DURATION = process.env.BRS_BENCH_DURATION ?? '10s';

const METRICS_TOKEN = 'bench-scraper';

/** What wrk measured running `script` at `connections` against `url`, with `args`. */
async function wrk(url, script, connections, args = []) {
  const { stdout } = await promisify(execFile)('wrk', [
    '-t2', `-c${connections}`, `-d${DURATION}`, '--latency', '-s', join(here, script),
    url, '--', ...args,
  ], { encoding: 'utf8' });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_WRK'));
  const [, requests, perSecond, p50, p99, errors] = line.split(' ').map(Number);
  return { requests, perSecond, p50, p99, errors };
}

/** Pushes per second and latency at `connections`, one new request per push. */
const load = (url, api, connections, offset) => wrk(url, 'push.lua', connections,
  [api.cookie, api.deviceId, String(api.number), String(offset)]);

/** The peer: pouchdb-server, on disk in a folder of its own, taking one new document per
 * request at each load; its writes per second and latency by connections. */
async function peer() {
  const bin = join(here, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');
  const port = 15984 + Math.floor(Math.random() * 1000);
  const cwd = mkdtempSync(join(tmpdir(), 'pouchdb-server-'));
  const proc = spawn(process.execPath, [bin, '--port', String(port), '--dir', cwd],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise((ok, fail) => {
      let out = '';
      proc.stdout.on('data', (chunk) => { out += chunk; if (out.includes('has started')) ok(); });
      proc.on('exit', (code) => fail(new Error(`pouchdb-server exited with ${code}: ${out}`)));
    });
    const url = `http://127.0.0.1:${port}/requests`;
    const made = await fetch(url, { method: 'PUT' });
    if (!made.ok) throw new Error(`pouchdb-server did not make the database: ${made.status}`);
    const out = {};
    for (const connections of [50, 200]) out[connections] = await wrk(url, 'pouch.lua', connections);
    return out;
  } finally {
    proc.kill();
    await new Promise((ok) => { proc.once('exit', ok); if (proc.exitCode !== null) ok(); });
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Scrapes `/metrics` twice a second until `done` settles: each scrape's time, the last text. */
async function scrapeWhile(url, done) {
  const times = [];
  let text = '';
  let over = false;
  done.finally(() => { over = true; });
  while (!over) {
    const started = performance.now();
    const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    if (!r.ok) throw new Error(`/metrics answered ${r.status}`);
    text = await r.text();
    times.push(performance.now() - started);
    await new Promise((ok) => { setTimeout(ok, 500); });
  }
  times.sort((a, b) => a - b);
  return { scrapes: times.length, worst: times.at(-1) ?? 0, text };
}

/** The upper bound of the bucket holding the `q` quantile of a route's durations, in ms. */
function bucketOf(text, route, q) {
  const counts = [...text.matchAll(new RegExp(
    `^brs_http_request_duration_seconds_bucket\\{le="([^"]+)",route="${route}"\\} (\\d+)$`, 'gm',
  ))].map((m) => [m[1], Number(m[2])]);
  const total = counts.at(-1)?.[1] ?? 0;
  const hit = counts.find(([, n]) => n >= q * total);
  return { total, le: hit ? (hit[0] === '+Inf' ? Infinity : Number(hit[0]) * 1000) : NaN };
}

const settings = [
  { durability: 'full', batch: 256, name: 'durable, grouped' },
  { durability: 'full', batch: 1, name: 'durable, one by one' },
  { durability: 'normal', batch: 256, name: 'not durable, grouped' },
  { durability: 'normal', batch: 1, name: 'not durable, one by one' },
  ...(POSTGRES ? [
    { durability: 'full', batch: 256, name: 'PostgreSQL, durable, grouped', postgres: true, instances: 1 },
    { durability: 'full', batch: 256, name: 'PostgreSQL, two instances behind nginx', postgres: true, instances: 2 },
  ] : []),
];

/** The servers of a setting, and the address the load goes to. */
async function start(s) {
  const bin = join(root, 'target', 'release', 'server');
  const args = ['--durability', s.durability, '--write-batch', String(s.batch),
    '--metrics-token', METRICS_TOKEN];
  if (!s.postgres) {
    const server = await TestServer.start({ bin, args });
    return { url: server.url, stop: () => server.stop() };
  }
  const options = {
    bin,
    args: [...args, '--trusted-proxies', '127.0.0.1'],
    dataDir: mkdtempSync(join(tmpdir(), 'brs-bench-')),
    env: { DATABASE_URL: await postgresDatabase() },
  };
  const servers = [];
  for (let i = 0; i < s.instances; i += 1) servers.push(await TestServer.start(options));
  const nginx = s.instances > 1 ? await Nginx.start(servers.map((x) => x.port)) : null;
  return {
    url: nginx ? nginx.url : servers[0].url,
    stop: async () => {
      await nginx?.stop();
      for (const x of servers) await x.stop();
    },
  };
}

/** The pushes of each setting by connections, and the session checks of the first. */
const measured = {};
const ceiling = {};
const only = process.env.BRS_BENCH_LOAD;
/** The name `BRS_BENCH_LOAD` picks a setting by. */
const key = (s) => (s.postgres ? 'postgres' : `${s.durability}/${s.batch}`);
for (const s of settings.filter((x) => !only || key(x) === only)) {
  const server = await start(s);
  try {
    const officer = await client(server.url, 'officer.sabya', DEMO_PASSWORD);
    const before = (await pullAll(officer)).length;
    let sent = 0;
    for (const [connections, offset] of [[50, 100_000], [200, 400_000]]) {
      const running = load(server.url, officer, connections, offset);
      const scraped = await scrapeWhile(server.url, running);
      const r = await running;
      sent += r.requests;
      (measured[s.name] ??= {})[connections] = r;
      const target = s.durability === 'full' && s.batch > 1;
      const met = r.perSecond >= 1000 && r.p99 <= 50 ? 'met' : 'not met';
      console.log(`BENCH (c) pushes at ${connections} connections, ${s.name} | ${r.perSecond.toFixed(0)} pushes/s | `
        + `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors | `
        + `${target ? `${met} (target >= 1000/s, p99 <= 50 ms)` : ''}`);
      // Each instance counts its own pushes: with two, the first's histogram is half.
      const p99 = bucketOf(scraped.text, '/api/sync/push', 0.99);
      console.log(`BENCH (c) metrics scraped during the load, ${connections} connections, ${s.name} | `
        + `${scraped.scrapes} scrapes, slowest ${scraped.worst.toFixed(1)} ms | `
        + `the server's push histogram since it started: ${p99.total} pushes, p99 <= ${p99.le} ms (wrk: p99 ${r.p99.toFixed(1)} ms)`);
    }
    // Every push counted was a request the server kept; pushes still on the wire when the
    // clock stopped may have been kept too.
    const added = (await pullAll(officer)).length - before;
    if (added < sent || added > sent + 250) throw new Error(`${sent} pushes answered but ${added} requests kept`);
    if (s === settings[0]) {
      // The same binary answering its cheapest signed-in request: HTTP and the session.
      for (const connections of [50, 200]) {
        const r = await wrk(server.url, 'get.lua', connections, [officer.cookie]);
        ceiling[connections] = r;
        console.log(`BENCH (c) session checks at ${connections} connections, the ceiling of HTTP and session | `
          + `${r.perSecond.toFixed(0)} requests/s | p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors | `);
      }
    }
  } finally {
    await server.stop();
  }
}

const rate = (r) => `${r.perSecond.toFixed(0)}/s, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`;
const grouped = measured[settings[0].name];
if (grouped) {
  const theirs = await peer();
  for (const connections of [50, 200]) {
    const ours = grouped[connections];
    const them = theirs[connections];
    const x = ours.perSecond / them.perSecond;
    console.log(`BENCH (c) our durable pushes against pouchdb-server's writes, ${connections} connections | `
      + `${rate(ours)} | pouchdb-server ${rate(them)} | ${x.toFixed(1)}x (target >= 3x)`);
    const top = ceiling[connections];
    const share = ours.perSecond / top.perSecond;
    const fast = connections !== 200 || (ours.p99 <= 50 && ours.errors === 0);
    console.log(`BENCH (c) pushes against the session-check ceiling, ${connections} connections | `
      + `${rate(ours)} | session checks ${rate(top)} | ${share.toFixed(2)} of the ceiling (target >= 0.5)`
      + `${connections === 200 ? `; p99 ${fast ? 'met' : 'not met'} (target <= 50 ms, no errors)` : ''}`);
  }
}
const pg = measured['PostgreSQL, durable, grouped'];
const two = measured['PostgreSQL, two instances behind nginx'];
if (grouped && pg) {
  for (const connections of [50, 200]) {
    const x = pg[connections].perSecond / grouped[connections].perSecond;
    console.log(`BENCH (c) PostgreSQL against SQLite, durable and grouped, ${connections} connections | `
      + `${rate(pg[connections])} | SQLite ${rate(grouped[connections])} | ${x.toFixed(2)} (target >= 0.6)`);
  }
}
if (pg && two) {
  for (const connections of [50, 200]) {
    const x = two[connections].perSecond / pg[connections].perSecond;
    console.log(`BENCH (c) two PostgreSQL instances behind nginx against one, ${connections} connections | `
      + `${rate(two[connections])} | one ${rate(pg[connections])} | ${x.toFixed(2)} (target >= 1.0)`);
  }
}
