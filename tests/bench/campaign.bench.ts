/**
 * npm run bench:campaign — a campaign to BENCH_N contacts (default 100,000) against the sandbox as Meta, with
 * Spunta as a separate process (the server bundle `npm start` runs) and the sandbox in this process, so it
 * counts exactly what "Meta" received and when:
 *
 *   for each cap in BENCH_MPS (default "80,1000"): the number's throughput is set to the cap (PATCH
 *   /api/v1/numbers/{id}, contract A) and the sandbox enforces the same cap (130429 above it); then
 *   - achieved rate in steady state (from 5 % to 95 % of the messages) against the cap, and the busiest
 *     1-second window as Spunta sent (its wire gate, GET /api/health: never above the cap) and as this
 *     process stamped arrivals (after its own event-loop stalls, so it can read above the cap while the
 *     sandbox, refusing above it with 130429, refuses none),
 *   - duplicates (a recipient who got more than one message), recipients missed,
 *   - over the tier: unique customers reached in 24 h against the number's messaging limit,
 *   - peak RSS of the Node server and of PocketBase, time to first message after "start";
 *   then a kill run (BENCH_KILL_N, default 20,000 at the first cap): SIGKILL at 30 %, restart, exactly-once count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { SANDBOX_NUMBER } from '../../api/src/config.ts';
import type { SendTimeLost } from '../../api/src/engine/outbound/throughput-gate.ts';
import { freePort } from '../../api/src/lib/pocketbase-process.ts';
import { createSandbox, type Sandbox } from '../../api/src/modules/sandbox/index.ts';
import { cpuSeconds as cpuS } from './proc.ts';
import { serverNodeArgs } from './spawn.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const KILL_N = Number(process.env.BENCH_KILL_N ?? 20_000);
const CAPS = (process.env.BENCH_MPS ?? '80,1000').split(',').map(Number);
const TIER = process.env.BENCH_TIER ?? 'TIER_100K';
const TIER_LIMIT: Record<string, number> = { TIER_250: 250, TIER_2K: 2000, TIER_10K: 10_000, TIER_100K: 100_000 };
const ROOT = resolve(import.meta.dirname, '../..');
const EMAIL = 'bench@spunta.local';
const PASSWORD = 'bench-password-1';

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function childPid(pid: number): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const c of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('pocketbase')) return Number(c);
      }
    }
  } catch {
    /* gone */
  }
  return undefined;
}

interface Run {
  sandbox: Sandbox;
  server: ServerType;
  /** when "Meta" accepted each message (ms) */
  stamps: number[];
  dataDir: string;
  port: number;
  child?: ChildProcess;
  token: string;
}

async function startMeta(cap: number, port: number, secrets: Record<string, string>, dataDir: string): Promise<Run> {
  const metaPort = await freePort();
  const stamps: number[] = [];
  const sandbox = createSandbox({
    webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    appSecret: secrets.appSecret!,
    accessToken: secrets.accessToken!,
    numbers: [{ ...SANDBOX_NUMBER, qualityRating: 'GREEN', messagingLimitTier: TIER as 'TIER_100K' }],
    publicBaseUrl: `http://127.0.0.1:${metaPort}`,
    mediaDir: join(mkdtempSync(join(tmpdir(), 'spunta-meta-')), 'media'),
    statusDelayMs: [200, 1500],
    throughputMps: cap,
  });
  const server: ServerType = await new Promise((res) => {
    const srv = serve(
      {
        fetch: async (req) => {
          // stamped when the request arrives, as Meta counts the throughput (not when it is answered)
          const at = Date.now();
          const res = await sandbox.app.fetch(req);
          if (req.method === 'POST' && req.url.endsWith('/messages') && res.status === 200) stamps.push(at);
          return res;
        },
        port: metaPort,
        hostname: '127.0.0.1',
      },
      () => res(srv),
    );
  });
  return { sandbox, server, stamps, dataDir, port, token: '', metaUrl: `http://127.0.0.1:${metaPort}` } as Run & {
    metaUrl: string;
  };
}

