/**
 * Sends queued outbound messages to the Graph API: in order per recipient, within the number's
 * throughput (a token bucket per number at its throughput_mps, interactive sends first: throughput-gate.ts). The queue itself is the `messages` rows with status `queued`, so a restart resumes it.
 *
 * - Every send carries `biz_opaque_callback_data` = our message id, which Meta echoes on the message's
 *   status webhooks. A send interrupted by a crash (or a timeout/reset with no answer) is never guessed:
 *   it becomes `unknown` and waits `reconcileAfterMs` for a status that names it (the writer then gives
 *   it its wamid and status); only if none comes is it sent again.
 * - Transient errors (rate limits 130429/131056/4/80007/80008, 131000/131016/131057/135000, 5xx, network)
 *   are retried with exponential back-off and jitter, honouring Retry-After, until `retryHorizonMs`
 *   after the first attempt; permanent errors fail at once with Meta's code and text.
 * - The store being down never fails or double-sends a message: the queue waits for it.
 */
import { ChannelSendError, type ChannelError, type OutboundBody } from '../channels/channel.types.ts';
import type { GraphClient } from '../channels/whatsapp/graph-client.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { rowsWhereAnyOf } from '../../lib/pb-any-of.ts';
import { isStoreUnavailable } from '../../lib/store-errors.ts';
import {
  parsePbDate,
  pbDate,
  type ConversationRecord,
  type MessageRecord,
  type WaNumberRecord,
} from '../../lib/records.ts';
import type { InboxWriter } from '../inbox/inbox-writer.ts';
import { backoffMs, retryDecision } from './retry-policy.ts';

export { backoffMs };
import { replyAddress } from '../channels/whatsapp/recipient.ts';
import { laneSlot } from '../../engine/outbound/lane-order.ts';
import { ThroughputGate, type SendTimeLost } from '../../engine/outbound/throughput-gate.ts';
import { isBulk } from '../../engine/outbound/send.types.ts';

export interface OutboundJob {
  messageId: string;
  phoneNumberId: string;
  body: OutboundBody;
  attempt: number;
  /** ms epoch until which transient errors are retried (set at the first attempt) */
  deadline?: number;
  /** a campaign or automation send: waits behind interactive ones (engine/outbound/lane-order.ts) */
  bulk?: boolean;
}

export interface OutboundQueueOptions {
  writer: InboxWriter;
  graph: GraphClient;
  pb: PocketBase;
  log: Logger;
  /** messages per second of a number without its own throughput_mps (Meta: 80 by default, up to 1,000) */
  mps?: number;
  /** a number's own cap (wa_numbers.throughput_mps; 0 or undefined: `mps`) */
  rateOf?: (phoneNumberId: string) => number | undefined;
  /** how long transient errors are retried after the first attempt (default 15 minutes) */
  retryHorizonMs?: number;
  /** how long an interrupted send waits for a status webhook before it is sent again (default 10 minutes) */
  reconcileAfterMs?: number;
  /** recover(): rows read per page, and how many jobs may wait in the lanes before the next page is read */
  recoverPageSize?: number;
  recoverBacklog?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** resolves when the store answers again */
  waitForStore?: () => Promise<void>;
}

export function bodyFromRecord(m: Pick<MessageRecord, 'type' | 'payload' | 'reply_to'>, to: string): OutboundBody {
  const body: OutboundBody = { to: to.replace(/^\+/, ''), type: m.type, [m.type]: m.payload };
  if (m.reply_to) body.context = { message_id: m.reply_to };
  return body;
}

/**
 * How many sends of a number may be between the first gate's token and the wire: half a second's worth (at
 * least 2). Each of them is being recorded (`markSending`, a store write in the writer's queue, which
 * inbound webhooks share), and the wire can only be as busy as this many sends over that write's time.
 * With a fifth of a second's worth (16 at 80 mps) the stage was full at 98 % of a campaign's grants and the
 * wire idled whenever the write took over 200 ms: a 20,000-recipient campaign reached 92–93 % of an 80 cap,
 * 96 % with half a second's worth (bench:campaign). An interactive send still overtakes them: the wire
 * serves it first.
 */
export const betweenTokenAndWire = (mps: number): number => Math.max(2, Math.ceil(mps / 2));

