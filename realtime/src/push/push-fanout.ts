/**
 * Server-side notification fan-out, a consumer of the durable domain events (api/src/engine/events):
 * message.received, conversation.assigned and note.created become Web Push notifications following
 * push-policy.ts. Who may receive them (users) and who is looking at a chat (presence) come from
 * PocketBase realtime subscriptions; what happened comes only from the outbox, so a crash between the
 * commit and the push is caught up after the restart. It only needs PocketBase, so it can move to its
 * own process.
 */
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import type { Consumer } from '../../../api/src/engine/events/consumers.ts';
import type { StoredEvent } from '../../../api/src/engine/events/domain-events.ts';
import { recipients, type PushEvent, type PushUser } from './push-policy.ts';
import { pushText } from './push-texts.ts';
import type { NotificationPayload, WebPushSender } from './web-push-sender.ts';

if (typeof (globalThis as { EventSource?: unknown }).EventSource === 'undefined') {
  (globalThis as { EventSource?: unknown }).EventSource = EventSource;
}

interface PresenceRow {
  conversation: string;
  user: string;
  updated: string;
}

const PRESENCE_FRESH_MS = 30_000;
/** the notifications' TTL at the push service */
const STALE_MS = 24 * 3600_000;

export interface FanoutOptions {
  pb: PocketBase;
  sender: WebPushSender;
  defaultTimezone: string;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

const actorUser = (actor: string) => (actor.startsWith('user:') ? actor.slice(5) : '');

export class PushFanout implements Consumer {
  readonly name = 'push';
  readonly names = ['message.received', 'conversation.assigned', 'note.created'] as const;
  private users = new Map<string, PushUser>();
  private unsubscribers: Array<() => Promise<void>> = [];
  /** conversation → user → last presence update (ms); kept by a realtime subscription */
  private presence = new Map<string, Map<string, number>>();
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly opts: FanoutOptions) {}

  async start(): Promise<void> {
    const { pb } = this.opts;
    for (const u of await pb.collection('users').getFullList<PushUser>()) this.users.set(u.id, u);
    this.unsubscribers.push(
      await pb.collection('users').subscribe<PushUser>('*', (e) => {
        if (e.action === 'delete') this.users.delete(e.record.id);
        else this.users.set(e.record.id, e.record);
      }),
    );
    for (const p of await pb.collection('presence').getFullList<PresenceRow>()) this.onPresence('create', p);
    this.unsubscribers.push(
      await pb.collection('presence').subscribe<PresenceRow>('*', (e) => this.onPresence(e.action, e.record)),
    );
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribers) await u().catch(() => undefined);
    this.unsubscribers = [];
    await this.afterBatch();
  }

  /** resolves when every notification decided so far has been sent */
  async idle(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  /** The checkpoint moves only after the batch's notifications went out (or failed for good). */
  async afterBatch(): Promise<void> {
    await this.idle();
  }

  async handle(e: StoredEvent): Promise<void> {
    if (!this.opts.sender.hasSubscriptions()) return; // nobody to tell: no reads, no work
    // caught up after a long outage: a day-old notification is noise (the push service would drop it too)
    if (Date.now() - e.at > STALE_MS) return;
    const conversationId = e.conversation ?? '';
    const base = { conversationId, tag: `conv-${conversationId}`, url: `/#/c/${conversationId}` };
    if (e.name === 'message.received') {
      const d = e.data as StoredEvent<'message.received'>['data'];
      const title = d.title || '…';
      this.notify(
        { kind: 'inbound', conversationId, assignee: d.assignee },
        { ...base, title: d.newConversation ? `🆕 ${title}` : title, body: d.preview || '…' },
      );
    } else if (e.name === 'conversation.assigned') {
      const d = e.data as StoredEvent<'conversation.assigned'>['data'];
      if (!d.assignee) return;
      this.notify(
        { kind: 'assigned', conversationId, assignee: d.assignee, assignedBy: actorUser(e.actor) },
        {
          ...base,
          title: d.title || '…',
          body: pushText('assigned', this.users.get(d.assignee)?.language),
        },
      );
    } else if (e.name === 'note.created') {
      const d = e.data as StoredEvent<'note.created'>['data'];
      if (d.mentions.length)
        this.notify(
          { kind: 'mention', conversationId, mentioned: d.mentions, author: d.author },
          { ...base, title: `📝 ${d.title || '…'}`, body: d.preview },
        );
    }
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
    return new Set(
      [...(this.presence.get(conversationId) ?? new Map<string, number>())]
        .filter(([, at]) => at >= fresh)
        .map(([u]) => u),
    );
  }

  /** Decisions stay in event order; deliveries run concurrently so one slow device delays no one. */
  private notify(event: PushEvent, payload: NotificationPayload): void {
    const p = this.deliver(event, payload)
      .catch((err) => this.opts.log('push fan-out error', { err: String(err) }))
      .finally(() => this.sending.delete(p));
    this.sending.add(p);
  }

  private async deliver(event: PushEvent, payload: NotificationPayload): Promise<void> {
    const to = recipients(event, {
      users: [...this.users.values()],
      focused: this.focusedUsers(event.conversationId),
      now: new Date(),
      defaultTimezone: this.opts.defaultTimezone,
    });
    await Promise.all(to.map((userId) => this.opts.sender.toUser(userId, payload)));
  }
}
