/**
 * The messages of the open chat: the latest page first, older pages on demand (infinite scroll up),
 * live inserts and status changes from realtime, and a resync of what changed while realtime may
 * have been deaf (reconnect, back to the foreground). Stale realtime copies never overwrite fresher ones.
 */
import { atom } from 'nanostores';
import { sinceFrom } from '../../lib/resync.ts';
import type { Message } from '../../lib/types.ts';
import { compareMessages } from './timeline.ts';

/**
 * Where the next older page starts. The server pages by arrival (created, then id): WhatsApp stamps
 * inbound messages in whole seconds, so a burst shares one timestamp and only arrival orders it — the
 * first page is then the latest 50 to arrive, never a random 50 of one second. The screen still shows
 * them in conversation order (timeline.ts).
 */
export interface Cursor {
  created: string;
  id: string;
}

const keyOf = (m: Message): Cursor => ({ created: m.created ?? m.timestamp, id: m.id });
const isBefore = (m: Cursor, c: Cursor) => m.created < c.created || (m.created === c.created && m.id < c.id);

export interface MessagesState {
  conversationId: string;
  messages: Message[];
  hasMore: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: string | null;
}

export interface MessagesPage {
  items: Message[];
  has_more: boolean;
  /** server time the page was read at: what changed after it is fetched by a resync */
  synced_at?: string;
}

export interface MessagesDeps {
  fetch(conversationId: string, opts?: { before?: Cursor; since?: string }): Promise<MessagesPage>;
}

/**
 * A new empty state every time, never a shared constant: `useStore` (@nanostores/solid) reconciles
 * each new value into the object it was first given, in place — a shared "empty" object (and its
 * `messages` array) would fill up with one chat's messages and be spread into the next chat.
 */
const emptyState = (conversationId = ''): MessagesState => ({
  conversationId,
  messages: [],
  hasMore: false,
  loading: false,
  loadingOlder: false,
  error: null,
});

/** The oldest of a page in the server's order (created, then id). */
export function oldestOf(items: Message[]): Cursor | null {
  let min: Cursor | null = null;
  for (const m of items) {
    const k = keyOf(m);
    if (!min || isBefore(k, min)) min = k;
  }
  return min;
}

export function createMessagesStore(deps: MessagesDeps) {
  const $messages = atom<MessagesState>(emptyState());
  // per open chat, outside the atom (nothing on screen depends on them)
  let cursor: Cursor | null = null;
  let syncedAt = '';
  // a resync asked for while the first page was loading: that page may predate the subscription
  let resyncPending = false;

  function merge(into: Message[], incoming: Message[]): Message[] {
    const byId = new Map(into.map((m) => [m.id, m]));
    for (const m of incoming) {
      const cur = byId.get(m.id);
      if (cur && cur.updated && m.updated && m.updated < cur.updated) continue;
      byId.set(m.id, cur ? { ...cur, ...m } : m);
    }
    return [...byId.values()].sort(compareMessages);
  }

  const older = (a: Cursor | null, b: Cursor | null) => (!a ? b : !b ? a : isBefore(a, b) ? a : b);

  async function open(conversationId: string): Promise<void> {
    cursor = null;
    syncedAt = '';
    resyncPending = false;
    $messages.set({ ...emptyState(conversationId), loading: true });
    try {
      const res = await deps.fetch(conversationId);
      const s = $messages.get();
      if (s.conversationId !== conversationId) return;
      cursor = oldestOf(res.items);
      syncedAt = res.synced_at ?? '';
      // realtime may have delivered some already: merge rather than replace
      $messages.set({ ...s, messages: merge(s.messages, res.items), hasMore: res.has_more, loading: false });
    } catch (err) {
      if ($messages.get().conversationId === conversationId)
        $messages.set({ ...$messages.get(), loading: false, error: (err as Error).message });
    }
    if (resyncPending && $messages.get().conversationId === conversationId) {
      resyncPending = false;
      await resync();
    }
  }

  /**
   * Catch up after realtime may have missed events: what changed in this chat since the last read,
   * merged in place (older pages stay). Without a known last read, or when too much changed, it
   * starts again from the latest page.
   */
  async function resync(): Promise<void> {
    const s = $messages.get();
    const id = s.conversationId;
    if (!id) return;
    if (s.loading) {
      resyncPending = true;
      return;
    }
    if (!syncedAt || s.error) return open(id);
    try {
      const res = await deps.fetch(id, { since: sinceFrom(syncedAt) });
      const now = $messages.get();
      if (now.conversationId !== id) return;
      if (res.has_more) return open(id);
      if (res.synced_at) syncedAt = res.synced_at;
      // changes to what is loaded, and anything newer; older history stays for paging to bring
      const loaded = new Set(now.messages.map((m) => m.id));
      const wanted = res.items.filter((m) => loaded.has(m.id) || !cursor || !isBefore(keyOf(m), cursor));
      $messages.set({ ...now, messages: merge(now.messages, wanted) });
    } catch {
      // offline: the next reconnect resyncs again
    }
  }

  return {
    $messages,
    open,

    async loadOlder(): Promise<boolean> {
      const s = $messages.get();
      const before = cursor;
      if (!s.hasMore || s.loadingOlder || s.loading || !before) return false;
      $messages.set({ ...s, loadingOlder: true });
      try {
        const res = await deps.fetch(s.conversationId, { before });
        const now = $messages.get();
        if (now.conversationId !== s.conversationId) return false;
        cursor = older(cursor, oldestOf(res.items));
        $messages.set({ ...now, messages: merge(now.messages, res.items), hasMore: res.has_more, loadingOlder: false });
        return res.items.length > 0;
      } catch (err) {
        if ($messages.get().conversationId === s.conversationId)
          $messages.set({ ...$messages.get(), loadingOlder: false, error: (err as Error).message });
        return false;
      }
    },

    resync,

    upsert(m: Message): void {
      const s = $messages.get();
      if (m.conversation !== s.conversationId) return;
      $messages.set({ ...s, messages: merge(s.messages, [m]) });
    },

    remove(id: string): void {
      const s = $messages.get();
      $messages.set({ ...s, messages: s.messages.filter((m) => m.id !== id) });
    },

    close(): void {
      cursor = null;
      syncedAt = '';
      resyncPending = false;
      $messages.set(emptyState());
    },
  };
}

export type MessagesStore = ReturnType<typeof createMessagesStore>;
