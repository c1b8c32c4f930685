/**
 * The one scheduler: anything that happens later or again is a `work_items` row (see work-store.ts and
 * pb_hooks/work_items.pb.js). Handlers are registered per kind; a worker claims due rows of its kinds
 * with a lease, runs them, and reports outcomes in batches. Guarantees:
 *
 * - at least once: a row is finished only after its handler returned; a worker that dies leaves a lease
 *   that expires, and the row runs again (handlers must be idempotent — the dedupe key helps);
 * - never twice at the same time: a claim is one SQLite transaction, and only the worker and attempt
 *   holding the lease may finish a row;
 * - once per dedupe key: schedule() with a key already present does nothing ("ooh:<chat>:<window>");
 * - failures retry with exponential back-off up to max_attempts, then the row is dead with its last
 *   error (and the kind's onDead runs); recurring rows instead wait for their next run.
 *
 * Time comes from an injectable Clock, so tests move it forward by days and call idle().
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { newRecordId } from '../../lib/records.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { systemClock, type Clock } from './clock.ts';
import { checkRecurrence, nextRunAfter, type Recurrence } from './recurrence.ts';
import { newOwnerName, orphanedOwners } from './orphaned-leases.ts';
import { WorkStore, type ClaimedRow, type NewRow, type Outcomes } from './work-store.ts';

export interface WorkItem<P = unknown> {
  id: string;
  kind: string;
  dedupeKey: string;
  payload: P;
  /** when it was due (epoch ms, scheduler clock) */
  runAt: number;
  /** 1 for the first run */
  attempt: number;
  maxAttempts: number;
  recurring: Recurrence | null;
  /** who the work acts for, e.g. "system:templates" */
  principal: string;
  /** the previous attempt's error, if any */
  lastError: string;
}

export interface JobContext {
  /** the scheduler's clock: read time from here, never from Date.now() */
  now(): number;
  log: Logger;
  /** aborted when the lease runs out: the row may already be running elsewhere */
  signal: AbortSignal;
  scheduler: Scheduler;
}

export type Handler<P> = (item: WorkItem<P>, ctx: JobContext) => Promise<void>;

/** Thrown by a handler for a failure that retrying cannot fix: the row is dead at once. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

export interface KindOptions<P> {
  handler: Handler<P>;
  /** rows of this kind running at once in this worker (default 8) */
  concurrency?: number;
  /** default for rows scheduled without one (default 5) */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** how long a claim holds a row (default 60 s); the handler's signal aborts then */
  leaseMs?: number;
  /** after the last attempt failed (or the lease of the last attempt expired) */
  onDead?: (item: WorkItem<P>, error: string) => Promise<void>;
  /**
   * Bulk work that must not delay timed work: rows of this kind are claimed only while none of these
   * kinds has a row due (e.g. a list's 10,000 entries into an automation yield to its timed steps).
   */
  yieldTo?: string[];
}

export interface ScheduleInput<P = unknown> {
  kind: string;
  payload?: P;
  /** epoch ms or Date; default now (+ delayMs) */
  runAt?: number | Date;
  delayMs?: number;
  /** the row exists once per key; default a fresh key (always scheduled) */
  dedupeKey?: string;
  maxAttempts?: number;
  principal?: string;
}

export interface SchedulerOptions {
  pb: PocketBase;
  log: Logger;
  clock?: Clock;
  /** names this worker in leases (default host/pid/random) */
  owner?: string;
  /** longest sleep between looks at the table when nothing is due sooner (default 1 s) */
  pollMs?: number;
  /** most rows of one kind claimed at once (default 256) */
  batch?: number;
}

interface Kind {
  name: string;
  opts: Required<Pick<KindOptions<unknown>, 'concurrency' | 'maxAttempts' | 'backoff' | 'leaseMs'>> &
    KindOptions<unknown>;
  running: number;
  /** the earliest pending row we know of (0: unknown, look; Infinity: none) — a kind is asked about only when due */
  due: number;
  /** a row was scheduled or retried while a claim was in flight: its answer must not hide it */
  dirty: boolean;
  /** a yielding kind that was due but held back by the kinds it yields to: a finishing handler wakes us */
  held: boolean;
}

