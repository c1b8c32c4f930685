/**
 * bench:ingest's operator-like clients: each team member logs in through POST /api/auth/login and subscribes
 * through /pb with the PocketBase JS SDK (its own EventSource, the `eventsource` package) exactly as the PWA
 * does — `conversations '*'` and `user_notices '*'` (web/src/features/inbox/inbox.ts startRealtime) and its open
 * chat's `messages '*'` with `{ filter: conversation = {:id} }` (web/src/features/chat/chat.ts).
 *
 * A live inbound message carries its stage, sequence number and due time in its text (shape.ts marker), so
 * every client times webhook → realtime for every message it is shown: by the chat list (the chat's
 * last_message_preview) and, for its open chat, by the message itself. Operators see only their chats (and
 * no unassigned ones), managers and admins every chat.
 */
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import type { Role } from './store.ts';
import { epochNow, parseMarker } from './shape.ts';

(globalThis as { EventSource?: unknown }).EventSource = EventSource;

export interface StageSamples {
  /** first time this client was shown each message (list or open chat), ms after its due time */
  first: number[];
  /** the open chat's message events, ms after due */
  chat: number[];
}

export class Observer {
  readonly pb: PocketBase;
  private readonly stages = new Map<number, StageSamples>();
  private readonly seen = new Set<number>();
  private readonly seenInChat = new Set<number>();
  connects = 0;
  /** PB_CONNECTs until subscribe() returned (the hub sends more than one while subscribing) */
  connectsAtReady = 0;
  connectTimes: number[] = [];
  lastEventAt = 0;
  private offs: Array<() => Promise<void>> = [];

  constructor(
    url: string,
    readonly role: Role,
    readonly user: { id: string; email: string },
    token: string,
    readonly openChat: { id: string; waId: string },
  ) {
    this.pb = new PocketBase(`${url}/pb`);
    this.pb.autoCancellation(false);
    this.pb.authStore.save(token, { ...user, collectionName: 'users' } as never);
  }

  samples(stage: number): StageSamples {
    let s = this.stages.get(stage);
    if (!s) this.stages.set(stage, (s = { first: [], chat: [] }));
    return s;
  }

  private shown(text: unknown, inChat: boolean): void {
    const m = parseMarker(text);
    if (!m) return;
    const at = epochNow();
    this.lastEventAt = at;
    const s = this.samples(m.stage);
    if (inChat && !this.seenInChat.has(m.seq)) {
      this.seenInChat.add(m.seq);
      s.chat.push(at - m.due);
    }
    if (!this.seen.has(m.seq)) {
      this.seen.add(m.seq);
      s.first.push(at - m.due);
    }
  }

  async subscribe(): Promise<void> {
    const pb = this.pb;
    this.offs.push(
      await pb.realtime.subscribe('PB_CONNECT', () => {
        this.connects++;
        this.connectTimes.push(epochNow());
      }),
    );
    this.offs.push(
      await pb.collection('conversations').subscribe('*', (e) => {
        if (e.action !== 'delete') this.shown(e.record.last_message_preview, false);
      }),
    );
    this.offs.push(await pb.collection('user_notices').subscribe('*', () => undefined));
    this.offs.push(
      await pb.collection('messages').subscribe(
        '*',
        (e) => {
          if (e.action === 'create' && e.record.conversation === this.openChat.id) this.shown(e.record.preview, true);
        },
        { filter: pb.filter('conversation = {:id}', { id: this.openChat.id }) },
      ),
    );
    this.connectsAtReady = this.connects;
  }

  /** forgets which messages it saw (between runs of stages nothing is shared) */
  reset(): void {
    this.seen.clear();
    this.seenInChat.clear();
  }

  async stop(): Promise<void> {
    for (const off of this.offs) await off().catch(() => undefined);
    this.offs = [];
    this.pb.realtime.unsubscribe().catch(() => undefined);
  }
}

export async function login(url: string, email: string, password: string): Promise<{ token: string; id: string }> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  const b = (await r.json()) as { token: string; user: { id: string } };
  return { token: b.token, id: b.user.id };
}

/** How many of each role N clients are: a tenth admins, a fifth managers, the rest operators (20 → 14 / 4 / 2). */
export function roleMix(n: number): Record<Role, number> {
  const admin = Math.round(n / 10);
  const manager = Math.round(n / 5);
  return { operator: n - admin - manager, manager, admin };
}
