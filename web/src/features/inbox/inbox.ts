/**
 * The inbox singleton: the conversation list store fed by /api/v1/conversations, and the realtime
 * feed of conversation changes (PocketBase rules decide what each user receives). Other features
 * (the open chat) listen to the same feed instead of opening a second subscription.
 */
import { api, qs } from '../../lib/api.ts';
import { pb } from '../../lib/pb.ts';
import type { Conversation, Page } from '../../lib/types.ts';
import { $session } from '../../stores/session.ts';
import { createConversationStore, type ListQuery } from './conversations.store.ts';

type ConversationListener = (action: 'create' | 'update' | 'delete', c: Conversation) => void;

export function fetchConversations(query: ListQuery, page: number, perPage: number): Promise<Page<Conversation>> {
  const assignee = query.tab === 'mine' ? 'me' : query.tab === 'unassigned' ? 'unassigned' : undefined;
  return api<Page<Conversation>>(`/api/v1/conversations${qs({ assignee, status: query.status, unread: query.tab === 'unread', q: query.q.trim(), page, perPage })}`);
}

export const conversations = createConversationStore({
  fetchPage: fetchConversations,
  meId: () => $session.get()?.user.id ?? '',
  perPage: 50,
});

const listeners = new Set<ConversationListener>();
const reconnectListeners = new Set<() => void>();
let stop: (() => void) | undefined;

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
        else conversations.upsert(e.record);
        for (const fn of listeners) fn(e.action as 'create' | 'update' | 'delete', e.record);
      }),
    );
  } catch {
    // realtime unavailable (offline): the SDK reconnects by itself once a subscription exists
  }
}

export function stopRealtime(): void {
  stop?.();
  stop = undefined;
}
