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
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
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

/** Pushes per second and latency at `connections`, one new request per push. */
async function load(url, api, connections, offset) {
  const { stdout } = await promisify(execFile)('wrk', [
    '-t2', `-c${connections}`, `-d${DURATION}`, '--latency', '-s', join(here, 'push.lua'),
    url, '--', api.cookie, api.deviceId, String(api.number), String(offset),
  ], { encoding: 'utf8' });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_WRK'));
  const [, requests, perSecond, p50, p99, errors] = line.split(' ').map(Number);
  return { requests, perSecond, p50, p99, errors };
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
  } finally {
    await server.stop();
  }
}
