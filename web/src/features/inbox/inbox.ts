/**
 * The inbox singleton: the conversation list store fed by /api/v1/conversations, and the realtime
 * feed of conversation changes (PocketBase rules decide what each user receives). Other features
 * (the open chat) listen to the same feed instead of opening a second subscription.
 */
import { api, ApiError, qs } from '../../lib/api.ts';
import { pb, pbFilter } from '../../lib/pb.ts';
import { sinceFrom } from '../../lib/resync.ts';
import type { Conversation } from '../../lib/types.ts';
import { $session } from '../../stores/session.ts';
import { cachedConversations, isOffline, rememberConversation } from '../pwa/offline-cache.ts';
import {
  createConversationStore,
  matchesFilters,
  matchesText,
  type ConversationPage,
  type ListQuery,
} from './conversations.store.ts';

type ConversationListener = (action: 'create' | 'update' | 'delete', c: Conversation) => void;

/** "This chat left your sight" (user_notices): who it went to, and who did it. */
export interface Notice {
  id: string;
  kind: string;
  conversation: string;
  assignee?: string;
  actor?: string;
  created?: string;
}
type AccessLostListener = (conversationId: string, notice: Notice) => void;

export async function fetchConversations(query: ListQuery, page: number, perPage: number): Promise<ConversationPage> {
  const assignee = query.tab === 'mine' ? 'me' : query.tab === 'unassigned' ? 'unassigned' : undefined;
  try {
    return await api<ConversationPage>(
      `/api/v1/conversations${qs({ assignee, status: query.status, unread: query.tab === 'unread', q: query.q.trim(), number: query.number, page, perPage })}`,
    );
  } catch (err) {
    // no connection: the chats copied to this device, filtered the same way
    if (!isOffline(err)) throw err;
    const me = $session.get()?.user.id ?? '';
    return cachedConversations((c) => matchesFilters(c, query, me) && matchesText(c, query.q), page, perPage);
  }
}

export const conversations = createConversationStore({
  fetchPage: fetchConversations,
  fetchChanges: (since) => api<ConversationPage>(`/api/v1/conversations${qs({ updated_since: since, perPage: 200 })}`),
  meId: () => $session.get()?.user.id ?? '',
  perPage: 50,
});

const listeners = new Set<ConversationListener>();
const resyncListeners = new Set<() => void>();
const lostListeners = new Set<AccessLostListener>();
let stop: (() => void) | undefined;
/** false when the app started without a connection: nothing is subscribed, so nothing reconnects by itself */
let subscribed = false;

export function onConversationEvent(fn: ConversationListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Called after every (re)subscription or return to the foreground: events may have been missed. */
export function onResync(fn: () => void): () => void {
  resyncListeners.add(fn);
  return () => resyncListeners.delete(fn);
}

/** A chat this user can no longer see (reassigned away): realtime goes silent about it. */
export function onAccessLost(fn: AccessLostListener): () => void {
  lostListeners.add(fn);
  return () => lostListeners.delete(fn);
}

const emit = (action: 'create' | 'update' | 'delete', c: Conversation) => {
  for (const fn of listeners) fn(action, c);
};

const applied = new Set<string>();

/** A chat reassigned away from an operator: still visible (back to unassigned) or gone from their inbox. */
async function applyNotice(n: Notice): Promise<void> {
  if (n.kind !== 'unassigned' || applied.has(n.id)) return;
  applied.add(n.id);
  // admins, managers and viewers see every chat: realtime keeps telling them
  if ($session.get()?.user.role !== 'operator') return;
  try {
    const c = await api<Conversation>(`/api/v1/conversations/${n.conversation}`);
    conversations.upsert(c);
    emit('update', c);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 403)) {
      applied.delete(n.id); // offline or a server error: the next resync tries again
      return;
    }
    conversations.remove(n.conversation);
    for (const fn of lostListeners) fn(n.conversation, n);
  }
}

let resyncing: Promise<void> | undefined;
let resyncAgain = false;

/**
 * Catch up with everything realtime may have missed: the chats changed since the last read, the
 * notices about chats taken away, then the open chat (its own listener). Calls while one runs are
 * folded into one more round.
 */
export function resync(): Promise<void> {
  if (resyncing) {
    resyncAgain = true;
    return resyncing;
  }
  resyncing = (async () => {
    do {
      resyncAgain = false;
      const since = conversations.syncedAt();
      const changed = await conversations.resync().catch(() => [] as Conversation[]);
      for (const c of changed) {
        void rememberConversation(c);
        emit('update', c);
      }
      if (since) {
        const notices = await pb
          .collection('user_notices')
          .getFullList<Notice>({ filter: pbFilter('created >= {:t}', { t: sinceFrom(since) }), sort: 'created' })
          .catch(() => [] as Notice[]);
        for (const n of notices) await applyNotice(n);
      }
      for (const fn of resyncListeners) fn();
    } while (resyncAgain);
  })().finally(() => {
    resyncing = undefined;
  });
  return resyncing;
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
      // fired by the SDK once the subscriptions are submitted again after a reconnect
      await pb.realtime.subscribe('PB_CONNECT', () => {
        connects++;
        if (connects > 1 && active) void resync();
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
        emit(e.action as 'create' | 'update' | 'delete', e.record);
      }),
    );
    offs.push(
      await pb.collection('user_notices').subscribe<Notice>('*', (e) => {
        if (active && e.action === 'create') void applyNotice(e.record);
      }),
    );
    if (!active) return;
    subscribed = true;
    // the list (and an open chat) may have been read before the subscriptions became active
    void resync();
  } catch {
    // realtime unavailable (offline): subscribed again when the connection comes back
    subscribed = false;
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    if (!$session.get()) return;
    void (subscribed ? resync() : startRealtime());
  });
  // a phone freezes a page in the background and its event stream may have died meanwhile
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && subscribed && $session.get()) void resync();
  });
}

export function stopRealtime(): void {
  stop?.();
  stop = undefined;
  subscribed = false;
}
