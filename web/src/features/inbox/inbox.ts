/**
 * The inbox singleton: the conversation list store fed by /api/v1/conversations, and the realtime
 * feed of conversation changes (PocketBase rules decide what each user receives). Other features
 * (the open chat) listen to the same feed instead of opening a second subscription.
 */
import { api, qs } from '../../lib/api.ts';
import { pb } from '../../lib/pb.ts';
import type { Conversation, Page } from '../../lib/types.ts';
import { $session } from '../../stores/session.ts';
import { cachedConversations, isOffline, rememberConversation } from '../pwa/offline-cache.ts';
import { createConversationStore, matchesFilters, matchesText, type ListQuery } from './conversations.store.ts';

type ConversationListener = (action: 'create' | 'update' | 'delete', c: Conversation) => void;

export async function fetchConversations(query: ListQuery, page: number, perPage: number): Promise<Page<Conversation>> {
  const assignee = query.tab === 'mine' ? 'me' : query.tab === 'unassigned' ? 'unassigned' : undefined;
  try {
    return await api<Page<Conversation>>(`/api/v1/conversations${qs({ assignee, status: query.status, unread: query.tab === 'unread', q: query.q.trim(), number: query.number, page, perPage })}`);
  } catch (err) {
    // no connection: the chats copied to this device, filtered the same way
    if (!isOffline(err)) throw err;
    const me = $session.get()?.user.id ?? '';
    return cachedConversations((c) => matchesFilters(c, query, me) && matchesText(c, query.q), page, perPage);
  }
}

export const conversations = createConversationStore({
  fetchPage: fetchConversations,
  meId: () => $session.get()?.user.id ?? '',
  perPage: 50,
});

const listeners = new Set<ConversationListener>();
const reconnectListeners = new Set<() => void>();
let stop: (() => void) | undefined;
/** false when the app started without a connection: nothing is subscribed, so nothing reconnects by itself */
let subscribed = false;

export function onConversationEvent(fn: ConversationListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Called after the realtime connection came back: events may have been missed. */
export function onReconnect(fn: () => void): () => void {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

export async function startRealtime(): Promise<void> {
  stopRealtime();
  let connects = 0;
  let active = true;
  const offs: Array<() => Promise<void>> = [];
  stop = () => {
    active = false;
    for (const off of offs) void off().catch(() => undefined);
  };
  try {
    offs.push(
      await pb.realtime.subscribe('PB_CONNECT', () => {
        connects++;
        if (connects > 1 && active) {
          void conversations.reload();
          for (const fn of reconnectListeners) fn();
        }
      }),
    );
    offs.push(
      await pb.collection('conversations').subscribe<Conversation>('*', (e) => {
        if (!active) return;
        if (e.action === 'delete') conversations.remove(e.record.id);
        else {
          conversations.upsert(e.record);
          void rememberConversation(e.record);
        }
        for (const fn of listeners) fn(e.action as 'create' | 'update' | 'delete', e.record);
      }),
    );
    // a chat reassigned away from me: realtime goes silent about it, the server leaves me a notice
    offs.push(
      await pb.collection('user_notices').subscribe<{ kind: string; conversation: string }>('*', (e) => {
        if (!active || e.action !== 'create' || e.record.kind !== 'unassigned') return;
        const gone = conversations.get(e.record.conversation);
        if ($session.get()?.user.role !== 'operator' || !gone) return;
        // operators who may see unassigned chats still see it if it went back to unassigned; others lose it
        void api<Conversation>(`/api/v1/conversations/${gone.id}`).then(
          (c) => conversations.upsert(c),
          () => {
            conversations.remove(gone.id);
            for (const fn of listeners) fn('delete', gone);
          },
        );
      }),
    );
    subscribed = true;
  } catch {
    // realtime unavailable (offline): subscribed again when the connection comes back
    subscribed = false;
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    if (subscribed || !$session.get()) return;
    void startRealtime().then(() => {
      if (!subscribed) return;
      void conversations.reload();
      for (const fn of reconnectListeners) fn();
    });
  });
}

export function stopRealtime(): void {
  stop?.();
  stop = undefined;
  subscribed = false;
}
