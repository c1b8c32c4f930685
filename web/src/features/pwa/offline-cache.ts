/**
 * Offline reading: the recent conversations and their last messages are copied to the device
 * (IndexedDB, shared with the service worker) and kept fresh while online; when the network is gone
 * the list and the chats are read from there. Limits are configurable (localStorage `spunta.offline`).
 */
import { atom } from 'nanostores';
import { offlineDb } from '../../../../sw/offline-db.ts';
import { api, qs } from '../../lib/api.ts';
import { readJson } from '../../lib/storage.ts';
import type { Conversation, Message, Page, TeamMember } from '../../lib/types.ts';

export const OFFLINE_LIMITS = {
  chats: 50,
  messages: 100,
  ...readJson<{ chats?: number; messages?: number }>('offline', {}),
};
const RESYNC_MS = 5 * 60_000;

/** When the device copy was last refreshed (ms), or null if never. */
export const $lastSync = atom<number | null>(null);

let syncing: Promise<void> | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

async function loadLastSync(): Promise<void> {
  const v = (await (await offlineDb()).get('meta', 'lastSync')) as number | undefined;
  if (v) $lastSync.set(v);
}

/** Copies the most recent chats and their last messages to the device. */
export function syncRecent(): Promise<void> {
  syncing ??= (async () => {
    try {
      const page = await api<Page<Conversation>>(
        `/api/v1/conversations${qs({ perPage: OFFLINE_LIMITS.chats, page: 1 })}`,
      );
      const db = await offlineDb();
      const keep = new Set(page.items.map((c) => c.id));
      const tx = db.transaction('conversations', 'readwrite');
      for (const key of await tx.store.getAllKeys()) if (!keep.has(key)) await tx.store.delete(key);
      for (const c of page.items) await tx.store.put(c as never);
      await tx.done;
      // a few chats at a time: enough to finish quickly without starving the live app
      const queue = [...page.items];
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) {
            const res = await api<{ items: Message[] }>(
              `/api/v1/conversations/${c.id}/messages${qs({ limit: OFFLINE_LIMITS.messages })}`,
            );
            await replaceMessages(c.id, res.items);
          }
        }),
      );
      await pruneMessages(keep);
      const now = Date.now();
      await db.put('meta', now, 'lastSync');
      $lastSync.set(now);
      // observable state for tests and tooling: the device copy is complete and no sync is running
      document.documentElement.dataset.offlineSynced = String(now);
    } catch {
      /* offline or signed out: the copy stays as it was */
    } finally {
      syncing = undefined;
    }
  })();
  return syncing;
}

async function replaceMessages(conversationId: string, items: Message[]): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction('messages', 'readwrite');
  const range = IDBKeyRange.bound([conversationId, ''], [conversationId, '\uffff']);
  for (const key of await tx.store.index('byConversation').getAllKeys(range)) await tx.store.delete(key);
  for (const m of items) await tx.store.put(m as never);
  await tx.done;
}

async function pruneMessages(keep: Set<string>): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction('messages', 'readwrite');
  for (let cur = await tx.store.openCursor(); cur; cur = await cur.continue()) {
    if (!keep.has((cur.value as { conversation: string }).conversation)) await cur.delete();
  }
  await tx.done;
}

/** Live changes seen while online keep the device copy fresh between syncs. */
export async function rememberConversation(c: Conversation): Promise<void> {
  await (await offlineDb()).put('conversations', c as never).catch(() => undefined);
}

export async function rememberMessages(items: Message[]): Promise<void> {
  if (!items.length) return;
  const db = await offlineDb();
  const tx = db.transaction('messages', 'readwrite');
  for (const m of items) if (!m.id.startsWith('pending-')) await tx.store.put(m as never);
  await tx.done.catch(() => undefined);
}

export async function rememberTeam(team: TeamMember[]): Promise<void> {
  await (await offlineDb()).put('meta', team, 'team').catch(() => undefined);
}

export async function cachedTeam(): Promise<TeamMember[]> {
  return ((await (await offlineDb()).get('meta', 'team')) as TeamMember[] | undefined) ?? [];
}

export async function cachedConversations(
  filter: (c: Conversation) => boolean,
  page: number,
  perPage: number,
): Promise<Page<Conversation>> {
  const all = ((await (await offlineDb()).getAll('conversations')) as unknown as Conversation[])
    .filter(filter)
    .sort((a, b) => (b.last_message_at || '').localeCompare(a.last_message_at || ''));
  return {
    page,
    perPage,
    totalItems: all.length,
    totalPages: Math.max(1, Math.ceil(all.length / perPage)),
    items: all.slice((page - 1) * perPage, page * perPage),
  };
}

export async function cachedConversation(id: string): Promise<Conversation | undefined> {
  return (await (await offlineDb()).get('conversations', id)) as unknown as Conversation | undefined;
}

export async function cachedMessages(
  conversationId: string,
  before: { created: string; id: string } | undefined,
  limit: number,
): Promise<{ items: Message[]; has_more: boolean }> {
  const range = IDBKeyRange.bound([conversationId, ''], [conversationId, '\uffff']);
  // paged by arrival (created, id) like the server: nothing is skipped, the latest page is the latest to arrive
  const key = (m: Message) => m.created ?? m.timestamp;
  const all = ((await (await offlineDb()).getAllFromIndex('messages', 'byConversation', range)) as unknown as Message[])
    .filter((m) => !before || key(m) < before.created || (key(m) === before.created && m.id < before.id))
    .sort((a, b) => (key(a) === key(b) ? (a.id < b.id ? -1 : 1) : key(a) < key(b) ? -1 : 1));
  return { items: all.slice(-limit), has_more: all.length > limit };
}

/** Starts the periodic refresh (and one now); stopped on sign-out. */
export function startOfflineSync(): void {
  stopOfflineSync();
  void loadLastSync();
  void syncRecent();
  timer = setInterval(() => {
    if (navigator.onLine) void syncRecent();
  }, RESYNC_MS);
  window.addEventListener('online', onOnline);
}

function onOnline(): void {
  void syncRecent();
}

export function stopOfflineSync(): void {
  clearInterval(timer);
  window.removeEventListener('online', onOnline);
}

/** A network failure (no connection), as opposed to an answer from the server. */
export const isOffline = (err: unknown) => (err as { status?: number } | undefined)?.status === 0;
