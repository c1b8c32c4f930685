/**
 * How a chunk of journaled webhook events reaches the store, and what happens when it does not.
 *
 * - Optimistic first: the whole chunk in one transaction.
 * - Store unavailable (refused, reset, timeout, 5xx): pause, wait for the store's health, retry the
 *   same events. Nothing is skipped and nothing is dead-lettered because of an outage.
 * - Refused as invalid: each event alone; an event that still fails is split into its updates (Meta
 *   batches several messages, senders and statuses in one POST), so one bad update does not take the
 *   others with it; the event is dead-lettered (durably, in the journal's directory) only if some
 *   update of it is still refused.
 *
 * `process` resolves only when every event is committed or dead-lettered: that is when the caller
 * may advance the journal checkpoint.
 */
import type { WebhookUpdate } from '../channels/channel.types.ts';
import type { Logger } from '../../lib/logger.ts';
import { ClientResponseError } from '../../lib/pb.ts';
import { isStoreUnavailable, refusalText } from '../../lib/store-errors.ts';
import type { RawEvent } from './inbox-writer.ts';

export interface EventProcessorDeps {
  log: Logger;
  parse: (body: unknown) => WebhookUpdate[];
  apply: (updates: WebhookUpdate[], verifyInbound: boolean) => Promise<void>;
  /** forget cached store state that a failed plan may have touched */
  resetCaches: () => void;
  /** resolves when the store answers its health check again */
  waitForStore: () => Promise<void>;
  deadLetter?: (e: RawEvent, error: string) => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EventProcessor {
  /** true while processing waits for the store */
  paused = false;
  pauses = 0;
  deadLettered = 0;
  /** chunks refused as a whole and applied event by event (slow; should stay 0 with valid traffic) */
  refusedChunks = 0;
  private consecutive = 0;

  constructor(private readonly deps: EventProcessorDeps) {}

  async process(events: RawEvent[]): Promise<void> {
    const parsed = events.map((event) => ({ event, ...this.parse(event) }));
    const all = parsed.flatMap((p) => p.updates);
    let verify = false;
    for (;;) {
      try {
        await this.deps.apply(all, verify);
        this.consecutive = 0;
        for (const p of parsed) if (p.unreadable) await this.keep(p.event, p.unreadable);
        return;
      } catch (err) {
        if (!isStoreUnavailable(err)) {
          this.refusedChunks++;
          this.deps.log.debug('webhook chunk refused; applying events one by one', {
            count: events.length,
            err: refusalText(err),
            // which request was refused (a read that grew too long, or the write itself)
            url: err instanceof ClientResponseError ? err.url.split('?')[0] : undefined,
          });
          this.deps.resetCaches();
          break;
        }
        await this.pause(err);
        // the refused attempt may have committed before the connection dropped: check wamids this time
        verify = true;
      }
    }
    for (const p of parsed) {
      const errors: string[] = p.unreadable ? [p.unreadable] : [];
      const err = await this.applyRetrying(p.updates);
      if (err !== undefined) {
        if (p.updates.length > 1) {
          for (const u of p.updates) {
            const e = await this.applyRetrying([u]);
            if (e !== undefined) errors.push(`${u.kind}${'wamid' in u ? ` ${u.wamid}` : ''}: ${e}`);
          }
        } else errors.push(err);
      }
      if (errors.length) await this.keep(p.event, errors.join('\n'));
    }
  }

  private parse(e: RawEvent): { updates: WebhookUpdate[]; unreadable?: string } {
    let body: unknown;
    try {
      body = JSON.parse(e.raw);
    } catch (err) {
      return { updates: [], unreadable: `not JSON: ${(err as Error).message}` };
    }
    return { updates: this.deps.parse(body) };
  }

  /** Applies until committed or refused as invalid; returns the refusal, or undefined when committed. */
  private async applyRetrying(updates: WebhookUpdate[]): Promise<string | undefined> {
    for (;;) {
      try {
        await this.deps.apply(updates, true);
        this.consecutive = 0;
        return undefined;
      } catch (err) {
        if (!isStoreUnavailable(err)) {
          this.deps.resetCaches();
          return refusalText(err);
        }
        await this.pause(err);
      }
    }
  }

  private async pause(err: unknown): Promise<void> {
    this.consecutive++;
    if (!this.paused) {
      this.paused = true;
      this.pauses++;
      this.deps.log.warn('store unavailable: webhook processing paused until it answers again', { err: String(err) });
    }
    this.deps.resetCaches();
    // healthy but still refusing (e.g. starting up): back off instead of spinning
    await sleep(Math.min(5000, 50 * 2 ** Math.min(this.consecutive, 7)));
    await this.deps.waitForStore();
    if (this.paused) {
      this.paused = false;
      this.deps.log.info('store answers again: webhook processing resumed');
    }
  }

  /** Dead-letters durably; while the disk refuses, waits and tries again (the checkpoint must not pass it). */
  private async keep(e: RawEvent, error: string): Promise<void> {
    this.deps.log.error('webhook event dead-lettered', { eventId: e.id, err: error.slice(0, 500) });
    if (!this.deps.deadLetter) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.deadLetter(e, error);
        this.deadLettered++;
        return;
      } catch (err) {
        this.deps.log.error('could not write a dead letter; retrying', { eventId: e.id, err: String(err) });
        await sleep(Math.min(10_000, 100 * 2 ** Math.min(attempt, 7)));
      }
    }
  }
}
