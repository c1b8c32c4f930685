/**
 * One read of the outbox for every consumer. The consumers used to read `domain_events` each on its
 * own, after every commit — and one reading only a few event names read twice more to skip the rest —
 * so under load the store served hundreds of reads a second to answer "anything new?" six times over.
 *
 * The feed keeps a window of the newest events (all names, in seq order). A consumer asks for the
 * events after its position; the feed makes sure a read of the store *started after the request*
 * has landed (so whatever was committed before the request is seen: what `idle()` promises), and one
 * such read serves every consumer that asked meanwhile. A consumer behind the window (a slow one, or
 * one starting from an old checkpoint) reads the store directly. Seqs are handed out in commit order
 * (pb_hooks/domain_events.pb.js), so reading "seq > to" never misses an event: the window holds every
 * event with from < seq <= to.
 *
 * Only a consumer at the head of the window needs the store: one behind it (the window already holds newer
 * events, read for another consumer) is answered from the window at once. And reads are at least
 * `gapMs` apart, everyone who asks meanwhile sharing the next one: with eight consumers each finishing its
 * round at its own moment, the store answered "anything new?" about once per consumer round (3,890 reads
 * for a 5,000-recipient campaign, bench:campaign with fetch-trace.mjs).
 */
import type { StoredEvent } from './domain-events.ts';
import type { EventLog } from './event-log.ts';

export interface FeedOptions {
  /** events read from the store per read (default 500) */
  fetch?: number;
  /** events kept for consumers that have not read them yet (default 5,000) */
  keep?: number;
  /** the least time between two reads of the store, ms (default 50: about the consumers' own coalescing) */
  gapMs?: number;
}

export class EventFeed {
  private events: StoredEvent[] = [];
  /** the window holds every event with from < seq <= to */
  private from = 0;
  private to = 0;
  private started = 0;
  private landed = 0;
  /** the last read filled its page: there is more right after `to` */
  private more = false;
  private inflight: Promise<void> | undefined;
  private landedAt = 0;
  private readonly fetchSize: number;
  private readonly keep: number;
  private readonly gapMs: number;
  /** reads of the store (tests, monitoring) */
  reads = 0;

  constructor(
    private readonly log: EventLog,
    opts: FeedOptions = {},
  ) {
    this.fetchSize = opts.fetch ?? 500;
    this.keep = opts.keep ?? 5000;
    this.gapMs = opts.gapMs ?? 50;
  }

  /** Where the window starts (the lowest checkpoint at start): no event before it is read into it. */
  startAt(seq: number): void {
    this.events = [];
    this.from = this.to = seq;
    this.more = false;
  }

  /**
   * Up to `limit` events after `after` (all names, oldest first), from a read started after this call.
   * Fewer than `limit` means the consumer is at the head as of that read.
   */
  async after(after: number, limit: number): Promise<StoredEvent[]> {
    if (after < this.from) {
      // behind the window: its own read (it catches up into the window)
      this.reads++;
      return this.log.read(after, limit);
    }
    // the window already holds newer events: no read (a fresh one is only needed to learn there is no more)
    if (after < this.to) return this.page(after, limit);
    await this.fresh();
    // the last read stopped at a full page: read on until this consumer has something or we are at the head
    while (after >= this.to && this.more) await this.fresh();
    if (after < this.from) return this.after(after, limit); // trimmed meanwhile
    return this.page(after, limit);
  }

  private page(after: number, limit: number): StoredEvent[] {
    const start = this.firstAfter(after);
    return this.events.slice(start, start + limit);
  }

  /** Forgets events every consumer has read (`lowest` = the lowest position), and keeps the window bounded. */
  trim(lowest: number): void {
    const cut = Math.max(this.firstAfter(Math.min(lowest, this.to)), this.events.length - this.keep);
    if (cut <= 0) return;
    this.from = this.events[cut - 1]!.seq;
    this.events = this.events.slice(cut);
  }

  /** The index of the first event in the window with seq > `seq` (binary search). */
  private firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Resolves once a read of the store that started after this call has landed. */
  private async fresh(): Promise<void> {
    const want = this.started + 1;
    while (this.landed < want) {
      if (!this.inflight) {
        this.inflight = this.read().finally(() => {
          this.inflight = undefined;
        });
      }
      await this.inflight;
    }
  }

  private async read(): Promise<void> {
    const wait = this.landedAt + this.gapMs - Date.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    // counted as started only now: whoever asked during the wait is served by this read
    const gen = ++this.started;
    this.reads++;
    const page = await this.log.read(this.to, this.fetchSize);
    for (const e of page) {
      this.events.push(e);
      this.to = e.seq;
    }
    this.more = page.length >= this.fetchSize;
    this.landed = gen;
    this.landedAt = Date.now();
  }
}