const empty = (): Outcomes => ({ done: [], again: [], dead: [] });
const sizeOf = (o: Outcomes) => o.done.length + o.again.length + o.dead.length;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

export class Scheduler {
  readonly clock: Clock;
  readonly owner: string;
  readonly store: WorkStore;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly kinds = new Map<string, Kind>();
  private readonly inflight = new Set<Promise<void>>();
  private outcomes = empty();
  private finishing: Promise<void> | undefined;
  private scheduleQueue: Array<{ row: NewRow; resolve: (created: boolean) => void; reject: (err: unknown) => void }> =
    [];
  private scheduling: Promise<void> | undefined;
  private claimChain: Promise<unknown> = Promise.resolve();
  /** when every kind was last looked at (scheduler clock): rows scheduled by another worker show up then */
  private lastFull = Number.NEGATIVE_INFINITY;
  private loopDone: Promise<void> | undefined;
  private running = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private unjump: (() => void) | undefined;

  constructor(opts: SchedulerOptions) {
    this.store = new WorkStore(opts.pb);
    this.log = opts.log;
    this.clock = opts.clock ?? systemClock;
    this.owner = opts.owner?.slice(0, 120) ?? newOwnerName(randomBytes(3).toString('hex'));
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 256;
  }

  register<P>(kind: string, opts: KindOptions<P>): void {
    if (this.kinds.has(kind)) throw new Error(`scheduler: kind ${kind} is already registered`);
    this.kinds.set(kind, {
      name: kind,
      running: 0,
      due: 0,
      dirty: false,
      held: false,
      opts: {
        concurrency: 8,
        maxAttempts: 5,
        backoff: DEFAULT_BACKOFF,
        leaseMs: 60_000,
        ...(opts as KindOptions<unknown>),
      },
    });
    this.wake();
  }

  /** Idempotent by dedupe key; resolves with whether this call created the row. Calls in one tick share a request. */
  schedule<P>(input: ScheduleInput<P>): Promise<boolean> {
    const row = this.row(input);
    return new Promise<boolean>((resolve, reject) => {
      this.scheduleQueue.push({ row, resolve, reject });
      if (this.scheduleQueue.length === 1) queueMicrotask(() => void this.flushSchedules());
    });
  }

  /**
   * A recurring row (one per `key`, default the kind): created, or updated when its schedule changed. A
   * run missed while nothing was running happens at once; `runNow` also runs it now (e.g. at start).
   */
  async recurring<P>(
    kind: string,
    spec: Recurrence,
    opts: { key?: string; payload?: P; runNow?: boolean; principal?: string } = {},
  ): Promise<void> {
    checkRecurrence(spec);
    // one canonical JSON text per schedule: the store compares it to tell "same schedule" from "changed"
    const canonical: Recurrence =
      'everyMs' in spec ? { everyMs: spec.everyMs } : { cron: spec.cron, timezone: spec.timezone };
    const now = this.clock.now();
    const next = opts.runNow ? now : nextRunAfter(canonical, now);
    if (next === undefined) throw new Error(`scheduler: ${kind} never runs (${JSON.stringify(spec)})`);
    const row: NewRow = {
      ...this.row({
        kind,
        payload: opts.payload ?? null,
        runAt: next,
        dedupeKey: `recurring:${opts.key ?? kind}`,
        ...(opts.principal ? { principal: opts.principal } : {}),
      }),
      recurring: canonical,
    };
    await this.store.schedule([row], true);
    this.noteDue(kind, 0);
    this.wake();
  }

  /** Removes rows not yet running (e.g. a reply made unnecessary); answers how many. */
  cancel(dedupeKeys: string[]): Promise<number> {
    return this.store.cancel(dedupeKeys);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unjump = this.clock.onJump?.(() => this.wake());
    this.loopDone = this.loop();
  }