async function startSpunta(run: Run & { metaUrl?: string }): Promise<void> {
  run.child = spawn(process.execPath, [...serverNodeArgs(), 'dist/server/index.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(run.port),
      HOST: '127.0.0.1',
      DATA_DIR: run.dataDir,
      ADMIN_EMAIL: EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      SEED: 'false',
      LOG_LEVEL: process.env.BENCH_LOG ?? 'error',
      WA_GRAPH_URL: `${run.metaUrl}/graph/v23.0`,
      SEND_RECONCILE_SECONDS: '20',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${run.port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  run.token = ((await login.json()) as { token: string }).token;
}

async function kill(run: Run): Promise<void> {
  const child = run.child!;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function stop(run: Run): Promise<void> {
  if (run.child && run.child.exitCode === null) {
    const child = run.child;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await run.sandbox.close();
  await new Promise((r) => run.server.close(() => r(undefined)));
  // BENCH_KEEP_DATA=1: the store stays for a look afterwards (sqlite3 <dir>/pb_data/data.db)
  if (process.env.BENCH_KEEP_DATA) console.log(`[bench] data kept in ${run.dataDir}`);
  else rmSync(run.dataDir, { recursive: true, force: true });
}

function api(run: Run) {
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`http://127.0.0.1:${run.port}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${run.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

const phoneOf = (i: number) => `39350${String(i).padStart(7, '0')}`;

async function seed(run: Run, n: number): Promise<string> {
  const call = api(run);
  const list = await call('POST', '/lists', { name: 'Bench' });
  let csv = 'phone,first_name,language\n';
  for (let i = 0; i < n; i++) csv += `+${phoneOf(i)},Nome${i},it\n`;
  const form = new FormData();
  form.set('file', new Blob([csv]), 'bench.csv');
  const up = await (
    await fetch(`http://127.0.0.1:${run.port}/api/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${run.token}` },
      body: form,
    })
  ).json();
  await call('POST', `/contacts/import/${up.job.id}/start`, {
    mapping: up.suggested_mapping,
    default_country: 'IT',
    list: list.id,
    opt_in: { source: 'bench' },
  });
  for (;;) {
    const j = await call('GET', `/jobs/${up.job.id}`);
    if (j.state === 'succeeded') break;
    if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`import ${j.state}: ${j.error}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  for (;;) {
    const t = await call('GET', '/templates');
    if (t.items.some((x: any) => x.name === 'appointment_reminder' && x.status === 'APPROVED')) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return list.id;
}

async function setCap(run: Run, cap: number): Promise<string> {
  const call = api(run);
  const numbers = await call('GET', '/wa-numbers');
  const id = numbers.items[0].id;
  try {
    await call('PATCH', `/numbers/${id}`, { throughput_mps: cap });
    return 'PATCH /numbers';
  } catch (err) {
    return `not set (${String(err).slice(0, 80)})`;
  }
}

function received(run: Run, n: number) {
  let missing = 0;
  let dups = 0;
  for (let i = 0; i < n; i++) {
    const k = run.sandbox.history(phoneOf(i)).filter((x) => x.kind === 'message' && x.direction === 'outbound').length;
    if (k === 0) missing++;
    if (k > 1) dups += k - 1;
  }
  return { missing, dups };
}

function rates(stamps: number[], n: number) {
  const s = [...stamps].sort((a, b) => a - b);
  const a = s[Math.floor(0.05 * n)]!;
  const b = s[Math.min(s.length - 1, Math.floor(0.95 * n))]!;
  const steady = (Math.floor(0.95 * n) - Math.floor(0.05 * n)) / ((b - a) / 1000);
  let peak = 0;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return { steady, peak };
}

async function campaignRun(cap: number, n: number, killAt?: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'spunta-bench-'));
  const secrets = {
    appSecret: randomBytes(16).toString('hex'),
    accessToken: `SANDBOX${randomBytes(16).toString('hex')}`,
    verifyToken: 'verify',
  };
  writeFileSync(join(dataDir, 'sandbox-secrets.json'), JSON.stringify(secrets));
  const run = await startMeta(cap, await freePort(), secrets, dataDir);
  await startSpunta(run);
  try {
    console.log(`[${cap} mps${killAt ? ', kill run' : ''}] importing ${n.toLocaleString()} contacts…`);
    const list = await seed(run, n);
    const capSet = await setCap(run, cap);
    const call = api(run);
    const c = await call('POST', '/campaigns', {
      name: `Bench ${cap}`,
      template: {
        name: 'appointment_reminder',
        language: 'it',
        params: { '1': '{{contact.first_name|Cliente}}', '2': 'lun', '3': '9' },
      },
      audience: { lists: [list] },
    });
    let peak = { node: 0, pb: 0 };
    const sample = setInterval(() => {
      const pid = run.child?.pid;
      peak = { node: Math.max(peak.node, rssMb(pid)), pb: Math.max(peak.pb, rssMb(pid ? childPid(pid) : undefined)) };
    }, 100);
    const t0 = Date.now();
    const cpu0 = { node: cpuS(run.child?.pid), pb: cpuS(childPid(run.child!.pid!)), meta: cpuS(process.pid) };
    await call('POST', `/campaigns/${c.id}/start`);
    let killed = false;
    let beforeKill = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      if (killAt && !killed && run.stamps.length >= killAt * n) {
        beforeKill = run.stamps.length;
        await kill(run);
        killed = true;
        console.log(`  SIGKILL after ${beforeKill.toLocaleString()} messages; restarting…`);
        await startSpunta(run);
        continue;
      }
      const x = await api(run)('GET', `/campaigns/${c.id}`).catch(() => undefined);
      if (x && process.env.BENCH_VERBOSE) console.log(`  ${x.state} ${JSON.stringify(x.stats)}`);
      if (x?.state === 'completed' || x?.state === 'failed') break;
    }
    clearInterval(sample);
    // CPU per 1,000 messages sent (the last Spunta only, after a kill)
    const cpu = {
      node: ((cpuS(run.child?.pid) - (killAt ? 0 : cpu0.node)) * 1000) / n,
      pb: ((cpuS(childPid(run.child!.pid!)) - (killAt ? 0 : cpu0.pb)) * 1000) / n,
      // this process: the sandbox playing Meta (its webhooks, statuses and histories) on the same two cores
      meta: ((cpuS(process.pid) - cpu0.meta) * 1000) / n,
    };
    const first = Math.min(...run.stamps) - t0;
    const { missing, dups } = received(run, n);
    const r = rates(run.stamps, n);
    // what "Meta" refused with 130429 (throughput above the cap): the sender's pacing, as Meta sees it
    const pacing = (await (await fetch(`${(run as Run & { metaUrl: string }).metaUrl}/control/throughput`)).json()) as {
      numbers: Record<string, { refused: number; maxInOneSecond: number }>;
    };
    const refused130429 = Object.values(pacing.numbers).reduce((a, x) => a + x.refused, 0);
    // the same measured where Spunta sends (its wire gate): the stamps above are taken on arrival, after the
    // event-loop stalls of this process, which plays every webhook too
    const health = (await (await fetch(`http://127.0.0.1:${run.port}/api/health`)).json()) as {
      channel: { outbound_peak_1s?: number; outbound_lost_ms?: { token: SendTimeLost; wire: SendTimeLost } };
    };
    const sentPeak = health.channel.outbound_peak_1s ?? Number.NaN;
    // sending time the number let pass unused, and why (the last Spunta only, after a kill)
    const none: SendTimeLost = { late: Number.NaN, starved: Number.NaN, stage: Number.NaN };
    const lost = health.channel.outbound_lost_ms ?? { token: none, wire: none };
    if (process.env.BENCH_TIMELINE) {
      const per = new Map<number, number>();
      for (const t of run.stamps) per.set(Math.floor((t - t0) / 1000), (per.get(Math.floor((t - t0) / 1000)) ?? 0) + 1);
      console.log(
        `  per second: ${[...per]
          .sort((a, b) => a[0] - b[0])
          .map(([, k]) => k)
          .join(' ')}`,
      );
    }
    const unique = n - missing;
    const result = {
      cap,
      n,
      capSet,
      steady: r.steady,
      peak1s: r.peak,
      sentPeak,
      lost,
      refused130429,
      dups,
      missing,
      overTier: Math.max(0, unique - (TIER_LIMIT[TIER] ?? Number.POSITIVE_INFINITY)),
      rssNode: peak.node,
      cpu,
      rssPb: peak.pb,
      firstMs: first,
      totalS: (Math.max(...run.stamps) - t0) / 1000,
      ...(killAt ? { beforeKill } : {}),
    };
    // each run's numbers as soon as it ends: a long bench cut short still reports the runs it finished
    console.log(`  done: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await stop(run);
  }
}

const results = [];
for (const cap of CAPS) results.push(await campaignRun(cap, N));
if (KILL_N > 0) results.push(await campaignRun(CAPS[0]!, KILL_N, 0.3));
console.log(
  '\n| run | recipients | cap (mps) | cap set via | steady rate (mps) | % of cap | busiest 1 s sent / received | 130429 refusals | duplicates | missed | over tier | peak RSS node / PB (MB) | CPU s per 1,000 node / PB / Meta | first message (ms) | total (s) | wire idle (s): late / starved | stage full (s) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${'beforeKill' in r ? `kill -9 at ${r.beforeKill}` : 'normal'} | ${r.n} | ${r.cap} | ${r.capSet} | ${r.steady.toFixed(1)} | ${((100 * r.steady) / r.cap).toFixed(1)} % | ${r.sentPeak} / ${r.peak1s} | ${r.refused130429} | ${r.dups} | ${r.missing} | ${r.overTier} | ${r.rssNode.toFixed(0)} / ${r.rssPb.toFixed(0)} | ${r.cpu.node.toFixed(1)} / ${r.cpu.pb.toFixed(1)} / ${r.cpu.meta.toFixed(1)} | ${r.firstMs} | ${r.totalS.toFixed(1)} | ${(r.lost.wire.late / 1000).toFixed(1)} / ${(r.lost.wire.starved / 1000).toFixed(1)} | ${(r.lost.token.stage / 1000).toFixed(1)} |`,
  );
