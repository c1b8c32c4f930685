/**
 * The durable scheduler against a real PocketBase (its migrations and pb_hooks/work_items.pb.js): claim
 * races between two workers, a worker killed with SIGKILL while holding leases, back-off, the dead
 * state, recurring rows across both DST changes of Europe/Rome, days passing on a ManualClock, dedupe.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import { Scheduler, PermanentFailure, type WorkItem } from '../../api/src/engine/scheduler/scheduler.ts';
import { createLogger } from '../../api/src/lib/logger.ts';
import { createSuperuserClient, type PocketBase } from '../../api/src/lib/pb.ts';
import { PocketBaseProcess, freePort } from '../../api/src/lib/pocketbase-process.ts';
import { until } from '../setup/harness.ts';

const log = createLogger('silent');
let dir: string;
let pbp: PocketBaseProcess;
let pb: PocketBase;
const schedulers: Scheduler[] = [];

function scheduler(opts: { clock?: ManualClock; owner?: string; batch?: number } = {}): Scheduler {
  const s = new Scheduler({ pb, log, pollMs: 50, ...opts });
  schedulers.push(s);
  return s;
}

interface Row {
  id: string;
  state: string;
  attempts: number;
  run_at: number;
  last_error: string;
  lease_owner: string;
  dedupe_key: string;
}
const rowOf = (key: string) =>
  pb.collection('work_items').getFirstListItem<Row>(pb.filter('dedupe_key = {:k}', { k: key }));

/** a scheduler worker in its own process (tests/setup/scheduler-worker.ts): it claims its kind's rows and hangs */
function worker(env: Record<string, string>): { claimed: Set<string>; kill(): Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '../setup/scheduler-worker.ts')],
    {
      env: {
        ...process.env,
        PB_URL: pbp.url,
        PB_EMAIL: pbp.superuserEmail,
        PB_PASSWORD: pbp.superuserPassword,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const claimed = new Set<string>();
  createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('claimed ') && claimed.add(l.slice(8)));
  const exited = new Promise((r) => child.once('exit', r));
  return {
    claimed,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spunta-sched-'));
  pbp = new PocketBaseProcess({ dataDir: dir, port: await freePort(), log });
  await pbp.start();
  pb = await createSuperuserClient(pbp.url, pbp.superuserEmail, pbp.superuserPassword);
});
afterAll(async () => {
  for (const s of schedulers) await s.stop();
  await pbp?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
});