  /** Stops claiming, lets running handlers finish (their leases cover a crash instead) and writes outcomes. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unjump?.();
    this.wake();
    await this.loopDone;
    await this.settled();
    await this.flushSchedules();
    await this.flushOutcomes();
  }

  /** Resolves once nothing of ours is due now, running or unwritten (tests; the ManualClock's "now"). */
  async idle(): Promise<void> {
    for (;;) {
      await this.flushSchedules();
      await this.settled();
      await this.flushOutcomes();
      const { claimed } = await this.claimRound(true);
      if (!claimed && !this.inflight.size && !sizeOf(this.outcomes) && !this.scheduleQueue.length) return;
    }
  }

  /** One look at the table (tests that drive the scheduler without start()). */
  async runDue(): Promise<number> {
    const { claimed } = await this.claimRound(true);
    await this.settled();
    await this.flushOutcomes();
    return claimed;
  }

  private row<P>(input: ScheduleInput<P>): NewRow {
    if (!/^[a-z0-9_.:-]{1,80}$/i.test(input.kind)) throw new Error(`scheduler: bad kind ${JSON.stringify(input.kind)}`);
    const id = newRecordId();
    const at = input.runAt instanceof Date ? input.runAt.getTime() : input.runAt;
    const key = input.dedupeKey ?? `${input.kind}:${id}`;
    if (!key || key.length > 300) throw new Error('scheduler: a dedupe key is 1–300 characters');
    return {
      id,
      kind: input.kind,
      run_at: Math.round(at ?? this.clock.now() + (input.delayMs ?? 0)),
      dedupe_key: key,
      payload: input.payload ?? null,
      max_attempts: input.maxAttempts ?? this.kinds.get(input.kind)?.opts.maxAttempts ?? 5,
      recurring: null,
      principal: input.principal ?? `system:${input.kind}`,
    };
  }

