// (c) The server alone under load: wrk pushes one new request per call at 50 and 200
// connections, with durable acknowledgements (`--durability full`, the default) and
// without, each with writes grouped in one transaction (the default) and committed one
// by one (`--write-batch 1`), so the table shows what durability costs and what group
// commit wins back. Then the same durable, grouped load on PostgreSQL (when the benchmark
// runs with a cluster, as `make bench` does): one instance, and two behind nginx with the
// operations guide's configuration. Every push answered must have left a request on the
// server.
import { execFileSync } from 'node:child_process';
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

/** Pushes per second and latency at `connections`, one new request per push. */
function load(url, api, connections, offset) {
  const out = execFileSync('wrk', [
    '-t2', `-c${connections}`, `-d${DURATION}`, '--latency', '-s', join(here, 'push.lua'),
    url, '--', api.cookie, api.deviceId, String(api.number), String(offset),
  ], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('BENCH_WRK'));
  const [, requests, perSecond, p50, p99, errors] = line.split(' ').map(Number);
  return { requests, perSecond, p50, p99, errors };
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
  const args = ['--durability', s.durability, '--write-batch', String(s.batch)];
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
      const r = load(server.url, officer, connections, offset);
      sent += r.requests;
      const target = s.durability === 'full' && s.batch > 1;
      const met = r.perSecond >= 1000 && r.p99 <= 50 ? 'met' : 'not met';
      console.log(`BENCH (c) pushes at ${connections} connections, ${s.name} | ${r.perSecond.toFixed(0)} pushes/s | `
        + `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors | `
        + `${target ? `${met} (target >= 1000/s, p99 <= 50 ms)` : ''}`);
    }
    // Every push counted was a request the server kept; pushes still on the wire when the
    // clock stopped may have been kept too.
    const added = (await pullAll(officer)).length - before;
    if (added < sent || added > sent + 250) throw new Error(`${sent} pushes answered but ${added} requests kept`);
  } finally {
    await server.stop();
  }
}
