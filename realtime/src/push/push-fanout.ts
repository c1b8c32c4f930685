/**
 * Server-side notification fan-out: a PocketBase realtime subscription (as superuser) turns new inbound
 * messages, assignments and note mentions into Web Push notifications, following push-policy.ts.
 * It runs beside the API today but only needs PocketBase, so it can move to its own process.
 */
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import { recipients, type PushEvent, type PushUser } from './push-policy.ts';
import { pushText } from './push-texts.ts';
import type { NotificationPayload, WebPushSender } from './web-push-sender.ts';

if (typeof (globalThis as { EventSource?: unknown }).EventSource === 'undefined') {
  (globalThis as { EventSource?: unknown }).EventSource = EventSource;
}

interface ConvRow {
  id: string;
  assignee: string;
  assigned_by?: string;
  contact_name: string;
  contact_phone: string;
  created: string;
}

interface PresenceRow {
  conversation: string;
  user: string;
  updated: string;
}

interface MsgRow {
  id: string;
  conversation: string;
  direction: 'in' | 'out';
  type: string;
  preview: string;
  sender: string;
  payload: { mentions?: string[]; body?: string } | null;
}

const PRESENCE_FRESH_MS = 30_000;

export interface FanoutOptions {
  pb: PocketBase;
  sender: WebPushSender;
  defaultTimezone: string;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export class PushFanout {
  private users = new Map<string, PushUser>();
  private convs = new Map<string, ConvRow>();
  /** conversations created since we subscribed: their first inbound message is a "new chat" */
  private fresh = new Set<string>();
  private unsubscribers: Array<() => Promise<void>> = [];
  /** conversation → user → last presence update (ms); kept by a realtime subscription */
  private presence = new Map<string, Map<string, number>>();
  private chain: Promise<void> = Promise.resolve();
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly opts: FanoutOptions) {}

  async start(): Promise<void> {
    const { pb } = this.opts;
    for (const u of await pb.collection('users').getFullList<PushUser>()) this.users.set(u.id, u);
    this.unsubscribers.push(await pb.collection('users').subscribe<PushUser>('*', (e) => {
      if (e.action === 'delete') this.users.delete(e.record.id);
      else this.users.set(e.record.id, e.record);
    }));
    for (const p of await pb.collection('presence').getFullList<PresenceRow>()) this.onPresence('create', p);
    this.unsubscribers.push(await pb.collection('presence').subscribe<PresenceRow>('*', (e) => this.onPresence(e.action, e.record)));
    this.unsubscribers.push(await pb.collection('conversations').subscribe<ConvRow>('*', (e) => this.enqueue(() => this.onConversation(e.action, e.record))));
    this.unsubscribers.push(await pb.collection('messages').subscribe<MsgRow>('*', (e) => {
      if (e.action === 'create') this.enqueue(() => this.onMessage(e.record));
    }));
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribers) await u().catch(() => undefined);
    this.unsubscribers = [];
  }

  /** resolves when every event seen so far has been handled and its notifications sent */
  async idle(): Promise<void> {
    await this.chain;
    await Promise.all([...this.sending]);
  }

  private enqueue(fn: () => Promise<void>): void {
    // Events are handled in arrival order so a conversation is known before its first message.
    this.chain = this.chain.then(fn).catch((err) => this.opts.log('push fan-out error', { err: String(err) }));
  }

  private async conversation(id: string): Promise<ConvRow | undefined> {
    let c = this.convs.get(id);
    if (!c) {
      c = await this.opts.pb.collection('conversations').getOne<ConvRow>(id, { fields: 'id,assignee,assigned_by,contact_name,contact_phone,created' }).catch(() => undefined);
      if (c) this.convs.set(id, c);
    }
    return c;
  }

  private async onConversation(action: string, row: ConvRow): Promise<void> {
    if (action === 'delete') {
      this.convs.delete(row.id);
      return;
    }
    const before = this.convs.get(row.id);
    this.convs.set(row.id, row);
    if (action === 'create') {
      this.fresh.add(row.id);
      if (this.fresh.size > 10_000) this.fresh.clear();
    }
    const reassigned = action === 'update' && before !== undefined && before.assignee !== row.assignee && row.assignee !== '';
    if (reassigned) {
      await this.notify({ kind: 'assigned', conversationId: row.id, assignee: row.assignee, assignedBy: row.assigned_by ?? '' }, {
        title: `${row.contact_name || row.contact_phone}`, body: pushText('assigned', this.users.get(row.assignee)?.language), conversationId: row.id, tag: `conv-${row.id}`, url: `/#/c/${row.id}`,
      });
    }
  }

  private async onMessage(m: MsgRow): Promise<void> {
    const conv = await this.conversation(m.conversation);
    if (!conv) return;
    const name = conv.contact_name || conv.contact_phone;
    const base = { conversationId: conv.id, tag: `conv-${conv.id}`, url: `/#/c/${conv.id}` };
    if (m.type === 'note') {
      const mentioned = m.payload?.mentions ?? [];
      if (mentioned.length) await this.notify({ kind: 'mention', conversationId: conv.id, mentioned, author: m.sender }, { ...base, title: `📝 ${name}`, body: m.preview });
      return;
    }
    if (m.direction !== 'in') return; // our own messages never notify
    const isNew = this.fresh.delete(conv.id);
    await this.notify({ kind: 'inbound', conversationId: conv.id, assignee: conv.assignee }, { ...base, title: isNew ? `🆕 ${name}` : name, body: m.preview || '…' });
  }

  private onPresence(action: string, p: PresenceRow): void {
    const m = this.presence.get(p.conversation) ?? new Map<string, number>();
    if (action === 'delete') m.delete(p.user);
    else m.set(p.user, Date.parse(p.updated.replace(' ', 'T')));
    if (m.size) this.presence.set(p.conversation, m);
    else this.presence.delete(p.conversation);
  }

  private focusedUsers(conversationId: string): Set<string> {
    const fresh = Date.now() - PRESENCE_FRESH_MS;
    return new Set([...(this.presence.get(conversationId) ?? new Map<string, number>())].filter(([, at]) => at >= fresh).map(([u]) => u));
  }

  /** Decisions stay in event order (the chain); deliveries run concurrently so one slow device delays no one. */
  private async notify(event: PushEvent, payload: NotificationPayload): Promise<void> {
    const p = this.deliver(event, payload)
      .catch((err) => this.opts.log('push fan-out error', { err: String(err) }))
      .finally(() => this.sending.delete(p));
    this.sending.add(p);
  }

  private async deliver(event: PushEvent, payload: NotificationPayload): Promise<void> {
    const to = recipients(event, { users: [...this.users.values()], focused: this.focusedUsers(event.conversationId), now: new Date(), defaultTimezone: this.opts.defaultTimezone });
    await Promise.all(to.map((userId) => this.opts.sender.toUser(userId, payload)));
  }
}