  private async flushSchedules(): Promise<void> {
    while (this.scheduling) await this.scheduling;
    if (!this.scheduleQueue.length) return;
    this.scheduling = (async () => {
      while (this.scheduleQueue.length) {
        const batch = this.scheduleQueue.splice(0, 2000);
        try {
          const created = new Set(await this.store.schedule(batch.map((b) => b.row)));
          let wake = false;
          for (const b of batch) {
            // two calls with one key in one batch: the first one created it
            const made = created.delete(b.row.dedupe_key);
            if (made) {
              this.noteDue(b.row.kind, b.row.run_at);
              // the loop may sleep past it (a look at every kind is up to pollMs away): it sleeps again, shorter
              wake ||= this.kinds.has(b.row.kind);
            }
            b.resolve(made);
          }
          if (wake) this.wake();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    })().finally(() => {
      this.scheduling = undefined;
    });
    await this.scheduling;
  }

  private async loop(): Promise<void> {
    let orphansChecked = false;
    while (this.running) {
      let wait = this.pollMs;
      try {
        if (!orphansChecked) {
          await this.releaseOrphans();
          orphansChecked = true;
        }
        await this.claimRound(false);
        wait = this.untilNextLook();
        if (wait <= 0) continue; // a kind with room has rows due right now
      } catch (err) {
        this.log.warn('scheduler: claim failed (store down?)', { err: message(err) });
      }
      await this.sleep(wait);
    }
  }

  /** At start: rows left running by a previous life of this server are due now, not a lease later. */
  private async releaseOrphans(): Promise<void> {
    const gone = orphanedOwners(await this.store.leaseOwners());
    const released = await this.store.release(gone);
    if (released) this.log.info('scheduler: took back the rows of workers that are gone', { owners: gone, released });
  }

  /** A row of `kind` is pending from `at` (0: somewhere, look): the next claim asks about the kind. */
  private noteDue(kind: string, at: number): void {
    const k = this.kinds.get(kind);
    if (!k) return;
    k.due = Math.min(k.due, at);
    k.dirty = true;
  }

  /** Ms until a kind with room is due, or until the next look at every kind (leases, other workers). */
  private untilNextLook(): number {
    const now = this.clock.now();
    let at = this.lastFull + this.pollMs;
    for (const k of this.kinds.values()) if (k.running < k.opts.concurrency && !k.held && k.due < at) at = k.due;
    return Math.min(this.pollMs, at - now);
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeSleeper = undefined;
        self.woken = false;
        resolve();
      }
      this.wakeSleeper = done;
    });
  }

  private wake(): void {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.woken = true;
  }

  /**
   * Claims are serialised within a worker so concurrency limits hold; across workers the store decides.
   * A round asks only about kinds with room and rows due (as far as we know: what we scheduled, what the
   * last claim said comes next); a full round, at least every pollMs, asks about every kind with room.
   */
  private claimRound(full: boolean): Promise<{ claimed: number }> {
    const run = async () => {
      const now = this.clock.now();
      if (now >= this.lastFull + this.pollMs) full = true;
      const kinds: Record<string, { limit: number; lease_ms: number; yield_to?: string[] }> = {};
      const asked: Kind[] = [];
      for (const k of this.kinds.values()) {
        const free = Math.min(this.batch, k.opts.concurrency - k.running);
        if (free <= 0 || (!full && k.due > now)) continue;
        kinds[k.name] = {
          limit: free,
          lease_ms: k.opts.leaseMs,
          ...(k.opts.yieldTo ? { yield_to: k.opts.yieldTo } : {}),
        };
        asked.push(k);
        k.dirty = false;
      }
      if (full) this.lastFull = now;
      if (!asked.length) return { claimed: 0 };
      const res = await this.store.claim(this.owner, now, kinds);
      const got = new Map<string, number>();
      for (const row of res.items) got.set(row.kind, (got.get(row.kind) ?? 0) + 1);
      for (const k of asked) {
        const next = res.next?.[k.name] || Number.POSITIVE_INFINITY;
        // rows scheduled while we asked may be missing from the answer: keep what we were told about them
        k.due = k.dirty ? Math.min(k.due, next) : next;
        k.held = !!k.opts.yieldTo && !got.get(k.name) && next <= now;
      }
      for (const row of res.items) this.execute(row);
      return { claimed: res.items.length };
    };
    const p = this.claimChain.then(run, run);
    this.claimChain = p.catch(() => undefined);
    return p;
  }

  private async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private execute(row: ClaimedRow): void {
    const kind = this.kinds.get(row.kind);
    if (!kind) return; // not claimed unless registered
    const item: WorkItem = {
      id: row.id,
      kind: row.kind,
      dedupeKey: row.dedupe_key,
      payload: JSON.parse(row.payload),
      runAt: row.run_at,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      recurring: JSON.parse(row.recurring),
      principal: row.principal,
      lastError: row.last_error,
    };
    kind.running++;
    const p = this.run(kind, item).finally(() => {
      kind.running--;
      this.inflight.delete(p);
      this.wake();
    });
    this.inflight.add(p);
  }

  private async run(kind: Kind, item: WorkItem): Promise<void> {
    // claimed again after its last attempt's lease expired (a worker died on it): dead, not run again
    if (item.attempt > item.maxAttempts)
      return this.failed(kind, item, new Error(item.lastError || 'attempts exhausted'), true);
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => {
        ac.abort(new Error('lease expired'));
        resolve('expired');
      }, kind.opts.leaseMs);
    });
    try {
      const ctx: JobContext = { now: () => this.clock.now(), log: this.log, signal: ac.signal, scheduler: this };
      const res = await Promise.race([kind.opts.handler(item, ctx).then(() => 'ok' as const), expired]);
      if (res === 'expired') throw new Error(`still running after its ${kind.opts.leaseMs} ms lease`);
      this.succeeded(item);
    } catch (err) {
      await this.failed(kind, item, err, err instanceof PermanentFailure);
    } finally {
      clearTimeout(timer);
    }
  }

  private succeeded(item: WorkItem): void {
    const next = item.recurring ? nextRunAfter(item.recurring, this.clock.now()) : undefined;
    if (next !== undefined)
      this.record('again', { id: item.id, kind: item.kind, a: item.attempt, run_at: next, reset: true });
    else this.record('done', { id: item.id, a: item.attempt });
  }

  private async failed(kind: Kind, item: WorkItem, err: unknown, final: boolean): Promise<void> {
    const now = this.clock.now();
    const error = message(err);
    if (!final && item.attempt < item.maxAttempts) {
      this.log.warn('scheduler: attempt failed, will retry', {
        kind: item.kind,
        key: item.dedupeKey,
        attempt: item.attempt,
        err: error,
      });
      // an error may say when to come back (e.g. a Retry-After header): never sooner than that
      const hinted = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
      const delay = Math.max(backoffDelay(item.attempt, kind.opts.backoff), typeof hinted === 'number' ? hinted : 0);
      this.record('again', { id: item.id, kind: item.kind, a: item.attempt, run_at: now + delay, error });
      return;
    }
    const next = item.recurring ? nextRunAfter(item.recurring, now) : undefined;
    if (next !== undefined) {
      // a recurring row never dies: it keeps the error and waits for its next run
      this.log.error('scheduler: recurring run failed', { kind: item.kind, attempt: item.attempt, err: error });
      this.record('again', { id: item.id, kind: item.kind, a: item.attempt, run_at: next, error, reset: true });
      return;
    }
    this.log.error('scheduler: work item is dead', {
      kind: item.kind,
      key: item.dedupeKey,
      attempt: item.attempt,
      err: error,
    });
    try {
      await kind.opts.onDead?.(item, error);
    } catch (err) {
      // its next claim (attempt > max) comes straight back here
      this.log.warn('scheduler: onDead failed, will retry', {
        kind: item.kind,
        key: item.dedupeKey,
        err: message(err),
      });
      this.record('again', {
        id: item.id,
        kind: item.kind,
        a: item.attempt,
        run_at: now + backoffDelay(1, kind.opts.backoff),
        error,
      });
      return;
    }
    this.record('dead', { id: item.id, a: item.attempt, error });
  }

  private record<K extends keyof Outcomes>(what: K, o: Outcomes[K][number]): void {
    (this.outcomes[what] as Array<Outcomes[K][number]>).push(o);
    void this.flushOutcomes();
  }

  /** One request per batch of outcomes; outcomes that arrive meanwhile go in the next one. */
  private flushOutcomes(): Promise<void> {
    if (this.finishing) return this.finishing.then(() => (sizeOf(this.outcomes) ? this.flushOutcomes() : undefined));
    if (!sizeOf(this.outcomes)) return Promise.resolve();
    this.finishing = (async () => {
      while (sizeOf(this.outcomes)) {
        const batch = this.outcomes;
        this.outcomes = empty();
        try {
          const r = await this.store.finish(this.owner, this.clock.now(), batch);
          for (const o of batch.again) if (o.kind) this.noteDue(o.kind, o.run_at);
          if (batch.again.length) this.wake(); // the loop's sleep may end sooner now
          const lost = sizeOf(batch) - (r.done + r.again + r.dead);
          if (lost > 0)
            this.log.warn('scheduler: outcomes refused — their leases had expired and another attempt owns them', {
              lost,
            });
        } catch (err) {
          // kept and tried again; if the store stays away, the leases expire and the rows run again
          if (!this.running) {
            this.log.warn('scheduler: could not record outcomes while stopping; their rows will run again', {
              err: message(err),
              count: sizeOf(batch),
            });
            continue;
          }
          this.log.warn('scheduler: could not record outcomes, retrying', { err: message(err), count: sizeOf(batch) });
          for (const k of ['done', 'again', 'dead'] as const) (this.outcomes[k] as unknown[]).unshift(...batch[k]);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })().finally(() => {
      this.finishing = undefined;
    });
    return this.finishing;
  }
}
