/**
 * Runs the consumers of the outbox. Each consumer reads `domain_events` after its own checkpoint, in
 * seq order, through one shared feed (event-feed.ts: one read of the store serves them all), handles
 * its events (at least once: handlers are idempotent), runs its `afterBatch` (flushes, awaited
 * deliveries) and only then moves its position. The checkpoint row is written at most once a second
 * (and when stopping, and before idle() resolves), so a crash re-handles at most about a second. The
 * in-memory bus just wakes the loops ("events.appended"); a slow poll covers events written by another
 * process.
 *
 * A handler that fails because the store is away is retried until it answers; any other failure is
 * retried a few times with back-off, then logged with the event and recorded on the consumer's row
 * (`last_error`) — one poisoned event must not stop a consumer for ever.
 */
import type { EventBus } from '../../../../realtime/src/event-bus.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { isStoreUnavailable } from '../../lib/store-errors.ts';
import type { EventName, StoredEvent } from './domain-events.ts';
import { EventFeed } from './event-feed.ts';
import { EventLog } from './event-log.ts';

export interface Consumer {
  /** its checkpoint's name; never rename a consumer (it would start again from "now") */
  name: string;
  /** the events it reads (all when omitted) */
  names?: readonly EventName[];
  handle(e: StoredEvent): Promise<void>;
  /** after each batch, before the checkpoint moves: flush what handle() buffered */
  afterBatch?(): Promise<void>;
}

export interface ConsumersOptions {
  pb: PocketBase;
  bus: EventBus;
  log: Logger;
  /** events are stored but not handled until a start without it (maintenance; crash tests) */
  paused?: boolean;
  /** look at the table at least this often (ms) when nothing woke us (default 2 s) */
  pollMs?: number;
  /** events read per round (default 200) */
  batch?: number;
  /** attempts for an event whose handler fails for another reason than the store (default 5) */
  maxAttempts?: number;
}

interface Running {
  consumer: Consumer;
  id: string;
  /** handled up to here (in memory) */
  lastSeq: number;
  /** written to the checkpoint row up to here */
  savedSeq: number;
  savedAt: number;
  /** an event given up on, not yet recorded on the row */
  pendingError: string | undefined;
  woken: boolean;
  wakeSleeper: (() => void) | undefined;
  waiters: Array<{ gen: number; resolve: () => void }>;
  done: Promise<void> | undefined;
}

/** how often, at most, a busy consumer writes its checkpoint */
const CHECKPOINT_EVERY_MS = 1000;
/** checkpoints noted within this long are written together */
const GATHER_MS = 50;
/** a consumer that caught up waits this long for the others' positions to write with its own */
const PERSIST_GATHER_MS = 5;
/** after a short round, wait this long so the next chunks' events are read together */
const COALESCE_MS = 50;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

