/**
 * npm run bench:scheduler — the durable scheduler's throughput on a real PocketBase (same binary,
 * migrations and hooks as Spunta; started as a child process as the other benches' baselines are), in
 * one run with its baselines, so a busy machine shows in both:
 *
 * 1. Baselines: raw PocketBase record creates/s of work_items rows — one request per record (8 in
 *    flight, as a naive job queue would write) and /api/batch of 500.
 * 2. schedule(): N rows (default 20,000) through the batched schedule route.
 * 3. Claim + run (a no-op handler) + complete of those N rows by one worker, then by two workers on the
 *    same store (each row exactly once is checked).
 * 4. Steady state: rows scheduled and run at the same time (a producer at full speed, one worker).
 * Target: ≥ 2,000 rows/s claimed and completed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scheduler } from '../../api/src/engine/scheduler/scheduler.ts';
import { createLogger } from '../../api/src/lib/logger.ts';
import { createSuperuserClient, type PocketBase } from '../../api/src/lib/pb.ts';
import { PocketBaseProcess, freePort } from '../../api/src/lib/pocketbase-process.ts';
import { newRecordId } from '../../api/src/lib/records.ts';

const N = Number(process.env.BENCH_N ?? 20_000);
const TARGET = 2000;
const log = createLogger('error');

async function withPocketBase<T>(fn: (pb: PocketBase) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'spunta-bench-sched-'));
  const p = new PocketBaseProcess({ dataDir: dir, port: await freePort(), log });
  await p.start();
  try {
    const pb = await createSuperuserClient(p.url, p.superuserEmail, p.superuserPassword);
    // as Spunta configures it (applyServerSettings): batch on, request logs off
    await pb.settings.update({
      batch: { enabled: true, maxRequests: 2000, timeout: 30, maxBodySize: 64 * 1024 * 1024 },
      logs: { maxDays: 0 },
    });
    return await fn(pb);
  } finally {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const row = (i: number, prefix: string) => ({
  id: newRecordId(),
  kind: 'bench.raw',
  state: 'pending',
  run_at: Date.now(),
  attempts: 0,
  max_attempts: 5,
  lease_until: 0,
  dedupe_key: `${prefix}:${i}`,
  payload: { i },
  principal: 'system:bench',
});

async function baselineSingle(pb: PocketBase, n: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) await pb.collection('work_items').create(row(next++, 'single'));
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function baselineBatch(pb: PocketBase, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += 500) {
    const b = pb.createBatch();
    for (let k = i; k < Math.min(n, i + 500); k++) b.collection('work_items').create(row(k, 'batch'));
    await b.send();
  }
  return n / ((performance.now() - t0) / 1000);
}

async function scheduleRows(s: Scheduler, n: number, prefix: string): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += 2000) {
    await Promise.all(
      Array.from({ length: Math.min(2000, n - i) }, (_, k) =>
        s.schedule({ kind: 'bench.noop', dedupeKey: `${prefix}:${i + k}`, payload: { i: i + k } }),
      ),
    );
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Workers run the N rows; answers rows/s from start to the last outcome written. */
async function drain(
  pb: PocketBase,
  workers: number,
  n: number,
): Promise<{ rate: number; twice: number; perWorker: number[] }> {
  const seen = new Map<string, number>();
  const per = Array.from({ length: workers }, () => 0);
  const ss = Array.from({ length: workers }, (_, w) => {
    const s = new Scheduler({ pb, log, owner: `bench-${w}`, batch: 500, pollMs: 200 });
    s.register('bench.noop', {
      concurrency: 1000,
      handler: async (item) => {
        seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
        per[w]!++;
      },
    });
    return s;
  });
  const t0 = performance.now();
  for (const s of ss) s.start();
  while (seen.size < n) await new Promise((r) => setTimeout(r, 5));
  await Promise.all(ss.map((s) => s.idle()));
  const rate = n / ((performance.now() - t0) / 1000);
  await Promise.all(ss.map((s) => s.stop()));
  const left = await pb.collection('work_items').getList(1, 1, { filter: "kind = 'bench.noop' && state != 'done'" });
  if (left.totalItems) throw new Error(`${left.totalItems} rows not done`);
  return { rate, twice: [...seen.values()].filter((c) => c > 1).length, perWorker: per };
}

async function steady(pb: PocketBase, n: number): Promise<number> {
  const s = new Scheduler({ pb, log, owner: 'steady', batch: 500, pollMs: 200 });
  let ran = 0;
  s.register('bench.steady', { concurrency: 1000, handler: async () => void ran++ });
  s.start();
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, n - i) }, (_, k) =>
        s.schedule({ kind: 'bench.steady', dedupeKey: `steady:${i + k}` }),
      ),
    );
  }
  while (ran < n) await new Promise((r) => setTimeout(r, 5));
  await s.idle();
  const rate = n / ((performance.now() - t0) / 1000);
  await s.stop();
  return rate;
}

async function main() {
  console.log(
    `load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()} (other processes on this machine skew every number)`,
  );
  const r = await withPocketBase(async (pb) => {
    const single = await baselineSingle(pb, Math.min(N, 5000));
    const batch = await baselineBatch(pb, N);
    const seeder = new Scheduler({ pb, log, owner: 'seeder' });
    const sched1 = await scheduleRows(seeder, N, 'one');
    const one = await drain(pb, 1, N);
    const sched2 = await scheduleRows(seeder, N, 'two');
    const two = await drain(pb, 2, N);
    const both = await steady(pb, N);
    return { single, batch, sched: (sched1 + sched2) / 2, one, two, both };
  });
  const ok = (v: number) => (v >= TARGET ? 'yes' : 'NO');
  console.table([
    {
      measure: 'baseline: PocketBase record creates/s (one request each, 8 in flight)',
      value: r.single.toFixed(0),
      target: '',
      met: '',
    },
    {
      measure: 'baseline: PocketBase /api/batch creates/s (500 per batch)',
      value: r.batch.toFixed(0),
      target: '',
      met: '',
    },
    { measure: 'schedule(): rows/s', value: r.sched.toFixed(0), target: '', met: '' },
    {
      measure: 'claimed + run + completed rows/s, 1 worker',
      value: r.one.rate.toFixed(0),
      target: `≥ ${TARGET}`,
      met: ok(r.one.rate),
    },
    {
      measure: 'claimed + run + completed rows/s, 2 workers',
      value: r.two.rate.toFixed(0),
      target: `≥ ${TARGET}`,
      met: ok(r.two.rate),
    },
    {
      measure: '  rows run twice (2 workers) / split',
      value: `${r.two.twice} / ${r.two.perWorker.join(' + ')}`,
      target: '0',
      met: r.two.twice ? 'NO' : 'yes',
    },
    { measure: 'scheduled and run at once, rows/s end to end', value: r.both.toFixed(0), target: '', met: '' },
    {
      measure: 'ratio 1-worker rows/s ÷ batch creates/s',
      value: (r.one.rate / r.batch).toFixed(2),
      target: '',
      met: '',
    },
  ]);
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  process.exit(0);
}

await main();
