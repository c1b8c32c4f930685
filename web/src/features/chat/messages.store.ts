/**
 * The messages of the open chat: the latest page first, older pages on demand (infinite scroll up),
 * live inserts and status changes from realtime. Stale realtime copies never overwrite fresher ones.
 */
import { atom } from 'nanostores';
import type { Message } from '../../lib/types.ts';
import { compareMessages } from './timeline.ts';

export interface MessagesState {
  conversationId: string;
  messages: Message[];
  hasMore: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: string | null;
}

export interface MessagesDeps {
  fetch(conversationId: string, before?: string): Promise<{ items: Message[]; has_more: boolean }>;
}

const EMPTY: MessagesState = { conversationId: '', messages: [], hasMore: false, loading: false, loadingOlder: false, error: null };

export function createMessagesStore(deps: MessagesDeps) {
  const $messages = atom<MessagesState>(EMPTY);

  function merge(into: Message[], incoming: Message[]): Message[] {
    const byId = new Map(into.map((m) => [m.id, m]));
    for (const m of incoming) {
      const cur = byId.get(m.id);
      if (cur && cur.updated && m.updated && m.updated < cur.updated) continue;
      byId.set(m.id, cur ? { ...cur, ...m } : m);
    }
    return [...byId.values()].sort(compareMessages);
  }

  return {
    $messages,

    async open(conversationId: string): Promise<void> {
      $messages.set({ ...EMPTY, conversationId, loading: true });
      try {
        const res = await deps.fetch(conversationId);
        const s = $messages.get();
        if (s.conversationId !== conversationId) return;
        // realtime may have delivered some already: merge rather than replace
        $messages.set({ ...s, messages: merge(s.messages, res.items), hasMore: res.has_more, loading: false });
      } catch (err) {
        if ($messages.get().conversationId === conversationId) $messages.set({ ...$messages.get(), loading: false, error: (err as Error).message });
      }
    },

    async loadOlder(): Promise<boolean> {
      const s = $messages.get();
      const oldest = s.messages[0];
      if (!s.hasMore || s.loadingOlder || s.loading || !oldest) return false;
      $messages.set({ ...s, loadingOlder: true });
      try {
        const res = await deps.fetch(s.conversationId, oldest.timestamp);
        const now = $messages.get();
        if (now.conversationId !== s.conversationId) return false;
        $messages.set({ ...now, messages: merge(now.messages, res.items), hasMore: res.has_more, loadingOlder: false });
        return res.items.length > 0;
      } catch (err) {
        $messages.set({ ...$messages.get(), loadingOlder: false, error: (err as Error).message });
        return false;
      }
    },

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
      $messages.set(EMPTY);
    },
  };
}

export type MessagesStore = ReturnType<typeof createMessagesStore>;