describe('scheduler', () => {
  it('runs a row once per dedupe key, however often it is scheduled', async () => {
    const s = scheduler();
    const runs: string[] = [];
    s.register<{ n: number }>('t.dedupe', {
      handler: async (item) => void runs.push(`${item.dedupeKey}#${item.payload.n}`),
    });
    const first = await Promise.all(
      [1, 2, 3].map((n) => s.schedule({ kind: 't.dedupe', dedupeKey: 'ooh:conv1:window1', payload: { n } })),
    );
    expect(first).toEqual([true, false, false]);
    await s.idle();
    expect(await s.schedule({ kind: 't.dedupe', dedupeKey: 'ooh:conv1:window1', payload: { n: 4 } })).toBe(false);
    await s.idle();
    expect(runs).toEqual(['ooh:conv1:window1#1']);
    expect((await rowOf('ooh:conv1:window1')).state).toBe('done');
  });

  it('bulk work yields to timed work: no bulk row starts while a timed row is due', async () => {
    const s = scheduler();
    const started: string[] = [];
    const work = async (item: WorkItem) => {
      started.push(item.kind);
      await new Promise((r) => setTimeout(r, 15));
    };
    s.register('t.timed', { handler: work, concurrency: 2 });
    s.register('t.bulk', { handler: work, concurrency: 4, yieldTo: ['t.timed'] });
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => s.schedule({ kind: 't.bulk', dedupeKey: `bulk:${i}` })),
      ...Array.from({ length: 20 }, (_, i) => s.schedule({ kind: 't.timed', dedupeKey: `timed:${i}` })),
    ]);
    s.start();
    await until(async () => started.length === 40, 15_000);
    // every timed row was taken before the first bulk one (without yieldTo, bulk rows start at once)
    expect(started.lastIndexOf('t.timed')).toBeLessThan(started.indexOf('t.bulk'));
  });

  it('a row scheduled for later runs when due, not at the next look at every kind', async () => {
    const s = new Scheduler({ pb, log, pollMs: 20_000 });
    schedulers.push(s);
    const ran: number[] = [];
    s.register('t.soon', { handler: async () => void ran.push(Date.now()) });
    s.start();
    await s.schedule({ kind: 't.soon', dedupeKey: 'soon:1', delayMs: 10 }); // before the first look: it is seen then
    await until(async () => ran.length === 1, 5_000);
    const at = Date.now() + 400;
    await s.schedule({ kind: 't.soon', dedupeKey: 'soon:2', runAt: at });
    await until(async () => ran.length === 2, 5_000);
    expect(ran[1]!).toBeGreaterThanOrEqual(at);
    expect(ran[1]! - at).toBeLessThan(1_000);
  });

  it('two workers on one store: every row runs, none twice', async () => {
    const N = 1500;
    const a = scheduler({ owner: 'worker-a', batch: 40 });
    const b = scheduler({ owner: 'worker-b', batch: 40 });
    const ran = new Map<string, string[]>();
    for (const [s, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      s.register<{ i: number }>('t.race', {
        concurrency: 40,
        handler: async (item) => {
          await new Promise((r) => setImmediate(r));
          ran.set(item.dedupeKey, [...(ran.get(item.dedupeKey) ?? []), name]);
        },
      });
    }
    const seeder = scheduler({ owner: 'seeder' });
    await Promise.all(
      Array.from({ length: N }, (_, i) => seeder.schedule({ kind: 't.race', dedupeKey: `race:${i}`, payload: { i } })),
    );
    a.start();
    b.start();
    await until(async () => ran.size === N, 60_000);
    await a.idle();
    await b.idle();
    const twice = [...ran.entries()].filter(([, by]) => by.length > 1);
    expect(twice).toEqual([]);
    expect(ran.size).toBe(N);
    const byWorker = { a: 0, b: 0 };
    for (const by of ran.values()) byWorker[by[0] as 'a' | 'b']++;
    expect(byWorker.a + byWorker.b).toBe(N);
    expect(byWorker.a).toBeGreaterThan(0); // both really competed for the rows
    expect(byWorker.b).toBeGreaterThan(0);
    const done = await pb.collection('work_items').getList(1, 1, { filter: "kind = 't.race' && state = 'done'" });
    expect(done.totalItems).toBe(N);
  });

  it('a worker killed with SIGKILL while holding leases: its rows run again after the lease, or die when spent', async () => {
    const seeder = scheduler();
    await seeder.schedule({ kind: 'victim.work', dedupeKey: 'victim:retry', maxAttempts: 3 });
    await seeder.schedule({ kind: 'victim.work', dedupeKey: 'victim:last-try', maxAttempts: 1 });
    const victim = worker({ LEASE_MS: '60000' });
    await until(async () => victim.claimed.size === 2, 30_000);
    expect(await rowOf('victim:retry')).toMatchObject({ state: 'running', lease_owner: 'victim', attempts: 1 });
    await victim.kill();

    // a survivor on a clock a little past the dead worker's lease
    const clock = new ManualClock(Date.now() + 30_000);
    const survivor = scheduler({ clock, owner: 'survivor' });
    const ran: WorkItem[] = [];
    const dead: Array<[string, string]> = [];
    survivor.register('victim.work', {
      handler: async (item) => void ran.push(item),
      onDead: async (item, err) => void dead.push([item.dedupeKey, err]),
    });
    await survivor.idle();
    expect(ran).toEqual([]); // the lease still holds
    expect((await rowOf('victim:retry')).state).toBe('running');
    clock.advance(60_000);
    await survivor.idle();
    expect(ran.map((i) => [i.dedupeKey, i.attempt, i.lastError])).toEqual([
      ['victim:retry', 2, 'lease expired: worker victim did not finish attempt 1'],
    ]);
    expect(await rowOf('victim:retry')).toMatchObject({ state: 'done', attempts: 2, lease_owner: '' });
    expect(dead).toEqual([['victim:last-try', 'lease expired: worker victim did not finish attempt 1']]);
    expect(await rowOf('victim:last-try')).toMatchObject({
      state: 'dead',
      last_error: 'lease expired: worker victim did not finish attempt 1',
    });
  });

  it('a server started again takes back at once the rows its killed previous life held, and only those', async () => {
    const seeder = scheduler();
    await seeder.schedule({ kind: 'gone.work', dedupeKey: 'gone:1', maxAttempts: 3 });
    await seeder.schedule({ kind: 'alive.work', dedupeKey: 'alive:1', maxAttempts: 3 });
    // two workers named as a server's are: one is killed, the other lives on; both hold ten-minute leases
    const gone = worker({ KIND: 'gone.work', OWNER: 'default', LEASE_MS: '600000' });
    const alive = worker({ KIND: 'alive.work', OWNER: 'default', LEASE_MS: '600000' });
    try {
      await until(async () => gone.claimed.has('gone:1') && alive.claimed.has('alive:1'), 30_000);
      const goneOwner = (await rowOf('gone:1')).lease_owner;
      expect(goneOwner).toMatch(/\/\d+\/[0-9a-f]+$/);
      await gone.kill();

      const restarted = scheduler();
      const ran: WorkItem[] = [];
      for (const kind of ['gone.work', 'alive.work'])
        restarted.register(kind, { handler: async (i) => void ran.push(i) });
      restarted.start();
      // not ten minutes later: the killed worker's process is gone, so its row is due at once
      await until(async () => ran.length > 0, 20_000);
      expect(ran.map((i) => [i.dedupeKey, i.attempt, i.lastError])).toEqual([
        ['gone:1', 2, `lease expired: worker ${goneOwner} did not finish attempt 1`],
      ]);
      await until(async () => (await rowOf('gone:1')).state === 'done', 10_000);
      // the living worker keeps its row
      expect(await rowOf('alive:1')).toMatchObject({ state: 'running', attempts: 1 });
    } finally {
      await gone.kill();
      await alive.kill();
    }
  });

  it('retries with exponential back-off on the clock, then succeeds', async () => {
    const clock = new ManualClock('2026-05-04T10:00:00Z');
    const s = scheduler({ clock });
    const attempts: Array<{ attempt: number; at: string }> = [];
    s.register('t.flaky', {
      backoff: { baseMs: 10_000, maxMs: 3_600_000, jitter: 0 },
      handler: async (item, ctx) => {
        attempts.push({ attempt: item.attempt, at: new Date(ctx.now()).toISOString() });
        if (item.attempt < 3) throw new Error(`Graph API 503 (attempt ${item.attempt})`);
      },
    });
    await s.schedule({ kind: 't.flaky', dedupeKey: 'flaky:1', maxAttempts: 5 });
    await s.idle();
    expect(await rowOf('flaky:1')).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'Graph API 503 (attempt 1)',
      run_at: Date.parse('2026-05-04T10:00:10Z'),
    });
    clock.advance(9_999);
    await s.idle();
    expect(attempts).toHaveLength(1);
    clock.advance(1);
    await s.idle();
    expect((await rowOf('flaky:1')).run_at).toBe(Date.parse('2026-05-04T10:00:30Z')); // 10 s, then 20 s
    clock.advance(20_000);
    await s.idle();
    expect(attempts).toEqual([
      { attempt: 1, at: '2026-05-04T10:00:00.000Z' },
      { attempt: 2, at: '2026-05-04T10:00:10.000Z' },
      { attempt: 3, at: '2026-05-04T10:00:30.000Z' },
    ]);
    expect(await rowOf('flaky:1')).toMatchObject({ state: 'done', attempts: 3, last_error: '' });
  });

  it('a row whose attempts are spent is dead with its last error; a permanent failure is dead at once', async () => {
    const clock = new ManualClock('2026-05-04T10:00:00Z');
    const s = scheduler({ clock });
    const dead: Array<[string, string]> = [];
    s.register<{ permanent?: boolean }>('t.doomed', {
      backoff: { baseMs: 1000, maxMs: 60_000, jitter: 0 },
      handler: async (item) => {
        if (item.payload.permanent) throw new PermanentFailure('media type text/html is not allowed');
        throw new Error(`timeout #${item.attempt}`);
      },
      onDead: async (item, err) => void dead.push([item.dedupeKey, err]),
    });
    await s.schedule({ kind: 't.doomed', dedupeKey: 'doomed:1', maxAttempts: 3, payload: {} });
    await s.schedule({ kind: 't.doomed', dedupeKey: 'doomed:2', maxAttempts: 3, payload: { permanent: true } });
    for (let i = 0; i < 4; i++) {
      await s.idle();
      clock.advance(60_000);
    }
    expect(await rowOf('doomed:1')).toMatchObject({ state: 'dead', attempts: 3, last_error: 'timeout #3' });
    expect(await rowOf('doomed:2')).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: 'media type text/html is not allowed',
    });
    expect(dead.sort()).toEqual([
      ['doomed:1', 'timeout #3'],
      ['doomed:2', 'media type text/html is not allowed'],
    ]);
  });

  it('a recurring row runs at local time in its zone across both DST changes of Europe/Rome', async () => {
    const clock = new ManualClock('2026-03-27T12:00:00Z');
    const s = scheduler({ clock });
    const runs: string[] = [];
    s.register('t.daily', { handler: async (item) => void runs.push(new Date(item.runAt).toISOString()) });
    await s.recurring('t.daily', { cron: '0 9 * * *', timezone: 'Europe/Rome' });
    // the same schedule registered again (a restart) keeps its row and its next run
    await s.recurring('t.daily', { cron: '0 9 * * *', timezone: 'Europe/Rome' });
    const step = async (to: string) => {
      clock.set(to);
      await s.idle();
    };
    for (const day of ['03-28', '03-29', '03-30']) await step(`2026-${day}T12:00:00Z`);
    await step('2026-10-24T12:00:00Z'); // months pass at once: one catch-up run, not two hundred
    for (const day of ['10-25', '10-26']) await step(`2026-${day}T12:00:00Z`);
    expect(runs).toEqual([
      '2026-03-28T08:00:00.000Z', // 09:00 CET
      '2026-03-29T07:00:00.000Z', // 09:00 CEST, the day the clocks go forward
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z', // due on the 31st, run on the late look on 24 October
      '2026-10-25T08:00:00.000Z', // 09:00 CET again, the day the clocks go back
      '2026-10-26T08:00:00.000Z',
    ]);
    const rows = await pb.collection('work_items').getFullList<Row>({ filter: "kind = 't.daily'" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      state: 'pending',
      dedupe_key: 'recurring:t.daily',
      attempts: 0,
      run_at: Date.parse('2026-10-27T08:00:00Z'),
    });
  });

  it('days pass on the clock: a row due in three days runs only when they have', async () => {
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const s = scheduler({ clock });
    const runs: number[] = [];
    s.register('t.later', { handler: async (_item, ctx) => void runs.push(ctx.now()) });
    s.start();
    await s.schedule({ kind: 't.later', dedupeKey: 'later:1', delayMs: 3 * 86_400_000 });
    await s.schedule({ kind: 't.later', dedupeKey: 'later:now' });
    await until(async () => runs.length === 1);
    await s.idle();
    clock.advance(2 * 86_400_000);
    await s.idle();
    expect(runs).toHaveLength(1);
    clock.advance(86_400_000); // the started worker wakes on the jump by itself
    await until(async () => runs.length === 2);
    expect(runs[1]).toBe(Date.parse('2026-06-04T09:00:00Z'));
  });
});
