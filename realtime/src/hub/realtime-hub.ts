/**
 * Realtime that scales with the team. PocketBase checks a subscriber's access rule with one SQL query
 * per event per connected client, inside the request that wrote the record: twenty operators made every
 * inbound message cost twenty queries on the writer's path. The hub holds ONE superuser subscription to
 * the hot collections (chats and their messages), so PocketBase sends each event once with no rule query,
 * and fans it out to the connected browsers in Node, deciding access in memory with the one policy
 * (hub-access.ts) from the chat's assignee it keeps (from the same event stream). PocketBase stays the
 * source of truth for the data; the browsers keep the PocketBase SDK and protocol (/pb/api/realtime).
 * Subscriptions the hub does not decide itself are passed to PocketBase per client (hub-client.ts).
 */
import type PocketBase from 'pocketbase';
import { type HotEvent, type HubUser, receives } from './hub-access.ts';
import { HubClient } from './hub-client.ts';
import { HOT_COLLECTIONS, type HotCollection } from './hub-topics.ts';

const KEEPALIVE_MS = 30_000;
/** chats whose assignee the hub remembers; the oldest tenth is forgotten past this (read again on need) */
const MAX_CHATS = 200_000;

export interface HubStats {
  clients: number;
  events: number;
  sent: number;
  chatLookups: number;
  /** keep-alive pings PocketBase sent back on the hub's own subscription */
  pings: number;
}

interface Upstream {
  collection: string;
  action: string;
  record: Record<string, unknown> & { id: string };
}

export class RealtimeHub {
  private readonly clients = new Map<string, HubClient>();
  /** chat id → assignee ('' = unassigned), as of the last chat event the hub passed on */
  private readonly assignees = new Map<string, string>();
  private hidden = new Map<string, Set<string>>();
  private queue: Upstream[] = [];
  private draining = false;
  private upstreamId: string | undefined;
  private offs: Array<() => Promise<void>> = [];
  private timer: NodeJS.Timeout | undefined;
  readonly stats: HubStats = { clients: 0, events: 0, sent: 0, chatLookups: 0, pings: 0 };

  constructor(
    /** a superuser client of its own: its realtime connection is the hub's one subscription */
    private readonly pb: PocketBase,
    private readonly pbUrl: () => string,
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    for (const name of HOT_COLLECTIONS) {
      const c = await this.pb.collections.getOne(name);
      const fields = (c.fields ?? []) as Array<{ name: string; hidden?: boolean }>;
      this.hidden.set(name, new Set(fields.filter((f) => f.hidden).map((f) => f.name)));
    }
    const rt = this.pb.realtime;
    this.offs.push(
      await rt.subscribe('PB_CONNECT', () => {
        // a new upstream connection: what happened while it was down never reached us, so every
        // browser reconnects (and resyncs, as it would after PocketBase itself restarted)
        // (the SDK may call this twice for one connection: the connection id tells them apart)
        const id = this.pb.realtime.clientId;
        this.upstreamId ??= id;
        if (id === this.upstreamId) return;
        this.upstreamId = id;
        this.assignees.clear();
        this.log('realtime hub reconnected to the store: clients reconnect', { clients: this.clients.size });
        for (const c of [...this.clients.values()]) c.close();
      }),
    );
    for (const collection of [...HOT_COLLECTIONS, 'users'])
      this.offs.push(
        await this.pb
          .collection(collection)
          .subscribe('*', (e: { action: string; record: Upstream['record'] }) =>
            this.push({ collection, action: e.action, record: e.record }),
          ),
      );
    // PocketBase (and undici) end a stream silent for 5 minutes: ping our own, or every browser would reconnect
    this.offs.push(
      await rt.subscribe('spunta_ping', () => {
        this.stats.pings++;
      }),
    );
    this.timer = setInterval(() => {
      for (const c of this.clients.values()) c.keepAlive();
      this.pb.send('/api/spunta/realtime-ping', { method: 'POST', requestKey: null }).catch(() => undefined);
    }, KEEPALIVE_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const c of [...this.clients.values()]) c.close();
    for (const off of this.offs.splice(0)) await off().catch(() => undefined);
  }

  /** A new browser stream (GET /api/realtime). */
  connect(): HubClient {
    const c = new HubClient(this.pbUrl(), (gone) => {
      this.clients.delete(gone.id);
      this.stats.clients = this.clients.size;
    });
    this.clients.set(c.id, c);
    this.stats.clients = this.clients.size;
    return c;
  }

  client(id: string): HubClient | undefined {
    return this.clients.get(id);
  }

  private push(e: Upstream): void {
    this.queue.push(e);
    if (!this.draining) void this.drain();
  }

  /** Events in the order PocketBase sent them; a message of a chat not yet known waits for its lookup. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        for (const e of batch) await this.handle(e);
      }
    } finally {
      this.draining = false;
    }
  }

  private async handle(e: Upstream): Promise<void> {
    if (e.collection === 'users') return this.userChanged(e);
    const collection = e.collection as HotCollection;
    let assignee: string;
    if (collection === 'conversations') {
      assignee = String(e.record.assignee ?? '');
      if (e.action === 'delete') this.assignees.delete(e.record.id);
      else this.remember(e.record.id, assignee);
    } else {
      const chat = String(e.record.conversation ?? '');
      const known = this.assignees.get(chat);
      assignee = known ?? (await this.lookup(chat));
    }
    this.stats.events++;
    const ev: HotEvent = { collection, action: e.action, record: e.record, assignee };
    let data: string | undefined;
    for (const c of this.clients.values()) {
      if (!c.hot.length) continue;
      for (const t of c.hot) {
        if (!receives(c.auth?.user, t, ev)) continue;
        data ??= JSON.stringify({ action: e.action, record: this.visible(collection, e.record) });
        c.send(t.raw, data);
        this.stats.sent++;
      }
    }
  }

  private visible(collection: string, record: Upstream['record']): Record<string, unknown> {
    const hidden = this.hidden.get(collection);
    if (!hidden?.size) return record;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (!hidden.has(k)) out[k] = v;
    return out;
  }

  private remember(chat: string, assignee: string): void {
    this.assignees.delete(chat);
    this.assignees.set(chat, assignee);
    if (this.assignees.size <= MAX_CHATS) return;
    let n = Math.floor(MAX_CHATS / 10);
    for (const k of this.assignees.keys()) {
      if (n-- <= 0) break;
      this.assignees.delete(k);
    }
  }

  /** The chat's assignee from the store (committed before the message event was sent). */
  private async lookup(chat: string): Promise<string> {
    this.stats.chatLookups++;
    try {
      const c = await this.pb.collection('conversations').getOne<{ assignee?: string }>(chat, { fields: 'assignee' });
      const assignee = c.assignee ?? '';
      // a chat event that overtook the lookup is newer: keep it
      if (!this.assignees.has(chat)) this.remember(chat, assignee);
      return this.assignees.get(chat) ?? assignee;
    } catch {
      // gone or unreadable: nobody but those who see every chat receives it (never more than the rule)
      return '\u0000unknown';
    }
  }

  /** A user's role, activity or see-unassigned changed: their streams follow at once (as PocketBase's do). */
  private userChanged(e: Upstream): void {
    for (const c of this.clients.values()) {
      if (c.auth?.user.id !== e.record.id) continue;
      if (e.action === 'delete') c.auth = { ...c.auth, user: { ...c.auth.user, active: false } };
      else c.auth = { ...c.auth, user: e.record as unknown as HubUser };
    }
  }
}