export class OutboundQueue {
  private readonly lanes = new Map<string, OutboundJob[]>();
  private readonly active = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** the number's throughput, shared by every send of it; interactive sends first (engine/outbound/throughput-gate.ts) */
  readonly gate: ThroughputGate;
  /**
   * The same cap again at the wire: between the token and the request the send is recorded (markSending,
   * in the writer's queue, which webhooks share), and a slow moment there must not let the requests out
   * in a bunch. The first gate keeps the order and bounds how many sends are marked but not yet sent.
   */
  private readonly wire: ThroughputGate;
  private recovering: Promise<number> = Promise.resolve(0);
  /** messages this queue holds until their attempt settles: recovery pages and repeats never add them twice */
  private readonly tracked = new Set<string>();
  private stopped = false;
  inFlight = 0;
  /** requests that left for Meta so far, per business number (bulk senders measure what the number achieves) */
  private readonly departures = new Map<string, number>();
  /** a lower pace asked for a number, for a while (pace()) */
  private readonly pacing = new Map<string, { mps: number; until: number }>();

  constructor(private readonly opts: OutboundQueueOptions) {
    const rate = (pnid: string) => opts.rateOf?.(pnid) || opts.mps || 80;
    const paced = (pnid: string) => {
      const p = this.pacing.get(pnid);
      return p && p.until > Date.now() ? Math.min(rate(pnid), p.mps) : rate(pnid);
    };
    this.gate = new ThroughputGate(paced, Date.now, betweenTokenAndWire);
    // the cap itself, right before the request
    this.wire = new ThroughputGate(rate);
  }

  /**
   * Spreads a number's sends at `mps` (below its cap) until `until`: a campaign whose cap is above what this
   * machine can store and send (a 1,000 mps number) asks for it, so its sends leave evenly instead of in
   * bursts of a whole batch at once (each burst's statuses then arrive together and the store falls behind).
   * The cap still holds on the wire; past `until` the number is back at its cap.
   */
  pace(phoneNumberId: string, mps: number | undefined, until = Date.now() + 15_000): void {
    if (mps === undefined) this.pacing.delete(phoneNumberId);
    else this.pacing.set(phoneNumberId, { mps: Math.max(1, mps), until });
  }

  /** Requests that left for Meta so far from this number (a counter: take differences over time). */
  departed(phoneNumberId: string): number {
    return this.departures.get(phoneNumberId) ?? 0;
  }

  /** The most requests that left for Meta in any 1-second window, for a number (the cap's promise). */
  peakInOneSecond(phoneNumberId: string): number {
    return this.wire.peakInOneSecond(phoneNumberId);
  }

  /**
   * Sending time the number let pass unused so far (ms, engine/outbound/throughput-gate.ts SendTimeLost): at
   * the first gate (`token`) and at the wire. What a campaign below its cap lost, and why.
   */
  lostTime(phoneNumberId: string): { token: SendTimeLost; wire: SendTimeLost } {
    return { token: this.gate.lostTime(phoneNumberId), wire: this.wire.lostTime(phoneNumberId) };
  }

  /** A number's throughput_mps changed: both gates re-time their waiters. */
  rateChanged(phoneNumberId: string): void {
    this.gate.changed(phoneNumberId);
    this.wire.changed(phoneNumberId);
  }

  private get horizon(): number {
    return this.opts.retryHorizonMs ?? 15 * 60_000;
  }

  private get reconcileAfter(): number {
    return this.opts.reconcileAfterMs ?? 10 * 60_000;
  }

  /** Queues a send; a message the queue already holds (waiting, being sent or retried) is not queued twice. */
  enqueue(job: Omit<OutboundJob, 'attempt'> & { attempt?: number }): void {
    if (this.tracked.has(job.messageId)) return;
    this.tracked.add(job.messageId);
    this.place({ attempt: 0, ...job });
  }

  private place(full: OutboundJob): void {
    const lane = `${full.phoneNumberId}:${full.body.to}`;
    const q = this.lanes.get(lane) ?? [];
    q.splice(laneSlot(q, full), 0, full);
    this.lanes.set(lane, q);
    void this.drain(lane);
  }

  /**
   * Resume after a restart: queued messages are sent; ones caught mid-request become "unknown" and wait
   * for a status webhook (the wait starts now: Meta delivers the webhooks it held while we were down).
   * The rows are read a page at a time (keyset on timestamp, id) and the next page only once the queue
   * has room, so a backlog of a whole campaign is never held in memory at once. Resolves when the first
   * page is queued (with its count); `recovered()` resolves when every page is.
   */
  recover(): Promise<number> {
    let firstPage!: (n: number) => void;
    const first = new Promise<number>((r) => (firstPage = r));
    const all = this.pageThrough(firstPage);
    this.recovering = all.catch((err) => {
      this.opts.log.error('could not resume every queued message; the rest is resumed at the next start', {
        err: String(err),
      });
      return 0;
    });
    return Promise.race([first, all]);
  }

  /** Every queued row resumed (tests; a paged recovery continues in the background). */
  recovered(): Promise<number> {
    return this.recovering;
  }

