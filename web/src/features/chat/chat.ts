/**
 * The open chat: its conversation record and messages (REST first, then realtime for this chat
 * only), "mark read" while it is on screen, and the chat actions (assign, close, retry, notes).
 */
import { atom } from 'nanostores';
import { api, ApiError, qs } from '../../lib/api.ts';
import { pb, pbFilter } from '../../lib/pb.ts';
import type { Conversation, Message } from '../../lib/types.ts';
import { $session, can } from '../../stores/session.ts';
import { outbox } from '../composer/outbox.ts';
import { conversations, onAccessLost, onConversationEvent, onResync } from '../inbox/inbox.ts';
import { cachedConversation, cachedMessages, isOffline, rememberMessages } from '../pwa/offline-cache.ts';
import { createMessagesStore, type MessagesPage } from './messages.store.ts';

const PAGE = 50;

export const messages = createMessagesStore({
  async fetch(id, { before, since } = {}) {
    try {
      const query = qs({
        before_created: before?.created,
        before_id: before?.id,
        updated_since: since,
        limit: since ? 200 : PAGE,
      });
      const res = await api<MessagesPage>(`/api/v1/conversations/${id}/messages${query}`);
      void rememberMessages(res.items);
      return res;
    } catch (err) {
      if (!isOffline(err)) throw err;
      if (since) throw err;
      return cachedMessages(id, before, PAGE);
    }
  },
});

async function fetchConversation(id: string): Promise<Conversation> {
  try {
    return await api<Conversation>(`/api/v1/conversations/${id}`);
  } catch (err) {
    const cached = isOffline(err) ? await cachedConversation(id) : undefined;
    if (cached) return cached;
    throw err;
  }
}

export const $conversation = atom<Conversation | null>(null);
export const $chatStatus = atom<'idle' | 'loading' | 'ready' | 'notfound' | 'error'>('idle');
/**
 * The open chat was reassigned away from this operator while on screen: they can no longer read it on
 * the server, so it stays as it was, read-only, with who took it (the server's notice says).
 */
export const $chatLost = atom<{ assignee: string; actor: string } | null>(null);

let currentId = '';
let cleanup: Array<() => void> = [];

function setConversation(c: Conversation): void {
  const cur = $conversation.get();
  if (cur && cur.id === c.id && cur.updated && c.updated && c.updated < cur.updated) return;
  $conversation.set(cur && cur.id === c.id ? { ...cur, ...c } : c);
  conversations.upsert(c);
}

const focused = () => typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();

let marking = false;

/** Unread to zero (and mark-as-read on WhatsApp) when the chat is actually being looked at. */
export async function markRead(force = false): Promise<void> {
  const c = $conversation.get();
  const user = $session.get()?.user;
  if (!c || !user || !can.do(user, 'conversation.mark_read') || marking) return;
  if (!force && (!focused() || c.unread_count === 0)) return;
  marking = true;
  try {
    setConversation(await api<Conversation>(`/api/v1/conversations/${c.id}/read`, { method: 'POST' }));
  } catch {
    /* retried on the next focus or message */
  } finally {
    marking = false;
  }
}

export async function openChat(id: string): Promise<void> {
  if (id === currentId) return;
  closeChat();
  currentId = id;
  // a copy: the chat view reconciles later versions into this object in place, and it belongs to the list
  const listed = conversations.get(id);
  $conversation.set(listed ? { ...listed } : null);
  $chatStatus.set('loading');
  const offs: Array<() => void> = [];
  cleanup = offs;

  offs.push(
    onConversationEvent((action, c) => {
      if (c.id !== currentId) return;
      if (action === 'delete') return $chatStatus.set('notfound');
      if ($chatLost.get()) {
        // visible again (assigned back): catch up with what happened meanwhile
        $chatLost.set(null);
        void messages.resync();
      }
      setConversation(c);
      // a customer message arrived while the chat is on screen
      if (c.unread_count > 0 && $chatStatus.get() === 'ready') void markRead();
    }),
  );
  offs.push(
    onAccessLost((convId, n) => {
      if (convId !== currentId) return;
      const cur = $conversation.get();
      if (cur) $conversation.set({ ...cur, assignee: n.assignee ?? '', assigned_by: n.actor ?? '' });
      $chatLost.set({ assignee: n.assignee ?? '', actor: n.actor ?? '' });
    }),
  );
  let unsub: (() => Promise<void>) | undefined;
  let closed = false;
  offs.push(() => {
    closed = true;
    void unsub?.().catch(() => undefined);
  });
  const subscribe = () =>
    pb
      .collection('messages')
      .subscribe<Message>(
        '*',
        (e) => {
          if (e.record.conversation !== currentId) return;
          if (e.action === 'delete') return messages.remove(e.record.id);
          messages.upsert(e.record);
          void rememberMessages([e.record]);
          outbox.settle(e.record);
        },
        { filter: pbFilter('conversation = {:id}', { id }) },
      )
      .then((off) => {
        if (closed) return void off().catch(() => undefined);
        unsub = off;
        // the first page may have been read before the subscription was active
        void messages.resync();
      })
      .catch(() => undefined); // offline: subscribed again on the next resync
  offs.push(
    onResync(() => {
      if (!unsub) void subscribe();
      void messages.resync();
      if ($chatLost.get()) return; // no longer readable: keep what is on screen
      fetchConversation(id).then(
        (c) => currentId === id && setConversation(c),
        () => undefined,
      );
    }),
  );
  void subscribe();

  const onFocus = () => void markRead();
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onFocus);
  offs.push(() => {
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onFocus);
  });

  const [conv] = await Promise.allSettled([fetchConversation(id), messages.open(id)]);
  if (currentId !== id) return;
  if (conv.status === 'fulfilled') {
    setConversation(conv.value);
    $chatStatus.set('ready');
    void markRead(conv.value.unread_count > 0 && focused());
  } else {
    const err = conv.reason as ApiError;
    $chatStatus.set(err instanceof ApiError && (err.status === 404 || err.status === 403) ? 'notfound' : 'error');
    if (err instanceof ApiError && err.status === 404) conversations.remove(id);
  }
}

export function closeChat(): void {
  for (const off of cleanup) off();
  cleanup = [];
  currentId = '';
  messages.close();
  $chatLost.set(null);
  $conversation.set(null);
  $chatStatus.set('idle');
}

// ---- actions -------------------------------------------------------------------------------

export async function assign(assignee: string | null): Promise<void> {
  const c = $conversation.get();
  if (!c) return;
  setConversation(await api<Conversation>(`/api/v1/conversations/${c.id}/assign`, { body: { assignee } }));
}

export async function setStatus(status: 'open' | 'closed'): Promise<void> {
  const c = $conversation.get();
  if (!c) return;
  setConversation(await api<Conversation>(`/api/v1/conversations/${c.id}/status`, { body: { status } }));
}

export async function retryMessage(id: string): Promise<void> {
  const { message } = await api<{ message: Message }>(`/api/v1/messages/${id}/retry`, { method: 'POST' });
  messages.upsert(message);
}

export async function addNote(text: string, mentions: string[]): Promise<void> {
  const c = $conversation.get();
  if (!c) return;
  const { message } = await api<{ message: Message }>(`/api/v1/conversations/${c.id}/notes`, {
    body: { text, ...(mentions.length ? { mentions } : {}) },
  });
  messages.upsert(message);
}

/** Every accepted send shows up in the open chat at once (realtime may lag behind the response). */
outbox.onAccepted((m) => messages.upsert(m));
