/**
 * Sends queued outbound messages to the Graph API: in order per recipient, within the number's
 * throughput, retrying with exponential back-off and jitter on rate limits, 5xx and network errors
 * (honouring Retry-After), failing permanently with Meta's code and text otherwise.
 * The queue itself is the `messages` rows with status `queued`, so a restart resumes it.
 */
import { ChannelSendError, type ChannelError, type OutboundBody } from '../channels/channel.types.ts';
import type { GraphClient } from '../channels/whatsapp/graph-client.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { parsePbDate, type ConversationRecord, type MessageRecord, type WaNumberRecord } from '../../lib/records.ts';
import type { InboxWriter } from '../inbox/inbox-writer.ts';
import { replyAddress } from '../channels/whatsapp/recipient.ts';

export interface OutboundJob {
  messageId: string;
  phoneNumberId: string;
  body: OutboundBody;
  attempt: number;
}

export interface OutboundQueueOptions {
  writer: InboxWriter;
  graph: GraphClient;
  pb: PocketBase;
  log: Logger;
  /** messages per second per number (Meta: 80 by default, up to 1,000) */
  mps?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Exponential back-off with full jitter; 131056 (pair rate) grows as 4^n seconds like Meta advises. */
export function backoffMs(attempt: number, error: ChannelError, retryAfterMs: number | undefined, base: number, max: number): number {
  const exp = error.code === 131056 ? 4 ** attempt * 1000 : base * 2 ** (attempt - 1);
  const jittered = Math.min(max, exp) * (0.5 + Math.random() / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export function bodyFromRecord(m: Pick<MessageRecord, 'type' | 'payload' | 'reply_to'>, to: string): OutboundBody {
  const body: OutboundBody = { to: to.replace(/^\+/, ''), type: m.type, [m.type]: m.payload };
  if (m.reply_to) body.context = { message_id: m.reply_to };
  return body;
}

export class OutboundQueue {
  private readonly lanes = new Map<string, OutboundJob[]>();
  private readonly active = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sentAt = new Map<string, number[]>();
  private stopped = false;
  inFlight = 0;

  constructor(private readonly opts: OutboundQueueOptions) {}

  enqueue(job: Omit<OutboundJob, 'attempt'> & { attempt?: number }): void {
    const full: OutboundJob = { attempt: 0, ...job };
    const lane = `${full.phoneNumberId}:${full.body.to}`;
    const q = this.lanes.get(lane) ?? [];
    q.push(full);
    this.lanes.set(lane, q);
    void this.drain(lane);
  }

  /** Resume after a restart: queued messages are sent; ones caught mid-request are failed, never sent twice. */
  async recover(): Promise<number> {
    const { pb } = this.opts;
    const rows = await pb.collection('messages').getFullList<MessageRecord>({ filter: "direction = 'out' && status = 'queued'", sort: 'timestamp' });
    let resumed = 0;
    for (const m of rows) {
      if (m.sending_at) {
        await this.opts.writer.markFailed(m.id, {
          code: 0, title: 'Interrupted while sending',
          details: 'The server stopped during the send request; the message may or may not have reached the customer. Check before sending again.',
        });
        continue;
      }
      const conv = await this.opts.writer.conversation(m.conversation);
      const number = await pb.collection('wa_numbers').getOne<WaNumberRecord>(conv.wa_number);
      const wait = Math.max(0, parsePbDate(m.next_attempt_at) - Date.now());
      const job = { messageId: m.id, phoneNumberId: number.phone_number_id, body: bodyFromRecord(m, replyAddress(conv as ConversationRecord)), attempt: m.attempts };
      if (wait > 0) this.later(() => this.enqueue(job), wait);
      else this.enqueue(job);
      resumed++;
    }
    return resumed;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  /** Sliding one-second window per number so we stay under Meta's throughput instead of hitting 130429. */
  private async throttle(phoneNumberId: string): Promise<void> {
    const mps = this.opts.mps ?? 80;
    for (;;) {
      const now = Date.now();
      const stamps = (this.sentAt.get(phoneNumberId) ?? []).filter((t) => now - t < 1000);
      if (stamps.length < mps) {
        stamps.push(now);
        this.sentAt.set(phoneNumberId, stamps);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000 - (now - stamps[0]!)));
    }
  }

  private async drain(lane: string): Promise<void> {
    if (this.active.has(lane) || this.stopped) return;
    this.active.add(lane);
    try {
      for (;;) {
        const q = this.lanes.get(lane);
        const job = q?.shift();
        if (!job) {
          this.lanes.delete(lane);
          return;
        }
        const retry = await this.attempt(job);
        if (retry !== undefined) {
          // Keep per-recipient order: later messages wait behind the one being retried.
          q!.unshift({ ...job, attempt: job.attempt + 1 });
          await new Promise((r) => this.later(() => r(undefined), retry));
          if (this.stopped) return;
        }
      }
    } finally {
      this.active.delete(lane);
    }
  }

  /** Returns a delay when the job must be retried, undefined when it is settled. */
  private async attempt(job: OutboundJob): Promise<number | undefined> {
    const { writer, graph, log } = this.opts;
    const attempt = job.attempt + 1;
    await this.throttle(job.phoneNumberId);
    await writer.markSending(job.messageId);
    this.inFlight++;
    try {
      const res = await graph.sendMessage(job.phoneNumberId, job.body);
      await writer.markAccepted(job.messageId, res.wamid);
      return undefined;
    } catch (err) {
      const e = err instanceof ChannelSendError ? err : new ChannelSendError({ code: -1, title: String(err) }, true);
      if (e.retryable && attempt < (this.opts.maxAttempts ?? 6)) {
        const delay = backoffMs(attempt, e.error, e.retryAfterMs, this.opts.baseDelayMs ?? 1000, this.opts.maxDelayMs ?? 60_000);
        log.warn('send will be retried', { messageId: job.messageId, code: e.error.code, attempt, delay: Math.round(delay) });
        await writer.markRetry(job.messageId, Date.now() + delay, e.error);
        return delay;
      }
      await writer.markFailed(job.messageId, e.error);
      return undefined;
    } finally {
      this.inFlight--;
    }
  }
}
