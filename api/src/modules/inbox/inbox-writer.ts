/**
 * The single writer of conversations and messages. Webhook events and local changes (sends, status
 * of our own sends, assignment, read) go through one serial queue, which is what makes
 * "status before the send response", duplicates and unordered delivery safe without locks.
 */
import type { ChannelError, StatusUpdate, WebhookUpdate } from '../channels/channel.types.ts';
import type { PocketBase } from '../../lib/pb.ts';
import type { Logger } from '../../lib/logger.ts';
import { isUniqueViolation } from '../../lib/pb.ts';
import { newRecordId, pbDate, type ContactRecord, type ConversationRecord, type MessageRecord, type WaNumberRecord } from '../../lib/records.ts';
import type { EventBus } from '../../../../realtime/src/event-bus.ts';
import { InboxCache, type MessageRef } from './inbox-cache.ts';
import { Ingestor, senderKeys, statusPatch, type MediaJob } from './ingest.ts';
import { referencedWamid } from './ingest-changes.ts';
import { nextStatus } from './status-rules.ts';
import { WritePlan } from './write-plan.ts';

export interface RawEvent {
  id: string;
  raw: string;
}

type Task = { run: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type QueueItem = { kind: 'event'; event: RawEvent } | { kind: 'task'; task: Task };

export interface InboxWriterDeps {
  pb: PocketBase;
  bus: EventBus;
  log: Logger;
  parse: (body: unknown) => WebhookUpdate[];
  onMedia: (job: MediaJob) => void;
  /** updates that are not about chats (templates, quality) are handed over after the chunk commits */
  onOtherUpdate?: (u: WebhookUpdate) => Promise<void>;
  /** called after a chunk of events is applied (or dead-lettered), oldest first: advances the journal checkpoint */
  onEventsDone?: (events: RawEvent[]) => void;
  chunkSize?: number;
}

export class InboxWriter {
  readonly cache = new InboxCache();
  private readonly ingest: Ingestor;
  private readonly queue: QueueItem[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  processedEvents = 0;

  constructor(private readonly deps: InboxWriterDeps) {
    this.ingest = new Ingestor({ pb: deps.pb, cache: this.cache, bus: deps.bus, onMedia: deps.onMedia });
  }

  enqueueEvents(events: RawEvent[]): void {
    for (const event of events) this.queue.push({ kind: 'event', event });
    this.kick();
  }

  /** Runs fn alone in the writer's order (after everything queued before it). */
  task<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ kind: 'task', task: { run, resolve: resolve as (v: unknown) => void, reject } });
      this.kick();
    });
  }

  /** Resolves when the queue is empty (tests and graceful shutdown). */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  get backlog(): number {
    return this.queue.length;
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length) {
        const head = this.queue[0]!;
        if (head.kind === 'task') {
          this.queue.shift();
          try {
            head.task.resolve(await head.task.run());
          } catch (err) {
            head.task.reject(err);
          }
          continue;
        }
        const events: RawEvent[] = [];
        const max = this.deps.chunkSize ?? 400;
        while (events.length < max && this.queue[0]?.kind === 'event') {
          events.push((this.queue.shift() as { kind: 'event'; event: RawEvent }).event);
        }
        await this.processEvents(events);
        this.deps.onEventsDone?.(events);
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      if (this.queue.length) this.kick();
    }
  }

  /**
   * Optimistic first: the whole chunk in one batch, trusting the in-memory wamid cache for duplicates
   * (Meta's re-deliveries come within minutes). If the batch is refused — a duplicate the cache did not
   * know, e.g. re-processing after a restart, or one bad event — each event is applied alone with its
   * wamid checked against the store, and only an event that still fails is dead-lettered.
   */
  private async processEvents(events: RawEvent[]): Promise<void> {
    try {
      await this.applyChunk(events, false);
      return;
    } catch (err) {
      this.deps.log.debug('webhook chunk refused; applying events one by one', { count: events.length, err: String(err) });
    }
    for (const e of events) {
      try {
        await this.applyChunk([e], true);
      } catch (err2) {
        await this.markEventFailed(e, err2);
      }
    }
  }

  private async markEventFailed(e: RawEvent, err: unknown): Promise<void> {
    this.deps.log.error('webhook event could not be processed', { eventId: e.id, err: String(err) });
    // The caches may hold state from a plan that never committed.
    this.cache.conversationsByContact.clear();
    this.cache.conversationsById.clear();
    this.cache.contacts.clear();
    this.cache.messagesByWamid.clear();
    // Dead-letter it in the store so nothing is lost and it can be inspected or replayed.
    try {
      await this.deps.pb.collection('webhook_events').create({ channel: 'whatsapp', raw: e.raw, state: 'failed', error: String(err).slice(0, 2000), attempts: 1 });
    } catch (err2) {
      this.deps.log.error('could not dead-letter webhook event', { eventId: e.id, err: String(err2) });
    }
  }

  private async applyChunk(events: RawEvent[], verifyInbound: boolean): Promise<void> {
    const t0 = performance.now();
    const plan = new WritePlan();
    const updates: WebhookUpdate[] = [];
    for (const e of events) {
      let body: unknown;
      try {
        body = JSON.parse(e.raw);
      } catch {
        body = undefined;
      }
      updates.push(...this.deps.parse(body));
    }

    // Resolve numbers and prefetch what the chunk touches, in a few queries.
    const byNumber = new Map<string, WaNumberRecord | undefined>();
    for (const u of updates) {
      if ((u.kind === 'message' || u.kind === 'status') && !byNumber.has(u.phoneNumberId)) {
        byNumber.set(u.phoneNumberId, await this.ingest.number(u.phoneNumberId));
      }
    }
    const wamids: string[] = [];
    const senders = new Map<string, string[]>();
    for (const u of updates) {
      if (u.kind === 'message') {
        if (verifyInbound) wamids.push(u.wamid);
        const target = referencedWamid(u);
        if (target) wamids.push(target);
        const n = byNumber.get(u.phoneNumberId);
        if (n) senders.set(n.id, [...(senders.get(n.id) ?? []), ...senderKeys(u)]);
      } else if (u.kind === 'status') wamids.push(u.wamid);
    }
    await this.ingest.prefetchMessages(wamids);
    await this.ingest.prefetchChangeTargets(updates);
    for (const [numberId, waIds] of senders) await this.ingest.prefetchContacts(numberId, waIds);

    const seen = new Set<string>();
    const statusRefs = new Map<string, MessageRef>();
    const others: WebhookUpdate[] = [];
    for (const u of updates) {
      if (u.kind === 'message' || u.kind === 'status') {
        const n = byNumber.get(u.phoneNumberId);
        if (!n) {
          this.deps.log.warn('webhook for an unknown phone_number_id dropped', { phoneNumberId: u.phoneNumberId, kind: u.kind });
          continue;
        }
        if (u.kind === 'message') this.ingest.inbound(plan, n, u, seen);
        else this.ingest.status(plan, u, statusRefs);
      } else others.push(u);
    }

    const t1 = performance.now();
    await plan.execute(this.deps.pb);
    for (const fn of plan.afterCommit) fn();
    this.processedEvents += events.length;
    this.deps.log.debug('webhook chunk applied', { events: events.length, ops: plan.size, prepareMs: Math.round(t1 - t0), writeMs: Math.round(performance.now() - t1) });
    for (const o of others) {
      try {
        await this.deps.onOtherUpdate?.(o);
      } catch (err) {
        this.deps.log.error('could not apply webhook update', { kind: o.kind, err: String(err) });
      }
    }
  }

  // ---- local changes -------------------------------------------------------------------------

  /** Finds or creates the chat with a customer (used when the business writes first). */
  ensureConversation(number: WaNumberRecord, waId: string): Promise<ConversationRecord> {
    return this.task(async () => {
      this.cache.putNumber(number);
      await this.ingest.prefetchContacts(number.id, [waId]);
      const plan = new WritePlan();
      const { draft } = this.ingest.conversationFor(plan, number, waId);
      await plan.execute(this.deps.pb);
      for (const fn of plan.afterCommit) fn();
      return { ...draft };
    });
  }

  async conversation(id: string): Promise<ConversationRecord> {
    const cached = this.cache.conversationsById.get(id);
    if (cached) return cached;
    const c = await this.deps.pb.collection('conversations').getOne<ConversationRecord>(id);
    this.cache.putConversation(c);
    return c;
  }

  /** Stores an outbound message as queued. A repeated client id returns the message created the first time. */
  createOutbound(input: {
    conversationId: string; type: string; payload: Record<string, unknown>; preview: string; clientId: string;
    senderId: string; replyTo?: string;
  }): Promise<{ message: MessageRecord; created: boolean }> {
    return this.task(async () => {
      const { pb, bus } = this.deps;
      if (input.clientId) {
        const existing = await pb.collection('messages').getList<MessageRecord>(1, 1, { filter: pb.filter('client_id = {:c}', { c: input.clientId }) });
        if (existing.items[0]) return { message: existing.items[0], created: false };
      }
      const conv = await this.conversation(input.conversationId);
      const id = newRecordId();
      const now = pbDate(Date.now());
      const plan = new WritePlan();
      const data = {
        id, conversation: conv.id, direction: 'out', type: input.type, payload: input.payload, preview: input.preview,
        client_id: input.clientId, status: 'queued', timestamp: now, sender: input.senderId, reply_to: input.replyTo ?? '',
        media_status: 'none', attempts: 0,
      };
      plan.create('messages', data);
      const draft: ConversationRecord = {
        ...conv, last_message_at: now, last_message_preview: input.preview, last_message_direction: 'out',
        last_message_status: 'queued', last_message_id: id,
      };
      plan.conversations.set(draft.id, { draft, isNew: false });
      try {
        await plan.execute(pb);
      } catch (err) {
        if (isUniqueViolation(err) && input.clientId) {
          const again = await pb.collection('messages').getFirstListItem<MessageRecord>(pb.filter('client_id = {:c}', { c: input.clientId }));
          return { message: again, created: false };
        }
        throw err;
      }
      this.cache.putConversation(draft);
      const message = await pb.collection('messages').getOne<MessageRecord>(id);
      bus.publish('message.created', { actor: { kind: 'user', userId: input.senderId }, messageId: id, conversationId: conv.id, direction: 'out' });
      return { message, created: true };
    });
  }

  markSending(messageId: string): Promise<void> {
    return this.task(async () => {
      await this.deps.pb.collection('messages').update(messageId, { sending_at: pbDate(Date.now()), 'attempts+': 1 });
    });
  }

  markRetry(messageId: string, nextAttemptAt: number, error: ChannelError): Promise<void> {
    return this.task(async () => {
      await this.deps.pb.collection('messages').update(messageId, {
        sending_at: '', next_attempt_at: pbDate(nextAttemptAt), error_code: error.code, error_title: error.title, error_details: error.details ?? '',
      });
    });
  }

  /** Meta accepted the message: record its wamid, then apply any statuses that overtook the response. */
  markAccepted(messageId: string, wamid: string): Promise<void> {
    return this.task(async () => {
      const { pb } = this.deps;
      const msg = await pb.collection('messages').getOne<MessageRecord>(messageId);
      let status = nextStatus(msg.status, 'sent') ?? msg.status;
      const patch: Record<string, unknown> = {
        wamid, sending_at: '', next_attempt_at: '', error_code: 0, error_title: '', error_details: '',
        ...(status !== msg.status ? { status, sent_at: pbDate(Date.now()) } : {}),
      };
      const parked = await pb.collection('pending_statuses').getFullList<{ id: string; update: StatusUpdate }>({ filter: pb.filter('wamid = {:w}', { w: wamid }) });
      for (const p of parked.sort((a, b) => a.update.timestamp - b.update.timestamp)) {
        const next = nextStatus(status, p.update.status);
        if (next) {
          Object.assign(patch, statusPatch(next, p.update));
          status = next;
        }
      }
      const plan = new WritePlan();
      plan.update('messages', messageId, patch);
      for (const p of parked) plan.delete('pending_statuses', p.id);
      const conv = await this.conversation(msg.conversation);
      if (conv.last_message_id === messageId) {
        plan.conversations.set(conv.id, { draft: { ...conv, last_message_status: status }, isNew: false });
      }
      await plan.execute(pb);
      for (const { draft } of plan.conversations.values()) this.cache.putConversation(draft);
      this.cache.messagesByWamid.set(wamid, { id: messageId, conversation: msg.conversation, status, direction: 'out', reactions: msg.reactions ?? [] });
      this.deps.bus.publish('message.status', { actor: { kind: 'system', name: 'whatsapp' }, messageId, conversationId: msg.conversation, status });
    });
  }

  markFailed(messageId: string, error: ChannelError): Promise<void> {
    return this.task(async () => {
      const { pb } = this.deps;
      const msg = await pb.collection('messages').getOne<MessageRecord>(messageId);
      const plan = new WritePlan();
      plan.update('messages', messageId, {
        status: 'failed', sending_at: '', failed_at: pbDate(Date.now()), error_code: error.code, error_title: error.title,
        error_details: error.details ?? error.message ?? '',
      });
      const conv = await this.conversation(msg.conversation);
      if (conv.last_message_id === messageId) plan.conversations.set(conv.id, { draft: { ...conv, last_message_status: 'failed' }, isNew: false });
      await plan.execute(pb);
      for (const { draft } of plan.conversations.values()) this.cache.putConversation(draft);
      this.deps.bus.publish('message.status', { actor: { kind: 'system', name: 'sender' }, messageId, conversationId: msg.conversation, status: 'failed', errorCode: error.code });
    });
  }

  /** Assignment, open/closed and read state: written here so the cached conversation stays true. */
  updateConversation(id: string, patch: Partial<Pick<ConversationRecord, 'assignee' | 'assigned_by' | 'status' | 'unread_count'>>): Promise<ConversationRecord> {
    return this.task(async () => {
      const conv = await this.conversation(id);
      const updated = await this.deps.pb.collection('conversations').update<ConversationRecord>(id, patch);
      this.cache.putConversation(updated);
      void conv;
      return updated;
    });
  }

  /** A contact was renamed: refresh the cached contact and the chat title together. */
  renameConversation(id: string, title: string, contact: ContactRecord): Promise<ConversationRecord> {
    return this.task(async () => {
      this.cache.contacts.set(`${contact.wa_number}:${contact.wa_id}`, contact);
      const updated = await this.deps.pb.collection('conversations').update<ConversationRecord>(id, { contact_name: title });
      this.cache.putConversation(updated);
      return updated;
    });
  }

  /** An internal note: stored with the chat, never sent, and not the chat's customer-facing preview. */
  createNote(conversationId: string, authorId: string, body: string, mentions: string[]): Promise<MessageRecord> {
    return this.task(async () =>
      this.deps.pb.collection('messages').create<MessageRecord>({
        conversation: conversationId, direction: 'out', type: 'note', payload: { body, mentions }, preview: body.slice(0, 200),
        status: 'sent', timestamp: pbDate(Date.now()), sender: authorId, media_status: 'none',
      }),
    );
  }

  /** A failed send the operator asked to try again: back to queued, error cleared. */
  requeue(messageId: string): Promise<MessageRecord> {
    return this.task(async () => {
      const m = await this.deps.pb.collection('messages').update<MessageRecord>(messageId, {
        status: 'queued', error_code: 0, error_title: '', error_details: '', failed_at: '', sending_at: '', next_attempt_at: '',
      });
      const conv = await this.conversation(m.conversation);
      if (conv.last_message_id === messageId) {
        const updated = await this.deps.pb.collection('conversations').update<ConversationRecord>(conv.id, { last_message_status: 'queued' });
        this.cache.putConversation(updated);
      }
      return m;
    });
  }
}