export class EventConsumers {
  readonly log: EventLog;
  /** one read of the outbox serves every consumer (event-feed.ts) */
  readonly feed: EventFeed;
  private readonly consumers: Consumer[] = [];
  private readonly running: Running[] = [];
  private active = false;
  private idleGen = 0;
  private unsubscribe: (() => void) | undefined;
  /** positions to write with the next flush */
  private readonly dirty = new Map<Running, { seq: number; error: string | undefined }>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly opts: ConsumersOptions) {
    this.log = new EventLog(opts.pb);
    this.feed = new EventFeed(this.log);
  }

  add(consumer: Consumer): void {
    if (this.consumers.some((c) => c.name === consumer.name))
      throw new Error(`events: consumer ${consumer.name} is already registered`);
    if (this.active) throw new Error('events: add consumers before start()');
    this.consumers.push(consumer);
  }

  /**
   * Loads (or creates) every checkpoint — a new consumer starts at the newest event, it does not replay
   * history. Call before the writer applies anything, so a first start misses no event.
   */
  async init(): Promise<void> {
    if (this.running.length) return;
    let newest: number | undefined;
    const initial = async () => (newest ??= await this.log.lastSeq());
    for (const consumer of this.consumers) {
      const cp = await this.log.checkpoint(consumer.name, initial);
      this.running.push({
        consumer,
        id: cp.id,
        lastSeq: cp.lastSeq,
        savedSeq: cp.lastSeq,
        savedAt: 0,
        pendingError: undefined,
        woken: false,
        wakeSleeper: undefined,
        waiters: [],
        done: undefined,
      });
    }
    this.feed.startAt(this.running.length ? Math.min(...this.running.map((r) => r.lastSeq)) : 0);
  }

  /** Starts the loops (unless paused) once what the handlers need is up. */
  async start(): Promise<void> {
    await this.init();
    if (this.opts.paused) {
      this.opts.log.warn(
        'event consumers paused: domain events are stored and handled after a start without CONSUMERS_PAUSED',
      );
      return;
    }
    this.active = true;
    this.unsubscribe = this.opts.bus.subscribe('events.appended', () => this.wake());
    for (const r of this.running) r.done = this.loop(r);
  }

  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    this.unsubscribe?.();
    this.wake();
    await Promise.all(this.running.map((r) => r.done));
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.dirty.size) await this.flush();
    for (const r of this.running) for (const w of r.waiters.splice(0)) w.resolve();
  }

  /** Resolves once every consumer has read past everything committed before this call (tests, shutdown). */
  async idle(): Promise<void> {
    if (!this.active) return;
    const gen = ++this.idleGen;
    await Promise.all(
      this.running.map(
        (r) =>
          new Promise<void>((resolve) => {
            r.waiters.push({ gen, resolve });
            this.wakeOne(r);
          }),
      ),
    );
  }

  /** Where each consumer stands (health, tests). */
  checkpoints(): Record<string, number> {
    return Object.fromEntries(this.running.map((r) => [r.consumer.name, r.lastSeq]));
  }

  wake(): void {
    for (const r of this.running) this.wakeOne(r);
  }

  private wakeOne(r: Running): void {
    if (r.wakeSleeper) r.wakeSleeper();
    else r.woken = true;
  }

  private sleep(r: Running, ms: number): Promise<void> {
    if (r.woken || !this.active) {
      r.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        r.wakeSleeper = undefined;
        r.woken = false;
        resolve();
      }
      r.wakeSleeper = done;
    });
  }

  private async loop(r: Running): Promise<void> {
    const { log } = this.opts;
    const batch = this.opts.batch ?? 200;
    const names = r.consumer.names ? new Set<string>(r.consumer.names) : undefined;
    while (this.active) {
      const gen = this.idleGen;
      let page: StoredEvent[];
      try {
        // every name, from the shared feed: the events of others only move this consumer's position
        page = await this.feed.after(r.lastSeq, batch);
      } catch (err) {
        log.warn('events: read failed (store down?)', { consumer: r.consumer.name, err: message(err) });
        await this.sleep(r, 1000);
        continue;
      }
      if (!page.length) {
        // caught up. The checkpoint is written at most once a second, but always before anyone waiting
        // in idle() is told we are idle.
        if (r.savedSeq !== r.lastSeq || r.pendingError !== undefined) {
          const asked = r.waiters.some((w) => w.gen <= gen);
          const due = CHECKPOINT_EVERY_MS - (Date.now() - r.savedAt);
          if (!asked && due > 0) {
            await this.sleep(r, due);
            continue;
          }
          if (!(await this.persist(r))) {
            await this.sleep(r, 1000);
            continue;
          }
        }
        r.waiters = r.waiters.filter((w) => (w.gen <= gen ? (w.resolve(), false) : true));
        this.feed.trim(Math.min(...this.running.map((x) => x.lastSeq)));
        await this.sleep(r, this.opts.pollMs ?? 2000);
        continue;
      }
      let upTo = page[page.length - 1]!.seq;
      let handled = 0;
      for (const e of page) {
        if (names && !names.has(e.name)) continue;
        const outcome = await this.handle(r, e);
        if (outcome === 'stopped') {
          upTo = e.seq - 1;
          break;
        }
        if (outcome !== 'ok') r.pendingError = outcome;
        handled++;
      }
      if (handled) {
        try {
          await r.consumer.afterBatch?.();
        } catch (err) {
          // nothing moves: the batch is handled again (idempotently)
          log.error('events: consumer flush failed; the batch will be handled again', {
            consumer: r.consumer.name,
            err: message(err),
          });
          await this.sleep(r, 1000);
          continue;
        }
      }
      r.lastSeq = Math.max(r.lastSeq, upTo);
      // under load the checkpoint is written about once a second, not once per round: a crash re-handles
      // at most that second (handlers are idempotent), and the writer keeps the store's write connection.
      // It is written with every other consumer's due then, in one request, without holding this loop.
      if (Date.now() - r.savedAt >= CHECKPOINT_EVERY_MS) this.note(r);
      // a short round means we are at the head: let the next commits gather instead of reading per chunk
      if (page.length < batch && this.active) await new Promise((res) => setTimeout(res, COALESCE_MS));
    }
    if (r.savedSeq !== r.lastSeq || r.pendingError !== undefined) await this.persist(r);
  }

  /** The consumer's position, to be written with the next checkpoints (within GATHER_MS). */
  private note(r: Running): void {
    this.dirty.set(r, { seq: r.lastSeq, error: r.pendingError });
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, GATHER_MS);
  }

  /**
   * Writes the consumer's position now, with those of the others catching up at the same moment (they
   * wait a few ms for each other); false when the store refused.
   */
  private async persist(r: Running): Promise<boolean> {
    this.dirty.set(r, { seq: r.lastSeq, error: r.pendingError });
    await new Promise((res) => setTimeout(res, PERSIST_GATHER_MS));
    return this.flush(r);
  }

  /**
   * Writes every noted position in one request (the consumers under load reach their second together, so
   * nine checkpoints are one write, not nine). One flush at a time; a refused one is noted again.
   */
  private async flush(mine?: Running): Promise<boolean> {
    while (this.flushing) await this.flushing;
    // written meanwhile by the flush just awaited
    if (mine && !this.dirty.has(mine)) return mine.savedSeq === mine.lastSeq;
    if (!this.dirty.size) return true;
    const items = [...this.dirty];
    this.dirty.clear();
    const run = (async () => {
      try {
        await this.log.saveCheckpoints(items.map(([r, v]) => ({ id: r.id, lastSeq: v.seq, lastError: v.error })));
        const now = Date.now();
        for (const [r, v] of items) {
          r.savedSeq = v.seq;
          r.savedAt = now;
          if (r.pendingError === v.error) r.pendingError = undefined;
        }
        return true;
      } catch (err) {
        for (const [r, v] of items) if (!this.dirty.has(r)) this.dirty.set(r, v);
        this.opts.log.warn('events: checkpoints not saved (will retry)', {
          consumers: items.map(([r]) => r.consumer.name).join(','),
          err: message(err),
        });
        return false;
      }
    })();
    const current = run.then(() => undefined);
    this.flushing = current;
    try {
      return await run;
    } finally {
      if (this.flushing === current) this.flushing = undefined;
    }
  }

  /** 'ok', the error given up on, or 'stopped' (shutting down while the store was away). */
  private async handle(r: Running, e: StoredEvent): Promise<string> {
    const max = this.opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await r.consumer.handle(e);
        return 'ok';
      } catch (err) {
        if (!this.active) return 'stopped';
        if (isStoreUnavailable(err)) {
          this.opts.log.warn('events: store unavailable, waiting', {
            consumer: r.consumer.name,
            seq: e.seq,
            err: message(err),
          });
          await new Promise((res) => setTimeout(res, 1000));
          attempt--;
          continue;
        }
        if (attempt >= max) {
          const error = `${e.name} #${e.seq}: ${message(err)}`;
          this.opts.log.error('events: consumer gave up on an event', {
            consumer: r.consumer.name,
            seq: e.seq,
            name: e.name,
            err: message(err),
          });
          return error;
        }
        this.opts.log.warn('events: handler failed, retrying', {
          consumer: r.consumer.name,
          seq: e.seq,
          attempt,
          err: message(err),
        });
        await new Promise((res) => setTimeout(res, Math.min(200 * 2 ** attempt, 5000)));
      }
    }
  }
}
