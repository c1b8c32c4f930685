/**
 * The device's offline store, shared by the page and the service worker (IndexedDB via idb):
 *  - conversations / messages: what was last seen online, so the app opens and reads offline
 *  - outbox: replies written offline, sent exactly once when the connection returns
 *  - meta: the session the worker needs to send the outbox, and the time of the last sync
 * Signing out deletes the whole database.
 */
import { openDB, deleteDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'spunta';

export interface OutboxItem {
  /** client id, also the Idempotency-Key: the server creates at most one message for it */
  clientId: string;
  conversationId: string;
  to: string;
  body: Record<string, unknown>;
  preview: string;
  createdAt: number;
  state: 'pending' | 'sending' | 'failed';
  error?: { code: string; message: string };
  attempts: number;
}

export interface CachedRecord {
  id: string;
  [k: string]: unknown;
}

interface SpuntaDB extends DBSchema {
  conversations: { key: string; value: CachedRecord & { last_message_at: string } };
  messages: { key: string; value: CachedRecord & { conversation: string; timestamp: string }; indexes: { byConversation: [string, string] } };
  outbox: { key: string; value: OutboxItem; indexes: { byConversation: string } };
  meta: { key: string; value: unknown };
}

let dbPromise: Promise<IDBPDatabase<SpuntaDB>> | undefined;

export function offlineDb(): Promise<IDBPDatabase<SpuntaDB>> {
  dbPromise ??= openDB<SpuntaDB>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('conversations', { keyPath: 'id' });
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('byConversation', ['conversation', 'timestamp']);
      const outbox = db.createObjectStore('outbox', { keyPath: 'clientId' });
      outbox.createIndex('byConversation', 'conversationId');
      db.createObjectStore('meta');
    },
  });
  return dbPromise;
}

export async function clearOfflineData(): Promise<void> {
  const db = await dbPromise?.catch(() => undefined);
  db?.close();
  dbPromise = undefined;
  await deleteDB(DB_NAME);
}

export interface StoredSession {
  token: string;
  userId: string;
}

export async function saveSession(s: StoredSession | null): Promise<void> {
  const db = await offlineDb();
  if (s) await db.put('meta', s, 'session');
  else await db.delete('meta', 'session');
}

export async function loadSession(): Promise<StoredSession | undefined> {
  return (await (await offlineDb()).get('meta', 'session')) as StoredSession | undefined;
}

export const OUTBOX_SYNC_TAG = 'spunta-outbox';

export type OutboxResult = { clientId: string; outcome: 'sent' | 'failed' | 'retry'; message?: unknown; error?: { code: string; message: string } };

/**
 * Sends every pending outbox item, oldest first. Used by the worker's Background Sync and by the page
 * on reconnect — whichever runs first; the Idempotency-Key makes the other a harmless replay.
 */
export async function flushOutbox(origin: string, fetchImpl: typeof fetch = fetch): Promise<OutboxResult[]> {
  const db = await offlineDb();
  const session = await loadSession();
  if (!session) return [];
  const items = (await db.getAll('outbox')).filter((i) => i.state !== 'failed').sort((a, b) => a.createdAt - b.createdAt);
  const results: OutboxResult[] = [];
  for (const item of items) {
    await db.put('outbox', { ...item, state: 'sending', attempts: item.attempts + 1 });
    let res: Response;
    try {
      res = await fetchImpl(`${origin}/api/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}`, 'idempotency-key': item.clientId },
        body: JSON.stringify(item.body),
      });
    } catch {
      await db.put('outbox', { ...item, state: 'pending', attempts: item.attempts + 1 });
      results.push({ clientId: item.clientId, outcome: 'retry' });
      break; // still offline: keep order, try again later
    }
    const json = (await res.json().catch(() => ({}))) as { message?: unknown; error?: { code: string; message: string } };
    if (res.ok) {
      await db.delete('outbox', item.clientId);
      results.push({ clientId: item.clientId, outcome: 'sent', message: json.message });
    } else if (res.status === 401 || res.status >= 500 || res.status === 429) {
      // Signed out or server trouble: keep it for the next attempt.
      await db.put('outbox', { ...item, state: 'pending', attempts: item.attempts + 1 });
      results.push({ clientId: item.clientId, outcome: 'retry' });
      break;
    } else {
      const error = json.error ?? { code: `http_${res.status}`, message: res.statusText };
      await db.put('outbox', { ...item, state: 'failed', error, attempts: item.attempts + 1 });
      results.push({ clientId: item.clientId, outcome: 'failed', error });
    }
  }
  return results;
}
