/**
 * Out-of-hours and holiday replies, the first feature on the engine:
 *  1. a consumer of `message.received` (the outbox) checks the business calendar of the chat's number
 *     (else the global one) at the moment the customer wrote;
 *  2. closed or a holiday → one `ooh.reply` work item per customer-service window (dedupe key
 *     `ooh:<conversation>:<window opened at>`), due after a short grace delay, acting as
 *     `system:out_of_hours` — a burst of messages, a replayed event or a restart schedule nothing twice;
 *  3. when it runs, it replies only if the window is still open, the reply is still enabled and nobody
 *     answered the message meanwhile (an operator, or an automation — see addAnsweredCheck), in the
 *     contact's language, through the normal send path, stored with purpose "out_of_hours".
 */
import type { Consumer } from '../../engine/events/consumers.ts';
import { systemActor, type StoredEvent } from '../../engine/events/domain-events.ts';
import type { JobContext, WorkItem } from '../../engine/scheduler/scheduler.ts';
import type { AppContext } from '../../lib/context.ts';
import { isNotFound } from '../../lib/pb.ts';
import { parsePbDate, pbDate, type ContactRecord, type ConversationRecord } from '../../lib/records.ts';
import type { BusinessHoursService } from '../calendar/business-hours.service.ts';
import { SERVICE_WINDOW_MS } from '../inbox/ingest.ts';
import type { SettingsStore } from '../settings/settings.store.ts';
import { closureAt, DEFAULT_SETTINGS, replyKey, replyText, type OutOfHoursSettings } from './out-of-hours.rules.ts';
import { sendSystemText } from './send-reply.ts';

export const OOH_KEY = 'out_of_hours';
export const OOH_KIND = 'ooh.reply';
const ACTOR = systemActor('out_of_hours');
/** message types that are not someone writing to us */
const SILENT_TYPES = new Set(['reaction', 'system', 'unsupported', 'request_welcome']);

export interface ReplyJob {
  conversation: string;
  message: string;
  contact: string;
  /** when the customer wrote (epoch ms) */
  sentAt: number;
  windowOpenedAt: number;
  holiday: boolean;
}

/** Did someone or something already answer this inbound message? Automations register theirs. */
export type AnsweredCheck = (m: { conversationId: string; messageId: string; sentAt: number }) => Promise<boolean>;

export class OutOfHoursService implements Consumer {
  readonly name = 'out_of_hours';
  readonly names = ['message.received'] as const;
  private readonly answeredChecks: AnsweredCheck[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly hours: BusinessHoursService,
    private readonly store: SettingsStore,
  ) {
    this.answeredChecks.push((m) => this.outboundSince(m.conversationId, m.sentAt));
  }

  async settings(): Promise<OutOfHoursSettings> {
    return { ...DEFAULT_SETTINGS, ...(await this.store.get<Partial<OutOfHoursSettings>>(OOH_KEY, {})) };
  }

  async save(s: OutOfHoursSettings): Promise<OutOfHoursSettings> {
    await this.store.set(OOH_KEY, s);
    return this.settings();
  }

  /**
   * The hook automations use: a check answering "was this message answered?". Any check saying yes
   * stops the out-of-hours reply. Built in: an outbound message (not a note) in the chat since then.
   */
  addAnsweredCheck(check: AnsweredCheck): void {
    this.answeredChecks.push(check);
  }

  register(): void {
    this.ctx.scheduler.register<ReplyJob>(OOH_KIND, {
      concurrency: 4,
      maxAttempts: 5,
      handler: (item, jc) => this.run(item, jc),
    });
  }

  /** Consumer of message.received: decides, and schedules at most one reply per window. */
  async handle(e: StoredEvent): Promise<void> {
    const d = e.data as StoredEvent<'message.received'>['data'];
    if (SILENT_TYPES.has(d.type) || !e.conversation || !e.message) return;
    const s = await this.settings();
    if (!s.enabled) return;
    const now = this.ctx.scheduler.clock.now();
    if (now - d.sentAt >= SERVICE_WINDOW_MS) return; // read long after: no window left to answer in
    const { stored, calendar } = await this.hours.calendar(d.waNumber || undefined).catch((err) => {
      // a number deleted meanwhile: the global hours apply
      if (isNotFound(err) || (err as { code?: string }).code === 'not_found') return this.hours.calendar();
      throw err;
    });
    if (!stored.configured) return; // no hours, no "outside hours"
    const closure = closureAt(calendar, d.sentAt);
    if (!closure) return;
    const job: ReplyJob = {
      conversation: e.conversation,
      message: e.message,
      contact: e.contact ?? '',
      sentAt: d.sentAt,
      windowOpenedAt: d.windowOpenedAt,
      holiday: closure.kind === 'holiday',
    };
    await this.ctx.scheduler.schedule({
      kind: OOH_KIND,
      dedupeKey: replyKey(e.conversation, d.windowOpenedAt),
      delayMs: s.grace_seconds * 1000,
      payload: job,
      principal: ACTOR,
    });
  }

  private async run(item: WorkItem<ReplyJob>, jc: JobContext): Promise<void> {
    const job = item.payload;
    const s = await this.settings();
    if (!s.enabled) return;
    let conv: ConversationRecord;
    try {
      conv = await this.ctx.pb.collection('conversations').getOne<ConversationRecord>(job.conversation);
    } catch (err) {
      if (isNotFound(err)) return; // the chat was deleted
      throw err;
    }
    if (jc.now() >= parsePbDate(conv.last_inbound_at) + SERVICE_WINDOW_MS) {
      jc.log.info('out-of-hours reply skipped: the customer-service window closed first', { conversation: conv.id });
      return;
    }
    for (const answered of this.answeredChecks) {
      if (await answered({ conversationId: conv.id, messageId: job.message, sentAt: job.sentAt })) return;
    }
    const contact = await this.ctx.pb
      .collection('contacts')
      .getOne<ContactRecord>(conv.contact, { fields: 'id,language' })
      .catch(() => undefined);
    const text = replyText(
      s,
      job.holiday ? { kind: 'holiday', name: '' } : { kind: 'closed' },
      contact?.language ?? '',
    );
    if (!text) return;
    await sendSystemText(this.ctx, {
      conversationId: conv.id,
      text,
      clientId: item.dedupeKey,
      purpose: 'out_of_hours',
      principalName: 'out_of_hours',
    });
  }

  /** An outbound message (not a note, not this reply) stored in the chat since the customer wrote. */
  private async outboundSince(conversationId: string, sentAt: number): Promise<boolean> {
    const { pb } = this.ctx;
    const r = await pb.collection('messages').getList(1, 1, {
      filter: pb.filter(
        "conversation = {:c} && direction = 'out' && type != 'note' && purpose != 'out_of_hours' && timestamp >= {:t}",
        { c: conversationId, t: pbDate(sentAt) },
      ),
      fields: 'id',
      skipTotal: true,
    });
    return r.items.length > 0;
  }
}