  /** Jobs waiting in the lanes (not counting the ones being sent). */
  get backlog(): number {
    let n = 0;
    for (const q of this.lanes.values()) n += q.length;
    return n;
  }

  /** Messages this queue holds until their attempt settles (waiting, throttled or in flight). */
  get pending(): number {
    return this.tracked.size;
  }

  /**
   * Messages not yet on the wire (waiting for a token, being marked, waiting a retry): bulk senders pace on
   * it. The requests Meta is answering (and their recording) are left out: they are not work ahead of the
   * number, and counting them starved the queue whenever the store was slow to record the answers.
   */
  get waiting(): number {
    return this.tracked.size - this.inFlight;
  }

  private async pageThrough(firstPage: (n: number) => void): Promise<number> {
    const { pb } = this.opts;
    const size = this.opts.recoverPageSize ?? 200;
    const room = this.opts.recoverBacklog ?? 2000;
    let after: { t: string; id: string } | undefined;
    let resumed = 0;
    // rows written after the restart are queued by their own send, not by this
    const bound = pb.filter(' && timestamp <= {:started}', { started: pbDate(Date.now()) });
    for (;;) {
      const keyset = after ? pb.filter(' && (timestamp > {:t} || (timestamp = {:t} && id > {:id}))', after) : '';
      const page = await pb.collection('messages').getList<MessageRecord>(1, size, {
        filter: `direction = 'out' && (status = 'queued' || status = 'unknown')${bound}${keyset}`,
        sort: 'timestamp,id',
        skipTotal: true,
        requestKey: null,
        fields:
          'id,conversation,type,payload,reply_to,status,sending_at,next_attempt_at,send_deadline,attempts,timestamp,purpose',
      });
      await this.prefetchChats(page.items.map((m) => m.conversation));
      for (const m of page.items) {
        // already in hand (a user's retry of it, say): being sent now is not having been interrupted
        if (this.tracked.has(m.id)) continue;
        if (m.status === 'unknown' || m.sending_at) {
          const until = Date.now() + this.reconcileAfter;
          if (await this.opts.writer.markUnknown(m.id, until)) this.awaitReconcile(m.id, until);
          continue;
        }
        const job = await this.jobFor(m);
        const wait = Math.max(0, parsePbDate(m.next_attempt_at) - Date.now());
        this.tracked.add(job.messageId);
        if (wait > 0) this.later(() => this.place(job), wait);
        else this.place(job);
        resumed++;
      }
      if (!after) firstPage(resumed);
      const last = page.items[page.items.length - 1];
      if (!last || page.items.length < size) return resumed;
      after = { t: last.timestamp, id: last.id };
      while (!this.stopped && this.backlog > room) await new Promise((r) => setTimeout(r, 100));
      if (this.stopped) return resumed;
    }
  }

  /** The chats of a page of messages, in one read (the writer's cache keeps them). */
  private async prefetchChats(ids: string[]): Promise<void> {
    const { pb, writer } = this.opts;
    const missing = [...new Set(ids)].filter((id) => !writer.cache.conversationsById.has(id));
    const rows = await rowsWhereAnyOf<ConversationRecord>(pb, 'conversations', 'id', missing);
    for (const c of rows) writer.cache.putConversation(c);
  }

  private async jobFor(m: MessageRecord): Promise<OutboundJob> {
    const conv = await this.opts.writer.conversation(m.conversation);
    let number = this.opts.writer.cache.numbersById.get(conv.wa_number);
    if (!number) {
      number = await this.opts.pb.collection('wa_numbers').getOne<WaNumberRecord>(conv.wa_number, { requestKey: null });
      this.opts.writer.cache.putNumber(number);
    }
    const deadline = parsePbDate(m.send_deadline ?? '');
    return {
      messageId: m.id,
      phoneNumberId: number.phone_number_id,
      body: bodyFromRecord(m, replyAddress(conv as ConversationRecord)),
      attempt: m.attempts,
      ...(deadline ? { deadline } : {}),
      ...(isBulk(m.purpose) ? { bulk: true } : {}),
    };
  }

  /** When the wait is over and no status named the message, it is sent again. */
  private awaitReconcile(messageId: string, until: number): void {
    this.later(
      () => {
        void this.storeRetrying(() => this.opts.writer.resendIfUnknown(messageId))
          .then(async (m) => {
            if (!m) return;
            this.opts.log.warn('no status webhook named an interrupted send: sending it again', { messageId });
            this.enqueue({ ...(await this.jobFor(m)), deadline: Date.now() + this.horizon });
          })
          .catch((err) =>
            this.opts.log.error('could not reconcile an interrupted send', { messageId, err: String(err) }),
          );
      },
      Math.max(0, until - Date.now()),
    );
  }

  stop(): void {
    this.stopped = true;
    this.gate.stop();
    this.wire.stop();
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

  /** Runs a store write until it lands: an outage delays it, never drops it. */
  private async storeRetrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (err) {
        if (!isStoreUnavailable(err) || this.stopped) throw err;
        this.opts.log.warn('store unavailable: outbound write waits', { err: String(err) });
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(i, 6))));
        await this.opts.waitForStore?.();
      }
    }
  }

  private async drain(lane: string): Promise<void> {
    if (this.active.has(lane) || this.stopped) return;
    this.active.add(lane);
    try {
      for (;;) {
        const q = this.lanes.get(lane);
        const head = q?.[0];
        if (!q || !head) {
          this.lanes.delete(lane);
          return;
        }
        // the token first, then the job: an interactive send placed in this lane while a bulk one waited
        // for the token goes out with it, ahead of the bulk one (lane-order.ts)
        await this.gate.take(head.phoneNumberId, head.bulk && q.every((j) => j.bulk));
        if (this.stopped) return;
        const job = q.shift()!;
        let retry: number | undefined;
        try {
          retry = await this.attempt(job);
        } catch (err) {
          this.tracked.delete(job.messageId);
          this.opts.log.error('send attempt could not be recorded; the message stays queued until a restart', {
            messageId: job.messageId,
            err: String(err),
          });
          continue;
        }
        if (retry === undefined) this.tracked.delete(job.messageId);
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

  /** Returns a delay when the job must be retried, undefined when it is settled (or waits for a status). */
  private async attempt(job: OutboundJob): Promise<number | undefined> {
    const { writer, graph, log } = this.opts;
    const attempt = job.attempt + 1;
    const first = job.deadline === undefined;
    if (first) job.deadline = Date.now() + this.horizon;
    try {
      await this.storeRetrying(() => writer.markSending(job.messageId, first ? job.deadline : undefined));
      await this.wire.take(job.phoneNumberId, job.bulk);
    } finally {
      this.gate.release(job.phoneNumberId);
    }
    this.inFlight++;
    this.departures.set(job.phoneNumberId, this.departed(job.phoneNumberId) + 1);
    try {
      let wamid: string;
      try {
        wamid = (await graph.sendMessage(job.phoneNumberId, { ...job.body, biz_opaque_callback_data: job.messageId }))
          .wamid;
      } catch (err) {
        const e =
          err instanceof ChannelSendError
            ? err
            : new ChannelSendError({ code: -1, title: String(err) }, true, undefined, undefined, true);
        return await this.settleError(job, attempt, e);
      }
      // Meta has the message: its wamid must be recorded, whatever the store is going through.
      await this.storeRetrying(() => writer.markAccepted(job.messageId, wamid));
      return undefined;
    } finally {
      this.inFlight--;
    }
  }

  private async settleError(job: OutboundJob, attempt: number, e: ChannelSendError): Promise<number | undefined> {
    const { writer, log } = this.opts;
    if (e.maybeDelivered) {
      const until = Date.now() + this.reconcileAfter;
      log.warn('send interrupted without an answer: waiting for a status webhook before sending again', {
        messageId: job.messageId,
        err: e.message,
      });
      if (await this.storeRetrying(() => writer.markUnknown(job.messageId, until)))
        this.awaitReconcile(job.messageId, until);
      return undefined;
    }
    // the number's throughput is over (Meta counts at its end): every send of the number waits, not just this one
    if (e.error.code === 130429) {
      this.gate.pause(job.phoneNumberId, e.retryAfterMs ?? 1000);
      this.wire.pause(job.phoneNumberId, e.retryAfterMs ?? 1000);
    }
    const decision = retryDecision({
      attempt,
      error: e.error,
      retryable: e.retryable,
      retryAfterMs: e.retryAfterMs,
      now: Date.now(),
      deadline: job.deadline ?? Date.now(),
      baseMs: this.opts.baseDelayMs ?? 1000,
      maxMs: this.opts.maxDelayMs ?? 60_000,
    });
    if (decision.retryInMs !== undefined) {
      log.warn('send will be retried', {
        messageId: job.messageId,
        code: e.error.code,
        attempt,
        delay: Math.round(decision.retryInMs),
      });
      await this.storeRetrying(() => writer.markRetry(job.messageId, Date.now() + decision.retryInMs!, e.error));
      return decision.retryInMs;
    }
    const error: ChannelError = e.retryable
      ? {
          ...e.error,
          details: `${e.error.details ? `${e.error.details} — ` : ''}still failing after ${attempt} attempts; gave up at the retry horizon`,
        }
      : e.error;
    await this.storeRetrying(() => writer.markFailed(job.messageId, error));
    return undefined;
  }
}
